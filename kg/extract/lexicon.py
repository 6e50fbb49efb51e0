"""Pass 1 of extraction: the names a document introduces itself, each with the cue that typed it.

Models are an open class: new names appear every week, and a document about one seldom
writes it in a shape a dictionary knows.  So before any fact is read, the document is
scanned for the places where the text itself says "this is a model" (or an organization,
or a family of models):

* the YAML front matter of a model card (``model_name``, ``base_model``) and hub ids
  (``org/Name-7B``) in the text and in links to the model hub;
* the name column and the base-model column of a table of models;
* the titles of entries in a list of models (``- [Name](url) - A chat model ...``,
  ``* Name：`` with nested ``简介：基于 X ...``), and a heading that is one name in a
  section about models;
* a name beside a cue word (``kg/data/cues/names.tsv``): a model noun after it ("Foo-2
  模型", "the Foo model"), a release verb before or after it ("发布了 Foo-2", "Foo-2 was
  released"), an apposition ("Foo 是一个…模型", "Foo is a … language model"), a family
  word ("Foo 系列");
* a name in a slot of a relation cue ("{X} 基于 {Y} 微调", ``kg/data/cues/lineage.tsv``):
  a cue that relates two models says both are models.

Negative evidence wins over weak cues: a name in ``kg/data/not_models.tsv`` (benchmarks,
datasets, frameworks, formats, hardware) or followed by a word like "dataset", "数据集",
"benchmark", "library" is not a model.  The result is per document, so the extraction
cache and incremental builds stay exact: the second pass (every extractor) finds these
names wherever they stand, beside the vocabularies of ``kg/data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.common import header_fields, wrapped_units
from kg.extract.discourse import DATE_PREFIX
from kg.extract.names import DATA_DIR, clean_line, find_names, vocabulary
from kg.extract.normalize import find_dates
from kg.extract.words import words
from kg.model import Block, Document

__all__ = ["Lexicon", "document_lexicon", "name_candidates", "cue_words", "not_model", "NameCue"]

#: longest text of a block scanned for names (bounded work on huge paragraphs)
MAX_TEXT = 20000
#: at most this many names a document introduces by context (a bound for hostile input)
MAX_NAMES = 5000


# -- data ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def cue_words() -> dict[str, tuple[str, ...]]:
    """kind -> cue words from ``kg/data/cues/names.tsv``, longest first."""
    out: dict[str, list[str]] = {}
    for line in (DATA_DIR / "cues" / "names.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        out.setdefault(cells[0], []).extend(w.lower() for w in cells[1:])
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


_FOLD = re.compile(r"[\s\-_·.]+")


def _fold(name: str) -> str:
    return _FOLD.sub("", name.lower())


@lru_cache(maxsize=1)
def _not_models() -> frozenset[str]:
    keys: set[str] = set()
    for line in (DATA_DIR / "not_models.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("suffix\t"):
            continue
        keys |= {_fold(c) for c in line.split("\t")[1:] if c.strip()}
    return frozenset(keys)


@lru_cache(maxsize=1)
def _tools() -> frozenset[str]:
    """The frameworks of not_models.tsv: a version after one ("vLLM 0.11") still names the tool
    (a data set's name with a version, "OpenHermes 2", is often a model trained on it)."""
    keys: set[str] = set()
    for line in (DATA_DIR / "not_models.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("framework\t"):
            keys |= {_fold(c) for c in line.split("\t")[1:] if c.strip()}
    return frozenset(keys)


@lru_cache(maxsize=1)
def _not_model_suffixes() -> tuple[str, ...]:
    for line in (DATA_DIR / "not_models.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("suffix\t"):
            return tuple(c.strip().lower() for c in line.split("\t")[1:] if c.strip())
    return ()


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    words: set[str] = set()
    for line in (DATA_DIR / "cues" / "not_names.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words |= {w.lower() for w in line.split()}
    return frozenset(words)


def not_model(name: str) -> bool:
    """True for a name listed in ``not_models.tsv`` (benchmarks, datasets, tools ...).

    >>> not_model("C-Eval"), not_model("llama.cpp"), not_model("Qwen-7B"), not_model("MarlowBench"), not_model("vLLM 0.11")
    (True, True, False, True, True)
    """
    low = name.lower()
    if _fold(name) in _not_models() or low.endswith(_not_model_suffixes()) and len(name) > 4:
        return True
    m = _VERSION_SEP.match(name)  # "vLLM 0.11", "PyTorch 2.1": a listed tool with its version
    return m is not None and _fold(m.group(1)) in _tools()


def not_model_word() -> re.Pattern[str]:
    """The pattern of words that, right after a name, make it no model ("数据集", "dataset",
    "架构", "architecture"): kg/data/cues/names.tsv ``not_model_after``."""
    return _cue_patterns()["not_model_after"]


def _word_alt(words: Iterable[str]) -> str:
    parts = []
    for w in words:
        e = re.escape(w).replace(r"\ ", r"\s+")
        parts.append(e + (r"(?![A-Za-z0-9])" if w[-1:].isascii() and w[-1:].isalnum() else ""))
    return "|".join(parts) or "(?!)"


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    """Compiled cue patterns: each kind of ``names.tsv`` as an anchored alternation."""
    w = cue_words()
    after = r"^\s?(?:the\s+|a\s+|an\s+)?"
    return {
        "model_after": re.compile(after + r"(?:" + _word_alt(w["model_after"]) + r")", re.I),
        "series_after": re.compile(r"^\s?(?:" + _word_alt(w["series_after"]) + r")", re.I),
        "org_after": re.compile(r"^\s?(?:" + _word_alt(w["org_after"]) + r")", re.I),
        "not_model_after": re.compile(r"^\s?(?:" + _word_alt(w["not_model_after"]) + r")", re.I),
        # ("Foo, a dataset used to train the model": the gap before the model noun says what Foo is)
        "not_model_in": re.compile(r"(?<![A-Za-z])(?:" + _word_alt([x for x in w["not_model_after"] if x.isascii()])
                                   + r")(?![A-Za-z])", re.I),
        # "发布了 Foo", "released the new Foo", "推出了全新的 Foo"
        "model_before": re.compile(r"(?:" + _word_alt(w["model_before"]) + r")\s?(?:了\s?)?"
                                   r"(?:(?:(?:全新的?|新一代的?|新的|最新的?|其|首个|首款|中文版|英文版|多模态版?|开源|一个|一款|"
                                   r"(?:大|语言|对话|基础|指令)?模型|the|a|an|new|its|their|latest|model)\s?){0,3}"
                                   # "正式发布新一代通用大语言模型系列“云岚-2”": a quoted name after the noun
                                   r"|[^，。；,;.!?“”]{0,16}(?:系列|模型)\s?[“\"「『])$",
                                   re.I),
        "release_after": re.compile(
            r"^\s?(?:(?:[(（][^)）]{0,30}[)）]\s?)?(?:已经?|已|正式|于|在)?[^，。；,;.]{0,24}?(?:" + _word_alt(w["release_after"]) + r"))",
            re.I),
        # ("Sky-T1-7B, a SOTA open-recipe 7B model": an apposition after a comma names one too)
        "model_pred": re.compile(
            r"^\s?(?:[(（][^)）]{0,30}[)）]\s?)?(?:" + _word_alt(w["model_pred"]) + r"|,\s(?=(?:a|an|our|the)\s))"
            r"[^。；;，,.]{0,40}?(?:" + _word_alt(w["model_after"]) + r")", re.I),
    }


# -- name candidates ----------------------------------------------------------------------
_C = r"A-Za-z0-9+αβγδεΣΩ"
_CORE = re.compile(rf"(?<![{_C}_.\-/@#])[A-Za-z][{_C}]*(?:[.\-_][{_C}]+){{0,8}}")
_SPACE_PART = re.compile(r" (?:[Vv]?\d{1,3}(?:\.\d{1,2}){0,2}(?![\d.]*\s?[%BbMmKkTt年月日号])|[αβγΣ]|[A-Z][a-z]{1,10})(?![A-Za-z0-9])")
_DIGIT = re.compile(r"\d")


def _is_version(tok: str) -> bool:
    """"3", "3.5", "v2": a version number as a name writes it after a space."""
    core = tok[1:] if tok[:1] in ("v", "V") else tok
    major, _, minor = core.partition(".")
    return major.isdigit() and len(major) <= 2 and (not minor or minor.isdigit() and len(minor) <= 2)


def _word_version_word(name: str) -> bool:
    """"Nemotron 3.5 Lightning", "Kestrel 2 Pro": a capitalised word, a version, an edition word."""
    parts = name.split(" ")
    return len(parts) == 3 and len(parts[0]) >= 3 and parts[0].isascii() and parts[0].isalpha() \
        and parts[0][0].isupper() and _is_version(parts[1]) and 2 <= len(parts[2]) <= 12 \
        and parts[2].isascii() and parts[2].isalpha() and parts[2][0].isupper()


_ADJ_SUFFIX = re.compile(r"-(?:based|like|style|powered|compatible|specific|centric|driven|oriented|aware|friendly|only|free)$", re.I)
_INNER_CAP = re.compile(r".[A-Z]")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class NameCue:
    """A name-shaped piece of a text: ``text[start:end]``."""

    start: int
    end: int
    text: str


def name_candidates(text: str) -> list[NameCue]:
    """See :func:`_name_candidates` (memoised for short texts: every pass-1 rule asks)."""
    if len(text) > 2000:
        return _name_candidates(text)
    return list(_name_candidates_cached(text))


def _name_candidates(text: str) -> list[NameCue]:
    """Latin name-shaped pieces of ``text``: a word with capitals or digits, with version
    and variant parts ("Marlow 2.5 Pro", "Tansy-7B-Instruct", "h2oGPT"); never a plain
    lower-case word ("model") nor a listed function word ("The", "This").

    >>> [c.text for c in name_candidates("发布了 Corvana-2 和 Marlow 2.5 Pro，The model 比 GPT 更快")]
    ['Corvana-2', 'Marlow 2.5 Pro', 'GPT']
    """
    out: list[NameCue] = []
    suffixes = vocabulary().suffix_words
    stop = _not_names()
    pos = 0
    while True:
        m = _CORE.search(text, pos)
        if m is None:
            break
        pos = m.end()
        core = m.group(0)
        end = m.end()
        adj = _ADJ_SUFFIX.search(core)
        if adj is not None:
            # "Heron-5B-based", "Heron-5B-powered": the name of the base stands before the
            # adjective; "ChatGPT-like" compares, it names nothing
            if adj.group(0).lower() not in ("-based", "-powered"):
                continue
            core, end = core[:adj.start()], m.start() + adj.start()
            if not _DIGIT.search(core):
                continue  # "LLaMA-based": the vocabulary's names read themselves
        if core.lower() in stop:
            continue
        if not (_DIGIT.search(core) or core[0].isupper() or _INNER_CAP.search(core)):
            continue
        for _ in range(3):
            p = _SPACE_PART.match(text, end)
            if not p:
                break
            word = p.group(0)[1:]
            if word[0].isupper() and word[0].isalpha() and word.lower() not in suffixes:
                # "Nemotron 3.5 Lightning is …": one capitalised edition word right after a spaced
                # version is the name's, when no capitalised word follows it ("Llama 3 Meta AI" is two)
                last = text[m.start():end].rpartition(" ")
                if last[1] and _is_version(last[2]) and word.lower() not in stop \
                        and not (text[p.end():p.end() + 1] == " " and text[p.end() + 1:p.end() + 2].isupper()):
                    end = p.end()
                break
            end = p.end()
        pos = max(end, m.end())
        out.append(NameCue(m.start(), end, text[m.start():end]))
    if _CJK_NAME.search(text):
        out.extend(_cjk_candidates(text))
        out.sort(key=lambda c: c.start)
    return out


#: a Chinese name with a version or size: "衡财-7B-GPTQ", "明法-2-13B", "济川-H3", "云梭 2.5", "活字3.5", "灵枢 2-Pro"
_CJK_VERSIONED = re.compile(r"([\u4e00-\u9fff]{2,12})(-[A-Za-z0-9][A-Za-z0-9.]*(?:-[A-Za-z0-9][A-Za-z0-9.]*){0,4}"
                            r"(?:-[\u4e00-\u9fff]{1,4}版(?![\u4e00-\u9fff]))?"  # "星河-2-金融版"
                            r"|\d{1,2}(?:\.\d{1,2})?(?:-[A-Za-z0-9][A-Za-z0-9.]*){1,4}"  # "霁川2-7B-GGUF", "霁川3-MoE"
                            r"| ?[Vv]?\d{1,2}\.\d{1,2}(?![\d.]*[%年月日BbMmKkTt倍个次亿万分元秒])"
                            r"| [Vv]?\d{1,2}(?:\.\d{1,2})?(?:-[A-Za-z0-9][A-Za-z0-9.]{0,11}){1,3}"  # "灵枢 2-Pro", "问津 2.0-14B"
                            r")(?![A-Za-z0-9\-])")
#: where the name begins in a run of Chinese: after the last verb or function word
_CJK_STEM_CUT = re.compile(r".*(?:发布|推出|开源|上线|训练|微调|基于|采用|使用|包括|以及|介绍|模型|版本|去年|今年|明年|上一代|前代|"
                           r"升级|拥有|达到|[的是由被对让使为在了把将从等向跟同和与及或即如比个以到])")


#: two Chinese words joined by a hyphen or a middle dot: "智海-录问", "夫子•明察", "书生·浦语"
_CJK_JOINED = re.compile(r"([\u4e00-\u9fff]{2,12})([-•·・])([\u4e00-\u9fff]{2})")


def _cjk_candidates(text: str) -> list[NameCue]:
    """Chinese-stem names with a version or size tail ("澄言智能开源澄言-R1-Distill-3B" ->
    "澄言-R1-Distill-3B"): the stem is the last two to four characters of the Chinese run
    after any verb or function word.  Two Chinese words joined by a hyphen or a middle dot
    ("智海-录问是由…", "夫子•明察司法大模型") are a name too: prose never joins words so, and
    the part after the joiner is taken as two characters (the commonest shape), the part
    before it as the stem after the last verb or function word."""
    out: list[NameCue] = []
    for m in _CJK_JOINED.finditer(text):
        stem = _strip_lead(_CJK_STEM_CUT.sub("", m.group(1)))
        if 2 <= len(stem) <= 4:
            start = m.start(1) + len(m.group(1)) - len(stem)
            out.append(NameCue(start, m.end(), text[start:m.end()]))
    for m in _CJK_VERSIONED.finditer(text):
        run = m.group(1)
        stem = _strip_lead(_CJK_STEM_CUT.sub("", run))
        tail = m.group(2)
        if not 2 <= len(stem) <= 4 or not (_DIGIT.search(tail) or tail[:1] == "-" and tail[1:2].isupper() and len(tail) >= 3):
            continue  # ("听澜-Omni", "观星-VL": a Chinese stem and a capitalised Latin part are a name too)
        start = m.start(1) + len(run) - len(stem)
        out.append(NameCue(start, m.end(), text[start:m.end()]))
    return out


def _strip_lead(stem: str) -> str:
    """The stem without a leading adverb or determiner ("其中星河" -> "星河", "旗舰星河" -> "星河"):
    words of ``cjk_name_lead`` that open a clause and never a name."""
    lead = words("cjk_name_lead")
    while (h := lead.search(stem)) is not None and h.start() == 0 and len(stem) - h.end() >= 2:
        stem = stem[h.end():]
    return stem


_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]{2}")
_BARE_VERSION = re.compile(r"[A-Za-z]\d{1,2}(?:\.\d{1,2})?")
_ACRONYM = re.compile(r"[A-Z]{3,6}")


@lru_cache(maxsize=16384)
def shape(name: str) -> str:
    """How much a name's shape alone says it is a name: ``strong`` (a digit, CamelCase:
    "Corvid-3", "WizardLM", "h2oGPT"), ``acronym`` ("BLOOM"), ``word`` ("Falcon") or ``weak``.

    >>> shape("Corvid-3"), shape("WizardLM"), shape("MPT"), shape("Falcon"), shape("V2"), shape("RL")
    ('strong', 'strong', 'acronym', 'word', 'weak', 'weak')
    """
    core = name.split(" ")[0]
    if _CJK_NAME.match(core) and (_DIGIT.search(name) or _CJK_JOINED.fullmatch(core)
                                  or "-" in core and core.rpartition("-")[2][:1].isupper() and len(core.rpartition("-")[2]) >= 3):
        return "strong"  # "衡财-7B", "云梭 2.5": a Chinese stem with a version; "智海-录问"; "星垣-Max"
    if _BARE_VERSION.fullmatch(core) or len(core) < 2:
        return "weak"
    if _DIGIT.search(core) or _CAMEL.search(core) or _word_version_word(name):
        return "strong"
    if _ACRONYM.fullmatch(core.replace("-", "")):
        return "acronym"
    if core[:1].isupper() and len(core) >= 3:
        return "word"
    return "weak"


_name_candidates_cached = lru_cache(maxsize=8192)(lambda text: tuple(_name_candidates(text)))
_CONSTANT = re.compile(r"[A-Z0-9]+(?:_[A-Z0-9]+){2,}")


@lru_cache(maxsize=16384)
def _plausible(name: str) -> bool:
    """A name worth typing: not a bare number, a listed non-model, a URL piece or a long phrase."""
    if len(name) < 2 or len(name) > 60 or not_model(name):
        return False
    if name.lower() in _not_names() or _CONSTANT.fullmatch(name):
        return False  # "GGML_TYPE_Q4_K": a constant of some code, not a name
    return not name.lower().startswith(("http", "www."))


# -- the lexicon ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Lexicon:
    """The names a document introduces, to be found wherever they stand in it.

    ``names`` are (surface, class) pairs, ``why`` says which cue typed each (for tests and
    for people asking why a name is a model), ``aliases`` pairs a spelling with the name it
    stands for in this document (a hub id and its model name).
    """

    names: frozenset[tuple[str, str]]
    why: tuple[tuple[str, str, str], ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    def of(self, cls: str) -> frozenset[str]:
        return frozenset(n for n, c in self.names if c == cls)


EMPTY = Lexicon(frozenset())


class _Votes:
    """Cues for and against each name of a document, decided at the end."""

    #: cues that say "model" firmly: one is enough, whatever a weak negative says
    STRONG = frozenset({"front_matter", "hub_id", "table", "list_title", "relation", "release", "apposition",
                        "cjk_context"})

    def __init__(self) -> None:
        self.pos: dict[str, dict[str, str]] = {}  # fold -> {surface: cue}
        self.firm: set[str] = set()  # folds typed by a strong cue
        self.neg: dict[str, int] = {}
        self.series: dict[str, str] = {}
        self.orgs: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.glosses: dict[str, str] = {}  # Chinese name -> Latin name, kept when the Latin one is a model

    def model(self, surface: str, cue: str) -> None:
        surface = surface.strip()
        if not _plausible(surface) or len(self.pos) >= MAX_NAMES:
            return
        self.pos.setdefault(_fold(surface), {}).setdefault(surface, cue)
        if cue in self.STRONG:
            self.firm.add(_fold(surface))

    def against(self, surface: str) -> None:
        k = _fold(surface)
        self.neg[k] = self.neg.get(k, 0) + 1

    def extend_typed(self, candidates: Iterable[str]) -> None:
        """"ChatLaw-Text2Vec" when ChatLaw is a model of the document: a typed name with a
        hyphenated part after it names a variant of that model."""
        typed = {k for k, v in self.pos.items() if set(v.values()) & self.STRONG}
        for c in candidates:
            head, sep, tail = c.partition("-")
            if not sep or _fold(head) not in typed or _fold(c) in self.pos or _ADJ_SUFFIX.search(c):
                continue
            if tail.split("-")[0].lower() in _not_names() or any(sp.cls == "Model" for sp in find_names(tail)) \
                    or any(sp.cls == "Organization" for sp in find_names(head)):
                continue  # "BERT-and-GPT", "OpenAI-o1-mini": two names, not a variant of the first
            self.model(c, "variant_name")

    def lexicon(self) -> Lexicon:
        vocab = vocabulary()
        names: set[tuple[str, str]] = set()
        why: list[tuple[str, str, str]] = []
        for k, surfaces in self.pos.items():
            cues = set(surfaces.values())
            if self.neg.get(k) and not cues & self.STRONG:
                continue
            if self.neg.get(k, 0) > len(surfaces) and not cues & {"front_matter", "hub_id", "table"}:
                continue
            for s, cue in surfaces.items():
                if _known(s, vocab):
                    continue  # the vocabulary reads it already (and knows its class)
                for v in _variants(s):
                    names.add((v, "Model"))
                why.append((s, "Model", cue))
        models = {_fold(n) for n, c in names if c == "Model"}
        for cjk, latin in self.glosses.items():
            if _fold(latin) in models or any(sp.cls == "Model" for sp in find_names(latin)):
                self.aliases.setdefault(cjk, latin)
        for alias in self.aliases:
            if not _known(alias, vocab) or alias.count("/") == 1:
                names.add((alias, "Model"))
        from kg.extract.common import extends_name

        for s, cue in self.series.items():
            if cue == "series_word" and s.isascii() and any(o != s and extends_name(s, o) for o in self.series):
                continue  # "Sable is a family …", "the Sable-2 family": the generation stays in the family Sable
            if not _known(s, vocab):
                names.add((s, "Series"))
                why.append((s, "Series", cue))
        aliases = dict(self.aliases)
        for s, cue in self.orgs.items():
            if not _known(s, vocab):
                names.add((s, "Organization"))
                why.append((s, "Organization", cue))
                short = _org_short_name(s, models)
                if short and (short, "Model") not in names:
                    # "Kestrel Research … the Kestrel API … which Kestrel released": the short form
                    names.add((short, "Organization"))
                    aliases.setdefault(short, s)
        return Lexicon(frozenset(names), tuple(sorted(why)), tuple(sorted(aliases.items())))


def _org_short_name(org: str, models: set[str]) -> str | None:
    """"Kestrel Research" -> "Kestrel": the first word of a two-word organization whose second
    word only says what kind of organization it is, unless the word is (the stem of) a model's
    name or the vocabulary's."""
    parts = org.split(" ")
    kind = words("org_kind_word").starts(parts[1]) if len(parts) == 2 else None
    if kind is None or kind.end() != len(parts[1]):
        return None
    head = parts[0]
    if len(head) < 4 or not head.isalpha() or not head[0].isupper() or head.lower() in _not_names():
        return None
    if find_names(head) or any(m.startswith(_fold(head)) for m in models):
        return None
    return head


def _known(surface: str, vocab) -> bool:  # type: ignore[no-untyped-def]
    """The vocabulary alone reads ``surface`` whole (as a listed name or by shape)."""
    spans = find_names(surface)
    return len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(surface)


_VERSION_SEP = re.compile(r"^(.*?[A-Za-z\u4e00-\u9fff])([\s\-]?)((?:[Vv]\d|\d)[\d.]*)$")


def _variants(name: str) -> Iterator[str]:
    """The spellings of a name a document may use for it too: "Corvana-2", "Corvana 2", "Corvana2"."""
    yield name
    m = _VERSION_SEP.match(name)
    if m and len(m.group(1)) >= 3:
        stem, ver = m.group(1), m.group(3)
        for sep in ("", " ", "-"):
            if sep != m.group(2):
                yield f"{stem}{sep}{ver}"


# -- scanning a document ---------------------------------------------------------------------
_SENT_SPLIT = re.compile(r"[。！？!?；;]|(?<!\bInc)(?<!\bLtd)(?<!\bCorp)(?<!\bCo)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)\.(?=\s|$)")  # not "Inc." / "e.g."
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def _sentences(doc: Document, b: Block, lines: list[str]) -> Iterator[str]:
    """The sentences of a prose block, as pass 1 reads them.

    A block within the budget is read whole, exactly as the extractors' sentences
    (:func:`kg.extract.sentence.block_pieces`, which then serves both passes; blank pieces
    aside, which teach nothing); a longer one only up to :data:`MAX_TEXT` characters."""
    from kg.extract.sentence import MAX_LINE, block_pieces

    end = min(b.end_line, len(lines))
    if sum(len(lines[ln - 1]) for ln in range(b.line, end + 1)) <= min(MAX_TEXT, MAX_LINE):
        return (p[0] for p in block_pieces(doc, b, lines))
    return (piece for text in _block_texts(b, lines) for piece in _SENT_SPLIT.split(text))


def _block_texts(b: Block, lines: list[str]) -> Iterator[str]:
    """The cleaned text of a prose block's lines, hard-wrapped lines joined, up to MAX_TEXT."""
    budget = MAX_TEXT
    texts: list[str] = []
    for ln in range(b.line, min(b.end_line, len(lines)) + 1):
        raw = lines[ln - 1][:budget]
        budget -= len(raw)
        text = clean_line(raw)[0]
        if b.kind == "list_item" and ln == b.line:
            m = _BULLET.match(text)
            if m:
                text = text[m.end():]
        texts.append(text)
        if budget <= 0:
            break
    # hard-wrapped prose: a sentence runs on into the next line (kg/extract/common.py)
    for unit in wrapped_units(texts) if b.kind != "heading" else [[i] for i in range(len(texts))]:
        yield " ".join(texts[i] for i in unit)


def _note_cells(b: Block) -> Iterator[str]:
    """The notes cells (说明 / Description) and unlabelled cells of a table, as prose lines
    ("| 说明 |": "赤松基于Nimbra-2" names a model as a paragraph would)."""
    from kg.extract.common import header_fields

    fields = header_fields(b.header)
    if "notes" not in fields and None not in fields:
        return
    for r in b.rows:
        for i, cell in enumerate(r.cells):
            if len(cell) >= 6 and (fields[i] if i < len(fields) else None) in ("notes", None):
                yield clean_line(cell[:MAX_TEXT])[0]


#: "Zephyr is a series of language models", "Foo 是一个模型系列"
_SERIES_PRED = re.compile(r"^\s(?:is|are)\s(?:a|an|the)\s(?:new\s|growing\s|open\s)?(?:series|family|suite|collection|line)\s+of\b"
                          r"|^\s?(?:是|为)[^，。；,;]{0,16}(?:模型)?(?:系列|家族)", re.I)
_BY_BEFORE = words("by_before")
_OBJECT_LEAD = re.compile(r"^\s?(?:了|的)?\s?(?:(?:全新的?|新一代的?|新的|最新的?|首个|首款|the|a|an|new|its|their|two|three)\s?){0,2}$", re.I)


def _object_follows(rest: str) -> bool:
    """A name right after the release verb: the name before the verb released it."""
    c = next(iter(name_candidates(rest)), None)
    return c is not None and bool(_OBJECT_LEAD.match(rest[:c.start])) and c.text.lower() not in ("in", "on")
_LEAD = re.compile(r"^[\s*_`\"“「『(（\[]*$")


def _context_cues(text: str, votes: _Votes) -> None:
    """Cue words around each name-shaped piece of one sentence (see :func:`_cue_votes`)."""
    for kind, name, cue in (_cue_votes(text) if len(text) > 2000 else _cue_votes_cached(text)):
        if kind == "series":
            votes.series.setdefault(name, cue)
        elif kind == "against":
            votes.against(name)
        elif kind == "org":
            votes.against(name)
            votes.orgs.setdefault(name, cue)
        else:
            votes.model(name, cue)


def _cue_votes(text: str) -> tuple[tuple[str, str, str], ...]:
    """Cue words around each name-shaped piece of one sentence.

    What a cue may type depends on the name's :func:`shape`: a release verb or an
    apposition types a "strong" name, an acronym or a capitalised word (the latter only
    opening the sentence: "Baize is an open-source chat model"); a model noun after the
    name ("the Foo model") types only a strong name or an acronym ("Large Language Model"
    must not make "Large" a model)."""
    pats = _cue_patterns()
    out: list[tuple[str, str, str]] = []
    known = {(k.start, k.end) for k in find_names(text)}
    for c in name_candidates(text):
        if (c.start, c.end) in known:
            continue  # the vocabulary reads it already (pass 1 keeps only new names)
        after = text[c.end:c.end + 60]
        before = text[max(0, c.start - 24):c.start]
        sh = shape(c.text)
        if sh == "weak":
            continue
        if pats["series_after"].match(after) or _SERIES_PRED.match(after):
            if sh != "strong" or not _DIGIT.search(c.text):
                if _plausible(c.text):
                    out.append(("series", c.text, "series_word"))
            continue
        if pats["not_model_after"].match(after):
            out.append(("against", c.text, ""))
            continue
        if pats["org_after"].match(after):
            continue
        opening = bool(_LEAD.match(text[:c.start]))
        if _DIGIT.search(c.text) and _paren_date_after(after):
            out.append(("model", c.text, "dated"))  # "Sparrowhawk 2 (June 2023)": a versioned name with its date
            continue
        if _ORG_BEFORE.ends(before):
            # "开源社区 OpenZH 发布的…", "the startup Quillmoor": who, not what (a capitalised word: the organization)
            out.append(("org", c.text, "org_before") if " " not in c.text.strip() and not _DIGIT.search(c.text)
                       and not not_model(c.text)
                       else ("against", c.text, ""))
            continue
        if pats["model_before"].search(before):
            out.append(("model", c.text, "release"))
        elif before.endswith((" model ", " LLM ", " chatbot ", " base model ")) and sh in ("word", "strong") \
                and c.text[:1].isupper() and not _LEAD.match(text[:c.start]) and c.text.lower() not in _not_names() \
                and (after[:1] in ("", ",", ".", ";", ")", "(") or after.startswith((" which", " that", " is ", " was ", " (",
                                                                                   " has ", " and "))):
            out.append(("model", c.text, "model_noun"))  # "the company's earlier model Petrel": a name after the noun
        elif (ra := pats["release_after"].match(after)) and (sh != "word" or opening):
            if _BY_BEFORE.ends(before) or _object_follows(after[ra.end():ra.end() + 24]):
                continue  # "由 IDEA 开源", "MosaicML 推出 MPT": who released, not what
            out.append(("model", c.text, "release"))
        elif (ap := pats["model_pred"].match(after)) and (sh != "word" or opening) \
                and not pats["not_model_in"].search(after[:ap.end()]):
            # "Tamarack 是 … 发布的代码模型家族": a family, not a model
            fam = pats["series_after"].match(after[ap.end():])
            out.append(("series" if fam else "model", c.text, "series_word" if fam else "apposition"))
        elif pats["model_after"].match(after) and (sh in ("strong", "acronym") or sh == "word" and _maker_before(before)):
            out.append(("model", c.text, "model_noun"))  # (a word: "DeepMind's Flamingo model", "Meta 的 Galvan 模型")
        elif sh == "strong" and after.lstrip(" *")[:1] in ("", ",", ".", ";", "(", "，", "。", "；", "（") \
                and (before.rstrip()[-1:] in (",", ":") and words("apposition_noun").ends(before.rstrip(" ,:*"))
                                 or before.rstrip()[-1:] == "：" and _MODEL_NOUN_END.ends(before.rstrip(" ：*"))):
            out.append(("model", c.text, "apposition"))  # "an 8-billion parameter instruction model, Foo-8B-Instruct"
        elif sh == "strong" and _CJK_NAME.match(c.text) and _domain_model_noun(after, pats["model_after"]):
            out.append(("model", c.text, "model_noun"))
        elif sh == "strong" and _CJK_NAME.match(c.text) and words("model_noun_end").ends(before) \
                and any(ch.isascii() and ch.isalnum() for ch in c.text):
            out.append(("model", c.text, "model_noun"))  # "旗舰模型星垣-Max", "量化版本星垣-34B-Chat-AWQ": the noun, then the name
        elif _scope_before(before) and _SCOPE_AFTER.starts(after) and _plausible(c.text):
            # "All Marlow 2 checkpoints", "every Pipit model": a version (with a number) or a family
            out.append(("model" if _DIGIT.search(c.text) else "series", c.text, "family_scope"))
    return tuple(out)


def _maker_before(before: str) -> bool:
    """"DeepMind's ", "Meta 的 ": an organization the vocabulary knows, and its possessive, right before."""
    for tail in ("'s ", "’s ", " 的 ", "的 ", " 的", "的"):
        if before.endswith(tail):
            head = before[:-len(tail)]
            orgs = [sp for sp in find_names(head) if sp.cls == "Organization" and sp.end == len(head)]
            return bool(orgs)
    return False


def _paren_date_after(after: str) -> bool:
    """The text right after a name is a date alone in parentheses: " (June 2023)", "（2024 年 5 月）"."""
    a = after.lstrip()
    if a[:1] not in ("(", "（"):
        return False
    close = min((i for i in (a.find(")"), a.find("）")) if i > 0), default=-1)
    inner = a[1:close].strip() if close > 0 else ""
    ds = find_dates(inner) if inner else []
    return len(ds) == 1 and ds[0][0] == 0 and ds[0][1] >= len(inner) - 1


def _domain_model_noun(after: str, model_after: re.Pattern[str]) -> bool:
    """A Chinese name, a domain word of up to four characters, a model noun: "夫子•明察司法大模型"."""
    for k in range(1, 5):
        if not _CJK_NAME.match(after, k - 1):
            return False
        if model_after.match(after[k:]):
            return True
    return False


def _scope_before(before: str) -> bool:
    """"All Marlow 2 …", "all open Marlow 2.5 …": a scope word right before the name, or one
    lower-case word after it."""
    if _SCOPE_BEFORE.ends(before):
        return True
    head, _, last = before.rstrip().rpartition(" ")
    return bool(head) and last.isascii() and last.isalpha() and last.islower() and _SCOPE_BEFORE.ends(head + " ")


_ORG_BEFORE = words("org_before")
_SCOPE_BEFORE = words("family_scope_before")
_SCOPE_AFTER = words("family_scope_after")


_cue_votes_cached = lru_cache(maxsize=8192)(_cue_votes)


_TITLE = re.compile(r"^\s*(?P<name>[^\s：:–—|(（][^：:–—]{0,60}?)\s*(?:[：:]|\s[-–—]\s|\s?[-–—]{1,2}\s|$|,\s+(?=[a-z]))")
_TITLE_SPLIT = re.compile(r"\s*[|&/]\s*|\s*(?:、|，|,)\s*")
_MODEL_HEADING = words("model_heading")
_NOT_MODEL_HEADING = words("not_model_heading")
_DESC_MODEL = re.compile(
    r"模型|model|LLM|chatbot|基于|底座|基座|主干|微调|精调|蒸馏|量化|fine-?tun|\btuned\b|based on|built on|distill|quantiz|"
    r"\d(?:\.\d)?\s?[BM](?![A-Za-z])|参数|parameters?", re.I)
_DESC_NOT_MODEL = re.compile(
    r"^\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,4}?(?:dataset|benchmark|leaderboard|guide|tutorial|recipe|course|survey|paper|"
    r"library|framework|toolkit|platform|project|demo)\b|数据集|评测基准|教程|框架|工具|论文", re.I)


def _list_titles(doc: Document, lines: list[str], votes: _Votes) -> None:
    """Titles of entries in lists of models ("- [Name](url) - a chat model", "* Name：")."""
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind != "list_item" or not 1 <= b.line <= len(lines):
            continue
        first = clean_line(lines[b.line - 1][:2000])[0]
        m = _BULLET.match(first)
        body = first[m.end():] if m else first
        dp = DATE_PREFIX.match(body)
        if dp:
            body = body[dp.end():]  # "- 03/28: gpt4all, fine-tune LLaMa …": a news feed's entry
        t = _TITLE.match(body)
        if dp is not None and "," in body[:62] and (not t or "," in t.group("name")):
            cut = body.index(",")
            title = body[:cut].strip(" *`[]")
            t = None
        elif not t:
            continue
        else:
            title = t.group("name").strip(" *`[]")
        lead = find_dates(title[:16]) if title[:1].isdigit() else []
        if lead and lead[0][0] == 0 and title[lead[0][1]:lead[0][1] + 1] == " ":
            title, dp = title[lead[0][1]:].strip(), dp or DATE_PREFIX.match("0000-00:")  # "**2024-08 知微-R**：…"
        owner, slash, rest = title.partition("/")
        if slash and rest and " " not in owner and "/" not in rest and 2 <= len(owner) <= 30:
            title = rest  # "StabilityAI/StableVicuna": the model, after its owner
        else:
            owner = ""
        desc = body[t.end():] if t is not None else body[len(title):]
        # the entry's nested lines (deeper list items right after it) describe it too
        nested: list[str] = []
        for nb in blocks[i + 1:i + 12]:
            if nb.kind != "list_item" or nb.level <= b.level:
                break
            nested.append(nb.text[:300])
        entry = " ".join([desc, *nested])
        heading = " ".join(b.section[-2:])
        if _NOT_MODEL_HEADING.search(b.section[-1] if b.section else "") and not _MODEL_HEADING.search(
                b.section[-1] if b.section else ""):
            continue
        if _DESC_NOT_MODEL.search(desc):
            for name in _TITLE_SPLIT.split(title):
                votes.against(name)
            continue
        described = bool(_DESC_MODEL.search(entry)) or dp is not None  # a dated entry of a timeline: a release
        if not described and not _MODEL_HEADING.search(heading):
            continue
        for name in _TITLE_SPLIT.split(_TITLE_GLOSS.sub("", title)):
            name = name.strip(" *`[]")
            org = next(iter(find_names(name)), None)
            if org is not None and org.cls == "Organization" and org.start == 0 and name[org.end:org.end + 1] == " " \
                    and len(name) - org.end >= 3:
                name = name[org.end:].strip(" *`[]")  # "- **Google Imagen**: …": the maker, then the model
            if not (_title_shaped(name) or _cjk_entry_name(name, desc, nested)) \
                    or (words("model_noun_title_end").ends(name) or words("model_noun_title").search(name)) or _NOT_MODEL_TITLE.search(name):
                continue
            if header_fields([name], exact_only=True) != [None]:
                continue  # "- Parameters: 22.2B", "- License: MIT": a field of a card, not a name
            if not _DIGIT.search(name) and words("org_end").ends(name.split(" (")[0].split("（")[0]):
                continue  # "- 澄光智能 (Kimora-K2)：…", "- Vireo Labs": who made the entry's model, not the model
            head = desc[:40] if desc.strip() else entry[:120]
            model_desc = _DESC_MODEL.search(head) or any(sp.cls == "Model" for sp in find_names(head))
            if shape(name) == "word" and (not model_desc or (words("glossary").search(desc[:24]) or words("glossary_start").starts(desc[:24]))):
                continue  # "Batch：「批」指…", "Loss：…": a glossary in a text about models, not model names
            votes.model(name, "list_title")
            if owner:
                votes.orgs.setdefault(owner, "owner")  # ... and the owner who made it
            g = _TITLE_GLOSS.search(title)
            if g and len(_TITLE_SPLIT.split(_TITLE_GLOSS.sub("", title))) == 1:
                votes.aliases.setdefault(g.group(1), name)  # "BenTsao (本草)": the Chinese name of BenTsao


_TITLE_GLOSS = re.compile(r"\s?[(（]\s?([\u4e00-\u9fff·•]{2,8})\s?[)）]\s*$")
_NOT_MODEL_TITLE = words("not_model_title")


_LOWER_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+")
_CJK_LATIN = re.compile(r"[\u4e00-\u9fff]{1,4}-?[A-Za-z][A-Za-z0-9\-.]*")


def _not_gloss(cjk: str) -> bool:
    """Chinese that is no name: a heading word ("介绍", "模型"), a chapter ("第一篇"), an
    organization ("澄光智能 (Kimora-K2)": the maker, then its model)."""
    return bool(words("not_gloss").search(cjk) or words("not_gloss_end").ends(cjk) or words("org_end").ends(cjk))


def _cjk_versioned(name: str) -> bool:
    """A short Chinese name, then hyphenated Latin parts of which one has a digit: "岐黄-9B",
    "算盘-Fin-1.5B" (not a phrase that holds a name: "LLaMA-3支持8K长文本", "包括7B")."""
    base, _, ver = name.rpartition(" ")
    if base and ver.replace(".", "").isdigit() and len(ver) <= 4:
        name = base  # "知微-R 1.5": a spaced version after the name
    head, *parts = name.split("-")
    return 2 <= len(head) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in head) and bool(parts) \
        and all(p and p.isascii() and p.replace(".", "").isalnum() for p in parts) \
        and any(ch.isdigit() or len(p) <= 2 and p.isupper() for p in parts for ch in p)


def _cjk_entry_name(name: str, desc: str, nested: list[str]) -> bool:
    """A Chinese word as an entry's title is a model's name when the entry says so: its
    description is a model ("**明法**：法律咨询与文书生成模型") and its nested lines give the base or the
    maker ("底座：…", "基于 X 微调", "机构：…").  A title alone ("超强推理能力") says nothing."""
    if not 2 <= len(name) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in name) or _FUNCTION_CHARS.search(name) \
            or words("not_cjk_name").search(name) or words("not_release_subject").search(name):
        return False
    head = desc.strip(" ：:-—*")[:40].rstrip("。.，, ")
    said = " ".join(nested)
    if any(w in said for w in ("底座", "基座", "主干", "蒸馏")) or "基于" in said and ("微调" in said or "训练" in said):
        return True  # the nested lines say what it was built on
    return bool(_MODEL_NOUN_END.ends(head) or words("model_noun_title_end").ends(head) or head.endswith(("助手", "助理"))) \
        and "机构" in said


def _title_shaped(name: str) -> bool:
    """An entry title, heading or cell that is one name: a single name-shaped piece
    ("WizardLM", "Marlow 2.5 Pro"), a lower-case hyphenated name with a digit or two
    words ("alpaca-lora", "luotuo-lora-7b-0.1") or a Chinese prefix glued to a Latin
    name ("华佗GPT").  Chinese-only titles are phrases far more often than names
    ("超强推理能力", "多模态支持"): never from this shape alone.

    >>> [_title_shaped(x) for x in ("WizardLM", "alpaca-lora", "2023 年 2 月", "超强推理能力", "LLM 的能力")]
    [True, True, False, False, False]
    """
    name = name.strip()
    if not name or len(name) > 40 or name[0].isdigit() or words("sentence_words").search(f" {name} "):
        return False
    if _CJK_NAME.search(name):
        # "华佗GPT"; "岐黄-9B", "算盘-Fin-1.5B": a Chinese name with a version or size of its own
        return bool(_CJK_LATIN.fullmatch(name)) or _cjk_versioned(name)
    if _LOWER_NAME.fullmatch(name):
        return True
    cands = name_candidates(name)
    return len(cands) == 1 and cands[0].start == 0 and cands[0].end == len(name) and shape(name) != "weak"


_HUB = re.compile(r"(?<![\w/.\-@])(?:https?://)?(?:huggingface\.co/|hf\.co/|modelscope\.cn/models/)?"
                  r"([A-Za-z0-9][\w.\-]{1,38})/([A-Za-z0-9][\w.\-]{1,95})(?![\w/])")
_HUB_URL = re.compile(r"(?:huggingface\.co|hf\.co|modelscope\.cn/models)/([A-Za-z0-9][\w.\-]{1,38})/([A-Za-z0-9][\w.\-]{1,95})")
_NOT_HUB_OWNER = frozenset({"datasets", "spaces", "docs", "blog", "models", "papers", "api", "collections", "tasks",
                            "learn", "organizations", "settings", "join", "login"})


def hub_ids(text: str) -> Iterator[tuple[str, str, str]]:
    """(owner/name, owner, name) of model hub ids in a raw line: links to huggingface.co /
    modelscope, and bare ``org/Name-7B`` ids whose name looks like a model's.

    >>> [i for i, _, _ in hub_ids("see https://huggingface.co/mistralai/Mistral-7B-v0.1 and Qwen/Qwen-7B-Chat, 7B/13B")]
    ['mistralai/Mistral-7B-v0.1', 'Qwen/Qwen-7B-Chat']
    """
    seen: set[str] = set()
    for m in _HUB_URL.finditer(text):
        owner, name = m.group(1), m.group(2).rstrip(".")
        if owner.lower() in _NOT_HUB_OWNER:
            continue
        seen.add(f"{owner}/{name}")
        yield f"{owner}/{name}", owner, name
    if "/" not in text:
        return
    for m in _HUB.finditer(text):
        if "://" in m.group(0) or m.group(0).startswith(("huggingface", "hf.co", "modelscope")):
            continue  # links: read above (only links to a model hub count)
        owner, name = m.group(1), m.group(2).rstrip(".")
        full = f"{owner}/{name}"
        if full in seen or owner.lower() in _NOT_HUB_OWNER or "." in owner[-4:] and owner.count(".") >= 1 \
                and owner.rsplit(".", 1)[1].lower() in ("com", "org", "io", "ai", "cn", "net", "co", "md", "html"):
            continue
        if not re.search(r"[A-Za-z]", owner) or not re.search(r"[A-Za-z]{2}", name):
            continue
        if not _DIGIT.search(name) or name.lower().endswith((".md", ".py", ".json", ".txt", ".html", ".png",
                                                                          ".jpg", ".gif", ".svg", ".pdf", ".ipynb")):
            continue
        yield full, owner, name


def _hub_names(lines: list[str], votes: _Votes) -> None:
    """Hub ids a reader sees (in text, code, link text) name models; an id only inside a link's
    target is recorded as the spelling of a model the text names otherwise."""
    front = bool(lines) and lines[0].strip() == "---"
    key = ""  # the YAML key a front-matter list item belongs to
    for i, raw in enumerate(lines):
        if front and i:
            if raw.strip() == "---":
                front = False
            elif raw[:1].isalpha() and ":" in raw:
                key = raw.split(":", 1)[0].strip().lower()
        if "/" not in raw or front and key in ("datasets", "dataset"):
            continue  # a card's "datasets:" list names data, not models
        visible = clean_line(raw[:MAX_TEXT])[0]
        for full, _owner, name in hub_ids(raw[:MAX_TEXT]):
            if not_model(name) or "/datasets/" in raw and f"datasets/{full}" in raw:
                continue
            if full in visible or name in visible:
                votes.model(name, "hub_id")  # (the link text names what its hub page holds: "[Foo-7b](hf.co/org/Foo-7b)")
            elif name.upper().endswith(("-GPTQ", "-AWQ", "-GGUF", "-GGML", "-EXL2")) and "model" in visible.lower():
                votes.model(name, "hub_id")  # "[AWQ model(s) for GPU inference](hf.co/org/Foo-13B-AWQ)": a quantized model
            votes.aliases.setdefault(full, name)


def _table_names(doc: Document, votes: _Votes) -> None:
    """Names in the model column (and the base-model column) of the document's model tables."""
    from kg.extract.common import header_fields

    for b in doc.blocks:
        if b.kind != "table" or not b.header:
            continue
        fields = header_fields(b.header, exact_only=True)
        if "model" not in fields:
            from kg.extract.table import model_column, pipe_table

            # "|    | Release Year | Base Model |": a name column without a header word
            if model_column(b.header, pipe_table(b).rows, header_fields(b.header)) != 0:
                continue  # "预训练模型 | 大规模语言模型": a comparison table, not a table of models
            fields = ["model", *fields[1:]]
        cols = [i for i, f in enumerate(fields) if f in ("model", "base")]
        for r in b.rows:
            for col in cols:
                if col >= len(r.cells):
                    continue
                cell = clean_line(r.cells[col].strip())[0].strip(" *`")
                for part in _TITLE_SPLIT.split(cell):
                    part = part.strip(" *`")
                    cjk_only = bool(_CJK_NAME.search(part)) and not re.search(r"[A-Za-z]", part)
                    if part and (_title_shaped(part) or cjk_only and 2 <= len(part) <= 8):
                        votes.model(part, "table")


_SERIES_WORD = words("series_word")
_HEADING_NUM = re.compile(r"^[\s#]*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.])?\s*")


_HEADING_ASIDE = re.compile(r"[（(][^）)]{0,40}(?:更新|update|\d{4})[^）)]{0,40}[）)]", re.I)
_AND = re.compile(r"\s*(?:和|与|及|、|&|/|\band\b|,|，)\s*")
_GLOSS = (
    re.compile(r"(?P<latin>[A-Za-z][A-Za-z0-9.\-_]{1,30})(?P<cjk>[\u4e00-\u9fff]{2,6})"),  # Baize白泽
    re.compile(r"(?P<cjk>[\u4e00-\u9fff]{2,6})\s?[（(]\s?(?P<latin>[A-Za-z][A-Za-z0-9.\-_ ]{1,30}?)\s?[）)]"),  # 华驼(HuaTuo)
    re.compile(r"(?P<latin>[A-Za-z][A-Za-z0-9.\-_]{1,30})\s?[（(]\s?(?P<cjk>[\u4e00-\u9fff·]{2,8})\s?[）)]"),  # Dromedary（单峰骆驼）
    re.compile(r"(?P<cjk>[\u4e00-\u9fff]{2,6})(?P<latin>[A-Z][A-Za-z0-9.\-_]{1,30})"),  # 飞天羊驼AlpaGasus
)




def heading_names(text: str) -> list[tuple[str, str | None]]:
    """The names a heading consists of, each with its Chinese gloss: "Vicuna和Chinese-Vicuna",
    "Baize白泽", "华驼(HuaTuo) （更新于2023年4月30日）" -> [("HuaTuo", "华驼")].  Empty when the
    heading is a phrase, not names.

    >>> heading_names("华驼(HuaTuo) （更新于2023年4月30日）"), heading_names("Baize白泽"), heading_names("LLM 的能力")
    ([('HuaTuo', '华驼')], [('Baize', '白泽')], [])
    """
    t = _HEADING_NUM.sub("", _HEADING_ASIDE.sub("", clean_line(text.split("\n")[0])[0])).strip(" *`")
    out: list[tuple[str, str | None]] = []
    for part in _AND.split(t):
        part = part.strip(" *`")
        if not part:
            continue
        for rx in _GLOSS:
            m = rx.fullmatch(part)
            if m and _title_shaped(m.group("latin").strip()) and not _not_gloss(m.group("cjk")) \
                    and not _ORG_CUT.match(m.group("cjk")) and not find_names(m.group("cjk")):
                out.append((m.group("latin").strip(), m.group("cjk")))
                break
        else:
            part = _drop_latin_aside(part)
            if _title_shaped(part):
                out.append((part, None))
            else:
                return []  # one part is a phrase: the heading is not a list of names
    return out


def _drop_latin_aside(part: str) -> str:
    """"ChatRWKV(Raven)" -> "ChatRWKV": a Latin nickname in parentheses after a name."""
    if not part.endswith((")", "）")):
        return part
    i = max(part.rfind("("), part.rfind("（"))
    inner, head = part[i + 1:-1].strip(), part[:i].strip()
    if i > 0 and inner and inner.isascii() and len(inner.split()) <= 2 and (inner[0].isupper() or any(map(str.isdigit, inner))) \
            and all(ch.isalnum() or ch in " .-_" for ch in inner):
        return head
    return part


def _heading_names(doc: Document, lines: list[str], votes: _Votes) -> None:
    """A heading that is names, under a section about models or followed by prose that
    calls them models ("### Vicuna" then "Vicuna 是…模型", "### Baize白泽")."""
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind != "heading" or b.level < 2 or _SERIES_WORD.search(b.text):
            continue
        names = heading_names(b.text)
        if not names or len(names) > 4:
            continue
        parent = " ".join(b.section[:-1]) if b.section else ""
        body = " ".join(x.text[:1500] for x in blocks[i + 1:i + 4] if x.kind in ("paragraph", "list_item"))
        if _NOT_MODEL_HEADING.search(parent) and not _MODEL_HEADING.search(parent):
            continue
        about_models = bool(_MODEL_HEADING.search(parent)) or bool(_DESC_MODEL.search(body[:1500]))
        if not about_models:
            continue
        for name, gloss in names:
            if _NOT_MODEL_HEADING.search(name):
                continue
            if shape(name) == "word" and (name not in body or not _MODEL_HEADING.search(parent) and not _DESC_MODEL.search(body[:300])):
                continue  # "## Alignment（对齐）": a glossary heading, unless the text goes on about it by name
            votes.model(name, "heading")
            if gloss:
                votes.aliases.setdefault(gloss, name)


_MODEL_NOUN_END = words("model_noun_end")
_GLOSS_STOP = re.compile(r".*[的是了和与及在为以将把从对于等个款种型称叫名即即由被之]")


_QUOTED_MODEL = re.compile(r"[\"“「『]\s?([^\"”」』\s，,。]{1,12})\s?[\"”」』]\s?(?:大模型|模型|large language model|model)")


def _prose_glosses(text: str, votes: _Votes) -> None:
    for m in _QUOTED_MODEL.finditer(text) if ("“" in text or '"' in text or "「" in text) else ():
        votes.model(m.group(1), "quoted")  # '基于 "通义" 大模型': a name the text puts in quotes and calls a model
    """"骆驼 (Luotuo)", "伶荔（Linly）", "Dromedary（单峰骆驼）": a Latin name and its Chinese name."""
    if "(" not in text and "（" not in text:
        return
    for rx in _GLOSS[1:3]:
        for m in rx.finditer(text):
            cjk = _GLOSS_STOP.sub("", m.group("cjk"))
            latin = m.group("latin").strip()
            if 2 <= len(cjk) <= 6 and name_candidates(latin) and len(latin.split()) <= 3 and not _not_gloss(cjk):
                votes.glosses.setdefault(cjk, latin)
                if rx is _GLOSS[1] and len(cjk) <= 4 and len(latin.split()) == 1 \
                        and _MODEL_NOUN_END.ends(text[:m.start("cjk") + len(m.group("cjk")) - len(cjk)]):
                    votes.model(latin, "model_noun")  # "开源的中文语言模型骆驼 (Luotuo)": a model, named twice


_CJK_RUN_SERIES = re.compile(r"([\u4e00-\u9fff]{2,10})\s?(?:系列|家族)"
                             r"|\b[Tt]he (?P<latin>[A-Z][\w.\-]{1,30}(?: [A-Z0-9][\w.\-]{0,10})?) (?:model |LLM )?(?:series|family)\b(?! of\b)")
_SERIES_PREFIX = re.compile(r"^(?:(?:以下|以上|上述|下面|目前|所有|整个|这些|那些|其中|包括|属于|来自|基于|发布|推出|开源|首个|新一代|该|这|此|其|由|在|是|了|和|与|及|将|把|从|对|于|为|以|均|都|即)+)")
_FUNCTION_CHARS = re.compile(r"[的是了也但它以同一叫为在和与及或等都均这那其该个种款被把将从对于向跟]")
_CJK_ORG = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:智能|科技|公司|实验室|研究院|研究所|大学|集团))"
                      r"(?=\s?(?:(?:今天|今日|正式|将|计划|已经?|也|再次|首次|同时)\s?){0,2}(?:发布|推出|开源|开发|研发|打造|训练|提出|宣布|"
                      r"公布|上线|联合|共同|团队|[）)]|[（(](?=[A-Z][A-Za-z]+\s[A-Z]))|\s?(?:在|于)\s?\d|的\s?(?=[A-Za-z]|[\u4e00-\u9fff]{1,6}(?:系列|家族)))"
                      # "极光数智正式发布 北极星-4", "澄江智能 9 月 5 日开源 X": who releases a model, at a clause start
                      r"|(?:^|(?<=[，,。：:；;*])|(?<=[，,。：:；;*.\-] ))(?P<maker>[\u4e00-\u9fff]{2,6}?)\s?(?:[于在]?\s?(?:\d{4}\s?年\s?)?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?\s?)?"
                      r"(?:(?:正式|宣布|将|计划|已经?|也|再次|首次|同时|今天|今日)\s?){0,2}(?:发布|开源|推出|上线)了?\s?")
