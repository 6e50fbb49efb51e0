"""The corpus-wide part of the graph, kept as sums over documents so it can change in O(edit).

The global lines (entity nodes, fact triples, implied type claims; see
:mod:`kg.graph.segments`) depend on every document, but only through sums: how many
documents state a fact, type a key, spell a key a given way, and each key's earliest
mention per document.  :class:`CorpusState` keeps those sums.  A full build adds every
document's contribution and renders all lines; an incremental build removes the old
contributions of the changed documents, adds their new ones and renders only the lines
of the *units* they touched (an entity, a fact, an implied type claim), which is what
makes a one-document rebuild independent of the corpus size.

One line can come from several units only when it is an ``rdf:type`` line (an entity's
class, a type fact, an implied type claim all say ``<e> a <C>``), so those lines are
reference-counted; every other line has exactly one unit, and a set difference of the
touched units' lines before and after is the exact change.
"""

from __future__ import annotations

from collections import ChainMap, Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.graph.build import SINGLE_VALUED
from kg.graph.inspect import _refines
from kg.graph.segments import (
    _ALT,
    _CLAIM,
    _EXTRACTOR,
    _FROM,
    _INT,
    _LABEL,
    _LINE,
    _OBJ,
    _PRED,
    _QUOTE,
    _SUBJ,
    _TYPE,
    DocContribution,
    ProvKey,
    _claim_iri,
    _doc_nt,
    _key_text,
    _lang_nt,
    nt_literal,
)
from kg.graph.statedb import LazyMap, open_read, read_meta, write_changes, write_full
from kg.model import Entity
from kg.resolve import Key, ids_by_base, merge_entities, relabel
from kg.vocab import ID, VOCAB, term

__all__ = ["CorpusState", "Fact"]

#: (subject key, predicate as N-Triples, object key or N-Triples term)
Fact = tuple[Key, str, "Key | str"]

#: the maps of the state, one table each in its file (kg.graph.statedb)
_TABLES = ("surfaces", "facts", "typed", "firsts", "values", "entities", "type_refs", "by_base")
_ENCODE = {"entities": lambda e: (e.id, e.cls, e.label, frozenset(e.alt_labels))}
_DECODE = {"entities": lambda t: Entity(t[0], t[1], t[2], set(t[3]))}

_SINGLE = frozenset(f"<{VOCAB}{p}>" for p in SINGLE_VALUED)
_RELEASE = f"<{VOCAB}{SINGLE_VALUED[0]}>"


