"""Table extractor: headers in zh/en, malformed rows, HTML tables with rowspan."""

from kg.extract.common import quote_at
from kg.extract.table import extract_tables
from kg.ingest import parse_document


def facts(md: str):
    doc = parse_document(md.encode(), "t.md")
    out = set()
    lines = doc.text.split("\n")
    for c in extract_tables(doc):
        assert quote_at(lines, c.prov.line, c.prov.quote)
        assert c.prov.extractor == "table"
        o = c.object.text if hasattr(c.object, "text") else c.object.value
        out.add((c.subject.text, c.predicate, o))
    return out


def test_zh_header_and_units():
    f = facts("| 模型名称 | 发布时间 | 参数量 | 发布公司 | 是否开源 |\n|---|---|---|---|---|\n"
              "| Qwen2 | 2024 年 6 月 | 70-720 亿 | 阿里巴巴 | 开源 |\n")
    assert {("Qwen2", "releaseDate", "2024-06"), ("Qwen2", "parameters", 7 * 10**9),
            ("Qwen2", "parameters", 72 * 10**9), ("Qwen2", "developer", "阿里巴巴"),
            ("Qwen2", "openWeights", True), ("Qwen2", "type", "Model")} <= f


def test_shifted_row_decided_by_content():
    f = facts("| 模型名称 | 发布时间 | 发布公司 | 参数量 | 模型类型 |\n|---|---|---|---|---|\n"
              "| PaLM | 2022 年 4 月 | 5400 亿 | 基础模型 | |\n")
    assert ("PaLM", "parameters", 540 * 10**9) in f
    assert not any(p == "developer" for _, p, _ in f)


def test_cutoff_column_is_not_release_date():
    f = facts("| 模型名称 | 上下文长度 | 知识截止日期 |\n|---|---|---|\n| GPT-4o | 128k | 2023 年 10 月 |\n")
    assert ("GPT-4o", "contextLength", 128000) in f
    assert not any(p == "releaseDate" for _, p, _ in f)


def test_caption_says_open():
    f = facts("典型开源大模型\n\n| 模型名称 | 发布时间 |\n|---|---|\n| Falcon | 2023 年 5 月 |\n")
    assert ("Falcon", "openWeights", True) in f


def test_html_rowspan_base_model():
    html = ("## 微调模型\n\n<table>\n<tr><th>模型名称</th><th>基座模型</th><th>参数量</th></tr>\n"
            "<tr><td>LawGPT-7B</td><td rowspan=\"2\">Chinese-LLaMA-7B</td><td>7B</td></tr>\n"
            "<tr><td>Lawyer-LLaMA-13B</td><td>13B</td></tr>\n</table>\n")
    f = facts(html)
    assert ("LawGPT-7B", "fineTunedFrom", "Chinese-LLaMA-7B") in f
    assert ("Lawyer-LLaMA-13B", "fineTunedFrom", "Chinese-LLaMA-7B") in f
    assert ("Lawyer-LLaMA-13B", "parameters", 13 * 10**9) in f


def test_table_without_model_column_is_ignored():
    assert facts("| 角度 | 说明 |\n|---|---|\n| 规模 | 10B 参数以下 |\n") == set()


def test_notes_column_techniques_sizes_context_tokens():
    f = facts("| 模型 | 特点 |\n|---|---|\n"
              "| **DeepSeek V2** | 236B + MoE + 8.1T token 中英语料 + 预训练 + SFT + DPO |\n"
              "| **LLaMA-2** | 7B-70B + 预训练 + 指令微调 + RLHF + 4K 上下文 |\n")
    assert {("DeepSeek V2", "parameters", 236 * 10**9), ("DeepSeek V2", "architecture", "MoE"),
            ("DeepSeek V2", "trainingTokens", 81 * 10**11), ("DeepSeek V2", "usesTechnique", "SFT"),
            ("DeepSeek V2", "usesTechnique", "DPO")} <= f
    assert {("LLaMA-2", "contextLength", 4000), ("LLaMA-2", "usesTechnique", "RLHF"),
            ("LLaMA-2", "usesTechnique", "Instruction Tuning")} <= f
    assert not any(s == "LLaMA-2" and p == "parameters" for s, p, _ in f)  # a dash range in prose


def test_notes_column_negation():
    f = facts("| Model | Notes |\n|---|---|\n| Foo-7B | no RLHF, uses GQA |\n")
    assert ("Foo-7B", "usesTechnique", "GQA") in f and ("Foo-7B", "usesTechnique", "RLHF") not in f


def test_slash_rows_name_several_models():
    f = facts("| 模型 | 特点 |\n|---|---|\n| **LLaMA-3.1/3.2** | 128K 上下文 |\n| **GPT-3.5 / ChatGPT** | 指令微调 |\n")
    assert ("LLaMA-3.1", "contextLength", 128000) in f and ("LLaMA-3.2", "contextLength", 128000) in f
    assert ("ChatGPT", "usesTechnique", "Instruction Tuning") in f and ("GPT-3.5", "usesTechnique", "Instruction Tuning") in f
    f = facts("| 模型名称 | 发布日期 | 是否开源 |\n|---|---|---|\n| Baichuan-7B/13B | 2023 年 6 月 15 日 | 开源 |\n")
    assert ("Baichuan-13B", "openWeights", True) in f and ("Baichuan-7B", "releaseDate", "2023-06-15") in f


