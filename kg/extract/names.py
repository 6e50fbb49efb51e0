"""Find names of models, organizations, techniques and series in text.

Two mechanisms, both driven by data files under ``kg/data/``:

* an Aho-Corasick automaton over every alias of the vocabularies (organizations,
  techniques, series, known models, model name stems), matched on a lower-cased copy
  of the text so ``LLaMa`` and ``LLAMA`` are found by the same key;
* a *shape* grammar that extends a stem with version / size / variant parts, so model
  names never seen before are recognised (``Qwen2.5-Coder-7B``, ``Baichuan2-13B-Chat``,
  ``GLM-4-9B-Chat-1M``, ``DeepSeek-R1-Distill-Qwen-32B``), plus a generic
  ``Name-7B`` size shape for brands not in any list.

Models are an open class: the lists only seed the stems.  Everything here is linear in
the length of the text (automaton scan + anchored, possessive-free regexes applied at
candidate positions only), so huge lines cannot hang the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from kg.extract.words import words

__all__ = ["Span", "Vocabulary", "vocabulary", "find_names", "cell_names", "clean_line", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_LATIN = re.compile(r"[A-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _read_tsv(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if cells:
            rows.append(cells)
    return rows


def _read_list(name: str) -> list[str]:
    return [r[0] for r in _read_tsv(name)]


@dataclass(frozen=True, slots=True)
class Span:
    """A name found in a text: ``text[start:end]``, its class, and the canonical name.

    ``canonical`` is the data files' name when the span is a listed alias (``阿里云`` ->
    ``Alibaba Cloud``), else the surface text.  ``shaped`` says a version/size suffix
    was read, which makes a Model reading certain even for org-like stems.
    """

    start: int
    end: int
    text: str
    cls: str
    canonical: str
    shaped: bool = False


_RE_VOCABULARY_1 = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*")
_RE_VOCABULARY_2 = re.compile(r"[A-Z][a-z]{2,}")


class Vocabulary:
    """The alias tables and the automaton, built once from the data files."""

    def __init__(self) -> None:
        self.classes: dict[str, dict[str, str]] = {}  # cls -> {alias: canonical}
        for cls, fn in (
            ("Organization", "organizations.tsv"),
            ("Technique", "techniques.tsv"),
            ("Series", "series.tsv"),
            ("Model", "models.tsv"),
        ):
            table: dict[str, str] = {}
            for row in _read_tsv(fn):
                for alias in row:
                    table.setdefault(alias, row[0])
            if cls == "Organization":
                # "StabilityAI", "HuggingFace": a maker's name of several words is often written glued
                for alias, canon in list(table.items()):
                    glued = alias.replace(" ", "")
                    if glued != alias and alias.isascii() and len(glued) >= 6:
                        table.setdefault(glued, canon)
            self.classes[cls] = table
        self.stems: set[str] = set(_read_list("model_brands.txt"))
        self.stems |= set(self.classes["Series"]) | set(self.classes["Model"])
        self.suffix_words = {w.lower() for w in _read_list("model_suffixes.txt")}
        # lower-cased key -> exact spellings listed (to check case of short/bare names)
        self.auto = ahocorasick.Automaton()
        keys: dict[str, set[str]] = {}
        for table in self.classes.values():
            for alias in table:
                keys.setdefault(alias.lower(), set()).add(alias)
        for stem in self.stems:
            keys.setdefault(stem.lower(), set()).add(stem)
        for k, spellings in keys.items():
            self.auto.add_word(k, (k, frozenset(spellings)))
        self.auto.make_automaton()
        self.lower_stems = {s.lower() for s in self.stems}
        listed = {a.lower() for t in self.classes.values() for a in t}
        # "DoctorGLM", "HuatuoGPT": a capitalised word glued to a family stem with two or
        # more capitals names a derived model even with no version (awesome-list entries)
        caps = sorted((re.escape(x) for x in self.stems if len(x) >= 3 and _RE_VOCABULARY_1.fullmatch(x)),
                      key=len, reverse=True)
        self.brand_suffixed = re.compile(
            r"(?<![A-Za-z0-9\-])[A-Z][a-z]{2,12}(?:" + "|".join(caps or ["(?!)"]) + r")(?:-?\d{1,2}(?:\.\d{1,2})?)?(?![A-Za-z0-9])"
        )
        self.word_stems = {s.lower() for s in _read_list("model_brands.txt")
                           if _RE_VOCABULARY_2.fullmatch(s) and s.lower() not in listed}

    def lookup(self, text: str) -> list[tuple[str, str]]:
        """Every (class, canonical) that lists ``text`` exactly as an alias."""
        return [(cls, t[text]) for cls, t in self.classes.items() if text in t]

    def lookup_ci(self, text: str) -> list[tuple[str, str]]:
        """Like :meth:`lookup`, ignoring case and spaces (folded tables built once)."""
        k = _fold(text)
        return [(cls, t[k]) for cls, t in self._folded().items() if k in t]

    def _folded(self) -> dict[str, dict[str, str]]:
        try:
            return self._folded_tables
        except AttributeError:
            tables: dict[str, dict[str, str]] = {}
            for cls, t in self.classes.items():
                ft: dict[str, str] = {}
                for alias, canon in t.items():  # first alias in file order wins, as before
                    ft.setdefault(_fold(alias), canon)
                tables[cls] = ft
            self._folded_tables = tables
            return tables


_FOLD = re.compile(r"[\s\-_·]+")


def _fold(s: str) -> str:
    return _FOLD.sub("", s.lower())


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shared :class:`Vocabulary` (loaded once per process)."""
    return Vocabulary()


