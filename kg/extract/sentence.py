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
from dataclasses import dataclass

from kg.extract.common import make_claim, quote_window, source_lines
from kg.extract.names import Span, clean_line, find_names, vocabulary
from kg.extract.normalize import find_dates, parse_architecture, parse_sizes
from kg.extract.registry import register
from kg.model import Block, Claim, Document, Mention, Value

__all__ = ["extract_sentences", "split_sentences", "Sentence"]

NAME = "sentence"
MAX_LINE = 20000  # longer lines are read only this far: bounded work per document

_SPLIT = re.compile(r"[。！？!?；;]|\.(?=\s|$)")


@dataclass
class Sentence:
    """One sentence: plain text, its names, the raw line, and offsets into the raw line."""

    text: str
    spans: list[Span]
    raw: str
    offs: list[int]  # raw index of each character of ``text``
    line: int
    section: tuple[str, ...]

    def quote(self, a: int = 0, b: int | None = None) -> str:
        """Verbatim piece of the raw line around ``text[a:b]``."""
        if not self.offs:
            return quote_window(self.raw)
        b = len(self.text) if b is None else b
        ra = self.offs[min(a, len(self.offs) - 1)]
        rb = self.offs[min(max(b, 1), len(self.offs)) - 1] + 1
        return quote_window(self.raw, ra, rb)

    def models(self) -> list[Span]:
        return [s for s in self.spans if s.cls == "Model"]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries (start, end) in ``text``; decimals like 3.5 do not split.

    >>> t = "GPT-3.5 发布了。它很强! Next one. x"
    >>> [t[a:b].strip() for a, b in split_sentences(t)]
    ['GPT-3.5 发布了', '它很强', 'Next one', 'x']
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SPLIT.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def sentences_of(doc: Document, block: Block, lines: list[str], extra: frozenset[str] = frozenset()) -> list[Sentence]:
    out: list[Sentence] = []
    for ln in range(block.line, min(block.end_line, len(lines)) + 1):
        raw = lines[ln - 1][:MAX_LINE]
        text, offs = clean_line(raw)
        if block.kind == "list_item":
            stripped = re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", text)
            if stripped:
                text, offs = text[stripped.end():], offs[stripped.end():]
        for a, b in split_sentences(text):
            st = text[a:b]
            out.append(Sentence(st, find_names(st, extra), raw, offs[a:b], ln, block.section))
    return out


# -- cue words ------------------------------------------------------------------------
_RELEASE = re.compile(r"发布|推出|问世|上线|开源了|亮相|released?|launch(?:ed|es)?|introduced?|unveil(?:ed|s)?|announced?", re.I)
_NOT_RELEASE_DATE = re.compile(r"截止|截至|知识截止|cut-?off|训练数据|数据截", re.I)
_DEV_VERB = re.compile(r"发布|推出|开发|研发|打造|开源|训练|提出|released?|develop(?:ed|s)?|introduced?|launch(?:ed|es)?|created?|built|trained|open-sourced", re.I)
_BY = re.compile(r"由\s?$|\bby\s$|\bfrom\s$", re.I)
_OF_ORG = re.compile(r"^\s?(?:的|'s\s|’s\s|\s(?=[A-Za-z]))")
_PARAM_AFTER = re.compile(r"^\s?(?:\)|）)?\s?(?:个)?\s?(?:参数|parameters?|params)", re.I)
_PARAM_BEFORE = re.compile(r"(?:参数量|参数规模|参数)\s?(?:为|达到了?|达|约|约为|高达|扩大到|增加到|是)?\s?(?:惊人的|约)?\s?$")
_QTY = re.compile(r"(\d{1,5}(?:\.\d{1,3})?)\s?(万亿|千亿|亿|[BMT](?![A-Za-z])|billion|trillion|million)", re.I)
_ACTIVE = re.compile(r"激活|活跃|active|activated", re.I)
_CTX = re.compile(r"(?:上下文(?:长度|窗口)?|context(?: window| length)?)[^0-9]{0,12}?(\d{1,4}(?:\.\d)?)\s?([KkMm])\b|(\d{1,4}(?:\.\d)?)\s?([KkMm])\s?(?:tokens?\s)?(?:的)?\s?(?:上下文|context)", re.I)
_TOKENS = re.compile(r"(\d{1,5}(?:\.\d{1,3})?)\s?(万亿|千亿|亿|[TB](?![A-Za-z])|trillion|billion)\s?(?:个)?\s?(?:词元|tokens?|token|Token)", re.I)
_TRAIN = re.compile(r"训练|预训练|train|corpus|语料|数据", re.I)
_USE = re.compile(r"采用|使用|引入|应用|利用|结合|加入|基于|支持|借助|通过|用了|uses?|using|adopt(?:s|ed)?|employ(?:s|ed)?|with|introduc(?:es|ed)|incorporat(?:es|ed)|applies|applied", re.I)
_NEG = re.compile(r"没有|未|不使用|并非|不是|not|without|no\s", re.I)

