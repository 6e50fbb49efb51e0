"""Hostile input, proven: property-based tests over the reader, parser, extractors, normalizers.

Why properties: nobody vets the documents, so "it worked on our five sources" proves
nothing.  Hypothesis generates bytes, text, Markdown and tables; the oracle is the one
of the long fuzz run (tests/fuzz.py :func:`check_document`): a document is either built
or skipped with a one-line reason naming it, every claim's quote is a verbatim substring
of its source line, the claims become storable RDF, and nothing exceeds its time budget
(a hang fails the test through SIGALRM instead of stalling CI).

The second half feeds the named hostile shapes of issue 7 one by one (10 MB line,
100k-row table, 0 and 500 columns, deep nesting, unclosed HTML tables, emoji and RTL
names, numbers such as "1e400 亿" and "-7B").
"""

from __future__ import annotations

import codecs
import importlib.util
import random
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract_claims
from kg.extract import normalize as norm
from kg.ingest import parse_document
from kg.ingest.decode import decode_bytes
from kg.ingest.markdown import parse_blocks, plain_inline, split_row

REPO = Path(__file__).resolve().parents[1]


def _load_fuzz():
    """tests/fuzz.py by path: one oracle for CI and for the long run (tests is no package)."""
    spec = importlib.util.spec_from_file_location("kg_tests_fuzz", Path(__file__).with_name("fuzz.py"))
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


fuzz = _load_fuzz()

#: Budget per example: generous for a loaded 2-core machine; exceeding it is a hang.
BUDGET = 30.0
#: Budget for the big named shapes (100k rows ~ 15 s on an idle core).
BIG_BUDGET = 180.0

