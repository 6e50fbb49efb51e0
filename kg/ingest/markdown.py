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
from html import unescape as _html_unescape

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
#: HTML blocks that hold no prose: tables are read as tables, the rest is code or hidden
_NOT_PROSE_HTML = re.compile(r"<(?:table|script|style|pre|svg|math|!--)", re.I)
#: an element that starts a new paragraph when it opens a line
_HTML_BREAK = re.compile(r"\s*</?(?:summary|details|p|div|li|ul|ol|br|h[1-6]|blockquote|center|section|article|dd|dt)\b",
                         re.I)
_TAG = re.compile(r"<[^>]*>")


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


_BR = re.compile(r"<br\s*/?>", re.I)


def _render_inline(children: list[Token]) -> str:
    out: list[str] = []
    for tok in children:
        if tok.type in ("text", "text_special", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif tok.type == "image":
            out.append(_render_inline(tok.children or []))
        elif tok.type == "html_inline" and _BR.match(tok.content):
            out.append("\n")  # "[Name](url)<br>([alias](url))": a line break inside a table cell
        # markers (strong_open, em_open, link_open ...) and other inline HTML add no text
    return "".join(out)


_INLINE_MARKUP = re.compile(r"[*_`\[\]!<>\\&\n]")


def _inline_text(content: str, env: dict, budget: list[int]) -> str:
    """Plain text of an inline token's ``content``, parsed with the block parse's ``env``
    (link references), or the raw content once the document's inline budget is spent."""
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


# -- fast path: plain paragraphs and ATX headings without markdown-it's block tokenizer --
#
# Most lines of the corpus are prose paragraphs and "## heading" lines.  markdown-it's block
# tokenizer tries every block rule at every line (and every terminator rule at every
# paragraph line), which made it most of the read stage.  A line is *plain* when no block
# rule but the paragraph can claim it and it cannot end a paragraph: its first character is
# not a space or tab (no indentation), not a block marker, and it has no pipe (no table can
# start on it).  A blank-line-separated segment of only plain lines and ATX headings is
# read here, the way markdown-it's paragraph and heading rules read it, and so is such a
# segment ending with a plain pipe table (header, delimiter row, rows starting with a pipe);
# every other segment goes to markdown-it, each run of them as a sub-document, sharing the
# link references (``env``).  Why that is the same parse: a
# blank line followed by a plain line closes every open block (paragraphs, tables, HTML
# blocks of kinds 6-7, lists and indented code need indentation to go on), except an
# unclosed fence or HTML block of kinds 1-5 and markdown-it's nesting limit, which swallow
# the rest of the document: a sub-document that shows either is parsed whole instead.

#: a line starting like this is not plain (indented, or a block marker: fence, quote, rule,
#: list, reference, HTML, heading, setext underline)
_NOT_PLAIN_START = re.compile(r"[ \t`~>*\-_+\[<=#]|\d+[.)]")
_ATX = re.compile(r"(#{1,6})(?:[ \t]|$)")
_SPACE_TAB = " \t"

try:  # the trim markdown-it's paragraph and heading rules apply to their content
    from markdown_it.common.utils import mdTrim as _md_trim
except ImportError:  # an older markdown-it: always use its own block tokenizer
    _md_trim = None


def _line_kind(line: str) -> str:
    """``blank``, ``plain``, ``heading`` (an ATX heading the fast path reads) or ``other``."""
    if not line.strip(_SPACE_TAB):
        return "blank"
    if "|" in line:
        return "other"  # a table may start here (the table rule comes first)
    if not _NOT_PLAIN_START.match(line):
        return "plain"
    if line[0] == "#" and _ATX.match(line):
        return "heading"
    return "other"


def _atx_content(line: str) -> tuple[int, str]:
    """Level and content of an ATX heading line, as markdown-it's heading rule cuts them."""
    level = len(_ATX.match(line).group(1))  # type: ignore[union-attr]
    pos, end = level, len(line)
    while end > pos and line[end - 1] in _SPACE_TAB:
        end -= 1  # trailing spaces
    tmp = end
    while tmp > pos and line[tmp - 1] == "#":
        tmp -= 1  # a closing sequence, when a space sets it apart
    if tmp > pos and line[tmp - 1] in _SPACE_TAB:
        end = tmp
    return level, _md_trim(line[pos:end])  # type: ignore[misc]


_DELIM_CHARS = frozenset("|-: \t")
_DELIM_CELL = re.compile(r":?-+:?")
#: markdown-it stops filling a table's short rows with empty cells past this many
_MAX_AUTOCOMPLETED_CELLS = 0x10000


def _delimiter_columns(line: str) -> int:
    """Number of columns of a table delimiter row (``|---|:--:|``), 0 when the line is not
    one, as markdown-it's table rule reads it (for a line that is not indented)."""
    if len(line) < 2 or line[0] not in "|-:" or line[1] not in _DELIM_CHARS or \
            (line[0] == "-" and line[1] in _SPACE_TAB) or not _DELIM_CHARS.issuperset(line):
        return 0
    cells = line.split("|")
    count = 0
    for i, cell in enumerate(cells):
        t = _md_trim(cell)  # type: ignore[misc]
        if not t:
            if i == 0 or i == len(cells) - 1:
                continue  # empty cells only before the first and after the last pipe
            return 0
        if not _DELIM_CELL.fullmatch(t):
            return 0
        count += 1
    return count


def _header_columns(line: str) -> int:
    """Number of cells of a table header row, as markdown-it splits it (``\\|`` is no pipe)."""
    t = _md_trim(line)  # type: ignore[misc]
    if "|" not in t:
        return 0
    count = 1 + len(_PIPE.findall(t))
    if t.startswith("|"):
        count -= 1
    if len(t) > 1 and t.endswith("|") and not t.endswith("\\|"):
        count -= 1  # (a lone "|" was counted once: its one cell is empty)
    elif t == "|":
        count = 0
    return count


def _is_table(lines: list[str], first: int, end: int) -> bool:
    """``lines[first:end]`` is one whole pipe table (header, delimiter, rows that start with a
    pipe, ended by the blank line at ``end``): the table rule takes exactly these lines."""
    if end - first < 2 or _NOT_PLAIN_START.match(lines[first]):
        return False  # indented, or a marker: "- a | b" may go on with the list above
    columns = _delimiter_columns(lines[first + 1])
    if not columns or columns != _header_columns(lines[first]):
        return False
    if (end - first - 2) * columns > _MAX_AUTOCOMPLETED_CELLS:
        return False  # markdown-it might end the table early
    return all(lines[i][0] == "|" for i in range(first + 2, end))


def _segments(lines: list[str]) -> list[tuple[bool, int, int, int]]:
    """Runs of lines ``(simple, first, end, table)`` (0-based, end exclusive) in order.

    A simple run is a blank-line-separated segment of plain and heading lines, optionally
    ending with a pipe table from line ``table`` (else ``table == end``); the other runs go
    to markdown-it, consecutive ones as one sub-document."""
    runs: list[tuple[bool, int, int, int]] = []
    seg_start = other = -1  # first line of the segment; its first line of kind "other"
    n = len(lines)
    for i in range(n + 1):
        kind = _line_kind(lines[i]) if i < n else "blank"
        if kind != "blank":
            if seg_start < 0:
                seg_start, other = i, -1
            if kind == "other" and other < 0:
                other = i
            continue
        if seg_start < 0:
            continue
        if other < 0:
            runs.append((True, seg_start, i, i))
        elif _is_table(lines, other, i):
            runs.append((True, seg_start, i, other))
        elif runs and not runs[-1][0]:
            runs[-1] = (False, runs[-1][1], i, i)
        else:
            runs.append((False, seg_start, i, i))
        seg_start = -1
    return runs


def _sub_parse(lines: list[str], first: int, end: int, env: dict) -> list[Token] | None:
    """markdown-it block tokens of ``lines[first:end]`` with maps made absolute, or None
    when the run may not end where its lines do: a fence or HTML block that goes on into
    the blank line appended after it (it may be unclosed), or the nesting limit, past which
    markdown-it skips the rest of its input."""
    md = _block_parser()
    src = "\n".join(lines[first:end])
    if end < len(lines):
        src += "\n\n"  # the line break the text has here, and a blank line to see what goes on
    tokens = md.parse(src, env)
    n = end - first
    deepest = md.options.maxNesting - 1
    for tok in tokens:
        if tok.level >= deepest:
            return None
        if tok.map:
            if tok.map[1] > n and tok.type in ("fence", "html_block"):
                return None  # it went on into the blank line: it may swallow what follows
            tok.map = [tok.map[0] + first, tok.map[1] + first]
    return tokens


def _plan(lines: list[str], env: dict) -> list[tuple[int, int, int] | list[Token]] | None:
    """The document as simple runs ``(first, end, table)`` and token lists of the other runs,
    in order; None when it must be parsed whole (see :func:`_sub_parse`)."""
    if _md_trim is None:
        return None
    plan: list[tuple[int, int, int] | list[Token]] = []
    for simple, first, end, table in _segments(lines):
        if simple:
            plan.append((first, end, table))
            continue
        tokens = _sub_parse(lines, first, end, env)
        if tokens is None:
            return None
        plan.append(tokens)
    return plan


class _Walk:
    """Turns paragraphs, headings and markdown-it tokens into blocks, in document order.

    One place builds each kind of block, whichever path read it, so both paths give the
    same blocks.
    """

    def __init__(self, lines: list[str], off: int, section: list[tuple[int, str]],
                 env: dict, budget: list[int]) -> None:
        self.lines = lines
        self.off = off
        self.section = section
        self.env = env
        self.budget = budget
        self.blocks: list[Block] = []
        self.cur = self._path()  # the section path of the blocks below; changes only at a heading

    def _path(self) -> tuple[str, ...]:
        return tuple(s for _, s in self.section)

    def heading(self, level: int, content: str, start: int, end: int) -> None:
        title = _inline_text(content, self.env, self.budget).strip()
        section = self.section
        while section and section[-1][0] >= level:
            section.pop()
        off = self.off
        self.blocks.append(Block("heading", title, start + off, end + off, self._path(), level))
        section.append((level, title))
        self.cur = self._path()

    def paragraph(self, content: str, start: int, end: int, list_depth: int) -> None:
        off = self.off
        kind = "list_item" if list_depth else "paragraph"
        body = _inline_text(content, self.env, self.budget)
        raw = self.lines[start - 1 : end]
        k = _embedded_table_start(raw) if "|" in body else None
        if k is None:
            self.blocks.append(Block(kind, body, start + off, end + off, self.cur, list_depth))
            return
        # A pipe table swallowed as a lazy continuation line of a list item.
        head = plain_inline("\n".join(s.strip() for s in raw[:k]).lstrip("-*+ "))
        self.blocks.append(Block(kind, head, start + off, start + off + k - 1, self.cur, list_depth))
        self.blocks.extend(parse_blocks("\n".join(raw[k:]), off + start - 1 + k, self.section,
                                        _budget=self.budget))

    def html_prose(self, content: str, first: int) -> None:
        """The text of an HTML block as paragraphs ("<details><summary>2023-11-02: <code>Yi-6B</code>
        is open-sourced</summary>" in a README): each element that starts a line starts a
        paragraph, text lines without one continue it.  Tables (read as tables), scripts,
        styles, preformatted text and comments are not prose."""
        if _NOT_PROSE_HTML.search(content):
            return
        para: list[tuple[int, str]] = []

        def flush() -> None:
            if para:
                text = " ".join(t for _, t in para)
                self.blocks.append(Block("paragraph", text, first + para[0][0], first + para[-1][0], self.cur))
                para.clear()

        for i, line in enumerate(content.split("\n")):
            if _HTML_BREAK.match(line):
                flush()
            text = " ".join(_html_unescape(_TAG.sub(" ", line)).split())
            if not text:
                flush()
                continue
            para.append((i, text))
        flush()

    def simple(self, first: int, end: int, table: int) -> None:
        """A segment of plain lines and ATX headings (0-based ``first``, exclusive ``end``),
        with a pipe table from line ``table`` to the end when ``table < end``."""
        lines = self.lines
        para = -1  # first line of the open paragraph
        for i in range(first, table):
            line = lines[i]
            if line[0] == "#" and _ATX.match(line):
                if para >= 0:
                    self.paragraph(_md_trim("\n".join(lines[para:i])), para + 1, i, 0)  # type: ignore[misc]
                    para = -1
                level, content = _atx_content(line)
                self.heading(level, content, i + 1, i + 1)
            elif para < 0:
                para = i
        if para >= 0:
            self.paragraph(_md_trim("\n".join(lines[para:table])), para + 1, table, 0)  # type: ignore[misc]
        if table < end:
            self.table(table + 1, end)

    def table(self, start: int, end: int) -> None:
        """A pipe table on lines ``start..end`` (1-based; rows split by :func:`split_row`)."""
        lines, off = self.lines, self.off
        raw = lines[start - 1 : end]
        # GFM lets a table run on over lines without a pipe; in plain-text corpora
        # such a line is the next paragraph (often the caption of the next table).
        cut = next((k for k, line in enumerate(raw) if k >= 2 and "|" not in line), None)
        rest: list[Block] = []
        if cut is not None:
            rest = parse_blocks("\n".join(raw[cut:]), off + start - 1 + cut, self.section,
                                _budget=self.budget)
            raw = raw[:cut]
            end = start + cut - 1
        rows = tuple(
            TableRow(split_row(line), off + start + k)
            for k, line in enumerate(raw)
            if k >= 2 and line.strip()
        )
        header = split_row(raw[0]) if raw else ()
        self.blocks.append(
            Block("table", "\n".join(raw), start + off, end + off, self.cur, header=header, rows=rows)
        )
        self.blocks.extend(rest)

    def tokens(self, tokens: list[Token]) -> None:
        """Blocks of markdown-it block tokens (maps relative to ``self.lines``)."""
        off, blocks = self.off, self.blocks
        list_depth = 0
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            t = tok.type
            if t in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif t in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif t == "heading_open":
                start, end = _span(tok)
                self.heading(int(tok.tag[1:]), tokens[i + 1].content, start, end)
                i += 3
                continue
            elif t == "paragraph_open":
                start, end = _span(tok)
                self.paragraph(tokens[i + 1].content, start, end, list_depth)
                i += 3
                continue
            elif t == "table_open":
                self.table(*_span(tok))
                while i < n and tokens[i].type != "table_close":
                    i += 1
            elif t in ("fence", "code_block"):
                start, end = _span(tok)
                blocks.append(Block("code", tok.content, start + off, end + off, self.cur))
            elif t == "html_block":
                start, end = _span(tok)
                blocks.append(Block("html", tok.content, start + off, end + off, self.cur))
                self.html_prose(tok.content, start + off)
            i += 1


def parse_blocks(
    text: str, line_offset: int = 0, section: list[tuple[int, str]] | None = None,
    *, _budget: list[int] | None = None, _fast: bool = True,
) -> list[Block]:
    """Parse ``text`` into blocks in document order.

    Headings update the section path; each paragraph inside a list item becomes a
    ``list_item`` block whose ``level`` is the list nesting depth.  ``line_offset`` and
    ``section`` let a fragment be parsed as if it stood at that place of a larger text.
    Work is bounded: see :data:`INLINE_BUDGET`.  ``_fast=False`` parses the whole text
    with markdown-it (the reference the fast path is tested against).
    """
    budget = _budget if _budget is not None else [INLINE_BUDGET]
    if "\r" in text:
        # markdown-it counts a lone CR as a line break; split("\n") would not, and line
        # numbers would drift past the end of the text (decode_bytes already does this)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    env: dict = {}
    # all block parsing first: link references anywhere in the text apply to every paragraph
    plan = _plan(lines, env) if _fast and "\x00" not in text else None  # markdown-it turns NUL into U+FFFD
    if plan is None:
        env = {}
        plan = [_block_parser().parse(text, env)]
    walk = _Walk(lines, line_offset, list(section or []), env, budget)
    for part in plan:
        if isinstance(part, tuple):
            walk.simple(*part)
        else:
            walk.tokens(part)
    return walk.blocks


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
