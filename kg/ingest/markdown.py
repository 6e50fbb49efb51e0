"""Parse Markdown / plain text into :class:`~kg.model.Block` s with line numbers.

markdown-it-py (CommonMark + GFM tables) decides what is a heading, list item, table,
code or HTML block and gives each its source line range.  Block text is the *plain*
text (emphasis and code markers removed, soft breaks kept as ``\\n``) so extractors
match words, while line numbers still map back to the source.  Table cells are split
from the raw row lines rather than taken from markdown-it, because markdown-it pads
short rows and drops extra cells, and a malformed table should reach the extractor as
written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kg.model import Block, TableRow

__all__ = ["parse_blocks", "split_row", "plain_inline"]


#: Inline Markdown (emphasis, links ...) rendered per document, in characters.  Why a
#: budget: markdown-it's inline parser costs ~10 µs per character on pathological input
#: (a 10 MB line of ``[``, ``<`` or ``\\`` took 110 s); beyond the budget, and for any one
#: paragraph longer than :data:`MAX_INLINE`, the block text is the raw source text.
#: Extractors cut quotes from the raw lines anyway, so only markup removal is lost.
INLINE_BUDGET = 1_000_000
MAX_INLINE = 100_000


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # linkify/typographer stay off: we want the text as written.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """Block structure only: inline content is parsed on demand (not for table cells,
    which :func:`split_row` reads itself), within the document's budget."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")


_PIPE = re.compile(r"(?<!\\)\|")


def split_row(line: str) -> tuple[str, ...]:
    """Split one pipe-table source line into stripped plain-text cells.

    >>> split_row("| GPT-3 | 2020 年 5 月 | **OpenAI** |")
    ('GPT-3', '2020 年 5 月', 'OpenAI')
    """
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return tuple(plain_inline(c.strip().replace("\\|", "|")) for c in _PIPE.split(s))


_CELL_MARKUP = re.compile(r"[*_`\[!<\\&]")


def plain_inline(src: str) -> str:
    """Render a Markdown inline fragment as plain text (no markup), keeping line breaks."""
    if not _CELL_MARKUP.search(src):
        return src
    tokens = _parser().parseInline(src)
    return _render_inline(tokens[0].children or []) if tokens else src


def _render_inline(children: list[Token]) -> str:
    out: list[str] = []
    for tok in children:
        if tok.type in ("text", "text_special", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif tok.type == "image":
            out.append(_render_inline(tok.children or []))
        # markers (strong_open, em_open, link_open ...) and inline HTML add no text
    return "".join(out)


_INLINE_MARKUP = re.compile(r"[*_`\[\]!<>\\&\n]")


def _inline_text(tok: Token, env: dict, budget: list[int]) -> str:
    """Plain text of an inline token, parsed with the block parse's ``env`` (link
    references), or its raw content once the document's inline budget is spent."""
    content = tok.content
    if len(content) > MAX_INLINE or len(content) > budget[0]:
        budget[0] = 0
        return content
    budget[0] -= len(content)
    if not _INLINE_MARKUP.search(content):
        return content  # nothing inline markdown could change (the common case in tables' prose)
    children: list[Token] = []
    md = _parser()
    md.inline.parse(content, md, env, children)
    return _render_inline(children)


def parse_blocks(
    text: str, line_offset: int = 0, section: list[tuple[int, str]] | None = None,
    *, _budget: list[int] | None = None,
) -> list[Block]:
    """Parse ``text`` into blocks in document order.

    Headings update the section path; each paragraph inside a list item becomes a
    ``list_item`` block whose ``level`` is the list nesting depth.  ``line_offset`` and
    ``section`` let a fragment be parsed as if it stood at that place of a larger text.
    Work is bounded: see :data:`INLINE_BUDGET`.
    """
    budget = _budget if _budget is not None else [INLINE_BUDGET]
    if "\r" in text:
        # markdown-it counts a lone CR as a line break; split("\n") would not, and line
        # numbers would drift past the end of the text (decode_bytes already does this)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    env: dict = {}
    tokens = _block_parser().parse(text, env)
    blocks: list[Block] = []
    section = list(section or [])
    off = line_offset
    list_depth = 0
    i = 0
    n = len(tokens)

    def path() -> tuple[str, ...]:
        return tuple(s for _, s in section)

    cur = path()  # the section path of the blocks below; changes only at a heading

    while i < n:
        tok = tokens[i]
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t == "heading_open":
            level = int(tok.tag[1:])
            title = _inline_text(tokens[i + 1], env, budget).strip()
            start, end = _span(tok)
            while section and section[-1][0] >= level:
                section.pop()
            blocks.append(Block("heading", title, start + off, end + off, path(), level))
            section.append((level, title))
            cur = path()
            i += 3
            continue
        elif t == "paragraph_open":
            start, end = _span(tok)
            kind = "list_item" if list_depth else "paragraph"
            body = _inline_text(tokens[i + 1], env, budget)
            raw = lines[start - 1 : end]
            k = _embedded_table_start(raw) if "|" in body else None
            if k is None:
                blocks.append(Block(kind, body, start + off, end + off, cur, list_depth))
            else:
                # A pipe table swallowed as a lazy continuation line of a list item.
                head = plain_inline("\n".join(s.strip() for s in raw[:k]).lstrip("-*+ "))
                blocks.append(Block(kind, head, start + off, start + off + k - 1, cur, list_depth))
                blocks.extend(parse_blocks("\n".join(raw[k:]), off + start - 1 + k, section,
                                           _budget=budget))
            i += 3
            continue
        elif t == "table_open":
            start, end = _span(tok)
            raw = lines[start - 1 : end]
            # GFM lets a table run on over lines without a pipe; in plain-text corpora
            # such a line is the next paragraph (often the caption of the next table).
            cut = next((k for k, line in enumerate(raw) if k >= 2 and "|" not in line), None)
            rest: list[Block] = []
            if cut is not None:
                rest = parse_blocks("\n".join(raw[cut:]), off + start - 1 + cut, section,
                                    _budget=budget)
                raw = raw[:cut]
                end = start + cut - 1
            rows = tuple(
                TableRow(split_row(line), off + start + k)
                for k, line in enumerate(raw)
                if k >= 2 and line.strip()
            )
            header = split_row(raw[0]) if raw else ()
            blocks.append(
                Block("table", "\n".join(raw), start + off, end + off, cur,
                      header=header, rows=rows)
            )
            blocks.extend(rest)
            while i < n and tokens[i].type != "table_close":
                i += 1
        elif t in ("fence", "code_block"):
            start, end = _span(tok)
            blocks.append(Block("code", tok.content, start + off, end + off, cur))
        elif t == "html_block":
            start, end = _span(tok)
            blocks.append(Block("html", tok.content, start + off, end + off, cur))
        i += 1
    return blocks


_DELIM = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$")


def _embedded_table_start(raw: list[str]) -> int | None:
    """Index of a table header line inside a paragraph's raw lines, if one is there."""
    for k in range(1, len(raw) - 1):
        if _DELIM.match(raw[k + 1]) and "|" in raw[k]:
            return k
    return None


def _span(tok: Token) -> tuple[int, int]:
    """1-based first and last line of a block token."""
    if tok.map:
        return tok.map[0] + 1, max(tok.map[0] + 1, tok.map[1])
    return 1, 1
