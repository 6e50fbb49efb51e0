"""Pure functions that turn written quantities into normalized values.

Chinese and English documents write the same number many ways (``175B``, ``1750 亿``,
``1.75 千亿``, ``175 billion``), the same date many ways (``2023 年 2 月``, ``2023.02``,
``Feb 2023``) and sizes as lists or ranges (``7B、13B``, ``8B 到 405B``,
``80-4050 亿``).  Each function returns ``None`` (or ``[]``) when the text is not what
it parses, so callers can *try* a cell against every kind and decide by content.

All regexes are anchored or bounded; inputs are cut to :data:`MAX_INPUT` characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "parse_count", "parse_sizes", "parse_date", "find_dates", "parse_context", "parse_tokens",
    "parse_open", "parse_architecture", "UNIT",
]

MAX_INPUT = 2000

#: multipliers of unit words and letters
UNIT: dict[str, int] = {
    "万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8, "千万": 10**7,
    "百万": 10**6, "万": 10**4, "千": 10**3,
    "t": 10**12, "b": 10**9, "m": 10**6, "k": 10**3,
    "trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3,
    "tn": 10**12, "bn": 10**9, "mn": 10**6,
}
_UNIT_RE = r"(?:万亿|千亿|百亿|十亿|亿|千万|百万|万|千|trillion|billion|million|thousand|tn|bn|mn|[TtBbMmKk])"
_NUM = r"\d{1,6}(?:,\d{3}){0,4}(?:\.\d{1,4})?"
_QTY = re.compile(r"(?<![\w.])(" + _NUM + r")\s?(" + _UNIT_RE + r")?(?![A-Za-z])")


#: "1B5", "2B8" (the RWKV and Chinese blogs' way of writing 1.5B, 2.8B)
_INFIX_DECIMAL = re.compile(r"(?<![\w.])(\d{1,3})([BbMm])(\d)(?![\w.])")


def _prep(text: str) -> str:
    t = unicodedata.normalize("NFKC", text[:MAX_INPUT]).strip()
    return _INFIX_DECIMAL.sub(r"\1.\3\2", t) if "B" in t or "b" in t or "M" in t or "m" in t else t


def _to_int(num: str, unit: str | None) -> int:
    value = float(num.replace(",", ""))
    mult = UNIT[unit.lower()] if unit else 1
    return int(round(value * mult))


def parse_count(text: str, unit: str | None = None) -> int | None:
    """One quantity, e.g. a parameter count.  ``unit`` applies to a bare number.

    >>> parse_count("175B"), parse_count("1750 亿"), parse_count("1.8 万亿"), parse_count("62", unit="亿")
    (175000000000, 175000000000, 1800000000000, 6200000000)
    >>> parse_count("-") is None, parse_count("2023 年") is None, parse_count("-7B") is None
    (True, True, True)
    """
    if _NEGATIVE.match(text):
        return None  # a count of parameters or tokens is never negative: "-7B" is noise
    sizes = parse_sizes(text, unit)
    return sizes[0] if sizes else None


_NEGATIVE = re.compile(r"^\s*[-−–]\s?\d")
_DATEISH = re.compile(r"\d{4}\s?(?:年|[-./]\d{1,2}(?!\d))|\d{1,2}\s?月|日")


#: longest text the caches of short pieces (table cells) keep
_CACHE_TEXT = 512
_LIST_GAP = re.compile(r"[\s/、,，;；和及与or\-–—~～到至to]*")


def parse_sizes(text: str, unit: str | None = None) -> list[int]:
    """All sizes in a cell: lists (``7B、13B``, ``67 / 130 / 652``) and ranges' endpoints.

    A unit written once applies to every number before it (``80-4050 亿``); ``unit`` is
    the unit of a header (``参数量（亿）``) for bare numbers.  Text that looks like a date
    yields nothing.

    >>> parse_sizes("7B、13B"), parse_sizes("8B 到 405B"), parse_sizes("80-4050 亿")
    ([7000000000, 13000000000], [8000000000, 405000000000], [8000000000, 405000000000])
    >>> parse_sizes("67 / 130 / 325 / 652", unit="亿")
    [6700000000, 13000000000, 32500000000, 65200000000]
    """
    if len(text) <= _CACHE_TEXT:
        return list(_parse_sizes_cached(text, unit))
    return list(_parse_sizes(text, unit))


def _parse_sizes(text: str, unit: str | None) -> tuple[int, ...]:
    t = _prep(text)
    if not t or _DATEISH.search(t):
        return ()
    out: list[int] = []
    pending: list[str] = []
    pos = 0
    for m in _QTY.finditer(t):
        # anything but separators between numbers breaks a "unit applies to all" list
        gap = t[pos:m.start()]
        if pending and not _LIST_GAP.fullmatch(gap):
            pending = []
        pos = m.end()
        num, u = m.group(1), m.group(2)
        if u:
            for p in pending:
                out.append(_to_int(p, u))
            pending = []
            out.append(_to_int(num, u))
        else:
            pending.append(num)
    if pending and unit:
        out.extend(_to_int(p, unit) for p in pending)
    seen: list[int] = []
    for v in out:
        if v > 0 and v not in seen:
            seen.append(v)
    return tuple(seen)


#: parse_sizes of a short text (a table cell: a size column repeats), cached
_parse_sizes_cached = lru_cache(maxsize=4096)(_parse_sizes)

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_D_ZH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?年\s?(?:(\d{1,2})\s?月\s?(?:(\d{1,2})\s?[日号])?)?")
_D_ISO = re.compile(r"(?<![\d.])((?:19|20)\d{2})[-./](\d{1,2})(?:[-./](\d{1,2}))?(?![\d])")
_D_EN = re.compile(
    r"\b(?:(\d{1,2})\s)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s?(?:(\d{1,2}),?\s)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_D_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")


def _fmt(y: str, m: str | None, d: str | None) -> str | None:
    if not m:
        return y
    mi = int(m)
    if not 1 <= mi <= 12:
        return None
    if not d:
        return f"{y}-{mi:02d}"
    di = int(d)
    if not 1 <= di <= 31:
        return f"{y}-{mi:02d}"
    return f"{y}-{mi:02d}-{di:02d}"


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every explicit date in ``text`` as (start, end, ISO-like value), in order.

    >>> [v for _, _, v in find_dates("2023 年 10 月下旬发布，2024-12 更新，Feb 2023")]
    ['2023-10', '2024-12', '2023-02']
    """
    if len(text) <= _CACHE_TEXT:
        return list(_find_dates_cached(text))
    return _find_dates(text)