_ORG_WORDS = ("智能", "科技", "公司", "实验室", "研究院", "研究所", "大学", "集团")
#: the verbs of a release, whose clause-opening subject is an organization ("极光数智发布 X")
_RELEASE_WORDS = (*_ORG_WORDS, "发布", "开源", "推出", "上线")
_ORG_CUT = re.compile(r".*(?:[的是由被对让使为在了把将从等、向跟同与及]|来自)")


_CJK_N = r"[\u4e00-\u9fff]{2,4}(?: ?\d{1,2}(?:\.\d{1,2})?)?"
#: a Chinese name with no Latin letters is a model only where the sentence says so: a definition
#: opening a clause ("知微是由…开发的大语言模型", "青鸾是由…开发的大语言模型系列"), a model noun after a release verb
#: ("发布了下一代模型玄鉴 2"), a naming ("名为粤鸾的模型"), an apposition after a release ("推出的玄鉴，
#: 是一个…模型"), a dated release opening a clause ("粤鸾于 2024 年 8 月发布")
_CJK_MODEL_CONTEXT = re.compile(
    r"(?:^|(?<=[，。；：:\s]))(?P<defn>" + _CJK_N + r")\s?(?:是|为)(?:一个|一款|一种|一系列)?[^，。；]{2,30}?"
    r"(?:开发|研发|推出|发布|训练|打造)的[^，。；]{0,12}?(?:语言模型|大模型|对话模型|模型)(?P<fam>系列|家族)?"
    r"|(?:^|(?<=[，。；：:\s]))(?P<byorg>" + _CJK_N + r")\s?由[^，。；]{2,24}?(?:开发|研发|推出|发布|训练|打造)"
    r"|(?:^|(?<=[。；\s]))(?P<attr>" + _CJK_N + r")\s?的\s?(?:参数量|参数规模|上下文长度|上下文窗口|训练数据量|预训练数据量)"
    r"\s?(?:为|是|达到?|约为?|有|约)?\s?约?\s?\d"
    r"|(?:^|(?<=[。；\s]))(?P<based>" + _CJK_N + r")\s?基于\s?[^，。；]{1,16}?\s?(?:进行[^，。；]{0,6}?(?:指令微调|微调|精调|训练)"
    r"|(?:指令微调|微调|精调|继续预训练|增量预训练|蒸馏|训练)(?:而来|而成|得到))"
    r"|(?:发布|推出|开源|上线)了(?:下一代|新一代|全新的?|新的|一款|一个)?[^，。；]{0,6}?模型\s?(?P<rel>" + _CJK_N + r")"
    r"(?=[\s，。、；）)]|$|于|在|是|的)"
    r"|(?:名为|叫做|称为|命名为)\s?(?P<named>" + _CJK_N + r")\s?的[^，。；]{0,8}?模型"
    r"|(?:发布|推出|开源)的\s?(?P<app>" + _CJK_N + r")\s?[，,]\s?(?:是|为)[^，。；]{0,20}?模型"
    r"|(?:^|(?<=[，。；\s]))(?P<dated>" + _CJK_N + r")\s?于\s?\d{4}\s?年(?:\s?\d{1,2}\s?月)?(?:\s?\d{1,2}\s?日)?\s?"
    r"(?:正式)?(?:发布|推出|开源|上线)"
    # "青梧科技发布的全部霁川模型": every model of a family the text names
    r"|(?:全部|所有|历代|各代)\s?(?P<allfam>" + _CJK_N + r")\s?(?:系列)?(?:模型|大模型)")


