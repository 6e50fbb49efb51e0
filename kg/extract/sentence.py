"""Sentence extractor: zh/en statements of facts, one sentence at a time.

Each source line of a paragraph, list item or heading is cleaned of markup (keeping
offsets back into the raw line, so quotes stay verbatim), split into sentences, and
the names in a sentence (:func:`kg.extract.names.find_names`) are related by cue
words: "Y 发布了 X", "X 是由 Y 开发", "基于 X 开发", "从 X 中蒸馏", "X 的升级版",
"fine-tuned from", "based on", "released by" ...  The section heading path gives
context: a sentence with a fact but no model name talks about the model its section is
about ("LLaMA 系列" -> LLaMA).

Precision first: a lineage edge needs both models in the same sentence with the cue
between them; anything ambiguous (two candidate subjects, a negation) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from kg.extract.common import (
    MAX_QUOTE,
    located_at,
    make_claim,
    quote_window,
    source_lines,
    strip_symbols,
    wrapped_units,
)
from kg.extract.names import CACHE_TEXT, Span, clean_line, find_names, vocabulary
from kg.extract.normalize import ci_lower, find_dates, parse_architecture, parse_sizes
from kg.extract.registry import register
from kg.extract.words import Hit, words
from kg.model import Block, Claim, Document, Mention, Value

__all__ = ["extract_sentences", "split_sentences", "Sentence"]

NAME = "sentence"
MAX_LINE = 20000  # longer lines are read only this far: bounded work per document

_SPLIT = re.compile(r"[。！？!?；;]|(?<!\bInc)(?<!\bLtd)(?<!\bCorp)(?<!\bCo)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)\.(?=\s|$)")  # not "Inc." / "e.g."

#: "not computed yet" for the per-sentence memos (None is a valid result)
_UNSET: object = object()


@dataclass(slots=True)
class Sentence:
    """One sentence: plain text, its names, the raw line, and offsets into the raw line.

    The ``_memo_*`` fields hold what several rules and extractors derive from the same
    sentence (its model names, subject candidates, subject ...), computed once on first
    use; they take no part in comparison or repr.
    """

    text: str
    spans: list[Span]
    raw: str
    offs: list[int]  # raw index of each character of ``text``
    line: int
    section: tuple[str, ...]
    _memo_models: list[Span] | None = field(default=None, init=False, repr=False, compare=False)
    _memo_cands: list[Span] | None = field(default=None, init=False, repr=False, compare=False)
    _memo_subject: object = field(default=_UNSET, init=False, repr=False, compare=False)
    _memo_lineage_models: list[Span] | None = field(default=None, init=False, repr=False, compare=False)
    _memo_versions: list | None = field(default=None, init=False, repr=False, compare=False)
    _memo_cues: list | None = field(default=None, init=False, repr=False, compare=False)

    def quote(self, a: int = 0, b: int | None = None) -> str:
        """Verbatim piece of the raw line around ``text[a:b]``."""
        if not self.offs:
            return quote_window(self.raw)
        b = len(self.text) if b is None else b
        ra = self.offs[min(a, len(self.offs) - 1)]
        rb = self.offs[min(max(b, 1), len(self.offs)) - 1] + 1
        q = quote_window(self.raw, ra, rb)
        nl = self.raw.find("\n")
        if 0 <= nl < ra and self.raw.find(q) > nl:
            # a hard-wrapped sentence cited at its first line: the quote must start in it,
            # even when the words matched are more than a quote's length further on
            q = quote_window(self.raw, max(0, nl - 40), max(rb, nl - 40 + MAX_QUOTE))
        return q

    def models(self) -> list[Span]:
        """The sentence's Model spans (memoised: callers must not mutate the list)."""
        ms = self._memo_models
        if ms is None:
            ms = self._memo_models = [s for s in self.spans if s.cls == "Model"]
        return ms


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries (start, end) in ``text``; decimals like 3.5 do not split.

    >>> t = "GPT-3.5 发布了。它很强! Next one. x"
    >>> [t[a:b].strip() for a, b in split_sentences(t)]
    ['GPT-3.5 发布了', '它很强', 'Next one', 'x']
    """
    return [(a, b) for a, b, _ in _sentence_pieces(text)]


def _sentence_pieces(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text[start:end]) of each sentence: :func:`split_sentences` with the text.

    Every separator _SPLIT matches is one character long, so the offsets follow from the
    lengths of the pieces ``split`` returns; empty and blank pieces are no sentences.
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    for piece in _SPLIT.split(text):
        end = pos + len(piece)
        if piece.strip():
            out.append((pos, end, piece))
        pos = end + 1
    return out


_SENT_CACHE: dict[tuple, list[Sentence]] = {}
_SENT_DOC: list[object] = [None]


def sentences_of(doc: Document, block: Block, lines: list[str],
                 extra: frozenset[tuple[str, str]] = frozenset()) -> list[Sentence]:
    """Sentences of a block's lines, with their names (memoised per document).

    Several extractors read the same sentences (sentence, lineage, series); cleaning
    a line and matching names is most of the extraction time, so it is done once per
    document.  The cache holds one document at a time.
    """
    if _SENT_DOC[0] is not doc:
        _SENT_CACHE.clear()
        _SENT_DOC[0] = doc
    key = (block.line, block.end_line, block.kind, extra)
    hit = _SENT_CACHE.get(key)
    if hit is None:
        hit = _SENT_CACHE[key] = _sentences_of(block_pieces(doc, block, lines), block, extra)
    return hit


def _sentences_of(pieces: list[Piece], block: Block, extra: frozenset[tuple[str, str]]) -> list[Sentence]:
    return _former_latter([Sentence(st, _elided_versions(st, find_names(st, extra)), raw, offs, ln, block.section)
                           for st, raw, offs, ln in pieces])


#: what joins a name to the bare versions after it ("Gemini 2.0、2.5和3.0", "GLM-4.5/4.6/4.7", "Qwen 2 and 2.5")
_VERSION_JOINS = ("、", "/", "和", "与", "及", ",", "，", ", and", " and", " or", "以及")


def _elided_versions(text: str, spans: list[Span]) -> list[Span]:
    """"Gemini 2.0、2.5和3.0", "GLM-4.5/4.6/4.7": a bare version right after a versioned name is
    the same line's model (Gemini 2.5, GLM-4.6); each becomes a Model span over its number."""
    out = list(spans)
    for m in spans:
        if m.cls != "Model":
            continue
        stem_end = max(m.text.rfind(" "), m.text.rfind("-"))
        last = m.text[stem_end + 1:] if stem_end > 0 else ""
        if not last or not last.replace(".", "", 1).isdigit():
            continue
        stem, joiner = m.text[:stem_end], m.text[stem_end]
        pos = m.end
        for _ in range(6):
            gap = next((j for j in _VERSION_JOINS if text.startswith(j, pos)), None)
            if gap is None:
                break
            a = pos + len(gap)
            while text[a:a + 1] == " ":
                a += 1
            b = a
            while b < len(text) and (text[b].isdigit() or text[b] == "." and text[b + 1:b + 2].isdigit()):
                b += 1
            ver = text[a:b]
            nxt = text[b:b + 1]
            if not ver or not ver[0].isdigit() or len(ver.split(".")[0]) > 2 or len(ver) > 5 \
                    or nxt.isascii() and nxt.isalnum() or bool(nxt) and nxt in "%％年月日亿万" \
                    or any(x.start < b and a < x.end for x in out):
                break  # ("GPT-4 和 40%": a number with a unit is no version; "LLaMA 2, 2023": a year)
            name = f"{stem}{joiner}{ver}"
            out.append(Span(a, b, name, "Model", name, True))
            pos = b
    return sorted(out, key=lambda x: (x.start, x.end)) if len(out) > len(spans) else spans


_LATTER, _FORMER = words("latter_pronoun"), words("former_pronoun")
_RESPECTIVELY = words("respectively")
#: what may stand between the names of one list ("A、B 和 C", "A, B, and C")
_LIST_SEPS = frozenset({"、", ",", "，", "和", "与", "及", "以及", "and", ", and", "or", "/"})


def _clause_dates(s: Sentence, models: list[Span], add) -> bool:  # type: ignore[no-untyped-def]
    """Clauses that each say "X 于 ‹date› 发布": each date is its own clause's models' (True when any was)."""
    done = False
    start = 0
    for end in [i for i, ch in enumerate(s.text) if ch in "，,；;"] + [len(s.text)]:
        ds = [d for d in find_dates(s.text) if start <= d[0] < end]
        if len(ds) == 1 and _RELEASED_AFTER_DATE.search(s.text, ds[0][1], min(end, ds[0][1] + 6)) is not None:
            ms = [m for m in models if start <= m.start and m.end <= ds[0][0]]
            if ms and s.text[ms[-1].end:ds[0][0]].strip() in ("于", "在", "已于", "将于") \
                    and all(s.text[a.end:b.start].strip() in _LIST_SEPS for a, b in zip(ms, ms[1:], strict=False)):
                for m in ms:
                    add(m, "Model", "releaseDate", Value(ds[0][2], "date"), m.start, ds[0][1])
                done = True
        start = end + 1
    return done


_RELEASE_TOO = words("release_too")
_BOTH = words("both_after")
_TODAY = words("today")


#: weekday words and their index (Monday 0); "上周五" / "last Friday" is a week earlier
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
             "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "周天": 6,
             "星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6, "星期天": 6}
_LAST_WEEK = ("上", "last ")


def _top_lines(doc: Document, strip: str) -> Iterator[str]:
    """The first six non-empty lines of a document, cleaned: where a dateline or an issue's week is."""
    seen = 0
    for raw in source_lines(doc)[:40]:
        text = clean_line(raw)[0].strip(strip)
        if text:
            yield text
            seen += 1
            if seen == 6:
                return


def week_start(doc: Document) -> date | None:
    """The first day of the week a weekly issue covers, from a line near its top: "*Week of
    November 17, 2025*", "2026 年第 11 周（3 月 9 日—3 月 15 日）" (a year, then the first day)."""
    for text in _top_lines(doc, " *_>#"):
        if "week of" in text.lower() or "周" in text and "第" in text:
            ds = [d for _a, _b, d in find_dates(text) if len(d) == 10]
            if not ds and "周" in text:
                y = _YEAR_NUM.search(text)
                m = re.search(r"(\d{1,2})\s?月\s?(\d{1,2})\s?日", text)
                ds = [f"{y.group(0)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"] if y and m else []
            if ds:
                return date.fromisoformat(ds[0])
    return None


