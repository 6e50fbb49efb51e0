"""Sentence patterns in zh/en, with negatives that must not produce facts."""

from kg.extract.sentence import extract_sentences
from kg.ingest import parse_document


def facts(md: str):
    doc = parse_document(md.encode(), "s.md")
    lines = doc.text.split("\n")
    out = set()
    for c in extract_sentences(doc):
        assert c.prov.quote in lines[c.prov.line - 1] and len(c.prov.quote) <= 200
        o = c.object.text if hasattr(c.object, "text") else c.object.value
        out.add((c.subject.text, c.predicate, o))
    return out


def test_developer_zh():
    assert ("Foo-7B", "developer", "DeepSeek") in facts("Foo-7B 是由深度求索开发的模型。")
    assert ("GLM-4", "developer", "Zhipu AI") in facts("2024 年 1 月，智谱 AI 发布了 GLM-4。")


def test_developer_not_from_unrelated_org():
    f = facts("Claude 系列模型是由 OpenAI 离职人员创建的 Anthropic 公司开发的。")
    assert ("Claude", "developer", "Anthropic") in f
    assert ("Claude", "developer", "OpenAI") not in f


def test_release_date_and_knowledge_cutoff():
    assert ("GLM-4", "releaseDate", "2024-01") in facts("2024 年 1 月，智谱 AI 发布了 GLM-4。")
    assert not any(p == "releaseDate" for _, p, _ in facts("GPT-4o 的知识截止日期为 2023 年 10 月，已发布。"))


def test_lineage_zh():
    assert ("ChatLaw-33B", "fineTunedFrom", "Anima-33B") in facts("ChatLaw-33B 是基于 Anima-33B 微调得到的。")
    assert ("GPT-3.5", "successorOf", "GPT-3") in facts("GPT-3.5 是 GPT-3 的升级版。")
    assert ("Baichuan-13B", "successorOf", "Baichuan-7B") in facts("Baichuan-13B 在 Baichuan-7B 的基础上扩大了参数量。")


def test_lineage_en():
    assert ("Orion-7B", "fineTunedFrom", "Mistral-7B") in facts("Orion-7B is fine-tuned from Mistral-7B.")
    assert ("Tiny-1B", "distilledFrom", "Big-70B") in facts("Tiny-1B is distilled from Big-70B.")


def test_no_lineage_from_mere_comparison():
    f = facts("GPT-4 的表现优于 Claude 3，而 Gemini 2.0 更快。")
    assert not any(p in ("successorOf", "derivedFrom", "fineTunedFrom") for _, p, _ in f)


def test_parameters_attached_to_right_model():
    f = facts("拥有 175B 参数的 GPT-3 和 15 亿参数的 GPT-2。")
    assert ("GPT-3", "parameters", 175 * 10**9) in f
    assert ("GPT-2", "parameters", 15 * 10**8) in f


def test_section_model_gives_context():
    f = facts("## Foo-7B\n\n该模型的上下文长度为 128K。\n")
    assert ("Foo-7B", "contextLength", 128000) in f


def test_huge_line_is_bounded():
    doc = parse_document(("GPT-4 基于 " * 5000 + "x" * 100000).encode(), "h.md")
    assert isinstance(extract_sentences(doc), list)
