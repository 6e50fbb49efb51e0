"""Sentence patterns in zh/en, with negatives that must not produce facts."""

from kg.extract import extract_claims
from kg.extract.common import quote_at
from kg.extract.sentence import extract_sentences
from kg.ingest import parse_document


def facts(md: str):
    """Facts the prose extractors (sentence patterns and lineage cues) find in ``md``."""
    doc = parse_document(md.encode(), "s.md")
    lines = doc.text.split("\n")
    out = set()
    for c in extract_claims(doc):
        if c.prov.extractor not in ("sentence", "lineage"):
            continue
        assert quote_at(lines, c.prov.line, c.prov.quote) and len(c.prov.quote) <= 200
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


# -- attributes of models ------------------------------------------------------------------
def test_techniques_with_cue_and_local_negation():
    f = facts("Qwen2 使用了 RoPE、SwiGLU 和 RMSNorm。")
    assert {("Qwen2", "usesTechnique", t) for t in ("RoPE", "SwiGLU", "RMSNorm")} <= f
    assert ("Foo-7B", "usesTechnique", "GQA") in facts("Foo-7B adopts grouped-query attention (GQA).")
    f = facts("DeepSeek-R1-Zero 直接在大规模强化学习训练，无需 SFT。")
    assert ("DeepSeek-R1-Zero", "usesTechnique", "Reinforcement Learning") in f
    assert ("DeepSeek-R1-Zero", "usesTechnique", "SFT") not in f
    assert not any(p == "usesTechnique" for _, p, _ in facts("Foo-7B 不使用 RLHF。"))


def test_technique_not_given_to_compared_model():
    f = facts("与 GPT-4 相比，Foo-7B 采用了 GQA。")
    assert ("Foo-7B", "usesTechnique", "GQA") in f
    assert ("GPT-4", "usesTechnique", "GQA") not in f


def test_list_items_under_improvement_intro():
    md = "## Qwen 系列\n\nQwen2 结合了一些前人工作的改进：\n\n- `RMSNorm`：对每个子层做归一化\n- 分组查询注意力（GQA）：减少计算量\n"
    f = facts(md)
    assert ("Qwen2", "usesTechnique", "RMSNorm") in f and ("Qwen2", "usesTechnique", "GQA") in f


def test_list_items_under_feature_intro_need_a_cue():
    md = "ChatGPT 逐渐丰富了其功能：\n\n- 思维链展示：可选择性展示思考过程\n"
    assert not any(p == "usesTechnique" for _, p, _ in facts(md))


def test_representative_models_take_heading_architecture_and_technique():
    md = "#### 编码器模型：掩码语言建模（MLM）\n\n- **代表模型**：BERT, RoBERTa\n"
    f = facts(md)
    assert ("BERT", "architecture", "encoder-only") in f and ("RoBERTa", "usesTechnique", "MLM") in f


def test_moe_is_architecture_and_technique():
    f = facts("DeepSeek-V3 采用专家混合(MoE)架构。")
    assert ("DeepSeek-V3", "architecture", "MoE") in f and ("DeepSeek-V3", "usesTechnique", "MoE") in f
    assert ("DeepSeek-MoE", "architecture", "MoE") in facts("同时发布了 DeepSeek-MoE 混合专家模型。")


def test_architecture_decoder_only():
    assert ("Baichuan 2", "architecture", "decoder-only") in facts("Baichuan 2 基于 Transformer 解码器架构（decoder-only）。")


def test_size_lists_and_ranges():
    f = facts("Llama 3.1 发布了 8B、70B 和 405B 三个规模的模型。")
    assert {("Llama 3.1", "parameters", v * 10**9) for v in (8, 70, 405)} <= f
    f = facts("## LLaMA 系列\n\nLLaMA 系列是一组参数规模从 7B 到 70B 的基础语言模型。\n")
    assert ("LLaMA", "parameters", 7 * 10**9) in f and ("LLaMA", "parameters", 70 * 10**9) in f
    assert ("Qwen2.5-Coder", "parameters", 32 * 10**9) in facts("- Qwen2.5-Coder: 1.5B, 7B, 以及即将推出的 32B")
    assert ("Mistral 7B", "parameters", 7.3 * 10**9) in facts("Mistral 7B is a 7.3B-parameter model.")


def test_size_of_possessor_and_of_compared_model():
    f = facts("相比 GPT-3.5 的 1750 亿参数，GPT-4 规模显著扩大（推测约 1.8 万亿参数）。")
    assert ("GPT-3.5", "parameters", 175 * 10**9) in f and ("GPT-4", "parameters", 18 * 10**11) in f
    assert ("GPT-4", "parameters", 175 * 10**9) not in f
    f = facts("QwQ-32B 的性能可与具备 671B 参数（37B 激活参数）的 DeepSeek-R1 媲美。")
    assert ("DeepSeek-R1", "parameters", 671 * 10**9) in f and ("DeepSeek-R1", "activeParameters", 37 * 10**9) in f
    assert not any(s == "QwQ-32B" and p == "parameters" for s, p, _ in f)


