"""Table extractor: one row = one model, each cell read by its header *and* its content.

Works on pipe tables (``Block(kind="table")``) and on HTML ``<table>`` elements inside
``Block(kind="html")`` (common in GitHub READMEs), with rowspan/colspan expanded so a
merged cell counts for every row it spans (parsed with the standard library's
:mod:`html.parser`).

Header words come from ``kg/data/headers.tsv``.  Rows in real documents are often
malformed (a merged cell lost, cells shifted left), so content beats position where
the content is unambiguous: a ``2023 年 5 月`` cell is a release date and ``开源`` /
``闭源`` is open/closed weights wherever they sit; an organization's name is a developer
only under a developer header or when it is exactly a known organization.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from kg.extract.common import (
    header_fields,
    header_unit,
    make_claim,
    quote_window,
    source_lines,
    strip_symbols,
)
from kg.extract.lexicon import not_model
from kg.extract.names import CACHE_TEXT, cell_names, clean_line, find_names, vocabulary
from kg.extract.normalize import (
    find_dates,
    parse_architecture,
    parse_context,
    parse_date,
    parse_open,
    parse_sizes,
    parse_tokens,
)
from kg.extract.registry import register
from kg.extract.words import words
from kg.model import Block, Claim, Document, Mention, Value

__all__ = ["extract_tables", "Table", "html_tables"]

NAME = "table"
MAX_ROWS = 5000
MAX_CELL = 300


@dataclass(frozen=True)
class Cell:
    text: str
    line: int


@dataclass(frozen=True)
class Table:
    """A table as a grid of cells, each with the 1-based source line of its text."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    line: int


# -- HTML tables ----------------------------------------------------------------------
_SPACES = re.compile(r"\s+")


class _TableParser(HTMLParser):
    """Collect <table> grids: rows of (text, rowspan, colspan, line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int, int, bool]]]] = []
        self._stack: list[list[list[tuple[str, int, int, int, bool]]]] = []
        self._cell: list[str] | None = None
        self._cell_info: tuple[int, int, int, bool] = (1, 1, 1, False)
        self._row_open = False  # a <td> after </tr> and no <tr> opens a row, as browsers do

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
            self._row_open = False
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
            self._row_open = True
        elif tag in ("td", "th") and self._stack:
            if self._cell is not None:
                self._close_cell()  # "<td>a<td>b": an unclosed cell ends where the next begins
            if not self._stack[-1] or not self._row_open:
                self._stack[-1].append([])
                self._row_open = True
            a = dict(attrs)
            self._cell = []
            self._cell_info = (_span(a.get("rowspan")), _span(a.get("colspan")), self.getpos()[0], tag == "th")
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._close_cell()
        elif tag == "tr" and self._stack:
            if self._cell is not None:
                self._close_cell()
            self._row_open = False
        elif tag == "table" and self._stack:
            if self._cell is not None:
                self._close_cell()
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            if not "".join(self._cell).strip():
                self._cell_info = (*self._cell_info[:2], self.getpos()[0], self._cell_info[3])
            self._cell.append(data)

    def _close_cell(self) -> None:
        text = _SPACES.sub(" ", "".join(self._cell or [])).strip()
        rs, cs, line, th = self._cell_info
        if not self._stack[-1]:  # a <table> opened inside the cell has no row yet
            self._stack[-1].append([])
        self._stack[-1][-1].append((text[:MAX_CELL], rs, cs, line, th))
        self._cell = None


_ORG_SPLIT = re.compile(r"\s*(?:[、,，/;；&＆]|\band\b|和|与)\s*")
_ORG_PLACEHOLDER = re.compile(
    r"^(?:[-–—?？*]+|n/?a|none|unknown|未知|无|暂无|不详|其他|其它|个人|社区|community)$", re.I
)
_ORG_PAREN = re.compile(r"\s*[(（][^)）]*[)）]?\s*$")
#: words that make a cell a model kind, status or size (a shifted cell), not a name
_ORG_NOT = words("org_not")
_ORG_SHAPE = re.compile(
    r"^[\w\u3400-\u9fff][\w\u3400-\u9fff .·'&()（）\-]{0,58}[\w\u3400-\u9fff.)）]$|^[\w\u3400-\u9fff]$"
)


def unlisted_org_names(text: str) -> list[str]:
    """Organization names in a developer cell the vocabulary does not list.

    A cell under a developer header names organizations; split it on separators and
    keep parts shaped like a name (no placeholders, dates, sizes, open/closed words or
    model names; at most 6 words and 60 characters).

    >>> unlisted_org_names("Gimgux Labs / 北辰智能")
    ['Gimgux Labs', '北辰智能']
    >>> unlisted_org_names("-"), unlisted_org_names("2023 年 5 月"), unlisted_org_names("Qwen2.5-7B")
    ([], [], [])
    """
    if len(text) <= CACHE_TEXT:
        return list(_unlisted_org_names_cached(text))
    return list(_unlisted_org_names(text))


_RE_UNLISTED_ORG_NAMES_1 = re.compile(r"[A-Za-z\u3400-\u9fff]")


def _unlisted_org_names(text: str) -> tuple[str, ...]:
    out: list[str] = []
    text = text.strip()
    if _ORG_PLACEHOLDER.match(text):
        return ()
    parts = _ORG_SPLIT.split(text)
    if any(len(p.strip()) < 2 for p in parts):
        parts = [text]  # "安和医疗科技": a 和 inside a name, not between two
    for part in parts:
        part = _ORG_PAREN.sub("", part).strip(" \"'")
        if not part or _ORG_PLACEHOLDER.match(part) or _ORG_NOT.search(part) or not _ORG_SHAPE.match(part):
            continue
        if len(part.split()) > 6 or not _RE_UNLISTED_ORG_NAMES_1.search(part):
            continue
        if find_dates(part) or parse_sizes(part) or parse_open(part) is not None:
            continue
        if any(sp.cls == "Model" for sp in find_names(part)):
            continue
        out.append(part)
    return tuple(out[:3])


#: a developer column repeats its few names
_unlisted_org_names_cached = lru_cache(maxsize=4096)(_unlisted_org_names)


def _span(v: str | None) -> int:
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def html_tables(block: Block) -> list[Table]:
    """The tables of an HTML block, spans expanded, with source line numbers."""
    p = _TableParser()
    try:
        p.feed(block.text)
        p.close()
    except (AssertionError, ValueError):  # html.parser can choke on broken markup
        return []
    # a table whose "</table>" the Markdown parser put in a later block (a blank line inside
    # the HTML ends the block): the rows read so far are the table
    if p._cell is not None and p._stack:
        p._close_cell()
    while p._stack:
        p.tables.append(p._stack.pop())
    out: list[Table] = []
    for raw_rows in p.tables:
        grid: list[list[Cell | None]] = []
        pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows left)
        header: tuple[str, ...] = ()
        for r_i, row in enumerate(raw_rows[:MAX_ROWS]):
            cells: list[Cell | None] = []
            col = 0
            it = iter(row)
            nxt = next(it, None)
            while nxt is not None or any(c >= col for c in pending):
                if col in pending:
                    cell, left = pending[col]
                    cells.append(cell)
                    if left <= 1:
                        del pending[col]
                    else:
                        pending[col] = (cell, left - 1)
                    col += 1
                    continue
                if nxt is None:
                    if not pending:
                        break
                    cells.append(None)
                    col += 1
                    if col > 1000:
                        break
                    continue
                text, rs, cs, line, _th = nxt
                cell = Cell(text, block.line + line - 1)
                for k in range(cs):
                    cells.append(cell)
                    if rs > 1:
                        pending[col + k] = (cell, rs - 1)
                col += cs
                nxt = next(it, None)
            if r_i == 0 and (all(x[4] for x in row) or len(raw_rows) > 1):
                header = tuple(c.text if c else "" for c in cells)
                continue
            if r_i == 1 and header and row and all(x[4] for x in row):
                header = _sub_header(header, tuple(c.text if c else "" for c in cells))
                continue  # a second header row under grouped columns ("Base Model" over "Name | # Params")
            grid.append(cells)
        rows = tuple(tuple(c if c else Cell("", 0) for c in r) for r in grid)
        out.append(Table(header, rows, block.line))
    return out


def _sub_header(top: tuple[str, ...], sub: tuple[str, ...]) -> tuple[str, ...]:
    """One header from two rows: a sub-label under a group names the column, except under a
    base-model group, where the name column is the base and the others are the base's own."""
    out: list[str] = []
    for i in range(max(len(top), len(sub))):
        t = top[i] if i < len(top) else ""
        b = sub[i] if i < len(sub) else ""
        if not b.strip() or header_fields([t]) == ["ignore"]:
            out.append(t)  # (under "Instruction Train Set": "Name", "Size" are the data set's)
        elif header_fields([t]) == ["base"]:
            out.append(t if header_fields([b]) == ["model"] else "")
        else:
            out.append(b)
    return tuple(out)


