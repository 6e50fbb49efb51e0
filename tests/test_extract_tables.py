"""Table extractor: headers in zh/en, malformed rows, HTML tables with rowspan."""

from kg.extract.table import extract_tables
from kg.ingest import parse_document


def facts(md: str):
    doc = parse_document(md.encode(), "t.md")
    out = set()
    lines = doc.text.split("\n")
    for c in extract_tables(doc):
        assert c.prov.quote in lines[c.prov.line - 1]
        assert c.prov.extractor == "table"
        o = c.object.text if hasattr(c.object, "text") else c.object.value
        out.add((c.subject.text, c.predicate, o))
    return out


def test_zh_header_and_units():
    f = facts("| 模型名称 | 发布时间 | 参数量 | 发布公司 | 是否开源 |\n|---|---|---|---|---|\n"
              "| Qwen2 | 2024 年 6 月 | 70-720 亿 | 阿里巴巴 | 开源 |\n")
    assert {("Qwen2", "releaseDate", "2024-06"), ("Qwen2", "parameters", 7 * 10**9),
            ("Qwen2", "parameters", 72 * 10**9), ("Qwen2", "developer", "Alibaba"),
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