def _find_dates(text: str) -> list[tuple[int, int, str]]:
    t = text[:MAX_INPUT]
    found: list[tuple[int, int, str]] = []
    if "19" not in t and "20" not in t:
        return found  # every date pattern below needs a year 19xx or 20xx
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for rx, kind in ((_D_ZH, "zh"), (_D_ISO, "iso"), (_D_EN, "en")):
        for m in rx.finditer(t):
            if not free(m.start(), m.end()):
                continue
            if kind == "en":
                val = _fmt(m.group(4), str(_MONTHS[m.group(2).lower()[:3]]), m.group(1) or m.group(3))
            else:
                val = _fmt(m.group(1), m.group(2), m.group(3))
            if val:
                found.append((m.start(), m.end(), val))
                taken.append((m.start(), m.end()))
    found.sort()
    return found


@lru_cache(maxsize=4096)
def _find_dates_cached(text: str) -> tuple[tuple[int, int, str], ...]:
    """:func:`find_dates` of a short text (a table cell: a date column repeats), cached."""
    return tuple(_find_dates(text))


_RE_PARSE_DATE_1 = re.compile(r"[亿万BbMmKk]")


def parse_date(text: str) -> str | None:
    """A date cell or phrase as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    >>> parse_date("2023 年 2 月"), parse_date("2023年3月15日"), parse_date("2023.02"), parse_date("Feb 2023")
    ('2023-02', '2023-03-15', '2023-02', '2023-02')
    >>> parse_date("2024-12"), parse_date("2023 年 10 月下旬"), parse_date("2019"), parse_date("1750 亿")
    ('2024-12', '2023-10', '2019', None)
    """
    t = _prep(text)
    dates = find_dates(t)
    if dates:
        return dates[0][2]
    m = _D_YEAR.search(t)
    if m and len(t) <= 12 and not _RE_PARSE_DATE_1.search(t):
        return m.group(1)
    return None


_CTX = re.compile(r"(?<![\w.])(\d{1,7}(?:,\d{3}){0,2}(?:\.\d{1,2})?)\s?([KkMm])?(?:\s?tokens?)?(?![A-Za-z\d])")


def parse_context(text: str) -> int | None:
    """A context window in tokens: ``128k`` -> 128000, ``1M`` -> 1000000, ``32,768``.

    >>> parse_context("128k"), parse_context("1M"), parse_context("32768"), parse_context("长")
    (128000, 1000000, 32768, None)
    """
    t = _prep(text)
    m = _CTX.search(t)
    if not m:
        return None
    val = float(m.group(1).replace(",", ""))
    u = (m.group(2) or "").lower()
    if u == "k":
        val *= 1000
    elif u == "m":
        val *= 1_000_000
    elif val < 512:  # a bare small number is not a context length
        return None
    return int(val)


_TOK = re.compile(
    r"(?<![\w.])(" + _NUM + r")\s?(" + _UNIT_RE + r")\s?(?:个)?\s?(?:词元|tokens?|token|标记|Token|Tokens)?",
    re.IGNORECASE,
)


_RE_PARSE_TOKENS_1 = re.compile(r"\d\s?(?:[KMGTP]B|GB|TB|字节|bytes?)\b|\dTB|\dGB", re.IGNORECASE)