def pipe_table(block: Block) -> Table:
    rows = tuple(
        tuple(Cell(c[:MAX_CELL], r.line) for c in r.cells) for r in block.rows[:MAX_ROWS]
    )
    return Table(tuple(block.header), rows, block.line)


# -- reading rows ---------------------------------------------------------------------
_OPEN_CONTEXT = words("open_context")
_CLOSED_CONTEXT = words("closed_context")
_FINETUNE_CONTEXT = words("finetune_context")
_DISTILL_CONTEXT = words("distill_context")
_SIZE_ONLY = re.compile(r"^\s*[\d.,]+\s*(?:[-~到至/、]\s*[\d.,]+\s*)*(?:万亿|千亿|亿|[BbMmTt])\s*(?:参数)?\s*$")
_NOT_A_NAME = re.compile(r"^[-–—\s/]*$|^\d[\d\s,.]*$")


def _table_context(doc: Document, index: int) -> str:
    """Text just above the table (its caption or heading): says e.g. all rows are open."""
    for b in reversed(doc.blocks[max(0, index - 2):index]):
        if b.kind in ("paragraph", "heading") and b.text.strip():
            # the last sentence of the paragraph: the caption ("我们将各个大小模型的特点列到了下表"),
            # not what the paragraph said before it ("…紧追一系列最强的闭源模型")
            text = b.text.strip().rstrip("。.:：")
            cut = max(text.rfind(ch) for ch in "。！？!?\n")
            return text[cut + 1:][-200:]
        if b.kind == "table":
            return ""
    return ""


#: what a cell holds when a column's property applies to the row
_TICKS = frozenset({"✓", "✔", "√", "✅", "☑", "✔️", "$\\checkmark$", "\\checkmark", "yes", "y"})


def _ticked(text: str) -> bool:
    """A cell that ticks its column: ✓, ✔, $\\checkmark$, yes."""
    return text.strip(" *`").lower() in _TICKS


def _abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a table's note defines: '"CP" denotes continued pretraining, "IFT" denotes
    instruction fine-tuning' -> {"cp": "continued pretraining", "ift": "instruction fine-tuning"}."""
    out: dict[str, str] = {}
    for verb in (" denotes ", " stands for ", " refers to ", " means ", " 表示", " 代表"):
        parts = text.split(verb)
        for left, right in zip(parts, parts[1:], strict=False):
            abbr = left.rstrip(" \"“”'").rsplit(" ", 1)[-1].strip("\"“”'*(（")
            phrase = right.strip(" \"“”'")
            for stop in (",", ";", ".", "\"", "”", " and ", "，", "、", "。", "；"):
                phrase = phrase.split(stop, 1)[0]
            if 2 <= len(abbr) <= 6 and abbr.replace(".", "").isalpha() and 3 <= len(phrase) <= 40:
                out[abbr.lower()] = phrase.strip()
    return out


def _check_columns(header: tuple[str, ...], fields: list[str | None], note: str) -> dict[int, str]:
    """Columns that tick a technique per row: headed by a technique ("| RLHF |") or by an
    abbreviation the note defines as one ("| IFT |", "IFT denotes instruction fine-tuning")."""
    abbr = _abbreviations(note) if " " in note else {}
    out: dict[int, str] = {}
    for i, h in enumerate(header):
        if i < len(fields) and fields[i] not in (None, "ignore", "technique"):
            continue
        word = h.strip(" *`")
        name = abbr.get(word.lower(), word)
        techs = [sp for sp in find_names(name) if sp.cls == "Technique"]
        if techs and len(techs[0].text) >= len(name) - 2:
            out[i] = techs[0].canonical
        elif word.lower() in abbr and name.replace("-", " ").replace(" ", "").isalpha() and name.isascii():
            out[i] = " ".join(w[:1].upper() + w[1:] for w in name.split())  # "continued pretraining"
    return out


def _table_note(doc: Document, index: int) -> str:
    """The paragraph right below the table (past a closing ``</div>``): a note on all its
    rows ("DeepSeek-R1-Distill models are fine-tuned based on open-source models")."""
    for b in doc.blocks[index + 1:index + 3]:
        if b.kind == "paragraph" and b.text.strip():
            return b.text.strip()[:300]
        if b.kind != "html":
            return ""
    return ""




_SLASH_PART = re.compile(r"^\s?/\s?(v?\d{1,4}(?:\.\d{1,3})*[BbMmKk]?)\s*$")
_TAIL_VERSION = re.compile(r"(v?\d{1,4}(?:\.\d{1,3})*[BbMmKk]?)$")


_RE_SUBJECTS_1 = re.compile(r"\s?/\s?")
_RE_SUBJECTS_2 = re.compile(r"[，。,;；:：]")


_REF = re.compile(r"\s*\[(?:\^[\w\-]{1,12}|\d{1,3})\]|\s*\((?:\?|？)\)")
_HUB_CELL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{1,38}/([A-Za-z0-9][A-Za-z0-9_.\-]{0,95}[A-Za-z]{2}[A-Za-z0-9_.\-]{0,95})$")
_PAREN_LINE = re.compile(r"^[(（](.*)[)）]$")
_SIZE_LABEL = re.compile(r"^\*{0,2}\d{1,4}(?:\.\d{1,2})?\s?[BbMm]\*{0,2}$")
_SUB_NAME = re.compile(r"\d|[a-z][A-Z]|[A-Za-z][\-_][A-Za-z]")
_FRAGMENT = re.compile(r"^(?:\d|v\d|[A-Za-z]{1,3}$)", re.I)


