"""Helpers shared by extractors: verbatim quotes, claim construction, header words.

Every claim's quote is verbatim document text that starts in the line it cites
(``Document.text.split("\\n")[line - 1]``): usually a piece of that one line; for a
sentence of hard-wrapped prose it may run on into the next lines (:func:`quote_at`
states the rule).  :func:`quote_window` guarantees it by cutting the quote out of the
raw text itself, never out of markup-free block text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.names import DATA_DIR
from kg.model import Claim, Document, Mention, Provenance, Value

__all__ = ["MAX_QUOTE", "quote_window", "quote_at", "wrapped_units", "make_claim", "source_lines", "header_fields",
           "header_unit"]

#: Longest quote kept (characters); the window is centred on the match.
MAX_QUOTE = 200


def source_lines(doc: Document) -> list[str]:
    """The document's lines exactly as :class:`Provenance.line` counts them.

    Memoised for the last document (every extractor, and the field-line rule per sentence,
    asks): callers must not mutate the list."""
    if _LINES[0] is doc:
        return _LINES[1]  # type: ignore[return-value]
    lines = doc.text.split("\n")
    _LINES[:] = [doc, lines]
    return lines


_LINES: list[object] = [None, []]


def quote_at(lines: list[str], line: int, quote: str) -> bool:
    """Whether ``quote`` is verbatim text of ``lines`` that starts in line ``line`` (1-based)."""
    first = lines[line - 1]
    if quote in first:
        return True
    rest = "\n".join(lines[line - 1:line + 20])
    at = rest.find(quote)
    return 0 <= at < len(first)


#: a line of English prose at least this long that ends without a sentence end was wrapped
#: by its author: the sentence goes on in the next line
WRAP_WIDTH = 50
_SENTENCE_END = "。！？.!?：:；;"


def wrapped_units(texts: list[str]) -> list[list[int]]:
    """Indexes of ``texts`` (the cleaned lines of one paragraph or list item) grouped into
    runs that one sentence may cross: a wide line that does not end a sentence runs on into
    the next ("…the third generation of its Corvid series of large language" / "models and
    the successor to Corvid-2.").  Short lines ("Base model: X" / "License: Y") stay apart, and
    so do lines of Chinese, whose authors end a line where a sentence ends, stop or no stop.

    >>> wrapped_units(["x" * 60, "y.", "short", "z"])
    [[0, 1], [2], [3]]
    """
    units: list[list[int]] = []
    for i, t in enumerate(texts):
        if units:
            prev = texts[units[-1][-1]].rstrip()
            nxt = t.lstrip()[:1]
            if len(prev) >= WRAP_WIDTH and prev[-1:] not in _SENTENCE_END and prev[-1:].isascii() and nxt.isascii() \
                    and nxt not in ("", "|", "#", ">") and not any("\u3000" <= ch <= "\u9fff" for ch in prev):
                units[-1].append(i)
                continue
        units.append([i])
    return units


def quote_window(raw: str, start: int = 0, end: int | None = None, limit: int = MAX_QUOTE) -> str:
    """A short verbatim piece of ``raw`` around ``raw[start:end]`` (stripped, <= ``limit``).

    >>> quote_window("  | GPT-4 | 2023 年 3 月 |  ")
    '| GPT-4 | 2023 年 3 月 |'
    >>> len(quote_window("x" * 1000, 500, 510)) <= 200
    True
    """
    if end is None:
        end = len(raw)
    start, end = max(0, start), min(len(raw), max(start, end))
    if end - start >= limit:
        piece = raw[start:start + limit]
    else:
        spare = limit - (end - start)
        a = max(0, start - spare // 2)
        b = min(len(raw), end + (spare - (start - a)))
        a = max(0, min(a, b - limit))
        piece = raw[a:b]
    piece = piece.strip()
    return piece if piece else raw[start:end]


def make_claim(
    doc: Document, extractor: str, line: int, quote: str,
    subject: Mention, predicate: str, obj: Mention | Value,
) -> Claim:
    """A :class:`Claim` with provenance (one place builds them, so all look alike)."""
    return Claim(subject, predicate, obj, Provenance(doc.path, line, quote, extractor))


@lru_cache(maxsize=1)
def _header_table() -> list[tuple[str, str]]:
    """(normalized word, field) pairs from ``headers.tsv``, longest words first."""
    pairs: list[tuple[str, str]] = []
    for line in (DATA_DIR / "headers.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        for w in cells[1:]:
            pairs.append((_norm_header(w), cells[0]))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


_UNIT_IN_HEADER = re.compile(r"[（(\[]\s*(万亿|千亿|百亿|亿|万|[BMKT]|billions?|millions?)\s*(?:个)?[)）\]]", re.I)


_PAREN = re.compile(r"[（(][^)）]{0,20}[)）]")
_HEADER_JUNK = re.compile(r"[\s*_`:：]+")


def _norm_header(text: str) -> str:
    return _norm_header_cached(text) if len(text) <= 256 else _normalize_header(text)


def _normalize_header(text: str) -> str:
    t = _UNIT_IN_HEADER.sub("", text)
    t = _PAREN.sub("", t)
    return _HEADER_JUNK.sub("", t.lower())


#: header cells repeat: every extractor reads every table's header
_norm_header_cached = lru_cache(maxsize=4096)(_normalize_header)


@lru_cache(maxsize=1)
def _exact_headers() -> dict[str, str]:
    """Normalized header word -> field; the first listed word wins (as in headers.tsv order)."""
    return {w: f for w, f in reversed(_header_table())}


def header_fields(header: tuple[str, ...] | list[str], exact_only: bool = False) -> list[str | None]:
    """The meaning of each header cell: ``model``, ``date``, ``parameters``, ... or None.

    Exact header words win; otherwise the longest header word the cell contains.

    >>> header_fields(["模型名称", "发布时间", "参数量(亿)", "发布公司", "是否开源", "Base Model", "对齐模型"])
    ['model', 'date', 'parameters', 'developer', 'open', 'base', 'model']
    """
    table = _header_table()
    exact = _exact_headers()
    out: list[str | None] = []
    for cell in header:
        h = _norm_header(cell)
        field = exact.get(h)
        if field is None and h and not exact_only:
            # the longest word the cell holds; of two as long, the one it starts with
            # ("基础模型版本": a base model's version, not a model's)
            hits = [(len(w), -h.index(w), f) for w, f in table if len(w) >= 2 and w in h]
            field = max(hits)[2] if hits else None
            if field == "technique" and any(f == "model" and n == max(hits)[0] for n, _, f in hits):
                field = "model"  # "对齐模型", "SFT model": a model made with the technique
        out.append(field)
    return out


def header_unit(cell: str) -> str | None:
    """The unit a header gives its column: ``参数量(亿)`` -> ``亿``; ``Size (B)`` -> ``B``.

    >>> header_unit("参数量（亿）"), header_unit("Params (B)"), header_unit("参数量")
    ('亿', 'B', None)
    """
    m = _UNIT_IN_HEADER.search(cell)
    if not m:
        return None
    u = m.group(1)
    return {"billion": "B", "billions": "B", "million": "M", "millions": "M"}.get(u.lower(), u)


def extends_name(name: str, family: str) -> bool:
    """``name`` is a checkpoint of ``family``: the family's name then a separator or a digit
    ("Marlow 2" -> "Marlow-2-7B", "Marlow 2 13B"; not "Marlow 25", "Marlowe")."""
    fold = re.sub(r"[\s\-_·]+", "-", name.lower())
    fam = re.sub(r"[\s\-_·]+", "-", family.lower())
    if not fold.startswith(fam) or len(fold) == len(fam):
        return False
    nxt = fold[len(fam)]
    if fam[-1:].isdigit():
        return nxt in "-:/"  # "Marlow 2" -> "Marlow-2-7B"; "Marlow-2.5" and "Marlow 25" are other versions
    return nxt in "-.:/" or nxt.isdigit()  # "Pipit" -> "Pipit-3B", "Pipit3B"


def strip_symbols(text: str) -> str:
    """A title or a name cell without the emoji or signs around it ("✨ Falcon-40B-Instruct",
    "🚀 Foo 🚀", "🤗 Foo-7B-Chat"): no name begins or ends with one."""
    import unicodedata

    def sym(ch: str) -> bool:
        return ch.isspace() or unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn")

    a, b = 0, len(text)
    while a < b and sym(text[a]):
        a += 1
    while b > a and sym(text[b - 1]):
        b -= 1
    return text[a:b]


def located_at(text: str, start: int) -> bool:
    """The organization at ``text[start:]`` is where something happens, not who does it:
    "在魔搭社区（ModelScope）和 Hugging Face 推出 X" (released *on* a platform).  A 在 earlier in the
    clause with no verb after it marks the place."""
    clause = max(text.rfind(ch, 0, start) for ch in "，。；;,：:") + 1
    prefix = text[clause:start]
    i = prefix.rfind("在")
    return i >= 0 and not any(v in prefix[i:] for v in ("发布", "推出", "开源", "开发", "研发", "上线", "基础上"))
