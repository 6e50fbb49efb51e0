"""``kg validate``: print the SHACL report of :mod:`kg.validate`; exit 1 on violations."""

from __future__ import annotations

import sys

import click

from kg.cli.options import store_option


@click.command("validate")
@store_option
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False),
              help="Validate this RDF file (e.g. exports/llm-kg.ttl) instead of the store.")
def validate(store: str, file: str | None) -> None:
    """Check the graph against the SHACL shapes (kg/shapes.ttl).

    Checks: every entity has a label; releaseDate is gYear/gYearMonth/date; sizes are
    positive integers; lineage points to models and has no cycles or self-loops; claims
    have a subject, quote, line and source document.  Exit code 1 when something fails.
    """
    from kg.query.output import terminal_safe
    from kg.validate import validate_file, validate_store

    if file:
        report = validate_file(file)
    else:
        from kg.graph.store import open_read

        report = validate_store(open_read(store))
    for v in report.violations:
        click.echo(terminal_safe(v.line()))
    click.echo(report.summary(), err=not report.conforms)
    if not report.conforms:
        # click's Exit is swallowed by kg.cli.main (standalone_mode=False): exit here
        sys.exit(1)
