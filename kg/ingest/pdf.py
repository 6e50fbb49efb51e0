"""Read a PDF: its text in reading order, as Markdown paragraphs, with the page and line of each.

Papers and survey books are PDFs.  pypdfium2 (PDFium, the engine of Chrome's viewer;
Apache-2.0/BSD) gives each line of text with its box, in the order the page draws it,
which for typeset papers is column by column.  It was chosen by measurement
(bench/ANALYSIS.md, "Reading PDFs"): 10-30x faster than pypdf and pdfplumber, and unlike
pdfplumber's default it does not interleave the two columns of a paper, nor drop the
spaces between English words.

What this module adds is the layout a reader expects:

* lines are joined into paragraphs (one paragraph per line of the produced text, as a
  Markdown paragraph), by vertical gaps, short last lines and indents; words split by an
  end-of-line hyphen are joined, Chinese lines are joined without a space;
* running headers and footers (a line that repeats at the top or bottom of pages, digits
  aside) and page numbers are dropped;
* numbered section titles ("3.2 Fine-tuning", "第二章 …") become headings, bullets list
  items, so extractors see the same blocks as in Markdown;
* the bibliography is dropped: a reference list names hundreds of models in paper titles
  and states nothing about them.

Each produced line keeps where its pieces came from (``p.3 l.12``: page 3, 12th line of
text on the page), which :meth:`kg.model.Document.place` turns into a claim's location.
Tables are not recognised (PDFium does not find them); their cells come out as lines.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kg.errors import InputError

__all__ = ["read_pdf", "read_pdf_bounded", "MAX_PAGES", "MAX_CHARS", "TIME_LIMIT", "MEMORY_LIMIT"]

#: PDFs with more pages are skipped: a book is under 2,000; reading 10,000 pages takes minutes.
MAX_PAGES = 3000
#: Text budget of one PDF (characters); beyond it the PDF is skipped rather than half read.
MAX_CHARS = 20_000_000
#: Seconds and bytes of memory one PDF may cost (:func:`read_pdf_bounded`): a book-length
#: PDF reads in about 2 s and 100 MB; a decompression bomb (a small file whose streams
#: inflate to gigabytes) would take what the machine has.
TIME_LIMIT = 120.0
MEMORY_LIMIT = 1536 * 1024 * 1024
#: A PDF whose pages hold fewer characters than this on average has no usable text layer.
MIN_CHARS_PER_PAGE = 20

_SOFT_HYPHENS = ("\x02", "\ufffe", "\u00ad")
_BULLETS = "•◦▪●‣∙·■□➢►"
#: characters that open a Markdown block at the start of a line; escaped there
_BLOCK_MARKS = "#>|<=`~*+-_"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–— ]*\d{1,4}[-–— ]*(?:/\s*\d{1,4})?$|^第\s*\d{1,4}\s*页", re.I)
_SECTION = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?|(?P<zh>第[一二三四五六七八九十百\d]{1,4}[章节部分篇])|"
    r"(?P<cn>[一二三四五六七八九十]{1,3})[、.．])\s*(?P<title>\S.*)$")
_UNNUMBERED = {"abstract", "introduction", "conclusion", "conclusions", "acknowledgements", "acknowledgments",
               "appendix", "摘要", "引言", "前言", "结论", "致谢", "附录"}
_REFERENCES = {"references", "bibliography", "参考文献", "引用文献"}
_SENTENCE_END = tuple(".!?。！？:：;；")


@dataclass
class _Line:
    text: str
    page: int
    number: int  # 1-based line of text on its page
    x0: float
    y0: float  # bottom (PDF coordinates grow upwards)
    x1: float
    y1: float  # top
    low: bool = False  # in the lowest third of its page (where footnotes are)
    size: float = 0.0  # type size: height of the line's middle character's loose box
    table: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a table found here: (place, cells) per row
    bold: bool = False  # the first character is set bold (a section number is, a list number is not)
    bullet: bool = False  # a drawn bullet (a small disc or square) sits just left of the line

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)


def read_pdf(data: bytes, name: str) -> tuple[str, tuple[tuple[tuple[int, str], ...], ...], str]:
    """``(markdown, places, title)`` of a PDF; raises :class:`InputError` naming it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise InputError(f"{name}: encrypted PDF (a password is needed), skipped") from None
        raise InputError(f"{name}: damaged or not a PDF ({' '.join(str(exc).split())}), skipped") from None
    try:
        n = len(pdf)
        if n == 0:
            raise InputError(f"{name}: PDF has no pages, skipped")
        if n > MAX_PAGES:
            raise InputError(f"{name}: PDF has {n} pages, over the {MAX_PAGES}-page limit, skipped")
        pages, ruled = _read_pages(pdf, n, name)
        title = _pdf_title(pdf)
    finally:
        pdf.close()
    if ruled:
        _place_tables(pages, _find_tables(data, ruled))
    chars = sum(len(ln.text) for page in pages for ln in page)
    if chars < MIN_CHARS_PER_PAGE * n:
        raise InputError(f"{name}: PDF has no text layer (scanned images?), skipped")
    text, places = _layout(_drop_running(pages))
    if not text.strip():
        raise InputError(f"{name}: PDF has no text outside headers and footers, skipped")
    return text, places, title


