"""Lineage rules (kg/extract/lineage.py): each pattern with positives and tricky negatives."""

import pytest

from kg.extract.common import quote_at
from kg.extract.lineage import extract_lineage, extract_series, parse_name, same_family
from kg.ingest import parse_document

LINEAGE = ("successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom", "quantizedFrom")


def facts(md: str, fn=extract_lineage):
    doc = parse_document(md.encode(), "l.md")
    lines = doc.text.split("\n")
    out = set()
    for c in fn(doc):
        assert quote_at(lines, c.prov.line, c.prov.quote) and 0 < len(c.prov.quote) <= 200
        o = c.object.text if hasattr(c.object, "text") else c.object.value
        out.add((c.subject.text, c.predicate, o))
    return out


def lineage(md: str):
    return {f for f in facts(md) if f[1] in LINEAGE}


@pytest.mark.parametrize("md,fact", [
    # zh: built on / fine-tuned from / distilled from
    ("ChatLaw-33B 是基于 Anima-33B 微调得到的法律大模型。", ("ChatLaw-33B", "fineTunedFrom", "Anima-33B")),
    ("Foo-7B 基于 Qwen2-7B 开发。", ("Foo-7B", "derivedFrom", "Qwen2-7B")),
    ("OpenAI 发布了基于 GPT 模型（GPT-3.5 和 GPT-4）的会话应用 ChatGPT。", ("ChatGPT", "derivedFrom", "GPT-4")),
    ("基于GPT-3.5和InstructGPT,OpenAI于2022年11月推出了ChatGPT。", ("ChatGPT", "derivedFrom", "InstructGPT")),
    ("文心一言是基于百度文心大模型的知识增强语言大模型。", ("文心一言", "derivedFrom", "文心大模型")),
    ('通义千问由阿里巴巴基于 "通义" 大模型研发。', ("通义千问", "derivedFrom", "通义")),
    ("DeepSeek-R1-Zero:一种基于DeepSeek-V3的推理模型。", ("DeepSeek-R1-Zero", "derivedFrom", "DeepSeek-V3")),
    ("Tiny-1B 是从 Big-70B 中蒸馏得到的小模型。", ("Tiny-1B", "distilledFrom", "Big-70B")),
    ("从 Big-70B 中蒸馏出的 Tiny-1B 很快。", ("Tiny-1B", "distilledFrom", "Big-70B")),
    ("Med-PaLM 是 PaLM 540B 在医疗数据上进行了微调后的版本。", ("Med-PaLM", "fineTunedFrom", "PaLM 540B")),
    ("PaLM-E 是 PaLM 的多模态版本。", ("PaLM-E", "derivedFrom", "PaLM")),
    ("ChatGLM3-6B 的基础模型 ChatGLM3-6B-Base 采用了更多样的训练数据。", ("ChatGLM3-6B", "derivedFrom", "ChatGLM3-6B-Base")),
    ("Encoder-only 架构的代表性大语言模型:BERT 及其变体 RoBERTa、ALBERT 等", ("ALBERT", "derivedFrom", "BERT")),
    ("Bar-13B 以 Baichuan2-13B 为基座，进行了指令微调。", ("Bar-13B", "fineTunedFrom", "Baichuan2-13B")),
    # zh: successors
    ("GPT-3.5 是 GPT-3 的升级版。", ("GPT-3.5", "successorOf", "GPT-3")),
    ("OpenAI推出了GPT-3.5,这是GPT-3的升级版,架构相同。", ("GPT-3.5", "successorOf", "GPT-3")),
    ("Baichuan-13B 在 Baichuan-7B 的基础上进一步扩大参数量。", ("Baichuan-13B", "successorOf", "Baichuan-7B")),
    ("GPT-4o 模型在前代 GPT-4 的基础上大幅提升了响应速度。", ("GPT-4o", "successorOf", "GPT-4")),
    ("OpenAI发布了o3,这是其推理模型系列的最新突破,建立在o1模型成功的基础之上。", ("o3", "successorOf", "o1")),
    ("最具启发意义的是 InstructGPT,其也是 ChatGPT 的前身。", ("ChatGPT", "successorOf", "InstructGPT")),
    ("发布了初始版本（PaLM 后更名为 Gemini）。", ("Gemini", "successorOf", "PaLM")),
    ("Google 发布了 PaLM 2，但并未公开其技术细节。它是 PaLM(540B) 的升级版。", ("PaLM 2", "successorOf", "PaLM")),
    ("最早的 Claude 于 2023 年 3 月 15 日发布，并在 2023 年 7 月 11 日，更新至 Claude-2。", ("Claude-2", "successorOf", "Claude")),
    ("相较于 GPT-1,GPT-2 在模型规模和预训练样本的质量上都进行了显著的提升。", ("GPT-2", "successorOf", "GPT-1")),
    ("6 月 9 日星火大模型升级到 `V1.5 版`，实现了提升。", ("讯飞星火 V1.5", "successorOf", "星火大模型")),
    # en
    ("Orion-Chat-13B is fine-tuned from Mistral-7B-v0.1 with SFT.", ("Orion-Chat-13B", "fineTunedFrom", "Mistral-7B-v0.1")),
    ("Orion-Lite-1B is distilled from Orion-Pro-70B.", ("Orion-Lite-1B", "distilledFrom", "Orion-Pro-70B")),
    ("Bar-13B 以 Baichuan2-13B 为基座训练。", ("Bar-13B", "derivedFrom", "Baichuan2-13B")),
    ("以 Baichuan2-13B 为基座微调的 Bar-13B 很强。", ("Bar-13B", "fineTunedFrom", "Baichuan2-13B")),
    ("Zeta-8B, a distilled version of Llama-3-70B, runs on laptops.", ("Zeta-8B", "distilledFrom", "Llama-3-70B")),
    ("Vicuna-13B is based on LLaMA-13B.", ("Vicuna-13B", "derivedFrom", "LLaMA-13B")),
    ("Koala-13B was built on top of LLaMA-13B.", ("Koala-13B", "derivedFrom", "LLaMA-13B")),
    ("Based on Llama-2-7B, Foo-7B adds tools.", ("Foo-7B", "derivedFrom", "Llama-2-7B")),
    ("Orion-Chat-13B-v2 is the successor to Orion-Chat-13B.", ("Orion-Chat-13B-v2", "successorOf", "Orion-Chat-13B")),
    ("Foo-7B-GPTQ is a 4-bit quantized version of Foo-7B.", ("Foo-7B-GPTQ", "quantizedFrom", "Foo-7B")),
    ("Llama 2 was released in July 2023 as the successor to LLaMA.", ("Llama 2", "successorOf", "LLaMA")),
    ("Code Llama is a code-specialized version of Llama 2.", ("Code Llama", "derivedFrom", "Llama 2")),
    ("Vicuna, like Alpaca, is built on LLaMA.", ("Vicuna", "derivedFrom", "LLaMA")),
    ("Mixtral 8x7B builds upon Mistral 7B by adding experts.", ("Mixtral 8x7B", "derivedFrom", "Mistral 7B")),
    ("Qwen2.5-Math-7B is initialized from Qwen2.5-7B.", ("Qwen2.5-Math-7B", "derivedFrom", "Qwen2.5-7B")),
    ("Phi-2 improves on Phi-1.5 with more synthetic data.", ("Phi-2", "successorOf", "Phi-1.5")),
    ("Orca 2 is built by fine-tuning Llama 2.", ("Orca 2", "fineTunedFrom", "Llama 2")),
    ("MiniCPM-V 是基于 MiniCPM 的多模态版本。", ("MiniCPM-V", "derivedFrom", "MiniCPM")),
    ("ChatGLM 是基于 GLM 结构开发的语言大模型。", ("ChatGLM", "derivedFrom", "GLM")),
    ("研究表明 GPT-4 可以比之前的 GPT 模型(如 GPT3.5 )实现更优越的性能。", ("GPT-4", "successorOf", "GPT3.5")),
])
def test_lineage_cues(md, fact):
    assert fact in lineage(md)