def _cjk_context_names(text: str, votes: _Votes) -> None:
    """Chinese names without Latin letters or a version tail ("知微", "玄鉴 2"), typed by the
    sentence around them (see :data:`_CJK_MODEL_CONTEXT`); common words and phrases are kept out
    by the words of ``not_cjk_name`` and ``not_release_subject``."""
    if not any(ch in text for ch in "模于由的基在"):
        return
    for m in _CJK_MODEL_CONTEXT.finditer(text):
        kind = m.lastgroup if m.lastgroup != "fam" else "defn"
        raw = m.group(kind) or ""
        name = _SERIES_PREFIX.sub("", raw)
        core = name.split(" ")[0]
        if len(core) < 2 or _FUNCTION_CHARS.search(core) or words("not_cjk_name").search(core) \
                or words("not_release_subject").search(core) or words("not_org_head").starts(core) \
                or any(sp.cls != "Model" for sp in find_names(name)) or not_model(name):
            continue
        if kind == "defn" and m.group("fam") or kind == "allfam":
            votes.series.setdefault(name, "series_word")
        else:
            votes.model(name, "cjk_context")


def _cjk_series_and_orgs(text: str, votes: _Votes) -> None:
    """"澄言系列" -> a family 澄言; "澄言智能发布…", "由北辰科技开发" -> an organization."""
    if "系列" in text or "家族" in text or " series" in text or " family" in text:
        for m in _CJK_RUN_SERIES.finditer(text):
            if m.group("latin"):
                # "the Okapi-2 series", "the Marlow family": a family the text names as such
                latin = m.group("latin")
                if not any(sp.cls in ("Organization", "Technique") for sp in find_names(latin)) \
                        and latin.lower() not in _not_names() and not not_model(latin):
                    votes.series.setdefault(latin, "series_word")
                continue
            name = _SERIES_PREFIX.sub("", m.group(1).rsplit("的", 1)[-1])
            if 2 <= len(name) <= 4 and not words("not_series_start").starts(name) and not words("not_series_end").ends(name) and not find_names(name) \
                    and not _FUNCTION_CHARS.search(name):
                votes.series.setdefault(name, "series_word")
    if not any(w in text for w in _RELEASE_WORDS):
        return
    for m in _CJK_ORG.finditer(text):
        if m.group("maker"):
            # a run of Chinese that opens a clause and releases a name the text shapes as a model
            maker = m.group("maker")
            after = name_candidates(text[m.end():m.end() + 40])
            if after and after[0].start == 0 and _DIGIT.search(after[0].text) and not _FUNCTION_CHARS.search(maker) \
                    and not any(w in maker for w in _RELEASE_WORDS) and not words("not_release_subject").search(maker) \
                    and not words("not_org_head").starts(maker) \
                    and not words("generic_org_start").starts(maker) and not find_names(maker):
                votes.orgs.setdefault(maker, "release_subject")
            continue
        name = _ORG_CUT.sub("", m.group(1))
        head = re.sub(r"(?:智能|科技|公司|实验室|研究院|研究所|大学|集团)$", "", name)
        if 2 <= len(head) <= 8 and not words("generic_org_start").starts(name) and not words("not_org_head").starts(name):
            votes.orgs.setdefault(name, "org_word")


