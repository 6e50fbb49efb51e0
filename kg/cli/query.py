"""``kg query`` and ``kg queries``: parse options, call :mod:`kg.query`, print."""

from __future__ import annotations

import sys

import click

from kg.cli.options import store_option
from kg.cli.output import width_for


@click.command("query")
@click.argument("source", required=False, metavar="[FILE.rq | NAME]")
@click.option("-e", "--expr", metavar="SPARQL", help="Query text instead of a file or name.")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True,
              help="Output for SELECT/ASK; CONSTRUCT/DESCRIBE print Turtle (JSON-LD with json).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE as an RDF term (repeatable). <iri>, 42, 1.5, true are typed.")
@click.option("--endpoint", metavar="URL",
              help="Run on a remote SPARQL endpoint (e.g. http://127.0.0.1:7878/query).")
@click.option("--graph", metavar="IRI", help="With --endpoint: query this named graph as default.")
def query(source: str | None, expr: str | None, store: str, fmt: str, params: tuple[str, ...],
          endpoint: str | None, graph: str | None) -> None:
    """Run SPARQL: a FILE.rq, a named query NAME (see `kg queries`), or -e TEXT.

    \b
    Examples:
      kg query derivatives --param model="LLaMA"
      kg query -e 'SELECT ?m WHERE { ?m a llm:Model }' --format csv
      kg query models-by-organization --param org=Meta --endpoint http://127.0.0.1:7878/query
    """
    from kg.query import execute, load_source, prepare_params
    from kg.query.output import write_result

    pq = load_source(source, expr)
    if endpoint:
        from kg.query.remote import RemoteStore, check_url

        check_url(endpoint)
        lookup = RemoteStore(endpoint, graph)
        bound = prepare_params(pq, params, lookup)
        result = execute(pq, bound, endpoint=endpoint, graph=graph)
    else:
        from kg.graph.store import open_read

        st = open_read(store)
        bound = prepare_params(pq, params, st)
        result = execute(pq, bound, store=st)
    write_result(result, fmt, sys.stdout, terminal=sys.stdout.isatty())


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def queries(fmt: str) -> None:
    """List the named queries (name, title, parameters)."""
    import json

    from kg.query import load_queries, queries_dir
    from kg.query.output import terminal_safe

    found = load_queries()
    if fmt == "json":
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "description": q.description,
             "params": [p.__dict__ for p in q.params], "examples": list(q.examples)}
            for q in found.values()
        ], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"no named queries in {queries_dir()}", err=True)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("name", "title", "params", show_lines=False)
    for q in found.values():
        table.add_row(Text(q.name), Text(terminal_safe(q.title)),
                      Text(" ".join(p.signature() for p in q.params)))
    Console(highlight=False, markup=False, width=width_for(sys.stdout)).print(table)