@pytest.mark.parametrize("md", [
    "与 GPT-4 相比，Claude 3 的上下文更长。",
    "Qwen2-72B 超过了 LLaMA-3-70B。",
    "Foo-7B 和 Bar-7B 一样基于 Transformer 架构。",
    "GPT-4 的表现优于 Claude 3，而 Gemini 2.0 更快。",
    "ChatGPT 是基于强大的 GPT 模型开发的。",  # a family name the model's own name carries is no base
    "同时开源了用 Llama 和 Qwen 从 DeepSeek-R1 中蒸馏出的六个 dense 模型。",  # tools, not a subject
    "相比于Claude 1.3， Claude 2 拥有更强的综合能力。",  # a comparison without an improvement verb
    "与 o1 相比，o3-mini 的响应速度提升了。",  # a variant, not the next plain version
    "Foo-7B is not based on Bar-7B.",
    "Foo-7B outperforms Bar-7B, which is based on Transformers.",
    "在对话模型上，对标 ChatGPT 的是 ChatGLM。",
    "Vicuna, like Alpaca-7B, is fast.",
    "Compared with Llama 2 70B, Mixtral 8x7B is faster.",
    "Phi-3 improves on Llama-3-8B in math.",  # "improves on" is succession only inside one family
])
def test_no_lineage(md):
    assert lineage(md) == set()