@dataclass
class CorpusState:
    """Sums of the documents' contributions, the entities made from them, and the
    reference counts of the ``rdf:type`` lines; saved with each snapshot (:meth:`save`).

    The maps are dicts when built in memory, and lazy maps read key by key
    (:class:`~kg.graph.statedb.LazyMap`) when loaded from a snapshot for an incremental
    build (:meth:`load`)."""

    # plain dicts of ints, not Counters: smaller rows, faster to encode
    surfaces: MutableMapping[Key, dict[str, int]] = field(default_factory=dict)  # key -> spelling -> mentions
    facts: MutableMapping[Fact, int] = field(default_factory=dict)  # fact -> documents stating it
    typed: MutableMapping[Key, int] = field(default_factory=dict)  # key -> documents typing it
    firsts: MutableMapping[Key, dict[str, ProvKey]] = field(default_factory=dict)  # key -> {document: earliest mention}
    values: MutableMapping[tuple[Key, str], dict[str, int]] = field(default_factory=dict)  # single-valued (key, prop) -> values
    conflicts: set[tuple[Key, str]] = field(default_factory=set)
    claims: int = 0
    entities: MutableMapping[Key, Entity] = field(default_factory=dict)
    type_refs: MutableMapping[str, int] = field(default_factory=dict)  # rdf:type line -> units making it
    by_base: MutableMapping[str, set[Key]] = field(default_factory=dict)  # entity keys by base id (kg.resolve)
    _same: dict = field(default_factory=dict, repr=False, compare=False)  # canonical objects (see _apply)
    #: after :meth:`update`: the entity each key had before it, for the keys whose entity
    #: changed (None: it had none); what the old lines of the touched documents name
    replaced: dict[Key, Entity | None] = field(default_factory=dict, repr=False, compare=False)

    # -- storage ----------------------------------------------------------------------

    def save(self, path: Path, base: Path | None = None) -> None:
        """Write the state to ``path`` (a :mod:`kg.graph.statedb` file).  A state read from
        the file ``base`` by :meth:`load` writes a copy of it with the rows it used
        rewritten (O(edit)); any other state writes every row."""
        meta = {"claims": self.claims, "conflicts": sorted(self.conflicts)}
        maps = {t: getattr(self, t) for t in _TABLES}
        if base is not None and all(isinstance(m, LazyMap) for m in maps.values()):
            write_changes(path, base, maps, meta)
        else:
            write_full(path, {t: (m, _ENCODE.get(t)) for t, m in maps.items()}, meta)

    @classmethod
    def load(cls, path: Path) -> CorpusState:
        """The state saved at ``path``, its maps read key by key as they are used."""
        db = open_read(path)
        meta = read_meta(db)
        maps = {t: LazyMap(db, t, _DECODE.get(t), _ENCODE.get(t)) for t in _TABLES}
        return cls(**maps, conflicts=set(meta["conflicts"]), claims=meta["claims"])  # type: ignore[arg-type]

    def _prefetch(self, keys: set[Key], facts: set[Fact]) -> None:
        """Read the rows an update of these keys and facts uses, a query per table (a state
        that was not loaded from a file has them all in memory already)."""
        for table, ks in (("surfaces", keys), ("typed", keys), ("firsts", keys), ("entities", keys),
                          ("facts", facts), ("values", {(f[0], f[1]) for f in facts if f[1] in _SINGLE})):
            m = getattr(self, table)
            if isinstance(m, LazyMap):
                m.prefetch(ks)

    # -- sums -------------------------------------------------------------------------

    def _apply(self, path: str, c: DocContribution, sign: int, check: bool = True) -> None:
        # one object per key and per predicate, shared by every map: a full build holds
        # each key once in memory, however many documents and maps name it
        same = self._same.setdefault
        self.claims += sign * c.claims
        for k, counts in c.surfaces.items():
            cur = self.surfaces.setdefault(same(k, k), {})
            for s, n in counts.items():
                _bump(cur, s, sign * n)
            if not cur:
                del self.surfaces[k]
        for sk, p, o in c.facts:
            f = (same(sk, sk), same(p, p), same(o, o))
            _bump(self.facts, f, sign)
            if p in _SINGLE:
                pair = (f[0], f[1])
                vals = self.values.setdefault(pair, {})
                _bump(vals, f[2] if isinstance(f[2], str) else _key_text(f[2]), sign)
                if not vals:
                    del self.values[pair]
                if check:
                    self._recheck(pair)
        for k in c.typed:
            _bump(self.typed, same(k, k), sign)
        for k, where in c.first.items():
            per = self.firsts.setdefault(same(k, k), {})
            if sign > 0:
                per[path] = where
            else:
                per.pop(path, None)
                if not per:
                    del self.firsts[k]

    def _recheck(self, pair: tuple[Key, str]) -> None:
        """Whether the values of one single-valued (key, property) disagree: release dates
        that only refine each other (2023, 2023-03) do not (as kg.graph.inspect counts)."""
        vals = self.values.get(pair)
        bad = vals is not None and len(vals) > 1 and not (
            pair[1] == _RELEASE and _refines([v.split('"')[1] for v in vals]))
        if bad:
            self.conflicts.add(pair)
        else:
            self.conflicts.discard(pair)

    def implied(self, k: Key) -> ProvKey | None:
        """Where the implied type claim of an entity no extractor typed comes from (its
        earliest mention), or None when it needs none."""
        if self.typed.get(k):
            return None
        per = self.firsts.get(k)
        return min(per.values()) if per else None

    # -- lines ------------------------------------------------------------------------

    def _unit_lines(self, keys: Iterable[Key], facts: Iterable[Fact],
                    implied: dict[Key, ProvKey | None] | None = None,
                    entities: Mapping[Key, Entity | None] | None = None) -> tuple[list[str], list[str]]:
        """Lines of the given units as the state (or ``entities``/``implied`` given) renders
        them: the ``rdf:type`` lines of entities (several units can make one), and the rest
        (each made by exactly one unit)."""
        ents = self.entities if entities is None else entities
        shared: list[str] = []
        out: list[str] = []
        for k in keys:
            e = ents.get(k)
            if e is None:
                continue
            s = f"<{ID}{e.id}>"
            shared.append(f"{s} {_TYPE} <{VOCAB}{e.cls}> .\n")
            out.append(f"{s} {_LABEL} {_lang_nt(e.label)} .\n")
            out.extend(f"{s} {_ALT} {_lang_nt(alt)} .\n" for alt in e.alt_labels)
            where = self.implied(k) if implied is None else implied.get(k)
            if where is not None:
                shared.append(f"{s} {_TYPE} <{term(e.cls)}> .\n")
                out.extend(_implied_claim(k, e, where))
        for sk, p, o in facts:
            o_nt = f"<{ID}{ents[o].id}>" if isinstance(o, tuple) else o
            (shared if p == _TYPE else out).append(f"<{ID}{ents[sk].id}> {p} {o_nt} .\n")
        return shared, out

    def build(self, docs: Iterable[tuple[str, DocContribution]]) -> set[str]:
        """Add every document, make the entities, and return all global lines."""
        for path, c in docs:
            self.add(path, c)
        return self.finish()

    def add(self, path: str, c: DocContribution) -> None:
        """Add a document of a full build (as it arrives from the workers); see :meth:`finish`."""
        self._apply(path, c, 1, check=False)

    def finish(self) -> set[str]:
        """Once every document is added: make the entities, return all global lines."""
        for pair in self.values:
            self._recheck(pair)
        self.entities = merge_entities(self.surfaces)
        self.by_base = ids_by_base(self.entities)
        shared, lines = self._unit_lines(self.entities, self.facts)
        self.type_refs = dict(Counter(shared))
        out = set(lines)
        out.update(self.type_refs)
        return out

    def update(self, removed: Iterable[tuple[str, DocContribution]],
               added: Iterable[tuple[str, DocContribution]],
               naming: Callable[[set[Key]], Iterable[DocContribution]] | None = None,
               ) -> tuple[set[str], set[str], set[Key]]:
        """Replace documents' contributions; return the global lines to remove, to add,
        and the keys whose entity id moved (other documents' references to re-point).

        When an id moves, every fact naming the entity is rendered again.  ``naming(keys)``
        gives the contributions of the other documents naming ``keys`` (whose facts are
        those facts); without it, every fact of the state is read to find them.
        """
        removed, added = list(removed), list(added)
        keys: set[Key] = set()
        facts: set[Fact] = set()
        for _, c in removed + added:
            keys.update(c.surfaces)
            facts.update(c.facts)
        self._prefetch(keys, facts)
        old_facts = {f for f in facts if f in self.facts}
        old_implied = {k: self.implied(k) for k in keys}
        for path, c in removed:
            self._apply(path, c, -1)
        for path, c in added:
            self._apply(path, c, 1)
        keys = {self._same.get(k, k) for k in keys}
        self.replaced, moved = relabel(self.entities, self.surfaces, keys, self.by_base)
        old_ents = ChainMap(self.replaced, self.entities)  # type: ignore[arg-type]
        new_facts = {f for f in facts if f in self.facts}
        if moved:  # every line naming a moved entity changes too
            pool = (f for c in naming(moved) for f in c.facts) if naming is not None else self.facts
            extra = {f for f in pool if f not in facts and f in self.facts and (
                f[0] in moved or (isinstance(f[2], tuple) and f[2] in moved))}
            old_facts.update(extra)
            new_facts.update(extra)
            for k in moved - keys:
                old_implied[k] = self.implied(k)
            keys |= moved
        new_implied = {k: self.implied(k) for k in keys}
        shared_before, before = self._unit_lines(keys, old_facts, old_implied, old_ents)
        shared_after, after = self._unit_lines(keys, new_facts, new_implied)
        if isinstance(self.type_refs, LazyMap):
            self.type_refs.prefetch(shared_before + shared_after)
        remove = set(before).difference(after)
        add = set(after).difference(before)
        delta: Counter[str] = Counter(shared_after)
        delta.subtract(shared_before)
        for line, d in delta.items():
            was = self.type_refs.get(line, 0)
            _bump(self.type_refs, line, d)
            now = self.type_refs.get(line, 0)
            if was and not now:
                remove.add(line)
            elif now and not was:
                add.add(line)
        return remove, add, moved

    def docs_naming(self, keys: Iterable[Key]) -> set[str]:
        """Documents with a claim about any of ``keys``."""
        out: set[str] = set()
        for k in keys:
            out.update(self.firsts.get(k, ()))
        return out


