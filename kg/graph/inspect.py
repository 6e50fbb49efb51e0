"""Read-side summaries of a built graph: stats, conflicts, everything about one entity.

All of it is SPARQL over the store, so ``kg stats`` after a build and the build's own
summary always agree, and the same answers are reachable from Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import cite
from kg.vocab import ID, PREFIXES, VOCAB, prefix_block

__all__ = ["summary", "entity_counts", "conflicts", "conflict_count", "entity_facts", "Conflict", "Fact"]

_P = prefix_block()


def _count(store, where: str) -> int:
    for row in store.query(_P + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"):
        return int(row["n"].value)
    return 0


#: Properties whose triples are facts about entities (claims and documents use others).
FACT_PROPERTIES = (
    "developer", "releaseDate", "parameters", "activeParameters", "contextLength",
    "trainingTokens", "openWeights", "architecture", "usesTechnique", "series",
    "successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom", "quantizedFrom",
    "adapterOf", "mergedFrom",
)


def _fact_count(store) -> int:
    """Fact triples, counted per property through the predicate index.

    Why not one FILTER over all triples: at 687k triples that scan took 2.5 s of a
    build's summary; one indexed count per property takes milliseconds.
    """
    n = sum(_count(store, f"?s llm:{p} ?o") for p in FACT_PROPERTIES)
    return n + sum(_count(store, f"?e a llm:{c}") for c in ("Model", "Organization", "Technique", "Series"))


def entity_counts(store) -> dict[str, int]:
    """Entities per class (one indexed count each)."""
    return {cls: _count(store, f"?e a llm:{cls}") for cls in ("Model", "Organization", "Technique", "Series")}


def summary(store) -> dict:
    """Counts for the build summary and ``kg stats``."""
    return {
        "documents": _count(store, "?d a llm:Document"),
        "claims": _count(store, "?c a llm:Claim"),
        "triples": len(store),
        "facts": _fact_count(store),
        "entities": entity_counts(store),
        "conflicts": conflict_count(store),
    }


@dataclass(frozen=True)
class Source:
    doc: str
    line: int
    quote: str
    extractor: str
    place: str = ""  # page and line of a PDF, source line of a web page (kg.model.cite)

    @property
    def where(self) -> str:
        """``doc.md:12`` or ``paper.pdf p.3 l.12``."""
        return cite(self.doc, self.line, self.place)


@dataclass(frozen=True)
class Conflict:
    """Different values of a single-valued property of one entity, each with sources.

    ``kind`` is ``disagree`` when the values cannot both be true, ``refines`` when one
    only makes another more precise (release date 2023 vs 2023-03).
    """

    entity: str
    label: str
    prop: str
    kind: str
    values: tuple[tuple[str, tuple[Source, ...]], ...]


_SOURCES_Q = _P + """
SELECT ?s ?p ?o ?path ?line ?quote ?ex ?place WHERE {
  ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom ?d ; llm:line ?line ; llm:quote ?quote ; llm:extractor ?ex .
  ?d llm:path ?path .
  OPTIONAL { ?c llm:place ?place }
} ORDER BY ?path ?line ?quote"""


def _sources(store, s: str, p: str, o) -> tuple[Source, ...]:
    """Every claim stating ``s p o`` (IRIs and the object term are bound, not pasted)."""
    from pyoxigraph import NamedNode, Variable

    rows = store.query(
        _SOURCES_Q,
        substitutions={Variable("s"): NamedNode(s), Variable("p"): NamedNode(p), Variable("o"): o},
    )
    return tuple(
        Source(r["path"].value, int(r["line"].value), r["quote"].value, r["ex"].value,
               r["place"].value if r["place"] is not None else "") for r in rows
    )


def conflicts(store, props: tuple[str, ...] = ("releaseDate", "developer")) -> list[Conflict]:
    """Single-valued properties with more than one value, with every value's sources."""
    out: list[Conflict] = []
    for prop in props:
        q = _P + f"""
SELECT ?s ?label (COUNT(DISTINCT ?o) AS ?n) WHERE {{
  ?s llm:{prop} ?o . ?s rdfs:label ?label .
}} GROUP BY ?s ?label HAVING (COUNT(DISTINCT ?o) > 1) ORDER BY ?label ?s"""
        for row in store.query(q):
            s = row["s"].value
            vals = []
            from pyoxigraph import NamedNode, Variable

            objs = store.query(
                _P + f"SELECT DISTINCT ?s ?o WHERE {{ ?s llm:{prop} ?o }} ORDER BY STR(?o)",
                substitutions={Variable("s"): NamedNode(s)},
            )
            for orow in objs:
                o = orow["o"]
                shown = _display(store, o)
                vals.append((shown, _sources(store, s, VOCAB + prop, o)))
            kind = "disagree"
            if prop == "releaseDate":
                dates = [v for v, _ in vals]
                if _refines(dates):
                    kind = "refines"
            out.append(Conflict(s, row["label"].value, prop, kind, tuple(vals)))
    return out


