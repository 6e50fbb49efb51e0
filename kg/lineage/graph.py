"""The lineage view: a networkx multigraph read from the store by SPARQL.

Nodes are entity IRIs; edges go **child -> parent** (the direction of the RDF triple
``child llm:fineTunedFrom parent``), keyed by the lineage kind, so one pair of models
may carry several kinds (a source saying "based on" and another "fine-tuned from").
Every edge keeps the evidence of the claims that state it: quote, document path, line.

The graph is a faithful copy of what the store says, problems included: cycles,
self-loops and redundant parallel kinds stay in the graph (the traversals in
:mod:`kg.lineage.walk` tolerate them) and :func:`lineage_problems` lists them for
``kg validate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.vocab import DCTERMS, ID, IMPLIED, LINEAGE, PROV, RDF, RDFS, SKOS, VOCAB

__all__ = [
    "KIND_NAMES",
    "INCLUDE_NAMES",
    "lineage_graph",
    "lineage_graph_from_edges",
    "parse_kinds",
    "is_lineage",
    "lineage_problems",
]

#: Short names users type (``--kind finetune``) -> lineage predicates (local names).
KIND_NAMES: dict[str, str] = {
    "successor": "successorOf",
    "derived": "derivedFrom",
    "finetune": "fineTunedFrom",
    "distill": "distilledFrom",
    "quantized": "quantizedFrom",
    "adapter": "adapterOf",
    "merged": "mergedFrom",
}

#: Lineage kinds that are sub-properties of ``derivedFrom`` (see kg/ontology.ttl).
DERIVED_KINDS = frozenset(k for k in LINEAGE if k not in ("successorOf",))

#: ``include=`` names -> (class of the extra nodes, predicate of the model -> node edge).
INCLUDE_NAMES: dict[str, tuple[str, str]] = {
    "orgs": ("Organization", "developer"),
    "techniques": ("Technique", "usesTechnique"),
    "series": ("Series", "series"),
}

#: Object properties copied onto model nodes as label lists (and ``<name>_ids``).
_OBJECT_FACTS = ("developer", "series", "usesTechnique", "architecture")
#: Literal properties copied onto model nodes.
_LITERAL_FACTS = ("releaseDate", "parameters", "activeParameters", "contextLength",
                  "trainingTokens", "openWeights")


def parse_kinds(names: str | Iterable[str] | None) -> frozenset[str] | None:
    """Lineage predicates selected by user-facing names; ``None`` means all kinds.

    Accepts short names (``finetune``) or predicate names (``fineTunedFrom``), as a
    comma-separated string or an iterable.  ``derived`` selects ``derivedFrom`` *and*
    its sub-properties (fine-tuned, distilled, ... are kinds of derivation).
    Raises ValueError naming an unknown kind.

    >>> sorted(parse_kinds("successor,finetune"))
    ['fineTunedFrom', 'successorOf']
    >>> "distilledFrom" in parse_kinds("derived")
    True
    """
    if names is None:
        return None
    if isinstance(names, str):
        names = [n for n in names.split(",")]
    out: set[str] = set()
    for raw in names:
        n = raw.strip()
        if not n:
            continue
        kind = KIND_NAMES.get(n.lower()) or (n if n in LINEAGE else None)
        if kind is None:
            choices = ", ".join(KIND_NAMES)
            raise ValueError(f"unknown lineage kind {n!r} (choose from {choices})")
        out.add(kind)
        if kind == "derivedFrom":
            out |= DERIVED_KINDS
    return frozenset(out) or None


def is_lineage(data: dict[str, Any], kinds: frozenset[str] | None = None) -> bool:
    """True when an edge's data marks a lineage edge of one of ``kinds`` (None = any)."""
    kind = data.get("kind")
    return kind in LINEAGE and (kinds is None or kind in kinds)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _class_of(iri: str) -> str:
    """Entity class from the IRI path (``id/model/x`` -> Model) when no rdf:type is known."""
    part = iri[len(ID):].split("/", 1)[0] if iri.startswith(ID) else ""
    return {"model": "Model", "organization": "Organization", "technique": "Technique",
            "series": "Series"}.get(part, "Model")


