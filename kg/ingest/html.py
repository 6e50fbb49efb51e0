"""Read a web page (``.html`` / ``.htm``): its main content as Markdown, and where each line came from.

People keep blog posts, news articles and encyclopedia pages as saved HTML.  What the
extractors need is the article, not the page: navigation, headers, footers, sidebars,
cookie banners, scripts and styles name models too ("Popular: GPT-4, Claude 3"), and a
fact taken from them would be wrong.  trafilatura finds the main content (it is the
maintained extractor the web-archiving community measures; it keeps headings, lists and
tables) and writes it as Markdown, so every extractor reads a web page through the same
blocks as a Markdown file, unchanged.

The produced Markdown is the document's text (quotes are verbatim in it); each of its lines
is mapped back to the source line of the HTML element it came from, so a person can find
the fact in the original (``page.html l.145``).
"""

from __future__ import annotations

import codecs
import re
import warnings
from functools import lru_cache

from kg.errors import InputError
from kg.ingest.decode import decode_bytes

__all__ = ["read_html", "read_html_bounded", "sniff_charset", "MAX_HTML_BYTES", "MAX_DEPTH"]

#: Pages larger than this are skipped: a saved article is rarely over 2 MB, and the
#: main-content extractor takes about 1.5 s per MB of dense page (bench/ANALYSIS.md).
MAX_HTML_BYTES = 16 * 1024 * 1024
#: Elements nested deeper than this are not real pages; libxml2 stops nesting at 256 and
#: would drop the rest, so such a page is skipped with its reason rather than half read.
MAX_DEPTH = 200
#: time and memory one web page may cost (:func:`read_html_bounded`)
TIME_LIMIT = 60.0
MEMORY_LIMIT = 1024 * 1024 * 1024

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.I)

#: declared charsets read with a wider codec that is a superset (pages declare gb2312 and
#: use GBK characters; GB18030 decodes both)
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
             "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares: BOM first, then ``<meta charset>`` or the http-equiv
    ``Content-Type`` in the first 4 KB (as browsers look), else None.

    >>> sniff_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK">')
    'gb18030'
    >>> sniff_charset(b'<meta charset="utf-8">'), sniff_charset(b"<p>x</p>")
    ('utf-8', None)
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """The page as text, in its declared charset when it declares one that decodes it."""
    declared = sniff_charset(data)
    if declared and declared not in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(declared).replace("\r\n", "\n").replace("\r", "\n"), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: fall back to what the bytes say
    return decode_bytes(data, name)


def read_html_bounded(data: bytes, name: str, seconds: float = TIME_LIMIT, memory: int = MEMORY_LIMIT
                      ) -> tuple[str, str, tuple[tuple[tuple[int, str], ...], ...]]:
    """:func:`read_html` within ``seconds`` and ``memory`` bytes (:func:`kg.ingest.bounded.call_bounded`)."""
    from kg.ingest.bounded import call_bounded

    if len(data) > MAX_HTML_BYTES:  # refused before forking
        raise InputError(f"{name}: web page is {len(data)} bytes, over the {MAX_HTML_BYTES}-byte limit, skipped")
    return call_bounded(read_html, (data, name), name, "reading the web page", seconds, memory)


def read_html(data: bytes, name: str) -> tuple[str, str, tuple[tuple[tuple[int, str], ...], ...]]:
    """``(markdown, encoding, places)`` of a web page; raises :class:`InputError` naming it."""
    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"{name}: web page is {len(data)} bytes, over the {MAX_HTML_BYTES}-byte limit, skipped")
    text, encoding = decode_html(data, name)
    root = _parse(text, name)
    flat, lines = _source_text(root)
    md = _main_content(text, name)
    return md, encoding, _places(md, flat, lines)


def _parse(text: str, name: str):  # -> lxml.html.HtmlElement
    from lxml import etree, html

    parser = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False,
                             default_doctype=False, collect_ids=False)
    try:
        root = html.document_fromstring(text, parser=parser)  # text: the meta charset is done with
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not a readable web page ({' '.join(str(exc).split()) or 'empty'}), skipped") \
            from None
    if _depth(root) > MAX_DEPTH:  # libxml2 caps nesting at 256 and drops the rest: not read whole
        raise InputError(f"{name}: elements nested over {MAX_DEPTH} deep, skipped")
    return root