def cell_models(text: str) -> tuple[list[tuple[str, tuple[str, ...]]], list[str]]:
    r"""The models a name cell lists, each with its other spellings, and sizes it states.

    A cell may hold a display name and, on the next line, its checkpoint in parentheses
    ("Rakuten AI 3.0<br>(RakutenAI-3.0)": one model, two names), several checkpoints
    ("EZO-Phi-4<br>(phi-4-open-R1-Distill-EZOv1, phi-4-deepseek-R1K-RL-EZO)": three models),
    several hub ids one per line, or a bare size ("Shisa V2.1 70B<br>(**70b**)").  Hub ids
    name the model after the slash; reference markers ("[9]", "[^24]") are dropped.

    >>> cell_models("Rakuten AI 3.0\n(RakutenAI-3.0)")
    ([('Rakuten AI 3.0', ('RakutenAI-3.0',))], [])
    >>> cell_models("AXCXEPT/EZO-Qwen2.5-72B-Instruct\nAXCXEPT/EZO-Qwen2.5-72B-Instruct_q4")[0][1][0]
    'EZO-Qwen2.5-72B-Instruct_q4'
    >>> cell_models("ao-Karasu\n(72B)"), cell_models("InstructGPT [9]")
    (([('ao-Karasu', ())], ['72B']), ([('InstructGPT', ())], []))
    """
    lines = [strip_symbols(ln).strip(" *`") for ln in _REF.sub("", text).split("\n") if strip_symbols(ln).strip(" *`")]
    if not lines:
        return [], []
    out: list[tuple[str, tuple[str, ...]]] = []
    sizes: list[str] = []

    def name_of(item: str) -> tuple[str, tuple[str, ...]]:
        item = item.strip(" *`")
        hub = _HUB_CELL.match(item)
        return (hub.group(1), (item,)) if hub else (item, ())

    sizes_first = lines[0].rstrip()
    if sizes_first.endswith((")", "）")) and "(" in sizes_first.replace("（", "("):
        # "Magistral Small (24B)": the name, then its size
        a = sizes_first.replace("（", "(").rfind("(")
        inner = sizes_first[a + 1:-1].strip(" *")
        if a > 0 and _SIZE_LABEL.match(inner):
            sizes.append(inner)
            lines = [sizes_first[:a].rstrip(), *lines[1:]]
    first, first_alias = name_of(lines[0])
    subs: list[str] = []
    for ln in lines[1:]:
        m = _PAREN_LINE.match(ln)
        if m:
            for item in m.group(1).split(","):
                item = item.strip(" *`")
                if _SIZE_LABEL.match(item):
                    sizes.append(item.strip("*"))
                elif item and not _FRAGMENT.match(item) and len(item) >= 4 and _SUB_NAME.search(item):
                    subs.append(item)  # ("Coding", "Common": labels of a model's variants, not names)
        else:
            out.append(name_of(ln))
    if len(subs) == 1:
        first_alias = (*first_alias, *name_of(subs[0])[1], name_of(subs[0])[0])
    out.insert(0, (first, first_alias))
    if len(subs) > 1:
        out.extend(name_of(x) for x in subs)
    return out, sizes


def _subjects(cells: tuple[Cell, ...], model_col: int | None, loose: bool = True,
              own: frozenset[str] = frozenset()) -> list[tuple[str, Cell]]:
    """The models a row is about (usually one).

    A cell naming several models joined by ``/`` (``GPT-3.5 / ChatGPT``) gives each; a
    bare version or size after the slash re-uses the stem (``LLaMA-3.1/3.2``,
    ``Baichuan-7B/13B``).  A name the dictionary reads only in part because of an
    unusual tail (``PanGu-α``) is taken whole when the cell is one hyphenated word.
    """
    c = model_col if model_col is not None else 0
    if c >= len(cells):
        return []
    cell = cells[c]
    text = cell.text.strip()
    if not text or _NOT_A_NAME.match(text):
        return []
    if text.strip(" *`") in own:
        return [(text.strip(" *`"), cell)]  # "GPT-Neo", "Flan-PaLM": the document's own name, whole
    head = text.replace("（", "(").split("(", 1)[0].strip(" *`")
    if loose and head != text.strip(" *`") and _NAME_SHAPE.match(head) and _short_name(head) and _paren_base(text, head):
        return [(head, cell)]  # "IvyGPT (Baichuan2-13B+10W)": the row's model, then what it is built on
    if head != text.strip(" *`") and "\n" not in text and _NAME_SHAPE.match(head) and _short_name(head) \
            and (_paren_note(text) is not None or cell_models(text)[1]):
        return [(head, cell)]  # "星槎-13B（第一代）", "Plover-12B-Chat (Sedgewick Labs)", "Magistral Small (24B)"
    own_parts = _own_parts(text, own)
    if own_parts:
        return [(p, cell) for p in own_parts]  # "⚙️Foo-7b-multi、🧰Foo-7b-multi-mix": links to the document's models
    if "\n" in text or "/" in text or "[" in text:
        models, _sizes = cell_models(text)
        if len(models) > 1 or models and models[0][0] != text:
            return [(name, cell) for name, _ in models[:8] if _NAME_SHAPE.match(name)]
    if loose and model_col is not None and _LIST_CELL.search(text):
        # "悟道·天鹰,悟道·EMU", "XVERSE-7B, XVERSE-13B": a model column's cell listing several
        parts = [p.strip(" *`") for p in _LIST_CELL.split(text)]
        if 2 <= len(parts) <= 8 and all(_short_name(p) for p in parts):
            return [(p, cell) for p in parts]
    spans = [s for s in cell_names(text) if s.cls in ("Model", "Series")]
    if spans:
        s = spans[0]
        rest_after = text[s.end:]
        if s.start == 0 and _SHORT_TAIL.fullmatch(rest_after) and not _LATIN_TAIL.match(rest_after):
            return [(text, cell)]  # "PanGu-α", "PanGu-Σ": one word, the tail is part of the name
        m = _SLASH_PART.match(rest_after)
        if len(spans) == 1 and s.start == 0 and m:
            tail = _TAIL_VERSION.search(s.text)
            if tail:
                other = s.text[:tail.start()] + m.group(1)
                return [(s.text, cell), (other, cell)]
        if len(spans) >= 2 and all(_RE_SUBJECTS_1.fullmatch(text[a.end:b.start]) for a, b in zip(spans, spans[1:], strict=False)) \
                and spans[0].start == 0 and spans[-1].end == len(text):
            return [(x.text, cell) for x in spans[:4]]
        covered = sum(x.end - x.start for x in spans[:1])
        rest = (text[: s.start] + text[s.end:]).strip(" ()（）[]*:：-")
        if len(spans) == 1 and (covered >= len(text) * 0.6 or len(rest) <= 12):
            return [(s.text, cell)]
        return []
    if loose and model_col is not None and len(text) <= 40 and len(text.split()) <= 4 and not _RE_SUBJECTS_2.search(text) \
            and not text[0].isdigit() and not _GENERIC_CELL.search(text) and not _LIST_CELL.search(text) \
            and not not_model(text):
        return [(text, cell)]
    return []


def _short_name(text: str) -> bool:
    """A cell part that can be a name on its own: short, not a number, phrase or generic word."""
    return 0 < len(text) <= 24 and len(text.split()) <= 3 and not text[0].isdigit() \
        and not _GENERIC_CELL.search(text) and not not_model(text) and "：" not in text and ":" not in text


_LATIN_TAIL = re.compile(r"-[A-Za-z0-9]")
#: "6B series models", "其他模型": a cell describing models, not naming one
_LIST_CELL = re.compile(r"[、,，;；]")
_GENERIC_CELL = words("generic_cell")
_NAME_SHAPE = re.compile(r"^[\w\u4e00-\u9fff][\w\u4e00-\u9fff .·\-_+]{0,59}$")
_SHORT_TAIL = re.compile(r"-[^\s/|,，、()（）]{1,6}")


def _quote_for(doc_lines: list[str], cell: Cell, text: str) -> tuple[int, str] | None:
    if not 1 <= cell.line <= len(doc_lines):
        return None
    raw = doc_lines[cell.line - 1]
    i = raw.find(text) if text else -1
    if i < 0:
        return cell.line, quote_window(raw)
    return cell.line, quote_window(raw, i, i + len(text))