def _values(predicates: Iterable[str]) -> str:
    return " ".join(f"<{VOCAB}{p}>" for p in predicates)


# Only constant IRIs are interpolated below (never user text), so plain f-strings are safe.
_EDGES_Q = f"""
SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(LINEAGE)} }} ?s ?p ?o . FILTER(isIRI(?o)) }}"""

_EVIDENCE_Q = f"""
SELECT ?s ?p ?o ?q ?n ?pl ?path WHERE {{
  VALUES ?p {{ {{P}} }}
  ?c <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o .
  OPTIONAL {{ ?c <{VOCAB}quote> ?q }}
  OPTIONAL {{ ?c <{VOCAB}line> ?n }}
  OPTIONAL {{ ?c <{VOCAB}place> ?pl }}
  OPTIONAL {{ ?c <{PROV}wasDerivedFrom> ?d . OPTIONAL {{ ?d <{VOCAB}path> ?dp }} }}
  BIND(COALESCE(?dp, STR(?d)) AS ?path)
}}"""

_ENTITIES_Q = """
SELECT ?e ?cls WHERE { VALUES ?cls { {C} } ?e a ?cls }"""

_LABELS_Q = f"""
SELECT ?e ?l ?alt WHERE {{
  {{ ?e <{RDFS}label> ?l BIND(false AS ?alt) }} UNION {{ ?e <{SKOS}altLabel> ?l BIND(true AS ?alt) }}
  FILTER(STRSTARTS(STR(?e), "{ID}"))
}}"""

_FACTS_Q = f"""
SELECT ?e ?p ?o ?ol WHERE {{
  VALUES ?p {{ {_values(_OBJECT_FACTS + _LITERAL_FACTS)} }}
  ?e ?p ?o .
  OPTIONAL {{ ?o <{RDFS}label> ?ol FILTER(LANG(?ol) = "" || LANGMATCHES(LANG(?ol), "en")) }}
}}"""

_DOC_TITLE_Q = f"""SELECT ?path ?t WHERE {{ ?d <{VOCAB}path> ?path ; <{DCTERMS}title> ?t }}"""


