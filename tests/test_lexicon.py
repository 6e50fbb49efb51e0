"""Pass 1 (kg/extract/lexicon.py): the names a document introduces, from context alone.

Every name here is invented, so only the cue around it can make it a model; the negatives
are the things a name finder must not call a model (data sets, benchmarks, tools, headings,
sizes, glossary terms).
"""

import pytest

from kg.extract import extract_claims
from kg.extract.lexicon import (
    document_lexicon,
    heading_names,
    hub_ids,
    name_candidates,
    not_model,
    shape,
)
from kg.ingest import parse_document
from kg.model import Mention


def models(text: str) -> set[str]:
    """The names the extraction of ``text`` makes models: typed ones and the model ends of facts.

    A mention's class becomes the entity's ``rdf:type`` in the graph, so the base of a
    lineage fact is a model there even without a ``type`` claim of its own.
    """
    found: set[str] = set()
    for c in extract_claims(parse_document(text.encode(), "doc.md")):
        if c.predicate == "type" and c.object.value == "Model":
            found.add(c.subject.text)
        for end in (c.subject, c.object):
            if isinstance(end, Mention) and end.cls == "Model":
                found.add(end.text)
    return found


def lex(text: str):
    return document_lexicon(parse_document(text.encode(), "doc.md"))


@pytest.mark.parametrize("text,name", [
    ("星澜科技今天发布了 Corvana-2，一个面向代码的模型。", "Corvana-2"),
    ("Marlow 2.5 Pro was released in March 2025.", "Marlow 2.5 Pro"),
    ("We are excited to introduce Tessar-9B to the community.", "Tessar-9B"),
    ("Quillon 3 是一个多模态大语言模型。", "Quillon 3"),
    ("Okra-4 is an open chat model trained on public data.", "Okra-4"),
    ("Halvix-7B 基于 Brindle-7B 微调得到。", "Brindle-7B"),
    ("Halvix-7B 基于 Brindle-7B 微调得到。", "Halvix-7B"),
])
def test_names_from_context(text, name):
    assert name in models(text)


def test_list_entries_of_a_model_list():
    md = ("## 模型列表\n\n"
          "* [Tenglu](https://example.org)：\n  * 简介：基于 Velo-13B 在法律数据上进行指令精调。\n"
          "- [Pavon](https://example.org) - An open-source chat model for Portuguese.\n"
          "- **Sarnic-7B**: a fine-tuned version of Velo-7B.\n")
    assert {"Tenglu", "Pavon", "Sarnic-7B"} <= models(md)


def test_list_entries_that_are_not_models():
    md = ("## Resources\n\n- [Quorra Bench](https://x.y) - A benchmark for long-context reasoning.\n"
          "- [Tallow](https://x.y) - A dataset of 1M instructions.\n"
          "## 术语\n\n- Batch：「批」指一次输入模型的一组样本。\n- Epoch：训练一轮的过程。\n")
    assert not models(md) & {"Quorra Bench", "Tallow", "Batch", "Epoch"}


def test_table_name_column_and_base_column():
    md = "| 模型 | 基座模型 | 参数量 |\n|---|---|---|\n| Larkwen-7B-Chat | Larkwen-7B | 7B |\n| 青岚 | Osprey-13B | 13B |\n"
    assert {"Larkwen-7B-Chat", "Larkwen-7B", "青岚", "Osprey-13B"} <= models(md)


def test_table_without_a_header_word_for_its_name_column():
    md = ("|    | Release Year | Base Model | Developer |\n|---|---|---|---|\n"
          "| [Kinoko 2](https://x.y) | 2024 | Velo-13B | Brightfold AI |\n")
    assert "Kinoko 2" in models(md)


def test_hub_ids_visible_or_in_links():
    md = "Weights: `brightfold/Quillon-2-13B-Chat` and [the base](https://huggingface.co/brightfold/Quillon-2-13B).\n"
    lx = lex(md)
    assert ("brightfold/Quillon-2-13B-Chat", "Quillon-2-13B-Chat") in lx.aliases
    assert ("brightfold/Quillon-2-13B", "Quillon-2-13B") in lx.aliases
    assert "Quillon-2-13B" not in models(md)  # only in a link target: not something the reader sees
    lx = lex("Use `zorblin/Quasar-Zeta-v2` for chat.")
    assert "Quasar-Zeta-v2" in lx.of("Model")
    assert [i for i, _, _ in hub_ids("see huggingface.co/datasets/foo/Bar-7B and 7B/13B")] == []


def test_headings_of_model_sections_and_glosses():
    md = "## 开源模型\n\n### Baize白泽（更新于2023年4月16日）\n\nBaize 是一个开源的对话模型。\n\n白泽同样采用 LoRA。\n"
    lx = lex(md)
    assert "Baize" in lx.of("Model") and ("白泽", "Baize") in lx.aliases
    assert heading_names("LLM 的能力") == [] and heading_names("Vicuna和Chinese-Vicuna") == [
        ("Vicuna", None), ("Chinese-Vicuna", None)]


def test_families_and_organizations_introduced_by_the_text():
    lx = lex("澄言系列由澄言智能发布。Velmora 系列由 Aurivo Labs 开发，全部开源。")
    assert {"澄言", "Velmora"} <= lx.of("Series")
    assert {"澄言智能", "Aurivo Labs"} <= lx.of("Organization")


@pytest.mark.parametrize("text", [
    "We fine-tune on the Tallowmix dataset and evaluate on QuorraBench.",
    "训练使用 Hexlark 数据集，评测基准为 MMLU 和 C-Eval。",
    "The model runs with llama.cpp and vLLM on an A100.",
    "Large Language Models (LLMs) are trained on text.",
    "2023 年 2 月，多家公司发布了新的模型。",
])
def test_things_that_are_not_models(text):
    assert not models(text) - {"Large"}, models(text)
    assert "Large" not in models(text)