# lineage cues: (regex, relation, direction) — direction "xy": subject before cue, base after;
# "yx": base before cue, subject after.
_LINEAGE_CUES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"的(?:升级版|进阶版|改进版|增强版|新版本|新一代|下一代|后继|继任者)"), "successorOf", "x_before_y_then_cue"),
    (re.compile(r"(?:is|as) (?:the )?(?:successor|upgrade|upgraded version|improved version|next generation) (?:to|of)", re.I), "successorOf", "xy"),
    (re.compile(r"\bsucceeds\b", re.I), "successorOf", "xy"),
    (re.compile(r"(?:是|作为)\s?(.{0,3})的前身"), "successorOf", "y_before_x_after_zhi"),
    (re.compile(r"在(?:前代|上一代)?\s?$"), "successorOf", "skip"),
    (re.compile(r"(?:从|由)\s?$"), "distilledFrom", "skip"),
    (re.compile(r"distill(?:ed|ation)? (?:from|of)", re.I), "distilledFrom", "xy"),
    (re.compile(r"fine-?tun(?:ed|ing) (?:from|on|of)|(?:a |the )?fine-?tuned (?:version|variant) of|instruction-tuned (?:version )?of", re.I), "fineTunedFrom", "xy"),
    (re.compile(r"(?:is |are |was |were |, )?(?:based on|built on(?: top of)?|derived from|a variant of|a version of)", re.I), "derivedFrom", "xy"),
]
_ZH_BASED = re.compile(r"基于\s?$")
_ZH_FINETUNE_AFTER = re.compile(r"^\s?(?:上|的基础上)?\s?(?:进行|进一步)?\s?(?:了)?\s?(?:微调|指令微调|精调|fine-?tun)", re.I)
_ZH_DISTILL_AFTER = re.compile(r"^\s?(?:中|里)?\s?(?:蒸馏)")
_ZH_BASIS_AFTER = re.compile(r"^\s?的基础上")
_ZH_UPGRADE_ZHI = re.compile(r"^\s?的(?:升级版|进阶版|改进版|增强版|新一代|下一代|后继版本)")
_ZH_PREDECESSOR = re.compile(r"^\s?(?:的前身|的上一代)")


def _gap(s: Sentence, a: Span, b: Span) -> str:
    return s.text[a.end:b.start]