_OWN: list = [None, frozenset()]


def _own_parts(text: str, own: frozenset[str]) -> list[str]:
    """The parts of a cell listing names the document introduces ("⚙️Foo-7b、🧰Foo-7b-mix", the
    link texts of a download column), or [] unless every part is one."""
    parts = [strip_symbols(p).strip(" *`") for p in _LIST_CELL.split(text)]
    parts = [p for p in parts if p]
    return parts[:8] if parts and all(p in own for p in parts) else []


def _names_share(rows: tuple[tuple[Cell, ...], ...], col: int, own: frozenset[str]) -> float:
    """How many of a column's filled cells name the document's models (or open with a model the
    vocabulary knows) and nothing else."""
    filled = [r[col].text for r in rows[:50] if col < len(r) and r[col].text.strip()]
    return sum(1 for t in filled if t.strip(" *`") in own or _own_parts(t, own) or any(
        sp.cls == "Model" and sp.start == 0 for sp in cell_names(strip_symbols(t).strip(" *`")))) / len(filled) if filled else 0.0


def _open_words_column(rows: tuple[tuple[Cell, ...], ...], col: int) -> bool:
    """Most filled cells of the column say open or closed in words (a "Weights" column of a tracker;
    "Yes" or a licence name there may say something else, such as commercial use)."""
    filled = [r[col].text.strip(" *`") for r in rows[:50] if col < len(r) and r[col].text.strip(" *`-—")]
    heads = [t.replace("（", "(").split("(")[0].strip() for t in filled]  # "closed (API)"
    said = sum(1 for t in heads if _OPEN_WORD.match(t) or t.lower() in ("open", "closed", "api-only", "api only"))
    return bool(filled) and said * 2 > len(filled)


def _own_models(doc: Document) -> frozenset[str]:
    """The model names ``doc`` introduces (pass 1), memoised for the last document: every row asks."""
    if _OWN[0] is not doc:
        from kg.extract.sentence import table_model_names

        _OWN[:] = [doc, frozenset(n for n, cls in table_model_names(doc) if cls == "Model")]
    return _OWN[1]


def _row_claims(
    doc: Document, lines: list[str], fields: list[str | None], units: list[str | None],
    cells: tuple[Cell, ...], context_open: bool | None, base_pred: str, loose: bool, total_active: bool = False,
) -> list[Claim]:
    """The facts of one row.  ``total_active``: the table says its size cells are "总参数 / 激活参数"
    (a note or header with an active-parameter word), so "145B / 16B" is a MoE's total and active count."""
    model_col = fields.index("model") if "model" in fields else None
    out: list[Claim] = []
    subjects = _subjects(cells, model_col, loose, _own_models(doc))
    spellings: dict[str, tuple[str, ...]] = {}
    sizes: list[str] = []
    if subjects and model_col is not None and model_col < len(cells):
        models, sizes = cell_models(cells[model_col].text)
        spellings = dict(models)
    for name, subj_cell in subjects:
        out.extend(_subject_claims(doc, lines, fields, units, cells, context_open, base_pred, model_col, name, subj_cell,
                                      total_active))
        q = _quote_for(lines, subj_cell, name)
        for alias in spellings.get(name, ()):
            if q and q[1]:  # another spelling of the row's model: a label of the same entity
                out.append(make_claim(doc, NAME, q[0], q[1], Mention(alias, "Model", name), "type", Value("Model", "class")))
        if len(subjects) == 1 and "developer" not in fields and name != subj_cell.text.strip(" *`"):
            org = _paren_org(subj_cell.text)
            if org and q and q[1]:  # "Plover-12B-Chat (Sedgewick Labs)": who made the row's model
                out.append(make_claim(doc, NAME, q[0], q[1], Mention(name, "Model"), "developer", Mention(org, "Organization")))
        if len(subjects) == 1 and "base" not in fields:
            base = _paren_base(subj_cell.text, name)
            if base and q and q[1]:  # "IvyGPT (Baichuan2-13B+10W)", "HuatuoGPT (BLOOMZ)": the model it is built on
                out.append(make_claim(doc, NAME, q[0], q[1], Mention(name, "Model"), "derivedFrom", Mention(base, "Model")))
        if len(subjects) == 1:
            for size in sizes:  # "Shisa V2.1 70B<br>(**70b**)": the row's model has that size
                for v in parse_sizes(size):
                    if v >= 10**7 and q and q[1]:
                        out.append(make_claim(doc, NAME, q[0], q[1], Mention(name, "Model"), "parameters", Value(v, "integer")))
    return out


def _paren_note(text: str) -> str | None:
    """What a name cell adds in closing parentheses when it names no model: a gloss ("第一代",
    "本草"), a maker ("Sedgewick Labs"); None when the parentheses hold a name, a size or more text."""
    t = text.replace("（", "(").replace("）", ")").strip(" *`")
    a = t.find("(")
    if a <= 0 or not t.endswith(")") or t.count("(") != 1:
        return None
    inner = t[a + 1:-1].strip()
    if not inner or len(inner) > 24 or any(ch.isdigit() for ch in inner) \
            or any(sp.cls == "Model" for sp in cell_names(inner)):
        return None
    return inner


def _paren_org(text: str) -> str | None:
    """The organization a name cell puts in parentheses after the name ("Plover-12B-Chat (Sedgewick Labs)")."""
    inner = _paren_note(text)
    orgs = [sp for sp in cell_names(inner) if sp.cls == "Organization"] if inner else []
    return orgs[0].text if len(orgs) == 1 and len(orgs[0].text) >= len(inner or "") - 2 else None


def _paren_base(text: str, name: str) -> str | None:
    """The known model a name cell puts in parentheses after its own name, alone or with the
    data added ("IvyGPT (Baichuan2-13B+10W)"): its base.  Another spelling of the same
    model ("Rakuten AI 3.0 (RakutenAI-3.0)") or a size is no base."""
    from kg.extract.common import extends_name

    t = text.replace("（", "(").replace("）", ")")
    a, b = t.find("("), t.find(")")
    if a <= 0 or b <= a or name not in t[:a]:
        return None
    inner = t[a + 1:b].split("+")[0].strip(" *`")
    spans = cell_names(inner)
    if len(spans) != 1 or spans[0].cls != "Model" or spans[0].text != inner:
        return None
    key, own = re.sub(r"[\s\-_.]", "", inner.lower()), re.sub(r"[\s\-_.]", "", name.lower())
    if key in own or own in key or extends_name(inner, name) or extends_name(name, inner):
        return None
    return inner


_LICENSE_HEADER = words("license_header")
#: an active-parameter word in a table's note or header ("总参数 / 激活参数"): its size pairs are total / active
_ACTIVE_WORD = words("active_params")


def _moe_name(name: str) -> bool:
    """A MoE checkpoint's name ("朱雀-MoE", "Qwen3-30B-A3B"): a "total / active" size pair is its own."""
    parts = name.lower().replace("_", "-").split("-")
    return "moe" in parts or any(len(p) >= 3 and p[0] == "a" and p[-1] == "b" and p[1:-1].replace(".", "").isdigit()
                                 for p in parts)
#: the active count in a parameters cell: "(21B active)", "（激活 13B）", "(13B activated)"
_ACTIVE_IN_CELL = re.compile(r"[(（]\s?(?:(?:激活|active)\s?(\d{1,4}(?:\.\d{1,2})?\s?[BbMm])|(\d{1,4}(?:\.\d{1,2})?\s?[BbMm])\s?"
                             r"(?:active|activated|激活))\s?[)）]", re.I)