def read_pdf_bounded(data: bytes, name: str, seconds: float = TIME_LIMIT,
                     memory: int = MEMORY_LIMIT) -> tuple[str, tuple[tuple[tuple[int, str], ...], ...], str]:
    """:func:`read_pdf` within ``seconds`` and ``memory`` bytes (:func:`kg.ingest.bounded.call_bounded`).

    PDFium inflates a page's streams in C, out of Python's reach: a decompression bomb
    asks for gigabytes.
    """
    from kg.ingest.bounded import call_bounded

    return call_bounded(read_pdf, (data, name), name, "reading the PDF", seconds, memory)


#: a page drawing at least this many path objects may hold a ruled table
MIN_RULES = 6
#: path objects looked at per page (a plot can draw tens of thousands)
MAX_PATHS = 5000


def _drawings(page) -> tuple[list[tuple[float, float, float]], int]:
    """Bullet marks of a page (right edge, bottom, top of each small disc or square) and its
    number of path objects.  Browsers and word processors draw list bullets as shapes,
    not text, so they are found among the drawings."""
    import pypdfium2.raw as pdfium_c

    marks: list[tuple[float, float, float]] = []
    paths = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        paths += 1
        if paths > MAX_PATHS:
            break
        x0, y0, x1, y1 = obj.get_bounds()
        w, h = x1 - x0, y1 - y0
        if 2 <= w <= 8 and 2 <= h <= 8 and abs(w - h) < 1.5:
            marks.append((x1, y0, y1))
    return marks, paths


def _mark_bullets(lines: list[_Line], marks: list[tuple[float, float, float]]) -> None:
    for ln in lines:
        for x1, y0, y1 in marks:
            if 0 < ln.x0 - x1 < 20 and ln.y0 - 2 <= (y0 + y1) / 2 <= ln.y1 + 2:
                ln.bullet = True
                break


def _find_tables(data: bytes, pages: list[int]) -> dict[int, list[tuple[tuple[float, float, float, float], list]]]:
    """Ruled tables of the given pages (0-based) found by pdfplumber: per page, (bbox, rows).

    pdfplumber (MIT) finds a table from its drawn rules and splits it into cells, which
    PDFium does not do; it is slow (about 50 ms a page), so it reads only pages that draw
    rules.  A "table" that is mostly empty cells is a chart's grid, not a table.
    """
    import io
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found: dict[int, list] = {}
    with pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in pages]) as pdf:
        for i, page in zip(pages, pdf.pages, strict=True):
            for tb in page.find_tables():
                h = float(page.height)
                bands = [(h - r.bbox[1], h - r.bbox[3]) for r in tb.rows]  # (top, bottom) in PDF coordinates
                pairs = [(band, [_cell(c or "") for c in row])
                         for band, row in zip(bands, tb.extract(), strict=False)]
                pairs = [(band, r) for band, r in pairs if any(c.strip() for c in r)]
                rows = [r for _, r in pairs]
                cells = [c for r in rows for c in r]
                if len(rows) < 2 or max(len(r) for r in rows) < 2 \
                        or sum(1 for c in cells if not c.strip()) > len(cells) / 2:
                    continue
                x0, top, x1, bottom = tb.bbox
                found.setdefault(i, []).append(((x0, h - bottom, x1, h - top), pairs))
    return found


def _cell(text: str) -> str:
    """A table cell's text on one line: "2021-" + "01" -> "2021-01", "Switch" + "Transformer" -> "Switch Transformer"."""
    out = ""
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        out = part if not out else (out + part if out.endswith("-") else _joins(out, part))
    return out.replace("|", "\\|")