_LATIN_ORG = re.compile(r"(?<![A-Za-z0-9\-])([A-Z][A-Za-z0-9]+(?:[ \-][A-Z][A-Za-z0-9]+(?:['’]s)?){0,2}) (AI|Labs?|Research|Technologies|"
                        r"Technology|Inc\.?|Corp\.?|Corporation|Ltd\.?|Institute|Foundation|Group|Team|Systems|Intelligence|University|"
                        r"Consortium|Collective|Alliance|Initiative|Laboratory|Laboratories|Academy|Project)(?![A-Za-z])")


_BY_ORG = re.compile(r"\b(?i:developed|released|release|built|created|trained|maintained|published|provided|uploaded|made|"
                     r"open-sourced|introduced|launched|fine-tuned|finetuned|distilled|quantized|series|family|models)"
                     r"\s+(?:jointly\s+)?(?:by|from)\s+(?:the\s+)?"
                     r"(?P<org>[A-Z][\w.&\-]*(?:\s(?:[A-Z][\w.&\-]*(?:['’]s)?|of|for|and))*)")
_BY_ORG_ZH = re.compile(r"由(?![于此])\s?(?P<org>[A-Z][\w.&\-]*(?:\s[A-Z][\w.&\-]*){0,3}|[A-Za-z0-9\u4e00-\u9fff·、和与及]{2,30}?)\s?"
                        r"(?:的?(?:研究|自然语言处理|NLP)?(?:团队|研究人员|研究者|课题组))?\s?(?:联合|共同|官方)?\s?"
                        r"(?:开发|研发|发布|推出|打造|训练|开源|维护|提供|上传)")