def _depth(root) -> int:
    """Deepest element nesting, without recursion (a hostile page must not exhaust the stack)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        el, d = stack.pop()
        if d > deepest:
            deepest = d
            if d > MAX_DEPTH:
                break
        stack.extend((c, d + 1) for c in el)
    return deepest


@lru_cache(maxsize=1)
def _keep_share_words() -> None:
    """Stop trafilatura dropping table cells and list items that are one "share" word.

    trafilatura removes text that is only "Google", "Facebook", "Print", "PDF", "QQ" ...
    (social-media buttons).  In an article about models those are organisations in a
    table's developer column ("| Gemma | Google | ✅ |" lost its developer).  Its filter is
    one module-level function; it is wrapped once so that cells and list items are only
    dropped when empty.  Buttons are not cells, and navigation is removed before this.
    """
    from trafilatura import htmlprocessing

    original = htmlprocessing.textfilter
    if getattr(original, "_kg_keeps_cells", False):
        return

    def textfilter(elem) -> bool:
        if elem.tag in ("cell", "td", "th", "item", "li"):
            text = (elem.text or "") + (elem.tail or "")
            return not text.strip()
        return original(elem)

    textfilter._kg_keeps_cells = True  # type: ignore[attr-defined]
    htmlprocessing.textfilter = textfilter


def _main_content(page: str, name: str) -> str:
    """The page's main content as Markdown (trafilatura parses ``page`` itself: it prunes the tree it reads)."""
    import trafilatura

    _keep_share_words()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        md = trafilatura.extract(
            page, output_format="markdown", include_tables=True, include_formatting=True,
            include_links=False, include_images=False, include_comments=False, favor_recall=True,
            deduplicate=False, with_metadata=False,
        )
        if not md or not md.strip():
            # a short page (a news item of two paragraphs) is under trafilatura's minimum
            # sizes, which are tuned for crawling the web, not for pages someone chose to keep
            md = trafilatura.extract(
                page, output_format="markdown", include_tables=True, include_formatting=True,
                include_links=False, include_images=False, include_comments=False, favor_recall=True,
                deduplicate=False, with_metadata=False, config=_short_pages())
    if not md or not md.strip():
        raise InputError(f"{name}: no main text found in the web page, skipped")
    # trafilatura ends table rows with "| " and escapes Markdown in text; rows are read
    # by the table parser, which strips cells, so only trailing spaces go
    return "\n".join(line.rstrip() for line in md.split("\n")) + "\n"


_NOT_ALNUM = re.compile(r"[\W_]+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")


@lru_cache(maxsize=1)
def _short_pages():  # -> configparser.ConfigParser
    from trafilatura.settings import use_config

    cfg = use_config()
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_OUTPUT_COMM_SIZE", "MIN_EXTRACTED_COMM_SIZE"):
        cfg.set("DEFAULT", key, "1")
    return cfg


def _norm(text: str) -> str:
    """Letters and digits only: what survives both the page's markup and the Markdown's."""
    return _NOT_ALNUM.sub("", text)


def _source_text(root) -> tuple[str, list[int]]:
    """The page's text as one string of letters and digits, and the source line of each."""
    chars: list[str] = []
    lines: list[int] = []
    skip = {"script", "style", "noscript", "template"}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.tag.lower() not in skip:
            piece = _norm(el.text)
            chars.append(piece)
            lines.extend([el.sourceline or 0] * len(piece))
        if el.tail:
            parent = el.getparent()
            if parent is not None and isinstance(parent.tag, str) and parent.tag.lower() in skip:
                continue
            piece = _norm(el.tail)
            chars.append(piece)
            lines.extend([el.sourceline or 0] * len(piece))
    return "".join(chars), lines


def _places(md: str, flat: str, lines: list[int]) -> tuple[tuple[tuple[int, str], ...], ...]:
    """Per line of ``md``, the source line of the element its text starts in.

    A line of the Markdown is found in the page's text by its first letters and digits,
    searched onward from the previous line's place (the article reads in source order),
    else anywhere.
    """
    out: list[tuple[tuple[int, str], ...]] = []
    cursor = 0
    for line in md.split("\n"):
        key = _norm(_LIST_MARK.sub("", line, count=1))[:24]  # "1." of an <ol> is not in the source
        if not key:
            out.append(())
            continue
        pos = flat.find(key, cursor)
        if pos < 0:
            pos = flat.find(key)
        if pos < 0 and len(key) > 8:
            pos = flat.find(key[:8], cursor)
        if pos < 0:
            out.append(())
            continue
        cursor = pos + len(key)
        src = lines[pos]
        out.append(((0, f"l.{src}"),) if src else ())
    return tuple(out)