def _weekday_date(doc: Document, text: str) -> tuple[int, int, str] | None:
    """A release on a weekday of the issue's week ("on Tuesday", "本周二", "上周五"): its date."""
    low = text.lower()
    for w, idx in _WEEKDAYS.items():
        i = low.find(w)
        if i < 0 or w.isascii() and (low[i - 3:i] != "on " and low[i - 5:i] != "last "):
            continue
        start = week_start(doc)
        if start is None:
            return None
        back = 7 if any(low[max(0, i - len(p)):i] == p for p in _LAST_WEEK) else 0
        d = start + timedelta(days=idx - start.weekday() - back)
        return i, i + len(w), d.isoformat()
    return None


def dateline(doc: Document) -> str | None:
    """The date a press release or blog post is dated by: a short line near its top that holds
    one date and no model name ("**北京，2025年3月18日**", "*March 4, 2026 · Fernhill AI Research*")."""
    for text in _top_lines(doc, " *_>#—-"):
        head = re.split(r"\s?(?:——|—|--)\s?", text, maxsplit=1)[0].strip(" *_")  # "北京，2025年3月18日 —— 深目…"
        text = head if len(head) <= 40 else text
        dates = find_dates(text) if len(text) <= 80 else []
        if len(dates) == 1 and len(dates[0][2]) >= 7 and not any(sp.cls == "Model" for sp in find_names(text)) \
                and (len(text) <= 40 or dates[0][0] <= 2):
            return dates[0][2]
    return None


def _released_too(gap: str) -> bool:
    """"Meta 推出了 A 开源大模型，并且推出了 B": the next clause releases another model of the
    same maker (its release verb, then the name within a few characters)."""
    h = _RELEASE_TOO.search(gap)
    return h is not None and len(gap) - h.end() <= 12 and not _CLAUSE_BREAK.search(gap, h.end())


def _respective_models(s: Sentence, a: int, n: int) -> list[Span] | None:
    """The list of exactly ``n`` models the sentence names before ``a`` ("A、B 和 C"), which
    values stated "respectively" after it pair with, in order; None when there is no such list."""
    ms: list[Span] = []
    for m in s.models():
        if m.end <= a and all(m.text != x.text for x in ms):
            ms.append(m)
    if len(ms) < n:
        return None
    cand = ms[-n:]
    if any(s.text[x.end:y.start].strip(" *`“”\"'") not in _LIST_SEPS for x, y in zip(cand, cand[1:], strict=False)):
        return None
    return cand
_CLAUSE_MARKS = "，,；;：:"


def _former_latter(sents: list[Sentence]) -> list[Sentence]:
    """"Capstan 1 与 Capstan 2 分别发布于…，后者是前者的后继版本", "…推出了鹤鸣 2。后者在鹤鸣的基础上…":
    "后者" / "the latter" names the last of the two models mentioned before its clause (in the
    sentence or the paragraph so far), "前者" / "the former" the one before that.  Each becomes
    a Model span over the pronoun, so every rule reads the sentence as if the name stood there
    (its quote stays the verbatim text)."""
    recent: list[str] = []  # the paragraph's models by last mention, latest last

    def mention(name: str) -> None:
        if name in recent:
            recent.remove(name)
        recent.append(name)

    for s in sents:
        added: list[Span] = []
        if _LATTER.search(s.text) is not None or _FORMER.search(s.text) is not None:
            for words_, back in ((_LATTER, 1), (_FORMER, 2)):
                pos = 0
                while (h := words_.search(s.text, pos)) is not None:
                    a, b = h.start(), h.end()
                    pos = b
                    clause = max((s.text.rfind(ch, 0, a) for ch in _CLAUSE_MARKS), default=-1) + 1
                    window = list(recent)
                    for m in s.models():
                        if m.end <= clause:
                            if m.text in window:
                                window.remove(m.text)
                            window.append(m.text)
                    if len(window) >= 2 and not any(x.start < b and a < x.end for x in s.spans):
                        name = window[-back]
                        added.append(Span(a, b, name, "Model", name, True))
        if added:
            s.spans = sorted([*s.spans, *added], key=lambda x: (x.start, x.end))
        for m in s.models():
            mention(m.text)
    return sents


#: one sentence before its names are found: (text, raw line(s), offsets into them, line)
Piece = tuple[str, str, list[int], int]

_PIECE_CACHE: dict[tuple[int, int, str], list[Piece]] = {}
_PIECE_DOC: list[object] = [None]


def block_pieces(doc: Document, block: Block, lines: list[str]) -> list[Piece]:
    """The sentences of a block's lines without their names (memoised per document).

    Why: pass 1 (:mod:`kg.extract.lexicon`) reads the same sentences before any extractor,
    and cleaning and splitting the lines is the part of :func:`sentences_of` that does not
    depend on the document's names.  The cache holds one document at a time.
    """
    if _PIECE_DOC[0] is not doc:
        _PIECE_CACHE.clear()
        _PIECE_DOC[0] = doc
    key = (block.line, block.end_line, block.kind)
    hit = _PIECE_CACHE.get(key)
    if hit is None:
        hit = _PIECE_CACHE[key] = _pieces_of(block, lines)
    return hit


def _pieces_of(block: Block, lines: list[str]) -> list[Piece]:
    out: list[Piece] = []
    cleaned: list[tuple[int, str, str, list[int]]] = []
    for ln in range(block.line, min(block.end_line, len(lines)) + 1):
        raw = lines[ln - 1][:MAX_LINE]
        text, offs = clean_line(raw)
        if block.kind == "list_item" and ln == block.line:
            stripped = _BULLET.match(text)
            if stripped:
                text, offs = text[stripped.end():], offs[stripped.end():]
        cleaned.append((ln, raw, text, offs))
    units = wrapped_units([c[2] for c in cleaned]) if block.kind in ("paragraph", "list_item") \
        else [[i] for i in range(len(cleaned))]
    for unit in units:
        if len(unit) == 1:
            ln, raw, text, offs = cleaned[unit[0]]
            for a, b, st in _sentence_pieces(text):
                out.append((st, raw, offs[a:b], ln))
            continue
        # hard-wrapped prose: the lines joined by a space, each character still pointing
        # into the raw lines (joined by their newlines), so a quote stays verbatim
        raw_all, text_all, offs_all, starts = "", "", [], []
        for k, i in enumerate(unit):
            ln, raw, text, offs = cleaned[i]
            if k:
                text_all += " "
                offs_all.append(len(raw_all) - 1)
            starts.append(len(raw_all))
            offs_all.extend(o + len(raw_all) for o in offs)
            text_all += text
            raw_all += raw + "\n"
        for a, b, st in _sentence_pieces(text_all):
            first = offs_all[a] if a < len(offs_all) else starts[-1]
            k = max(j for j, st0 in enumerate(starts) if st0 <= first)
            base = starts[k]
            out.append((st, raw_all[base:].rstrip("\n"), [o - base for o in offs_all[a:b]], cleaned[unit[k]][0]))
    return out


_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def cell_sentences(raw: str, start: int, end: int, line: int, section: tuple[str, ...],
                   extra: frozenset[tuple[str, str]] = frozenset()) -> list[Sentence]:
    """Sentences of the free text in ``raw[start:end]`` (a table cell of the row ``raw``).

    A "说明" / "Description" cell is prose ("本草基于LLaMA；另有基于 ChatGLM 的 Med-ChatGLM"):
    read as sentences, it gets the same cue lines as a paragraph, and its quotes stay
    verbatim pieces of the row's line.
    """
    text, offs = clean_line(raw[start:end])
    offs = [o + start for o in offs]
    return [Sentence(st, find_names(st, extra), raw, offs[a:b], line, section) for a, b, st in _sentence_pieces(text)]


# -- cue words ------------------------------------------------------------------------
_RELEASE = words("release_verb_sentence")
_NOT_RELEASE_DATE = words("not_release_date")
_LEGAL_SUFFIX = words("org_legal_suffix")
_RELEASED_AFTER_DATE = words("released_after_date")
_IN_YEAR = re.compile(r"[a-z]*(?:\s(?:publicly|openly|first|only|later|again))?\sin\s((?:19|20)\d{2})\b(?![-/.]\d)")
_DEV_VERB = words("dev_verb")
_SAYS = words("says")
_BY = words("by_end")
_OF_ORG = re.compile(r"^\s?(?:的|'s\s|’s\s|\s(?=[A-Za-z]))")
_PARAM_AFTER = re.compile(
    r"^\s?(?:\)|）)?\s?(?:个)?[\s-]?(?:(?:total|activated|active|总)\s|激活|活跃)?(?:参数|parameters?|params)"
    r"|^\s?(?:are|is|were)?\s?(?:activated|active)\b", re.I)
_ACTIVE = words("active_params")
_TRAIN = words("training")
_NEG = words("negation_short")

_IS_BY = words("is_by")
_ORG_JOIN = re.compile(r"\s?(?:[和与及、,，&]|以及|and)?\s?")  # "" too: "阿里巴巴达摩院" is two names of one org
_BY_END = re.compile(r"\bby\s?$", re.I)


