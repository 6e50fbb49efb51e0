"""Reading documents: encodings, bad files, structure and line numbers."""

from __future__ import annotations

import os
import socket

import pytest

from kg.errors import InputError
from kg.ingest import Skipped, find_sources, iter_documents, parse_document
from kg.ingest.markdown import parse_blocks, split_row

TEXT = "# 标题\n\n## LLaMA 系列\n\nLLaMA 2 由 Meta 发布。\n第二行 GPT-4。\n\n- 项目一\n  - 嵌套 Qwen\n"


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_encodings_decode_to_the_same_blocks(data: bytes, encoding: str) -> None:
    doc = parse_document(data, "x.md")
    assert doc.encoding == encoding
    assert doc.text == TEXT
    assert [b.kind for b in doc.blocks] == ["heading", "heading", "paragraph", "list_item", "list_item"]


@pytest.mark.parametrize(
    "data,fragment",
    [
        (b"\x00\x01\x02binary\x00" * 50, "NUL"),
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (bytes(range(1, 32)) * 100, "binary"),
        (b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "utf-16"),  # lone surrogate
        (b"\x81\x30\x81", "GB18030"),  # truncated 4-byte GB18030 sequence
    ],
)
def test_bad_input_is_refused_with_the_file_named(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_document(data, "bad/file.txt")
    msg = str(err.value)
    assert msg.startswith("bad/file.txt: ")
    assert fragment.lower() in msg.lower()
    assert "\n" not in msg


def test_sections_and_line_numbers() -> None:
    blocks = parse_blocks(TEXT)
    para = blocks[2]
    assert para.section == ("标题", "LLaMA 系列")
    assert para.line == 5 and para.end_line == 6
    assert para.text == "LLaMA 2 由 Meta 发布。\n第二行 GPT-4。"
    nested = blocks[4]
    assert nested.kind == "list_item" and nested.level == 2 and nested.line == 9


def test_markup_is_removed_from_block_text() -> None:
    (b,) = parse_blocks("**OpenAI** 发布了 `GPT-4`，见 [链接](http://x)。")
    assert b.text == "OpenAI 发布了 GPT-4，见 链接。"


def test_table_keeps_missing_and_extra_cells_and_row_lines() -> None:
    src = "前文\n| 模型 | 时间 | 参数 |\n|---|---|---|\n| A | 2023 年 5 月 |\n| B | 2024 | 7B | extra |\n"
    (p, t) = parse_blocks(src)
    assert p.kind == "paragraph" and t.kind == "table"
    assert t.header == ("模型", "时间", "参数")
    assert [r.cells for r in t.rows] == [("A", "2023 年 5 月"), ("B", "2024", "7B", "extra")]
    assert [r.line for r in t.rows] == [4, 5]


def test_plain_text_line_without_pipe_ends_a_table() -> None:
    src = "| a | b |\n|---|---|\n| 1 | 2 |\n说明文字\n| c | d |\n|---|---|\n| 3 | 4 |\n"
    blocks = parse_blocks(src)
    assert [b.kind for b in blocks] == ["table", "paragraph", "table"]
    assert blocks[1].line == 4 and blocks[1].text == "说明文字"
    assert blocks[2].header == ("c", "d") and blocks[2].rows[0].line == 7


def test_table_swallowed_by_a_list_item_is_recovered() -> None:
    src = "- 列表项\n| 模型 | 词表 |\n|---|---|\n| LLaMA2 | 32000 |\n"
    blocks = parse_blocks(src)
    assert [b.kind for b in blocks] == ["list_item", "table"]
    assert blocks[1].rows[0].cells == ("LLaMA2", "32000") and blocks[1].rows[0].line == 4


def test_split_row_escaped_pipe_and_markup() -> None:
    assert split_row(r"| a \| b | **c** |") == ("a | b", "c")


def test_find_sources_skips_specials_and_symlink_loops(tmp_path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nGPT-4\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("text\n", encoding="utf-8")
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")  # a symlink loop must not trap the walk
    sock = socket.socket(socket.AF_UNIX)
    sock_path = tmp_path / "s.md"
    try:
        sock.bind(str(sock_path))
        files, skipped = find_sources([tmp_path, tmp_path / "missing"])
    finally:
        sock.close()
    assert [f.relpath for f in files] == ["a.md", "sub/b.txt"]
    reasons = " ".join(s.reason for s in skipped)
    assert "s.md: not a regular file" in reasons
    assert "missing: no such file or folder" in reasons


def test_iter_documents_reports_bad_files_and_keeps_going(tmp_path) -> None:
    (tmp_path / "good.md").write_text("# Good\n\nGPT-4\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    files, _ = find_sources([tmp_path])
    out = list(iter_documents(files))
    assert isinstance(out[0], Skipped) and out[0].path == "bad.txt"
    assert out[1].title == "Good"


# -- the parse fast path (plain paragraphs, ATX headings, plain pipe tables) ---------------
_FAST_PATH_LINES = (
    "GPT-4 由 OpenAI 于 2023 年 3 月发布。", "Alpaca is fine-tuned from LLaMA 7B.", "# 标题", "## LLaMA 系列 ##",
    "####### seven", "#nospace", "#", "# a | b", "- item Qwen-7B", "  - nested", "1. one", "    code", "> quote",
    "```", "~~~", "<!-- c", "-->", "<div>", "<script>", "| 模型 | 参数 |", "|---|---|", "| GPT-4 | 175B |",
    "a | b", ":--|--:", "---", "===", "[ref]: http://x", "see [ref]", "**bold** `code`", "trailing  ",
    "\u3000\u3000全角缩进", "\x0cform feed", "| a \\| b | c |", "- a | b", "", "", "  ",
)


def _edge_documents(n: int) -> list[str]:
    import random

    docs = []
    for i in range(n):
        rng = random.Random(i)
        lines = [rng.choice(_FAST_PATH_LINES) for _ in range(rng.randrange(1, 30))]
        if i % 10 == 0:  # past markdown-it's nesting limit the rest of the text is skipped
            lines += ["  " * k + "- deep" for k in range(rng.choice((18, 21, 25)))] + ["", "after"]
        docs.append("\n".join(lines) + rng.choice(("", "\n")))
    return docs


def test_fast_path_gives_the_blocks_of_a_whole_markdown_it_parse() -> None:
    known = [TEXT, "# t\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx\n\npara\n",
             "- item\nlazy\n\n- a | b\n|--|--|\n"]  # a list goes on past a blank line with its next item
    for text in _edge_documents(400) + known:
        assert parse_blocks(text) == parse_blocks(text, _fast=False), text
