"""Lineage extractor: which model was built from, fine-tuned from, distilled from or
succeeded which — one component for every lineage rule.

Rules, all scoped to one sentence unless said otherwise:

* cue words between or around two model names (zh/en): "X 是基于 Y 开发的",
  "基于 Y 微调的 X", "在 Y 的基础上", "从 Y 中蒸馏", "X 是 Y 的升级版 / 多模态版本",
  "Y 及其变体 A、B", "X 的基础模型 Y", "Y 后更名为 X", "fine-tuned from", "based on",
  "built on", "a distilled version of", "successor to" ...;
* a pronoun subject ("它是 Y 的升级版") is the model the line opens with;
* a version upgrade of a family name ("星火大模型升级到 V1.5 版") names a new model;
* a model that calls itself a cheaper/upgraded version of the model its name extends
  ("o1-mini 作为更便宜的版本", "GPT-4 Turbo ... 进阶版") ;
* comparisons are lineage only between plain versions of one family with an
  improvement verb ("相较于 GPT-1，GPT-2 ... 提升");
* names that state lineage: ``A-Distill-B-32B`` is distilled from A and built on B
  (when the document names B);
* a timeline (consecutive dated list items / paragraphs, each releasing one model) of
  plain versions of one family with increasing numbers: each succeeds the previous;
* table cells that say "基于 V2" / "based on X" about the row's model.

Precision first: a wrong lineage edge is worse than a missing one, so every rule needs
its cue, both names, and no comparison/negation in between.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.common import (
    extends_name,
    header_fields,
    located_at,
    make_claim,
    quote_window,
    source_lines,
)
from kg.extract.names import Span, cell_names, clean_line, find_names, vocabulary
from kg.extract.normalize import find_dates
from kg.extract.registry import register
from kg.extract.sentence import (
    Sentence,
    cell_sentences,
    may_state_openness,
    sentence_cues,
    sentences_of,
    table_model_names,
)
from kg.extract.words import words
from kg.model import Block, Claim, Document, Mention, Value

__all__ = ["extract_lineage", "extract_series", "parse_name", "same_family", "entry_subjects"]



NAME = "lineage"
#: the extractor name of lineage read from names ("Qwen-7B-Chat-Int4" of Qwen-7B-Chat) rather than said in words
BY_NAME = "lineage-name"
MAX_MODELS = 40  # names per sentence the pairwise rules look at


# -- names: family stem, version, variant ------------------------------------------------
@dataclass(frozen=True)
class Parsed:
    stem: str  # lower-cased family stem without separators ("llama", "deepseek", "星火大模型")
    letter: str  # version letter ("v" in DeepSeek-V2, "r" in DeepSeek-R1), or ""
    version: tuple[int, ...]  # () when the name carries no version
    variant: str  # words after the version other than sizes ("mini", "turbo", "chat")
    base: str  # the name without size parts, as written ("Baichuan" for "Baichuan-7B")


_STEM = re.compile(r"[A-Za-z][A-Za-z]*(?:-[A-Za-z]+)*|[\u3400-\u9fff·]+")
_SIZE_PART = re.compile(r"[\s\-_]?\d{1,4}(?:\.\d{1,2})?(?:[xX]\d{1,3})?[BbMmKk](?![A-Za-z])")
_STEM_LETTER = re.compile(r"(.{2,}?)-?([VvRrXx])")
_VERSION_PART = re.compile(r"[\s\-_]?[Vv]?(\d{1,4}(?:\.\d{1,3}){0,2})(?![\d.]*[BbMmKk](?![A-Za-z]))")
_SEPARATORS = re.compile(r"[\s\-_]+")
_KEY_DROP = re.compile(r"[\s\-_·]+")


@lru_cache(maxsize=16384)
def parse_name(name: str) -> Parsed | None:
    """Split a model name into family stem, version and variant words.

    >>> parse_name("DeepSeek-V2.5")
    Parsed(stem='deepseek', letter='v', version=(2, 5), variant='', base='DeepSeek-V2.5')
    >>> p = parse_name("Baichuan2-13B-Chat"); (p.stem, p.version, p.variant, p.base)
    ('baichuan', (2,), 'chat', 'Baichuan2-Chat')
    >>> parse_name("LLaMA").version, parse_name("GPT-4o mini").variant
    ((), 'o mini')
    """
    m = _STEM.match(name.strip())
    if not m:
        return None
    stem_text = m.group(0)
    rest = name.strip()[m.end():]
    letter = ""
    lm = _STEM_LETTER.fullmatch(stem_text)
    if lm and rest[:1].isdigit():
        stem_text, letter = lm.group(1), lm.group(2).lower()
    vm = _VERSION_PART.match(rest)
    version: tuple[int, ...] = ()
    if vm:
        version = tuple(int(x) for x in vm.group(1).split("."))
        while len(version) > 1 and version[-1] == 0:
            version = version[:-1]
        rest = rest[vm.end():]
    no_size = _SIZE_PART.sub("", rest)
    variant = _SEPARATORS.sub(" ", no_size).strip().lower()
    base = (name.strip()[: len(name.strip()) - len(rest)] + no_size).strip(" -_")
    return Parsed(_KEY_DROP.sub("", stem_text.lower()), letter, version, variant, base)


def same_family(a: str, b: str) -> bool:
    """Two names of one product line (same stem and version letter).

    >>> same_family("Baichuan-13B", "Baichuan-7B"), same_family("DeepSeek-R1", "DeepSeek-V3")
    (True, False)
    """
    pa, pb = parse_name(a), parse_name(b)
    if not pa or not pb or pa.stem != pb.stem:
        return False
    return pa.letter == pb.letter or not pa.version or not pb.version


def _later(x: str, y: str) -> bool:
    """x is a plain later version of y in one family (no variant words on either)."""
    px, py = parse_name(x), parse_name(y)
    if not px or not py or px.variant or py.variant or not same_family(x, y):
        return False
    return (px.version or (1,)) > (py.version or (1,))


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    return _KEY_DROP.sub("", text.lower())


# -- cue words ---------------------------------------------------------------------------
_NEG = words("negation")
_LIST_SEP = re.compile(r"\s?(?:和|与|及|以及|、|,|，|/|&|and|or)\s?", re.I)

# after Y in "X 是 Y 的 …"
#: "在 Y 上用指令数据微调得到", "在 Y 上进行了微调": the rest of the clause after the base
#: "基于 LLaMA 在 ShareGPT 对话上微调": fine-tuning named later in the same clause

# English: the whole gap between X and Y
_EN_GAP: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\s*,?\s*(?:which\s+|that\s+)?(?:is|was|are|were|has been|have been)?\s*(?:(?:a|an|the)\s+)?(?:further\s+)?"
                r"(?:(?:fine-?tuned|instruction-?tuned|finetuned|SFT-tuned)\s*(?:version|variant|model|checkpoint)?\s*"
                r"(?:of|from|on(?:\s+top\s+of)?)|(?:built|created|made|obtained|trained)\s+by\s+(?:further\s+)?fine-?tuning(?:\s+(?:of|on))?)"
                r"\s*(?:the\s+)?(?:base\s+model\s+)?", re.I), "fineTunedFrom"),
    (re.compile(r"\s*,?\s*(?:which\s+|that\s+)?(?:is|was|are|were|has been)?\s*(?:(?:a|an|the)\s+)?(?:smaller\s+|compact\s+)?"
                r"(?:distilled\s*(?:version|variant|model|student)?\s*(?:of|from)|distillation\s+of)\s*", re.I), "distilledFrom"),
    (re.compile(r"\s*,?\s*(?:which\s+|that\s+)?(?:is|was|are|were|has been)?\s*(?:(?:a|an|the)\s+)?(?:\d{1,2}-bit\s+|GPTQ\s+|AWQ\s+|GGUF\s+)?"
                r"quantized\s*(?:version|variant|model|checkpoint)?\s*(?:of|from)\s*", re.I), "quantizedFrom"),
    (re.compile(r"\s*,?\s*(?:which\s+|that\s+)?(?:is|was|are|were|has been)?\s*(?:(?:a|an|the)\s+)?"
                r"(?:successor\s+(?:to|of)|next[- ]generation\s+(?:of|after)|(?:upgraded|improved|newer)\s+version\s+of|upgrade\s+(?:to|of)|succeeds|supersedes|replaces)\s*(?:the\s+)?", re.I), "successorOf"),
    (re.compile(r"\s*,?\s*(?:which\s+|that\s+)?(?:is|was|are|were|has been)?\s*(?:(?:a|an|the)\s+)?"
                r"(?:based\s+on|built\s+(?:on|upon)(?:\s+top\s+of)?|builds\s+(?:on|upon)(?:\s+top\s+of)?|derived\s+from|"
                r"initiali[sz]ed\s+from|trained\s+(?:on\s+top\s+of|from)|"
                r"(?:[\w-]{1,20}\s+)?(?:variant|version|derivative)\s+of|continued(?:ly)?\s+pre-?trained\s+(?:from|on))\s*(?:the\s+)?", re.I), "derivedFrom"),
]

_CHEAPER = re.compile(r"(?:更便宜|更小|更快|更轻|轻量|精简|小型|迷你|cheaper|smaller|faster|lighter|compact)[^。；;]{0,12}?(?:版本|版|version|variant)", re.I)
_UPGRADED = words("upgraded")
_IMPROVE = words("improve")
_EARLIER = re.compile(r"(?:之前的|以前的|前代|上一代|前一代|previous|earlier|prior)[^。；;]{0,12}?(?:如|例如|比如|such as|like|including)\s?[(（]?\s?$", re.I)
_COMPARE_HEAD = words("compare_head")
_NEW_GEN = words("new_generation")
_RELEASE = words("release_verb")
_VERSION_OF = re.compile(r"(?:(发布|推出|更新|升级|迭代)了?(?:到|至)?了?|最新的?|其)\s?`?\s?([Vv]?\d{1,2}(?:\.\d{1,2})?)\s?`?\s?版")
_QUOTED_MODEL = re.compile(r"[\"“「『]\s?([^\"”」』\s]{1,12})\s?[\"”」』]\s?大模型")
_DISTILL_NAME = re.compile(r"^(?P<teacher>.+?)-Distill-(?P<base>[A-Za-z][A-Za-z0-9.]*?)(?:-?(?P<size>\d{1,4}(?:\.\d)?[BbMm]))?(?:-.*)?$")


class _Out:
    """Collects claims, one per (subject, relation, object), with verbatim quotes."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.claims: list[Claim] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.doc_models: dict[str, str] = {}  # every model the document names (key -> as written)
        self.list_models: list[str] = []  # the models the document's list entries are about

    def add(self, line: int, quote: str, subj: str, pred: str, obj: str, extractor: str = NAME) -> None:
        if not quote or _key(subj) == _key(obj):
            return
        k = (_key(subj), pred, _key(obj))
        pair = (_key(subj), "", _key(obj))
        if k in self.seen or pair in self.seen:
            return  # one kind per pair of models in a document: the first rule to speak wins
        self.seen.add(k)
        self.seen.add(pair)
        self.claims.append(make_claim(self.doc, extractor, line, quote, Mention(subj, "Model"), pred, Mention(obj, "Model")))

    def has(self, subj: str, pred: str) -> bool:
        """Whether a claim ``subj pred *`` was made already."""
        k = _key(subj)
        return any(c.predicate == pred and _key(c.subject.text) == k for c in self.claims)

    def add_size(self, line: int, quote: str, name: str, size: str) -> None:
        """A size written before a name ("a 7B LLaMA model"): the parameters of that checkpoint."""
        from kg.extract.normalize import parse_sizes

        for v in parse_sizes(size)[:1]:
            if v >= 10**7 and quote:
                self.claims.append(make_claim(self.doc, NAME, line, quote, Mention(name, "Model"), "parameters",
                                              Value(v, "integer")))

    def add_type(self, line: int, quote: str, name: str) -> None:
        k = (_key(name), "type", "")
        if k not in self.seen and quote:
            self.seen.add(k)
            self.claims.append(make_claim(self.doc, NAME, line, quote, Mention(name, "Model"), "type", Value("Model", "class")))