def test_relative_clause_belongs_to_the_nearest_model():
    f = lineage("Zephyr-7B-beta outperforms Llama-2-70B-Chat, which is based on Llama-2-70B.")
    assert f == {("Llama-2-70B-Chat", "derivedFrom", "Llama-2-70B")}


def test_timeline_of_versions():
    md = ("## LLaMA 系列\n\n- `2023 年 2 月`，发布 LLaMA。\n- `2023 年 7 月`，发布了 LLaMA2 模型。\n"
          "- `2024 年 4 月`，发布了 LLaMA3 模型。\n- `2024 年 7 月`，发布了 **LLaMA 3.1** 模型。\n")
    f = lineage(md)
    assert {("LLaMA2", "successorOf", "LLaMA"), ("LLaMA3", "successorOf", "LLaMA2"),
            ("LLaMA 3.1", "successorOf", "LLaMA3")} <= f


def test_timeline_needs_one_family_and_plain_versions():
    md = ("- `2024 年 5 月` 发布的 **GPT-4o** 很快。\n- `2024 年 7 月` 发布的 **GPT-4o mini** 便宜。\n"
          "- `2025 年 2 月` 发布的 **GPT-4.5** 更强。\n- `2025 年 3 月` 发布了 Qwen3。\n")
    assert lineage(md) == set()
    md2 = "- `2024 年 3 月`：发布 DeepSeek-V2。\n- `2025 年 1 月`：发布 DeepSeek-R1。\n"
    assert lineage(md2) == set()  # V and R are two lines of one family


def test_timeline_in_plain_paragraph_lines():
    md = ("2019 年 2 月,OpenAI 发布了 GPT 系列的第二代 产品 GPT-2。\n"
          "为了进一步提升任务泛化能力,OpenAI 于 2020 年 6 月推出了第三代模型 GPT-3。\n")
    assert ("GPT-3", "successorOf", "GPT-2") in lineage(md)


def test_named_variants_of_a_version():
    f = lineage("- `2024 年 3 月 4 日`，更新至 **Claude-3**，包括 Claude 3 Haiku、Claude 3 Sonnet 和 Claude 3 Opus。")
    assert ("Claude 3 Opus", "derivedFrom", "Claude-3") in f
    f = lineage("Google 发布了 Gemini 2.0 系列模型。同样，推出了其推理模型 Gemini 2.0 Flash Thinking。")
    assert ("Gemini 2.0 Flash Thinking", "derivedFrom", "Gemini 2.0") in f
    # a size of the same version is no variant
    assert lineage("ChatGPT 和 ChatGLM3 系列：ChatGLM3-6B 是开源模型。") == set()


def test_self_described_variants():
    f = lineage("OpenAI的完整版o1模型进一步提升了性能。此外,o1-mini作为更便宜且更快的版本,成本仅为完整版o1的20%。")
    assert ("o1-mini", "derivedFrom", "o1") in f
    f = lineage("OpenAI 发布了 GPT-4。会上推出了 GPT-4 Turbo，这个 Turbo 就相当于是进阶版的意思。")
    assert ("GPT-4 Turbo", "successorOf", "GPT-4") in f


def test_new_generation_succeeds_the_family_latest_earlier_version():
    md = "**Baichuan** 是开源模型。\n\n`Baichuan-7B` 很好。\n\nBaichuan 2 是百川智能推出的新一代开源大语言模型。\n"
    assert ("Baichuan 2", "successorOf", "Baichuan") in lineage(md)


def test_pronoun_subject_is_the_line_topic():
    md = "DeepSeek-R1-Zero:一种推理模型。它完全消除了SFT阶段,直接从名为DeepSeek-V3-Base的预训练模型开始。"
    assert ("DeepSeek-R1-Zero", "derivedFrom", "DeepSeek-V3-Base") in lineage(md)


def test_distill_names():
    md = "我们开源了 DeepSeek-R1 和 Qwen2.5-32B。DeepSeek-R1-Distill-Qwen2.5-32B 很强。"
    f = lineage(md)
    assert ("DeepSeek-R1-Distill-Qwen2.5-32B", "distilledFrom", "DeepSeek-R1") in f
    assert ("DeepSeek-R1-Distill-Qwen2.5-32B", "derivedFrom", "Qwen2.5-32B") in f
    # the base only when the document names it
    f = lineage("DeepSeek-R1-Distill-Llama-8B 很小。")
    assert ("DeepSeek-R1-Distill-Llama-8B", "distilledFrom", "DeepSeek-R1") in f
    assert not any(p == "derivedFrom" for _, p, _ in f)