#: what joins organizations after 由 ("山东大学、浪潮云和中国政法大学"), one character each
_CJK_AND = str.maketrans({"和": "、", "与": "、", "及": "、"})
#: words that end an organization's name after 由 (a community and a team make models too)
_BY_ORG_WORDS = (*_ORG_WORDS, "社区", "联盟", "中心")


def _by_orgs(text: str, votes: _Votes) -> None:
    """"Released by Saltmarsh Health", "由 Tidemark AI 官方提供": who made a model, named after "by"."""
    for rx, word in ((_BY_ORG, " by "), (_BY_ORG_ZH, "由")):
        if word not in text:
            continue
        for m in rx.finditer(text):
            org = re.sub(r"\s(?:and|of|for)$", "", m.group("org").strip()).strip()
            if _CJK_NAME.search(org):
                # "由中国科学院计算技术研究所自然语言处理团队开发": up to the last organization word;
                # "由Llama中文社区和原子回声联合打造": two of them
                for part in org.translate(_CJK_AND).split("、")[:3]:
                    cut = max((part.rfind(w) + len(w) for w in _BY_ORG_WORDS if w in part), default=0)
                    part = part[:cut] if cut else part
                    if len(part) < 2 or len(part) > 16 or not cut and len(part) > 5 and _CJK_NAME.match(part) \
                            or _ORG_CUT.match(part) or len(part) <= 6 and (
                            words("generic_org_start").starts(part) or words("not_org_head").starts(part)):
                        continue
                    votes.orgs.setdefault(part, "by")
                continue
            for part in re.split(r"\s(?:and|&)\s", org)[:3]:
                part = part.strip()
                if len(part) < 2 or part.lower() in _not_names() or any(
                        sp.cls in ("Model", "Technique", "Series") for sp in find_names(part)):
                    continue
                if shape(part) == "strong" and _DIGIT.search(part):
                    continue  # "fine-tuned by Corvid-3": a model, not who made it
                votes.orgs.setdefault(part, "by")