def _claims_in_sentence(doc: Document, s: Sentence, section_model: Span | None, cue_free: bool = False) -> list[Claim]:
    out: list[Claim] = []
    if not s.spans and section_model is None:
        return out  # no name and no model from the context: nothing to say anything about

    def add(subj: Span | str, cls: str, pred: str, obj: Mention | Value, a: int, b: int) -> None:
        text = subj if isinstance(subj, str) else subj.text
        out.append(make_claim(doc, NAME, s.line, s.quote(a, b), Mention(text, cls), pred, obj))

    spans = s.spans
    models = s.models()
    # -- types
    for sp in spans:
        name = sp.canonical if sp.cls in ("Organization", "Technique") else sp.text
        if sp.cls == "Series":
            name = sp.canonical
        add(name, sp.cls, "type", Value(sp.cls, "class"), sp.start, sp.end)

    orgs = [sp for sp in spans if sp.cls == "Organization"]
    subjects = [sp for sp in spans if sp.cls in ("Model", "Series")]

    # -- developer
    # "X 是由 A 和 B 合作研发的", "X 是 Meta 开源的": subject, 是/由, the orgs, then a verb
    if orgs:
        first, last = orgs[0], orgs[-1]
        before_subj = [m for m in subjects if m.end <= first.start]
        tail = s.text[last.end:last.end + 16]
        if before_subj and _IS_BY.search(s.text[before_subj[-1].end:first.start]) \
                and _DEV_VERB.search(tail) and not _NEG.search(tail):
            chain = [last]  # "清华大学和智谱 AI": orgs joined by 和/与/、 share the verb
            for o in reversed(orgs[:-1]):
                if _ORG_JOIN.fullmatch(s.text[o.end:chain[-1].start]):
                    chain.append(o)
                else:
                    break
            lead = sentence_subject(s)
            subj = lead if lead in before_subj else \
                before_subj[0] if before_subj[0].start <= 2 else before_subj[-1]
            for o in chain:
                _add_dev(add, subj, Mention(o.text, "Organization"), o)
            orgs = []
    for o in orgs:
        org = Mention(o.text, "Organization")
        # "OpenAI 的 GPT-4", "OpenAI's GPT-4", "OpenAI o1"
        nxt = next((m for m in subjects if m.start >= o.end), None)
        # (the gap is matched with the name's first character after it: "OpenAI o1" needs the letter)
        if nxt and _OF_ORG.match(s.text[o.end:nxt.start + 1]) and len(s.text[o.end:nxt.start]) <= 3:
            _add_dev(add, nxt, org, o)
            continue
        # "... 由 Y 开发", "developed by Y": subjects before the org
        before = s.text[max(0, o.start - 30):o.start]
        legal = _LEGAL_SUFFIX.starts(s.text, o.end)  # "Arcturon Systems, Inc. today announced …"
        after = s.text[legal.end():legal.end() + 20] if legal else s.text[o.end:o.end + 14]
        if _BY.ends(before) or _BY_END.search(before):
            if _DEV_VERB.search(s.text[max(0, o.start - 40):o.end + 14]):
                cands = [m for m in _candidates(s) if m.end <= o.start] or \
                    [m for m in subjects if m.end <= o.start]
                if cands:  # the sentence's subject, else the nearest one before
                    lead = sentence_subject(s)
                    _add_dev(add, lead if lead in cands else cands[0] if cands[0].start <= 2 else cands[-1],
                             org, o)
            continue
        # "Y 发布了 X": the org, a verb, then the subjects up to the next org
        mverb = _DEV_VERB.search(after) if not located_at(s.text, o.start) else None
        if mverb is not None and (after[mverb.start() - 1:mverb.start()] == "预" or _SAYS.search(after[:mverb.start()])):
            mverb = None  # "萤川科技明确表示汀兰从零预训练": what it said, and pre-training is no release
        if mverb and not _NEG.search(after[:mverb.start()]) and len([x for x in orgs]) == 1:
            end_region = len(s.text)
            last: Span | None = None
            for m in subjects:
                if m.start >= o.end + mverb.end() - 1 and m.start < end_region:
                    if m.start - o.end > 120:
                        break
                    if last is not None and _CLAUSE_BREAK.search(s.text[last.end:m.start]) \
                            and not _released_too(s.text[last.end:m.start]):
                        break  # "斯坦福发布了 Alpaca，它是在 LLaMA 上…": the list ended
                    if _BASE_BEFORE.ends(s.text[max(0, m.start - 20):m.start]):
                        continue
                    _add_dev(add, m, org, o)
                    last = m

    # -- developer not in the vocabulary: "由 Gimgux Labs 公司开发", "developed by Coltix AI"
    if not any(c.predicate == "developer" for c in out):
        _unlisted_developer(s, subjects, add, section_model)

    # -- release date (needs a model name, a release verb and exactly one date)
    verb = _RELEASE.search(s.text) if models else None
    if verb is not None and _RESPECTIVELY.search(s.text) is not None:
        # "Capstan 1 与 Capstan 2 分别发布于 2024 年 11 月和 2025 年 7 月": one date each, in order
        ds = find_dates(s.text)
        paired = _respective_models(s, ds[0][0], len(ds)) if len(ds) >= 2 else None
        for m, d in zip(paired or (), ds, strict=False):
            add(m, "Model", "releaseDate", Value(d[2], "date"), m.start, d[1])
        if paired:
            verb = None
    dates = find_dates(s.text) if models and verb is None else []
    if verb is not None and _RELEASED_AFTER_DATE.search(s.text, verb.end()) is not None:
        # "此前发布的星河-1 系列…，其中星河-1-70B 于2024年6月开源": the date's own verb names its model
        own = find_dates(s.text)
        if len(own) == 1 and _RELEASED_AFTER_DATE.starts(s.text, own[0][1]):
            m = next((x for x in reversed(models) if x.end <= own[0][0]), None)
            if m is not None and s.text[m.end:own[0][0]].strip() in ("于", "在", "已于", "将于"):
                verb = None
                dates = own
    if len(dates) == 1 and _RELEASED_AFTER_DATE.starts(s.text, dates[0][1]):
        verb = Hit(dates[0][1], dates[0][1])  # "X 于 2023 年 6 月开源": a bare 开源 right after the date
    if verb is not None and len(find_dates(s.text)) >= 2 and _clause_dates(s, models, add):
        verb = None  # "A 和 B 于 2024 年 10 月同时发布，C 于 2025 年 1 月发布": each clause its own date
    if verb is not None and not _NOT_RELEASE_DATE.search(s.text):
        dates = dates or find_dates(s.text)
        day = _weekday_date(doc, s.text) if not dates else None
        if day is not None:
            dates = [day]  # "Halyard AI released Bosun 3 on Tuesday" in the issue of the week of November 17
        today = _TODAY.search(s.text)
        if today is not None and (not dates or today.start() < verb.start() and verb.start() - today.end() <= 24):
            # "**北京，2025年3月18日** —— 深目科技今天正式发布 …", "*March 4, 2026 · Lab*" then "Today we are
            # releasing X": the release is the document's dateline
            dl = dateline(doc)
            dates = [(today.start(), today.end(), dl)] if dl else []
        if len(dates) == 2 and dates[0][1] <= verb.start() and dates[1][0] >= verb.end():
            # "September 9, 2025 — Foo Inc. today announced X, the successor to Y, which launched in
            # November 2024": the date before the verb is the release's; the later one is Y's
            dates = dates[:1]
        dated = _paren_dated(s, models) if len(dates) >= 2 else []
        if len(dated) >= 2:
            # "three generations of Marlin: Marlin (August 2023), Marlin 2 (May 2024) and …": each its own date
            for m, value, end in dated:
                add(m, "Model", "releaseDate", Value(value, "date"), m.start, end)
            dates = []
        if not dates and not dated:  # "which Kestrel released in 2023": a bare year right after the verb
            y = _IN_YEAR.match(s.text, verb.end())
            dates = [(y.start(1), y.end(1), y.group(1))] if y else []
        if len(dates) == 1:
            # "2024 年发布的 X 是 Y 的继任者": Y was not released then ("开源了基座模型 Y" names no X: Y was)
            parents = {(y.start, y.end) for cm in sentence_cues(s) if cm.x is not None
                       and cm.relation not in ("series", "developer", "open", "closed") for y in cm.y}
            after = _until_clause_break(s, [m for m in models if m.start >= verb.start() and (m.start, m.end) not in parents])
            gap = s.text[verb.end():after[0].start].rstrip(" *`") if after else ""
            listed = gap.endswith((":", "：")) and not _CLAUSE_BREAK.search(gap[:-1])  # "release the X series: A, B"
            if after and not listed and _CLAUSE_BREAK.search(s.text, verb.end(), after[0].start):
                after = []  # "X 发布，作为 Y 的下一代": what was released stands before the verb
            before = [m for m in models if m.end <= verb.start()]
            # "A and B are open-sourced": every model of the group before the verb
            group = [g for g in _group_before(s, verb.start()) if g.cls == "Model"] if before else []
            targets = after[:4] if after else (group if before and group and group[-1] is before[-1] else before[-1:])
            if len(after) > 4:
                targets = []
            for m in targets:
                add(m, "Model", "releaseDate", Value(dates[0][2], "date"), min(m.start, dates[0][0]), max(m.end, dates[0][1]))
    if models and not any(c.predicate == "releaseDate" for c in out):
        # a timeline's entry or heading: "### 2023-12 问津-13B", "- **2025-01 知微-R 1.5**：…"
        lead = s.text.lstrip("-*+# ")
        off = len(s.text) - len(lead)
        dates = find_dates(lead[:24]) if lead[:1].isdigit() else []
        if dates and dates[0][0] == 0:
            m = next((x for x in models if x.start >= off + dates[0][1]), None)
            rest = s.text[m.end:].strip(" *`[]") if m is not None else ""
            # ("**2025.04.09** 🔥 **Lintel-2** is out!": an emoji between, a release verb after)
            if m is not None and not strip_symbols(s.text[off + dates[0][1]:m.start]).strip(" *`[]") \
                    and (rest[:1] in ("", ":", "：") or _RELEASE.search(rest[:16]) is not None):
                add(m, "Model", "releaseDate", Value(dates[0][2], "date"), off, m.end)
    lines = source_lines(doc) if section_model is not None and not models and section_model.cls == "Model" else []
    if 1 <= s.line <= len(lines):
        # a model card's or an entry's field line, "- **Release date:** 2024-11-20", "开发者：白鹭健康 AI":
        # a fact of the model the card (or entry) is about, read like a table cell under that label
        from kg.extract.table import field_line_claims

        out.extend(field_line_claims(doc, section_model.text, lines[s.line - 1], s.line))  # type: ignore[union-attr]

    # -- attributes of the sentence's model (parameters, context, tokens, architecture,
    #    techniques, open weights): kg/extract/sentence.py _attribute_claims
    out.extend(_attribute_claims(doc, s, section_model, cue_free))

    # lineage: kg/extract/lineage.py
    return out


# -- attributes of a model -----------------------------------------------------------------
_NUMU = r"(\d{1,4}(?:,\d{3})?(?:\.\d{1,2})?)"
_CTX_WORD = r"(?:(?:长|long[\s-]?)?(?:上下文|长下文|context)(?:长度|窗口长度|窗口|\s?window|\s?length)?|序列长度|sequence[\s-]length)"
_CTX_UNIT = r"\s?([KkMm](?![A-Za-z])|万|(?![A-Za-z]))\s?(?:个)?\s?(?:tokens?|词元|字符|characters)?"  # ("100万token")
_CTX2 = re.compile(
    _CTX_WORD + r"[^0-9。；;]{0,12}?" + _NUMU + _CTX_UNIT
    + r"|" + _NUMU + r"\s?([KkMm](?![A-Za-z])|万|(?![A-Za-z]))[\s\-]?(?:个)?\s?(?:tokens?|词元|字符)?\s?(?:的)?\s?" + _CTX_WORD
    + r"|(?:支持|处理)[^0-9。；;]{0,14}?(?:最长|最大|最多)(?:可)?(?:达|为|到)?\s?" + _NUMU
    + r"\s?([KkMm](?![A-Za-z])|万|(?![A-Za-z]))\s?(?:个)?\s?(?:tokens?|词元|字符)",
    re.I,
)
#: "3 万亿 token", "2T tokens"; or the count after its noun: "训练 token 数 3 万亿", "token 总量达到 2T"
_TOKENS2 = re.compile(
    r"(\d{1,5}(?:\.\d{1,3})?)\s?(万亿|千亿|亿|[TB](?![A-Za-z])|trillion|billion)\s?(?:个)?\s?(?:词元|tokens?|token|Token|字符)"
    r"|(?:词元|tokens?|Token)\s?(?:数|数量|总数|总量|量)\s?(?:(?:提升|增加|扩充|扩展|扩大|增长)(?:到|至)|达到|达|为|约|超过|是|：|:)?\s?(?:了|约)?\s?"
    r"(\d{1,5}(?:\.\d{1,3})?)\s?(万亿|千亿|亿|[TB](?![A-Za-z])|trillion|billion)", re.I)