# -- the shape grammar ---------------------------------------------------------------
# A version/size part: 2, 2.5, 4o, 7B, 8x7B, 1.5Pro, 192K, V3, R1, X1.  Bounded
# quantifiers only: no nested unbounded repetition, so no catastrophic backtracking.
_VER = r"(?:[vV]?\d{1,4}(?:\.\d{1,3}){0,2}(?:[xX]\d{1,3})?[A-Za-z]{0,3}|[A-Z]\d{1,2}(?:\.\d{1,2})?)"
_PART_AFTER_HYPHEN = re.compile(r"[-_](?:" + _VER + r"|[48]bits?|[A-Za-z][A-Za-z0-9]{0,11}(?:\.\d{1,3})?|[αβγδ])(?![A-Za-z0-9])")
_PART_GLUED = re.compile(_VER + r"(?![A-Za-z0-9])|" + r"\d{1,4}(?:\.\d{1,3}){0,2}(?=[-_ ])")
_PART_SPACE = re.compile(r" (?:" + _VER + r"|[A-Za-z][A-Za-z]{1,11})(?![A-Za-z0-9])")
_SIZE = re.compile(r"\d{1,4}(?:\.\d{1,2})?(?:[xX]\d{1,3})?[BbMmKkTt]$")
_GENERIC = re.compile(r"(?<![A-Za-z0-9\-])[A-Z][A-Za-z]{2,15}(?:-(?:[A-Za-z]{2,12}|\d{1,2}(?:\.\d)?)){0,3}-\d{1,4}(?:\.\d)?[BM]"
                      r"(?:-[A-Za-z0-9]{1,14}(?:\.\d{1,3}[A-Za-z]?)?){0,5}(?![A-Za-z0-9])")
_VER_RX = re.compile(_VER)
_ONE_CAPITAL = re.compile(r"[A-Z]")
_LETTER_VERSION = re.compile(r"[VvXx]\d{1,2}(?:\.\d)?|A\d{1,3}(?:\.\d)?B")  # V2, X1; A22B: the active size of a MoE
_DISTILL_TAIL = re.compile(r"[-_ ](?:Distill|Distilled)$")
_STEM_WORD = re.compile(r"[A-Za-z]{2,12}")
_SERIES_AFTER = words("series_after")
_NOT_VARIANT = words("not_variant_word")


