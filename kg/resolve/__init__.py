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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.model import Claim, Entity, Mention, Value

__all__ = ["Resolution", "ResolvedClaim", "resolve_entities", "model_key", "entity_key", "slug"]

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


def model_key(text: str) -> str:
    """Spelling-insensitive key of a model name.

    >>> model_key("LLaMA 2.0") == model_key("Llama-2") == model_key("LLAMA2")
    True
    >>> model_key("GPT-4o mini") != model_key("GPT-4o")
    True
    """
    t = unicodedata.normalize("NFKC", text).lower().strip()
    t = _ZERO_MINOR.sub("", t)
    return _SEP.sub("", t)


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
                    table.setdefault(model_key(n), names[0])
        tables[cls] = table
    return tables


def canonical_name(text: str, cls: str) -> str | None:
    """The data files' canonical name for ``text`` of class ``cls``, if listed."""
    return _alias_tables().get(cls, {}).get(model_key(text))


def entity_key(m: Mention) -> tuple[str, str]:
    """(class, key) identifying the entity a mention names."""
    canon = canonical_name(m.text, m.cls)
    return m.cls, model_key(canon if canon else m.text)


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


def resolve_entities(claims: list[Claim]) -> Resolution:
    """Group mentions into entities and rewrite claims onto entity ids.

    Deterministic: the result depends only on the multiset of claims, not their order.
    """
    surfaces: dict[tuple[str, str], Counter[str]] = {}

    def note(m: Mention) -> tuple[str, str]:
        k = entity_key(m)
        surfaces.setdefault(k, Counter())[m.text.strip()] += 1
        return k

    keyed: list[tuple[tuple[str, str], str, object, Claim]] = []
    for c in claims:
        sk = note(c.subject)
        ok: object = note(c.object) if isinstance(c.object, Mention) else c.object
        keyed.append((sk, c.predicate, ok, c))

    entities: dict[tuple[str, str], Entity] = {}
    used: dict[str, tuple[str, str]] = {}
    for k in sorted(surfaces):
        cls, _ = k
        counts = surfaces[k]
        canon = canonical_name(next(iter(sorted(counts))), cls)
        label = canon or _pick_label(counts)
        ident = f"{cls.lower()}/{slug(label)}"
        if ident in used and used[ident] != k:  # two keys, one slug: keep both apart
            ident = f"{ident}-{abs(hash_key(k[1])) % 10**6}"
        used[ident] = k
        alts = {s for s in counts if s != label}
        entities[k] = Entity(id=ident, cls=cls, label=label, alt_labels=alts)

    resolved = [
        ResolvedClaim(
            entities[sk].id,
            pred,
            entities[ok].id if isinstance(ok, tuple) else ok,  # type: ignore[arg-type]
            c,
        )
        for sk, pred, ok, c in keyed
    ]
    return Resolution({e.id: e for e in entities.values()}, resolved)


def _pick_label(counts: Counter[str]) -> str:
    """Most frequent spelling; ties -> Latin before CJK, then shortest, then alphabetical."""
    return sorted(counts, key=lambda s: (-counts[s], bool(_CJK.search(s)), len(s), s))[0]


def hash_key(text: str) -> int:
    """A hash that does not change with PYTHONHASHSEED."""
    import zlib

    return zlib.crc32(text.encode("utf-8"))
