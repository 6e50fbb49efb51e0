"""``kg push``: upload the graph to an external triple store (Graph Store Protocol)."""

from __future__ import annotations

import click

from kg.cli.options import store_option


@click.command("push")
@store_option
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL: Oxigraph http://HOST:7878/store, Fuseki "
                   "http://HOST:3030/DATASET/data, Virtuoso http://HOST:8890/sparql-graph-crud.")
@click.option("--graph", metavar="IRI", help="Target named graph (default: the default graph).")
@click.option("--append", is_flag=True, help="Merge into the target graph (POST) instead of replacing it (PUT).")
def push(store: str, endpoint: str, graph: str | None, append: bool) -> None:
    """Upload the graph (N-Triples) to a remote store.

    \b
    Example:
      oxigraph serve --location /tmp/ox --bind 127.0.0.1:7878 &
      kg push --endpoint http://127.0.0.1:7878/store
      kg query models-by-organization --endpoint http://127.0.0.1:7878/query
    """
    from kg.graph.store import open_read
    from kg.query.remote import push_graph

    n = push_graph(open_read(store), endpoint, graph=graph, replace=not append)
    target = f"graph <{graph}>" if graph else "the default graph"
    click.echo(f"Pushed {n} triples to {target} at {endpoint} ({'merged' if append else 'replaced'}).")