_LATIN_ORG_HINT = words("latin_org_hint")


def org_shaped(text: str) -> bool:
    """A capitalised name with an organization word ("NovaSky Team", "Aurivo Labs") or a
    listed organization.

    >>> org_shaped("NovaSky Team"), org_shaped("Jane Doe"), org_shaped("Meta")
    (True, False, True)
    """
    if _LATIN_ORG.fullmatch(text):
        return True
    spans = find_names(text)
    return len(spans) == 1 and spans[0].cls == "Organization" and spans[0].end - spans[0].start == len(text)


def _latin_orgs(text: str, votes: _Votes) -> None:
    """"Aurivo Labs", "Nordwell AI", "Kestrel Research": a capitalised name and an organization word."""
    if not _LATIN_ORG_HINT.search(text):
        return
    for m in _LATIN_ORG.finditer(text):
        head = m.group(1)
        if any(w.lower() in _not_names() for w in re.split(r"[ \-]", head)) or any(sp.cls == "Model" for sp in find_names(head)):
            continue
        votes.orgs.setdefault(f"{head} {m.group(2)}", "org_word")


def document_lexicon(doc: Document) -> Lexicon:
    """The names ``doc`` introduces (memoised for the last document: every extractor asks)."""
    if _MEMO[0] is doc:
        return _MEMO[1]  # type: ignore[return-value]
    lex = _build(doc)
    _MEMO[:] = [doc, lex]
    return lex