def test_table_description_cell():
    md = "| 模型 | 说明 |\n|---|---|\n| **DeepSeek V2.5** | 基于 V2，强化了代码能力 |\n| Foo-7B | based on Llama-2-7B |\n"
    f = lineage(md)
    assert ("DeepSeek V2.5", "derivedFrom", "DeepSeek V2") in f
    assert ("Foo-7B", "derivedFrom", "Llama-2-7B") in f


def test_family_versions_named_by_number():
    f = facts("文心大模型于 2019 年发布 1.0 版，现已更新到 **4.0** 版本。")
    assert ("ERNIE 4.0", "successorOf", "文心大模型") in f and ("ERNIE 4.0", "type", "Model") in f


def test_parse_name():
    p = parse_name("DeepSeek-V2.5")
    assert (p.stem, p.letter, p.version, p.variant) == ("deepseek", "v", (2, 5), "")
    p = parse_name("Qwen2.5-Coder-7B-Instruct")
    assert (p.stem, p.version, p.variant, p.base) == ("qwen", (2, 5), "coder instruct", "Qwen2.5-Coder-Instruct")
    assert parse_name("Baichuan-7B").version == () and parse_name("Baichuan-7B").base == "Baichuan"
    assert parse_name("LLaMA 3.0").version == (3,)
    assert same_family("LLaMA2", "LLaMA") and not same_family("ChatGLM2", "GLM-4")


def series(md: str):
    return {(s, o) for s, p, o in facts(md, extract_series) if p == "series"}


def test_series_from_names_when_the_document_talks_about_the_family():
    md = "## Qwen 系列\n\n阿里云发布了 Qwen2.5-Coder-7B 和 QwQ-32B。\n\n| 模型 | 发布时间 |\n|---|---|\n| Qwen1.5 | 2024 年 2 月 |\n"
    s = series(md)
    assert {("Qwen2.5-Coder-7B", "Qwen"), ("Qwen1.5", "Qwen")} <= s
    assert ("QwQ-32B", "Qwen") in s  # introduced under the family heading, no family of its own
    assert series("阿里云发布了 Qwen2.5-Coder-7B。") == set()  # the family is never talked about


def test_series_negatives():
    md = "## GPT 系列\n\nGPT-NeoX 和 GPT-o1 不是。LLaMA 13B 超过了 GPT-3。\n\n在对话模型上，对标 ChatGPT 的是 ChatGLM。\n"
    s = series(md)
    assert ("GPT-3", "GPT") in s
    assert not any(n in ("GPT-NeoX", "GPT-o1", "LLaMA 13B", "ChatGLM") for n, _ in s)


def test_series_for_numbered_versions_and_shorthand():
    assert ("Claude 3.5", "Claude") in series("尤其是 Claude 模型，其最新的 3.5 版本性能很强。")
    assert ("LLaMA-3.2", "LLaMA") in series("## LLaMA 系列\n\n| 模型 | 说明 |\n|---|---|\n| **LLaMA-3.1/3.2** | 8B-405B |\n")


def test_unnamed_predecessor_is_the_latest_earlier_version():
    md = ("在 ChatGLM 的基础上发布了 ChatGLM 2。\n\n"
          "智谱 AI 推出了 ChatGLM3，ChatGLM3-6B 是其中的开源模型，在保留了前两代模型众多优秀特性的基础上提升了能力。\n")
    assert ("ChatGLM3", "successorOf", "ChatGLM 2") in lineage(md)


def test_derivatives_named_in_the_next_sentence():
    md = "在 GPT-3 的基础上,OpenAI 进一步推出了一系列衍生模型。其中,最具启发意义的是 InstructGPT,它引入了 RLHF。"
    assert ("InstructGPT", "derivedFrom", "GPT-3") in lineage(md)
    assert lineage("在 GPT-3 的基础上,OpenAI 进一步推出了一系列衍生模型。后来 InstructGPT 出现了。") == set()


def test_huge_line_is_bounded():
    import time

    doc = parse_document(("GPT-4 基于 " * 5000 + "x" * 100000).encode(), "h.md")
    t = time.monotonic()
    assert extract_lineage(doc) == [] and isinstance(extract_series(doc), list)
    assert time.monotonic() - t < 10


