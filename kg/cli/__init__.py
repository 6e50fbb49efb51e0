"""The ``kg`` command: a thin click layer over the library.

Commands live in small modules under ``kg.cli`` and are imported only when run (a
lazy group), so ``kg --help`` stays fast: rdflib, networkx and pyvis are never
imported just to print help.  Library errors (:class:`kg.errors.KgError`) become a
one-line message and the error's exit code, in one place (:func:`main`).
"""

from __future__ import annotations

import importlib
import sys

import click

#: command name -> ("module", "attribute", "one-line help").  Adding a command = one row.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("kg.cli.build", "build", "Build the graph from documents into the store."),
    "query": ("kg.cli.query", "query", "Run SPARQL (a file, -e TEXT or a named query)."),
    "queries": ("kg.cli.query", "queries", "List the named queries in queries/."),
    "export": ("kg.cli.export", "export", "Export the graph as Turtle, JSON-LD, N-Triples or TriG."),
    "stats": ("kg.cli.inspect", "stats", "Counts of documents, claims, triples and entities."),
    "conflicts": ("kg.cli.inspect", "conflicts", "List facts on which sources disagree."),
    "show": ("kg.cli.inspect", "show", "All facts about an entity, with their sources."),
    "eval": ("kg.cli.eval", "eval_cmd", "Score the graph against gold TSV files."),
    "lineage": ("kg.cli.lineage", "lineage", "Ancestors/descendants of a model as a tree."),
    "path": ("kg.cli.lineage", "path", "How two models are related (shortest lineage path)."),
    "rank": ("kg.cli.lineage", "rank", "Most influential models, organizations, techniques."),
    "viz": ("kg.cli.viz", "viz", "Write an interactive, offline HTML lineage graph."),
    "serve": ("kg.cli.serve", "serve", "Serve a SPARQL 1.1 endpoint over HTTP."),
    "push": ("kg.cli.remote", "push", "Upload the graph to a remote store (Graph Store Protocol)."),
    "validate": ("kg.cli.validate", "validate", "Check the graph against SHACL shapes."),
    "bench": ("kg.cli.bench", "bench", "Run the benchmark suite (see bench/)."),
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (mod, _, _) in COMMANDS.items() if _module_exists(mod)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not _module_exists(COMMANDS[name][0]):
            return None
        mod, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(mod), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _module_exists(mod: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(mod) is not None


@click.group(cls=LazyGroup)
@click.version_option(package_name="llm-kg")
def cli() -> None:
    """llm-kg: documents about LLMs -> a traceable RDF knowledge graph.

    Start with `kg build` (reads sources/ into the store .kg/), then `kg stats`,
    `kg show LLaMA`, `kg query NAME`, `kg viz`, `kg export --format turtle`.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning library errors into one line + exit code."""
    from kg.errors import KgError

    try:
        rc = cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as exc:
        from kg.cli.output import safe

        click.echo(f"Error: {safe(str(exc))}", err=True)  # messages may quote document text
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    # with standalone_mode=False, click returns ctx.exit(code)'s code instead of raising
    if isinstance(rc, int) and rc:
        sys.exit(rc)
