"""``kg viz``: write the interactive, offline HTML lineage graph."""

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
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default="exports/lineage.html",
              show_default=True, help="HTML file to write.")
@click.option("--title", default="LLM lineage", show_default=True, help="Page title.")
@store_option
def viz(entities: tuple[str, ...], depth: int | None, kind: str | None, include: str, layout: str,
        output: str, title: str, store: str) -> None:
    """Write an interactive lineage graph as ONE offline HTML file.

    Without ENTITY: every model with lineage.  With ENTITY (any label): its ancestors
    and descendants (--depth hops).  The file needs no network; click a node to
    highlight its lineage, hover for facts and quotes, search by any name.
    """
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