def _claims_in_sentence(doc: Document, s: Sentence, section_model: Span | None) -> list[Claim]:
    out: list[Claim] = []

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
        if before_subj and re.search(r"(?:是|由|为)", s.text[before_subj[-1].end:first.start]) \
                and _DEV_VERB.search(tail) and not _NEG.search(tail):
            chain = [last]  # "清华大学和智谱 AI": orgs joined by 和/与/、 share the verb
            for o in reversed(orgs[:-1]):
                if re.fullmatch(r"[\s和与及、,，&]|\s?and\s?", s.text[o.end:chain[-1].start]):
                    chain.append(o)
                else:
                    break
            subj = before_subj[0] if before_subj[0].start <= 2 else before_subj[-1]
            for o in chain:
                _add_dev(add, subj, Mention(o.canonical, "Organization"), o)
            orgs = []
    for o in orgs:
        org = Mention(o.canonical, "Organization")
        # "OpenAI 的 GPT-4", "OpenAI's GPT-4", "OpenAI o1"
        nxt = next((m for m in subjects if m.start >= o.end), None)
        if nxt and _OF_ORG.match(s.text[o.end:nxt.start]) and len(s.text[o.end:nxt.start]) <= 3:
            _add_dev(add, nxt, org, o)
            continue
        # "... 由 Y 开发", "developed by Y": subjects before the org
        before = s.text[max(0, o.start - 30):o.start]
        after = s.text[o.end:o.end + 14]
        if _BY.search(before) or re.search(r"\bby\s?$", before, re.I):
            if _DEV_VERB.search(s.text[max(0, o.start - 40):o.end + 14]):
                cands = [m for m in subjects if m.end <= o.start]
                if cands:  # the sentence's opening subject, else the nearest one before
                    _add_dev(add, cands[0] if cands[0].start <= 2 else cands[-1], org, o)
            continue
        # "Y 发布了 X": the org, a verb, then the subjects up to the next org
        mverb = _DEV_VERB.search(after)
        if mverb and not _NEG.search(after[:mverb.start()]) and len([x for x in orgs]) == 1:
            end_region = len(s.text)
            for m in subjects:
                if m.start >= o.end + mverb.end() - 1 and m.start < end_region:
                    if m.start - o.end > 120:
                        break
                    _add_dev(add, m, org, o)

    # -- release date
    if _RELEASE.search(s.text) and not _NOT_RELEASE_DATE.search(s.text):
        dates = find_dates(s.text)
        if len(dates) == 1 and models:
            verb = _RELEASE.search(s.text)
            assert verb is not None
            after = [m for m in models if m.start >= verb.start()]
            before = [m for m in models if m.end <= verb.start()]
            targets = after[:4] if after else before[-1:]
            if len(after) > 4:
                targets = []
            for m in targets:
                add(m, "Model", "releaseDate", Value(dates[0][2], "date"), min(m.start, dates[0][0]), max(m.end, dates[0][1]))

    # -- parameters / active parameters
    for q in _QTY.finditer(s.text):
        tail = s.text[q.end():q.end() + 12]
        head = s.text[max(0, q.start() - 12):q.start()]
        if not (_PARAM_AFTER.match(tail) or _PARAM_BEFORE.search(head)):
            continue
        vals = parse_sizes(q.group(0))
        if not vals or vals[0] < 10**6:
            continue
        pred = "activeParameters" if _ACTIVE.search(s.text[max(0, q.start() - 8):q.end() + 12]) else "parameters"
        target = _nearest_model(s, q.start(), q.end(), section_model)
        if target is not None:
            add(target, "Model", pred, Value(vals[0], "integer"), q.start(), q.end())

    # -- context length
    for c in _CTX.finditer(s.text):
        num, unit = (c.group(1), c.group(2)) if c.group(1) else (c.group(3), c.group(4))
        val = int(float(num) * (1000 if unit.lower() == "k" else 1_000_000))
        target = _only_model(s, section_model)
        if target is not None:
            add(target, "Model", "contextLength", Value(val, "integer"), c.start(), c.end())

    # -- training tokens
    if _TRAIN.search(s.text):
        for t in _TOKENS.finditer(s.text):
            vals = parse_sizes(f"{t.group(1)}{t.group(2)}")
            if vals and vals[0] >= 10**9:
                target = _only_model(s, section_model)
                if target is not None:
                    add(target, "Model", "trainingTokens", Value(vals[0], "integer"), t.start(), t.end())

    # -- architecture
    arch = parse_architecture(s.text)
    if arch and arch != "MoE":
        target = _only_model(s, section_model)
        if target is not None:
            add(target, "Model", "architecture", Value(arch, "architecture"), target.start, target.end)

    # -- techniques a model uses
    techs = [sp for sp in spans if sp.cls == "Technique"]
    if techs and _USE.search(s.text) and not _NEG.search(s.text):
        target = _only_model(s, section_model)
        if target is not None:
            for t in techs:
                add(target, "Model", "usesTechnique", Mention(t.canonical, "Technique"), t.start, t.end)

    # -- lineage
    out.extend(_lineage(doc, s))
    return out


def _add_dev(add, subj: Span, org: Mention, o: Span) -> None:  # type: ignore[no-untyped-def]
    cls = "Series" if subj.cls == "Series" else "Model"
    add(subj.canonical if cls == "Series" else subj.text, cls, "developer", org,
        min(subj.start, o.start), max(subj.end, o.end))


def _only_model(s: Sentence, section_model: Span | None) -> Span | None:
    """The one model a sentence is about: its only model name, or the section's model."""
    ms = {vocabulary_key(m.text): m for m in s.models()}
    if len(ms) == 1:
        return next(iter(ms.values()))
    if not ms and section_model is not None:
        return Span(0, 0, section_model.text, "Model", section_model.text)
    return None