def _bump(counts: dict, key: object, n: int) -> None:
    """Add ``n`` to a count, dropping it at zero (so presence in the dict = count > 0)."""
    v = counts.get(key, 0) + n
    if v > 0:
        counts[key] = v
    else:
        counts.pop(key, None)


def _implied_claim(k: Key, e: Entity, where: ProvKey) -> list[str]:
    """The claim behind the type of an entity no extractor typed: it carries the provenance
    of the entity's earliest mention, so every fact, types included, traces to a quote."""
    doc, line, quote, extractor = where
    extractor = f"{extractor}/mention"
    s = f"<{ID}{e.id}>"
    o = f"<{term(e.cls)}>"
    ci = _claim_iri((_key_text(k), _TYPE, o, doc, str(line), extractor, quote))
    return [
        f"{ci} {_TYPE} {_CLAIM} .\n", f"{ci} {_SUBJ} {s} .\n", f"{ci} {_PRED} {_TYPE} .\n",
        f"{ci} {_OBJ} {o} .\n", f"{ci} {_FROM} {_doc_nt(doc)} .\n",
        f'{ci} {_LINE} "{line}"^^{_INT} .\n',
        f"{ci} {_QUOTE} {nt_literal(quote)} .\n",
        f"{ci} {_EXTRACTOR} {nt_literal(extractor)} .\n",
    ]