_OPEN_WORD = re.compile(r"^(?:开源|闭源|已开源|未开源|不开源|完全开源|open[- ]source|closed[- ]source|open[- ]weights?|proprietary)$", re.I)
_CUTOFF_CUE = words("cutoff")
_OPEN_SOURCE_HEADER = words("open_source_header")


def _subject_claims(
    doc: Document, lines: list[str], fields: list[str | None], units: list[str | None],
    cells: tuple[Cell, ...], context_open: bool | None, base_pred: str, model_col: int | None,
    name: str, subj_cell: Cell, total_active: bool = False,
) -> list[Claim]:
    m = Mention(name, "Model")
    out: list[Claim] = []

    def add(pred: str, obj: Mention | Value, cell: Cell, text: str) -> None:
        q = _quote_for(lines, cell, text)
        if q and q[1]:
            out.append(make_claim(doc, NAME, q[0], q[1], m, pred, obj))

    add("type", Value("Model", "class"), subj_cell, name)
    got_date = got_open = False
    vocab = vocabulary()
    for i, cell in enumerate(cells):
        if cell is subj_cell or i == model_col:
            continue
        text = cell.text.strip()
        if not text or text in ("-", "—", "–", "/", "N/A", "n/a", "?", "未知", "未公开"):
            continue
        field = fields[i] if i < len(fields) else None
        ignored = field == "ignore"
        if ignored:
            field = None  # a links / paper column: nothing by its header, but a shifted date is still a date
        is_license = field == "license"
        linkable = field == "open_source"  # "| Open Sources |": a link there is where the weights are published
        if is_license or linkable:
            field = "open"
        unit = units[i] if i < len(units) else None
        # content first: dates and open/closed are unmistakable wherever they sit
        dates = find_dates(text)
        if dates and field in (None, "date", "developer", "parameters", "open", "kind") and len(text) <= 40 \
                and not _CUTOFF_CUE.search(text):
            if not got_date:
                add("releaseDate", Value(dates[0][2], "date"), cell, text[dates[0][0]:dates[0][1]])
                got_date = True
            continue
        if ignored and not _OPEN_WORD.match(text):
            continue  # "[🤗 HuggingFace](…)" under "Download": where to get it, not who made it
        if field == "date":
            d = parse_date(text)
            if d:
                if not got_date:
                    add("releaseDate", Value(d, "date"), cell, text)
                    got_date = True
                continue
            if not _OPEN_WORD.match(text):
                continue  # a shifted 开源/闭源 cell under the date header is read below
        ow = parse_open(text) if not is_license or _OPEN_WORD.match(text) else None
        # a licence column ("Apache 2.0", "Llama 2 Community License") names terms of use, not
        # whether the weights are open: only an explicit 开源 / 闭源 / open-source word says that
        # (a bare ✔ / yes says something only under an open-source header: "| 官网 | ✔ |" is a website)
        if ow is not None and (field == "open" or _OPEN_WORD.match(text)):
            if not got_open:
                add("openWeights", Value(ow, "boolean"), cell, text)
                got_open = True
            continue
        orgs = [s for s in cell_names(text) if s.cls == "Organization"]
        if field == "developer" or (orgs and len(orgs[0].text) >= len(text) - 2):
            if orgs:
                for s in orgs[:3]:
                    add("developer", Mention(s.text, "Organization"), cell, s.text)
                continue
            if field == "developer" and not _SIZE_ONLY.match(text):
                lk = vocab.lookup_ci(text)
                if any(c == "Organization" for c, _ in lk):
                    add("developer", Mention(text, "Organization"), cell, text)
                else:
                    # an organization the vocabulary does not know yet: a developer
                    # column names one, so take the cell's name(s) as written
                    for name in unlisted_org_names(text):
                        add("developer", Mention(name, "Organization"), cell, name)
                continue
        if field in ("parameters", "active") or (field in (None, "developer", "kind") and _SIZE_ONLY.match(text)):
            pred = "activeParameters" if field == "active" else "parameters"
            act = _ACTIVE_IN_CELL.search(text) if field == "parameters" else None
            if act:  # "236B (21B active)", "47B（激活 13B）": the total, then the active count
                for v in parse_sizes(text[:act.start()], unit)[:1]:
                    add("parameters", Value(v, "integer"), cell, text)
                for v in parse_sizes(act.group(1) or act.group(2), unit)[:1]:
                    add("activeParameters", Value(v, "integer"), cell, text)
                continue
            vals = [v for v in parse_sizes(text, unit)[:8] if v >= 10**6]
            if pred == "parameters" and len(vals) == 2 and vals[0] > 2 * vals[1] and "/" in text \
                    and (total_active or _moe_name(name)):
                add("parameters", Value(vals[0], "integer"), cell, text)
                add("activeParameters", Value(vals[1], "integer"), cell, text)
                continue
            for v in vals:
                add(pred, Value(v, "integer"), cell, text)
            continue
        if field == "tokens":
            v = parse_tokens(text)
            if v is None and unit:
                sizes = parse_sizes(text, unit)
                v = sizes[0] if sizes else None
            if v and v >= 10**9:
                add("trainingTokens", Value(v, "integer"), cell, text)
            continue
        if field == "context":
            v = parse_context(text)
            if v:
                add("contextLength", Value(v, "integer"), cell, text)
            continue
        if field == "open":
            raw = lines[cell.line - 1] if linkable and 0 < cell.line <= len(lines) else ""
            if linkable and not got_open and (_link_cell(text) or len(text) <= 24 and f"[{text}](http" in raw):
                # "| Open Sources |" holding "[Link](https://github.com/…)": where the weights are published
                add("openWeights", Value(True, "boolean"), cell, text)
                got_open = True
            continue
        if field == "base":
            # a distilled student is built on its base ("DeepSeek-R1-Distill-Qwen-32B | Qwen2.5-32B")
            bases = base_models(text, _own_models(doc))
            pred = "derivedFrom" if _DISTILL_CONTEXT.search(name) else base_pred
            if pred == "derivedFrom" and not _DISTILL_CONTEXT.search(name) and _row_says_finetuned(cells, i, model_col):
                pred = "fineTunedFrom"  # "... | Llama 3.1 (405b) | data with SFT/DPO |"
            if len(bases) > 1:
                pred = "derivedFrom"  # "CLIP + LLaMA": assembled from components (or merged)
            if _ADAPTER_NAME.search(name):
                pred = "adapterOf"  # "Chinese-LLaMA-2-LoRA-7B | Llama-2-7B-hf": LoRA weights for that base
            for b, size in bases:
                if _key_name(b) == _key_name(name):
                    continue
                add(pred, Mention(b, "Model"), cell, b)
                if size and size.lower() not in b.lower():  # "Llama 3.1 (**405b**)": the 405B checkpoint of Llama 3.1
                    ckpt = f"{b}-{size.upper()}"
                    add(pred, Mention(ckpt, "Model"), cell, b)
                    for v in parse_sizes(size):
                        if v >= 10**7:
                            q = _quote_for(lines, cell, b)
                            if q and q[1]:
                                out.append(make_claim(doc, NAME, q[0], q[1], Mention(ckpt, "Model"), "parameters",
                                                      Value(v, "integer")))
            continue
        if field == "architecture":
            for a in cell_architectures(text):
                add("architecture", Value(a, "architecture"), cell, text)
            continue
        if field == "technique":
            # "| Alignment |" / "| 训练方法 |": the cell names how the model was trained
            for tech in technique_names(text):
                add("usesTechnique", Mention(tech, "Technique"), cell, tech)
            continue
        if field == "notes":
            for pred, obj, piece in _note_facts(text, name):
                add(pred, obj, cell, piece)
            continue
    if not got_open and context_open is not None:
        add("openWeights", Value(context_open, "boolean"), subj_cell, name)
    return out


