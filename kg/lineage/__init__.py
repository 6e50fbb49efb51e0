"""Lineage exploration: networkx views over the stored graph.

Plain functions over a :class:`networkx.MultiDiGraph` whose edges go child -> parent::

    from kg.graph.store import open_read
    from kg.lineage import lineage_graph, ancestors, lineage_path, rank_models
    g = lineage_graph(open_read(".kg"))
"""

from kg.lineage.graph import (
    INCLUDE_NAMES,
    KIND_NAMES,
    is_lineage,
    lineage_graph,
    lineage_graph_from_edges,
    lineage_problems,
    parse_kinds,
)
from kg.lineage.rank import (
    RANK_BY,
    rank_models,
    rank_organizations,
    rank_summary,
    rank_techniques,
    simple_lineage,
)
from kg.lineage.walk import (
    NoLineagePath,
    ancestors,
    descendants,
    iter_tree,
    lineage_path,
    lineage_tree,
    lineage_view,
    neighbourhood,
)

__all__ = [
    "INCLUDE_NAMES",
    "KIND_NAMES",
    "RANK_BY",
    "NoLineagePath",
    "ancestors",
    "descendants",
    "is_lineage",
    "iter_tree",
    "lineage_graph",
    "lineage_graph_from_edges",
    "lineage_path",
    "lineage_problems",
    "lineage_tree",
    "lineage_view",
    "neighbourhood",
    "parse_kinds",
    "rank_models",
    "rank_organizations",
    "rank_summary",
    "rank_techniques",
    "simple_lineage",
]