def _models(s: Sentence) -> list[Span]:
    """Model names of a sentence, plus a quoted name called a 大模型 ('基于 "通义" 大模型').

    Memoised on the sentence: callers must not mutate the list."""
    ms = s._memo_lineage_models
    if ms is not None:
        return ms
    if not s.spans and "大模型" not in s.text:
        ms = s._memo_lineage_models = []  # most sentences: no name at all
        return ms
    ms = list(s.models())
    if "大模型" in s.text:  # every match of _QUOTED_MODEL ends with it
        for m in _QUOTED_MODEL.finditer(s.text):
            if not any(sp.start < m.end(1) and m.start(1) < sp.end for sp in s.spans):
                ms.append(Span(m.start(1), m.end(1), m.group(1), "Model", m.group(1), True))
    ms = s._memo_lineage_models = sorted(ms, key=_start)
    return ms


def _start(sp: Span) -> int:
    return sp.start


_RE_FAMILY_BRAND_1 = words("family_brand_after")


def _family_brand(base: Span, subj: Span, text: str) -> bool:
    """"基于 GPT 模型开发的 ChatGPT", "GPT-3.5 基于 GPT": a bare family name the subject's own name
    carries is its family, not its base — unless the family name stands for a model ("基于 GLM 结构")."""
    vocab = vocabulary()
    if base.text not in vocab.classes["Series"] or base.text.lower() not in subj.text.lower():
        return False
    p = parse_name(subj.text)
    numbered_member = p is not None and bool(p.version) and subj.text.lower().startswith(base.text.lower())
    if numbered_member:
        return True
    if base.text in vocab.classes["Model"] and not subj.text.lower().startswith(base.text.lower()):
        return False  # "以 Falcon 模型为底 … Chinese-Falcon": Falcon is a model too, and this one is built on it
    return _RE_FAMILY_BRAND_1.starts(text[base.end:]) is not None


def _coordinated(s: Sentence, ms: list[Span], i: int) -> list[Span]:
    """ms[i] and the models joined to it by 和/与/、/and: "GPT-3.5 和 GPT-4"."""
    out = [ms[i]]
    j = i
    while j + 1 < len(ms) and _LIST_SEP.fullmatch(s.text[ms[j].end:ms[j + 1].start]):
        j += 1
        out.append(ms[j])
    return out






def _new_generation(out: _Out, s: Sentence, ms: list[Span], doc_models: dict[str, str]) -> None:
    """"Baichuan 2 是百川智能推出的新一代开源大语言模型": it succeeds the family's latest earlier version."""
    if not ms:
        return
    x = ms[0]
    px = parse_name(x.text)
    if px is None or not px.version or px.variant or len({_key(parse_name(m.text).base if parse_name(m.text) else m.text)  # type: ignore[union-attr]
                                                           for m in ms}) > 1:
        return  # one model (and its sizes) only: "ChatGLM3 … ChatGLM3-6B … 前两代"
    g = _NEW_GEN.search(s.text, x.end)
    if not g or g.start() - x.end > 60 or _NEG.search(s.text[x.end:g.start()]):
        return
    best: tuple[tuple[int, ...], str] | None = None
    for name in doc_models.values():
        p = parse_name(name)
        if p is None or p.variant or not _later(x.text, p.base or name):
            continue
        cand = ((p.version or (1,)), p.base or name)
        if best is None or cand[0] > best[0] or cand[0] == best[0] and len(cand[1]) < len(best[1]):
            best = cand
    if best is not None:
        out.add(s.line, s.quote(x.start, g.end()), px.base or x.text, "successorOf", best[1])


_RE_LINE_VARIANTS_1 = words("family_after")
_RE_LINE_VARIANTS_2 = words("includes")


def _line_variants(out: _Out, sents: list[Sentence]) -> None:
    """"Gemini 2.0 系列 … Gemini 2.0 Pro、Gemini 2.0 Flash", "Claude-3，包括 Claude 3 Haiku、…":
    named variants (same version plus tier words) of a versioned model are derived from it."""
    spans = [(m, s) for s in sents for m in _models(s)][:MAX_MODELS * 2]
    for x, sx in spans:
        px = parse_name(x.text)
        if px is None or not px.version or px.variant:
            continue
        after = sx.text[x.end:]
        family_here = _RE_LINE_VARIANTS_1.starts(after) is not None
        incl = _RE_LINE_VARIANTS_2.search(after[:12])
        for a, sa in spans:
            pa = parse_name(a.text)
            if pa is None or not pa.variant or pa.stem != px.stem or pa.letter != px.letter or pa.version != px.version:
                continue
            if family_here and (sa is not sx or a.start > x.start) or incl and sa is sx and a.start > x.end:
                out.add(sa.line, sa.quote(a.start, a.end), a.text, "derivedFrom", x.text)


_VARIANT_TAIL = re.compile(r"(.+?)[\s\-_]+([A-Za-z]+)")


def _strip_variant(name: str) -> str | None:
    """"GPT-4 Turbo" -> "GPT-4", "o1-mini" -> "o1": the model a variant name extends."""
    vocab = vocabulary()
    m = _VARIANT_TAIL.fullmatch(name)
    if m and m.group(2).lower() in vocab.suffix_words:
        return m.group(1)
    return None




def _self_described(out: _Out, s: Sentence, ms: list[Span], doc_models: dict[str, str]) -> None:
    """"o1-mini 作为更便宜且更快的版本", "GPT-4 Turbo，这个 Turbo 就相当于是进阶版的意思"."""
    if not ms:
        return
    x = ms[0]
    parent = _strip_variant(x.text)
    if not parent or _key(parent) not in doc_models:
        return
    rest = s.text[x.end:]
    if any(_key(m.text) not in (_key(parent), _key(x.text)) for m in ms[1:]) or _NEG.search(rest):
        return
    if _CHEAPER.search(rest[:30]):
        out.add(s.line, s.quote(x.start, x.end + min(len(rest), 30)), x.text, "derivedFrom", doc_models[_key(parent)])
    elif _UPGRADED.search(rest[:30]) and not words("self_described_upgrade").search(rest[:30]):
        out.add(s.line, s.quote(x.start, x.end + min(len(rest), 30)), x.text, "successorOf", doc_models[_key(parent)])