#: "175B", "2600 亿", "1B5" (1.5B as RWKV writes it)
_SIZE_TOKEN = re.compile(r"(?<![A-Za-z0-9_.\-])(\d{1,4}(?:\.\d{1,2})?)(?:\s?(万亿|千亿|亿|B(?:\d(?![\w.]))?(?![A-Za-z]))|[\s-]?(billion))", re.I)
_SIZE_SEP = re.compile(r"^\s?(?:[（(]\s?\d{1,4}(?:\.\d{1,2})?\s?[BM]\s?[）)])?\s?(?:、|,|，|/|和|及|与|以及|or|and|到|至|-|~|–|～|to)(?:\s?(?:以及|和|及|即将推出的|即将发布的|upcoming)){0,2}\s?$", re.I)
_SIZE_NOT_PARAM = re.compile(r"^\s?(?:个)?\s?(?:tokens?|token|词元|字符|上下文|context|GB|TB|字节|bytes|美元|元|用户|条|张)", re.I)
_SIZE_CUE_AFTER = re.compile(r"^[\s)）]*(?:的)?\s?(?:[一二三四五六七八九十两多\d]+\s?(?:种|个|款))?\s?(?:不同)?\s?(?:参数|规模|尺寸|版本|大小|sizes?|parameters?|params|variants?|的\s?(?:Base|Chat|Dense|基础|对话|指令|模型)|模型"
                             r"|(?:[a-z]+[\s-])?(?:LLM|language model|chat model|model)s?\b)", re.I)
_SIZE_CUE_BEFORE = re.compile(r"(?:参数规模|参数量|参数|规模|尺寸|sizes?|包括|包含|发布了|开源了|共有|有|ranging|range|大小版本|个版本|个尺寸)\s?(?:为|从|是|有|达|：|:|from|（|\()?\s?$", re.I)
_COMPARE_BEFORE = words("compare_before")
_COMPARE_AFTER = re.compile(r"^\s?(?:系列|模型)?\s?(?:相比|相同|相似|一样|类似|不同|相媲美|媲美|比较|对比|等顶级|等商业)")
_OBJECT_POSITION = words("object_position")
_TECH_NEG = re.compile(r"(?:不使用|未使用|没有使用|没有|无需|不需要|不再使用|不采用|未采用|消除了?|去掉了?|去除了?|移除了?|放弃了?|摒弃了?|without|no|not use|eliminat\w*|remov\w*|drop\w*|比|than|unlike|instead of|rather than|而非|而不是|取代)\s?(?:了)?\s?[「“\"`*]?$", re.I)
_WEAK_USE = words("weak_use")
_OPEN_TRUE_CUE = re.compile(
    r"开源了|正式开源|宣布开源|并开源|发布并开源|还开源了|已开源|open[- ]sourced|open[- ]sources|released the weights|open[- ]weights?"
    r"|weights are (?:openly|publicly|freely) (?:available|released)|openly available weights"
    r"|under (?:the |an? )?(?:Apache|MIT|BSD|CC[- ]BY|GPL|permissive|open)[\w .\-]{0,24}licen[cs]e"
    r"|以\s?(?:Apache|MIT|BSD)[\w .\-]{0,12}(?:协议|许可证?)\s?(?:开源|发布)", re.I)
_OPEN_MODEL = re.compile(
    r"(?:开源(?:可商用)?(?:的)?\s?(?:大|语言|大语言)?模型|开源(?:可商用)?的|open[- ]source[^.,;。，；]{0,40}?\b(?:model|LLM)s?\b"
    r"|open[- ]weights? (?:model|LLM))", re.I)
_CLOSED_CUE = words("closed_cue")


def _paren_dated(s: Sentence, models: list[Span]) -> list[tuple[Span, str, int]]:
    """Models each followed by a date alone in parentheses ("Marlin 2 (May 2024)"): (model, date, end)."""
    out: list[tuple[Span, str, int]] = []
    for m in models:
        rest = s.text[m.end:m.end + 30]
        r = rest.lstrip()
        if r[:1] not in ("(", "（"):
            continue
        close = min((i for i in (r.find(")"), r.find("）")) if i > 0), default=-1)
        inner = r[1:close].strip() if close > 0 else ""
        ds = find_dates(inner) if inner else []
        if len(ds) == 1 and ds[0][0] == 0 and ds[0][1] >= len(inner) - 1:
            out.append((m, ds[0][2], m.end + (len(rest) - len(r)) + close + 1))
    return out


def may_state_openness(text: str) -> bool:
    """False when none of _CLOSED_CUE, _OPEN_TRUE_CUE and _OPEN_MODEL can match ``text``: each of
    their alternatives contains one of these words."""
    if "开源" in text or "闭源" in text or "协议" in text or "许可" in text:
        return True
    low = ci_lower(text)
    return "open" in low or "closed" in low or "proprietary" in low or "weights" in low or "licen" in low


def _may_state_context(text: str) -> bool:
    """False when _CTX2 cannot match ``text``: each of its alternatives contains one of these
    words (a context word, or the verb of "支持最长…")."""
    if "上下文" in text or "长下文" in text or "支持" in text or "处理" in text or "序列长度" in text:
        return True
    low = ci_lower(text)
    return "context" in low or "sequence" in low


_LEAD_PREFIX = re.compile(r"^[\s\d年月日号至到~\-–.,，、:：`*_（()）]*(?:(?:随后|此后|之后|后来|同时|此外|另外|其中|目前|最近|then|later|meanwhile)[，,]?\s?)?(?:(?:上旬|中旬|下旬|左右|初|底|末)\s?)?[，,]?\s?(?:(?:正式)?(?:发布|推出)的|released|introduced|the|最早的|新的)?\s?$", re.I)


def _in_comparison(s: Sentence, sp: Span) -> bool:
    return bool(_COMPARE_BEFORE.ends(s.text[max(0, sp.start - 6):sp.start])
                or _COMPARE_AFTER.match(s.text[sp.end:sp.end + 6]))


def _candidates(s: Sentence) -> list[Span]:
    """Model and series names of a sentence that can be its subject (not compared-to names,
    not an alias in parentheses right after another name: "Qwen（通义千问）").

    Memoised on the sentence (callers must not mutate the list)."""
    out = s._memo_cands
    if out is not None:
        return out
    out = []
    prev: Span | None = None
    parents = _lineage_parents(s)
    for sp in s.spans:
        if sp.cls not in ("Model", "Series"):
            continue
        if prev is not None and s.text[prev.end:sp.start].strip() in ("(", "（") and sp.start - prev.end <= 3:
            continue
        prev = sp
        if _BASE_BEFORE.ends(s.text[max(0, sp.start - 20):sp.start]) or (sp.start, sp.end) in parents:
            continue  # "基于 ChatGLM-6B 的问诊模型", "X 是 Y 的升级版": the base, not the subject
        if not _in_comparison(s, sp):
            out.append(sp)
    s._memo_cands = out
    return out




def _lineage_parents(s: Sentence) -> set[tuple[int, int]]:
    """Spans a lineage cue of the sentence names as the model another comes from ({Y} of
    kg/data/cues/lineage.tsv): never the sentence's subject."""
    if len(s.spans) < 2:
        return set()
    return {(y.start, y.end) for cm in sentence_cues(s) if cm.relation not in ("series", "developer") for y in cm.y}


def sentence_cues(s: Sentence) -> list:
    """The cue lines matched in a sentence (kg/data/cues): memoised on the sentence, which the
    sentence and lineage extractors share (callers must not mutate the list)."""
    out = s._memo_cues
    if out is None:
        from kg.extract.cues import match_relations
        from kg.extract.lexicon import not_model_word

        spans = cue_spans(s)
        out = s._memo_cues = match_relations(s.text, spans, not_model_word()) \
            if spans or may_state_openness(s.text) else []
    return out


def cue_spans(s: Sentence) -> list[Span]:
    """The names of a sentence the cue lines relate (models, families, organizations): the same
    list from every extractor, so the cue engine's memo serves them all."""
    return [sp for sp in s.spans if sp.cls in ("Model", "Series", "Organization")]


_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


def _until_clause_break(s: Sentence, spans: list[Span]) -> list[Span]:
    """The leading names of ``spans`` up to a clause break, skipping base names ("在 X 上")."""
    out: list[Span] = []
    for m in spans:
        if out and _CLAUSE_BREAK.search(s.text[out[-1].end:m.start]) and not _released_too(s.text[out[-1].end:m.start]):
            break
        if not _BASE_BEFORE.ends(s.text[max(0, m.start - 20):m.start]):
            out.append(m)
    return out
_BASE_BEFORE = words("base_before")


def _key(sp: Span) -> str:
    return vocabulary_key(sp.canonical if sp.cls == "Series" else sp.text)


def sentence_subject(s: Sentence) -> Span | None:
    """The model (or family) a sentence is about: its only candidate name, or a name that
    opens the sentence (after a date: "2023 年 3 月发布的 GPT-4 ...").  Memoised on the sentence."""
    subj = s._memo_subject
    if subj is _UNSET:
        subj = s._memo_subject = _sentence_subject(s)
    return subj  # type: ignore[return-value]


def _sentence_subject(s: Sentence) -> Span | None:
    cands = _candidates(s)
    if not cands:
        return None
    first = cands[0]
    if len({_key(c) for c in cands}) == 1 or _LEAD_PREFIX.match(s.text[:first.start]) and not any(
            sp.cls in ("Model", "Series") for sp in s.spans if sp.end <= first.start):
        if first.cls == "Series" and len(cands) > 1 and cands[1].cls == "Model":
            gap = s.text[first.end:cands[1].start].strip(" ,，")
            if len(gap) <= 24 and not _CLAUSE_BREAK.search(gap) and (
                    _MODEL_NOUN_END.ends(gap) or _MODEL_NOUN_EN.ends(gap)):
                return cands[1]  # "Foo 系列的首个模型 Foo-1 于…", "the Foo family's first model, Foo-1"
        return first
    return None