def test_shifted_open_cell_under_date_header():
    f = facts("| 模型名称 | 链接 | 发布日期 | 是否开源 | 说明 |\n|---|---|---|---|---|\n"
              "| GPT-4.5 | 2025 年 2 月 | 闭源 | 知识型模型,知识截至2023 年 10 月 | |\n")
    assert ("GPT-4.5", "openWeights", False) in f and ("GPT-4.5", "releaseDate", "2025-02") in f
    assert ("GPT-4.5", "releaseDate", "2023-10") not in f


def test_unusual_name_tail_taken_whole():
    f = facts("| 模型名称 | 发布时间 | 参数量 |\n|---|---|---|\n| PanGu-α | 2021 年 4 月 | 130 亿 |\n")
    assert ("PanGu-α", "parameters", 13 * 10**9) in f


def test_developer_column_names_unlisted_organizations():
    md = (
        "| 模型名称 | 发布公司 | 参数量 |\n|---|---|---|\n"
        "| Radodaq-7B | Gimgux Labs | 7B |\n"
        "| Radodaq-13B | 北辰智能 / Vebbal Labs | 13B |\n"
        "| Radodaq-70B | - | 70B |\n"
        "| Radodaq-1B | 基础模型 | 1B |\n"
    )
    f = facts(md)
    assert ("Radodaq-7B", "developer", "Gimgux Labs") in f
    assert ("Radodaq-13B", "developer", "北辰智能") in f
    assert ("Radodaq-13B", "developer", "Vebbal Labs") in f
    devs = {(s, o) for s, p, o in f if p == "developer"}
    assert not any(s in ("Radodaq-70B", "Radodaq-1B") for s, _ in devs)  # placeholder, shifted kind cell


def test_licence_column_is_not_open_weights():
    """A licence names terms of use, not whether the weights are out (the gold convention of
    ../shared/dev: "never from a licence name"); an explicit 开源 / 闭源 cell still is."""
    md = ("| 模型 | 机构 | 开源协议 | 是否开源 |\n|---|---|---|---|\n| Foo-7B | Acme Labs | 可商用 | 开源 |\n"
          "| Bar-7B | Acme Labs | Apache-2.0 | - |\n| Baz-7B | Acme Labs | - | 闭源 |\n")
    f = facts(md)
    assert ("Foo-7B", "openWeights", True) in f and ("Baz-7B", "openWeights", False) in f
    assert not [x for x in f if x[0] == "Bar-7B" and x[1] == "openWeights"]




def test_a_row_names_the_documents_own_model_whole() -> None:
    """"| GPT-Neo | 2.7B |": the vocabulary reads only "GPT" in it, the document's model column
    names "GPT-Neo"; the row is about the whole name (and so are its size and date)."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "| Model | Size | Date |\n|---|---|---|\n| GPT-Neo | 2.7B | 2021-03 |\n| Flan-PaLM | 540B | 2022-10 |\n"
    facts = {(c.subject.text, c.predicate) for c in extract_claims(parse_document(text.encode(), "t.md"))}
    assert {("GPT-Neo", "parameters"), ("Flan-PaLM", "releaseDate")} <= facts
    assert ("GPT", "parameters") not in facts and ("PaLM", "parameters") not in facts


def test_a_base_cell_names_the_documents_own_model_whole() -> None:
    """"| Pythia-Chat | GPT-NeoX |": the base is the document's "GPT-NeoX", not the vocabulary's "GPT"."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("| Model | Base model |\n|---|---|\n| GPT-NeoX | - |\n| Pythia-Chat | GPT-NeoX |\n")
    edges = {(c.subject.text, c.object.text) for c in extract_claims(parse_document(text.encode(), "t.md"))
             if c.predicate in ("derivedFrom", "fineTunedFrom")}
    assert ("Pythia-Chat", "GPT-NeoX") in edges and ("Pythia-Chat", "GPT") not in edges


def test_a_parameters_cell_with_its_active_count() -> None:
    """"47B (13B active)", "236B（激活 21B）": the total and the active count, each as itself;
    a bare size in parentheses is a second size, not an active count."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = "| Model | Params |\n|---|---|\n| Moraine-8x7B | 47B (13B active) |\n| Gannet-V2 | 236B（激活 21B） |\n"
    facts = {(c.subject.text, c.predicate, c.object.value) for c in extract_claims(parse_document(text.encode(), "t.md"))
             if c.predicate in ("parameters", "activeParameters")}
    assert facts == {("Moraine-8x7B", "parameters", 47_000_000_000), ("Moraine-8x7B", "activeParameters", 13_000_000_000),
                     ("Gannet-V2", "parameters", 236_000_000_000), ("Gannet-V2", "activeParameters", 21_000_000_000)}