_RE_COMPARISON_1 = re.compile(r"\s?(?:相比|相较)?\s?[,，]\s?")


def _comparison(out: _Out, s: Sentence, ms: list[Span]) -> None:
    """"相较于 GPT-1，GPT-2 … 提升": plain versions of one family, later vs earlier, with an improvement;
    "GPT-4 比之前的 GPT 模型(如 GPT3.5)更好": the earlier model is called a predecessor."""
    for y in ms:
        lo = max(0, y.start - 24)
        e = _EARLIER.search(s.text[lo:y.start])
        if not e:
            continue
        before = [m for m in ms if m.end <= lo + e.start()]
        if before and _later(before[-1].text, y.text) and not _NEG.search(s.text[before[-1].end:y.start]):
            x = before[-1]
            out.add(s.line, s.quote(x.start, y.end), x.text, "successorOf", y.text)
    for i in range(len(ms) - 1):
        y, x = ms[i], ms[i + 1]
        head = s.text[max(0, y.start - 6):y.start]
        gap = s.text[y.end:x.start]
        if _COMPARE_HEAD.ends(head) and _RE_COMPARISON_1.fullmatch(gap) \
                and _IMPROVE.search(s.text[x.end:]) and not _NEG.search(s.text[x.end:]) and _later(x.text, y.text):
            out.add(s.line, s.quote(y.start, x.end), x.text, "successorOf", y.text)


# -- family upgrades named by version ("星火大模型升级到 V1.5 版") -------------------------------
def _family_name(sp: Span) -> str:
    """The name a versioned model of the family ``sp`` gets: models.tsv canonical, else series canonical."""
    vocab = vocabulary()
    if sp.text in vocab.classes["Model"]:
        return vocab.classes["Model"][sp.text]
    return vocab.classes["Series"].get(sp.text, sp.text)


_RE_VERSIONS_NAMED_1 = re.compile(r"[到至]")


def _versions_named(s: Sentence) -> list[tuple[Span, str, str, bool, int, int]]:
    """Versions of a family named by number: "星火大模型升级到 V1.5 版", "文心大模型于 2019 年发布 1.0 版",
    "Claude 模型，其最新的 3.5 版本" -> (family span, family name, version, is_upgrade, start, end).

    Memoised on the sentence (two extractors ask): callers must not mutate the list."""
    memo = s._memo_versions
    if memo is not None:
        return memo
    out: list[tuple[Span, str, str, bool, int, int]] = []
    s._memo_versions = out
    # every match of _VERSION_OF ends with "版"; the family names are looked at only then
    versions = list(_VERSION_OF.finditer(s.text)) if "版" in s.text else []
    if not versions:
        return out
    vocab = vocabulary()
    fams = [m for m in _models(s) if (p := parse_name(m.text)) is not None and not p.version
            and (m.text in vocab.classes["Series"] or m.text in vocab.classes["Model"])]
    for v in versions:
        before = [m for m in fams if m.end <= v.start() and v.start() - m.end <= 40]
        if not before:
            continue
        f = before[-1]
        upgrade = bool(v.group(1)) and v.group(1)[:2] in ("更新", "升级", "迭代") and bool(_RE_VERSIONS_NAMED_1.search(v.group(0)))
        out.append((f, _family_name(f), v.group(2), upgrade, v.start(2), v.end(2)))
    return out


_RE_UPGRADES_1 = re.compile(r"[Vv]?1(?:\.0)?")


def _upgrades(out: _Out, s: Sentence, last: dict[str, str]) -> None:
    for f, base, ver, upgrade, a, b in _versions_named(s):
        new = f"{base} {ver}"
        out.add_type(s.line, s.quote(a, b), new)
        if _RE_UPGRADES_1.fullmatch(ver):
            last[base] = f.text  # the first version is the family's first model
            continue
        if upgrade:
            out.add(s.line, s.quote(f.start, b), new, "successorOf", last.get(base, f.text))
            last[base] = new


# -- names that state lineage ----------------------------------------------------------
#: a quantized checkpoint's name: its source model's name and the quantization ("Qwen-7B-Chat-Int4",
#: "Yi-34B-Chat-8bits", "Mistral-7B-Instruct-GPTQ", "Halvor-3-Mini-GGUF")
_QUANT_NAME = re.compile(r"^(?P<base>.+?)[\-_ ](?P<q>int4|int8|4bits?|8bits?|4-bit|8-bit|gptq|awq|gguf|ggml|exl2|"
                         r"bnb-4bit|fp8|nf4|q4_k_m|q5_k_m|q8_0)(?:[\-_ ].{0,12})?$", re.I)
#: the technique each quantization suffix names (kg/data/techniques.tsv canonical names)
_QUANT_TECH = {"int4": "INT4 quantization", "4bit": "INT4 quantization", "4bits": "INT4 quantization",
               "4-bit": "INT4 quantization", "int8": "INT8 quantization", "8bit": "INT8 quantization",
               "8bits": "INT8 quantization", "8-bit": "INT8 quantization", "gptq": "GPTQ", "awq": "AWQ"}