_MODEL_NOUN_END = words("model_noun_end")
_MODEL_NOUN_EN = words("model_noun_title_end")


_COORD_GAP = re.compile(r"\s?(?:、|,|，|和|与|及|以及|and|or|/)\s?")


def _group_before(s: Sentence, pos: int) -> list[Span]:
    """The candidate names right before ``pos``, with names coordinated with them ("A、B 和 C")."""
    cands = [c for c in _candidates(s) if c.end <= pos]
    if not cands:
        return []
    group = [cands[-1]]
    for c in reversed(cands[:-1]):
        if _COORD_GAP.fullmatch(s.text, c.end, group[-1].start):
            group.append(c)
        else:
            break
    return list(reversed(group))


_BASIS_AFTER_NAME = words("basis_after_name")
_PARAM_WORD_BEFORE = re.compile(r"参数(?:量|规模)?[^0-9。；，,]{0,10}[，,]?[^0-9。；]{0,6}$")
_PARAM_WORD_AFTER = re.compile(r"^[\s)）]*(?:的)?\s?(?:参数|规模|尺寸|parameters?)")
_COLON_END = re.compile(r"[:：]\s?$")
_CLOSE_PAREN_START = re.compile(r"^\s?[)）]")
_YEAR_NUM = re.compile(r"(?:19|20)\d{2}")
_CTX_UNIT_WORD = re.compile(r"tokens?|词元|字符|characters|的\s?(?:上下文|长下文)", re.I)
_MOE_WORD = words("moe_word")
_HEDGE = words("hedge")
_MOE_AFTER = re.compile(
    r"^\s?(?:的|是|为|是一个|是一种)?\s?(?:稀疏)?\s?(?:混合专家|专家混合|MoE)\s?(?:模型|架构|model|architecture)", re.I)
_AFTER_PARAM_WORD = re.compile(r"(?<=参数)|(?<=param)|(?<=parameters)")
_SIZE_OF_NAME = re.compile(r"^[\s)）]*(?:个)?\s?(?:激活|活跃|active|activated)?\s?(?:参数|parameters?)?\s?(?:量)?\s?"
                           r"(?:[（(][^）)]{0,24}[）)])?[\s)）]*(?:的|of"
                           # "an 8-billion parameter instruction model, InternLM3-8B-Instruct": an apposition
                           r"|(?:[A-Za-z\-]+ ){0,3}(?:model|LLM|checkpoint)s?,)\s?$")
_SIZE_PRED_HEAD = words("size_pred_head")


def _size_pred_head(gap: str) -> bool:
    """The words between a name and a lone size make the size the name's: "X 是一个 16B",
    "X（一个 7B", "X is a 13B", "X — the general-purpose 70B" (up to two adjectives after the article)."""
    g = gap.strip(" *")
    for _ in range(2):
        head, sep, last = g.rpartition(" ")
        if sep and last.isascii() and last.replace("-", "").isalpha() and last.lower() not in ("a", "an", "the"):
            g = head
    hit = _SIZE_PRED_HEAD.search(g) if g else None
    return hit is not None and hit.start() == 0 and hit.end() == len(g)


def _size_pred_tail(tail: str) -> bool:
    """What follows a lone size that is a model's: "的稠密模型", " dense model" (not "模型的微调版本", "model of")."""
    t = tail.lstrip()
    if t.startswith("的"):
        t = t[1:].lstrip()
    for noun in ("模型", "model", "LLM"):
        i = t.find(noun)
        if 0 <= i <= (4 if noun == "模型" else 24):
            before, after = t[:i], t[i + len(noun):]
            ok = all("\u4e00" <= ch <= "\u9fff" for ch in before) if noun == "模型" else \
                len(before.split()) <= 2 and before.replace("-", "").replace(" ", "").isalpha() and before.isascii()
            if ok and not after.startswith(("的", " of", "of")) and not after[:1].isalpha():
                return True
    return False
_POSSESSIVE = re.compile(r"\s?(?:的|'s)\s?")
_HAS_GAP = re.compile(r"\s?(?:系列|家族|series|family)?\s?(?:的|'s|[:：(（]|拥有|具有|有|共有|包含|包括|分为|comes\s+in|includes)\s?")
_SHORT_CLAUSE = re.compile(r"[^。；]{0,40}")
_TRAIN_AFTER = re.compile(r"^[^。；，,]{0,8}训练")
_QUOTE_PAREN_GAP = re.compile(r"[」”\"`*]?\s?[（(]\s?")


_RE_ATTRIBUTE_CLAIMS_1 = words("compared_before")
_RE_ATTRIBUTE_CLAIMS_2 = re.compile(r"[，,。；;]")
_RE_ATTRIBUTE_CLAIMS_3 = re.compile(r"[^，,。；;]{0,12}(?:、|,|，|和|与|及|以及|and|or)[^，,。；;]{0,12}")
_RE_ATTRIBUTE_CLAIMS_4 = words("first_of")


def _model_over_family(s: Sentence, sp: Span) -> Span:
    """A value right after a family mention belongs to the model named before it in the same
    sentence ("Foo-7B 开源，这是 Foo 系列的第一个模型，上下文长度 4096"): sizes, context and tokens are
    a model's, and a family is only named there to place the model."""
    if sp.cls != "Series":
        return sp
    models = [x for x in _candidates(s) if x.end <= sp.start and x.cls == "Model"]
    return models[-1] if models else sp