def test_fine_tuned_on_a_base_and_awesome_list_entries():
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    def lineage(md: str) -> set:
        doc = parse_document(md.encode(), "l.md")
        return {(c.subject.text, c.predicate, c.object.text) for c in extract_claims(doc)
                if c.predicate in ("derivedFrom", "fineTunedFrom", "distilledFrom", "developer")}

    assert ("Alpaca", "fineTunedFrom", "LLaMA 7B") in lineage("Alpaca 是在 LLaMA 7B 上用指令数据微调得到的。")
    assert ("Vicuna", "fineTunedFrom", "LLaMA") in lineage("Vicuna 基于 LLaMA 在对话数据上微调。")
    f = lineage("* [DoctorGLM](x)：\n  * 简介：基于 ChatGLM-6B 的问诊模型，通过医疗对话数据集进行微调。\n"
                "* [HuatuoGPT](y)：\n  * 简介：由香港中文大学（深圳）开发的医疗大模型，以 BLOOMZ-7B 为基座。\n")
    assert ("DoctorGLM", "fineTunedFrom", "ChatGLM-6B") in f
    assert ("HuatuoGPT", "derivedFrom", "BLOOMZ-7B") in f
    assert ("HuatuoGPT", "developer", "The Chinese University of Hong Kong, Shenzhen") in f
    assert not [x for x in f if x[0] == "DoctorGLM" and x[2] == "BLOOMZ-7B"]  # a sibling entry
    # negatives: no base, a comparison
    assert not lineage("在 GPT-4 上测试了 Alpaca 的效果。")


def test_a_timeline_that_skips_a_version_the_document_names_says_no_successor() -> None:
    """Consecutive dated releases of one line give the later its predecessor, unless the
    document names a version between them: the items then skip a step."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    timeline = "# 发展历程\n\n2021年5月，北辰科技发布了 Zarvo-1。\n\n2023年3月，北辰科技发布了 Zarvo-2。\n"

    def successors(text: str) -> set[tuple[str, str]]:
        doc = parse_document(text.encode("utf-8"), "timeline.md")
        return {(c.subject.text, c.object.text) for c in extract_claims(doc) if c.predicate == "successorOf"}

    assert successors(timeline) == {("Zarvo-2", "Zarvo-1")}
    assert ("Zarvo-2", "Zarvo-1") not in successors(timeline + "\n此外还有一个过渡版本 Zarvo-1.5 模型。\n")


def test_a_heading_name_with_a_nickname_is_the_sections_model() -> None:
    """"### Corvette(Raven)": the section is about Corvette, and "该模型的底座采用了…Y" under it
    says what Corvette is built on."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("### ChatVorta(Raven) （更新于2023年5月7日）\n\n该模型的底座采用了自主研发的 Vorta-7B 语言模型，"
            "其开源了1B5、3B和7B的模型。\n")
    claims = extract_claims(parse_document(text.encode(), "blog.md"))
    facts = {(c.subject.text, c.predicate, getattr(c.object, "text", None) or c.object.value) for c in claims}
    assert ("ChatVorta", "derivedFrom", "Vorta-7B") in facts
    assert ("ChatVorta", "parameters", 1_500_000_000) in facts


def test_an_open_release_reaches_the_checkpoints_that_spell_a_family_out() -> None:
    """"开源包括基础模型 Tarn，即 Tarn-7B 和 Tarn-14B": the checkpoints after 即 are what was opened."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "# T\n\nTarn 是北辰科技发布的大语言模型。本次开源包括基础模型 Tarn，即 Tarn-7B 和 Tarn-14B，以及对话模型 Tarn-Chat。\n"
    claims = extract_claims(parse_document(text.encode(), "t.md"))
    opened = {c.subject.text for c in claims if c.predicate == "openWeights" and c.object.value is True}
    assert {"Tarn", "Tarn-7B", "Tarn-14B"} <= opened


def test_only_the_model_named_before_not_open_is_closed() -> None:
    """"云梭系列包括 A、B 和 C 三个模型，其中只有 C 未开源": C is closed; A and B are not
    closed by it, nor is the family, and the "开源" inside "未开源" opens nothing."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "# 云梭\n\n云梭系列目前包括云梭-7B、云梭-13B 和云梭 2.0 三个模型，其中只有云梭 2.0 未开源。\n"
    got = {(c.subject.text, c.object.value) for c in extract_claims(parse_document(text.encode(), "y.md"))
           if c.predicate == "openWeights"}
    assert ("云梭 2.0", False) in got
    assert not {s for s, _ in got} - {"云梭 2.0"}
