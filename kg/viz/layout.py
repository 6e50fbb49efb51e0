"""Pre-computed positions for lineage drawings (pure Python, no numpy).

Why not let vis-network lay the graph out: its physics takes minutes to settle past
~1,500 nodes and its hierarchical layout overlaps long labels.  This layered layout
runs in linear time, puts older models above newer ones (release date when known,
parents always above children), and reserves each node's label width, so labels
never overlap at any zoom.  Each lineage family (weakly connected component) is laid
out on its own; families are packed in rows, biggest first.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Hashable, Iterable

__all__ = ["label_width", "layered_positions"]

Node = Hashable


def label_width(text: str, font_px: float = 14.0) -> float:
    """Approximate drawn width of a label in pixels (wide CJK characters count double).

    >>> label_width("ab") < label_width("大模")
    True
    """
    units = sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 1.1 if c.isupper() else 1.0
                for c in text)
    return units * font_px * 0.55


def _components(nodes: list[Node], edges: list[tuple[Node, Node]]) -> list[list[Node]]:
    parent = {n: n for n in nodes}

    def find(n: Node) -> Node:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for u, v in edges:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[ru] = rv
    groups: dict[Node, list[Node]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return sorted(groups.values(), key=lambda g: -len(g))


def _levels(comp: list[Node], parents: dict[Node, list[Node]], children: dict[Node, list[Node]],
            dates: dict[Node, str], order: dict[Node, int]) -> dict[Node, int]:
    """Layer of each node: below all its parents, and not above an older-dated model.

    Kahn's algorithm with a heap keyed by date (an undated node inherits its parents'
    latest date), so the oldest ready model is placed first.  Cycles are broken by
    force-placing the oldest remaining node.
    """
    indeg = {n: len(parents[n]) for n in comp}
    eff: dict[Node, str] = {n: dates.get(n, "") for n in comp}
    heap = [(eff[n] or "~", order[n], n) for n in comp if indeg[n] == 0]
    heapq.heapify(heap)
    level: dict[Node, int] = {}
    floor_by_date: dict[str, int] = {}  # date -> deepest level of a placed model of that date
    remaining = set(comp)
    while remaining:
        if not heap:  # a cycle: start from the oldest node left
            n = min(remaining, key=lambda m: (eff[m] or "~", order[m]))
            heap.append((eff[n] or "~", order[n], n))
        _, _, n = heapq.heappop(heap)
        if n not in remaining:
            continue
        remaining.discard(n)
        lv = max((level[p] + 1 for p in parents[n] if p in level), default=0)
        # rows by release *year*: month-level rows make a tall staircase of
        # one-model rows that shrinks the default zoom until labels are unreadable
        d = dates.get(n, "")[:4]
        if d:
            older = [lvl for dd, lvl in floor_by_date.items() if dd < d]
            if older:
                lv = max(lv, max(older) + 1)
            floor_by_date[d] = max(floor_by_date.get(d, 0), lv)
        level[n] = lv
        for c in children[n]:
            if c in remaining:
                indeg[c] -= 1
                if not dates.get(c):
                    eff[c] = max(eff[c], eff[n])
                if indeg[c] <= 0:
                    heapq.heappush(heap, (eff[c] or "~", order[c], c))
    # compress: no empty rows inside a family
    used = sorted(set(level.values()))
    rank = {lv: i for i, lv in enumerate(used)}
    return {n: rank[lv] for n, lv in level.items()}


def layered_positions(
    nodes: Iterable[Node],
    edges: Iterable[tuple[Node, Node]],
    widths: dict[Node, float],
    dates: dict[Node, str] | None = None,
    row_gap: float = 60.0,
    col_gap: float = 16.0,
    family_gap: float = 50.0,
    max_leaf_row: int = 4,
    aspect: tuple[float, float] = (16.0, 10.0),
) -> dict[Node, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` of a layered drawing of a lineage forest.

    Parameters
    ----------
    nodes : iterable
        Node ids, in a stable order (ties are broken by it).
    edges : iterable of (parent, child)
        Lineage edges, parent first.  Self-loops and cycles are tolerated.
    widths : dict
        Drawn width of each node (e.g. :func:`label_width` + padding).
    dates : dict, optional
        Release dates (ISO strings, any precision) where known.
    max_leaf_row : int
        A model with more childless children than this gets them in a grid of
        rows below it instead of one very wide row.
    aspect : (width, height)
        Shape of the screen the families are packed for.

    Examples
    --------
    >>> pos = layered_positions(["a", "b", "c"], [("a", "b"), ("a", "c")], {"a": 40, "b": 40, "c": 40})
    >>> pos["a"][1] < pos["b"][1] == pos["c"][1], pos["b"][0] < pos["c"][0]
    (True, True)
    """
    nodes = list(dict.fromkeys(nodes))
    dates = dates or {}
    order = {n: i for i, n in enumerate(nodes)}
    pairs = list(dict.fromkeys((u, v) for u, v in edges if u != v and u in order and v in order))
    parents: dict[Node, list[Node]] = {n: [] for n in nodes}
    children: dict[Node, list[Node]] = {n: [] for n in nodes}
    for u, v in pairs:
        parents[v].append(u)
        children[u].append(v)
    key = lambda n: (dates.get(n, "~"), order[n])  # noqa: E731
    for n in nodes:
        children[n].sort(key=key)

    pos: dict[Node, tuple[float, float]] = {}
    blocks: list[tuple[float, float, dict[Node, tuple[float, float]]]] = []
    for comp in _components(nodes, pairs):
        lv = _levels(comp, parents, children, dates, order)
        local = _place_family(comp, lv, parents, children, widths, key, col_gap, max_leaf_row)
        # rows: lv -> y, but a grid of leaves may add sub-rows: y values are in "row units"
        xs = [x - widths.get(n, 0) / 2 for n, (x, _) in local.items()] + \
             [x + widths.get(n, 0) / 2 for n, (x, _) in local.items()]
        x0, x1 = min(xs), max(xs)
        ys = [r for _, r in local.values()]
        placed = {n: (x - x0, r * row_gap) for n, (x, r) in local.items()}
        blocks.append((x1 - x0, (max(ys) + 1) * row_gap, placed))

    # pack families in rows (biggest first); choose the row width that lets a
    # landscape screen show everything at the largest zoom, so labels stay readable
    def pack(target: float) -> tuple[float, float, list[tuple[float, float]]]:
        x = y = row_h = width = 0.0
        offsets = []
        for w, h, _ in blocks:
            if x > 0 and x + w > target:
                x, y, row_h = 0.0, y + row_h + family_gap, 0.0
            offsets.append((x, y))
            width = max(width, x + w)
            x += w + family_gap
            row_h = max(row_h, h)
        return width, y + row_h, offsets

    if not blocks:
        return pos
    widest = max(w for w, _, _ in blocks)
    total = sum(w for w, _, _ in blocks) + family_gap * (len(blocks) - 1)
    best = None
    for i in range(25):
        target = widest + (total - widest) * i / 24
        w, h, offsets = pack(target)
        scale = min(aspect[0] / max(w, 1.0), aspect[1] / max(h, 1.0))
        if best is None or scale > best[0] * 1.001:
            best = (scale, offsets)
    for (ox, oy), (_, _, placed) in zip(best[1], blocks, strict=True):
        for n, (px, py) in placed.items():
            pos[n] = (round(ox + px, 1), round(oy + py, 1))
    return pos