def _attribute_claims(doc: Document, s: Sentence, fallback: Span | None, cue_free: bool = False) -> list[Claim]:
    """Parameters, context length, training tokens, architecture, techniques and open
    weights stated in one sentence, for the model the sentence is about."""
    out: list[Claim] = []
    if fallback is None and not s.models() and not _candidates(s):
        return out  # every claim below is about a model name of the sentence or the fallback
    seen: set[tuple[str, str, str]] = set()

    def add(subj: Span, pred: str, obj: Mention | Value, a: int, b: int) -> None:
        cls = "Series" if subj.cls == "Series" else "Model"
        name = subj.canonical if cls == "Series" else subj.text
        key = (name, pred, str(obj.text if isinstance(obj, Mention) else obj.value))
        if key in seen:
            return
        seen.add(key)
        out.append(make_claim(doc, NAME, s.line, s.quote(a, b), Mention(name, cls), pred, obj))

    subj = sentence_subject(s)
    has_names = bool(_candidates(s))
    if fallback is not None and _PRONOUN.match(s.text):
        subj = fallback  # "它/该模型 ...": the running subject, not a name further on
    default = subj if subj is not None else (fallback if not has_names else None)

    def near(a: int) -> list[Span]:
        """The names a value at ``a`` belongs to: the nearest name before it (or the models
        coordinated there: "发布 A 和 B，支持 16K 上下文"), the subject, or (in a sentence
        without names) the context's model."""
        g = [x for x in _group_before(s, a)
             if not _OBJECT_POSITION.ends(s.text[max(0, x.start - 10):x.start])
             and not _BASIS_AFTER_NAME.starts(s.text[x.end:x.end + 6])]
        if g and len(g) == 1:
            return [_model_over_family(s, g[0])]
        if 1 < len(g) <= 4 and all(x.cls == "Model" for x in g) and a - g[-1].end <= 60 \
                and _BOTH.search(s.text, g[-1].end, min(a, g[-1].end + 12)) is not None:
            return g  # "two sizes, A and B, both trained on …", "A 与 B 的上下文长度均为 16K": each of them
        if 1 < len(g) <= 4 and subj is None and all(x.cls == "Model" for x in g) \
                and len(s.text[g[-1].end:a]) <= 12 and len(_CLAUSE_BREAK.findall(s.text, g[-1].end, a)) <= 1:
            return g
        if not g and not [x for x in _candidates(s) if x.end <= a] and fallback is not None and subj is None:
            return [fallback]
        return [default] if default is not None else []

    # parameters, context length and training tokens all need a digit (\d, as their patterns)
    has_digit = any(ch.isdigit() for ch in s.text)

    # -- parameters: single quantities ("175B 参数的 GPT-3", "参数量达到 2600 亿")
    tokens = [m for m in _SIZE_TOKEN.finditer(s.text) if not _SIZE_NOT_PARAM.match(s.text[m.end():m.end() + 6])] \
        if has_digit else []
    groups: list[list[re.Match[str]]] = []
    for m in tokens:
        if groups and s.text[groups[-1][-1].end():m.start()].strip() in ("（", "(") \
                and s.text[m.end():m.end() + 2].strip()[:1] in ("）", ")"):
            continue  # "18亿（1.8B）": the same size restated in parentheses
        if groups and _SIZE_SEP.match(s.text[groups[-1][-1].end():m.start()]):
            groups[-1].append(m)
        else:
            groups.append([m])
    for g in groups:
        a, b = g[0].start(), g[-1].end()
        tail, head = s.text[b:b + 16], s.text[max(0, a - 12):a]
        # "30B（激活参数3B）": a total with its active count in parentheses
        paren_active = tail.lstrip()[:1] in ("（", "(") and bool(_ACTIVE.starts(tail.lstrip()[1:].lstrip()))
        total = tail.lstrip().lower().startswith("total ")  # "480B total and 35B active parameters"
        explicit = bool(_PARAM_AFTER.match(tail) or _PARAM_WORD_BEFORE.search(head) or paren_active or total
                        or _ACTIVE.ends(head.rstrip(" 为约仅:："))) # "总参数 300 亿、激活 30 亿"
        model_colon = bool(_COLON_END.search(head)) and bool(_group_before(s, a)) \
            and len(s.text[_group_before(s, a)[-1].end:a].strip(" :：")) == 0
        if not (explicit or _SIZE_CUE_AFTER.match(tail) or _SIZE_CUE_BEFORE.search(head) or model_colon
                or _size_pred_tail(tail)):
            continue
        if len(g) == 1 and not explicit and not model_colon and not _CLOSE_PAREN_START.match(tail):
            # a lone size needs a parameter word ("70B 的指令模型" is a variant, not the family size),
            # or stands in an apposition to a name ("BloombergGPT, 50B LLM", "Foo, a 7B model")
            gb = _group_before(s, a)
            appos = len(gb) == 1 and (s.text[gb[-1].end:a].strip().lower() in (",", ", a", ", an", "，")
                                      # "X 是一个 16B 的稠密模型", "X — the general-purpose 70B dense model"
                                      or _size_pred_head(s.text[gb[-1].end:a]) and _size_pred_tail(tail))
            if not _PARAM_WORD_AFTER.match(tail) and not _SIZE_CUE_BEFORE.search(head) and not appos:
                continue
        vals: list[int] = []
        for m in g:
            for v in parse_sizes(m.group(0).replace("-", " ")):
                if v >= 10**7 and v not in vals:
                    vals.append(v)
        if not vals:
            continue
        if len(vals) >= 2 and (_RESPECTIVELY.search(s.text, max(0, a - 10), a) is not None
                               or _RESPECTIVELY.search(s.text, b, b + 24) is not None):
            # "包括 A、B 和 C 三个版本，参数量分别为 70 亿、340 亿和 1800 亿": one size each, in order
            paired = _respective_models(s, a, len(vals))
            if paired:
                for m, v in zip(paired, vals, strict=True):
                    add(m, "parameters", Value(v, "integer"), a, b)
                continue
        tail_to_word = _AFTER_PARAM_WORD.split(s.text[b:b + 16], maxsplit=1)[0]
        cut = min((i for i in (tail_to_word.find(ch) for ch in "，,；;、") if i >= 0), default=-1)
        if cut >= 0:
            tail_to_word = tail_to_word[:cut]  # "2360 亿，每个 token 激活的…": the next clause's word
        pred = "activeParameters" if not paren_active and not total and _ACTIVE.search(s.text[max(0, a - 8):a] + tail_to_word) \
            else "parameters"
        # "拥有 175B 参数的 GPT-3": the name right after; "GPT-3 (175B)", "Qwen2.5-Coder: 1.5B, 7B": right before
        after = [m for m in s.models() if m.start >= b and _SIZE_OF_NAME.match(s.text[b:m.start])]
        owner = [m for m in s.models() if m.end <= a and _POSSESSIVE.fullmatch(s.text[m.end:a])]
        target: Span | None = None
        if after:
            target = after[0]
        elif owner:
            target = owner[-1]  # "GPT-3.5 的 1750 亿参数"
        else:
            before = _group_before(s, a)
            gap = s.text[before[-1].end:a] if before else ""
            if before and len(before) == 1 and (_HAS_GAP.fullmatch(gap)
                                                or _SHORT_CLAUSE.fullmatch(gap) and explicit and subj is None):
                target = _model_over_family(s, before[0])
            elif subj is not None:
                target = subj
            elif not has_names:
                target = fallback
        if target is None:
            continue
        for v in vals[:8]:
            add(target, pred, Value(v, "integer"), a, b)

    # -- context length ("128K 上下文", "上下文长度扩展至 512K", "支持最长达 32,000 个字符")
    for c in _CTX2.finditer(s.text) if has_digit and _may_state_context(s.text) else ():
        groups_ = [(c.group(i), c.group(i + 1)) for i in (1, 3, 5) if c.group(i)]
        if not groups_:
            continue
        num, unit = groups_[0]
        val = float(num.replace(",", ""))
        u = (unit or "").lower()
        val *= {"k": 1000, "m": 1_000_000, "万": 10_000}.get(u, 1)
        if val < 512 or val > 100_000_000:
            continue
        pow2 = val >= 1024 and int(val) & (int(val) - 1) == 0 and val == int(val)
        if not u and (_YEAR_NUM.fullmatch(num) and not c.group(3)
                      or not _CTX_UNIT_WORD.search(c.group(0)) and not pow2):
            continue  # "上下文理解 (2018)": a bare number needs a unit word (or is 2048, 4096, 8192 …)
        for target in near(c.start()):
            add(target, "contextLength", Value(int(val), "integer"), c.start(), c.end())

    # -- training tokens
    if has_digit and _TRAIN.search(s.text):
        for t in _TOKENS2.finditer(s.text):
            vals = parse_sizes(f"{t.group(1)}{t.group(2)}" if t.group(1) else f"{t.group(3)}{t.group(4)}")
            if vals and vals[0] >= 10**9:
                for target in near(t.start()):
                    add(target, "trainingTokens", Value(vals[0], "integer"), t.start(), t.end())

    # -- architecture ("采用 decoder-only 架构"; "DeepSeek-MoE 混合专家模型")
    arch = parse_architecture(s.text) if default is not None else None
    if arch and arch != "MoE" and default is not None:
        add(default, "architecture", Value(arch, "architecture"), default.start, default.end)
    hedged = _HEDGE.search(s.text) is not None  # "widely believed, though never confirmed, to use a MoE design"
    for m in s.models() if s.models() and not hedged and _MOE_WORD.search(s.text) else ():  # its words are in the text or nowhere
        if _MOE_AFTER.match(s.text[m.end:m.end + 14]):
            # "X 为 MoE 模型": a mixture-of-experts architecture is the MoE technique too (as the gold sets write it)
            add(m, "architecture", Value("MoE", "architecture"), m.start, m.end)
            add(m, "usesTechnique", Mention("MoE", "Technique"), m.start, m.end)

    # -- techniques the model uses (a use cue, or a list item under "X 的改进：")
    techs = [sp for sp in s.spans if sp.cls == "Technique"] if not hedged else []
    if techs and (cue_free or (_WEAK_USE.search(s.text) and subj is not None and has_names) or words("uses_technique").search(s.text)
                  or any(_TRAIN_AFTER.match(s.text[t.end:]) for t in techs)):
        negated: set[int] = set()
        for i, t in enumerate(techs):
            prev = techs[i - 1] if i else None
            if _TECH_NEG.search(s.text[max(0, t.start - 10):t.start]) or (
                    prev is not None and id(prev) in negated and _QUOTE_PAREN_GAP.fullmatch(s.text[prev.end:t.start])):
                negated.add(id(t))  # "消除了「监督微调」(SFT)": the alias in parentheses is negated too
        for t in techs:
            if id(t) in negated:
                continue
            g = _group_before(s, t.start)
            targets = g if g and subj is None else ([subj] if subj is not None else ([fallback] if fallback is not None and not has_names else []))
            for target in targets:
                add(target, "usesTechnique", Mention(t.canonical, "Technique"), t.start, t.end)
                if t.canonical == "MoE":
                    add(target, "architecture", Value("MoE", "architecture"), t.start, t.end)

    # -- open weights stated in prose ("开源了 X、Y", "X 是...开源的语言大模型", "目前还没有开源")
    if not may_state_openness(s.text):
        return out
    closed = _CLOSED_CUE.search(s.text)
    if closed:
        target = subj if subj is not None else (fallback if not has_names else None)
        g = _group_before(s, closed.start())
        if target is None and len(g) == 1:
            target = g[0]
        if g and len(s.text[g[-1].end:closed.start()].strip()) <= 2 and g[-1].cls == "Model":
            target = g[-1]  # "其中只有云梭 2.0 未开源": the model right before the cue, not the sentence's family
        if target is not None and not _RE_ATTRIBUTE_CLAIMS_1.search(s.text[max(0, closed.start() - 12):closed.start()]):
            add(target, "openWeights", Value(False, "boolean"), closed.start(), closed.end())
    else:
        # "开源地址为：https://…" under the model's heading: where its open release lives;
        # "License: Apache 2.0" in a model card
        opened = _OPEN_TRUE_CUE.search(s.text) or words("open_field").search(s.text)
        if opened:
            after = []
            for m in _candidates(s):
                if m.start < opened.end():
                    continue
                if not after and len(s.text[opened.end():m.start]) <= 30 and not _RE_ATTRIBUTE_CLAIMS_2.search(s.text[opened.end():m.start]) \
                        or after and _RE_ATTRIBUTE_CLAIMS_3.fullmatch(s.text[after[-1].end:m.start]):
                    after.append(m)
                elif after:
                    break
            if after:
                for m in after[:8]:
                    add(m, "openWeights", Value(True, "boolean"), opened.start(), m.end)
            else:
                target = subj if subj is not None else (fallback if not has_names else None)
                if target is not None:
                    add(target, "openWeights", Value(True, "boolean"), opened.start(), opened.end())
        elif _OPEN_MODEL.search(s.text) and subj is not None:
            mo = _OPEN_MODEL.search(s.text)
            assert mo is not None
            if subj.end <= mo.start() and not _RE_ATTRIBUTE_CLAIMS_4.search(s.text[subj.end:mo.start()]):
                add(subj, "openWeights", Value(True, "boolean"), mo.start(), mo.end())
    return out


_LEAD_LABEL = re.compile(r"\s*(?:[\w\u4e00-\u9fff]{1,6}[：:])?\s*")  # "简介：", "Summary:"
_BY_ZH = re.compile(
    r"(?<!于)由\s?(?P<org>(?:[A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,3}|[\u4e00-\u9fff]{2,10}?)"
    r"(?:\s?[（(][^）)]{1,12}[）)])?)\s?"
    r"(?:公司|集团|团队|实验室|研究院|研究所|大学)?\s?(?:联合|共同|自主|独立)?"
    r"(?:开发|研发|发布|推出|打造|训练|开源)"
)
_BY_EN = re.compile(
    r"\b(?:developed|released|created|built|trained|introduced|launched|open-sourced|published)"
    r"\s(?:jointly\s)?by\s(?:the\s)?(?P<org>[A-Z][\w&.\-]*(?:\s(?:[A-Z][\w&.\-]*|and|&))*)"
)
_TRAILING_AND = re.compile(r"\s(?:and|&)$")
_AND_SPLIT = re.compile(r"\s(?:and|&)\s")
#: words that open a phrase naming people or a pronoun, not an organization


def _unlisted_developer(s: Sentence, subjects: list[Span], add,  # type: ignore[no-untyped-def]
                        fallback: Span | None = None) -> None:
    """Developer named by a cue but absent from the vocabulary (unseen organizations).

    Only when the sentence has a model subject before the cue, or opens with the cue
    and the discourse gives the subject ("简介：由 X 开发的医疗大模型" under an entry);
    the name must not be a known model, technique or series, nor a word for people.
    """
    for rx, literal in ((_BY_ZH, "由"), (_BY_EN, "by")):
        if literal not in s.text:
            continue  # every match of the pattern contains the literal
        for m in rx.finditer(s.text):
            name = _TRAILING_AND.sub("", m.group("org").strip()).strip()
            if len(name) < 2 or words("not_org_start").starts(name) or words("generic_org_start").starts(name):
                continue  # "由第三方开发", "由研究人员开发": nobody in particular
            if any(sp.start < m.end("org") and sp.end > m.start("org") for sp in s.spans):
                continue  # a listed name: handled (or refused) by the rules above
            before = [sp for sp in _candidates(s) if sp.end <= m.start()] or \
                [sp for sp in subjects if sp.end <= m.start()]
            if not before and fallback is not None and fallback.text and _LEAD_LABEL.fullmatch(s.text[:m.start()]):
                before = [Span(m.start(), m.start(), fallback.text, "Model", fallback.text)]
            if not before:
                continue
            lead = sentence_subject(s)
            subj = lead if lead in before else before[0] if before[0].start <= 2 else before[-1]
            parts = [p for p in _AND_SPLIT.split(name) if p]
            for part in parts[:3]:
                o = Span(m.start("org"), m.end("org"), part, "Organization", part, False)
                _add_dev(add, subj, Mention(part, "Organization"), o)
                add(part, "Organization", "type", Value("Organization", "class"), o.start, o.end)
            return