def lineage_graph(store: Any, include: Iterable[str] = ()) -> nx.MultiDiGraph:
    """Read the lineage of all models from a pyoxigraph store.

    Parameters
    ----------
    store : pyoxigraph.Store
        An open store (see :func:`kg.graph.store.open_read`).
    include : iterable of str
        Extra node kinds to add: ``"orgs"`` (developer edges), ``"techniques"``
        (usesTechnique edges), ``"series"``.  Those edges are not lineage: the
        traversals skip them.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs with attributes ``label``, ``labels`` (every label,
        preferred first), ``class`` (Model, Organization ...), ``releaseDate`` (str),
        ``developer`` / ``series`` / ``usesTechnique`` / ``architecture`` (label lists,
        IRIs under ``<name>_ids``), ``parameters`` ... Edges go child -> parent,
        keyed by ``kind`` (``fineTunedFrom`` ...), with ``evidence``: a list of
        ``{"quote", "path", "line", "place"}`` dicts (``place``: page and line of a PDF,
        source line of a web page; see :func:`kg.model.cite`), one per claim.

    Raises
    ------
    ValueError
        On an unknown ``include`` name.

    Examples
    --------
    >>> import pyoxigraph
    >>> s = pyoxigraph.Store()
    >>> s.load(b'''@prefix llm: <https://w3id.org/llmkg/vocab#> .
    ... @base <https://w3id.org/llmkg/id/> .
    ... <model/a> a llm:Model . <model/b> a llm:Model ; llm:fineTunedFrom <model/a> .''',
    ...        pyoxigraph.RdfFormat.TURTLE)
    >>> g = lineage_graph(s)
    >>> list(g.edges(keys=True))
    [('https://w3id.org/llmkg/id/model/b', 'https://w3id.org/llmkg/id/model/a', 'fineTunedFrom')]
    """
    include = tuple(include)
    for name in include:
        if name not in INCLUDE_NAMES:
            raise ValueError(f"unknown --include {name!r} (choose from {', '.join(INCLUDE_NAMES)})")
    classes = ["Model"] + [INCLUDE_NAMES[n][0] for n in include]

    g = nx.MultiDiGraph()
    for row in store.query(_ENTITIES_Q.replace("{C}", _values(classes))):
        g.add_node(row["e"].value, **{"class": _local(row["cls"].value)})

    for row in store.query(_EDGES_Q):
        s, p, o = row["s"].value, _local(row["p"].value), row["o"].value
        for n in (s, o):
            if n not in g:
                g.add_node(n, **{"class": _class_of(n)})
        g.add_edge(s, o, key=p, kind=p, evidence=[])

    extra_preds = [INCLUDE_NAMES[n][1] for n in include]
    preds = list(LINEAGE) + extra_preds
    for row in store.query(_EVIDENCE_Q.replace("{P}", _values(preds))):
        s, p, o = row["s"].value, _local(row["p"].value), row["o"].value
        if not g.has_edge(s, o, key=p) and p in LINEAGE:
            continue
        ev = {
            "quote": row["q"].value if row["q"] is not None else "",
            "path": row["path"].value if row["path"] is not None else "",
            "line": int(row["n"].value) if row["n"] is not None else None,
            "place": row["pl"].value if row["pl"] is not None else "",
        }
        if g.has_edge(s, o, key=p):
            g.edges[s, o, p]["evidence"].append(ev)
        else:
            g.graph.setdefault("_pending", {}).setdefault((s, o, p), []).append(ev)

    # an edge the graph states only because a more specific kind implies it (a quantized
    # model is also derivedFrom its parent: kg.vocab.IMPLIED) is that edge again, not a second one
    implied = [(s, o, k) for s, o, k, d in g.edges(keys=True, data=True)
               if not d["evidence"] and any(g.has_edge(s, o, key=sub) for sub, sup in IMPLIED.items() if sup == k)]
    g.remove_edges_from(implied)
    _add_labels(store, g)
    _add_facts(store, g, extra_preds)
    for data in g.nodes.values():
        data.setdefault("label", "")
        data.setdefault("labels", [])
    for _, _, data in g.edges(data=True):
        data["evidence"].sort(key=lambda e: (e["path"], e["line"] or 0, e["quote"]))
    g.graph["documents"] = {r["path"].value: r["t"].value for r in store.query(_DOC_TITLE_Q)}
    return g


def _add_labels(store: Any, g: nx.MultiDiGraph) -> None:
    """Preferred label first (rdfs:label, English before Chinese), then altLabels."""
    found: dict[str, list[tuple[int, str]]] = {}
    for row in store.query(_LABELS_Q):
        e = row["e"].value
        if e not in g:
            continue
        lit = row["l"]
        alt = row["alt"].value == "true"
        lang = getattr(lit, "language", None) or ""
        rank = (2 if alt else 0) + (0 if lang in ("", "en") else 1)
        found.setdefault(e, []).append((rank, lit.value))
    for e, labels in found.items():
        ordered = [t for _, t in sorted(labels)]
        g.nodes[e]["labels"] = list(dict.fromkeys(ordered))
        g.nodes[e]["label"] = ordered[0]
    for n, data in g.nodes(data=True):
        if not data.get("label"):
            data["label"] = _local(n)
            data["labels"] = [data["label"]]


def _add_facts(store: Any, g: nx.MultiDiGraph, extra_preds: list[str]) -> None:
    """Copy a model's facts onto its node; add developer/technique/series edges if asked."""
    for row in store.query(_FACTS_Q):
        e = row["e"].value
        if e not in g:
            continue
        p = _local(row["p"].value)
        o = row["o"]
        data = g.nodes[e]
        if p in _OBJECT_FACTS:
            iri = o.value
            label = row["ol"].value if row["ol"] is not None else _local(iri)
            ids = data.setdefault(f"{p}_ids", [])
            if iri not in ids:
                ids.append(iri)
                data.setdefault(p, []).append(label)
            if p in extra_preds and iri in g:
                g.add_edge(e, iri, key=p, kind=p, evidence=[])
        elif p == "releaseDate":
            # several sources may disagree: keep the earliest (kg conflicts reports it)
            old = data.get(p)
            data[p] = o.value if old is None else min(old, o.value)
        elif p == "openWeights":
            data[p] = o.value == "true"
        else:
            vals = data.setdefault(p, [])
            v = int(o.value) if o.value.lstrip("-").isdigit() else o.value
            if v not in vals:
                vals.append(v)
    pending = g.graph.pop("_pending", {})
    for (s, o, p), evs in pending.items():
        if g.has_edge(s, o, key=p):
            g.edges[s, o, p]["evidence"].extend(evs)
    for data in g.nodes.values():
        for k in ("parameters", "activeParameters"):
            if k in data:
                data[k].sort()


