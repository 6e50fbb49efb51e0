"""Offline, self-contained HTML drawings of the lineage graph.

pyvis builds the vis-network node and edge records; the page is rendered with our own
template (``template.html`` + ``lineage.js`` + ``lineage.css``) rather than pyvis's,
because pyvis's template links bootstrap from a CDN, writes a ``lib/`` folder into the
current directory, and switches to ``innerHTML`` tooltips as soon as a title contains
"href".  Here vis-network's JS and CSS (bundled with pyvis) are inlined, the data is a
JSON island parsed with ``JSON.parse``, and every piece of document text reaches the
page through ``textContent``/``innerText`` only.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.lineage.graph import is_lineage
from kg.lineage.walk import neighbourhood
from kg.model import cite
from kg.viz.layout import label_width, layered_positions
from kg.vocab import ID, LINEAGE

__all__ = [
    "PHYSICS_LIMIT",
    "SIZE_LIMIT",
    "CLASS_STYLE",
    "KIND_STYLE",
    "lineage_network",
    "lineage_html",
    "write_lineage_html",
    "vis_assets",
]

#: Above this many nodes a force layout is pre-computed (physics off): vis-network's
#: physics needs minutes to settle on thousands of nodes.
PHYSICS_LIMIT = 300
#: Largest graph we support (measured in bench/viz_load.md); bigger graphs still
#: render but panning and highlighting get sluggish.
SIZE_LIMIT = 5000

_HERE = Path(__file__).parent

#: class -> (vis shape, background, border).  Shapes differ too, for colour-blind readers.
CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    "Model": ("box", "#dbeafe", "#1d4ed8"),
    "Organization": ("diamond", "#fed7aa", "#c2410c"),
    "Technique": ("triangle", "#bbf7d0", "#15803d"),
    "Series": ("hexagon", "#e9d5ff", "#7e22ce"),
}

#: edge kind -> (colour, dashes, legend text).  Lineage kinds first.
KIND_STYLE: dict[str, tuple[str, bool | list[int], str]] = {
    "successorOf": ("#2563eb", False, "successor of (next version)"),
    "fineTunedFrom": ("#16a34a", False, "fine-tuned from"),
    "distilledFrom": ("#9333ea", [8, 4], "distilled from"),
    "derivedFrom": ("#6b7280", [4, 4], "derived from (generic)"),
    "quantizedFrom": ("#0891b2", [2, 4], "quantized from"),
    "adapterOf": ("#d97706", [10, 4, 2, 4], "adapter of"),
    "mergedFrom": ("#dc2626", [6, 3], "merged from"),
    "developer": ("#fdba74", [2, 6], "developed by"),
    "usesTechnique": ("#86efac", [2, 6], "uses technique"),
    "series": ("#d8b4fe", [2, 6], "in series"),
}


def vis_assets() -> tuple[str, str]:
    """vis-network's (JS, CSS) text, from the copy bundled with pyvis (no network)."""
    import pyvis

    base = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    if not base.is_dir():
        base = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def _short(iri: str) -> str:
    return iri[len(ID):] if iri.startswith(ID) else iri


def _facts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, value) lines of a node's tooltip, in reading order."""
    out: list[tuple[str, str]] = []
    alts = [lab for lab in data.get("labels", []) if lab != data.get("label")]
    if alts:
        out.append(("also", ", ".join(alts[:8]) + (" …" if len(alts) > 8 else "")))
    if data.get("releaseDate"):
        out.append(("released", str(data["releaseDate"])))
    for key, name in (("developer", "developer"), ("series", "series"), ("architecture", "architecture")):
        if data.get(key):
            out.append((name, ", ".join(data[key])))
    if data.get("parameters"):
        out.append(("parameters", ", ".join(_human(p) for p in data["parameters"])))
    if data.get("contextLength"):
        out.append(("context", ", ".join(_human(p) for p in data["contextLength"])))
    if "openWeights" in data:
        out.append(("open weights", "yes" if data["openWeights"] else "no"))
    if data.get("usesTechnique"):
        out.append(("techniques", ", ".join(data["usesTechnique"][:10])))
    return out


def _human(n: Any) -> str:
    if not isinstance(n, int):
        return str(n)
    for div, suf in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if n >= div:
            return f"{n / div:.3g}{suf}"
    return str(n)


