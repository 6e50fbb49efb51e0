"""Traversals of the lineage graph: ancestors, descendants, trees and paths.

Edges go child -> parent, so "up" (ancestors) follows out-edges and "down"
(descendants) follows in-edges.  Every traversal keeps a visited set, so cycles,
self-loops and parallel edges never loop or crash; they are reported by
:func:`kg.lineage.graph.lineage_problems` instead.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any, Literal

import networkx as nx

from kg.errors import EntityNotFound, KgError
from kg.lineage.graph import is_lineage

__all__ = [
    "NoLineagePath",
    "lineage_view",
    "ancestors",
    "descendants",
    "lineage_tree",
    "lineage_path",
    "neighbourhood",
]

Direction = Literal["up", "down", "both"]


class NoLineagePath(KgError):
    """Two entities exist but no chain of lineage edges joins them."""


def lineage_view(graph: nx.MultiDiGraph, kinds: frozenset[str] | None = None) -> nx.MultiDiGraph:
    """Read-only view keeping only lineage edges of ``kinds`` (None = all lineage kinds).

    Developer/technique/series edges added by ``include=`` are hidden, so they never
    count as lineage.

    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("c", "b", "successor")])
    >>> sorted(lineage_view(g, frozenset({"fineTunedFrom"})).edges())
    [('b', 'a')]
    """
    return nx.subgraph_view(graph, filter_edge=lambda u, v, k: is_lineage(graph.edges[u, v, k], kinds))


def _check(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        raise EntityNotFound(f"{node!r} is not in the lineage graph")


def _walk(graph: nx.MultiDiGraph, node: str, up: bool, depth: int | None,
          kinds: frozenset[str] | None) -> dict[str, int]:
    _check(graph, node)
    view = lineage_view(graph, kinds)
    step = view.successors if up else view.predecessors
    dist = {node: 0}
    queue = deque([node])
    while queue:
        n = queue.popleft()
        if depth is not None and dist[n] >= depth:
            continue
        for m in step(n):
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    del dist[node]
    return dist


def ancestors(graph: nx.MultiDiGraph, node: str, depth: int | None = None,
              kinds: frozenset[str] | None = None) -> dict[str, int]:
    """Models ``node`` descends from, mapped to their distance in hops.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A lineage graph (:func:`kg.lineage.lineage_graph`).
    node : str
        Entity IRI.
    depth : int, optional
        Stop after this many hops (None = no limit).
    kinds : frozenset of str, optional
        Lineage predicates to follow (see :func:`kg.lineage.parse_kinds`).

    Raises
    ------
    EntityNotFound
        If ``node`` is not in the graph.

    Examples
    --------
    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("c", "b", "distill")])
    >>> ancestors(g, "c")
    {'b': 1, 'a': 2}
    >>> ancestors(g, "c", depth=1)
    {'b': 1}
    """
    return _walk(graph, node, True, depth, kinds)


def descendants(graph: nx.MultiDiGraph, node: str, depth: int | None = None,
                kinds: frozenset[str] | None = None) -> dict[str, int]:
    """Models derived (directly or not) from ``node``, mapped to their distance.

    Same parameters as :func:`ancestors`.

    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("c", "b", "distill")])
    >>> descendants(g, "a", kinds=frozenset({"fineTunedFrom"}))
    {'b': 1}
    """
    return _walk(graph, node, False, depth, kinds)


def neighbourhood(graph: nx.MultiDiGraph, nodes: list[str], depth: int | None = None,
                  kinds: frozenset[str] | None = None) -> set[str]:
    """``nodes`` plus their ancestors and descendants (within ``depth`` hops)."""
    out = set(nodes)
    for n in nodes:
        out |= set(ancestors(graph, n, depth, kinds))
        out |= set(descendants(graph, n, depth, kinds))
    return out


def _edge_info(graph: nx.MultiDiGraph, child: str, parent: str,
               kinds: frozenset[str] | None) -> list[dict[str, Any]]:
    """Every lineage edge child -> parent (one per kind), most specific kind first."""
    out = []
    for data in graph.get_edge_data(child, parent, default={}).values():
        if is_lineage(data, kinds):
            out.append({"kind": data["kind"], "evidence": list(data.get("evidence", []))})
    # a specific kind (fineTunedFrom) says more than the generic derivedFrom
    out.sort(key=lambda e: (e["kind"] == "derivedFrom", e["kind"]))
    return out


def _node_info(graph: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    d = graph.nodes[n]
    info = {"id": n, "label": d.get("label", n), "class": d.get("class", "Model")}
    if d.get("releaseDate"):
        info["releaseDate"] = d["releaseDate"]
    if d.get("developer"):
        info["developer"] = list(d["developer"])
    return info


def lineage_tree(graph: nx.MultiDiGraph, node: str, direction: Direction = "up",
                 depth: int | None = None, kinds: frozenset[str] | None = None) -> dict[str, Any]:
    """Ancestors (``up``) or descendants (``down``) of ``node`` as a nested dict.

    Each tree node is ``{"id", "label", "class", ..., "children": [...]}`` and each
    child also carries ``"edges"``: the kinds and evidence linking it to its tree
    parent.  A model reached a second time (lineage is a DAG, not a tree) is listed
    with ``"seen": true`` and not expanded again; one that closes a cycle gets
    ``"cycle": true``.  ``direction="both"`` returns ``{"up": tree, "down": tree}``
    merged into one root with ``"ancestors"`` and ``"descendants"`` lists.

    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("a", "b", "successor")])
    >>> t = lineage_tree(g, "b")
    >>> t["children"][0]["label"], t["children"][0]["children"][0].get("cycle")
    ('a', True)
    """
    _check(graph, node)
    if direction == "both":
        up = lineage_tree(graph, node, "up", depth, kinds)
        down = lineage_tree(graph, node, "down", depth, kinds)
        root = {k: v for k, v in up.items() if k != "children"}
        root["ancestors"] = up["children"]
        root["descendants"] = down["children"]
        return root
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be up, down or both, not {direction!r}")
    view = lineage_view(graph, kinds)
    step = view.successors if direction == "up" else view.predecessors
    seen: set[str] = {node}

    def grow(n: str, level: int, path: frozenset[str]) -> list[dict[str, Any]]:
        kids = []
        if depth is not None and level >= depth:
            return kids
        nexts = sorted(set(step(n)) - {n}, key=lambda m: (graph.nodes[m].get("releaseDate") or "9999",
                                                          graph.nodes[m].get("label", m), m))
        for m in nexts:
            child, parent = (n, m) if direction == "up" else (m, n)
            item = _node_info(graph, m)
            item["edges"] = _edge_info(graph, child, parent, kinds)
            if m in path:
                item["cycle"] = True
                item["children"] = []
            elif m in seen:
                item["seen"] = True
                item["children"] = []
            else:
                seen.add(m)
                item["children"] = grow(m, level + 1, path | {m})
            kids.append(item)
        return kids

    root = _node_info(graph, node)
    root["children"] = grow(node, 0, frozenset({node}))
    return root


def lineage_path(graph: nx.MultiDiGraph, source: str, target: str,
                 kinds: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Shortest chain of lineage edges between two models, in any direction.

    Returns one dict per hop: ``{"from": node info, "to": node info, "direction":
    "up"|"down", "edges": [{"kind", "evidence"}]}``.  ``up`` means ``from`` derives
    from ``to`` (the edge points from -> to); ``down`` means ``to`` derives from
    ``from``.  The path between a model and itself is empty.

    Raises
    ------
    EntityNotFound
        If either model is not in the graph.
    NoLineagePath
        If no chain of lineage edges joins them.

    Examples
    --------
    >>> from kg.lineage.graph import lineage_graph_from_edges
    >>> g = lineage_graph_from_edges([("b", "a", "finetune"), ("c", "a", "distill")])
    >>> [(h["from"]["id"], h["direction"], h["to"]["id"]) for h in lineage_path(g, "b", "c")]
    [('b', 'up', 'a'), ('a', 'down', 'c')]
    """
    _check(graph, source)
    _check(graph, target)
    und = lineage_view(graph, kinds).to_undirected(as_view=True)
    try:
        nodes = nx.shortest_path(und, source, target)
    except nx.NetworkXNoPath:
        a = graph.nodes[source].get("label", source)
        b = graph.nodes[target].get("label", target)
        raise NoLineagePath(f"no lineage path between {a!r} and {b!r}") from None
    hops = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        up = _edge_info(graph, u, v, kinds)
        down = _edge_info(graph, v, u, kinds)
        hops.append({
            "from": _node_info(graph, u),
            "to": _node_info(graph, v),
            "direction": "up" if up else "down",
            "edges": up or down,
        })
    return hops


def iter_tree(tree: dict[str, Any], level: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    """(level, tree node) pairs in display order, depth first."""
    yield level, tree
    for child in tree.get("children", []):
        yield from iter_tree(child, level + 1)