def _extend(text: str, pos: int, vocab: Vocabulary) -> tuple[int, bool]:
    """Read version/size/variant parts from ``pos``; return (end, read_any_part)."""
    end = pos
    shaped = False
    had_version = False
    last_size = False
    # the part just read was a version number ("Llama 4" + " Scout"; a listed name may end with it)
    nickname = False
    tail = text[max(0, pos - 6):pos].rpartition(" ")
    last_version = bool(tail[1]) and tail[2].replace(".", "", 1).isdigit() and len(tail[2]) <= 5
    for _ in range(8):  # a name has a handful of parts; bound the loop
        m = _PART_GLUED.match(text, end) if end == pos else None
        if m and m.end() > end:
            end = m.end()
            shaped = had_version = True  # a glued version ("GPT4") takes no nickname: "GPT4 Poems" is a data set
            last_size = bool(_SIZE.search(m.group(0)))
            continue
        m = _PART_AFTER_HYPHEN.match(text, end)
        if m:
            word = m.group(0)[1:]
            if _VER_RX.fullmatch(word) or word.lower() in vocab.suffix_words or word.lower() in vocab.lower_stems \
                    or _stem_with_version(word, vocab) or _ONE_CAPITAL.fullmatch(word) \
                    or last_size and _LETTER_VERSION.fullmatch(word):  # PaLM-E; Qwen3-30B-A3B
                end = m.end()
                shaped = True
                had_version = had_version or bool(_VER_RX.fullmatch(word))
                last_version = bool(_VER_RX.fullmatch(word)) and word[0].isdigit()
                last_size = bool(_SIZE.search(word))
                continue
            break
        m = _PART_SPACE.match(text, end)
        if m and last_version and not last_size and _variant_nickname(text, m.start() + 1, m.end(), vocab):
            end = m.end()  # "Llama 4 Scout", "Gemma 3 Nano": a variant's own word right after the version
            shaped = nickname = True
            last_version = False
            continue
        last_version = False
        if m:
            word = m.group(0)[1:]
            if word.lower() in vocab.suffix_words:
                if word.islower() and (text[m.end():m.end() + 12].lower().startswith((" model", " checkpoint", " version", " language",
                                                                                  " and ", " or ", ",", "/", "、"))
                                       or word == "base" and text[m.end():m.end() + 1] in (".", "")):
                    break  # "the Qwen2.5-Math-7B base model", "… base and instruct checkpoints", "built upon the X base."
                end = m.end()
                shaped = True
                last_size = False
                continue
            if _VER_RX.fullmatch(word) and word[0].isdigit() or _LETTER_VERSION.fullmatch(word):
                unit = text[m.end():m.end() + 2].lstrip()[:1]
                if last_size or unit and unit in "%％年月日号个亿万倍":
                    break  # "LLaMA-13B 40%", "澄江智能 9 月 5 日": a number with a unit is prose, not a version
                if _SIZE.search(word) and had_version and not nickname:
                    break  # "GPT-3 175B": the size is a fact about GPT-3, not part of its name ("Llama 3 Swallow 8B" is one)
                last_size = bool(_SIZE.search(word))
                end = m.end()
                shaped = had_version = True
                last_version = word[0].isdigit()
                continue
        break
    tail = _DISTILL_TAIL.search(text[pos:end])
    if tail:  # "the DeepSeek-R1-Distill models": a connective part with nothing after it names no model
        end = pos + tail.start()
    return end, shaped


def _variant_nickname(text: str, a: int, b: int, vocab: Vocabulary) -> bool:
    """``text[a:b]`` is a capitalised word naming a variant after a version ("Scout" in
    "Llama 4 Scout"): one title-case word of letters, no stop word (kg/data/cues/words.tsv
    ``not_variant_word``: "Technical Report", "Community License", months), no known name,
    and not the first of a run of capitalised words (a title: "Llama 2 Community License")."""
    word = text[a:b]
    if not (4 <= len(word) <= 12 and word[0].isupper() and word[1:].islower() and word.isalpha()):
        return False
    if word.lower() in vocab.suffix_words or _NOT_VARIANT.starts(word) and len(_NOT_VARIANT.starts(word)) == len(word):  # type: ignore[arg-type]
        return False
    nxt = text[b:b + 2]
    if len(nxt) == 2 and nxt[0] == " " and nxt[1].isupper():
        follow = text[b + 1:b + 14].split(" ")[0].strip(",.;:)")
        if follow.lower() not in vocab.suffix_words:
            return False
    return not vocab.lookup_ci(word)


def _stem_with_version(word: str, vocab: Vocabulary) -> bool:
    """A hyphen part that is itself a stem glued to a version: ``Qwen32B`` in ``...-Distill-Qwen32B``."""
    m = _STEM_WORD.match(word)
    return bool(m and m.group(0).lower() in vocab.lower_stems and _VER_RX.fullmatch(word[m.end():] or "-"))