def _add_dev(add, subj: Span, org: Mention, o: Span) -> None:  # type: ignore[no-untyped-def]
    cls = "Series" if subj.cls == "Series" else "Model"
    add(subj.canonical if cls == "Series" else subj.text, cls, "developer", org,
        min(subj.start, o.start), max(subj.end, o.end))


_KEY_DROP = re.compile(r"[\s\-_·]+")


def vocabulary_key(text: str) -> str:
    return _KEY_DROP.sub("", text.lower())


# -- document-level context -------------------------------------------------------------
#: "BLOOMZ&mT0 - ...", "WizardLM|WizardCoder - ...": the names of an entry's title, joined
_ENTRY_TITLE = re.compile(r"^[\w.\- ]{1,40}[&|/、]\s?$")
_OPEN_HEADING = re.compile(r"开源|开放权重|open[- ]source|open[- ]weights?|\bopen\s+(?:LLMs?|models?|language\s+models?|chat\s+models?)\b", re.I)
_CLOSED_HEADING = words("closed_heading")
_NOT_OPEN_HEADING = words("not_open_heading")


def heading_openness(section: tuple[str, ...]) -> tuple[str, bool] | None:
    """(heading, open) of the nearest heading that says the weights are open (True) or closed
    (False): "# Open LLMs", "## 闭源模型"; else None.  A leaderboard heading ranks models, and
    says nothing of their weights."""
    for h in reversed(section):
        o, c = bool(_OPEN_HEADING.search(h)), bool(_CLOSED_HEADING.search(h))
        if o != c and not _NOT_OPEN_HEADING.search(h):
            return h, o
    return None


def _heading_line(doc: Document, lines: list[str], title: str) -> tuple[int, str] | None:
    for b in doc.blocks:
        if b.kind == "heading" and b.text == title and 1 <= b.line <= len(lines):
            return b.line, quote_window(lines[b.line - 1])
    return None


def table_model_names(doc: Document) -> frozenset[tuple[str, str]]:
    """The names ``doc`` introduces itself, (name, class) pairs: model table columns, list
    entries, hub ids, names beside cue words (pass 1, :func:`kg.extract.lexicon.document_lexicon`).
    Every extractor hands this same set object to :func:`sentences_of`, whose per-document
    cache keys hold it."""
    from kg.extract.lexicon import document_lexicon

    return document_lexicon(doc).names


_PRONOUN = re.compile(r"^\s*(?:它们?|其(?!中|他|它|余|次|实)|该模型|此模型|这款模型|这个模型|该系列模型?|这些模型|模型在|this model|the model|it|they)(?![A-Za-z])", re.I)
_TECH_INTRO = words("tech_intro")
_REPRESENTATIVE = re.compile(r"代表(?:性)?(?:的)?(?:大语言|大|语言)?模型|典型模型|代表作|representative models?|notable models?", re.I)
_REPRESENTED_BY = re.compile(r"以\s?(.{1,80}?)\s?等?\s?为代表")
_COLON = re.compile(r"[:：]")


def section_subject(section: tuple[str, ...], extra: frozenset[tuple[str, str]] = frozenset()) -> Span | None:
    """The model or family the innermost heading naming exactly one is about (cached for
    short headings: every block under a heading asks).  ``extra``: the document's own
    names, so "### Baize白泽" is about Baize when the document introduced it."""
    if sum(map(len, section)) <= CACHE_TEXT:
        return _section_subject_cached(section, extra)
    return _section_subject(section, extra)


#: what a heading about one model may say besides the name: numbering, "系列", "模型", "介绍", glosses
_HEADING_REST = re.compile(r"[\s\d.、#*`:：()（）\[\]\-–—/&和与及一二三四五六七八九十]*(?:(?:系列|家族|模型|大模型|介绍|简介|概述|"
                           r"详解|模型介绍|series|family|models?|overview|introduction|[\u4e00-\u9fff]{1,4}(?=[)）]))"
                           r"[\s\d.、:：()（）\-]*)*", re.I)
_HEADING_ASIDE = re.compile(r"[（(][^）)]{0,40}(?:更新|update|\d{4})[^）)]{0,40}[）)]", re.I)


def _section_subject(section: tuple[str, ...], extra: frozenset[tuple[str, str]] = frozenset()) -> Span | None:
    from kg.extract.lexicon import heading_names

    for h in reversed(section):
        h = _HEADING_ASIDE.sub("", h)  # "Dolly2.0 （更新于2023年4月13日）": the date says nothing of the model
        glossed = heading_names(h)
        if len(glossed) == 1 and (glossed[0][1] or glossed[0][0] != h.strip(" #*`")):
            # "Baize白泽", "华驼(HuaTuo)": one name with its Chinese gloss; "ChatRWKV(Raven)": with a nickname
            name = glossed[0][0]
            known = [sp for sp in find_names(name, extra) if sp.cls in ("Model", "Series")]
            if len(known) == 1 and known[0].text == name:
                sp = known[0]
                return Span(0, 0, sp.text, sp.cls, sp.canonical)
        names = [sp for sp in find_names(h, extra) if sp.cls in ("Model", "Series")]
        rest = h
        for sp in reversed(names):
            rest = rest[:sp.start] + rest[sp.end:]
        if names and not _HEADING_REST.fullmatch(rest):
            return None  # "Alpaca模式篇", "LLM 的能力": a heading about something else that names a model
        keys = {_key(sp) for sp in names}
        if len(keys) == 1:
            sp = names[0]
            return Span(0, 0, sp.text, sp.cls, sp.canonical)
        if keys:
            return None
    return None


_section_subject_cached = lru_cache(maxsize=1024)(_section_subject)


_RE_REPRESENTATIVES_1 = re.compile(r"[\w]")


def _representatives(doc: Document, s: Sentence) -> list[Claim]:
    """"代表模型：BERT, RoBERTa" under "编码器模型：掩码语言建模（MLM）": the listed models
    have the architecture and techniques the heading (or the text before the colon) names;
    "以 GPT-3、GPT-4 等为代表的 Decoder-only 模型" likewise."""
    out: list[Claim] = []
    if not s.models():
        return out  # both rules below only speak of the sentence's model names
    models: list[Span] = []
    context = ""
    colon = _COLON.search(s.text)
    rep = _REPRESENTATIVE.search(s.text)
    if rep and colon and rep.end() <= colon.end() + 1 and rep.start() < colon.start():
        models = [m for m in s.models() if m.start >= colon.end()]
        context = s.text[:colon.start()]
        if not parse_architecture(context) and s.section and not _RE_REPRESENTATIVES_1.search(context[:rep.start()].strip(" *-")):
            context = s.section[-1]  # a bare "代表模型：" line: the heading says what they represent
    else:
        m = _REPRESENTED_BY.search(s.text)
        if m:
            models = [x for x in s.models() if m.start(1) <= x.start and x.end <= m.end(1)]
            context = s.text[m.end():]
    if not models:
        return out
    arch = parse_architecture(context)
    techs = [sp for sp in find_names(context) if sp.cls == "Technique"] if context is not s.text else []
    for mdl in models:
        if arch:
            out.append(make_claim(doc, NAME, s.line, s.quote(mdl.start, mdl.end), Mention(mdl.text, "Model"),
                                  "architecture", Value(arch, "architecture")))
        for t in techs:
            if t.canonical == "MoE":
                continue
            out.append(make_claim(doc, NAME, s.line, s.quote(mdl.start, mdl.end), Mention(mdl.text, "Model"),
                                  "usesTechnique", Mention(t.canonical, "Technique")))
    return out


_LINE_END = re.compile(r"[。！？.!?:：]\s*$")
_COLON_LINE_END = re.compile(r"[:：]\s*$")


@register(NAME)
def extract_sentences(doc: Document) -> list[Claim]:
    """Facts stated in the prose (paragraphs, list items, headings) of ``doc``."""
    lines = source_lines(doc)
    claims: list[Claim] = []
    series_named: set[str] = set()
    mentions: list[tuple[Span, Sentence]] = []
    extra = table_model_names(doc)
    # discourse context for sentences that name no model: the running subject of the
    # paragraph ("它", "该模型"), the subject of a paragraph ending with a colon for the
    # list items after it ("X 的改进如下：- GQA ..."), else the section's model or family
    intro: Span | None = None
    intro_tech = False
    intro_level = 0  # a list item ending with a colon introduces its deeper items only
    from kg.extract.discourse import entry_subjects

    prose = [b for b in doc.blocks if b.kind in ("paragraph", "list_item", "heading")]
    entries = dict(zip((id(b) for b in prose),
                       entry_subjects([(b, sentences_of(doc, b, lines, extra)) for b in prose]), strict=True))
    run: list[Span] = []  # the models that open the list items just before (for "Both …" after them)
    for block in doc.blocks:
        if block.kind not in ("paragraph", "list_item", "heading"):
            intro = None
            run = []
            continue
        items_before, run = (run if len(run) >= 2 else []), (run if block.kind == "list_item" else [])
        if block.kind != "list_item" or (intro_level and block.level <= intro_level):
            intro = None
            intro_level = 0
        section_subj = section_subject(block.section, extra) if block.kind != "heading" else None
        entry = entries.get(id(block))
        base = (intro or entry or section_subj) if block.kind == "list_item" else section_subj
        topic: Span | None = None
        last_text = ""
        prev_line = block.line
        prev_s: Sentence | None = None  # the sentence before, for "Both …" ("A and B …")
        for s in sentences_of(doc, block, lines, extra):
            if s.line != prev_line and _LINE_END.search(lines[prev_line - 1] if prev_line <= len(lines) else ""):
                topic = None  # a line that ended a sentence ends the running subject (plain-text paragraphs)
            prev_line = s.line
            fallback = topic or base
            if (prev_s is not None or items_before) and not s.models() and block.kind != "heading" \
                    and words("plural_pronoun").starts(s.text):
                # "Pipit-1B and Pipit-3B … . Both support an 8K context window.": each of them;
                # after list items that each open with a model ("- A is …", "- B is …"), each of those
                group = _coordinated_models(prev_s) if prev_s is not None else items_before[:8]
                for m in group:
                    claims.extend(c for c in _claims_in_sentence(doc, s, m) if c.predicate != "type")
                if group:
                    prev_s = None
                    last_text = s.text
                    continue
            if prev_s is None and block.kind == "list_item" and s.models():
                claims.extend(_changelog_dates(doc, s, block.section))
            if prev_s is None and block.kind == "list_item":
                lead = sentence_subject(s)
                run = run + [lead] if lead is not None and lead.cls == "Model" and lead.start <= 8 else []
            prev_s = s
            if not s.spans and (fallback is None or block.kind == "heading"):
                last_text = s.text  # no name and no context model: no rule has anything to say
                continue
            subj = sentence_subject(s)
            if subj is not None and _PRONOUN.match(s.text):
                subj = None
            claims.extend(_claims_in_sentence(doc, s, fallback if block.kind != "heading" else None,
                                              cue_free=block.kind == "list_item" and intro is not None and intro_tech))
            claims.extend(_representatives(doc, s))
            if block.kind == "heading":
                claims.extend(_heading_record(doc, s))
                claims.extend(_heading_maker(doc, s))
            if subj is not None and block.kind != "heading":
                topic = subj
            last_text = s.text
            for sp in s.spans:
                if sp.cls == "Series":
                    series_named.add(sp.canonical)
                elif sp.cls == "Model":
                    mentions.append((sp, s))
        if block.kind == "paragraph" and _COLON_LINE_END.search(block.text):
            intro = topic or section_subj
            intro_tech = bool(_TECH_INTRO.search(last_text))
            intro_level = 0
        elif block.kind == "list_item" and topic is not None and _COLON_LINE_END.search(block.text):
            # awesome-list shape: "* [DoctorGLM](url)：" then nested "* 简介：基于 ChatGLM-6B ..."
            intro, intro_tech, intro_level = topic, False, block.level
    claims.extend(_context_claims(doc, lines, claims, series_named, mentions))
    return claims


