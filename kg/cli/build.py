"""``kg build``: documents -> graph store, with a summary table."""

from __future__ import annotations

import sys

import click

from kg.cli.options import store_option
from kg.cli.output import console, safe, stderr_is_tty, table


@click.command()
@click.argument("sources", nargs=-1, type=click.Path())
@store_option
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for reading and extraction (output is identical).")
@click.option("--no-cache", is_flag=True, help="Re-extract every document (ignore the cache).")
def build(sources: tuple[str, ...], store: str, jobs: int, no_cache: bool) -> None:
    """Build the graph from SOURCES (files or folders of .md/.txt/.html/.pdf; default: sources/).

    The new graph replaces the store's graph atomically; a failed or interrupted
    build leaves the previous graph in place.  Exit code 2 when a file was skipped.
    """
    from kg.pipeline import DEFAULT_SOURCES
    from kg.pipeline import build as run_build

    srcs = list(sources) or [DEFAULT_SOURCES]
    progress = None
    bar = None
    if stderr_is_tty():
        from rich.progress import Progress

        bar = Progress(console=console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("extracting", total=None)

        def on_files(n: int) -> None:
            bar.update(task, total=n)

        def progress(name: str) -> None:
            bar.update(task, advance=1, description=f"extracting {safe(name)[:40]}")
    else:
        on_files = None
    from kg.errors import NoDocuments

    try:
        report = run_build(srcs, store, jobs=jobs, use_cache=not no_cache,
                           progress=progress, on_files=on_files)
    except NoDocuments as exc:
        for s in exc.skipped:
            click.echo(f"skipped: {safe(s.reason)}", err=True)
        raise
    finally:
        if bar is not None:
            bar.stop()
    for s in report.skipped:
        click.echo(f"skipped: {safe(s.reason)}", err=True)
    rows = [
        ["documents", report.documents],
        ["claims", report.claims],
        ["triples", report.triples],
        *[[f"entities: {k}", v] for k, v in report.entities.items()],
        ["conflicts", report.conflicts],
        ["skipped files", len(report.skipped)],
        ["re-extracted", "0 (nothing changed: graph kept)" if report.unchanged else report.reextracted],
        ["seconds", f"{report.seconds:.2f}"],
    ]
    console().print(table(f"Built {report.store}", ["", "count"], rows))
    if report.skipped:
        sys.exit(2)