#: "OpenChat-3.5", "WizardLM-2": an unknown CamelCase name with a version (subject position only)
_CAMEL_VERSION = re.compile(r"(?<![A-Za-z0-9\-])[A-Z][a-z]+(?:[A-Z][a-z]*)+-\d{1,2}(?:\.\d{1,2})?(?![A-Za-z0-9.])")
_LEAD_JUNK = re.compile(r"[\s*_`\[(>#+\-0-9.、]*")


def find_names(text: str, extra: frozenset[tuple[str, str]] = frozenset()) -> list[Span]:
    """All names in ``text``, leftmost-longest, non-overlapping, in text order.

    ``extra`` (name, class) pairs (the document's own names, :mod:`kg.extract.lexicon`)
    are found wherever they stand.  The names
    without them are cached by text (see :func:`_names`): sentences repeat across documents.

    >>> [s.text for s in find_names("基于GPT-3.5和InstructGPT，阿里云发布了 Qwen2.5-Coder-7B")]
    ['GPT-3.5', 'InstructGPT', '阿里云', 'Qwen2.5-Coder-7B']
    """
    cands, names, has_letter = _names(text) if len(text) > CACHE_TEXT else _names_cached(text)
    if extra and (has_letter or not _extra_automaton(extra)[1]):
        found: list[Span] = []
        _find_extra(text, extra, found)
        if found:
            # a stable sort puts an extra name after a listed name of the same span, as
            # before; a shape of the same span is the same Span value as the extra name
            return _leftmost_longest(sorted(cands + found, key=_span_order))
    return list(names)


def _names(text: str) -> tuple[list[Span], tuple[Span, ...], bool]:
    """The candidates of :func:`find_names` without extra names (sorted leftmost, then
    longest), the names chosen from them, and whether ``text`` has an ASCII letter."""
    vocab = vocabulary()
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    cands: list[Span] = []
    for last, (key, spellings) in vocab.auto.iter(low):
        start = last - len(key) + 1
        end = last + 1
        surface = text[start:end]
        latin = bool(_LATIN.search(key))
        if latin and start > 0 and _LATIN.match(text[start - 1]):
            continue
        is_stem = key in vocab.lower_stems
        new_end, shaped = _extend(text, end, vocab) if is_stem else (end, False)
        if latin and new_end < len(text) and _LATIN.match(text[new_end]):
            continue  # "GPTQ", "Metadata": the word goes on
        if text.startswith("-", new_end) and words("adjective_tail").starts(text, new_end):
            continue  # "GPT-like", "LLaMA-based": an adjective, not the model
        if not shaped and surface not in spellings:
            continue  # bare names must be written as listed ("opt" is a verb, "OPT" a model)
        if not shaped and key in vocab.word_stems:
            continue  # "Step", "Command": a name stem that is an English word names a model only with a version
        if shaped and (text[end:end + 1] == " " or surface[:1].islower()) and _joined_only(key):
            continue  # "Step 1: SFT", "the step4 RL": a step of a recipe; StepFun writes "Step-1", "Step-2V"
        if shaped and surface not in spellings and text[end:end + 1] == " " and surface[:1].islower():
            continue  # "step 1", "phi 2" in prose: a lower-case word before a spaced number

        full = text[start:new_end]
        cands.append(_classify(text, start, new_end, full, surface, shaped, vocab))
    # the shapes below need an ASCII capital letter
    has_letter = _ASCII_LETTER.search(text) is not None
    if has_letter:
        if "-" in text:  # _GENERIC needs one
            for m in _GENERIC.finditer(text):
                name = m.group(0)
                tail = name.rfind("-")
                if name[tail:].lower() in ("-based", "-powered"):
                    name = name[:tail]  # "Heron-5B-based chatbot": built on Heron-5B
                cands.append(Span(m.start(), m.start() + len(name), name, "Model", name, True))
        # both subject-position shapes start with a capital followed by a lower-case letter
        m = vocab.brand_suffixed.search(text, 0, 40) or _CAMEL_VERSION.search(text, 0, 40) \
            if _CAP_LOWER.search(text, 0, 40) else None
        if m and _LEAD_JUNK.fullmatch(text[:m.start()]):
            # only in subject position (a list entry's title, a sentence's first word):
            # elsewhere "在 ShareGPT 对话上微调" names a data set, not a model
            cands.append(Span(m.start(), m.end(), m.group(0), "Model", m.group(0), True))
    if len(cands) > 1:
        cands.sort(key=_span_order)
    return cands, tuple(_leftmost_longest(cands)), has_letter