def _quote_lines(evidence: list[dict[str, Any]], limit: int = 4) -> list[str]:
    lines = []
    for ev in evidence[:limit]:
        q = ev.get("quote", "")
        q = q if len(q) <= 300 else q[:297] + "…"
        where = cite(ev.get("path", ""), ev.get("line"), ev.get("place", ""))
        lines.append(f"“{q}” — {where}")
    if len(evidence) > limit:
        lines.append(f"(+{len(evidence) - limit} more sources)")
    return lines


def select_nodes(graph: nx.MultiDiGraph, seeds: Sequence[str] = (), depth: int | None = None,
                 kinds: frozenset[str] | None = None) -> set[str]:
    """Nodes to draw: the seeds' lineage neighbourhood, or every model with any lineage.

    Non-model nodes (organizations ...) present in ``graph`` are kept when linked to
    a drawn model.
    """
    if seeds:
        models = neighbourhood(graph, list(seeds), depth, kinds)
    else:
        models = {n for u, v, d in graph.edges(data=True) if is_lineage(d, kinds) and u != v
                  for n in (u, v)}
        # with series nodes, a family is visible even where no lineage edge was stated
        models |= {u for u, v, d in graph.edges(data=True) if d.get("kind") == "series"}
    extra = {v for u, v, d in graph.edges(data=True)
             if u in models and not is_lineage(d) and graph.nodes[v].get("class") != "Model"}
    return models | extra


def lineage_network(graph: nx.MultiDiGraph, seeds: Sequence[str] = (), depth: int | None = None,
                    kinds: frozenset[str] | None = None, layout: str = "hierarchical",
                    physics: bool | None = None):
    """A pyvis ``Network`` of the lineage (nodes positioned, styled, with text tooltips).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`kg.lineage.lineage_graph` (``include=`` decides org/technique nodes).
    seeds : sequence of str
        Entity IRIs to centre on (their ancestors and descendants); empty = the whole
        lineage forest (models without any lineage are left out).
    depth, kinds
        As for :func:`kg.lineage.ancestors`.
    layout : {"hierarchical", "force"}
        ``hierarchical``: pre-computed layers, oldest at top.  ``force``: vis-network
        physics below :data:`PHYSICS_LIMIT` nodes, pre-computed layers above it.
    physics : bool, optional
        Force vis-network physics on or off (None = the rule above; for benchmarks).

    Returns
    -------
    pyvis.network.Network
        Its ``nodes``/``edges`` records also carry ``labels`` (for search), ``facts``
        and ``kind``/``lineage`` used by the page's script.
    """
    from pyvis.network import Network

    if layout not in ("hierarchical", "force"):
        raise ValueError(f"layout must be hierarchical or force, not {layout!r}")
    keep = select_nodes(graph, seeds, depth, kinds)
    order = sorted(keep, key=lambda n: (graph.nodes[n].get("class") != "Model",
                                        graph.nodes[n].get("releaseDate") or "~",
                                        graph.nodes[n].get("label", n), n))
    big = len(order) > PHYSICS_LIMIT
    physics = (layout == "force" and not big) if physics is None else physics

    lineage_pairs: dict[tuple[str, str], list[tuple[str, list[dict[str, Any]]]]] = {}
    other_edges: list[tuple[str, str, str]] = []
    for u, v, d in graph.edges(data=True):
        if u not in keep or v not in keep:
            continue
        if is_lineage(d, kinds):
            if u != v:
                lineage_pairs.setdefault((v, u), []).append((d["kind"], d.get("evidence", [])))
        elif not is_lineage(d):
            other_edges.append((u, v, d["kind"]))

    widths = {n: label_width(graph.nodes[n].get("label", "")) + 22 for n in order}
    pos: dict[str, tuple[float, float]] = {}
    if not physics:
        # series nodes head their family (laid out like a parent); orgs and techniques
        # go in rows above / below
        models = [n for n in order if graph.nodes[n].get("class", "Model") in ("Model", "Series")]
        dates = {n: str(graph.nodes[n]["releaseDate"]) for n in models if graph.nodes[n].get("releaseDate")}
        series_pairs = [(v, u) for u, v, k in other_edges if k == "series"]
        pos = layered_positions(models, series_pairs + list(lineage_pairs), widths, dates)
        _place_extras(graph, order, pos, widths, other_edges)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    # pyvis scans lists on every add (quadratic); give it a set for node look-ups
    for n in order:
        data = graph.nodes[n]
        cls = data.get("class", "Model")
        shape, bg, border = CLASS_STYLE.get(cls, CLASS_STYLE["Model"])
        title = "\n".join([f"{data.get('label', n)}  [{cls}]"]
                          + [f"{k}: {v}" for k, v in _facts(data)])
        opts: dict[str, Any] = {
            "title": title,
            "color": {"background": bg, "border": border,
                      "highlight": {"background": "#fef08a", "border": "#a16207"}},
            "cls": cls,
            "labels": list(data.get("labels", [])) or [data.get("label", n)],
            "facts": _facts(data),
        }
        if cls != "Model":
            opts["size"] = 14
        if n in pos:
            opts["x"], opts["y"] = pos[n]
        if seeds and n in seeds:
            opts["borderWidth"] = 3
        net.add_node(_short(n), label=data.get("label", n) or _short(n), shape=shape, **opts)

    for (parent, child), kinds_ev in sorted(lineage_pairs.items()):
        kinds_ev.sort(key=lambda ke: (ke[0] == "derivedFrom", LINEAGE.index(ke[0])))
        main = kinds_ev[0][0]
        colour, dashes, text = KIND_STYLE.get(main, KIND_STYLE["derivedFrom"])
        cl, pl = graph.nodes[child].get("label", child), graph.nodes[parent].get("label", parent)
        lines = []
        for kind, ev in kinds_ev:
            lines.append(f"{cl} — {KIND_STYLE.get(kind, ('', '', kind))[2]} → {pl}")
            lines += _quote_lines(ev) or ["(no quote recorded)"]
        net.add_edge(_short(parent), _short(child), title="\n".join(lines), kind=main,
                     kinds=[k for k, _ in kinds_ev], lineage=True,
                     arrows={"to": {"enabled": True, "scaleFactor": 0.6}},
                     color={"color": colour, "highlight": colour, "opacity": 1.0},
                     dashes=dashes, width=2.2 if main != "derivedFrom" else 1.6)
    for u, v, kind in other_edges:
        colour, dashes, text = KIND_STYLE.get(kind, KIND_STYLE["developer"])
        if kind == "series":  # drawn like lineage (series above its members), but faint
            colour, dashes = "#c4b5fd", [3, 5]
        net.add_edge(_short(v), _short(u), title=f"{graph.nodes[u].get('label', u)} — {text} → "
                     f"{graph.nodes[v].get('label', v)}", kind=kind, lineage=False,
                     color={"color": colour, "opacity": 0.7}, dashes=dashes, width=1, arrows="")
    net.set_options(json.dumps(_options(physics, big)))
    net.kg_meta = {"physics": physics, "big": big, "layout": layout}  # type: ignore[attr-defined]
    return net