def _place_family(comp: list[Node], level: dict[Node, int], parents: dict[Node, list[Node]],
                  children: dict[Node, list[Node]], widths: dict[Node, float], key,
                  gap: float, max_leaf_row: int) -> dict[Node, tuple[float, float]]:
    """x and row of each node: a tidy tree over each node's first parent.

    Every node owns a horizontal span that contains its own box and its tree
    children's spans; sibling spans are disjoint, so two nodes on the same row never
    overlap.  Extra parents (merges, a second base) are drawn as extra edges.
    """
    tree: dict[Node, list[Node]] = {n: [] for n in comp}
    owner: dict[Node, Node] = {}
    # a node hangs under its parent on the nearest row above it (then oldest)
    for n in sorted(comp, key=lambda m: (level[m], key(m))):
        cands = [p for p in parents[n] if level[p] < level[n]]
        if cands:
            p = max(cands, key=lambda q: level[q])
            owner[n] = p
            tree[p].append(n)
    for n in comp:
        tree[n].sort(key=key)
    roots = [n for n in sorted(comp, key=lambda m: (level[m], key(m))) if n not in owner]

    row: dict[Node, float] = dict(level)
    grid: dict[Node, list[list[Node]]] = {}
    span: dict[Node, float] = {}

    def measure(n: Node) -> float:
        kids = tree[n]
        leaves = [c for c in kids if not tree[c] and level[c] == level[n] + 1]
        if len(leaves) > max_leaf_row:
            # many childless derivatives on one row: wrap them in a grid (sub-rows)
            others = [c for c in kids if c not in leaves]
            per = max_leaf_row
            grid[n] = [leaves[i:i + per] for i in range(0, len(leaves), per)]
            tree[n] = others
            grid_w = max(sum(widths.get(c, 0) for c in r) + gap * (len(r) - 1) for r in grid[n])
            kids_w = sum(measure(c) for c in others) + gap * max(0, len(others) - 1)
            span[n] = max(widths.get(n, 0), grid_w + (gap + kids_w if others else 0))
        else:
            kids_w = sum(measure(c) for c in kids) + gap * max(0, len(kids) - 1)
            span[n] = max(widths.get(n, 0), kids_w)
        return span[n]

    def place(n: Node, left: float, out: dict[Node, tuple[float, float]]) -> None:
        w = span[n]
        out[n] = (left + w / 2, row[n])
        rows = grid.get(n, [])
        inner = sum(span[c] for c in tree[n]) + gap * max(0, len(tree[n]) - 1)
        grid_w = max((sum(widths.get(c, 0) for c in r) + gap * (len(r) - 1) for r in rows), default=0.0)
        total = grid_w + (gap if rows and tree[n] else 0) + inner
        x = left + (w - total) / 2
        if rows:
            for i, r in enumerate(rows):
                cx = x
                for c in r:
                    out[c] = (cx + widths.get(c, 0) / 2, row[n] + 1 + i * 0.55)
                    cx += widths.get(c, 0) + gap
            x += grid_w + gap
        for c in tree[n]:
            place(c, x, out)
            x += span[c] + gap

    out: dict[Node, tuple[float, float]] = {}
    # No overlap by construction: a grid's sub-rows sit in an x range owned by its
    # parent alone, and spans of different subtrees are disjoint.
    left = 0.0
    for r in roots:
        measure(r)
    for r in roots:
        place(r, left, out)
        left += span[r] + gap * 2
    return out
