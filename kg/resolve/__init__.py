"""Resolve stage: mentions -> entities, so one thing has one IRI and all its spellings.

Two mentions are the same entity when they have the same class and the same *key*
(:func:`entity_key`): for organizations, techniques and series the key comes from the
alias data files (``kg/data/*.tsv``, canonical name first on each line); for models it
is the spelling-insensitive :func:`model_key` ("LLaMA2", "Llama 2", "LLaMA-2.0" ->
"llama2") unless the alias data names the model.  The canonical label is the data
file's canonical name when there is one, else the most frequent surface form.
IRIs are slugs of the canonical label, so they are stable for the same input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.model import Claim, Entity, Mention, Value

__all__ = ["Resolution", "ResolvedClaim", "resolve_entities", "key_claims", "merge_entities",
           "KeyedClaims", "update_entities", "relabel", "ids_by_base", "guess_ids", "model_key", "entity_key", "slug"]

DATA = Path(__file__).resolve().parent.parent / "data"

#: data file per class: one entity a line, canonical<TAB>alias<TAB>...
ALIAS_FILES = {
    "Organization": "organizations.tsv",
    "Technique": "techniques.tsv",
    "Series": "series.tsv",
    "Model": "models.tsv",
}


@dataclass(frozen=True)
class ResolvedClaim:
    """A claim whose subject (and entity object) are entity ids."""

    subject: str
    predicate: str
    object: str | Value  # entity id, or a literal Value
    claim: Claim


@dataclass
class Resolution:
    entities: dict[str, Entity]
    claims: list[ResolvedClaim]


_SEP = re.compile(r"[\s\-_·・‧/]+")
_ZERO_MINOR = re.compile(r"(?<=\d)\.0(?!\d)")


@lru_cache(maxsize=1 << 17)
def _plain_key(text: str) -> str:
    # cached: labels are chosen by comparing the keys of every spelling of every entity
    t = unicodedata.normalize("NFKC", text).lower().strip()
    t = _ZERO_MINOR.sub("", t)
    return _SEP.sub("", t)


# "LLaMA-1", "LLaMA 1.0", "Claude-v1", "LLaMA1": a family's first version is the family's first model
_FIRST_VERSION = re.compile(r"(.+?)[\s\-_]?v?1(?:\.0)?", re.I)
# "LLaMA 13B", "PaLM 540B": a size written after an unversioned family name in prose names that model
_PROSE_SIZE = re.compile(r"(.+?) \d{1,4}(?:\.\d{1,2})?[bm]", re.I)


@lru_cache(maxsize=1)
def _brands() -> frozenset[str]:
    """Keys of model family names (series aliases, name stems) from the data files."""
    keys: set[str] = set()
    for fn in ("series.tsv", "model_brands.txt"):
        path = DATA / fn
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    keys |= {_plain_key(n) for n in line.split("\t") if n.strip()}
    return frozenset(k for k in keys if len(k) >= 2)


@lru_cache(maxsize=1)
def _listed_models() -> frozenset[str]:
    """Keys of every model name listed in ``models.tsv`` (these keep their own key)."""
    path = DATA / ALIAS_FILES["Model"]
    keys: set[str] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                keys |= {_plain_key(n) for n in line.split("\t") if n.strip()}
    return frozenset(keys)


def model_key(text: str) -> str:
    """Spelling-insensitive key of a model name.

    A family's first version is the family's model ("LLaMA-1" = "LLaMA 1.0" = "LLaMA"),
    and a size written after an unversioned family name with a space is that model
    ("LLaMA 13B" = "LLaMA"), unless ``models.tsv`` lists the name itself ("Mistral 7B").

    >>> model_key("LLaMA 2.0") == model_key("Llama-2") == model_key("LLAMA2")
    True
    >>> model_key("GPT-4o mini") != model_key("GPT-4o")
    True
    >>> model_key("LLAMA-1") == model_key("LLaMA 13B") == model_key("LLaMA"), model_key("o1") == model_key("o")
    (True, False)
    """
    key = _plain_key(text)
    if key in _listed_models():
        return key
    t = unicodedata.normalize("NFKC", text).strip()
    for rx in (_FIRST_VERSION, _PROSE_SIZE):
        m = rx.fullmatch(t)
        if m:
            stem = _plain_key(m.group(1))
            if stem in _brands():
                return stem
    return key


@lru_cache(maxsize=1)
def _alias_tables() -> dict[str, dict[str, str]]:
    """class -> {key of any alias: canonical name}, from the data files."""
    tables: dict[str, dict[str, str]] = {}
    for cls, fn in ALIAS_FILES.items():
        table: dict[str, str] = {}
        path = DATA / fn
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                names = [n.strip() for n in line.split("\t") if n.strip()]
                for n in names:
                    table.setdefault(_plain_key(n), names[0])
        tables[cls] = table
    return tables


@lru_cache(maxsize=1)
def _family_aliases() -> list[tuple[str, str]]:
    """(alias, canonical) of model and family names whose alias differs from the canonical, longest first."""
    pairs: list[tuple[str, str]] = []
    for fn in (ALIAS_FILES["Model"], ALIAS_FILES["Series"]):
        path = DATA / fn
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            names = [n.strip() for n in line.split("\t") if n.strip()]
            # "ChatGLM" listed under GLM names a member of the family, not another spelling of it
            pairs.extend((a, names[0]) for a in names[1:]
                         if a != names[0] and not (re.fullmatch(r"[A-Za-z]+", a) and len(a) > len(names[0])
                                                   and names[0].lower() in a.lower()))
    return sorted(pairs, key=lambda p: -len(p[0]))


_VERSION_REST = re.compile(r"([\s\-_]?)((?:[Vv]?\d|[A-Z]\d).*)")


@lru_cache(maxsize=1)
def _aliases_by_prefix() -> tuple[tuple[int, ...], dict[str, tuple[str, str]]]:
    """The family aliases as a dict from lowercased alias to (alias, canonical), and the
    alias lengths, longest first: a name is then checked against one dict entry per
    length instead of against every alias (thousands of names per build)."""
    table: dict[str, tuple[str, str]] = {}
    for alias, canon in _family_aliases():  # longest first: the first of a spelling wins
        table.setdefault(alias.lower(), (alias, canon))
    return tuple(sorted({len(a) for a in table}, reverse=True)), table


@lru_cache(maxsize=65536)
def _prefixed_canonical(text: str) -> str | None:
    """A listed alias followed by a version takes the canonical spelling:
    "讯飞星火认知大模型 V3.0" -> "讯飞星火 V3.0", "Llama 3" -> "LLaMA 3", "星火 4.0 Turbo" -> "Spark 4.0 Turbo"."""
    t = unicodedata.normalize("NFKC", text).strip()
    low = t.lower()
    lengths, table = _aliases_by_prefix()
    for n in lengths:
        hit = table.get(low[:n]) if len(low) >= n else None
        if hit is None:
            continue
        alias, canon = hit
        m = _VERSION_REST.fullmatch(t[len(alias):])
        if m:
            sep = m.group(1) or (" " if _CJK.search(canon[-1]) or _CJK.search(alias[-1]) else "")
            return f"{canon}{sep}{m.group(2)}"
    return None


@lru_cache(maxsize=1 << 17)
def canonical_name(text: str, cls: str) -> str | None:
    """The data files' canonical name for ``text`` of class ``cls``, if listed
    (for models also an alias followed by a version: "Llama 3" -> "LLaMA 3")."""
    hit = _alias_tables().get(cls, {}).get(_plain_key(text))
    if hit is None and cls == "Model":
        hit = _prefixed_canonical(text)
    return hit


def entity_key(m: Mention) -> tuple[str, str]:
    """(class, key) identifying the entity a mention names (its document alias's, if any)."""
    return _entity_key(m.alias_of or m.text, m.cls)


@lru_cache(maxsize=65536)
def _entity_key(text: str, cls: str) -> tuple[str, str]:
    # cached: a corpus names the same few thousand entities over and over
    canon = canonical_name(text, cls)
    return cls, model_key(canon if canon else text)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NONSLUG = re.compile(r"[^\w]+", re.UNICODE)


def slug(label: str) -> str:
    """Readable, stable IRI path segment for a label.

    >>> slug("LLaMA 2"), slug("GPT-4o mini"), slug("Qwen2.5"), slug("文心一言")
    ('llama-2', 'gpt-4o-mini', 'qwen2.5', '文心一言')
    """
    t = unicodedata.normalize("NFKC", label).lower()
    t = re.sub(r"[^\w.]+", "-", t)
    t = re.sub(r"\.(?!(?<=\d\.)\d)", "-", t)  # keep only version dots (2.5)
    t = re.sub(r"-{2,}", "-", t).strip("-_")
    return t or "x"


#: relations where an entity related to itself (or a model to its own family name) says nothing
_NO_SELF_LOOP = frozenset({
    "series", "successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom", "quantizedFrom", "adapterOf", "mergedFrom",
})


def _self_loop(c: Claim) -> bool:
    """A claim relating a model to itself, or a model to the family its name only spells
    ("LLaMA 13B series LLaMA"); a numbered first version keeps its series ("GPT-1 series GPT")."""
    assert isinstance(c.object, Mention)
    s, o = c.subject.text, c.object.text
    if _plain_key(s) == _plain_key(o):
        return True
    if entity_key(c.subject)[1] != entity_key(c.object)[1]:
        return False
    return c.predicate != "series" or not _FIRST_VERSION.fullmatch(unicodedata.normalize("NFKC", s).strip())


#: (class, key) of an entity: what resolution groups mentions by
Key = tuple[str, str]


@dataclass
class KeyedClaims:
    """One document's claims with entity keys instead of mentions, plus the spellings seen.

    Why per document: keys depend only on the mention, so this runs in the extraction
    workers and is cached with the document; only :func:`merge_entities` (labels, IRIs)
    needs every document, and it needs just the spelling counts.
    """

    claims: list[tuple[Key, str, Key | Value, Claim]]
    surfaces: dict[Key, Counter[str]]


def key_claims(claims: Iterable[Claim]) -> KeyedClaims:
    """Key every mention of ``claims``; drop claims relating a model to itself."""
    surfaces: dict[Key, Counter[str]] = {}

    def note(m: Mention) -> Key:
        k = entity_key(m)
        surfaces.setdefault(k, Counter())[m.text.strip()] += 1
        return k

    keyed: list[tuple[Key, str, Key | Value, Claim]] = []
    for c in claims:
        if isinstance(c.object, Mention) and c.predicate in _NO_SELF_LOOP and _self_loop(c):
            continue  # "LLaMA 13B series LLaMA", "LLaMA-1 successorOf LLaMA" (one model): no fact
        sk = note(c.subject)
        ok: Key | Value = note(c.object) if isinstance(c.object, Mention) else c.object
        keyed.append((sk, c.predicate, ok, c))
    return KeyedClaims(keyed, surfaces)


def merge_entities(surfaces: dict[Key, Counter[str]]) -> dict[Key, Entity]:
    """One entity per key: canonical label, stable id, every other spelling as alt label.

    Deterministic: depends only on the keys and their spelling counts.
    """
    entities = {k: _entity(k, _label(k, surfaces[k]), surfaces[k]) for k in sorted(surfaces)}
    groups: dict[str, list[Key]] = {}
    for k, e in entities.items():
        groups.setdefault(_base_id(e.cls, e.label), []).append(k)
    _assign_ids(entities, groups)
    return entities


def update_entities(previous: dict[Key, Entity], surfaces: Mapping[Key, Mapping[str, int]],
                    changed: Iterable[Key], by_base: MutableMapping[str, set[Key]] | None = None,
                    ) -> tuple[dict[Key, Entity], set[Key]]:
    """``merge_entities(surfaces)``, given ``previous`` = the entities of spelling counts
    that differ from ``surfaces`` at the ``changed`` keys only.

    Why: an incremental build changes a few keys; only they are relabelled, and only the
    keys sharing a slug with one of them can have their id moved.  ``by_base`` (the keys
    of ``previous`` by base id, see :func:`ids_by_base`) is updated in place; without it,
    it is made from ``previous``.  Returns the entities and the keys whose id moved
    (their triples must be re-pointed).  :func:`relabel` does the same in place.
    """
    if by_base is None:
        by_base = ids_by_base(previous)
    entities = dict(previous)
    _, moved = relabel(entities, surfaces, changed, by_base)
    return entities, moved


def relabel(entities: MutableMapping[Key, Entity], surfaces: Mapping[Key, Mapping[str, int]],
            changed: Iterable[Key], by_base: MutableMapping[str, set[Key]],
            ) -> tuple[dict[Key, Entity | None], set[Key]]:
    """:func:`update_entities` in place: ``entities`` and ``by_base`` become those of
    ``surfaces``, touching only the ``changed`` keys and the keys sharing a base id with
    them (so a state read key by key reads no other).  Returns the entity each key whose
    entity changed had before (None: it had none), and the keys whose id moved.
    """
    old: dict[Key, Entity | None] = {}
    groups: set[str] = set()
    for k in changed:
        prev = entities.get(k)
        old.setdefault(k, prev)
        if prev is not None:
            del entities[k]
            b = _base_id(prev.cls, prev.label)
            groups.add(b)
            members = by_base[b]
            members.discard(k)
            if not members:
                del by_base[b]
        counts = surfaces.get(k)
        if counts:
            e = entities[k] = _entity(k, _label(k, counts), counts)
            b = _base_id(e.cls, e.label)
            groups.add(b)
            by_base.setdefault(b, set()).add(k)
    _assign_ids(entities, {b: list(by_base[b]) for b in groups if b in by_base}, old)
    moved = {k for k, e in old.items() if e is not None and k in entities and entities[k].id != e.id}
    return old, moved


def ids_by_base(entities: dict[Key, Entity]) -> dict[str, set[Key]]:
    """The keys of ``entities`` grouped by base id (the slug of their label)."""
    out: dict[str, set[Key]] = {}
    for k, e in entities.items():
        out.setdefault(_base_id(e.cls, e.label), set()).add(k)
    return out


def guess_ids(surfaces: dict[Key, Counter[str]]) -> dict[Key, str]:
    """The id each key would get from these spelling counts alone (one document's).

    Usually the id the whole corpus gives it: a key's spellings mostly share one slug,
    and listed names take their canonical label whatever the counts.
    """
    return {k: _base_id(k[0], _label(k, counts)) for k, counts in surfaces.items()}


def _entity(k: Key, label: str, counts: Counter[str]) -> Entity:
    return Entity(id="", cls=k[0], label=label, alt_labels={s for s in counts if s != label and counts[s] > 0})


@lru_cache(maxsize=1 << 17)
def _base_id(cls: str, label: str) -> str:
    """The id an entity gets unless another key's label has the same slug."""
    return f"{cls.lower()}/{slug(label)}"


def _assign_ids(entities: MutableMapping[Key, Entity], groups: dict[str, list[Key]],
                old: dict[Key, Entity | None] | None = None) -> None:
    """Ids of the keys grouped by base id: the first key (in key order) of a group takes
    the base id, the others a suffix from their key's hash, so both stay apart.  ``old``
    gets the entity of each key replaced here, unless it holds one for the key already."""
    for base, keys in groups.items():
        keys.sort()
        for i, k in enumerate(keys):
            ident = base if i == 0 else f"{base}-{abs(hash_key(k[1])) % 10**6}"
            e = entities[k]
            if e.id != ident:
                if old is not None:
                    old.setdefault(k, e)
                entities[k] = Entity(id=ident, cls=e.cls, label=e.label, alt_labels=e.alt_labels)


def _label(k: Key, counts: Counter[str]) -> str:
    cls = k[0]
    picked = _pick_label(counts, k[1])
    # a listed respelling that names the entity itself ("通义千问" -> "Qwen"), not a
    # merged variant of it ("LLaMA-1" -> "LLaMA-1" for the LLaMA entity)
    canon = canonical_name(picked, cls) or next(
        (c for x in sorted(counts)
         if (c := canonical_name(x, cls)) and c != x and _plain_key(c) == k[1]), None)
    return canon or picked


def resolve_entities(claims: list[Claim]) -> Resolution:
    """Group mentions into entities and rewrite claims onto entity ids.

    Deterministic: the result depends only on the multiset of claims, not their order.
    """
    kc = key_claims(claims)
    entities = merge_entities(kc.surfaces)
    resolved = [
        ResolvedClaim(
            entities[sk].id,
            pred,
            entities[ok].id if isinstance(ok, tuple) else ok,
            c,
        )
        for sk, pred, ok, c in kc.claims
    ]
    return Resolution({e.id: e for e in entities.values()}, resolved)


def _pick_label(counts: Counter[str], key: str = "") -> str:
    """The spelling to show: one that is the entity itself (not a merged variant such as
    "LLaMA 7B" of LLaMA), then the most frequent; ties -> Latin before CJK, shortest,
    alphabetical."""
    return sorted(counts, key=lambda s: (_plain_key(s) != key, -counts[s], bool(_CJK.search(s)), len(s), s))[0]


def hash_key(text: str) -> int:
    """A hash that does not change with PYTHONHASHSEED."""
    import zlib

    return zlib.crc32(text.encode("utf-8"))