def _place_extras(graph: nx.MultiDiGraph, order: list[str], pos: dict[str, tuple[float, float]],
                  widths: dict[str, float], other_edges: list[tuple[str, str, str]]) -> None:
    """Organizations in a row above the models, techniques/series in a row below."""
    xs_of: dict[str, list[float]] = {}
    for u, v, _ in other_edges:
        if u in pos:
            xs_of.setdefault(v, []).append(pos[u][0])
    ys = [y for _, y in pos.values()] or [0.0]
    for cls, y in (("Organization", min(ys) - 160), ("Technique", max(ys) + 160)):
        row = [n for n in order if graph.nodes[n].get("class") == cls]
        row.sort(key=lambda n: sum(xs_of.get(n, [0])) / len(xs_of.get(n, [0])))
        x = min((p[0] for p in pos.values()), default=0.0)
        for n in row:
            want = sum(xs_of.get(n, [x])) / len(xs_of.get(n, [x]))
            x = max(x, want)
            pos[n] = (round(x, 1), y)
            x += widths[n] + 40


#: fonts for the labels drawn on the canvas: Latin first, then ``KgCJK``, which lineage.css
#: defines as the installed CJK-capable face among fonts-noto-cjk (Linux), PingFang / Hiragino
#: (macOS) and Microsoft YaHei (Windows), by ``local()`` names (nothing is fetched).  Why an
#: alias: vis-network removes the spaces of a font face ("Noto Sans CJK SC" became
#: "NotoSansCJKSC", a family no system has), so family names with spaces cannot be listed here.
FONT_FACE = "system-ui,KgCJK,sans-serif"