def parse_tokens(text: str, require_word: bool = False) -> int | None:
    """A count of training tokens: ``1.4 万亿个词元``, ``15T tokens``, ``2 trillion tokens``.

    Sizes of corpora in bytes (``825GB``, ``4.8TB``) are not token counts: ``None``.
    With ``require_word`` the text must say tokens/词元.

    >>> parse_tokens("1.4 万亿个词元"), parse_tokens("15T tokens"), parse_tokens("825GB")
    (1400000000000, 15000000000000, None)
    """
    t = _prep(text)
    if _RE_PARSE_TOKENS_1.search(t):
        return None
    if require_word and not _token_word(t):
        return None
    m = _TOK.search(t)
    if not m:
        return None
    return _to_int(m.group(1), m.group(2))


_OPEN_TRUE = re.compile(r"^(?:是|开源|已开源|完全开源|open|open[- ]?source|open[- ]?weights?|yes|y|✓|✔|√|✅|☑|☑️|true|apache.*|mit|llama.*license.*)$", re.I)
_OPEN_FALSE = re.compile(r"^(?:否|闭源|未开源|不开源|closed|closed[- ]?source|proprietary|no|n|✗|✘|×|❌|❎|✖|✖️|false|api|商用闭源)$", re.I)


def parse_open(text: str) -> bool | None:
    """Open/closed weights from a cell: 开源/是/open/yes -> True, 闭源/否/closed/no -> False.

    >>> parse_open("开源"), parse_open("闭源"), parse_open("Yes"), parse_open("部分"), parse_open("closed (API)")
    (True, False, True, None, False)
    """
    t = _prep(text).strip(" .。")
    if not t or len(t) > 40:
        return None
    if t.endswith((")", "）")) and ("(" in t or "（" in t):
        t = t.replace("（", "(").rsplit("(", 1)[0].strip() or t  # "closed (API)", "open (Apache-2.0)": the word before
    if _OPEN_TRUE.match(t):
        return True
    if _OPEN_FALSE.match(t):
        return False
    return None


#: Python's re.IGNORECASE also matches İ and ı to "i" and ſ to "s" (K, the Kelvin sign, lower-cases to "k")
_CI_EXTRA = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def ci_lower(text: str) -> str:
    """``text`` lower-cased so that a word is in it wherever an IGNORECASE pattern spelling
    that word matches ``text``: a cheap literal pre-filter for such patterns (checked for
    ASCII and full-width letters against every code point).

    >>> "closed" in ci_lower("CLOSED"), "licen" in ci_lower("L\u0130CENSE"), "weights" in ci_lower("weight\u017f")
    (True, True, True)
    """
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:
        text = text.translate(_CI_EXTRA)
    return text.lower()


def any_word(*words: str) -> re.Pattern[str]:
    """A case-sensitive pattern for any of ``words``: search it in :func:`ci_lower` of a text
    to rule out an IGNORECASE pattern each of whose matches contains one of the words."""
    return re.compile("|".join(re.escape(w) for w in words))


#: (pattern, value, words): every match of the pattern contains one of the words (in ci_lower)
_ARCH = (
    (re.compile(r"encoder[- ]?decoder|编码器[-－—/]?解码器|编码器和解码器|编解码(?:器|模型|架构|结构|框架)|encoder and decoder", re.I), "encoder-decoder",
     any_word("encoder", "编码器", "编解码")),
    (re.compile(r"decoder[- ]?only|仅解码器|纯解码器|只有解码器|causal decoder|因果解码器|(?<![编和与])解码器(?:模型|架构)", re.I),
     "decoder-only", any_word("decoder", "解码器")),
    (re.compile(r"encoder[- ]?only|仅编码器|纯编码器|只有编码器|双向编码器|(?<![解和与])编码器(?:模型|架构)", re.I), "encoder-only",
     any_word("encoder", "编码器")),
    (re.compile(r"(?<![A-Za-z])MoE(?![A-Za-z])|mixture[- ]of[- ]experts|混合专家|专家混合", re.I), "MoE",
     any_word("moe", "mixture", "专家")),
)


_ARCH_HINT = re.compile(r"coder|编|解|moe|mixture|专家|ｃｏｄｅｒ|[ｍＭ][ｏＯ][ｅＥ]", re.I)
#: every match of _ARCH_HINT contains one of these (in ci_lower of the text)
_ARCH_HINT_WORDS = any_word("编", "解", "专家", "coder", "moe", "mixture", "ｃｏｄｅｒ", "ｍｏｅ")


def parse_architecture(text: str) -> str | None:
    """Architecture kind named in a phrase, or None.

    >>> parse_architecture("Decoder-Only 架构"), parse_architecture("Encoder-Decoder"), parse_architecture("Transformer")
    ('decoder-only', 'encoder-decoder', None)
    >>> parse_architecture("编码器模型：掩码语言建模"), parse_architecture("编解码模型"), parse_architecture("解码器模型")
    ('encoder-only', 'encoder-decoder', 'decoder-only')
    """
    if not _ARCH_HINT_WORDS.search(ci_lower(text)) or not _ARCH_HINT.search(text):
        return None  # every pattern below needs one of these; most sentences have none
    t = _prep(text)
    low = ci_lower(t)
    for rx, val, words in _ARCH:
        if words.search(low) and rx.search(t):
            return val
    return None


def _token_word(text: str) -> bool:
    from kg.extract.words import words

    return words("token_word").search(text) is not None