def lineage_graph_from_edges(
    edges: Iterable[tuple[str, str, str]],
    labels: dict[str, str] | None = None,
    dates: dict[str, str] | None = None,
) -> nx.MultiDiGraph:
    """A lineage graph from ``(child, parent, kind)`` triples, without a store.

    Handy for tests, benchmarks and notebooks.  ``kind`` may be a short name
    (``finetune``) or a predicate name; node classes are ``Model``.

    >>> g = lineage_graph_from_edges([("b", "a", "finetune")], labels={"a": "A"})
    >>> g.nodes["a"]["label"], g.nodes["b"]["label"], list(g.edges(keys=True))
    ('A', 'b', [('b', 'a', 'fineTunedFrom')])
    """
    labels = labels or {}
    dates = dates or {}
    g = nx.MultiDiGraph()

    def node(n: str) -> None:
        if n not in g:
            lab = labels.get(n, n)
            g.add_node(n, **{"class": "Model", "label": lab, "labels": [lab]})
            if n in dates:
                g.nodes[n]["releaseDate"] = dates[n]

    for child, parent, kind in edges:
        kind = KIND_NAMES.get(kind, kind)
        node(child)
        node(parent)
        g.add_edge(child, parent, key=kind, kind=kind, evidence=[])
    for n in set(labels) | set(dates):
        node(n)
    return g


def lineage_problems(graph: nx.MultiDiGraph, limit: int = 1000) -> list[dict[str, Any]]:
    """Cycles, self-loops and redundant parallel kinds among the lineage edges.

    Returns one dict per problem: ``{"problem": "self-loop"|"cycle"|"duplicate",
    "nodes": [...], "labels": [...], "kinds": [...]}``.  A cycle lists its nodes in
    order (child -> parent ...); a ``duplicate`` is a pair of models linked by more
    than one lineage kind (e.g. both derivedFrom and fineTunedFrom).  At most
    ``limit`` cycles are listed (their number can grow exponentially).

    >>> g = lineage_graph_from_edges([("a", "a", "derived"), ("a", "b", "finetune"),
    ...                               ("b", "a", "successor"), ("a", "b", "derived")])
    >>> sorted(p["problem"] for p in lineage_problems(g))
    ['cycle', 'duplicate', 'self-loop']
    """
    lab = lambda n: graph.nodes[n].get("label", n)  # noqa: E731
    out: list[dict[str, Any]] = []
    simple = nx.DiGraph()
    pairs: dict[tuple[str, str], list[str]] = {}
    for u, v, data in graph.edges(data=True):
        if not is_lineage(data):
            continue
        if u == v:
            out.append({"problem": "self-loop", "nodes": [u], "labels": [lab(u)],
                        "kinds": [data["kind"]]})
            continue
        simple.add_edge(u, v)
        pairs.setdefault((u, v), []).append(data["kind"])
    for (u, v), kinds in sorted(pairs.items()):
        if len(kinds) > 1:
            out.append({"problem": "duplicate", "nodes": [u, v], "labels": [lab(u), lab(v)],
                        "kinds": sorted(kinds)})
    for i, cycle in enumerate(nx.simple_cycles(simple)):
        if i >= limit:
            break
        kinds = [pairs[(cycle[j], cycle[(j + 1) % len(cycle)])][0] for j in range(len(cycle))]
        out.append({"problem": "cycle", "nodes": cycle, "labels": [lab(n) for n in cycle],
                    "kinds": kinds})
    return out