_MEMO: list[object] = [None, EMPTY]


def _build(doc: Document) -> Lexicon:
    lines = doc.text.split("\n")
    votes = _Votes()
    for b in doc.blocks:
        if b.kind == "front_matter":
            from kg.extract.frontmatter import card_names

            for name, cue in card_names(doc, b):
                votes.model(name, cue)
    _hub_names(lines, votes)
    _table_names(doc, votes)
    _list_titles(doc, lines, votes)
    _heading_names(doc, lines, votes)
    seen_candidates: set[str] = set()
    for b in doc.blocks:
        if b.kind == "table" and b.header:
            pieces: Iterable[str] = (p for text in _note_cells(b) for p in _SENT_SPLIT.split(text))
        elif b.kind in ("paragraph", "list_item", "heading"):
            pieces = _sentences(doc, b, lines)
        else:
            continue
        for piece in pieces:
            if len(piece) < 3 or not _news(piece, votes):
                continue
            rec = _piece_votes(piece) if len(piece) > 2000 else _piece_votes_cached(piece)
            rec.replay(votes)
            seen_candidates.update(rec.hyphenated)
    votes.extend_typed(sorted(seen_candidates))
    return _drop_stem_orgs(votes.lexicon(), doc.text)


def _drop_stem_orgs(lex: Lexicon, text: str) -> Lexicon:
    """An organization's short name that also opens a model name in the text ("Pipit Labs
    trains Pipit-3B": "Pipit" is the family) is no name of the organization."""
    drop = {a for a, full in lex.aliases if (a, "Organization") in lex.names and " " in full
            and (f"{a}-" in text or any(f"{a}{d}" in text or f"{a} {d}" in text for d in "0123456789"))}
    if not drop:
        return lex
    return Lexicon(frozenset(n for n in lex.names if not (n[1] == "Organization" and n[0] in drop)), lex.why,
                   tuple(p for p in lex.aliases if p[0] not in drop))