def _nearest_model(s: Sentence, a: int, b: int, section_model: Span | None) -> Span | None:
    """Model a quantity belongs to: "175B 参数的 GPT-3" (right after) or the only/previous one."""
    ms = s.models()
    after = [m for m in ms if m.start >= b and re.match(r"^[\s)）]*(?:个)?\s?(?:参数|parameters?)?\s?(?:量)?\s?(?:的|of)\s?$", s.text[b:m.start])]
    if after:
        return after[0]
    only = _only_model(s, section_model)
    if only is not None:
        return only
    before = [m for m in ms if m.end <= a]
    if before and re.search(r"(?:的|，|,)?\s?(?:参数量|参数规模|参数|具有|拥有|has|with)", s.text[before[-1].end:a]) and len(s.text[before[-1].end:a]) <= 30:
        return before[-1]
    return None


def vocabulary_key(text: str) -> str:
    return re.sub(r"[\s\-_·]+", "", text.lower())


def _lineage(doc: Document, s: Sentence) -> list[Claim]:
    out: list[Claim] = []
    ms = s.models()
    if len(ms) < 2:
        return out

    def add(x: Span, pred: str, y: Span) -> None:
        if vocabulary_key(x.text) == vocabulary_key(y.text):
            return
        out.append(make_claim(doc, NAME, s.line, s.quote(min(x.start, y.start), max(x.end, y.end)),
                              Mention(x.text, "Model"), pred, Mention(y.text, "Model")))

    for i, y in enumerate(ms):
        before_y = s.text[max(0, y.start - 12):y.start]
        after_y = s.text[y.end:y.end + 16]
        prev = ms[i - 1] if i > 0 else None
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        # "X 是 Y 的升级版" / "X 是 Y 的前身"(inverse)
        if prev is not None and _ZH_UPGRADE_ZHI.match(after_y) and len(s.text[prev.end:y.start]) <= 8:
            add(prev, "successorOf", y)
            continue
        if _ZH_PREDECESSOR.match(after_y) and prev is not None and len(s.text[prev.end:y.start]) <= 12:
            # "Y 是 X 的前身": here y is X (the later one), prev is the predecessor
            add(y, "successorOf", prev)
            continue
        # "基于 Y 开发/微调的 X", "X 基于 Y", "在 Y 上微调", "从 Y 中蒸馏"
        if _ZH_BASED.search(before_y) or re.search(r"(?:在|以)\s?$", before_y) or re.search(r"从\s?$", before_y):
            based = bool(_ZH_BASED.search(before_y))
            ft = _ZH_FINETUNE_AFTER.match(after_y) is not None
            ds = re.search(r"从\s?$", before_y) is not None and _ZH_DISTILL_AFTER.match(after_y) is not None
            basis = _ZH_BASIS_AFTER.match(after_y) is not None and re.search(r"在\s?$", before_y) is not None
            if not (based or ft or ds or basis):
                continue
            pred = "distilledFrom" if ds else "fineTunedFrom" if ft else "derivedFrom"
            # the subject: a model before "基于" ("X 基于 Y", "X 是基于 Y") or the next one after
            subj = None
            if prev is not None and len(s.text[prev.end:y.start]) <= 16 and not re.search(r"[和与及、]", s.text[prev.end:y.start]):
                subj = prev
            elif nxt is not None and not re.search(r"[和与及、,，]\s?$", s.text[y.end:nxt.start][:3]):
                subj = nxt
            if subj is None:
                continue
            if basis:
                pred = "successorOf" if _same_line_family(subj.text, y.text) else "derivedFrom"
            add(subj, pred, y)
            continue
        # English cues between X and Y
        if prev is not None:
            gap = s.text[prev.end:y.start]
            if len(gap) <= 40:
                for rx, pred, direction in _LINEAGE_CUES:
                    if direction != "xy":
                        continue
                    if rx.search(gap) and not re.search(r"\band\b|,\s*and", gap):
                        add(prev, pred, y)
                        break
    return out


_FAMILY = re.compile(r"^[^\d\s\-_.]+")


def _same_line_family(a: str, b: str) -> bool:
    """Two names of one product line (same stem): "Baichuan-13B" and "Baichuan-7B"."""
    fa, fb = _FAMILY.match(a.lower()), _FAMILY.match(b.lower())
    return bool(fa and fb and fa.group(0) == fb.group(0))