def conflict_count(store, props: tuple[str, ...] = ("releaseDate", "developer")) -> int:
    """How many :func:`conflicts` disagree, without fetching their sources (for the build report:
    one query per property instead of three per conflict)."""
    n = 0
    for prop in props:
        q = _P + f"""
SELECT ?s (GROUP_CONCAT(DISTINCT STR(?o); SEPARATOR="\\u001f") AS ?vals) WHERE {{
  ?s llm:{prop} ?o . ?s rdfs:label ?label .
}} GROUP BY ?s HAVING (COUNT(DISTINCT ?o) > 1)"""
        for row in store.query(q):
            if prop == "releaseDate" and _refines(row["vals"].value.split("\x1f")):
                continue
            n += 1
    return n


def _refines(dates: list[str]) -> bool:
    """True when every date is a prefix of the most precise one (2023 < 2023-03 < 2023-03-15)."""
    longest = max(dates, key=len)
    return all(longest.startswith(d) for d in dates)


def _display(store, term) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        for q in store.quads_for_pattern(term, pyoxigraph.NamedNode(PREFIXES["rdfs"] + "label"), None):
            return q.object.value
        return term.value
    return term.value


@dataclass(frozen=True)
class Fact:
    prop: str  # prefixed name, e.g. llm:developer
    value: str  # display value (label of an entity object)
    object_iri: str | None
    sources: tuple[Source, ...]
    inverse: bool = False  # True: the entity is the object (e.g. models derived from it)


def entity_facts(store, iri: str) -> tuple[dict, list[Fact]]:
    """(header, facts) for an entity: labels and class, then every fact with its sources.

    Incoming lineage edges (models derived from this one) are included as inverse facts.
    """
    import pyoxigraph

    node = pyoxigraph.NamedNode(iri)
    header = {"iri": iri, "label": _display(store, node), "classes": [], "alt_labels": []}
    for q in store.quads_for_pattern(node, pyoxigraph.NamedNode(PREFIXES["rdf"] + "type"), None):
        header["classes"].append(_short(q.object.value))
    for q in store.quads_for_pattern(node, pyoxigraph.NamedNode(PREFIXES["skos"] + "altLabel"), None):
        header["alt_labels"].append(q.object.value)
    header["classes"].sort()
    header["alt_labels"].sort()
    facts: list[Fact] = []
    for q in store.quads_for_pattern(node, None, None):
        p = q.predicate.value
        if not p.startswith(VOCAB):
            continue
        o = q.object
        facts.append(
            Fact(_short(p), _display(store, o), o.value if isinstance(o, pyoxigraph.NamedNode) else None,
                 _sources(store, iri, p, o))
        )
    for q in store.quads_for_pattern(None, None, node):
        p = q.predicate.value
        if not p.startswith(VOCAB) or not isinstance(q.subject, pyoxigraph.NamedNode):
            continue
        if q.subject.value.startswith(ID + "claim/"):
            continue
        facts.append(
            Fact(_short(p), _display(store, q.subject), q.subject.value,
                 _sources(store, q.subject.value, p, node), inverse=True)
        )
    facts.sort(key=lambda f: (f.inverse, f.prop, f.value))
    return header, facts


def _short(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri
