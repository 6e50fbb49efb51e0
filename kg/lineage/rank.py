"""Who matters in the lineage: influential models, prolific organizations, popular techniques.

Scores are computed on a simple directed graph (parallel kinds collapsed, self-loops
dropped) so that a pair of models stated twice does not count twice.  PageRank
follows edges child -> parent, so rank flows to the base models others build on.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

import networkx as nx

from kg.lineage.graph import is_lineage

__all__ = ["RANK_BY", "rank_models", "rank_organizations", "rank_techniques", "simple_lineage"]

RANK_BY = ("descendants", "pagerank", "betweenness")


def simple_lineage(graph: nx.MultiDiGraph, kinds: frozenset[str] | None = None) -> nx.DiGraph:
    """Model-only DiGraph of lineage edges (child -> parent), one edge per pair, no loops.

    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("b", "a", "derived"), ("a", "a", "derived")])
    >>> sorted(simple_lineage(g).edges())
    [('b', 'a')]
    """
    d = nx.DiGraph()
    d.add_nodes_from(n for n, data in graph.nodes(data=True) if data.get("class", "Model") == "Model")
    d.add_edges_from((u, v) for u, v, data in graph.edges(data=True)
                     if u != v and is_lineage(data, kinds))
    return d


def _pagerank(d: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Power-iteration PageRank in pure Python (nx.pagerank needs scipy, not installed here)."""
    n = d.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(d, 1.0 / n)
    out_deg = dict(d.out_degree())
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in d if out_deg[u] == 0) / n
        new = dict.fromkeys(d, (1.0 - alpha) / n + dangling)
        for u in d:
            if out_deg[u]:
                share = alpha * rank[u] / out_deg[u]
                for v in d.successors(u):
                    new[v] += share
        err = sum(abs(new[u] - rank[u]) for u in d)
        rank = new
        if err < n * tol:
            break
    return rank


def rank_models(graph: nx.MultiDiGraph, by: Literal["descendants", "pagerank", "betweenness"] = "descendants",
                kinds: frozenset[str] | None = None, top: int | None = 20) -> list[tuple[str, float]]:
    """Models ordered by influence, best first.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A lineage graph.
    by : {"descendants", "pagerank", "betweenness"}
        ``descendants``: number of models derived from it, directly or not;
        ``pagerank``: importance flowing from derivatives to their bases;
        ``betweenness``: how often it lies on the lineage between two others.
    kinds : frozenset of str, optional
        Lineage kinds to use (None = all).
    top : int, optional
        Keep the first ``top`` (None = all).  Models scoring 0 are left out.

    Raises
    ------
    ValueError
        On an unknown ``by``.

    Examples
    --------
    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("c", "a", "distill"), ("d", "b", "derived")])
    >>> rank_models(g)
    [('a', 3.0), ('b', 1.0)]
    """
    d = simple_lineage(graph, kinds)
    # models with no lineage at all would only add equal noise to pagerank
    d.remove_nodes_from([n for n in list(d) if d.degree(n) == 0])
    if by == "descendants":
        # the ancestors of each node in the child->parent graph = nodes it descends to;
        # counting per node via one reversed BFS each is fine at lineage sizes
        scores = {n: float(len(nx.ancestors(d, n))) for n in d}
    elif by == "pagerank":
        scores = _pagerank(d)
        if d.number_of_edges() == 0:
            scores = {}
    elif by == "betweenness":
        scores = nx.betweenness_centrality(d, k=min(len(d), 500) if len(d) > 2000 else None, seed=0)
    else:
        raise ValueError(f"unknown ranking {by!r} (choose from {', '.join(RANK_BY)})")
    ranked = sorted(((n, s) for n, s in scores.items() if s > 0),
                    key=lambda x: (-x[1], graph.nodes[x[0]].get("label", x[0]), x[0]))
    return ranked[:top] if top is not None else ranked


def _count_fact(graph: nx.MultiDiGraph, fact: str, top: int | None) -> list[tuple[str, str, int]]:
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        if data.get("class", "Model") != "Model":
            continue
        for iri, label in zip(data.get(f"{fact}_ids", []), data.get(fact, []), strict=False):
            counts[iri] += 1
            labels.setdefault(iri, label)
    ranked = sorted(counts.items(), key=lambda x: (-x[1], labels[x[0]], x[0]))
    out = [(iri, labels[iri], c) for iri, c in ranked]
    return out[:top] if top is not None else out


def rank_organizations(graph: nx.MultiDiGraph, top: int | None = 20) -> list[tuple[str, str, int]]:
    """Organizations by number of models they develop: ``(iri, label, count)``, most first.

    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune")])
    >>> g.nodes["a"].update(developer=["Meta"], developer_ids=["org/meta"])
    >>> rank_organizations(g)
    [('org/meta', 'Meta', 1)]
    """
    return _count_fact(graph, "developer", top)


def rank_techniques(graph: nx.MultiDiGraph, top: int | None = 20) -> list[tuple[str, str, int]]:
    """Techniques by adoption (number of models stated to use them), most first."""
    return _count_fact(graph, "usesTechnique", top)


def rank_summary(graph: nx.MultiDiGraph, by: str = "descendants", top: int = 20) -> dict[str, Any]:
    """Everything ``kg rank`` prints, as plain data (for ``--format json``)."""
    def info(n: str) -> dict[str, Any]:
        d = graph.nodes[n]
        return {"id": n, "label": d.get("label", n), "developer": list(d.get("developer", []))}

    return {
        "by": by,
        "models": [{**info(n), "score": s} for n, s in rank_models(graph, by, top=top)],  # type: ignore[arg-type]
        "organizations": [{"id": i, "label": lab, "models": c} for i, lab, c in rank_organizations(graph, top)],
        "techniques": [{"id": i, "label": lab, "models": c} for i, lab, c in rank_techniques(graph, top)],
    }