def _place_tables(pages: list[list[_Line]], tables: dict[int, list]) -> None:
    """Replace the lines inside each found table by one line holding the table's rows."""
    for i, found in tables.items():
        lines = pages[i]
        for (x0, y0, x1, y1), rows in found:
            inside = [k for k, ln in enumerate(lines) if not ln.table and x0 - 2 <= (ln.x0 + ln.x1) / 2 <= x1 + 2
                      and y0 - 2 <= (ln.y0 + ln.y1) / 2 <= y1 + 2]
            if not inside:
                continue
            placed = []
            for (top, bottom), cells in rows:
                first = next((lines[k] for k in inside if bottom - 2 <= (lines[k].y0 + lines[k].y1) / 2 <= top + 2),
                             lines[inside[0]])
                placed.append((f"p.{first.page} l.{first.number}", tuple(cells)))
            head = lines[inside[0]]
            table = _Line("", head.page, head.number, x0, y0, x1, y1, head.low, head.size, tuple(placed))
            keep = set(inside)
            pages[i] = lines = [table if k == inside[0] else ln for k, ln in enumerate(lines)
                                if k not in keep or k == inside[0]]


def _pdf_title(pdf) -> str:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - metadata is optional and often malformed
        return ""
    return " ".join(str(meta.get("Title", "")).split())[:200]


def _read_pages(pdf, n: int, name: str) -> tuple[list[list[_Line]], list[int]]:
    """Each page's lines in PDFium's reading order, with the box of each line.

    PDFium's page text puts spaces where the typesetting leaves gaps (also between Chinese
    and Latin text) and a line break per line; its character indexes are the text's, so the
    boxes of a line's first and last characters give the line's place on the page.
    Also the pages that draw enough lines to hold a ruled table.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages: list[list[_Line]] = []
    ruled: list[int] = []
    budget = MAX_CHARS
    for i in range(n):
        try:
            page = pdf[i]
            tp = page.get_textpage()
        except pdfium.PdfiumError as exc:
            raise InputError(f"{name}: damaged PDF page {i + 1} ({' '.join(str(exc).split())}), skipped") from None
        lines: list[_Line] = []
        try:
            marks, paths = _drawings(page)
            if paths >= MIN_RULES:
                ruled.append(i)
            third = page.get_height() / 3
            text = tp.get_text_range()
            budget -= len(text)
            if budget < 0:
                raise InputError(f"{name}: PDF text is over {MAX_CHARS} characters, skipped")
            pos = 0
            for raw in _physical_lines(text):
                start, pos = pos, pos + len(raw) + (0 if raw.endswith(_SOFT_HYPHENS) else 2)
                stripped = raw.strip()
                if not stripped:
                    continue
                a = start + (len(raw) - len(raw.lstrip()))
                b = start + len(raw.rstrip().rstrip("".join(_SOFT_HYPHENS))) - 1  # a generated hyphen has no box
                b = max(a, b)
                l0, b0, r0, t0 = tp.get_charbox(a, loose=True)
                l1, b1, r1, t1 = tp.get_charbox(b, loose=True)
                # type size: the loose box of the middle character (its font's ascent to descent);
                # FPDFText_GetFontSize says 1.0 where the text matrix scales the font, as Chromium's PDFs do
                _, mb, _, mt = tp.get_charbox((a + b) // 2, loose=True)
                size = mt - mb if mt - mb > 0 else t0 - b0  # a space in the middle has no box
                bold = pdfium_c.FPDFText_GetFontWeight(tp.raw, a) >= 600
                lines.append(_Line(stripped.replace("\n", " ").replace("\r", " "), i + 1, len(lines) + 1,
                                   min(l0, l1), min(b0, b1), max(r0, r1), max(t0, t1), max(b0, b1) < third, size,
                                   bold=bold))
        finally:
            tp.close()
            page.close()
        _mark_bullets(lines, marks)
        pages.append(lines)
    return pages, ruled


def _physical_lines(text: str) -> list[str]:
    """PDFium's page text cut into the lines of the page.

    A line that ends in a hyphenation hyphen is not followed by a line break in PDFium's
    text (the hyphen becomes U+FFFE and the word runs on), so it is cut there too, keeping
    the hyphen: each piece is one line of the page, with its own box.
    """
    out: list[str] = []
    for raw in text.split("\r\n"):
        while True:
            k = raw.find("\ufffe")
            if k < 0:
                break
            out.append(raw[:k + 1])
            raw = raw[k + 1:]
        out.append(raw)
    return out


def _shape(text: str) -> str:
    """A line with its digits folded, so "3 | Survey" and "4 | Survey" are one running header."""
    return re.sub(r"\d+", "#", text.strip().lower())


def _drop_running(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without running headers, footers and page numbers.

    A header or footer is among the first or last three lines of a page and its shape
    (digits folded) comes back on at least 40 % of the pages (and on three at least);
    a bare page number there is dropped whatever the other pages hold.
    """
    edge = 3
    counts: dict[str, int] = {}
    for lines in pages:
        for s in {_shape(ln.text) for ln in lines[:edge] + lines[-edge:]}:
            counts[s] = counts.get(s, 0) + 1
    need = max(3, int(0.4 * len(pages) + 0.999))
    running = {s for s, c in counts.items() if c >= need}
    out = []
    for lines in pages:
        ends = {id(ln) for ln in lines[:edge] + lines[-edge:]}
        out.append([ln for ln in lines if ln.table or not (id(ln) in ends and (
            _shape(ln.text) in running or _PAGE_NUMBER.match(ln.text.strip())))])
    return out