_ADAPTER_NAME = re.compile(r"(?<![A-Za-z])(?:Q?LoRA|adapter)(?![a-z])", re.I)
_BASE_SPLIT = re.compile(r"\s*(?:\+|,|，|、|;|；|\n|\band\b|&|＋)\s*")
_SIZED = re.compile(r"^(?P<name>.+?)\s*[(（]\s*\*{0,2}(?P<size>\d{1,4}(?:\.\d{1,2})?\s?[BbMm])\*{0,2}\s*[)）]$")
_FT_ROW = words("finetuned_row")
_KEY_DROP = re.compile(r"[\s\-_·]+")


def _key_name(x: str) -> str:
    return _KEY_DROP.sub("", x.lower())


def base_models(text: str, own: frozenset[str] = frozenset()) -> list[tuple[str, str | None]]:
    """The base models a base-model cell names, each with the size it gives ("Llama 3.1
    (**405b**)" -> [("Llama 3.1", "405b")]; "CLIP + LLaMA" -> two bases).  A name of the
    document's own (``own``: "GPT-NeoX") is taken whole, not as the vocabulary's part of it.

    >>> base_models("Llama 3.1 (**405b**) [^24]"), base_models("CLIP [12] + LLaMA [48]")
    ([('Llama 3.1', '405b')], [('CLIP', None), ('LLaMA', None)])
    """
    out: list[tuple[str, str | None]] = []
    for part in _BASE_SPLIT.split(_REF.sub("", text).replace("*", "")):
        part = part.strip(" `")
        if not part or part in ("-", "—", "/", "?", "？") or _SIZE_ONLY.match(part):
            continue
        m = _SIZED.match(part)
        name, size = (m.group("name").strip(), m.group("size").replace(" ", "")) if m else (part, None)
        hub = _HUB_CELL.match(name)
        if hub:
            name = hub.group(1)
        found = [sp for sp in cell_names(name) if sp.cls in ("Model", "Series")]
        if name in own or found and found[0].start == 0 and found[0].end >= len(name) - 1:
            out.append((name, size))
        elif not found and _NAME_SHAPE.match(name) and len(name.split()) <= 4 and re.search(r"[A-Za-z\u4e00-\u9fff]", name):
            out.append((name, size))
        elif found:
            out.extend((sp.text, None) for sp in found if sp.cls == "Model")
    return out[:6]


def _row_says_finetuned(cells: tuple[Cell, ...], base_col: int, model_col: int | None) -> bool:
    return any(i not in (base_col, model_col) and _FT_ROW.search(c.text) for i, c in enumerate(cells))


_TECH_SPLIT = re.compile(r"\s*(?:[/,，、;；+＋&]|\band\b|和|与)\s*")
_TECH_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9\-.]{1,24}|[\u4e00-\u9fff]{2,8}")


def technique_names(text: str) -> list[str]:
    """Techniques a training-method cell names: listed ones by their canonical name, short
    unlisted tokens as written ("dDPO", "dSFT").

    >>> technique_names("SFT + DPO"), technique_names("dDPO"), technique_names("-")
    (['SFT', 'DPO'], ['dDPO'], [])
    """
    out: list[str] = []
    for part in _TECH_SPLIT.split(_REF.sub("", text).replace("*", "")):
        part = part.strip(" `")
        if not part or part in ("-", "—", "/", "?", "？", "N/A", "n/a"):
            continue
        techs = [sp.canonical for sp in cell_names(part) if sp.cls == "Technique"]
        if techs:
            out.extend(t for t in techs if t not in out)
        elif _TECH_TOKEN.fullmatch(part) and not cell_names(part) and part not in out and (
                part.isascii() or part.endswith(("微调", "训练", "对齐", "蒸馏", "量化", "学习", "优化", "剪枝"))):
            out.append(part)  # (an unlisted Chinese phrase must name a method: "先在裁判文书" does not)
    return out[:6]


# -- free-text cells ("特点", "说明", "Notes"): techniques, sizes, context, tokens -------
_NOTE_CTX = re.compile(
    r"(\d{1,4}(?:\.\d)?)\s?([KkMm])\s?(?:tokens?|词元)?\s?(?:的)?\s?(?:上下文|context)"
    r"|(?:上下文|context)(?:长度|窗口| window| length)?\s?[:：]?\s?(\d{1,4}(?:\.\d)?)\s?([KkMm])(?![A-Za-z])",
    re.I,
)
_NOTE_TOKENS = re.compile(r"(\d{1,5}(?:\.\d{1,3})?)\s?(万亿|千亿|亿|[TB])\s?(?:个)?\s?(?:tokens?|词元)", re.I)
_NOTE_SIZE = re.compile(r"(?<![A-Za-z0-9_.\-])(\d{1,4}(?:\.\d{1,2})?)\s?([BM])(?![A-Za-z\d])")
_NOTE_NEG = words("note_negation")


_RE_NOTE_FACTS_1 = re.compile(r"[-–~～/至到]\s?$")
_RE_NOTE_FACTS_2 = re.compile(r"\s?[-–~～/至到]\s?\d")
#: what separates the parts of a notes cell ("70B + MoE，GQA")
_NOTE_SEPS = str.maketrans({c: "," for c in "+，、;；"})


def _note_facts(text: str, name: str) -> list[tuple[str, Mention | Value, str]]:
    """Facts a free-text cell states about its row's model.

    Techniques named in the cell (not after a negation), an architecture kind, a
    context window ("128K 上下文"), training tokens ("2T token") and single sizes
    ("70B + MoE"); a dash range of sizes in prose ("7B-65B") spans a family and is
    left alone.
    """
    out: list[tuple[str, Mention | Value, str]] = []
    spans = find_names(text)
    taken: list[tuple[int, int]] = []
    for c in _NOTE_CTX.finditer(text):
        num, unit = (c.group(1), c.group(2)) if c.group(1) else (c.group(3), c.group(4))
        val = int(float(num) * (1000 if unit.lower() == "k" else 1_000_000))
        out.append(("contextLength", Value(val, "integer"), c.group(0)))
        taken.append(c.span())
    for t in _NOTE_TOKENS.finditer(text):
        vals = parse_sizes(f"{t.group(1)}{t.group(2)}")
        if vals and vals[0] >= 10**9:
            out.append(("trainingTokens", Value(vals[0], "integer"), t.group(0)))
            taken.append(t.span())
    name_spans = [(s.start, s.end) for s in spans if s.cls in ("Model", "Series")]
    for q in _NOTE_SIZE.finditer(text):
        a, b = q.span()
        if any(x <= a < y for x, y in taken + name_spans):
            continue
        before, after = text[max(0, a - 2):a], text[b:b + 3]
        if _RE_NOTE_FACTS_1.search(before) or _RE_NOTE_FACTS_2.match(after):
            continue  # "7B-65B": a span of sizes across a family
        vals = parse_sizes(q.group(0))
        if vals and vals[0] >= 10**8:
            out.append(("parameters", Value(vals[0], "integer"), q.group(0)))
    kinds: list[str] = []
    for part in text.translate(_NOTE_SEPS).split(","):
        a = parse_architecture(part)
        if a and a not in kinds:
            kinds.append(a)
    for a in kinds:
        out.append(("architecture", Value(a, "architecture"), text))
    for sp in spans:
        if sp.cls != "Technique" or _NOTE_NEG.ends(text[max(0, sp.start - 6):sp.start]):
            continue
        if sp.canonical == "MoE" and "MoE" in kinds:
            continue  # "236B + MoE": the architecture, said once
        out.append(("usesTechnique", Mention(sp.canonical, "Technique"), sp.text))
    return out


