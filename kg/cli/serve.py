"""``kg serve``: parse options, run :func:`kg.serve.serve`."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import store_option


@click.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (loopback by default; anything else is reachable by others).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL UPDATE (refused with 403 otherwise); changes become a new snapshot at exit.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Per-query time limit in seconds.")
@click.option("--limit", default=10_000, show_default=True, type=click.IntRange(1),
              help="At most this many result rows (or triples) per answer.")
@click.option("--viz", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Lineage HTML to link from the page (default exports/lineage.html).")
@click.option("-v", "--verbose", is_flag=True, help="Log every request to stderr.")
def serve(store: str, host: str, port: int, allow_update: bool, timeout: float, limit: int,
          viz: Path | None, verbose: bool) -> None:
    """Serve a SPARQL 1.1 endpoint and a query page over HTTP.

    \b
    Example:
      kg serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/query
    """
    from kg.serve import ServeConfig
    from kg.serve import serve as run

    if viz is None:
        viz = Path("exports") / "lineage.html"
    config = ServeConfig(store=store, host=host, port=port, allow_update=allow_update,
                         timeout=timeout, limit=limit, viz=viz, verbose=verbose)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: other machines can reach this endpoint.", err=True)

    def ready(server) -> None:
        mode = "read-write" if allow_update else "read-only"
        click.echo(f"SPARQL endpoint: {server.url}/query  (page: {server.url}/ ; {mode}, "
                   f"timeout {timeout:g} s, limit {limit} rows).  Ctrl-C to stop.", err=True)

    run(config, ready)