def _heading(text: str) -> int:
    """Markdown heading level of a line that is a section title, else 0."""
    t = text.strip()
    if len(t) > 80 or t.endswith((".", "。", "!", "?", "！", "？", ";", "；", ",", "，")):
        return 0
    low = t.lower().rstrip(":：")
    if low in _UNNUMBERED or low in _REFERENCES:
        return 2
    m = _SECTION.match(t)
    if not m or len(m.group("title")) < 2 or _PAGE_NUMBER.match(t):
        return 0
    title = m.group("title")
    if any(p in title for p in ("，", "。", "；", ", ", ". ")):
        return 0  # a numbered footnote or list item that is a sentence, not a section title
    if m.group("num"):
        if not (title[:1].isupper() or _CJK.match(title[:1])) or re.search(r"\d[\d.,%]*$", title):
            return 0  # "3 billion tokens", "2 | 3.5": a number in a sentence or table, not a section
        return min(6, 2 + m.group("num").count("."))
    return 2


_HYPHENATED = re.compile(r"[^\W\d_]+-[^\W\d_]+")


def _joins(prev: str, nxt: str, hyphenated: frozenset[str] = frozenset()) -> str:
    """``prev`` and ``nxt`` (consecutive lines of one paragraph) as one string.

    A word broken by a hyphenation hyphen is joined; it keeps the hyphen when the document
    writes it with one elsewhere ("full-" + "parameter" where "full-parameter" occurs).
    """
    if prev.endswith(_SOFT_HYPHENS):
        head = re.search(r"[^\W\d_]+$", prev[:-1])
        tail = re.match(r"[^\W\d_]+", nxt)
        keep = head and tail and f"{head.group(0)}-{tail.group(0)}".lower() in hyphenated
        return prev[:-1] + ("-" if keep else "") + nxt
    a, b = prev[-1:], nxt[:1]
    if _CJK.search(a) or _CJK.match(b):
        # Chinese runs on without a space; between Chinese and a Latin word or number the
        # typesetting leaves a gap (PDFium writes it as a space within a line), so one is kept
        # across the break too: "模型" + "ColossalChat" is "模型 ColossalChat", one name, not "模型ColossalChat"
        latin = (a.isascii() and a.isalnum()) or (b.isascii() and b.isalnum())
        return f"{prev} {nxt}" if latin else prev + nxt
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() and nxt[:1].isalnum():
        return prev + nxt  # "full-" + "parameter", "DeepSeek-R1-" + "Distill-Qwen-32B": broken at a hyphen
    return f"{prev} {nxt}"