#: the names of a sentence or cell: most prose repeats (boilerplate, one model's facts
#: in several documents), and finding names is most of the cost of reading a sentence.
#: Why not bigger: the repeats are a few hundred texts that come back in every document,
#: and each entry is a dozen objects the garbage collector walks at every full collection
#: (32768 entries cost more in collections on the 100x corpus than they saved)
_names_cached = lru_cache(maxsize=4096)(_names)


def _joined_only(stem: str) -> bool:
    """A name stem whose version is joined to it, never spaced ("Step-2", not "Step 2")."""
    hit = words("joined_version_stem").starts(stem)
    return hit is not None and hit.end() == len(stem)


def _leftmost_longest(cands: list[Span]) -> list[Span]:
    """The candidates (sorted by :func:`_span_order`) that no earlier one overlaps."""
    if len(cands) < 2:
        return list(cands)
    out: list[Span] = []
    last_end = -1
    for s in cands:
        if s.start >= last_end:
            out.append(s)
            last_end = s.end
    return out


#: longest text the caches of short pieces (cells, headings, names) keep
CACHE_TEXT = 512


def cell_names(text: str, clean: bool = False) -> tuple[Span, ...]:
    """``find_names(text)`` (of ``clean_line(text)[0]`` with ``clean``), cached for short
    texts: table cells repeat within a document and several extractors read them."""
    if len(text) > CACHE_TEXT:
        return _cell_names(text, clean)
    return _cell_names_cached(text, clean)


def _cell_names(text: str, clean: bool) -> tuple[Span, ...]:
    return tuple(find_names(clean_line(text)[0] if clean else text))


_cell_names_cached = lru_cache(maxsize=8192)(_cell_names)


_ASCII_LETTER = re.compile(r"[A-Za-z]")
#: ("LLaMA-based" stays a name: the base of what the phrase describes; "GPT-like" does not)
_CAP_LOWER = re.compile(r"[A-Z][a-z]")


@lru_cache(maxsize=8)
def _extra_automaton(extra: frozenset[tuple[str, str]]) -> tuple[ahocorasick.Automaton | None, bool]:
    """An automaton over the ``extra`` names of :func:`find_names` (one set per document),
    and whether every name has an ASCII letter (then a text without one has none of them)."""
    need_letter = all(_ASCII_LETTER.search(name) for name, _ in extra)
    if not extra or any(not name for name, _ in extra):
        return None, need_letter
    auto = ahocorasick.Automaton()
    for name, cls in sorted(extra):  # a name listed with two classes: the later class (sorted) wins
        auto.add_word(name, (name, cls))
    auto.make_automaton()
    return auto, need_letter


def _find_extra(text: str, extra: frozenset[tuple[str, str]], cands: list[Span]) -> None:
    """Every occurrence of each ``extra`` name not glued to a Latin letter or digit.

    Same as scanning each name with ``str.find`` from the end of its previous occurrence
    (occurrences of one name do not overlap), in one pass: an occurrence of a name is skipped
    when it starts inside the previous occurrence of the same name.  Candidates are sorted
    by (start, length) afterwards, so the order they are found in does not matter.
    """
    auto = _extra_automaton(extra)[0]
    if auto is None:
        for name, cls in extra:
            if not name:
                continue
            i = text.find(name)
            while i >= 0:
                j = i + len(name)
                if not (i > 0 and _LATIN.match(text[i - 1]) or j < len(text) and _LATIN.match(text[j])):
                    cands.append(Span(i, j, name, cls, name, cls == "Model"))
                i = text.find(name, j)
        return
    last_end: dict[str, int] = {}
    n = len(text)
    vocab = vocabulary()
    for last, (name, cls) in auto.iter(text):
        j = last + 1
        i = j - len(name)
        if i < last_end.get(name, 0):
            continue
        last_end[name] = j
        if i > 0 and _LATIN.match(text[i - 1]):
            continue
        # the document's own names are stems too: "Velmora" (a family it introduced) +
        # "-3-8B-Instruct", "澄言" + " 3.0 Turbo", "Halvor-3" + " Mini"
        k, shaped = _extend(text, j, vocab) if j < n else (j, False)
        if shaped and k > j:
            cands.append(Span(i, k, text[i:k], "Model", text[i:k], True))
        if not (j < n and _LATIN.match(text[j])):
            cands.append(Span(i, j, name, cls, name, cls == "Model"))