@lru_cache(maxsize=256)
def _dated_heading(section: tuple[str, ...]) -> tuple[str, str] | None:
    """(heading, date) of a release-notes section: the nearest heading that holds one date and
    no model name ("## [2.1.0] — 2025-08-19", "## v1.2 (2024-03)"), unless a heading below it
    says the entries are no releases ("### Deprecated", "### Fixed")."""
    for i in range(len(section) - 1, -1, -1):
        h = section[i]
        if _NOT_RELEASED_HEADING.search(h) or _NOT_RELEASE_DATE.search(h):
            return None  # "### Fixed"; "汇总表（截至 2025 年 6 月）", "(updated 2024-05)": no release
        month = _month_heading(h)
        if month is not None:
            # a chronicle: "## 2023年：百模大战爆发" / "### 3月" (or "## 2024" / "### March"): the year above
            year = next((y.group(0) for y in (_YEAR_NUM.search(a) for a in reversed(section[:i])) if y), None)
            return (h, f"{year}-{month:02d}") if year else None
        dates = find_dates(h)
        if dates:
            if len(dates) == 1 and not any(sp.cls == "Model" for sp in find_names(h)):
                return h, dates[0][2]
            return None
    return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                          "sept", "oct", "nov", "dec"})


def _month_heading(h: str) -> int | None:
    """The month a heading consists of ("3月", "### **March**"), else None."""
    t = h.strip(" \t*_#:：.").lower()
    if t.endswith("月份"):
        t = t[:-1]
    if t.endswith("月") and t[:-1].strip().isdigit():
        n = int(t[:-1])
        return n if 1 <= n <= 12 else None
    return _MONTHS.index(t[:3]) + 1 if t in _MONTH_NAMES else None


def _changelog_dates(doc: Document, s: Sentence, section: tuple[str, ...]) -> list[Claim]:
    """A release-notes entry under a dated heading: the models it opens with came out then
    ("## [2.1.0] — 2025-08-19" / "### Added" / "- **Foo-2.1-8B** and **Foo-2.1-32B** base checkpoints")."""
    dated = _dated_heading(section) if section else None
    ms = s.models()
    if dated is None or not ms:
        return []
    lead = s.text[:ms[0].start]
    org = next((sp for sp in s.spans if sp.cls == "Organization" and sp.end <= ms[0].start), None)
    if org is not None:  # "- **Google PaLM**: …": the maker may stand before the entry's model
        lead = lead[:org.start] + lead[org.end:]
    if len(lead.strip(" -*+`[(")) > 0:
        return []
    group = [ms[0]]
    for m in ms[1:]:
        if not _COORD_GAP.fullmatch(s.text, group[-1].end, m.start):
            break
        group.append(m)
    return [make_claim(doc, NAME, s.line, s.quote(m.start, m.end), Mention(m.text, "Model"), "releaseDate",
                       Value(dated[1], "date")) for m in group[:6]]


_NOT_RELEASED_HEADING = words("not_released_heading")
_FAMILY_AFTER = words("family_after")


def _coordinated_models(s: Sentence) -> list[Span]:
    """The two or more models a sentence names joined by 和 / 、 / and (its subject group), else []."""
    ms = s.models()
    for i in range(len(ms) - 1):
        g = _group_before(s, ms[i + 1].end) if ms[i + 1].end <= len(s.text) else []
        if len(g) >= 2 and g[0].start <= 24:
            return [m for m in g if m.cls == "Model"]
    return []


_FIELD_SPLIT = re.compile(r"\s*[,，|｜]\s*")


def _heading_maker(doc: Document, s: Sentence) -> list[Claim]:
    """A heading that names a family or model and its maker in parentheses: "## 问津系列（律衡科技）",
    "## Vireo (Vireo Labs)": the maker developed it (and, through the family, its models)."""
    sps = [sp for sp in s.spans if sp.cls in ("Model", "Series", "Organization")]
    if len(sps) != 2 or sps[0].cls == "Organization" or sps[1].cls != "Organization":
        return []
    name, org = sps
    fam = _FAMILY_AFTER.starts(s.text, name.end)  # "问津系列（…）", "Vireo family (…)"
    gap = s.text[fam.end() if fam else name.end:org.start].strip()
    if gap not in ("（", "(") or s.text[org.end:].strip(" *`") not in ("）", ")"):
        return []
    cls = "Series" if name.cls == "Series" else "Model"
    subj = Mention(name.canonical if cls == "Series" else name.text, cls)
    return [make_claim(doc, NAME, s.line, s.quote(name.start, org.end), subj, "developer",
                       Mention(org.text, "Organization"))]


def _heading_record(doc: Document, s: Sentence) -> list[Claim]:
    """A heading that is a record, "## LLaMa 2, 2023/07/18, Facebook" (news digests, timelines):
    the models of its first field were released on its date, by its organization."""
    if "," not in s.text and "，" not in s.text and "|" not in s.text:
        return []
    fields = _FIELD_SPLIT.split(s.text.strip(" #*"))
    if len(fields) < 2:
        return []
    head = fields[0]
    models = [sp for sp in s.models() if sp.end <= len(s.text) and s.text.find(head) <= sp.start < s.text.find(head) + len(head)]
    if not models:
        return []
    out: list[Claim] = []
    for f in fields[1:4]:
        d = find_dates(f)
        if d and len(d[0][2]) >= 4 and d[0][1] - d[0][0] >= len(f.strip()) - 2:
            a = s.text.find(f)
            for m in models:
                out.append(make_claim(doc, NAME, s.line, s.quote(a, a + len(f)), Mention(m.text, "Model"), "releaseDate",
                                      Value(d[0][2], "date")))
            continue
        orgs = [sp for sp in find_names(f, table_model_names(doc)) if sp.cls == "Organization"]
        if orgs and len(orgs[0].text) >= len(f.strip()) - 6:
            a = s.text.find(f)
            for m in models:
                out.append(make_claim(doc, NAME, s.line, s.quote(a, a + len(f)), Mention(m.text, "Model"), "developer",
                                      Mention(orgs[0].text, "Organization")))
    return out


def _context_claims(
    doc: Document, lines: list[str], claims: list[Claim], series_named: set[str],
    mentions: list[tuple[Span, Sentence]],
) -> list[Claim]:
    """Series membership and open/closed weights that come from headings and families."""
    vocab = vocabulary()
    out: list[Claim] = []
    seen: set[tuple[str, str, str]] = set()
    # developers stated for a family ("Claude 系列模型是由 Anthropic 开发") hold for its models
    from kg.extract.lexicon import document_lexicon

    own = {f: f for f in document_lexicon(doc).of("Series")}  # families the document introduces
    family_dev: dict[str, list[Claim]] = {}
    for c in claims:
        if c.predicate == "developer":
            fam = vocab.classes["Series"].get(c.subject.text) or own.get(c.subject.text)
            if fam:
                family_dev.setdefault(fam, []).append(c)
    series_aliases = sorted([*vocab.classes["Series"].items(), *own.items()], key=lambda kv: -len(kv[0]))
    for f in own:
        series_named.add(f)
    for sp, s in mentions:
        # series: the model's name starts with a family the document names as a family,
        # or the model sits under a "<family> 系列" heading and carries the family's stem
        fam = None
        for alias, canon in series_aliases:
            if canon not in series_named:
                continue
            if sp.text.lower().startswith(alias.lower()) and len(sp.text) > len(alias):
                nxt = sp.text[len(alias)]
                if nxt.isdigit() or nxt in " -_.":
                    fam = canon
                    break
        if fam is not None and vocabulary_key(fam) != vocabulary_key(sp.text):
            key = (sp.text, "series", fam)
            if key not in seen:
                seen.add(key)
                out.append(make_claim(doc, NAME, s.line, s.quote(sp.start, sp.end), Mention(sp.text, "Model"),
                                      "series", Mention(fam, "Series")))
                for dc in family_dev.get(fam, ()):
                    out.append(make_claim(doc, NAME, dc.prov.line, dc.prov.quote, Mention(sp.text, "Model"),
                                          "developer", dc.object))
        # open / closed weights from the nearest heading saying so, for the models the
        # section is about (named in a heading, or the subject opening a sentence)
        if not (s.text.strip() == sp.text or sp.start <= 2 or s.raw.lstrip().startswith("#")
                or _ENTRY_TITLE.match(s.text[:sp.start])):
            continue
        said = heading_openness(s.section)
        hl = _heading_line(doc, lines, said[0]) if said is not None else None
        if said is not None and hl is not None:
            key = (sp.text, "openWeights", str(said[1]))
            if key not in seen:
                seen.add(key)
                out.append(make_claim(doc, NAME, hl[0], hl[1], Mention(sp.text, "Model"),
                                      "openWeights", Value(said[1], "boolean")))
    return out