def test_active_parameters():
    f = facts("该模型最多包含6710亿个参数，其中370亿个活跃参数。".replace("该模型", "DeepSeek-V3 "))
    assert ("DeepSeek-V3", "parameters", 671 * 10**9) in f and ("DeepSeek-V3", "activeParameters", 37 * 10**9) in f
    f = facts("DeepSeek-V2 has 236B total parameters, of which 21B are activated per token.")
    assert ("DeepSeek-V2", "activeParameters", 21 * 10**9) in f and ("DeepSeek-V2", "parameters", 236 * 10**9) in f


def test_context_length_phrasings():
    assert ("GPT-4.5", "contextLength", 512000) in facts("- 发布的 GPT-4.5 很强。上下文长度扩展至 512K。")
    assert ("ChatGLM", "contextLength", 2048) in facts("ChatGLM 支持 2048 的上下文长度。")
    f = facts("Claude 最高支持 100K 词元的上下文，而 Claude-2 更是拓展到了 200K 词元的上下文。")
    assert ("Claude", "contextLength", 100000) in f and ("Claude-2", "contextLength", 200000) in f
    assert ("Claude", "contextLength", 200000) not in f
    assert ("Foo-7B", "contextLength", 32000) in facts("Foo-7B supports a 32K context window.")


def test_context_length_negatives():
    assert not any(p == "contextLength" for _, p, _ in facts("BERT：双向上下文理解 (2018)"))
    assert not any(p == "contextLength" for _, p, _ in facts("Foo-7B 的上下文学习能力很强。"))


def test_pronoun_takes_running_subject():
    f = facts("会上推出了最新的大语言模型 GPT-4 Turbo。它将上下文长度扩展到 128k个token。")
    assert ("GPT-4 Turbo", "contextLength", 128000) in f


def test_training_tokens_zh_characters():
    assert ("Baichuan-7B", "trainingTokens", 12 * 10**11) in facts("Baichuan-7B 是在大约 1.2 万亿字符上训练的模型。")


def test_open_weights_prose():
    f = facts("2023 年 8 月，阿里云开源了 Qwen-7B 和 Qwen-14B，仅用 32B 参数便达到了 o1-mini 的水平。")
    assert ("Qwen-7B", "openWeights", True) in f and ("Qwen-14B", "openWeights", True) in f
    assert ("o1-mini", "openWeights", True) not in f
    assert ("Baichuan 3", "openWeights", False) in facts("2024 年 1 月 29 日，发布了 Baichuan 3，但是目前还没有开源。")
    f = facts("LLaMA 模型性能对标 GPT-4o 等商业闭源模型。")
    assert not any(p == "openWeights" and o is False for _, p, o in f)
    assert ("GPT-4o", "openWeights", False) in facts("GPT-4o is a proprietary model from OpenAI.")
    assert ("Foo-7B", "openWeights", True) in facts("Foo-7B is an open-source Mixture-of-Experts model.")


def test_unlisted_developer_from_cue():
    assert ("Radodaq-7B", "developer", "Gimgux Labs") in facts("Radodaq-7B 由 Gimgux Labs 公司开发，2024 年发布。")
    assert ("Baz-7B", "developer", "北辰智能") in facts("Baz-7B 由北辰智能联合开发。")
    assert ("Foo-13B", "developer", "Coltix Intelligence") in facts(
        "Foo-13B was developed by Coltix Intelligence and released in 2024.")


def test_unlisted_developer_negatives():
    for text in ("由于 Qwen2.5 很强，我们用它。", "Bar-7B 由研究人员开发。", "This model was trained by The team.",
                 "由 Gimgux Labs 公司开发的工具很多。"):  # no model subject before the cue
        assert not [f for f in facts(text) if f[1] == "developer"], text


def test_developer_list_stops_at_a_clause_break_and_skips_bases():
    f = facts("2023 年 3 月，斯坦福大学发布了 Alpaca，它是在 LLaMA 7B 上微调得到的。")
    assert ("Alpaca", "developer", "Stanford University") in f
    assert ("Alpaca", "releaseDate", "2023-03") in f
    assert not [x for x in f if x[0].startswith("LLaMA") and x[1] in ("developer", "releaseDate")]