def _span_order(s: Span) -> tuple[int, int]:
    return s.start, s.start - s.end  # leftmost, then longest


def _classify(text: str, start: int, end: int, full: str, surface: str, shaped: bool, vocab: Vocabulary) -> Span:
    if shaped:
        canon = vocab.classes["Model"].get(full, full)
        return Span(start, end, full, "Model", canon, True)
    hits = dict(vocab.lookup(surface) or vocab.lookup_ci(surface))
    if "Series" in hits and _SERIES_AFTER.starts(text, end):
        return Span(start, end, full, "Series", hits["Series"])
    for cls in ("Organization", "Technique", "Model"):
        if cls in hits:
            return Span(start, end, full, cls, hits[cls])
    if "Series" in hits:  # a bare family name used on its own names the first model ("GPT", "LLaMA")
        return Span(start, end, full, "Model", full)
    return Span(start, end, full, "Model", full)


# -- markup-free view of a raw source line, with offsets back into it -----------------
_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_TAG = re.compile(r"<[^>\n]{0,300}>")


_MARKUP = re.compile(r"[*`_#>\[<]")
_KEEP = re.compile(r"[^*`_]+|(?<!_)_(?!_)")


def clean_line(raw: str) -> tuple[str, list[int]]:
    """Drop Markdown emphasis/code markers, link targets and HTML tags from a line.

    Returns the plain text and, for each of its characters, the index in ``raw``, so a
    match in the plain text maps back to a verbatim quote of the source line.  Lines
    without markup characters (most of them) are returned as they are.

    >>> t, off = clean_line("**OpenAI** 发布了 [GPT-4](https://x.y)")
    >>> t
    'OpenAI 发布了 GPT-4'
    >>> raw = "**OpenAI** 发布了 [GPT-4](https://x.y)"; raw[off[t.index("GPT")]:off[t.index("GPT") + 4]]
    'GPT-'
    >>> clean_line("## > a__b_c")[0]
    '  ab_c'
    """
    if not _MARKUP.search(raw):
        return raw, range(len(raw))  # type: ignore[return-value]  (indexable like a list)
    # spans of raw that survive: everything but link syntax around the text, and tags
    cuts: list[tuple[int, int]] = []
    for m in _LINK.finditer(raw):
        cuts.append((m.start(), m.start(1)))
        cuts.append((m.end(1), m.end()))
    for m in _TAG.finditer(raw):
        cuts.append((m.start(), m.end()))
    cuts.sort()
    keep: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            keep.append((pos, a))
        pos = max(pos, b)
    if pos < len(raw):
        keep.append((pos, len(raw)))
    chars: list[str] = []
    offs: list[int] = []
    lead = True  # '#' is dropped before any kept character, '>' before any non-space one
    for a, b in keep:
        for m in _KEEP.finditer(raw, a, b):
            seg_start, seg = m.start(), m.group()
            if lead:
                k = 0
                while k < len(seg):
                    ch = seg[k]
                    if ch == "#" and not chars:
                        k += 1
                        continue
                    if ch == ">" and not "".join(chars).strip():
                        k += 1
                        continue
                    if ch.isspace():
                        chars.append(ch)
                        offs.append(seg_start + k)
                        k += 1
                        continue
                    break
                if k == len(seg):
                    continue
                lead = False
                seg_start, seg = seg_start + k, seg[k:]
            chars.append(seg)
            offs.extend(range(seg_start, seg_start + len(seg)))
    return "".join(chars), offs


def is_cjk(text: str) -> bool:
    """True when ``text`` contains a CJK ideograph."""
    return bool(_CJK.search(text))
