"""``kg viz``: write the interactive, offline HTML lineage graph, or a static figure (SVG/PNG/PDF)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import store_option


@click.command()
@click.argument("entities", nargs=-1)
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Hops around each ENTITY.")
@click.option("--kind", "kind", default=None, metavar="KINDS",
              help="Comma-separated lineage kinds (successor, derived, finetune, distill, "
                   "quantized, adapter, merged).  Default: all.")
@click.option("--include", "include", default="series", show_default=True, metavar="WHAT",
              help="Extra nodes: orgs, techniques, series (comma-separated), or none.  "
                   "Series nodes head each family, so models without stated lineage still show.")
@click.option("--layout", type=click.Choice(["hierarchical", "force"]), default="hierarchical",
              show_default=True, help="Layered (oldest at top) or force-directed.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default exports/lineage.html, or exports/lineage.FORMAT).")
@click.option("--format", "fmt", type=click.Choice(["html", "svg", "png", "pdf"]), default=None,
              help="html: the interactive page (default).  svg, png, pdf: a static, print-ready figure "
                   "laid out by Graphviz (needs its dot program).  Default: from the -o suffix.")
@click.option("--family", default=None, metavar="NAME",
              help="Figures: only models of this series or developer (e.g. Qwen, Meta).")
@click.option("--since", default=None, metavar="DATE",
              help="Figures: only models released since DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--title", default="LLM lineage", show_default=True, help="Page title.")
@store_option
def viz(entities: tuple[str, ...], depth: int | None, kind: str | None, include: str, layout: str,
        output: str | None, fmt: str | None, family: str | None, since: str | None, title: str,
        store: str) -> None:
    """Write an interactive lineage graph as ONE offline HTML file, or a static figure.

    Without ENTITY: every model with lineage.  With ENTITY (any label): its ancestors
    and descendants (--depth hops).  The HTML file needs no network; click a node to
    highlight its lineage, hover for facts and quotes, search by any name.  With
    --format svg/png/pdf: a figure for a paper, layered by release date (older at the
    top), families boxed, edge styles by lineage kind with a legend, fitted to a page.
    """
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("svg", "png", "pdf") else "html"
    if output is None:
        output = f"exports/lineage.{fmt}"
    if fmt != "html":
        _figure(entities, depth, kind, output, fmt, family, since, title, store)
        return
    if family or since:
        raise click.BadParameter("--family and --since select a figure (--format svg, png or pdf)",
                                 param_hint="--family/--since")
    from kg.cli.lineage import _kinds, _load, _model, safe
    from kg.lineage import INCLUDE_NAMES
    from kg.viz import SIZE_LIMIT, write_lineage_html

    inc = tuple(x.strip() for x in include.split(",") if x.strip() and x.strip() != "none")
    for x in inc:
        if x not in INCLUDE_NAMES:
            raise click.BadParameter(f"{x!r} (choose from {', '.join(INCLUDE_NAMES)})",
                                     param_hint="--include")
    kinds = _kinds(kind)
    st, graph = _load(store, inc)
    seeds = [_model(st, graph, e) for e in entities]
    path = write_lineage_html(Path(output), graph, seeds, depth, kinds, layout, title)
    from kg.viz.html import select_nodes

    n = len(select_nodes(graph, seeds, depth, kinds))
    note = f" (above the supported {SIZE_LIMIT}: expect slow interaction)" if n > SIZE_LIMIT else ""
    click.echo(f"Wrote {safe(path)}: {n} nodes{note}.  Open it in a browser (works offline).")


def _figure(entities: tuple[str, ...], depth: int | None, kind: str | None, output: str, fmt: str,
            family: str | None, since: str | None, title: str, store: str) -> None:
    from kg.cli.lineage import _kinds, _load, _model, safe
    from kg.extract.normalize import parse_date
    from kg.viz.figure import write_figure

    when = None
    if since:
        when = parse_date(since)
        if not when:
            raise click.BadParameter(f"{since!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint="--since")
    st, graph = _load(store, ())
    seeds = [_model(st, graph, e) for e in entities]
    path, n = write_figure(output, graph, fmt, seeds, depth, _kinds(kind), family, when, title)
    click.echo(f"Wrote {safe(path)}: {n} models.")