def test_developer_by_goes_to_the_sentence_subject_not_the_base():
    f = facts("随后 Vicuna 基于 LLaMA 在对话数据上微调，由 LMSYS 发布。")
    assert ("Vicuna", "developer", "LMSYS") in f
    assert not [x for x in f if x[0] == "LLaMA" and x[1] == "developer"]


def test_awesome_list_entry_title_is_the_subject_of_its_nested_items():
    md = ("* [DoctorGLM](https://github.com/x/DoctorGLM)：\n"
          "  * 简介：基于 ChatGLM-6B 的中文问诊模型，实现了包括 LoRA、P-Tuning v2 等微调。\n"
          "* 其他项目\n  * 使用了 RLHF。\n")
    f = facts(md)
    assert ("DoctorGLM", "usesTechnique", "LoRA") in f
    assert not [x for x in f if x[0] == "ChatGLM-6B" and x[1] == "usesTechnique"]
    assert not [x for x in f if x[0] == "DoctorGLM" and x[2] == "RLHF"]  # a sibling entry, not a child


def test_english_size_range_and_licence_in_prose():
    f = facts("Meta AI released LLaMA, a family of foundation models ranging from 7B to 65B parameters.")
    assert ("LLaMA", "parameters", 7000000000) in f and ("LLaMA", "parameters", 65000000000) in f
    f = facts("Mistral AI released Mistral 7B under the Apache 2.0 license.")
    assert ("Mistral 7B", "openWeights", True) in f


def test_an_organization_right_before_a_model_name_made_it() -> None:
    """"Google Gemini", "the Stanford Alpaca project": the maker's name prefixed to the model's."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "# R\n\nThis is the repo for the Stanford Alpaca project.\n\nWe compare with Google Gemini and OpenAI GPT-4.\n"
    devs = {(c.subject.text, c.object.text) for c in extract_claims(parse_document(text.encode(), "r.md"))
            if c.predicate == "developer"}
    assert {("Alpaca", "Stanford University"), ("Gemini", "Google"), ("GPT-4", "OpenAI")} <= devs
    assert ("GPT-4", "Google") not in devs


def test_sizes_in_an_apposition_or_before_a_model_noun() -> None:
    """"Tarnlm, 3B/7B LLM from …", "Kestrel-2, a 7B model for code": the sizes of the name
    the apposition describes; a size beside no name stays unclaimed."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("# News\n\n- 04/19: Tarnlm, 3B/7B LLM from Zentor Labs\n- Kestrel-2, a 7B model for code.\n"
            "- We also trained a 13B model internally.\n")
    sizes = {(c.subject.text, c.object.value) for c in extract_claims(parse_document(text.encode(), "n.md"))
             if c.predicate == "parameters"}
    assert {("Tarnlm", 3_000_000_000), ("Tarnlm", 7_000_000_000), ("Kestrel-2", 7_000_000_000)} <= sizes
    assert not any(v == 13_000_000_000 for _, v in sizes)


def test_sequence_length_is_the_context_window() -> None:
    """"8k sequence length", "上下文长度为 4096" (a bare power of two needs no unit word)."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "# M\n\nTarn-7B supports 8k sequence length.\n\nTarn-13B 的上下文长度为 4096。\n"
    ctx = {(c.subject.text, c.object.value) for c in extract_claims(parse_document(text.encode(), "m.md"))
           if c.predicate == "contextLength"}
    assert {("Tarn-7B", 8000), ("Tarn-13B", 4096)} <= ctx


def test_model_card_field_lines_speak_of_the_cards_model() -> None:
    """"- **Developed by:** Zentor Labs", "- **License:** Apache 2.0" under the model's heading."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "# Tarn-7B\n\n## Model Details\n\n- **Developed by:** Zentor Labs\n- **License:** Apache 2.0\n"
    facts = {(c.subject.text, c.predicate, getattr(c.object, "text", None) or c.object.value)
             for c in extract_claims(parse_document(text.encode(), "README.md"))}
    assert ("Tarn-7B", "developer", "Zentor Labs") in facts
    assert ("Tarn-7B", "openWeights", True) in facts


def test_both_after_two_models_speaks_of_each() -> None:
    """"We release Pipit-1B and Pipit-3B today. Both support an 8K context window.", "二者均支持 32K 上下文"."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("# P\n\nWe release Pipit-1B and Pipit-3B today. Both support an 8K context window.\n\n"
            "Tarn-7B 和 Tarn-13B 同时发布。二者均支持 32K 上下文。\n")
    ctx = {(c.subject.text, c.object.value) for c in extract_claims(parse_document(text.encode(), "p.md"))
           if c.predicate == "contextLength"}
    assert ctx == {("Pipit-1B", 8000), ("Pipit-3B", 8000), ("Tarn-7B", 32000), ("Tarn-13B", 32000)}