@lru_cache(maxsize=1)
def _pairing_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    from kg.extract.names import DATA_DIR

    out = []
    for line in (DATA_DIR / "cues" / "pairing.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rel, rx = line.split("\t", 1)
            out.append((rel.strip(), re.compile(rx.strip(), re.I)))
    return tuple(out)


_VARIANT_NAME = re.compile(r"^(?P<base>.+?)[\-_ ](?:Chat|Instruct|SFT|RLHF|DPO|it)(?:[\-_ ]v?\d{1,2}(?:\.\d{1,2})?)?$", re.I)


def _pairings(out: _Out, doc: Document, lines: list[str], doc_models: dict[str, str]) -> None:
    """"从基座模型训练得到对话模型" said once: each "<base>-Chat" the document names comes from its "<base>"."""
    for rel, rx in _pairing_cues():
        for ln, raw in enumerate(lines, 1):
            # every pairing line names the base models: 基座/基础/底座 模型, "base model"
            m = rx.search(raw[:MAX_LINE_SCAN]) if ("座模型" in raw or "基础模型" in raw or "base model" in raw) else None
            if not m:
                continue
            quote = quote_window(raw, m.start(), m.end())
            for name in doc_models.values():
                v = _VARIANT_NAME.match(name)
                if v and _key(v.group("base")) in doc_models:
                    out.add(ln, quote, name, rel, doc_models[_key(v.group("base"))], BY_NAME)
            return


MAX_LINE_SCAN = 5000


def _name_rules(out: _Out, names: dict[str, tuple[int, str]], doc_models: dict[str, str]) -> None:
    for name, (line, quote) in names.items():
        q = _QUANT_NAME.match(name)
        if q and _key(q.group("base")) in doc_models:
            # "Qwen-7B-Chat-Int4" beside Qwen-7B-Chat: its quantized checkpoint
            out.add(line, quote, name, "quantizedFrom", doc_models[_key(q.group("base"))], BY_NAME)
            tech = _QUANT_TECH.get(q.group("q").lower())
            if tech and quote:
                out.claims.append(make_claim(out.doc, NAME, line, quote, Mention(name, "Model"), "usesTechnique",
                                             Mention(tech, "Technique")))
        m = _DISTILL_NAME.match(name)
        if not m:
            continue
        out.add(line, quote, name, "distilledFrom", m.group("teacher"))
        base, size = m.group("base"), m.group("size")
        cands = [f"{base}-{size}", f"{base}{size}"] if size else []
        hit = next((doc_models[_key(c)] for c in cands if _key(c) in doc_models), None)
        if hit is None and _key(base) in doc_models:
            hit = doc_models[_key(base)]
        if hit is not None:
            out.add(line, quote, name, "derivedFrom", hit)


# -- timelines -----------------------------------------------------------------------------
def _main_model(s: Sentence) -> Span | None:
    """The model a dated release sentence is about: first model after the verb, else before it."""
    if not any(sp.cls in ("Model", "Series") for sp in s.spans):
        return None
    verb = _RELEASE.search(s.text)
    if not verb or not find_dates(s.text):
        return None
    spans = [sp for sp in s.spans if sp.cls in ("Model", "Series")]
    after = [sp for sp in spans if sp.start >= verb.start()]
    models_after = [sp for sp in after if sp.cls == "Model"]
    if models_after and models_after[0].start - verb.end() <= 24:
        return models_after[0]
    if after and after[0].start - verb.end() <= 24:
        return after[0]
    before = [sp for sp in spans if sp.end <= verb.start()]
    return before[-1] if before else None


def _timeline(out: _Out, items: list[tuple[Span | None, Sentence | None]]) -> None:
    for (m1, _s1), (m2, s2) in zip(items, items[1:], strict=False):
        if m1 is None or m2 is None or s2 is None:
            continue
        p1 = parse_name(m1.text)
        if p1 is None:
            continue
        prev_name = p1.base or m1.text
        if _later(m2.text, prev_name) and not out.has(m2.text, "successorOf") \
                and not _version_between(out.doc_models.values(), prev_name, m2.text):
            # (a predecessor the text names itself, "接替 Velmora-2.5", wins over the order of the items)
            out.add(s2.line, s2.quote(m2.start, m2.end), m2.text, "successorOf", prev_name)


def _version_between(names: Iterable[str], older: str, newer: str) -> bool:
    """The document names a version of the line between ``older`` and ``newer`` ("GPT-3",
    then "GPT-4" in a list of releases that mentions "GPT-3.5" elsewhere): the order of the
    items then skips a step, and says nothing of what ``newer`` succeeded."""
    po, pn = parse_name(older), parse_name(newer)
    if po is None or pn is None:
        return False
    for n in names:
        p = parse_name(n)
        if p is not None and p.stem == po.stem and p.letter == pn.letter and not p.variant \
                and po.version < p.version < pn.version:
            return True
    return False


# -- tables: "基于 V2" in a description cell ------------------------------------------------
_CELL_CUE = re.compile(r"(?:基于|based on|built on|fine-?tuned (?:from|on)|distilled from)\s?", re.I)
_STEM_OF = re.compile(r"([A-Za-z\u3400-\u9fff·]+(?:-[A-Za-z]+)*?)([\s\-_]?)(?=[VvRr]?\d)")


_RE_TABLE_RULES_1 = re.compile(r"([VvRr]?\d{1,2}(?:\.\d{1,2})?)(?![\w.])")


def _table_rules(out: _Out, doc: Document, lines: list[str]) -> None:
    extra = table_model_names(doc)
    for b in doc.blocks:
        if b.kind != "table" or not b.header:
            continue
        fields = header_fields(b.header)
        col = fields.index("model") if "model" in fields else 0
        for r in b.rows:
            if col >= len(r.cells):
                continue
            subj = [sp for sp in find_names(clean_line(r.cells[col])[0], extra) if sp.cls == "Model"]
            if len(subj) != 1:
                continue
            x = subj[0].text
            for i, cell in enumerate(r.cells):
                if i == col or (i < len(fields) and fields[i] == "base"):
                    continue
                text = clean_line(cell)[0]
                for cue in _CELL_CUE.finditer(text):
                    rest = text[cue.end():]
                    ys = [sp for sp in find_names(rest) if sp.cls == "Model" and sp.start == 0]
                    y = ys[0].text if ys else None
                    v = _RE_TABLE_RULES_1.match(rest)
                    st = _STEM_OF.match(x)
                    if y is None and v and st:  # "| DeepSeek V2.5 | 基于 V2 |": a version of the row's family
                        y = f"{st.group(1)}{st.group(2)}{v.group(1)}"
                    if not y or _key(y) == _key(x):
                        continue
                    w = cue.group(0).lower()
                    pred = "fineTunedFrom" if "tun" in w else "distilledFrom" if "distill" in w else \
                        _refine("derivedFrom", rest)  # "基于 Y 微调": the cell says how
                    raw = lines[r.line - 1] if 1 <= r.line <= len(lines) else ""
                    i0 = raw.find(cell[:20]) if cell else -1
                    q = quote_window(raw, max(0, i0), i0 + len(cell)) if i0 >= 0 else quote_window(raw)
                    out.add(r.line, q, x, pred, y)


# -- cue lines (kg/data/cues/*.tsv) and their discourse context ------------------------------
_PRONOUN_START = re.compile(r"^\s*(?:它们?|其(?!中|他|它|余|次|实)|该模型|此模型|这款模型|这个模型|本模型|该系列|this model|the model|it|they|this|its)(?![A-Za-z])", re.I)


def entry_subjects(per_block: list[tuple[str, int, list[Sentence]]], blocks: list[Block]) -> list[str | None]:
    """For each block, the name of the list entry's model it belongs to (see
    :func:`kg.extract.discourse.entry_subjects`)."""
    from kg.extract.discourse import entry_subjects as spans

    return [sp.text if sp is not None else None for sp in spans([(b, pb[2]) for b, pb in zip(blocks, per_block, strict=True)])]


def card_subject_name(doc: Document) -> str | None:
    """The model a model card is about (its front matter says), or None."""
    from kg.extract.frontmatter import card_subject, parse_card

    for b in doc.blocks:
        if b.kind == "front_matter":
            data = parse_card(b)
            subj = card_subject(doc, b, data) if data is not None else None
            return subj[0] if subj else None
    return None


@lru_cache(maxsize=1)
def _refine_words() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(relation, words) from kg/data/cues/refine.tsv: a generic "built on" whose clause says
    how (微调 / fine-tuned, 蒸馏, 量化 ...) is that kind of derivation."""
    from kg.extract.names import DATA_DIR

    out = []
    for line in (DATA_DIR / "cues" / "refine.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        alts = "|".join(re.escape(w) + (r"(?![A-Za-z])" if w[-1].isascii() and w[-1].isalpha() else "")
                        for w in sorted(cells[1:], key=len, reverse=True))
        out.append((cells[0], re.compile(alts, re.I)))
    return tuple(out)


_CLAUSE_STOP = re.compile(r"[，,；;。！？!?：:]")
#: ("并开源了其精调对话系统" goes on with something else: only a method word after 并 / and)
_METHOD_START = re.compile(r"^\s*(?:(?:并|再|然后|随后|之后|后|and|then)\s?)?(?:通过|使用|利用|采用|用|经过|进行|在|"
                           r"using\b|with\b|via\b|by\b|further\b|(?:was\s+|were\s+)?(?:fine-?tuned|trained)\b)", re.I)


def _how_techniques(out: _Out, s: Sentence, x: str, start: int, end: int) -> None:
    """Techniques named in a lineage cue's clause are how its new model was made."""
    for t in s.spans:
        if t.cls == "Technique" and start <= t.start and t.end <= end + 1:
            k = (_key(x), "usesTechnique", _key(t.canonical))
            if k not in out.seen:
                out.seen.add(k)
                out.claims.append(make_claim(out.doc, NAME, s.line, s.quote(t.start, t.end), Mention(x, "Model"),
                                             "usesTechnique", Mention(t.canonical, "Technique")))


def _blank_names(text: str, spans: list[Span]) -> str:
    """``text`` with the names blanked out: "DeepSeek-R1-Distill-Qwen32B" says nothing of how a model was made."""
    chars = list(text)
    for sp in spans:
        chars[sp.start:sp.end] = " " * (sp.end - sp.start)
    return "".join(chars)


def _how_clause(text: str, start: int, end: int) -> str:
    """The text that says how a cue's relation came about: the cue's own clause, and the next
    clause when it goes on with a method ("基于 X 的问诊模型，通过医疗对话数据进行微调")."""
    stop = _CLAUSE_STOP.search(text, end)
    clause = text[start:stop.start() if stop else len(text)]
    if stop is not None and stop.group(0) in "，,":
        nxt = _CLAUSE_STOP.search(text, stop.end())
        follow = text[stop.end():nxt.start() if nxt else len(text)]
        if _METHOD_START.match(follow):
            clause += " " + follow
    return clause


def _refine(pred: str, clause: str) -> str:
    if pred == "fineTunedFrom":
        # "在 Y 上用代码数据继续预训练得到": the "训练" a fine-tune cue found is part of 预训练; with no
        # fine-tuning word beside it, the model was built on Y by continued pre-training
        rx = dict(_refine_words())
        if rx["derivedFrom"].search(clause) and not rx["fineTunedFrom"].search(clause):
            return "derivedFrom"
        return pred
    if pred != "derivedFrom":
        return pred
    for rel, rx in _refine_words():
        if rx.search(clause):
            return rel
    return pred


def _released_before(text: str, at: int) -> bool:
    """A release verb right before ``text[at:]`` ("发布了 X", "excited to release X"): the
    words of ``model_before`` in kg/data/cues/names.tsv."""
    from kg.extract.lexicon import _cue_patterns

    return _cue_patterns()["model_before"].search(text, 0, at) is not None
_AMONG_THEM = words("among_them")
#: a statement about every model the document names ("本仓库中的全部模型", "all models in this repo")
_ALL_MODELS = words("all_models_scope")
_IS_BEFORE = words("is_before")
_DERIVATIVES = words("derivatives")
_RELATIVE = words("relative")
_GUARD_BETWEEN = words("guard_between")
_INSTRUMENT_BEFORE = re.compile(r"(?:(?<![应作费效信])用|使用|利用|(?<![所可])以|将|把|(?<![相针面])对|和|与|通过|\bwith|\busing|\bvia)\s?$", re.I)


def _siblings(x: str, y: str) -> bool:
    """Two sizes of one model ("Baichuan-13B", "Baichuan-7B"): same name but the size."""
    px, py = parse_name(x), parse_name(y)
    return px is not None and py is not None and px.base.lower() == py.base.lower() and px.stem == py.stem \
        and _key(x) != _key(y) and bool(_SIZE_PART.search(x)) and bool(_SIZE_PART.search(y))
_CLAUSE_MARK = re.compile(r"[，,：:；;]|\s[-–—]{1,2}\s")


def _sentence_topic(s: Sentence, ms: list[Span]) -> str | None:
    """The model a sentence is about, for a pronoun in the next one ("它是 Y 的升级版"): the
    name opening it, else the one model it announces ("2023 年 5 月，Google 发布了 PaLM 2")."""
    lead = [m for m in ms if m.start <= 2]
    if lead:
        return lead[0].text
    released = [m for m in ms if _released_before(s.text, m.start)]
    return released[0].text if len(released) == 1 else None


def _implicit_subject(s: Sentence, ms: list[Span], at: int, ys: tuple[Span, ...],
                      entry: str | None = None) -> str | None | bool:
    """The subject of a cue with no {X} at ``at`` in sentence ``s``: False when a name other
    than the cue's own stands in the cue's clause (ambiguous); the name opening the
    sentence when the cue's clause has none ("OpenChatKit 包含 200 亿参数，用 Y 进行微调");
    None when the context must say."""
    clause_start = max((m.end() for m in _CLAUSE_MARK.finditer(s.text, 0, at)), default=0)
    own = {id(y) for y in ys}
    others = [m for m in ms if clause_start <= m.start and m.end <= at and id(m) not in own and m.text != entry]
    if others:
        # "Vicuna是通过在ShareGPT…上对LLaMA进行微调训练而来": the name opening the sentence, alone
        # before the cue, is what the cue is about (unless a negation or comparison stands between)
        lead = others[0]
        if len(others) == 1 and lead.start <= 2 and clause_start == 0 and not _GUARD_BETWEEN.search(s.text[lead.end:at]):
            return lead.text
        return False
    if clause_start == 0:
        return None
    if _RELATIVE.starts(s.text, clause_start):
        # "X outperforms Y, which is based on Z", "OpenAI 推出了 GPT-3.5，这是 GPT-3 的升级版":
        # the clause is about the name right before it
        near = [m for m in ms if m.end <= clause_start and id(m) not in own]
        return near[-1].text if near else None
    lead = [m for m in ms if m.start <= 2 and m.end <= clause_start and id(m) not in own]
    if lead and not _PRONOUN_START.match(s.text):
        return lead[0].text
    # "OpenAI 发布了 o3，这是…，建立在 o1 模型成功的基础之上": the model the sentence announces
    released = [m for m in ms if m.end <= clause_start and id(m) not in own
                and _released_before(s.text, m.start)]
    return released[0].text if len(released) == 1 else None


_FINETUNE_LIST = words("finetune_list")
_RESPECTIVELY = words("respectively")


def _field_base(cm, text: str) -> bool:  # type: ignore[no-untyped-def]
    """The cue is an entry's base field, "- Base model: Y" / "- 基座：Y", and nothing else is said of Y."""
    head = text[cm.start:cm.y[0].start] if cm.y else ""
    return (":" in head or "：" in head) and text[cm.y[-1].end:].strip(" *`.。") == ""


def _finetune_list(doc: Document, block: Block) -> bool:
    """Whether ``block`` sits in a list of fine-tuned models: its headings, or the document's
    title and opening paragraph, say so ("A curated list of domain-specific fine-tunes", "## 微调模型")."""
    if any(_FINETUNE_LIST.search(h) for h in block.section):
        return True
    opening = [b.text for b in doc.blocks[:4] if b.kind in ("heading", "paragraph")][:3]
    return any(_FINETUNE_LIST.search(t[:300]) for t in opening)


def _cue_block(out: _Out, doc: Document, block: Block, sents: list[Sentence], entry: str | None,
               card: str | None, context: bool = True) -> None:
    """Relations stated by the cue lines of kg/data/cues/ in one block's sentences.

    A line without {X} is about the model the context names: the list entry the sentence
    sits in, else (after a pronoun) the subject of the sentence before, else the model
    of the section heading, else the model card's own model.
    """
    from kg.extract.sentence import section_subject

    if block.kind == "heading":
        return
    topic: str | None = None
    pending: tuple[Sentence, str] | None = None  # "在 Y 的基础上推出了一系列衍生模型。其中 … X"
    section = section_subject(block.section, table_model_names(doc))
    for s in sents:
        ms = _models(s)
        if pending is not None and ms and _AMONG_THEM.starts(s.text):
            x = next((m for m in ms if _IS_BEFORE.ends(s.text, 0, m.start)), ms[0])
            out.add(s.line, s.quote(x.start, x.end), x.text, "derivedFrom", pending[1])
        pending = None
        if not ms and not any(sp.cls == "Series" for sp in s.spans) and not (
                (entry or card or section is not None and section.cls == "Model" or _ALL_MODELS.search(s.text)
                 or topic and _PRONOUN_START.match(s.text))
                and (any(sp.cls == "Organization" for sp in s.spans) or may_state_openness(s.text))):
            # (a field line of a card or an entry, "Developed by: Zentor Labs", "License: Apache 2.0",
            # speaks of the context's model with no name of its own)
            topic = None if not _PRONOUN_START.match(s.text) else topic
            continue
        explicit_y: set[int] = set()  # Y groups a line with {X} related in this sentence
        if entry and s is sents[0] and block.kind == "list_item":
            _maker_in_parentheses(out, s, entry)
        cues = sentence_cues(s)
        # "six dense models distilled from DeepSeek-R1 based on Llama": a name that is the {Y}
        # of one cue is not the {X} of the next; what is based on Llama is the unnamed models
        y_of = {y.start: cm.start for cm in cues if cm.x is not None for y in cm.y}
        for cm in cues:
            if cm.x is not None and cm.relation not in ("developer", "open", "closed", "series") \
                    and y_of.get(cm.x[0].start, cm.x[0].start) < cm.x[0].start:
                continue
            if cm.relation == "series":
                continue  # series membership: kg/extract/lineage.py extract_series
            if cm.relation == "developer":
                _developer(out, s, cm, ms, entry, topic, section, card)
                continue
            if cm.relation in ("open", "closed"):
                if cm.x is None and any(o.x is not None and o.relation in ("open", "closed") and o.start < cm.end
                                        and cm.start < o.end for o in cues):
                    continue  # "其中只有云梭 2.0 未开源": the line naming the model said whose (and "开源" in it is no line)
                _openness(out, s, cm, ms, entry, topic, section, card)
                continue
            if not cm.y and cm.x is not None:
                # "InstructGPT，其也是 ChatGPT 的前身": X succeeds the name the pronoun stands for
                prev = [m for m in ms if m.end <= cm.start and all(m is not x for x in cm.x)]
                if prev and cm.relation == "predecessorOf":
                    for x in cm.x:
                        out.add(s.line, s.quote(prev[-1].start, cm.end), x.text, "successorOf", prev[-1].text)
                elif cm.relation == "predecessorOf" and _PRONOUN_START.match(s.text):
                    # "Kestrel is … Its successor, Kestrel 2, followed": the model before (or the section's)
                    before = topic or (section.text if section is not None and section.cls == "Model" else None)
                    for x in cm.x if before else ():
                        if x.text != before:
                            out.add(s.line, s.quote(cm.start, cm.end), x.text, "successorOf", before)
                continue
            if cm.x is not None:
                if len(cm.x) == 1 and len(cm.y) >= 2 and _RESPECTIVELY.search(s.text, cm.x[0].end, cm.y[0].start):
                    continue  # "灵枢-Chat 两个尺寸分别在 灵枢-14B 和 灵枢-72B 上…": each size on one base, none named
                explicit_y.add(cm.y[0].start)
                subjects = [x.text for x in cm.x]
                if cm.relation == "successorOf" and all(x.cls == "Series" for x in cm.x):
                    # "Corvid-3, the third generation of its Corvid series and the successor to
                    # Corvid-2": a family succeeds nothing; the model the sentence is about does
                    lead = _sentence_topic(s, ms)
                    subjects = [lead] if lead else []
            else:
                if cm.y[0].start in explicit_y:
                    continue  # "基于 A、B 训练而来的 C 和 D": the line with {X} named who
                ctx = _implicit_subject(s, ms, cm.start, cm.y, entry)
                if ctx is False:
                    continue  # another name stands in the cue's clause: the lines with {X} decide, or nobody
                if ctx is None:
                    # (a pronoun opening the sentence, or right after the cue: "作为 Y 的后继，它…")
                    pron = _PRONOUN_START.match(s.text) or _PRONOUN_START.match(s.text[cm.end:].lstrip("，,、 "))
                    ctx = entry or (topic if pron else None) or \
                        (section.text if section is not None and section.cls == "Model" else None) or card
                if ctx is None:
                    if len(cm.y) == 1 and _DERIVATIVES.search(s.text, cm.end):
                        pending = (s, cm.y[0].text)  # the derivatives are named in the next sentence
                    continue
                subjects = [ctx]
            blanked = _blank_names(s.text, ms)
            how = _how_clause(blanked, cm.start, cm.end)
            if cm.x is None:
                # "- X: a LoRA adapter for SQL, trained on top of Y": the entry's apposition says how
                lead = blanked[:cm.start].rpartition(":")[2].rpartition("：")[2].lstrip(" *")
                if lead[:2].lower() == "a " or lead[:3].lower() == "an ":
                    how = lead + how
            pred = _refine(cm.relation, how)
            if pred == "derivedFrom" and cm.x is None and entry and subjects == [entry] and _field_base(cm, s.text) \
                    and _finetune_list(doc, block):
                pred = "fineTunedFrom"  # "- Base model: Y" in an entry of a list of fine-tunes: Y was fine-tuned
            if cm.x is not None and _INSTRUMENT_BEFORE.search(s.text[max(0, cm.x[0].start - 4):cm.x[0].start]):
                continue  # "用 Llama 和 Qwen 从 DeepSeek-R1 中蒸馏出的模型": the bases, not the new model
            # "基于 A、B 训练而来的 C 和 D": two lists of one length, read respectively
            respective = cm.x is not None and len(cm.x) == len(cm.y) >= 2 and len(subjects) == len(cm.y)
            for i, x in enumerate(subjects):
                xs = next((m for m in ms if m.text == x), None)
                for y in cm.y:
                    if y.cls != "Model" or respective and y is not cm.y[i]:
                        continue
                    p = pred
                    if p == "laterVersionOf":
                        if not _later(x, y.text):
                            continue  # "Phi-3 improves on Llama-3-8B": better, not its successor
                        p = "successorOf"
                    if cm.relation == "derivedFrom" and p in ("derivedFrom", "fineTunedFrom") \
                            and (_later(x, y.text) or _siblings(x, y.text)):
                        # "X 在 Y 的基础上" between versions (or sizes) of one line: the later one succeeds
                        p = "successorOf"
                    elif p != "successorOf" and xs is not None and _family_brand(y, xs, s.text):
                        continue  # "基于 GPT 模型的 ChatGPT": its family, not its base
                    out.add(s.line, s.quote(cm.start, cm.end), x, p, y.text)
                    if y is cm.y[0] and p != "successorOf":
                        # "在澄言-13B 上进行 SFT 和 DPO 得到", "以 X 为底座，采用 LoRA 微调": how it was made
                        _how_techniques(out, s, x, cm.start, cm.start + len(how))
                    if cm.y_size and y is cm.y[0] and not _SIZE_PART.search(y.text):
                        # "fine-tuned from a 7B LLaMA model": the 7B checkpoint of LLaMA (and LLaMA itself)
                        ckpt = f"{y.text}-{cm.y_size.upper()}"
                        out.add(s.line, s.quote(cm.start, cm.end), x, p, ckpt)
                        out.add_size(s.line, s.quote(cm.start, cm.end), ckpt, cm.y_size)
        topic = _sentence_topic(s, ms) or topic


def _maker_in_parentheses(out: _Out, s: Sentence, entry: str) -> None:
    """"- 05/22: LIMA, Less is More for Alignment (Meta AI)": a list entry whose first sentence
    ends with organizations in parentheses names its maker(s)."""
    t = s.text.rstrip(" .。")
    if not t.endswith((")", "）")):
        return
    opened = max(t.rfind("("), t.rfind("（"))
    orgs = [sp for sp in s.spans if sp.cls == "Organization" and sp.start > opened and sp.end <= len(t)]
    if opened < 0 or not orgs:
        return
    rest = t[opened + 1:-1]
    for sp in reversed(orgs):
        rest = rest[:sp.start - opened - 1] + rest[sp.end - opened - 1:]
    if rest.strip(" ,，、&/") and rest.strip(" ,，、&/").lower() not in ("and", "和"):
        return  # "(trained on 8 A100s, Meta AI)": more than names
    q = s.quote(opened, len(t))
    for o in orgs:
        k = (_key(entry), "developer", _key(o.canonical))
        if k not in out.seen and q:
            out.seen.add(k)
            out.claims.append(make_claim(out.doc, NAME, s.line, q, Mention(entry, "Model"), "developer",
                                         Mention(o.text, "Organization")))


def _openness(out: _Out, s: Sentence, cm, ms: list[Span], entry: str | None, topic: str | None,  # type: ignore[no-untyped-def]
              section: Span | None, card: str | None) -> None:
    """An open / closed cue line matched: the weights of {X} (or of the context's model) are
    published, or not.  The first statement about a model in a document stands."""
    if words("not_open_phrase").starts(s.text, cm.start):
        return  # "开源社区 OpenLoom 以 X 为底座": the community is open, nothing here is opened
    if cm.x is not None:
        subjects = [x.text for x in cm.x if x.cls == "Model"]
    elif _ALL_MODELS.search(s.text, 0, cm.start + 4):
        subjects = sorted(_own_names(out))[:60]  # "本仓库中的全部模型……以开源形式发布"
    else:
        # "基于QWen-7B，开源" in a row about 荀子: the base a lineage cue names is not what was opened
        bases = {y.start for c in sentence_cues(s) if c.relation not in ("developer", "open", "closed", "series")
                 for y in c.y}
        before = [m for m in ms if m.end <= cm.start and m.start not in bases]
        ctx: str | None | bool = None
        if before:
            # "…，上下文长度 16K，继续开源": the models the sentence is about
            lead = _sentence_topic(s, ms)
            group = [m.text for m in before if m.start < cm.start] if lead is None else [lead]
            subjects = group if len(group) == 1 or lead is None and words("coordinated").search(s.text, 0, cm.start) else []
        else:
            ctx = entry or (topic if _PRONOUN_START.match(s.text) else None) or \
                (section.text if section is not None and section.cls == "Model" else None) or card
            subjects = [ctx] if ctx else []
    value = cm.relation == "open"
    q = s.quote(cm.start, cm.end)
    subjects = subjects + [m for name in subjects for m in _spelled_out(s, ms, name)]
    for name in subjects:
        k = (_key(name), "openWeights", "")
        if k in out.seen or not q:
            continue
        out.seen.add(k)
        out.claims.append(make_claim(out.doc, NAME, s.line, q, Mention(name, "Model"), "openWeights",
                                     Value(value, "boolean")))




_JOIN = frozenset({"、", ",", "，", "和", "与", "及", "以及", "and", ", and"})


def _spelled_out(s: Sentence, ms: list[Span], name: str) -> list[str]:
    """The models listed right after ``name`` as what it consists of: "开源包括基础模型 Qwen，即
    Qwen-7B 和 Qwen-14B" -> [Qwen-7B, Qwen-14B]; each must be a checkpoint of ``name``."""
    at = next((i for i, m in enumerate(ms) if m.text == name), None)
    gap = s.text[ms[at].end:ms[at + 1].start].strip(" `*,，(（") if at is not None and at + 1 < len(ms) else ""
    hit = words("that_is").starts(gap) if gap else None
    if hit is None or hit.end() != len(gap):  # "X，即 A、B", "X (i.e. A, B)": what follows spells X out
        return []
    out: list[str] = []
    for i in range(at + 1, len(ms)):
        if i > at + 1 and s.text[ms[i - 1].end:ms[i].start].strip(" `*") not in _JOIN:
            break
        if not extends_name(ms[i].text, name):
            break
        out.append(ms[i].text)
    return out


_LIST_SCOPE = words("list_scope")
#: extractor name of facts a statement about the whole list gives an entry: an entry's own
#: statement of the same fact, by any extractor, stands instead (kg.extract._own_facts_stand)
LIST_SCOPE = "lineage-list-scope"
_OPEN_CONTEXT = words("open_context")
_CLOSED_CONTEXT = words("closed_context")


def _list_scope(out: _Out, per_block: list[tuple[str, int, list[Sentence]]], entry: list[str | None]) -> None:
    """"Every model on this list has open weights", "以下模型均已开源": a statement outside the
    list entries about the models of the document's list gives each entry's model the fact."""
    if not out.list_models:
        return
    for bi, (kind, _level, sents) in enumerate(per_block):
        if kind == "heading" or entry[bi]:
            continue
        for s in sents:
            if not _LIST_SCOPE.search(s.text):
                continue
            value = False if _CLOSED_CONTEXT.search(s.text) else True if _OPEN_CONTEXT.search(s.text) else None
            q = s.quote()
            if value is None or not q:
                continue
            for name in out.list_models:
                k = (_key(name), "openWeights", "")
                if k not in out.seen:
                    out.seen.add(k)
                    out.claims.append(make_claim(out.doc, LIST_SCOPE, s.line, q, Mention(name, "Model"),
                                                 "openWeights", Value(value, "boolean")))
_FAMILY_SCOPE_BEFORE = words("family_scope_before")
_FAMILY_SCOPE_AFTER = words("family_scope_after")


def _own_names(out: _Out) -> list[str]:
    """The models the document introduces itself (its tables, entries, hub ids, cue words):
    what "all models in this repository" covers; a listed third-party model it mentions is not."""
    from kg.extract.sentence import table_model_names

    own = {n for n, cls in table_model_names(out.doc) if cls == "Model" and "/" not in n and n in out.doc.text}
    keys = {_key(n) for n in own}
    return sorted(own | {m for m in out.doc_models.values() if _key(m) in keys})


def _family_scope(text: str, x: Span) -> bool:
    """Whether the sentence speaks of every model of the family ``x`` ("all Pipit models",
    "the Pipit models", "Pipit 系列模型"), not of the family's first model or its name."""
    return _FAMILY_SCOPE_AFTER.starts(text, x.end) or _FAMILY_SCOPE_BEFORE.ends(text, max(0, x.start - 12), x.start)


def _members(family: str, models: Iterable[str]) -> list[str]:
    """Models whose name extends ``family`` ("Pipit" -> "Pipit-3B", "Pipit 2"; not "Pipitone")."""
    return sorted({m for m in models if extends_name(m, family)})


def _developer(out: _Out, s: Sentence, cm, ms: list[Span], entry: str | None, topic: str | None,  # type: ignore[no-untyped-def]
               section: Span | None, card: str | None) -> None:
    """A developer cue line matched: the organizations of {O} made the models of {X} (or
    every model of the family {S}, or the model the context names)."""
    subjects: list[tuple[str, str]] = []
    if cm.x is not None:
        subjects = [(x.canonical if x.cls == "Series" else x.text, x.cls) for x in cm.x if x.cls in ("Model", "Series")]
        for x in cm.x:
            if x.cls == "Series" and _family_scope(s.text, x):
                # "All Pipit models are released by …", "Pipit 系列模型均由 … 开发": every model
                # of the family the document names (a name that extends the family's)
                subjects += [(m, "Model") for m in _members(x.text, out.doc_models.values())]
    elif _ALL_MODELS.search(s.text, 0, cm.start + 4):
        # "本仓库中的全部模型均由岚山智能训练", "all models in this repository are released by …"
        subjects = [(m, "Model") for m in sorted(_own_names(out))][:60]
    else:
        ctx = _implicit_subject(s, ms, cm.start, cm.y, entry)
        if ctx is False:
            return
        if ctx is None:
            ctx = entry or (topic if _PRONOUN_START.match(s.text) else None) or \
                (section.text if section is not None and section.cls == "Model" else None) or card
        if ctx:
            subjects = [(ctx, "Model")]
    q = s.quote(cm.start, cm.end)
    for name, cls in subjects:
        for o in cm.y:
            if o.cls == "Organization" and q and not located_at(s.text, o.start):
                k = (_key(name), "developer", _key(o.canonical))
                if k in out.seen:
                    continue
                out.seen.add(k)
                out.claims.append(make_claim(out.doc, NAME, s.line, q, Mention(name, cls), "developer",
                                             Mention(o.text, "Organization")))


# -- the extractor ---------------------------------------------------------------------------
@register(NAME)
def extract_lineage(doc: Document) -> list[Claim]:
    """Lineage facts (successorOf, derivedFrom, fineTunedFrom, distilledFrom, quantizedFrom) of ``doc``."""
    lines = source_lines(doc)
    extra = table_model_names(doc)
    out = _Out(doc)
    per_block: list[tuple[str, int, list[Sentence]]] = []
    blocks: list[Block] = []
    doc_models: dict[str, str] = {}
    names: dict[str, tuple[int, str]] = {}
    for block in doc.blocks:
        if block.kind not in ("paragraph", "list_item", "heading"):
            continue
        sents = sentences_of(doc, block, lines, extra)
        per_block.append((block.kind, block.level, sents))
        blocks.append(block)
        for s in sents:
            for sp in _models(s):
                doc_models.setdefault(_key(sp.text), sp.text)
                if sp.text not in names:  # the first mention's quote
                    names[sp.text] = (s.line, s.quote(sp.start, sp.end))
    for b in doc.blocks:
        if b.kind == "table":
            for r in b.rows:
                for cell in r.cells:
                    for sp in cell_names(cell, clean=True):
                        if sp.cls == "Model":
                            doc_models.setdefault(_key(sp.text), sp.text)
                            if sp.text in names:
                                continue
                            raw = lines[r.line - 1] if 1 <= r.line <= len(lines) else ""
                            i = raw.find(sp.text)
                            names[sp.text] = (r.line, quote_window(raw, max(i, 0), max(i, 0) + len(sp.text)))

    out.doc_models = doc_models
    last_version: dict[str, str] = {}
    timeline: list[tuple[Span | None, Sentence | None]] = []
    prev_kind: tuple[str, int] | None = None
    entry = entry_subjects(per_block, blocks)
    out.list_models = sorted({e for e in entry if e})
    card = card_subject_name(doc)
    for bi, (kind, level, sents) in enumerate(per_block):
        _cue_block(out, doc, blocks[bi], sents, entry[bi], card)
        if kind == "heading":
            _timeline(out, timeline)
            timeline, prev_kind = [], None
            continue
        by_line: dict[int, list[Sentence]] = {}
        for s in sents:
            by_line.setdefault(s.line, []).append(s)
        for ln_sents in by_line.values():
            for s in ln_sents:
                ms = _models(s)
                if ms:  # versions of one family reasoned about (the phrasings are cue lines: _cue_block)
                    _self_described(out, s, ms, doc_models)
                    _comparison(out, s, ms)
                    _new_generation(out, s, ms, doc_models)
                if "版" in s.text:  # _versions_named finds nothing without it
                    _upgrades(out, s, last_version)
            _line_variants(out, ln_sents)
        # a timeline: consecutive dated items (list items of one level, or lines of paragraphs)
        if prev_kind is not None and prev_kind != (kind, level):
            _timeline(out, timeline)
            timeline = []
        prev_kind = (kind, level)
        starts = [ls[0] for ls in by_line.values()] if kind == "paragraph" else [sents[0]] if sents else []
        for first in starts:
            timeline.append((_main_model(first), first))
    _timeline(out, timeline)
    _list_scope(out, per_block, entry)  # after the entries' own statements, which stand
    _name_rules(out, names, doc_models)
    _pairings(out, doc, lines, doc_models)
    _table_rules(out, doc, lines)
    _row_prose(out, doc, lines)
    return out.claims


def _row_prose(out: _Out, doc: Document, lines: list[str]) -> None:
    """Cue lines in the free-text cells of model tables ("| 本草, 活字 | … | 本草基于LLaMA，活字基于BLOOM-7B |").

    A "notes" cell (说明 / Description / 备注) is read as a paragraph whose context model is
    the row's model when the row names exactly one; other unlabelled cells only speak through
    lines that name both models.
    """
    from kg.extract.table import Cell, model_column

    extra = table_model_names(doc)
    for b in doc.blocks:
        if b.kind != "table" or not b.header:
            continue
        fields = header_fields(b.header)
        col = model_column(tuple(b.header), tuple(tuple(Cell(c, r.line) for c in r.cells) for r in b.rows[:50]), fields)
        for r in b.rows:
            raw = lines[r.line - 1] if 1 <= r.line <= len(lines) else ""
            subj = [sp for sp in find_names(clean_line(r.cells[col])[0], extra) if sp.cls == "Model"] \
                if col is not None and col < len(r.cells) else []
            spans = _cell_spans(raw)
            if len(spans) != len(r.cells):
                continue  # a row the parser repaired: no verbatim place for its cells
            for i, (cell, (at, end)) in enumerate(zip(r.cells, spans, strict=True)):
                field = fields[i] if i < len(fields) else None
                if i == col or field not in ("notes", None) or len(cell) < 6:
                    continue
                sents = cell_sentences(raw, at, end, r.line, b.section, extra)
                entry = subj[0].text if field == "notes" and len(subj) == 1 else None
                block = Block("paragraph", cell, r.line, r.line, b.section)
                _cue_block(out, doc, block, sents, entry, None, context=False)


def _cell_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) in ``raw`` of each cell of a pipe-table row, outer pipes dropped."""
    cuts = [i for i, ch in enumerate(raw) if ch == "|" and (i == 0 or raw[i - 1] != "\\")]
    bounds = [-1, *cuts, len(raw)]
    out = [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    if out and not raw[:out[0][1]].strip():
        out = out[1:]
    if out and not raw[out[-1][0]:].strip():
        out = out[:-1]
    return out


# -- series ------------------------------------------------------------------------------------
_FAMILY_WORD = words("family_after")
_HEADING_NUM = re.compile(r"^[\s#]*(?:[\d.]+|[一二三四五六七八九十]+[、.])?\s*")
_RELEASED_BEFORE = words("released_before")
_VERSION_WORD = re.compile(r"\s?版本?")
_LINK_LINE = re.compile(r"\s*(?:>\s*)?!?\[")
_SHORTHAND = re.compile(r"/\s?(\d{1,2}(?:\.\d{1,2})?)(?![\w.])")


@lru_cache(maxsize=1)
def _series_aliases() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Series aliases, longest first (stable), each with its lower-cased form; and all
    lower-cased aliases (for prefix tests)."""
    series = vocabulary().classes["Series"]
    ordered = sorted(series, key=len, reverse=True)
    return tuple((a, a.lower()) for a in ordered), tuple(a.lower() for a in series)


