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
from html.parser import HTMLParser

from kg.extract.common import header_fields, header_unit, make_claim, quote_window, source_lines
from kg.extract.names import find_names, vocabulary
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
class _TableParser(HTMLParser):
    """Collect <table> grids: rows of (text, rowspan, colspan, line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int, int, bool]]]] = []
        self._stack: list[list[list[tuple[str, int, int, int, bool]]]] = []
        self._cell: list[str] | None = None
        self._cell_info: tuple[int, int, int, bool] = (1, 1, 1, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            a = dict(attrs)
            self._cell = []
            self._cell_info = (_span(a.get("rowspan")), _span(a.get("colspan")), self.getpos()[0], tag == "th")
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._close_cell()
        elif tag == "tr" and self._cell is not None and self._stack:
            self._close_cell()
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
        text = re.sub(r"\s+", " ", "".join(self._cell or [])).strip()
        rs, cs, line, th = self._cell_info
        self._stack[-1][-1].append((text[:MAX_CELL], rs, cs, line, th))
        self._cell = None


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
            grid.append(cells)
        rows = tuple(tuple(c if c else Cell("", 0) for c in r) for r in grid)
        out.append(Table(header, rows, block.line))
    return out


def pipe_table(block: Block) -> Table:
    rows = tuple(
        tuple(Cell(c[:MAX_CELL], r.line) for c in r.cells) for r in block.rows[:MAX_ROWS]
    )
    return Table(tuple(block.header), rows, block.line)


# -- reading rows ---------------------------------------------------------------------
_OPEN_CONTEXT = re.compile(r"开源|open[- ]source|open[- ]weights?", re.I)
_CLOSED_CONTEXT = re.compile(r"闭源|closed[- ]source|proprietary|未开源", re.I)
_FINETUNE_CONTEXT = re.compile(r"微调|指令|fine[- ]?tun|instruction|SFT|chat", re.I)
_SIZE_ONLY = re.compile(r"^\s*[\d.,]+\s*(?:[-~到至/、]\s*[\d.,]+\s*)*(?:万亿|千亿|亿|[BbMmTt])\s*(?:参数)?\s*$")
_NOT_A_NAME = re.compile(r"^[-–—\s/]*$|^\d[\d\s,.]*$")


def _table_context(doc: Document, index: int) -> str:
    """Text just above the table (its caption or heading): says e.g. all rows are open."""
    for b in reversed(doc.blocks[max(0, index - 2):index]):
        if b.kind in ("paragraph", "heading") and b.text.strip():
            return b.text.strip()[-200:]
        if b.kind == "table":
            return ""
    return ""


def _subject(cells: tuple[Cell, ...], model_col: int | None, loose: bool = True) -> tuple[str, Cell] | None:
    """The model a row is about: the model column's name (or a bare short name there)."""
    cols = [model_col] if model_col is not None else [0]
    for c in cols:
        if c >= len(cells):
            continue
        cell = cells[c]
        text = cell.text.strip()
        if not text or _NOT_A_NAME.match(text):
            return None
        spans = [s for s in find_names(text) if s.cls in ("Model", "Series")]
        if spans:
            s = spans[0]
            covered = sum(x.end - x.start for x in spans[:1])
            rest = (text[: s.start] + text[s.end:]).strip(" ()（）[]*:：-")
            if len(spans) == 1 and (covered >= len(text) * 0.6 or len(rest) <= 12):
                return s.text, cell
            return None
        if loose and model_col is not None and len(text) <= 40 and len(text.split()) <= 4 and not re.search(r"[，。,;；:：]", text):
            return text, cell
    return None


def _quote_for(doc_lines: list[str], cell: Cell, text: str) -> tuple[int, str] | None:
    if not 1 <= cell.line <= len(doc_lines):
        return None
    raw = doc_lines[cell.line - 1]
    i = raw.find(text) if text else -1
    if i < 0:
        return cell.line, quote_window(raw)
    return cell.line, quote_window(raw, i, i + len(text))


def _row_claims(
    doc: Document, lines: list[str], fields: list[str | None], units: list[str | None],
    cells: tuple[Cell, ...], context_open: bool | None, base_pred: str, loose: bool,
) -> list[Claim]:
    model_col = fields.index("model") if "model" in fields else None
    subj = _subject(cells, model_col, loose)
    if subj is None:
        return []
    name, subj_cell = subj
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
        unit = units[i] if i < len(units) else None
        # content first: dates and open/closed are unmistakable wherever they sit
        dates = find_dates(text)
        if dates and field in (None, "date", "developer", "parameters", "open", "kind") and len(text) <= 40:
            if not got_date:
                add("releaseDate", Value(dates[0][2], "date"), cell, text[dates[0][0]:dates[0][1]])
                got_date = True
            continue
        if field == "date":
            d = parse_date(text)
            if d and not got_date:
                add("releaseDate", Value(d, "date"), cell, text)
                got_date = True
            continue
        ow = parse_open(text)
        if ow is not None and (field in ("open", None) or text in ("开源", "闭源")):
            if not got_open:
                add("openWeights", Value(ow, "boolean"), cell, text)
                got_open = True
            continue
        orgs = [s for s in find_names(text) if s.cls == "Organization"]
        if field == "developer" or (orgs and len(orgs[0].text) >= len(text) - 2):
            if orgs:
                for s in orgs[:3]:
                    add("developer", Mention(s.canonical, "Organization"), cell, s.text)
                continue
            if field == "developer" and not _SIZE_ONLY.match(text):
                lk = vocab.lookup_ci(text)
                if any(c == "Organization" for c, _ in lk):
                    add("developer", Mention(text, "Organization"), cell, text)
                continue
        if field in ("parameters", "active") or (field in (None, "developer", "kind") and _SIZE_ONLY.match(text)):
            pred = "activeParameters" if field == "active" else "parameters"
            for v in parse_sizes(text, unit)[:8]:
                if v >= 10**6:
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
            continue
        if field == "base":
            for s in find_names(text):
                if s.cls == "Model" and s.text != name:
                    add(base_pred, Mention(s.text, "Model"), cell, s.text)
            continue
        if field == "architecture":
            a = parse_architecture(text)
            if a:
                add("architecture", Value(a, "architecture"), cell, text)
            continue
    if not got_open and context_open is not None:
        add("openWeights", Value(context_open, "boolean"), subj_cell, name)
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
        base_pred = "fineTunedFrom" if _FINETUNE_CONTEXT.search(ctx + " " + " ".join(block.section[-2:])) else "derivedFrom"
        for t in tables:
            fields = header_fields(t.header)
            if "model" not in fields:
                continue
            units = [header_unit(h) for h in t.header]
            # an unknown bare cell counts as a model name only under a plain "model" header
            loose = header_fields([t.header[fields.index("model")]], exact_only=True) == ["model"]
            for cells in t.rows:
                claims.extend(_row_claims(doc, lines, fields, units, cells, context_open, base_pred, loose))
    return claims