class _Recorder:
    """What the per-sentence rules say about one sentence, recorded to be replayed into a
    document's votes: sentences repeat (boilerplate, one model's facts in several documents),
    so each is read once per process."""

    __slots__ = ("models", "againsts", "series", "orgs", "glosses", "aliases", "hyphenated")

    def __init__(self) -> None:
        self.models: list[tuple[str, str]] = []
        self.againsts: list[str] = []
        self.series: dict[str, str] = {}
        self.orgs: dict[str, str] = {}
        self.glosses: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.hyphenated: tuple[str, ...] = ()

    def model(self, surface: str, cue: str) -> None:
        self.models.append((surface, cue))

    def against(self, surface: str) -> None:
        self.againsts.append(surface)

    def replay(self, votes: _Votes) -> None:
        for surface, cue in self.models:
            votes.model(surface, cue)
        for surface in self.againsts:
            votes.against(surface)
        for src, dst in ((self.series, votes.series), (self.orgs, votes.orgs), (self.glosses, votes.glosses),
                         (self.aliases, votes.aliases)):
            for k, v in src.items():
                dst.setdefault(k, v)


@lru_cache(maxsize=1)
def _hint_automaton():  # type: ignore[no-untyped-def]
    import ahocorasick

    auto = ahocorasick.Automaton()
    for w in _HINT_WORDS:
        auto.add_word(w, w)
    auto.make_automaton()
    return auto


def _has_hint(piece: str) -> bool:
    """One of :data:`_HINT_WORDS` in ``piece`` (one automaton pass)."""
    return next(_hint_automaton().iter(piece), None) is not None


def _news(piece: str, votes: _Votes) -> bool:
    """Whether a sentence can teach pass 1 anything: a family, organization or gloss word, or
    a name-shaped piece that neither the vocabulary nor an earlier firm cue of this document
    has typed ("Radodaq2-13B-Chat" in the table's name column is a model already)."""
    hint, unknown = _piece_facts(piece) if len(piece) > 2000 else _piece_facts_cached(piece)
    return hint or any(k not in votes.firm for k in unknown)


def _piece_facts(piece: str) -> tuple[bool, tuple[str, ...]]:
    """Whether ``piece`` holds a hint word, and the folded name-shaped pieces the vocabulary
    does not read in it: what :func:`_news` decides on, whatever the document's votes.

    Why apart: the votes change from sentence to sentence, these do not, and boilerplate
    sentences recur in every document (memoised for short texts)."""
    known = {(k.start, k.end) for k in find_names(piece)}
    unknown = tuple(_fold(c.text) for c in name_candidates(piece) if (c.start, c.end) not in known)
    return _has_hint(piece), unknown


_piece_facts_cached = lru_cache(maxsize=8192)(_piece_facts)


#: words a sentence must hold for the family / organization / gloss rules of pass 1 to read it
_HINT_WORDS = ('"', "“", "「", "系列", "家族", "智能", "科技", "公司", "实验室", "研究院", "研究所", "大学", "集团", "(", "（",
               "发布", "开源", "推出", "上线", "模型", "名为", "称为", "的参数", "的上下文", "基于",
               "由", " by ", "series", "family", " AI", " Lab", " Research", " Tech", " Inc", " Corp", " Ltd",
               " Institute", " Foundation", " Group", " Systems", " Consortium", " Collective", " Alliance", " Initiative",
               " Laborator", " Academy", " Project")

def _piece_votes(piece: str) -> _Recorder:
    from kg.extract import cues

    rec = _Recorder()
    hint, unknown = _piece_facts(piece) if len(piece) > 2000 else _piece_facts_cached(piece)
    if not unknown and not hint:
        return rec  # every name is the vocabulary's and no family, organization or gloss word: nothing to learn
    if "-" in piece:
        rec.hyphenated = tuple(c.text for c in name_candidates(piece) if "-" in c.text)
    _context_cues(piece, rec)  # type: ignore[arg-type]
    _prose_glosses(piece, rec)  # type: ignore[arg-type]
    _cjk_series_and_orgs(piece, rec)  # type: ignore[arg-type]
    _cjk_context_names(piece, rec)  # type: ignore[arg-type]
    _latin_orgs(piece, rec)  # type: ignore[arg-type]
    _by_orgs(piece, rec)  # type: ignore[arg-type]
    for name in cues.slot_names(piece):
        rec.model(name, "relation")
    return rec


_piece_votes_cached = lru_cache(maxsize=8192)(_piece_votes)