_WORD_AFTER_FAMILY = re.compile(r"[\s\-_.]?([A-Za-z]*)")
_VERSION_LETTER = re.compile(r"[VvRrXx]|[A-Z]")
_SPACED_SIZE = re.compile(r" \d{1,4}(?:\.\d{1,2})?[BbMm]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=16384)
def _brand_family(name: str) -> str | None:
    """The family a model's name carries: "Qwen2.5-Coder" -> Qwen, "ChatGLM3-6B" -> GLM, "星火 4.0" -> Spark.

    Not for a bare size after a space ("LLaMA 13B" is LLaMA itself) nor for the family name alone.
    """
    vocab = vocabulary()
    series = vocab.classes["Series"]
    low = name.lower()
    if not low.startswith(_series_aliases()[1]):
        return None  # no alias is a prefix: the loop below would find nothing
    for alias, alias_low in _series_aliases()[0]:
        if not low.startswith(alias_low):
            continue
        rest = name[len(alias):]
        if not rest:
            canon = series[alias]
            # "ChatGLM" listed under GLM names a model of that family, not the family itself
            if alias != canon and _LATIN_WORD.fullmatch(alias) and canon.lower() in alias_low:
                return canon
            return None
        if not (rest[0].isdigit() or rest[0] in " -_."):
            continue
        word = _WORD_AFTER_FAMILY.match(rest).group(1)  # type: ignore[union-attr]
        if word and word.lower() not in vocab.suffix_words and not _VERSION_LETTER.fullmatch(word):
            continue  # "GPT-NeoX", "GPT-o1": another model that borrows the name
        if _SPACED_SIZE.fullmatch(rest):
            return None
        return series[alias]
    return None


def _doc_family(name: str, families: frozenset[str]) -> str | None:
    """The family of the document's own (pass 1) a model's name starts with: "Velmora-3-8B" ->
    Velmora, "澄言 3.0 Turbo" -> 澄言 (a version, size or letter-version after the family name)."""
    best = None
    for fam in families:
        if len(name) > len(fam) and name.lower().startswith(fam.lower()) and (best is None or len(fam) > len(best)):
            rest = name[len(fam):]
            if rest[0].isdigit() or rest[0] in " -_.":
                word = _WORD_AFTER_FAMILY.match(rest).group(1)  # type: ignore[union-attr]
                if not word or word.lower() in vocabulary().suffix_words or _VERSION_LETTER.fullmatch(word):
                    best = fam
    return best


def _model_family(name: str, heads: set[str]) -> str | None:
    """The longest model name of ``heads`` (models the text calls a series) that ``name``
    extends ("DeepSeek-R1-Distill-Qwen-7B" -> DeepSeek-R1)."""
    best = None
    low = name.lower()
    for h in heads:
        if len(name) > len(h) and low.startswith(h.lower()) and name[len(h)] in " -_." and (best is None or len(h) > len(best)):
            best = h
    return best


def _has_family_prefix(name: str) -> bool:
    return name.lower().startswith(_series_aliases()[1])


@lru_cache(maxsize=2048)
def _heading_family(heading: str) -> str | None:
    """"GPT 系列" -> GPT; a heading that is just a family name ("通义千问") -> Qwen."""
    series = vocabulary().classes["Series"]
    text = _HEADING_NUM.sub("", clean_line(heading)[0]).strip()
    if text in series:
        return series[text]
    for sp in find_names(text):
        if sp.cls in ("Series", "Model") and _FAMILY_WORD.starts(text, sp.end):
            fam = series.get(sp.text) or _brand_family(sp.text)
            if fam:
                return fam
    return None


@register("series")
def extract_series(doc: Document) -> list[Claim]:
    """Series membership: a name carrying a family the document talks about as a family
    ("Qwen2.5" in a document on the Qwen 系列), a model introduced under a "<family> 系列"
    heading whose name carries no other family ("o1" under "GPT 系列"), and versions named
    by number ("星火大模型升级到 V1.5 版")."""
    from kg.extract.lexicon import document_lexicon

    lines = source_lines(doc)
    extra = table_model_names(doc)
    series = vocabulary().classes["Series"]
    own = document_lexicon(doc).of("Series")  # families the document introduces ("Velmora 系列")
    named: set[str] = set(own)
    model_fams: set[str] = set()
    # (name, line, quote, section, is_main)
    mentions: list[tuple[str, int, str, tuple[str, ...], bool]] = []
    constructed: list[tuple[str, str, int, str]] = []
    for block in doc.blocks:
        if block.kind == "heading":
            fam = _heading_family(block.text)
            if fam:
                named.add(fam)
        if block.kind in ("paragraph", "list_item", "heading"):
            first_of_block = True
            for s in sentences_of(doc, block, lines, extra):
                if not s.spans and "大模型" not in s.text:
                    first_of_block = False  # no model (see _models): no mention, no version
                    continue
                for sp in s.spans:
                    if sp.cls in ("Series", "Model") and _FAMILY_WORD.starts(s.text, sp.end):
                        fam = series.get(sp.text) or _brand_family(sp.text)
                        if sp.cls == "Model" and sp.text not in series:
                            model_fams.add(sp.text)  # "DeepSeek-R1 series models": a model that heads a family
                        elif fam:
                            named.add(fam)
                ms = _models(s)
                if ms and _LINK_LINE.match(s.raw):
                    ms = []  # image captions and link lines introduce nothing
                main_ids: set[int] = set()
                if block.kind == "heading":
                    main_ids = {id(m) for m in ms}
                elif ms:
                    head = ms[0] if ms[0].start <= 2 else None
                    if head is None:
                        head = next((m for m in ms if _RELEASED_BEFORE.ends(s.text[max(0, m.start - 8):m.start])), None)
                    if head is not None and (first_of_block or block.kind == "paragraph"):
                        main_ids = {id(m) for m in _coordinated(s, ms, ms.index(head))}
                for m in ms:
                    if _brand_family(m.text) and _VERSION_WORD.match(s.text, m.end):
                        fam = _brand_family(m.text)  # "文心 3.5 版本": a numbered version of the family
                        constructed.append((m.text, fam, s.line, s.quote(m.start, m.end)))  # type: ignore[arg-type]
                for m in ms:
                    mentions.append((m.text, s.line, s.quote(m.start, m.end), block.section, id(m) in main_ids))
                    sh = _SHORTHAND.match(s.text, m.end)
                    st = _STEM_OF.match(m.text) if sh else None
                    if sh and st:  # "LLaMA-3.1/3.2", "GPT-1/2": the second version is a model too
                        mentions.append((f"{st.group(1)}{st.group(2)}{sh.group(1)}", s.line, s.quote(m.start, sh.end()),
                                         block.section, False))
                for f, base, ver, _up, _a, b in _versions_named(s):
                    fam = series.get(f.text) or series.get(base)
                    if fam:
                        constructed.append((f"{base} {ver}", fam, s.line, s.quote(f.start, b)))
                first_of_block = False
        elif block.kind == "table" and block.header:
            fields = header_fields(block.header)
            col = fields.index("model") if "model" in fields else 0
            for r in block.rows:
                if col >= len(r.cells):
                    continue
                cell = clean_line(r.cells[col])[0]
                raw = lines[r.line - 1] if 1 <= r.line <= len(lines) else ""
                for sp in cell_names(cell):
                    if sp.cls != "Model":
                        continue
                    i = raw.find(sp.text)
                    q = quote_window(raw, max(i, 0), max(i, 0) + len(sp.text))
                    mentions.append((sp.text, r.line, q, block.section, True))
                    sh = _SHORTHAND.match(cell, sp.end)
                    st = _STEM_OF.match(sp.text)
                    if sh and st:
                        mentions.append((f"{st.group(1)}{st.group(2)}{sh.group(1)}", r.line, q, block.section, True))

    out: list[Claim] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, fam: str, line: int, quote: str) -> None:
        k = (_key(name), fam)
        if k in seen or not quote or _key(name) == _key(fam):
            return
        seen.add(k)
        out.append(make_claim(doc, "series", line, quote, Mention(name, "Model"), "series", Mention(fam, "Series")))

    for name, line, quote, section, main in mentions:
        head = _model_family(name, model_fams)
        if head is not None:
            add(name, head, line, quote)  # "DeepSeek-R1-Zero" in a text on "DeepSeek-R1 series models"
            continue
        fam = _brand_family(name) or (_doc_family(name, own) if own else None)
        if fam is not None:
            if fam in named:
                add(name, fam, line, quote)
            continue
        if not main or _has_family_prefix(name) or name in series:
            continue
        for h in reversed(section):
            hf = _heading_family(h)
            if hf:
                add(name, hf, line, quote)
                break
    for name, fam, line, quote in constructed:
        add(name, fam, line, quote)
        out.append(make_claim(doc, "series", line, quote, Mention(name, "Model"), "type", Value("Model", "class")))
    return out
