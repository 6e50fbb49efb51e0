"""``kg export``: write the graph as Turtle, JSON-LD, N-Triples or TriG."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import store_option


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt", "trig"]),
              default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Output file (default exports/llm-kg.<ext>); '-' for standard output.")
@click.option("--no-provenance", is_flag=True, help="Leave out claim and document nodes.")
def export(store: str, fmt: str, output: str | None, no_provenance: bool) -> None:
    """Export the graph (deterministic: the same graph gives the same bytes)."""
    import sys
    import tempfile

    from kg.export import DEFAULT_DIR, DEFAULT_NAME, FORMATS, export_graph
    from kg.graph.store import open_read

    st = open_read(store)
    if output == "-":
        with tempfile.TemporaryDirectory() as d:
            p = export_graph(st, fmt, Path(d) / "out", provenance=not no_provenance)
            sys.stdout.buffer.write(p.read_bytes())
        return
    out = Path(output) if output else Path(DEFAULT_DIR) / f"{DEFAULT_NAME}.{FORMATS[fmt][0]}"
    export_graph(st, fmt, out, provenance=not no_provenance)
    click.echo(f"wrote {out} ({out.stat().st_size} bytes)")