@register(NAME)
def extract_tables(doc: Document) -> list[Claim]:
    """Facts from every pipe table and HTML table of ``doc`` whose header names a model column."""
    lines = source_lines(doc)
    claims: list[Claim] = []
    for index, block in enumerate(doc.blocks):
        if block.kind == "table":
            tables = [pipe_table(block)]
        elif block.kind == "html" and "<table" in block.text.lower():
            tables = html_tables(block)
        else:
            continue
        ctx = _table_context(doc, index)
        open_ctx = _OPEN_CONTEXT.search(ctx) is not None
        closed_ctx = _CLOSED_CONTEXT.search(ctx) is not None
        context_open = True if open_ctx and not closed_ctx else False if closed_ctx and not open_ctx else None
        if context_open is None:
            from kg.extract.sentence import heading_openness

            said = heading_openness(block.section)
            context_open = said[1] if said is not None else None  # a table under "# Open LLMs", "## 闭源模型"
        note = _table_note(doc, index)
        base_ctx = ctx + " " + note + " " + " ".join(block.section[-2:]) + " " + " ".join(
            h for t in tables for h in t.header)  # ("| Instruction Train Set |": its rows were instruction-tuned)
        base_pred = "fineTunedFrom" if _FINETUNE_CONTEXT.search(note) or _FINETUNE_CONTEXT.search(base_ctx) \
            and not _DISTILL_CONTEXT.search(ctx + " " + " ".join(block.section[-1:])) else "derivedFrom"
        techs = _heading_techniques(block.section)
        for t in tables:
            fields = header_fields(t.header)
            col = model_column(t.header, t.rows, fields)
            if col is not None and _open_words_column(t.rows, col):
                # "| Base | … | Weights |" with "open" / "closed" under Weights: a table of base models
                fields = list(fields)
                fields[col] = "open"
                col = fields.index("base") if "base" in fields else None
                if col is not None:
                    fields[col] = "model"
            matrix = _size_matrix(doc, lines, t) if col is None or t.header and not t.header[0].strip(" #*") else []
            if col is None or matrix:
                claims.extend(matrix)  # "|  | 基座模型 | 对齐模型 |" over rows "| 7B | … |": names by size, not by column
                continue
            own = _own_models(doc)
            if own and _names_share(t.rows, col, own) < 0.5:
                # "| 权重介绍 | 下载地址 |": the column headed like names holds descriptions; the one whose
                # cells are the document's model names (link texts of its hub ids) is the name column
                shares = {i: _names_share(t.rows, i, own) for i, f in enumerate(fields)
                          if f not in ("base", "developer") and i != col}
                alt = max(shares, key=lambda i: shares[i], default=None)
                if alt is not None and shares[alt] >= 0.5:
                    fields = list(fields)
                    fields[col], col = "notes", alt
                    fields[alt] = "model"
            for i, f in enumerate(fields):
                if f == "model" and i != col and _open_words_column(t.rows, i):
                    fields = list(fields)
                    fields[i] = "open"  # "| Weights |" holding "open" / "closed": whether they are published
            ckpt_cols = [i for i, f in enumerate(fields) if f == "model" and i != col]
            if "model" in fields and fields.index("model") != col or "model" not in fields:
                fields = [("model" if i == col else None if f == "model" else f) for i, f in enumerate(fields)]
            # a licence column ("开源协议", "License"): any licence named means published weights
            fields = ["license" if f == "open" and _LICENSE_HEADER.search(h) else
                      "open_source" if f == "open" and _OPEN_SOURCE_HEADER.search(h) else f
                      for f, h in zip(fields, t.header, strict=False)] + fields[len(t.header):]
            units = [header_unit(h) for h in t.header]
            # an unknown bare cell counts as a model name only under a plain "model" header
            # (or under no header at all, where model_column found the cells to be names)
            loose = header_fields([t.header[col]], exact_only=True) == ["model"] or not t.header[col].strip(" #*")
            total_active = bool(_ACTIVE_WORD.search(note) or any(_ACTIVE_WORD.search(h) for h in t.header))
            check_cols = _check_columns(t.header, fields, note + " " + ctx)
            group_arch: list[str] = []
            for cells in t.rows:
                texts = {c.text.strip(" *`") for c in cells if c.text.strip(" *`")}
                if len(texts) == 1:
                    only = next(iter(texts))
                    if len(only) <= 40 and cell_architectures(only):
                        group_arch = cell_architectures(only)  # "| Encoder-only |" over its group of rows
                        continue
                row = _row_claims(doc, lines, fields, units, cells, context_open, base_pred, loose, total_active)
                claims.extend(row)
                for c in row if group_arch and "architecture" not in fields else ():
                    if c.predicate == "type" and not c.subject.alias_of and c.prov.line == cells[col].line:
                        claims.extend(make_claim(doc, NAME, c.prov.line, c.prov.quote, c.subject, "architecture",
                                                 Value(a, "architecture")) for a in group_arch)
                claims.extend(_checkpoint_names(doc, lines, [cells[i] for i in ckpt_cols if i < len(cells)]))
                ticked = [tech for i, tech in check_cols.items() if i < len(cells) and _ticked(cells[i].text)]
                for c in row if ticked else ():
                    if c.predicate == "type" and not c.subject.alias_of and c.prov.line == cells[col].line:
                        # "| IFT |" holding ✓, the note saying "IFT denotes instruction fine-tuning": it used that
                        claims.extend(make_claim(doc, NAME, c.prov.line, c.prov.quote, c.subject, "usesTechnique",
                                                 Mention(tech, "Technique")) for tech in ticked)
                for c in row if techs and "technique" not in fields else ():  # (a technique column says it per row)
                    if c.predicate == "type" and not c.subject.alias_of and c.prov.line == cells[col].line:
                        # a table under "Instruction finetuned LLM" / "RLHF 模型": each row's model uses it
                        claims.extend(make_claim(doc, NAME, c.prov.line, c.prov.quote, c.subject, "usesTechnique",
                                                 Mention(tech, "Technique")) for tech in techs)
    return claims


#: fields a "Label：value" line may state of its context's model (the base and name fields are
#: the lineage cues' and the names' business; notes and links say nothing by their label)
_FIELD_LINE_FIELDS = frozenset({"developer", "date", "open", "parameters", "active", "context", "tokens",
                                "architecture", "technique", "kind"})


def field_line_claims(doc: Document, name: str, raw_line: str, line: int) -> list[Claim]:
    """A field line of a model card or a list entry, "- **Developed by:** Ostrel Lab",
    "开发者：白鹭健康 AI", "发布：2024年10月，赤松大学智能医学实验室，开源": read like a table row
    of the context's model ``name`` whose header is the label (kg/data/headers.tsv words)."""
    text = clean_line(raw_line)[0].strip().lstrip("-*+ ").strip()
    cut = min((i for i in (text.find("："), text.find(":")) if i > 0), default=-1)
    if cut < 0 or cut > 16 or len(text) > 120:
        return []
    label, value = text[:cut].strip(" *_`"), text[cut + 1:].strip(" *_`")
    fields = header_fields([label], exact_only=True)
    if not value or not fields or fields[0] not in _FIELD_LINE_FIELDS:
        return []
    pieces = [p.strip() for p in value.translate(_PIECE_SEPS).split("，") if p.strip()] \
        if fields[0] in ("date", "developer") else [value]
    cells = (Cell(name, line), *(Cell(p, line) for p in pieces[:4]))
    lines = source_lines(doc)
    claims = _subject_claims(doc, lines, [None, fields[0], *([None] * (len(cells) - 2))],
                             [None, header_unit(label), *([None] * (len(cells) - 2))],
                             cells, None, "derivedFrom", 0, name, cells[0])
    out = [c for c in claims if c.predicate != "type"]
    if fields[0] == "date" and not any(c.predicate == "developer" for c in out):
        for p in pieces[1:3]:  # "发布：2024年10月，赤松大学智能医学实验室，开源": when, who, how
            if len(p) <= 30 and not find_dates(p) and _ORG_END.ends(p) and not any(
                    sp.cls in ("Model", "Technique") for sp in find_names(p)):
                out.append(make_claim(doc, NAME, line, quote_window(lines[line - 1], raw_line.find(p), raw_line.find(p) + len(p))
                                      if p in raw_line else quote_window(lines[line - 1]),
                                      Mention(name, "Model"), "developer", Mention(p, "Organization")))
    return out