# -- document-level context -------------------------------------------------------------
_SERIES_HEADING = re.compile(r"(.{1,30}?)\s?(?:系列|家族|series|family)", re.I)
_OPEN_HEADING = re.compile(r"开源|open[- ]source|open[- ]weights?", re.I)
_CLOSED_HEADING = re.compile(r"闭源|closed[- ]source|proprietary", re.I)


def _section_series(section: tuple[str, ...]) -> tuple[str, str] | None:
    """(series canonical, heading) when a heading on the path is "<series> 系列"."""
    vocab = vocabulary()
    for h in reversed(section):
        m = _SERIES_HEADING.search(h)
        if not m:
            continue
        for sp in find_names(h):
            if sp.cls == "Series" or vocab.classes["Series"].get(sp.text):
                return vocab.classes["Series"].get(sp.text, sp.canonical), h
    return None


def _section_model(section: tuple[str, ...]) -> Span | None:
    """The model a section is about: the innermost heading that names exactly one model."""
    for h in reversed(section):
        ms = [sp for sp in find_names(h) if sp.cls == "Model"]
        if len(ms) == 1:
            return ms[0]
        if ms:
            return None
    return None


def _heading_line(doc: Document, lines: list[str], title: str) -> tuple[int, str] | None:
    for b in doc.blocks:
        if b.kind == "heading" and b.text == title and 1 <= b.line <= len(lines):
            return b.line, quote_window(lines[b.line - 1])
    return None


def table_model_names(doc: Document) -> frozenset[str]:
    """Names in the model column of the document's pipe tables (prose may use them too).

    Only Latin names of 4+ characters with a digit or hyphen: short or plain words
    would match ordinary text.
    """
    from kg.extract.common import header_fields

    names: set[str] = set()
    for b in doc.blocks:
        if b.kind != "table" or not b.header:
            continue
        fields = header_fields(b.header)
        if "model" not in fields:
            continue
        col = fields.index("model")
        for r in b.rows:
            if col < len(r.cells):
                t = r.cells[col].strip()
                if re.fullmatch(r"[A-Za-z][A-Za-z0-9.\-]{3,40}", t) and re.search(r"[\d-]", t):
                    names.add(t)
    return frozenset(names)


@register(NAME)
def extract_sentences(doc: Document) -> list[Claim]:
    """Facts stated in the prose (paragraphs, list items, headings) of ``doc``."""
    lines = source_lines(doc)
    claims: list[Claim] = []
    series_named: set[str] = set()
    mentions: list[tuple[Span, Sentence]] = []
    extra = table_model_names(doc)
    for block in doc.blocks:
        if block.kind not in ("paragraph", "list_item", "heading"):
            continue
        section_model = _section_model(block.section) if block.kind != "heading" else None
        for s in sentences_of(doc, block, lines, extra):
            claims.extend(_claims_in_sentence(doc, s, section_model))
            for sp in s.spans:
                if sp.cls == "Series":
                    series_named.add(sp.canonical)
                elif sp.cls == "Model":
                    mentions.append((sp, s))
    claims.extend(_context_claims(doc, lines, claims, series_named, mentions))
    return claims


def _context_claims(
    doc: Document, lines: list[str], claims: list[Claim], series_named: set[str],
    mentions: list[tuple[Span, Sentence]],
) -> list[Claim]:
    """Series membership and open/closed weights that come from headings and families."""
    vocab = vocabulary()
    out: list[Claim] = []
    seen: set[tuple[str, str, str]] = set()
    # developers stated for a family ("Claude 系列模型是由 Anthropic 开发") hold for its models
    family_dev: dict[str, list[Claim]] = {}
    for c in claims:
        if c.predicate == "developer":
            fam = vocab.classes["Series"].get(c.subject.text)
            if fam:
                family_dev.setdefault(fam, []).append(c)
    series_aliases = sorted(vocab.classes["Series"].items(), key=lambda kv: -len(kv[0]))
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
        if not (s.text.strip() == sp.text or sp.start <= 2 or s.raw.lstrip().startswith("#")):
            continue
        for h in reversed(s.section):
            o, c = bool(_OPEN_HEADING.search(h)), bool(_CLOSED_HEADING.search(h))
            if o == c:
                continue
            hl = _heading_line(doc, lines, h)
            if hl is None:
                break
            key = (sp.text, "openWeights", str(o))
            if key not in seen:
                seen.add(key)
                out.append(make_claim(doc, NAME, hl[0], hl[1], Mention(sp.text, "Model"),
                                      "openWeights", Value(o, "boolean")))
            break
    return out