def _options(physics: bool, big: bool) -> dict[str, Any]:
    """vis-network options: fixed layout unless small + force, light edges on big graphs."""
    opts: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"size": 14, "face": FONT_FACE, "color": "#111827"},
            "margin": {"top": 6, "bottom": 6, "left": 8, "right": 8},
            "borderWidth": 1.5,
            "shapeProperties": {"borderRadius": 4},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": False if big else {"type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4},
            "selectionWidth": 2,
            "hoverWidth": 0.5,
        },
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "navigationButtons": False, "keyboard": {"enabled": True, "bindToWindow": False}},
        "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
        "physics": {"enabled": False},
    }
    if physics:
        opts["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
        }
        opts["edges"]["smooth"] = {"type": "continuous"}
    return opts


def _json_island(obj: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _b64sha(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _legend(net: Any) -> str:
    classes = sorted({n["cls"] for n in net.nodes}, key=lambda c: list(CLASS_STYLE).index(c)
                     if c in CLASS_STYLE else 99)
    kinds = [k for k in KIND_STYLE if any(e.get("kind") == k for e in net.edges)]
    out = ['<div class="kg-legend-title">Legend</div>']
    for c in classes:
        shape, bg, border = CLASS_STYLE.get(c, CLASS_STYLE["Model"])
        out.append(f'<div class="kg-row"><span class="kg-shape kg-{html.escape(shape)}" '
                   f'style="background:{bg};border-color:{border}"></span>{html.escape(c)}</div>')
    for k in kinds:
        colour, dashes, text = KIND_STYLE[k]
        style = "dashed" if dashes else "solid"
        out.append(f'<div class="kg-row"><span class="kg-line" style="border-top:3px {style} {colour}">'
                   f'</span>{html.escape(text)}</div>')
    return "\n".join(out)


_SLOT = re.compile(r"\{\{KG:(\w+)\}\}")


def lineage_html(graph: nx.MultiDiGraph, seeds: Sequence[str] = (), depth: int | None = None,
                 kinds: frozenset[str] | None = None, layout: str = "hierarchical",
                 title: str = "LLM lineage", physics: bool | None = None) -> str:
    """The complete offline HTML page (a string) for :func:`lineage_network`'s drawing.

    Examples
    --------
    >>> from kg.lineage import lineage_graph_from_edges
    >>> page = lineage_html(lineage_graph_from_edges([("b", "<img src=x onerror=alert(1)>", "finetune")]))
    >>> "<img src=x" in page, "https://" in page.split("<script")[0]
    (False, False)
    """
    net = lineage_network(graph, seeds, depth, kinds, layout, physics)
    js, css = vis_assets()
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": json.loads(net.options) if isinstance(net.options, str) else net.options,
        "meta": {**net.kg_meta, "title": title, "nodeCount": len(net.nodes),
                 "edgeCount": len(net.edges), "seeds": [_short(s) for s in seeds],
                 "documents": graph.graph.get("documents", {})},
    }
    if not isinstance(data["options"], dict):
        data["options"] = json.loads(net.options.to_json())
    n_models = sum(1 for n in net.nodes if n["cls"] == "Model")
    summary = f"{n_models} models, {sum(1 for e in net.edges if e.get('lineage'))} lineage links"
    slots = {
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(summary),
        "VIS_CSS": css.replace("</", "<\\/"),
        "KG_CSS": (_HERE / "lineage.css").read_text(encoding="utf-8"),
        "VIS_JS": js.replace("</script", "<\\/script"),
        "KG_JS": (_HERE / "lineage.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "LEGEND": _legend(net),
        "DATA": _json_island(data),
    }
    # Defence in depth: the page may run only its own two scripts (by hash, so inline
    # event handlers such as onerror= never run) and may fetch nothing at all.
    hashes = " ".join(f"'sha256-{_b64sha(slots[k])}'" for k in ("VIS_JS", "KG_JS"))
    slots["CSP"] = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
                    "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
    template = (_HERE / "template.html").read_text(encoding="utf-8")
    # one pass: text inserted for one slot is never scanned for another
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def write_lineage_html(path: str | Path, graph: nx.MultiDiGraph, seeds: Iterable[str] = (),
                       depth: int | None = None, kinds: frozenset[str] | None = None,
                       layout: str = "hierarchical", title: str = "LLM lineage") -> Path:
    """Write :func:`lineage_html` to ``path`` (folders created); nothing else is written."""
    page = lineage_html(graph, tuple(seeds), depth, kinds, layout, title)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out