PROPS = settings(max_examples=120, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---------------------------------------------------------------- strategies
_odd = st.sampled_from(fuzz.ODD_CHARS)
_words = st.sampled_from(fuzz.MODEL_NAMES + fuzz.ORG_NAMES + fuzz.CUES + fuzz.NUMBERS)
_markup = st.sampled_from(fuzz.MARKUP)
_any_char = st.characters(exclude_categories=("Cs",))  # a str with surrogates cannot be encoded

markdown_text = st.lists(st.one_of(_words, _markup, _odd, st.text(_any_char, max_size=8)),
                         max_size=80).map("".join)


@st.composite
def pipe_tables(draw) -> str:
    """Pipe tables with 0..40 columns, ragged rows, hostile cells."""
    cols = draw(st.integers(0, 40))
    header = draw(st.lists(st.sampled_from(fuzz.HEADERS), min_size=cols, max_size=cols))
    cell = st.one_of(_words, st.text(_any_char.filter(lambda c: c not in "\n\r|"), max_size=10))
    rows = draw(st.lists(st.lists(cell, max_size=cols + 3), max_size=12))
    caption = draw(st.sampled_from(("", "以下均为开源模型", "闭源模型", "## 指令微调模型")))
    lines = [caption, "| " + " | ".join(header) + " |", "|" + "---|" * max(cols, 1)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _check(data: bytes, name: str = "fuzz/doc.md") -> str:
    return fuzz.check_document(data, name, timeout=BUDGET)


# ---------------------------------------------------------------- properties
@PROPS
@given(st.binary(max_size=3000))
@example(b"\xff\xfe\x00\xd8a\x00")  # UTF-16 with a lone surrogate
@example(b"\xfe\xff\xdc\x00")  # UTF-16-BE, lone low surrogate
@example(b"GPT-4\x00 \xe5\x8f\x91\xe5\xb8\x83")  # NUL in UTF-8
@example(b"\xef\xbb\xbf")  # a BOM and nothing else
def test_any_bytes_build_or_skip_with_one_line_reason(data: bytes) -> None:
    assert _check(data) in ("ok", "skipped")


@PROPS
@given(st.text(_any_char, max_size=2000), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_any_text_in_any_supported_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace") if encoding == "gb18030" else text.encode(encoding)
    assert _check(data) in ("ok", "skipped")


@PROPS
@given(markdown_text)
def test_markdown_soup_quotes_are_verbatim(text: str) -> None:
    assert _check(text.encode("utf-8")) in ("ok", "skipped")


@PROPS
@given(pipe_tables(), st.sampled_from(["utf-8", "utf-16"]))
def test_tables_of_any_shape(table: str, encoding: str) -> None:
    assert _check(table.encode(encoding)) in ("ok", "skipped")


@PROPS
@given(st.binary(max_size=3000), st.sampled_from(["fuzz/page.html", "fuzz/page.htm", "fuzz/paper.pdf"]))
def test_any_bytes_as_a_web_page_or_pdf(data: bytes, name: str) -> None:
    assert _check(data, name) in ("ok", "skipped")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_hostile_web_pages_and_pdfs(seed: int) -> None:
    """The long run's web pages (deep nesting, scripts in titles, lying charsets) and mutated PDFs."""
    data, name, _how = fuzz.generate_file(random.Random(seed))
    assert _check(data[:2_000_000], name) in ("ok", "skipped")


@PROPS
@given(st.integers(0, 2**32 - 1))
def test_generated_hostile_documents(seed: int) -> None:
    """The long fuzz run's own generators (HTML tables, nesting, mutations ...), briefly."""
    rng = random.Random(seed)
    data, _how = fuzz.generate(rng)
    if len(data) > 2_000_000:  # the multi-MB shapes are tested one by one below
        data = data[:2_000_000]
    assert _check(data) in ("ok", "skipped")


@PROPS
@given(st.text(_any_char, max_size=300))
def test_utf16_with_a_lone_surrogate_is_refused_clearly(text: str) -> None:
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(InputError) as err:
        decode_bytes(data, "a.md")
    assert str(err.value).startswith("a.md: ") and "\n" not in str(err.value)


@PROPS
@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=500),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_decoding_round_trips(text: str, encoding: str) -> None:
    """What was written in a supported encoding reads back as the same text."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        return  # a leading U+FEFF in UTF-8 *is* a BOM
    try:
        got, _enc = decode_bytes(data, "x.md")
    except InputError:
        # only legitimately refused: text GB18030 bytes that are also valid UTF-8 is fine,
        # but an empty-after-BOM or mostly-control text may be refused
        return
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding in ("utf-8-sig", "utf-16") and expected.startswith("\ufeff"):
        expected = expected[1:]
    if encoding == "gb18030" and got != expected:
        # GB18030 bytes that also happen to be valid UTF-8 decode as UTF-8 (by design)
        assert data.decode("utf-8", errors="strict") == got
        return
    assert got == expected


@PROPS
@given(st.text(_any_char, max_size=400))
def test_block_line_numbers_stay_inside_the_text(text: str) -> None:
    # a lone CR is a line break to markdown-it; parse_blocks counts it as one too
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for b in parse_blocks(text):
        assert 1 <= b.line <= b.end_line <= max(len(lines), 1), b
        for r in b.rows:
            assert b.line <= r.line <= b.end_line, (b, r)


@PROPS
@given(st.text(_any_char, max_size=300))
def test_split_row_and_plain_inline_never_fail(text: str) -> None:
    line = text.replace("\n", " ")
    assert isinstance(split_row(line), tuple)
    assert isinstance(plain_inline(text), str)


@PROPS
@given(st.one_of(
    st.text(_any_char, max_size=60),
    st.lists(st.sampled_from(fuzz.NUMBERS + ("亿", "万", "B", "-", " ", ".", ",", "e", "年", "月")),
             max_size=8).map("".join),
))
@example("1e400 亿")
@example("-7B")
@example("9" * 400 + " 万亿")
@example("1," * 1000 + "B")
@example("2023 年 13 月 45 日")
def test_normalizers_return_their_types(text: str) -> None:
    with fuzz.time_limit(BUDGET):
        fuzz.check_normalizers(text)


@pytest.mark.parametrize("text", ["1" * 100_000, "1," * 50_000, "9." * 50_000, "年" * 100_000,
                                  "2023-" * 20_000, "feb " * 20_000, "7B、" * 30_000])
def test_normalizers_bound_their_work(text: str) -> None:
    """Inputs are cut to MAX_INPUT: a huge cell costs no more than a small one."""
    with fuzz.time_limit(BUDGET):
        fuzz.check_normalizers(text)


# ---------------------------------------------------------------- named hostile shapes
def _table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * max(len(header), 1)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


HOSTILE: dict[str, bytes] = {
    "10MB-single-line-prose": ("GPT-4 由 OpenAI 发布，参数 175B。" * 250_000 + "\n").encode("utf-8"),
    "10MB-single-line-of-a": b"a" * 10_000_000 + b"\n",
    "10MB-single-line-of-pipes": b"|" * 10_000_000 + b"\n",
    "10MB-single-line-of-brackets": b"[" * 5_000_000 + b"]" * 5_000_000 + b"\n",
    "10MB-single-line-of-digits-commas": b"1," * 5_000_000 + b"B\n",
    "100k-row-table": _table(["模型", "参数", "发布时间", "是否开源"],
                             [[f"M{i}", f"{i % 999}B", f"2023 年 {i % 12 + 1} 月", "开源"]
                              for i in range(100_000)]).encode("utf-8"),
    "table-0-columns": b"||\n||\n||\n|||\n",
    "table-500-columns": _table(["模型"] + [f"参数{i}" for i in range(499)],
                                [["GPT-4"] + ["7B"] * 499] * 20).encode("utf-8"),
    "table-rows-of-500-cells-under-2-columns": _table(["模型", "参数"], [["Qwen"] + ["7B"] * 499] * 50
                                                      ).encode("utf-8"),
    "nested-lists-5000": "".join("  " * i + "- GPT-4 基于 LLaMA 微调\n" for i in range(5000)).encode(),
    "nested-quotes-10000": (">" * 10_000 + " GPT-4 由 OpenAI 发布\n").encode(),
    "nested-emphasis": ("*_" * 50_000 + "GPT-4" + "_*" * 50_000 + "\n").encode(),
    "unclosed-html-table": ("<table><tr><th>模型</th><th>参数</th>\n<tr><td>GPT-4<td>175B\n" * 2000).encode(),
    "html-table-huge-spans": ('<table><tr><th>模型</th><th>参数</th></tr>'
                              '<tr><td rowspan="99999" colspan="99999">GPT-4</td></tr>'
                              + "<tr><td>Qwen</td><td>7B</td></tr>" * 3000 + "</table>\n").encode(),
    "html-table-many-spanned-columns": ("<table><tr><th>模型</th><th>参数</th></tr><tr>"
                                        + '<td rowspan="1000">x</td>' * 1000 + "</tr>"
                                        + "<tr><td>Qwen</td></tr>" * 1000 + "</table>\n").encode(),
    "emoji-and-rtl-model-names": _table(["模型", "参数", "开发者"], [
        ["Llama-🦙-2", "7B", "Meta"], ["GPT\u202e-4🚀", "175B", "OpenAI"], ["مرحبا-7B", "7B", "شركة"],
        ["\u2066Qwen\u2069", "72B", "阿里巴巴"], ["👨‍👩‍👧‍👦", "1B", "👍"],
    ]).encode("utf-8"),
    "odd-numbers": _table(["模型", "参数", "上下文", "训练数据", "发布时间"], [
        ["GPT-4", "1e400 亿", "1e400k", "1e400 tokens", "9999-99-99"],
        ["Qwen", "-7B", "-128k", "-15T tokens", "2023 年 13 月"],
        ["LLaMA", "9" * 400 + " 万亿", "9" * 400, "9" * 400 + "T tokens", "0000"],
        ["Mistral", "NaN B", "∞", "inf T", "Feb 30 2024"],
    ]).encode("utf-8") + "LLaMA 参数量为 1e400 亿。Qwen 的参数 -7B。\n".encode(),
    "many-lines-of-facts": ("GPT-4 由 OpenAI 发布，基于 GPT-3 微调。\n" * 20_000).encode(),
    "nul-in-utf16": "GPT-4 由 OpenAI 发布\x00。\n".encode("utf-16"),
    "mixed-encodings": "GPT-4 由 OpenAI 发布。\n".encode() + "文心一言由百度发布。\n".encode("gb18030"),
    "control-characters": ("GPT-4\x1b[31m 由 OpenAI\x07 发布\x0b\x0c\u2028 x\n" * 10).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_named_hostile_document(name: str) -> None:
    assert fuzz.check_document(HOSTILE[name], f"hostile/{name}.md", timeout=BIG_BUDGET,
                               store=False) in ("ok", "skipped")


@pytest.mark.parametrize("html", ["<table><td>a<table></td>\n",
                                  "<table><tr><td>GPT-4<table></td></tr></table>\n"])
def test_table_opened_inside_a_cell_does_not_lose_the_document(html: str) -> None:
    doc = parse_document(html.encode(), "x.md")
    extract_claims(doc)


def test_negative_size_is_not_a_size() -> None:
    assert norm.parse_count("-7B") is None


def test_bad_documents_are_skipped_and_the_rest_still_build(tmp_path) -> None:
    """Through the real pipeline: each hostile file is built or skipped; good files build."""
    from kg.pipeline import build

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(REPO / "sources" / "001_17985d20e695f627.txt", src / "good.md")
    small = {k: v for k, v in HOSTILE.items() if len(v) < 1_000_000}
    for name, data in small.items():
        (src / f"{name}.md").write_bytes(data)
    (src / "nested-table.md").write_bytes(b"<table><td>a<table></td>\n")
    (src / "binary.md").write_bytes(bytes(range(256)) * 40)
    with fuzz.time_limit(BIG_BUDGET):
        report = build([src], tmp_path / "store", use_cache=False)
    built = report.documents
    assert built + len(report.skipped) == len(small) + 3
    assert built >= len(small) - 2  # only the truly unusable ones are skipped
    for s in report.skipped:
        assert s.reason.startswith(s.path + ": ") and "\n" not in s.reason, s
    assert any(s.path == "binary.md" for s in report.skipped)
    from kg.graph.store import open_read

    paths = {r["p"].value for r in open_read(tmp_path / "store").query(
        "SELECT ?p WHERE { ?d <https://w3id.org/llmkg/vocab#path> ?p }")}
    assert "good.md" in paths