_ORG_END = words("org_end")
_PIECE_SEPS = str.maketrans({",": "，", "；": "，", ";": "，"})


def _checkpoint_names(doc: Document, lines: list[str], cells: list[Cell]) -> list[Claim]:
    """Models named in a second model column of a row ("| Checkpoints |", "| 权重 |"): each one
    a model, if the document or the vocabulary knows it as one."""
    if not cells:
        return []
    from kg.extract.sentence import table_model_names

    extra = table_model_names(doc)
    out: list[Claim] = []
    for cell in cells:
        for name, spellings in cell_models(cell.text)[0][:8]:
            known = [sp for sp in find_names(name, extra) if sp.cls == "Model" and sp.text == name]
            q = _quote_for(lines, cell, spellings[0] if spellings else name)
            if known and q and q[1]:
                out.append(make_claim(doc, NAME, q[0], q[1], Mention(name, "Model"), "type", Value("Model", "class")))
    return out


def _size_matrix(doc: Document, lines: list[str], t: Table) -> list[Claim]:
    """A table of checkpoints by size and variant: each row opens with a bare size, the
    other cells name one model each ("| 7B | [org/Foo-7b-hf](…) | [org/Foo-7b-Python-hf](…) |",
    model cards and family READMEs): every such model is a model of the row's size.

    Only a model the document or the vocabulary knows counts (a hub id, a name of a model
    table or of the text), and at least two rows must have the shape."""
    from kg.extract.sentence import table_model_names

    rows = [r for r in t.rows if len(r) >= 2 and _bare_size(r[0].text)]
    if len(rows) < 2 or len(rows) * 2 < len(t.rows):
        return []
    extra = table_model_names(doc)
    out: list[Claim] = []
    for r in rows:
        sizes = [v for v in parse_sizes(r[0].text.strip(" *`")) if v >= 10**7][:1]
        for cell in r[1:]:
            models, _ = cell_models(cell.text)
            if len(models) != 1:
                continue
            name, spellings = models[0]
            known = [sp for sp in find_names(name, extra) if sp.cls == "Model" and sp.text == name]
            q = _quote_for(lines, cell, spellings[0] if spellings else name)
            if not known or not q or not q[1]:
                continue
            out.append(make_claim(doc, NAME, q[0], q[1], Mention(name, "Model"), "type", Value("Model", "class")))
            out.extend(make_claim(doc, NAME, q[0], q[1], Mention(alias, "Model", name), "type", Value("Model", "class"))
                       for alias in spellings)
            out.extend(make_claim(doc, NAME, q[0], q[1], Mention(name, "Model"), "parameters", Value(v, "integer"))
                       for v in sizes)
    return out


def _bare_size(text: str) -> bool:
    """A cell that is a parameter count and nothing else ("7B", "**13B**", "70 B")."""
    t = text.strip(" *`")
    return bool(t) and len(t) <= 8 and t[0].isdigit() and t[-1] in "BbMm" and bool(parse_sizes(t))


def cell_architectures(text: str) -> list[str]:
    """The architecture kinds an architecture column's cell names: a bare "Decoder" there
    is a decoder-only model ("| Decoder(MOE) |": decoder-only and MoE).

    >>> cell_architectures("Decoder(MOE)"), cell_architectures("Encoder-Decoder"), cell_architectures("解码器")
    (['decoder-only', 'MoE'], ['encoder-decoder'], ['decoder-only'])
    """
    out: list[str] = []
    for sep in "（）()/+,，;；":
        text = text.replace(sep, "|")
    for part in text.split("|"):
        part = part.strip(" *`")
        if not part:
            continue
        a = parse_architecture(part)
        if a is None and len(part.split()) == 1:
            a = parse_architecture(part + " only") or parse_architecture(part + "模型")
        if a and a not in out:
            out.append(a)
    return out


def _heading_techniques(section: tuple[str, ...]) -> list[str]:
    """Techniques the headings right above a table name ("### Instruction finetuned LLM",
    "## RLHF 模型")."""
    out: list[str] = []
    for h in section[-2:]:
        if any(w in h for w in ("?", "？", "还是", " vs", " or ")):
            continue  # "## 量化：GPTQ 还是 AWQ？": a question between techniques names neither
        spans = [sp for sp in find_names(h) if sp.cls == "Technique"]
        rest = h
        for sp in reversed(spans):
            rest = rest[:sp.start] + " " + rest[sp.end:]
        latin = [w for w in rest.replace("-", " ").split() if w.isascii() and any(ch.isalpha() for ch in w)]
        cjk = sum(1 for ch in rest if "\u4e00" <= ch <= "\u9fff")
        if len(latin) > 3 or cjk > 8:
            continue  # "AceReason 1.1: Advancing Math and Code Reasoning through SFT and RL": a title, no class of models
        for sp in spans:
            if sp.canonical not in out:
                out.append(sp.canonical)
    return out[:3]




def _link_cell(text: str) -> bool:
    """A cell that is only a link: "[Link](https://…)", "https://…"."""
    t = text.strip().strip("<>")
    if t.startswith(("http://", "https://")):
        return " " not in t
    label, sep, url = t.partition("](")
    return t.startswith("[") and bool(sep) and url.startswith(("http://", "https://")) and url.endswith(")") \
        and "](" not in url and len(label) <= 41


#: columns that describe the model of their row (not another model)
_ATTRIBUTE_FIELDS = frozenset({"developer", "date", "open", "parameters", "active", "context", "tokens",
                               "architecture", "license"})


def model_column(header: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...], fields: list[str | None] | None = None) -> int | None:
    """The column of a table that names its models: the one under a model header word, else
    a first column with no header beside at least two known columns whose cells are names
    ("|    | Release Year | Base Model | Developer |")."""
    fields = header_fields(header) if fields is None else fields
    if "model" in fields:
        return fields.index("model")
    if fields.count("base") == 1 and fields[0] == "base" \
            and sum(1 for f in fields if f in _ATTRIBUTE_FIELDS) >= 2:
        # "| Base model | Developer | Params | Context |" (a table of bases at a glance): with no
        # other name column, the base column names the models the other columns describe
        return 0
    if not header or header[0].strip(" #*") or sum(1 for f in fields[1:] if f not in (None, "ignore")) < 2 \
            and sum(1 for h in header[1:] if not_model(h.strip(" *`"))) < 2:
        return None  # (a score table's columns are benchmarks: "|  | C-Eval | MMLU |")
    named = sum(1 for r in rows[:50] if r and cell_models(r[0].text)[0] and not _NOT_A_NAME.match(r[0].text.strip()))
    return 0 if rows and named * 2 >= min(len(rows), 50) else None