def _layout(pages: list[list[_Line]]) -> tuple[str, tuple[tuple[tuple[int, str], ...], ...]]:
    """Paragraphs as Markdown lines (blank lines between), and the places of each line."""
    body = [ln for lines in pages for ln in lines if len(ln.text) > 10]
    # the width of a full line: most lines of running text are full, but lists and tables
    # are many short lines, so a high quantile rather than the median
    widths = sorted(ln.x1 - ln.x0 for ln in body)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0.0
    size = statistics.median([ln.size for ln in body]) if body else 0.0
    notes: list[_Line] = []  # footnotes waiting for the paragraph they interrupt to end
    hyphenated = frozenset(w.lower() for ln in body for w in _HYPHENATED.findall(ln.text))
    out: list[str] = []
    places: list[tuple[tuple[int, str], ...]] = []
    para = ""
    spans: list[tuple[int, str]] = []
    prev: _Line | None = None
    title_run: tuple[int, int, float] | None = None  # level, page, size of the heading just emitted

    def emit(text: str, where: tuple[tuple[int, str], ...]) -> None:
        out.append(text)
        places.append(where)
        out.append("")
        places.append(())

    def flush() -> None:
        nonlocal para, spans
        if para:
            emit(para, tuple(spans))
        para, spans = "", []
        if notes:
            note, nspans, last = "", [], None
            for n in notes:
                if note and (last is None or _breaks(last, n, full)):
                    emit(note, tuple(nspans))
                    note, nspans = "", []
                joined = _joins(note, n.text, hyphenated) if note else n.text
                nspans.append((len(joined) - len(n.text), f"p.{n.page} l.{n.number}"))
                note, last = joined, n
            if note:
                emit(note, tuple(nspans))
            notes.clear()

    for lines in pages:
        for ln in lines:
            if ln.table:
                flush()
                _emit_table(ln.table, out, places)
                prev = None
                continue
            text = ln.text.strip()
            where = f"p.{ln.page} l.{ln.number}"
            if size and ln.size > 3 * size:
                continue  # a watermark or decoration drawn huge, not text
            if ln.low and size and ln.size < 0.88 * size and para:
                notes.append(ln)  # a footnote in small type: after the paragraph it interrupts
                continue
            level = _heading(text)
            m = _SECTION.match(text) if level else None
            if m and m.group("num") and "." not in m.group("num").strip(".") and size \
                    and ln.size < 1.05 * size and not ln.bold:
                level = 0  # "1. Pre-training" in body type is a list item, not a section title
            if not level and size and ln.size >= 1.2 * size and len(text) <= 80 and not para \
                    and not text.endswith((".", "。", ",", "，", ";", "；")):
                level = 1 if ln.size >= 1.6 * size else 2 if ln.size >= 1.3 * size else 3  # a title in large type
            if level and text.lower().rstrip(":：") in _REFERENCES:
                flush()
                return _finish(out, places)
            if level:
                flush()
                if title_run is not None and title_run[0] == level and title_run[1] == ln.page \
                        and abs(title_run[2] - ln.size) < 0.5 and out and out[-2].startswith("#"):
                    out[-2] = _joins(out[-2], text)  # a title set on two lines is one heading
                else:
                    emit("#" * level + " " + text.lstrip("#").strip(), ((0, where),))
                title_run = (level, ln.page, ln.size) if not _SECTION.match(text) else None
                prev = None
                continue
            title_run = None
            bullet = text[:1] in _BULLETS or ln.bullet
            if bullet:
                text = "- " + (text[1:] if text[:1] in _BULLETS else text).strip()
            elif text[:1] in _BLOCK_MARKS and not para:
                text = "\\" + text  # "# Total Params 671B" in a table is text, not a Markdown heading
            if para and (bullet or _breaks(prev, ln, full)):
                flush()
            if para:
                joined = _joins(para, text, hyphenated)
                spans.append((len(joined) - len(text), where))
                para = joined
            else:
                para = text
                spans = [(0, where)]
            prev = ln
    flush()
    return _finish(out, places)


def _emit_table(rows: tuple[tuple[str, tuple[str, ...]], ...], out: list[str], places: list) -> None:
    """A found table as a Markdown pipe table (header, delimiter, rows), then a blank line."""
    width = max(len(cells) for _, cells in rows)
    for k, (where, cells) in enumerate(rows):
        padded = list(cells) + [""] * (width - len(cells))
        out.append("| " + " | ".join(c or " " for c in padded) + " |")
        places.append(((0, where),))
        if k == 0:
            out.append("|" + "---|" * width)
            places.append(())
    out.append("")
    places.append(())


def _finish(out: list[str], places: list) -> tuple[str, tuple[tuple[tuple[int, str], ...], ...]]:
    return "\n".join(out) + "\n", tuple(places)


def _breaks(prev: _Line | None, ln: _Line, full: float) -> bool:
    """True when ``ln`` starts a new paragraph after ``prev``."""
    if prev is None:
        return True
    short = full > 0 and (prev.x1 - prev.x0) < 0.8 * full
    ended = prev.text.rstrip().endswith(_SENTENCE_END)
    if ln.page != prev.page or ln.y1 > prev.y1 + prev.height:  # next page or next column
        return short or ended and short
    gap = prev.y0 - ln.y1
    if gap > 0.9 * max(prev.height, ln.height):
        return True
    if short and (ended or _CJK.search(prev.text[-1:])):
        return True
    if ln.x0 > prev.x0 + 1.5 * ln.height and ended:
        return True  # a first-line indent after a sentence end
    return short and not prev.text.rstrip().endswith((",", "，", "、"))
