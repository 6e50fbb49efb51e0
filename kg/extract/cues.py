"""The relation cue engine: phrasings are data (``kg/data/cues/*.tsv``), this is the matcher.

A cue file holds one phrasing a line, ``relation<TAB>template``, for example::

    fineTunedFrom	{X} … 基于 {Y} … 微调|精调
    derivedFrom	以 {Y} 为 底座|基座|主干
    successorOf	{X} is the successor (to|of) {Y}

A template is a sequence of tokens separated by single spaces:

* ``{X}`` the model the fact is about (the derived, newer or member model), ``{Y}`` the
  model it comes from, ``{S}`` a family (series).  A slot holds a *group*: names joined
  by 和 / 、 / and / or ("基于 A 和 B") fill one slot, and the fact is stated for each.
* a word, or alternatives ``a|b|c`` (also written ``(a|b|c)``); ``_`` inside a word stands
  for a space (``based_on|built_on``); ``[a|b]`` is optional.  Latin words match whole
  words, any case.
* ``…`` a short gap: up to 12 characters (Chinese) or 8 words (English) with no clause
  punctuation and no other name in it (English: 8 words); ``……`` a long one: up to 40 characters, commas
  allowed (still no sentence end and no other name); ``$`` the end of the sentence.

A template without ``{X}`` states the fact about the model the context is about: the
title of the list entry it sits in ("* DoctorGLM：" then "基于 ChatGLM-6B 微调"), the
model the section or the running sentence is about.  Earlier lines of a file win over
later ones for the same two models (put "X 是 Y 的升级版" before "X 是 Y 的…版本").

Precision guards, the same for every line: no negation ("并非", "not") and no comparison
("比", "than", "unlike") inside the matched text unless the template spells it; a slot
right before a word like "数据集" / "dataset" holds no model.  Templates are matched on
a *skeleton* of the sentence in which each name group is one marker, so a gap can never
run across a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from kg.extract.names import DATA_DIR, Span
from kg.extract.words import words

__all__ = ["Template", "CueMatch", "templates", "match_relations", "slot_names", "CUE_FILES", "RELATIONS"]

#: the cue files the engine reads, in this order (earlier lines win)
CUE_FILES = ("lineage.tsv", "series.tsv", "developer.tsv", "open.tsv")
#: relations a cue line may name
RELATIONS = frozenset({"successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom", "quantizedFrom",
                       "adapterOf", "mergedFrom", "series", "developer", "open", "closed", "laterVersionOf", "predecessorOf"})
#: the skeleton's marker of model group n is OPEN + chr(BASE + n) + CLOSE; of organization group n,
#: ORG + chr(BASE + n) + CLOSE
_OPEN, _CLOSE, _ORG, _BASE = "\ue000", "\ue001", "\ue002", 0xE100
_MAX_GROUPS = 0x0F00
_SLOT = _OPEN + r"(?P<{0}>[\ue100-\uefff])" + _CLOSE
_ORG_SLOT = _ORG + r"(?P<O>[\ue100-\uefff])" + _CLOSE
#: a gap never runs across clause punctuation or another model name (an organization is fine:
#: "X 由 阿里巴巴 基于 Y 研发", "基于 Y，OpenAI 于 2022 年推出了 X")
_CLAUSE = "，,。；;：:！？!?\n" + _OPEN
_GAP_ZH = rf"[^{_CLAUSE}]{{0,12}}?"
_GAP_EN = rf"(?:[^\s{_CLAUSE}.]+\s+){{0,8}}?"
_LONG_GAP = rf"[^。；;！？!?\n{_OPEN}]{{0,40}}?"
#: "PaLM(540B) 的升级版", "Qwen（通义千问）基于": a parenthesis may follow a name
_PAREN_AFTER = r"[\"”」』]?(?:\s?[(（][^)）\ue000\ue002]{0,20}[)）])?"
_QUOTE_BEFORE = r"[\"“「『]?\s?"
#: "基于百度文心大模型", "based on Meta's Llama 2": who made the model may stand before it
_ORG_PREFIX_ZH = r"(?:\ue002[\ue100-\uefff]\ue001\s?(?:的|公司的?)?\s?)?"
_ORG_PREFIX_EN = r"(?:\ue002[\ue100-\uefff]\ue001\s?(?:'s|’s)?\s+)?"
#: "Zeta-8B, a distilled version of Llama-3-70B": an apposition after the subject
_APPOSITION = r"(?:\s*,)?"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ARTICLE = r"(?:(?:the|a|an|its|their|our|my|his|her)\s+)?(?:(?P<{0}size>\d{{1,4}}(?:\.\d{{1,2}})?[BbMm])\s+)?"


class CueError(ValueError):
    """A malformed line in a cue file (the message names file and line)."""


@dataclass(frozen=True)
class Template:
    """One compiled cue line."""

    relation: str
    source: str  # the template as written
    where: str  # "file:line"
    regex: re.Pattern[str]
    anchors: tuple[str, ...]  # lower-cased literal words, one of which must be in the sentence
    has_x: bool
    spelled: str  # lower-cased literal text (negation/comparison words spelled by the template are allowed)
    required: tuple[frozenset[str], ...] = ()  # each required word's lower-cased alternatives
    #: how many model (or family) markers and organization markers its slots take in a
    #: skeleton: a skeleton with fewer cannot match, so the regex is not tried
    markers: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class CueMatch:
    """A template matched in a sentence: ``x`` (None: the context's model) and ``y`` are name
    groups; ``start``/``end`` the matched text in the sentence."""

    relation: str
    x: tuple[Span, ...] | None
    y: tuple[Span, ...]
    start: int
    end: int
    template: Template
    y_size: str | None = None  # "fine-tuned from a 7B LLaMA model": the size written before {Y}


def _word(tok: str, zh: bool) -> tuple[str, list[str]]:
    """Regex of a word token (``a|b``, ``_`` = space) and its literal alternatives."""
    alts = [a.replace("_", " ") for a in tok.split("|") if a]
    parts = []
    for a in alts:
        e = re.escape(a).replace(r"\ ", r"\s+")
        if a[:1].isascii() and a[:1].isalnum():
            e = r"(?<![A-Za-z0-9])" + e
        if a[-1:].isascii() and a[-1:].isalnum():
            e += r"(?![A-Za-z0-9])"
        parts.append(e)
    return "(?:" + "|".join(parts) + ")", [a.lower() for a in alts]


def compile_template(relation: str, text: str, where: str) -> Template:
    """Compile one template (see the module docstring for the syntax)."""
    if relation not in RELATIONS:
        raise CueError(f"{where}: unknown relation {relation!r}")
    toks = text.split(" ")
    zh = bool(_CJK.search(text))
    sep = r"\s*" if zh else r"\s*"
    out: list[str] = []
    required: list[list[str]] = []  # the alternatives of each required word
    spelled: list[str] = []
    slots: set[str] = set()
    for tok in toks:
        if not tok:
            continue
        if ("[" in tok or "]" in tok) and not (tok.startswith("[") and tok.endswith("]")):
            raise CueError(f"{where}: an optional word is a whole token: {tok!r}")
        if tok == "{O}":
            if "O" in slots:
                raise CueError(f"{where}: slot {tok} used twice")
            slots.add("O")
            out.append(("" if zh else r"(?:the\s+)?") + _ORG_SLOT)
        elif tok in ("{X}", "{Y}", "{S}"):
            name = tok[1]
            if name in slots:
                raise CueError(f"{where}: slot {tok} used twice")
            slots.add(name)
            # English: "fine-tuned from the LLaMA 7B model", "a 7B LLaMA model": an article
            # and a size may stand before any name
            org = _ORG_PREFIX_ZH if zh else _ORG_PREFIX_EN
            after = _PAREN_AFTER + (_APPOSITION if name == "X" and not zh else "")
            out.append(("" if zh else _ARTICLE.format(name)) + org + _QUOTE_BEFORE + _SLOT.format(name) + after)
        elif tok == "…":
            out.append(_GAP_ZH if zh else _GAP_EN)
        elif tok == "$":
            out.append(r"\s*$")  # the end of the sentence
        elif tok == "……":
            out.append(_LONG_GAP)  # up to 40 characters across commas ("…发布，并在 2023 年 7 月 11 日，更新至 X")
        elif tok.startswith("(") and tok.endswith(")") and len(tok) > 2:
            inner = tok[1:-1].split("|")
            if "$" in inner:  # "(，|。|$)": a clause mark or the end of the sentence (then nothing is required)
                rx, alts = _word("|".join(a for a in inner if a != "$"), zh)
                out.append(rf"(?:{rx}|\s*$)")
                spelled.extend(alts)
                continue
            rx, alts = _word(tok[1:-1], zh)  # "(a|b)": alternatives, written as a group
            out.append(rx)
            required.append(alts)
            spelled.extend(alts)
        elif tok.startswith("[") and tok.endswith("]"):
            rx, alts = _word(tok[1:-1], zh)
            out.append(f"(?:{rx})?")
            spelled.extend(alts)
        else:
            rx, alts = _word(tok, zh)
            out.append(rx)
            required.append(alts)
            spelled.extend(alts)
    if relation == "developer":
        if "O" not in slots:
            raise CueError(f"{where}: a developer template needs {{O}}")
    elif relation in ("open", "closed"):
        if slots - {"X"}:
            raise CueError(f"{where}: an open/closed template has at most {{X}}")
    elif "Y" not in slots and "S" not in slots and "X" not in slots:
        raise CueError(f"{where}: a template needs {{X}}, {{Y}} or {{S}}")
    if not required:
        raise CueError(f"{where}: a template needs at least one required word")
    # the sentence must hold one alternative of EVERY required word, so the alternatives of
    # one of them suffice to pick the template: the rarest-looking one (longest shortest form)
    anchors = max(required, key=lambda alts: (min(len(a) for a in alts), -len(alts)))
    regex = sep.join(out)
    try:
        rx = re.compile(regex, re.I)
    except re.error as exc:  # pragma: no cover - escaped literals always compile
        raise CueError(f"{where}: {exc}") from None
    return Template(relation, text, where, rx, tuple(sorted(set(anchors))), "X" in slots or "S" in slots and "O" in slots,
                    " ".join(spelled), tuple(frozenset(a.lower() for a in alts) for alts in required),
                    (len(slots & {"X", "Y", "S"}), len(slots & {"O"})))


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Every cue line of :data:`CUE_FILES`, compiled, in file order."""
    out: list[Template] = []
    for fn in CUE_FILES:
        out.extend(load_cue_file(DATA_DIR / "cues" / fn))
    return tuple(out)


def load_cue_file(path: Path) -> list[Template]:
    """The templates of one cue file; :class:`CueError` names a malformed line."""
    out: list[Template] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise CueError(f"{path.name}:{n}: expected relation<TAB>template")
        out.append(compile_template(cells[0].strip(), cells[1].strip(), f"{path.name}:{n}"))
    return out


@dataclass(frozen=True)
class _Index:
    """What picks a sentence's candidate templates in one automaton pass.

    Why bit masks: a sentence finds a dozen words, and testing every required word of every
    template they anchor as a set intersection was a fifth of the cue engine's time.
    """

    auto: ahocorasick.Automaton  # every required word (lower case) -> itself
    anchors: dict[str, int]  # word -> templates (bit i: templates()[i]) it is the anchor word of
    satisfies: dict[str, int]  # word -> the required words (bit j: requirement j) it is an alternative of
    needs: tuple[int, ...]  # per template: its required words (bits j)


@lru_cache(maxsize=1)
def _anchor_index() -> _Index:
    anchors: dict[str, int] = {}
    bit_of: dict[frozenset[str], int] = {}  # one bit per distinct set of alternatives
    needs: list[int] = []
    for i, t in enumerate(templates()):
        for a in t.anchors:
            anchors[a] = anchors.get(a, 0) | 1 << i
        need = 0
        for alts in t.required:
            need |= 1 << bit_of.setdefault(alts, len(bit_of))
        needs.append(need)
    satisfies: dict[str, int] = {}
    for alts, bit in bit_of.items():
        for w in alts:
            satisfies[w] = satisfies.get(w, 0) | 1 << bit
    auto = ahocorasick.Automaton()
    for w in satisfies.keys() | anchors.keys():
        auto.add_word(w, w)
    auto.make_automaton()
    return _Index(auto, anchors, satisfies, tuple(needs))


def _candidate_templates(text: str) -> list[Template] | tuple[Template, ...]:
    """Templates every required word of which occurs in ``text`` (in file order): one pass of
    an automaton over all their words, then a mask test per template picked by its anchor.
    Memoised for short texts (pass 1 and pass 2 ask about the same sentences)."""
    if len(text) > 2000:
        return _candidates_for(text)
    return _candidates_cached(text)


def _candidates_for(text: str) -> tuple[Template, ...]:
    idx = _anchor_index()
    found = {w for _end, w in idx.auto.iter(text.lower())}
    if not found:
        return ()
    picked = 0  # templates anchored by a word found
    have = 0  # required words found
    for w in found:
        picked |= idx.anchors.get(w, 0)
        have |= idx.satisfies.get(w, 0)
    ts, needs = templates(), idx.needs
    out: list[Template] = []
    while picked:  # lowest bit first: file order
        low = picked & -picked
        i = low.bit_length() - 1
        if needs[i] & have == needs[i]:
            out.append(ts[i])
        picked ^= low
    return tuple(out)


_candidates_cached = lru_cache(maxsize=8192)(_candidates_for)


# -- guards (data: kg/data/cues/guards.tsv) -----------------------------------------------
@lru_cache(maxsize=1)
def _guards() -> dict[str, re.Pattern[str]]:
    words: dict[str, list[str]] = {}
    for line in (DATA_DIR / "cues" / "guards.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        words.setdefault(cells[0], []).extend(cells[1:])
    out = {}
    for kind, ws in words.items():
        out[kind] = re.compile("|".join(_word(w, bool(_CJK.search(w)))[0] for w in sorted(ws, key=len, reverse=True)), re.I)
    every = sorted({w for k, ws in words.items() if k != "except" for w in ws}, key=len, reverse=True)
    out["any"] = re.compile("|".join(_word(w, bool(_CJK.search(w)))[0] for w in every), re.I)
    return out


@lru_cache(maxsize=1)
def _guard_automaton() -> ahocorasick.Automaton:
    """Every guard word (lower case, "_" as a space) in one automaton: a matched text is scanned once."""
    auto = ahocorasick.Automaton()
    for line in (DATA_DIR / "cues" / "guards.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, *ws = line.split("\t")
            for w in ws:
                w = w.strip().replace("_", " ").lower()
                if w:
                    auto.add_word(w, (w, kind.strip() == "except"))
    auto.make_automaton()
    return auto


def _blocked(t: Template, matched: str) -> bool:
    """Negation or comparison words in the matched text that the template does not spell
    (Latin words as whole words)."""
    low = matched.lower()
    hits = list(_guard_automaton().iter(low))
    # "比特" (bit), "未来" (future), "图像" (image): words that hold a guard word but are none
    inside = [(end - len(w) + 1, end) for end, (w, exc) in hits if exc]
    for end, (w, exc) in hits:
        start = end - len(w) + 1
        if exc or any(a <= start and end <= b for a, b in inside):
            continue
        if w[0].isascii() and w[0].isalnum() and start > 0 and low[start - 1].isalnum() and low[start - 1].isascii():
            continue
        if w[-1].isascii() and w[-1].isalnum() and end + 1 < len(low) and low[end + 1].isascii() and low[end + 1].isalnum():
            continue
        if w not in t.spelled:
            return True
    return False


#: "基于 LLaMA 的 ChatGPT 平替", "ChatGPT-style": the name describes something else, which is the subject
_MODIFIER_AFTER = words("modifier_after")
#: "对标 GPT-4o 等闭源模型", "better than X": the subject slot holds a name compared with, not described
_COMPARED_BEFORE = words("compared_before_name")
_OPEN_COUNTERPART = words("open_counterpart")


def _negated_before(text: str, start: int, x_start: int | None) -> bool:
    """A negation or hedge right before a cue with no subject in it ("Velmora-7B 并非基于
    Halvor-1", "常有人误以为 X 是在 Y 的基础上训练的", "is not based on")."""
    lo = max(0, start - 8)
    window = text[lo:start]
    if x_start is not None and x_start >= lo:
        window = text[lo:x_start]  # the subject's own sentence start: only words before it (or none)
    return bool(_guards()["negation"].search(window))


_COMMA_ONLY = re.compile(r"\s?[,，]\s?")
_COORD = re.compile(r"\s?(?:、|,|，|/|&|\+|和|与|及|以及|或|and|or|as well as)\s?(?:the\s)?$", re.I)


def skeleton(text: str, spans: Sequence[Span]) -> tuple[str, list[tuple[Span, ...]], list[int]]:
    """The sentence with each group of coordinated names replaced by one marker (models and
    families in model markers, organizations in organization markers).

    Returns the skeleton, the groups (by marker index) and, for each skeleton character,
    the index of the sentence character it stands for (plus one past the end).
    """
    groups: list[list[Span]] = []
    for sp in spans:
        if groups and (groups[-1][-1].cls == "Organization") == (sp.cls == "Organization") \
                and _COORD.match(text[groups[-1][-1].end:sp.start]) and sp.start - groups[-1][-1].end <= 8:
            groups[-1].append(sp)
        else:
            groups.append([sp])
    # "Based on Llama-2-7B, Foo-7B adds tools": names joined by commas alone are no list
    # ("A, B and C" and "A、B" are)
    split: list[list[Span]] = []
    for g in groups:
        seps = [text[a.end:b.start] for a, b in zip(g, g[1:], strict=False)]
        if len(g) > 1 and all(_COMMA_ONLY.fullmatch(x) for x in seps):
            split.extend([sp] for sp in g)
        else:
            split.append(g)
    groups = _paren_lists(text, split)[:_MAX_GROUPS]
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    for n, g in enumerate(groups):
        a, b = g[0].start, g[-1].end
        if len(g) > 1 and g[0].cls == "Series" and _PAREN_LIST.match(text, g[0].end):
            a = g[0].start  # "GPT 模型（GPT-3.5 和 GPT-4）": one marker over the family and its list ...
            b = _PAREN_LIST.match(text, g[0].end).end()  # type: ignore[union-attr]
            g = g[1:]  # ... standing for the listed models
            groups[n] = g
        out.append(text[pos:a])
        offs.extend(range(pos, a))
        marker = (_ORG if g[0].cls == "Organization" else _OPEN) + chr(_BASE + n) + _CLOSE
        out.append(marker)
        offs.extend([a, a, b - 1])
        pos = b
    out.append(text[pos:])
    offs.extend(range(pos, len(text) + 1))
    return "".join(out), [tuple(g) for g in groups], offs


_PAREN_LIST = re.compile(r"\s?(?:模型|系列|models?|family)?\s?[（(][^)）]{1,80}[)）]", re.I)


#: what a parenthesised member list may hold besides the names ("（如 A、B 等）")
_LIST_WORDS = ("including", "such as", "e.g.", "例如", "包括", "如", "等", "和", "与", "及", "and", "or")


def _only_names(text: str, a: int, b: int, names: Sequence[Span]) -> bool:
    """Whether text[a:b] is names, separators and list words only: "（GPT-3.5 和 GPT-4）" is a
    member list, "(formerly Orrin-13B)" or "（在 Pika-7B 上微调）" is not."""
    rest = text[a:names[0].start] + " ".join(text[x.end:y.start] for x, y in zip(names, names[1:], strict=False)) \
        + text[names[-1].end:b]
    rest = rest.lower()
    for w in _LIST_WORDS:
        rest = rest.replace(w, " ")
    return all(not ch.isalnum() for ch in rest if ch not in "模型系列") or not rest.strip(" ()（）、,，/&:：")


def _paren_lists(text: str, groups: list[list[Span]]) -> list[list[Span]]:
    """A family name followed by its members in parentheses, "GPT 模型（GPT-3.5 和 GPT-4）", is one
    group: the family (marked Series, first) and the members (what a cue about it relates)."""
    out: list[list[Span]] = []
    i = 0
    while i < len(groups):
        g = groups[i]
        m = _PAREN_LIST.match(text, g[-1].end) if len(g) == 1 and g[0].cls != "Organization" else None
        if m and i + 1 < len(groups) and groups[i + 1][0].cls != "Organization" and groups[i + 1][0].start < m.end() and groups[i + 1][-1].end <= m.end() \
                and _only_names(text, m.start(), m.end(), groups[i + 1]):
            fam = g[0]
            fam = Span(fam.start, fam.end, fam.text, "Series", fam.canonical, fam.shaped)
            out.append([fam, *groups[i + 1]])
            i += 2
            continue
        out.append(g)
        i += 1
    return out


def match_relations(text: str, spans: Sequence[Span], not_model_after: re.Pattern[str] | None = None,
                    typing: bool = False) -> list[CueMatch]:
    """Every cue line matched in one sentence ``text`` whose names are ``spans`` (Model,
    Series or Organization spans, in order).  The first line to relate two groups wins.
    ``typing``: the matches only say what the names are, so a negated or compared statement
    counts too ("X is not a fine-tune of Y" still names two models).

    Memoised for short sentences (several extractors ask about the same sentence, and
    boilerplate repeats across documents); callers must not mutate the result."""
    if len(text) > 2000:
        return _match_relations(text, tuple(spans), not_model_after, typing)
    return _match_cached(text, tuple(spans), not_model_after, typing)


def _match_relations(text: str, spans: tuple[Span, ...], not_model_after: re.Pattern[str] | None,
                     typing: bool = False) -> list[CueMatch]:
    cands = _candidate_templates(text)
    if not cands:
        return []
    sk, groups, offs = skeleton(text, [s for s in spans if s.cls in ("Model", "Series", "Organization")])
    if not groups:
        # a sentence with no name states only whether the context's model is open ("它以开源形式发布")
        cands = [t for t in cands if t.relation in ("open", "closed") and t.markers == (0, 0)]
        if not cands:
            return []
    out: list[CueMatch] = []
    taken: set[tuple[int | None, int]] = set()
    models, orgs = sk.count(_OPEN), sk.count(_ORG)
    for t in cands:
        if t.markers[0] > models or t.markers[1] > orgs:
            continue  # its slots need more names than the sentence has
        for m in _overlapping(t.regex, sk):
            gi = t.regex.groupindex
            if t.relation in ("open", "closed"):
                # a statement about {X}'s weights (or, with no {X}, the context's model)
                x = ord(m.group("X")) - _BASE if "X" in gi else None
                a, b = offs[m.start()], offs[min(m.end(), len(offs) - 1)]
                if _blocked(t, text[a:b]) or x is not None and _COMPARED_BEFORE.ends(
                        text, max(0, groups[x][0].start - 6), groups[x][0].start):
                    continue
                if x is not None and t.relation == "open" and _OPEN_COUNTERPART.starts(text, b):
                    continue  # "GPT-3 的开源版本 GPT-NeoX", "an open-source alternative to ChatGPT": X is not the open one
                out.append(CueMatch(t.relation, groups[x] if x is not None else None, (), a, b, t))
                continue
            if not ({"O", "S", "Y"} & set(gi)):
                # "其也是 ChatGPT 的前身": {X} only, the other model is the one the pronoun names
                x = ord(m.group("X")) - _BASE
                a, b = offs[m.start()], offs[min(m.end(), len(offs) - 1)]
                if (x, -2) not in taken and not _blocked(t, text[a:b]):
                    taken.add((x, -2))
                    out.append(CueMatch(t.relation, groups[x], (), a, b, t))
                continue
            gy = m.group("O" if "O" in gi else "S" if "S" in gi else "Y")
            y = ord(gy) - _BASE
            xname = "X" if "X" in gi else "S" if "S" in gi and "O" in gi else None
            x = ord(m.group(xname)) - _BASE if xname else None
            if (x, y) in taken or x == y:
                continue
            a, b = offs[m.start()], offs[min(m.end(), len(offs) - 1)]
            if not typing and (_blocked(t, text[a:b]) or _negated_before(text, a, groups[x][0].start if x is not None else None)) \
                    or x is not None and _COMPARED_BEFORE.ends(text, max(0, groups[x][0].start - 6), groups[x][0].start) \
                    or x is not None and _MODIFIER_AFTER.starts(text, groups[x][-1].end):
                continue
            yg = groups[y]
            if not_model_after is not None and t.relation not in ("series", "developer") \
                    and not_model_after.match(text[yg[-1].end:yg[-1].end + 12]):
                continue  # "fine-tuned on the Alpaca dataset": a data set, not a model
            taken.add((x, y))
            ysize = m.groupdict().get("Ysize")
            out.append(CueMatch(t.relation, groups[x] if x is not None else None, yg, a, b, t, ysize))
    return out


_match_cached = lru_cache(maxsize=8192)(_match_relations)


def _overlapping(rx: re.Pattern[str], sk: str) -> Iterable[re.Match[str]]:
    """Matches of ``rx`` in ``sk``; a match that ends with a name slot may share that name with
    the next ("TechGPT->BELLE->LLaMA": TechGPT from BELLE, BELLE from LLaMA)."""
    m = rx.search(sk)
    while m is not None:
        yield m
        if sk.find(_OPEN, m.end()) < 0:
            yield from rx.finditer(sk, m.end())  # no model name after it: none to share
            return
        last = max((m.start(g) for g in rx.groupindex if len(g) == 1 and m.end(g) == m.end() - 1), default=-1)
        pos = last - 1 if last - 1 > m.start() else max(m.end(), m.start() + 1)
        m = rx.search(sk, pos) if pos <= len(sk) else None


def slot_names(text: str) -> list[str]:
    """Names a cue line relates in ``text`` when every name-shaped piece may be a name:
    pass 1 (:mod:`kg.extract.lexicon`) types them as models.  Only lines with both slots
    count (a relation between two names), and known organizations or techniques never."""
    if len(text) > 2000:
        return _slot_names(text)
    return list(_slot_names_cached(text))


def _slot_names(text: str) -> list[str]:
    if not any(t.has_x and t.relation not in ("series", "developer") or not t.has_x and t.relation != "developer"
               for t in _candidate_templates(text)):
        return []
    from kg.extract.lexicon import _cue_patterns, name_candidates, shape
    from kg.extract.names import find_names

    known = find_names(text)
    # (organizations stay in the sentence: "derived from EleutherAI's Pythia-12b")
    spans: list[Span] = [s for s in known if s.cls in ("Model", "Series", "Organization")]
    blocked = [(s.start, s.end) for s in known if s.cls in ("Organization", "Technique")]
    new = [c for c in name_candidates(text) if not any(k.start == c.start and k.end == c.end for k in known)]
    if not new:
        return []  # every name here is the vocabulary's already: nothing for pass 1 to learn
    for c in new:
        if any(a < c.end and c.start < b for a, b in blocked):
            continue
        inside = [s for s in spans if s.start < c.end and c.start < s.end and s.cls != "Organization"]
        if inside and not all(c.start <= s.start and s.end <= c.end and (s.end - s.start) < (c.end - c.start) for s in inside):
            continue
        # "oasst-sft-6-llama-30b" holds "llama-30b": the longer piece is the name
        spans = [s for s in spans if s not in inside]
        spans.append(Span(c.start, c.end, c.text, "Model", c.text, True))
    if not spans:
        return []
    spans.sort(key=lambda s: s.start)
    out: list[str] = []
    nm = _cue_patterns()["not_model_after"]
    for cm in match_relations(text, spans, nm, typing=True):
        if cm.relation in ("series", "developer"):
            continue
        ys = cm.y if not _on_slot(cm.template) else tuple(y for y in cm.y if any(ch.isdigit() for ch in y.text))
        if cm.x is None:  # "A fine-tuned version of Moraine-8x7B": the parent, when its shape says name
            out.extend(s.text for s in ys if s.shaped and shape(s.text) == "strong")
            continue
        # (a capitalised word in a slot is as often a heading's first word: "Reasoning distillation from X";
        # "Corra-Chat" is a name by its variant word; "开源社区组织 ByteKiln" an organization)
        slots = tuple(sl for sl in (*cm.x, *ys) if not words("org_before").ends(text, max(0, sl.start - 12), sl.start))
        out.extend(s.text for s in slots if s.shaped and (shape(s.text) in ("strong", "acronym") or _variant_named(s.text)
                                                          or shape(s.text) == "word" and _stem_of_other(s.text, slots)))
    return out


@lru_cache(maxsize=512)
def _on_slot(t: Template) -> bool:
    """"fine-tuned on {Y}": what a model is tuned *on* is as often a data set ("finetuned on
    OpenAssistant"), so only a name with a digit in that slot is taken for a model."""
    toks = [tok for tok in t.source.split("{Y}")[0].split() if not tok.startswith("[")]
    return bool(toks) and "on" in toks[-1].strip("()").split("|")


def _stem_of_other(name: str, slots: Sequence[Span]) -> bool:
    """"Tolan-2 是 Tolan 的升级版本": the family name the other slot's model extends."""
    from kg.extract.common import extends_name

    return any(o.text != name and extends_name(o.text, name) for o in slots)


def _variant_named(name: str) -> bool:
    """A capitalised word and a model variant word joined by a hyphen: "Corra-Chat", "Tolan-Instruct"."""
    from kg.extract.names import vocabulary

    head, _, tail = name.rpartition("-")
    return bool(head) and head[:1].isupper() and " " not in name and tail.lower() in vocabulary().suffix_words


_slot_names_cached = lru_cache(maxsize=8192)(lambda text: tuple(_slot_names(text)))


def names_of(groups: Iterable[tuple[Span, ...]]) -> list[str]:
    return [s.text for g in groups for s in g]
