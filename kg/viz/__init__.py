"""Interactive, offline HTML drawings of the lineage graph (pyvis + vis-network).

``write_lineage_html("exports/lineage.html", lineage_graph(store))`` writes one
self-contained file: no CDN, no ``lib/`` folder, document text always escaped.
"""

from kg.viz.html import (
    CLASS_STYLE,
    KIND_STYLE,
    PHYSICS_LIMIT,
    SIZE_LIMIT,
    lineage_html,
    lineage_network,
    select_nodes,
    vis_assets,
    write_lineage_html,
)
from kg.viz.layout import label_width, layered_positions

__all__ = [
    "CLASS_STYLE",
    "KIND_STYLE",
    "PHYSICS_LIMIT",
    "SIZE_LIMIT",
    "label_width",
    "layered_positions",
    "lineage_html",
    "lineage_network",
    "select_nodes",
    "vis_assets",
    "write_lineage_html",
]