def test_shapes_and_candidates():
    assert [c.text for c in name_candidates("发布了 Corvana-2 和 Marlow 2.5 Pro，The model 比 GPT 更快")] == [
        "Corvana-2", "Marlow 2.5 Pro", "GPT"]
    assert [shape(x) for x in ("Corvid-3", "WizardLM", "MPT", "Falcon", "V2")] == [
        "strong", "strong", "acronym", "word", "weak"]
    assert not_model("MMLU") and not_model("FooBench") and not not_model("Foo-7B")


def test_lexicon_is_per_document():
    """A name one document introduces is not a name in another (the cache stays exact)."""
    assert "Zarnit-5" in models("Zarnit-5 was released today.")
    assert "Zarnit-5" not in models("Nothing to see here about Zarnit-5 at all.")


def test_a_university_releases_and_release_by_names_its_maker() -> None:
    """"Norvik University release Tarsa-7B" and "Quellon, a chat LLM release by Halden
    University": the unlisted university is an organization, and the maker of the model
    (awesome-list English says "release" as often as "released")."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("# News\n\n- 04/24: Norvik University release Tarsa-7B, a Chinese chat model.\n"
            "- 05/10: Quellon-2, a multi-modal LLM release by Halden University for cheaper training.\n")
    doc = parse_document(text.encode("utf-8"), "news.md")
    devs = {(c.subject.text, c.object.text) for c in extract_claims(doc) if c.predicate == "developer"}
    assert ("Tarsa-7B", "Norvik University") in devs
    assert ("Quellon-2", "Halden University") in devs


def test_a_variant_named_word_in_a_relation_slot_is_a_model() -> None:
    """"Corra-Chat 基于 Morrow-7B": a capitalised word and a variant word ("-Chat") is a name;
    a bare capitalised word in the same slot ("Reasoning distillation from …") is not."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    doc = parse_document("# M\n\nCorra-Chat 基于 Morrow-7B，使用 DPO 对齐。\n\nReasoning distillation from Morrow-7B helps.\n"
                         .encode(), "m.md")
    edges = {(c.subject.text, c.predicate, c.object.text) for c in extract_claims(doc)
             if c.predicate in ("derivedFrom", "fineTunedFrom", "distilledFrom")}
    assert ("Corra-Chat", "fineTunedFrom", "Morrow-7B") in edges  # (aligned with DPO: tuned from it)
    assert not any(s == "Reasoning" for s, _, _ in edges)


def test_the_family_name_the_other_slot_extends_is_a_model() -> None:
    """"Tolan-2 是 Tolan 的升级版本": "Tolan" alone has no shape of a name, but the newer
    model in the other slot is a checkpoint of it."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    doc = parse_document("# M\n\nTolan-2 是 Tolan 的升级版本，上下文长度扩展至 32K。\n".encode(), "m.md")
    edges = {(c.subject.text, c.predicate, c.object.text) for c in extract_claims(doc) if c.predicate == "successorOf"}
    assert ("Tolan-2", "successorOf", "Tolan") in edges


def test_an_organizations_short_name_is_the_same_organization() -> None:
    """"Kestrel Research … which Kestrel released": the first word of a two-word organization
    whose second word says what it is names it too; a model's stem never does."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("# News\n\nKestrel Research today launched Corvid-3. It succeeds Corvid-2-7B, which Kestrel released in 2024.\n\n"
            "Pipit Labs trains Pipit-3B.\n")
    doc = parse_document(text.encode(), "n.md")
    lex = dict(document_lexicon(doc).aliases)
    assert lex.get("Kestrel") == "Kestrel Research" and "Pipit" not in lex
    devs = {(c.subject.text, c.object.text, c.object.alias_of) for c in extract_claims(doc) if c.predicate == "developer"}
    assert ("Corvid-2-7B", "Kestrel", "Kestrel Research") in devs


def test_a_name_after_an_organization_noun_is_no_model() -> None:
    """"开源社区 Quorra 发布的中文增强基础模型", "开源社区组织 Kilnby 上传了 Tarn-7B-GGUF": a
    community, a company, a team names who released, not what."""
    from kg.ingest import parse_document

    text = ("# M\n\n* [Tarn-2-Chinese-7B](https://huggingface.co/quorra/Tarn-2-Chinese-7B)：开源社区 Quorra 发布的中文增强基础模型。\n"
            "- 开源社区组织 Kilnby 上传了 Tarn-7B-GGUF，即 Tarn-7B 的 4-bit 量化版本。\n")
    names = document_lexicon(parse_document(text.encode(), "m.md")).names
    models = {n for n, c in names if c == "Model"}
    assert "Quorra" not in models and "Kilnby" not in models


def test_a_cards_datasets_list_names_no_model() -> None:
    """Hub ids under a model card's ``datasets:`` key are data; under ``base_model:`` a model."""
    from kg.ingest import parse_document

    text = ("---\nlicense: apache-2.0\nbase_model: acme/Tarn-13B\ndatasets:\n- acme/tarn-conversations-v2\n"
            "- acme/Chat-Mix-2\n---\n# Tarn-13B-Chat\n\nA chat model.\n")
    models = {n for n, c in document_lexicon(parse_document(text.encode(), "README.md")).names if c == "Model"}
    assert "acme/Tarn-13B" in models  # the base model's hub id
    assert not any("conversations" in m or "Chat-Mix" in m for m in models)
