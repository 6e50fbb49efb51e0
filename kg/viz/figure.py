"""Static, print-ready lineage figures (SVG, PNG, PDF) laid out by Graphviz ``dot``.

Surveys of LLMs draw their evolution trees by hand; this draws one from the graph.  The
layout is ``dot``'s layered drawing (the usual tool for such trees), written as DOT text
here and rendered through the ``graphviz`` Python binding by the ``dot`` program from the
system's packages:

* **layered by release date**: a column of years at the left; each dated model is held
  between its year and the next by invisible edges, so older models sit higher and one
  row of the figure is one year; undated models are placed by their lineage alone;
* **families grouped**: models of one series (their ``llm:series``, else their developer)
  share a labelled box;
* **edges by lineage kind**, drawn from the older model to the one built on it, in the
  colours of the interactive page, with a legend of the kinds present;
* **CJK labels** in Noto Sans CJK (fonts-noto-cjk) through fontconfig's fallback;
* a figure larger than an A4 page is scaled down to fit it.

The DOT text is built in a fixed order, so the same graph gives the same file (a PDF's
dates are fixed to 1970, whatever the cairo version).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KgError
from kg.lineage.graph import is_lineage
from kg.viz.html import KIND_STYLE, select_nodes

__all__ = ["FIGURE_FORMATS", "lineage_dot", "write_figure", "DOT_MISSING"]

FIGURE_FORMATS = ("svg", "png", "pdf")
DOT_MISSING = ("Graphviz's dot program is not installed: apt-get install graphviz "
               "(macOS: brew install graphviz)")
FONT = "Noto Sans CJK SC"
#: dot line styles per lineage kind (colours come from the interactive page's KIND_STYLE)
_STYLE = {"successorOf": "solid", "fineTunedFrom": "solid", "distilledFrom": "dashed", "derivedFrom": "dashed",
          "quantizedFrom": "dotted", "adapterOf": "dotted", "mergedFrom": "bold"}
_YEAR = re.compile(r"^(\d{4})")


def _q(text: str) -> str:
    """A DOT double-quoted string (labels are document text: quotes and backslashes escaped)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _html(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _family(data: dict[str, Any]) -> str:
    series = sorted(data.get("series") or [])
    if series:
        return series[0]
    dev = sorted(data.get("developer") or [])
    return dev[0] if dev else ""


def select_figure(graph: nx.MultiDiGraph, seeds: Sequence[str] = (), depth: int | None = None,
                  kinds: frozenset[str] | None = None, family: str | None = None,
                  since: str | None = None) -> list[str]:
    """The models to draw, sorted: the seeds' neighbourhood (or every model with lineage),
    narrowed to one family (series or developer label, any case) and to releases since a date."""
    nodes = {n for n in select_nodes(graph, seeds, depth, kinds) if graph.nodes[n].get("class") == "Model"}
    if family:
        want = family.casefold()
        nodes = {n for n in nodes if any(want == str(x).casefold() for x in
                                         list(graph.nodes[n].get("series") or [])
                                         + list(graph.nodes[n].get("developer") or []))}
    if since:
        dated = {n for n in nodes if graph.nodes[n].get("releaseDate")}
        old = {n for n in dated if str(graph.nodes[n]["releaseDate"]) < since}
        nodes -= old
        # an undated model stays only where it is linked to a model that stays
        linked = {n for n in nodes - dated
                  if any(v in nodes - (nodes - dated) for v in nx.all_neighbors(graph, n))}
        nodes = (nodes & dated) | linked
    return sorted(nodes)


def lineage_dot(graph: nx.MultiDiGraph, seeds: Sequence[str] = (), depth: int | None = None,
                kinds: frozenset[str] | None = None, family: str | None = None, since: str | None = None,
                title: str = "LLM lineage", dpi: int | None = None) -> str:
    """DOT source of the lineage figure (see the module docstring); ``dpi`` for raster output."""
    nodes = select_figure(graph, seeds, depth, kinds, family, since)
    keep = set(nodes)
    edges = sorted((u, v, d["kind"]) for u, v, d in graph.edges(data=True)
                   if u in keep and v in keep and u != v and is_lineage(d, kinds))
    years: dict[str, int] = {}
    for n in nodes:
        m = _YEAR.match(str(graph.nodes[n].get("releaseDate") or ""))
        if m:
            years[n] = int(m.group(1))
    out = [
        "digraph lineage {",
        f"  graph [rankdir=TB, newrank=true, nodesep=0.18, ranksep=0.32, fontname={_q(FONT)}, fontsize=16, "
        f'labelloc=t, label={_q(title)}, size="8.3,11.7", margin=0.2, compound=true'
        + (f", dpi={int(dpi)}" if dpi else "") + "];",
        f'  node [shape=box, style="rounded,filled", fillcolor="#eef2ff", color="#1d4ed8", fontname={_q(FONT)}, '
        'fontsize=10, height=0.28, margin="0.08,0.03"];',
        f"  edge [arrowsize=0.6, penwidth=1.2, fontname={_q(FONT)}];",
    ]
    if years:
        span = list(range(min(years.values()), max(years.values()) + 2))
        out.append('  subgraph timeline { node [shape=plaintext, style="", fontsize=12, fontcolor="#6b7280"];')
        for y in span:
            out.append(f"    y{y} [label={_q(y if y <= max(years.values()) else '')}];")
        out.append("    " + " -> ".join(f"y{y}" for y in span) + " [style=invis];")
        out.append("  }")
    families: dict[str, list[str]] = {}
    for n in nodes:
        families.setdefault(_family(graph.nodes[n]), []).append(n)
    ids = {n: f"n{i}" for i, n in enumerate(nodes)}
    for k, (fam, members) in enumerate(sorted(families.items())):
        indent = "  "
        if fam and len(members) > 1:
            out.append(f"  subgraph cluster_{k} {{ label={_q(fam)}; fontsize=11; fontcolor=\"#6b7280\"; "
                       'style="rounded,dashed"; color="#c4b5fd";')
            indent = "    "
        for n in members:
            d = graph.nodes[n]
            date = str(d.get("releaseDate") or "")
            label = d.get("label") or n.rsplit("/", 1)[-1]
            text = f"<{_html(label)}" + (f'<BR/><FONT POINT-SIZE="8" COLOR="#6b7280">{_html(date)}</FONT>'
                                          if date else "") + ">"
            out.append(f"{indent}{ids[n]} [label={text}, tooltip={_q(label)}];")
        if indent != "  ":
            out.append("  }")
    for n, y in sorted(years.items(), key=lambda kv: ids[kv[0]]):
        out.append(f"  y{y} -> {ids[n]} [style=invis, weight=0]; {ids[n]} -> y{y + 1} [style=invis, weight=0];")
    for u, v, kind in edges:
        color = KIND_STYLE.get(kind, ("#6b7280",))[0]
        # u is built on v: draw from the older model (v) down to the newer one (u)
        out.append(f"  {ids[v]} -> {ids[u]} [color={_q(color)}, style={_STYLE.get(kind, 'solid')}];")
    present = sorted({k for _, _, k in edges}, key=lambda k: list(KIND_STYLE).index(k) if k in KIND_STYLE else 99)
    if present:
        rows = "".join(
            f'<TR><TD><FONT COLOR="{KIND_STYLE[k][0]}">{"━━━" if _STYLE.get(k) in ("solid", "bold") else "╍╍╍"}'
            f'</FONT></TD><TD ALIGN="LEFT">{_html(KIND_STYLE[k][2])}</TD></TR>' for k in present if k in KIND_STYLE)
        out.append('  legend [shape=plaintext, style="", fontsize=10, label=<<TABLE BORDER="0" CELLBORDER="0" '
                   f'CELLSPACING="2"><TR><TD COLSPAN="2"><B>lineage</B></TD></TR>{rows}</TABLE>>];')
    out.append("}")
    return "\n".join(out) + "\n"


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)(\d{14})")


def _fixed_pdf_dates(data: bytes) -> bytes:
    """Set the PDF's dates to 1970-01-01, keeping every byte offset of the xref table.

    cairo before 1.17.6 ignores ``SOURCE_DATE_EPOCH`` and stamps the wall clock, so two
    renders a second apart differed; the digits are replaced one for one.
    """
    return _PDF_DATE.sub(lambda m: m.group(1) + b"19700101000000", data)


def write_figure(path: str | Path, graph: nx.MultiDiGraph, fmt: str | None = None, seeds: Iterable[str] = (),
                 depth: int | None = None, kinds: frozenset[str] | None = None, family: str | None = None,
                 since: str | None = None, title: str = "LLM lineage") -> tuple[Path, int]:
    """Render the figure to ``path`` (format from ``fmt`` or the file's suffix); returns (path, models drawn).

    Raises :class:`KgError` with the install command when ``dot`` is missing.
    """
    import graphviz

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FIGURE_FORMATS:
        raise KgError(f"--format {fmt!r}: a figure is one of {', '.join(FIGURE_FORMATS)}")
    seeds = list(seeds)
    n = len(select_figure(graph, seeds, depth, kinds, family, since))
    if n == 0:
        raise KgError("nothing to draw: no model matches the selection (--family, --since, entities)")
    src = lineage_dot(graph, seeds, depth, kinds, family, since, title, dpi=200 if fmt == "png" else None)
    try:
        data = graphviz.Source(src).pipe(format=fmt, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound:
        raise KgError(DOT_MISSING) from None
    except graphviz.CalledProcessError as exc:
        raise KgError(f"dot failed: {' '.join(str(exc.stderr or exc).split())[:300]}") from None
    if fmt == "pdf":
        data = _fixed_pdf_dates(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path, n
