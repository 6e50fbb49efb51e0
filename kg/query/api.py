"""One entry point for every way of running a query (CLI, server page, tests).

``prepare`` turns what a user typed (a file, a query name or query text, plus
``NAME=VALUE`` strings) into query text and bound RDF terms; ``execute`` runs it on
the embedded store or a remote endpoint.  Keeping both here means the CLI only
parses options and prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.query.named import NamedQuery, get_query
from kg.query.params import apply_row_limit, bind_params, parse_param_args, row_limit
from kg.query.run import QueryResult, run_embedded, run_remote

__all__ = ["PreparedQuery", "load_source", "prepare", "execute"]


@dataclass
class PreparedQuery:
    """Query text with where it came from and, for named queries, its declaration."""

    text: str
    origin: str
    named: NamedQuery | None = None
    #: rows the query is limited to (its ``limit`` parameter), once parameters are prepared
    row_limit: int | None = None


def load_source(source: str | None, expr: str | None, folder: Path | None = None) -> PreparedQuery:
    """``-e TEXT``, a ``.rq`` file, or a named query from ``queries/`` (in that order)."""
    if expr is not None and source is not None:
        raise QueryError("give either a query FILE/NAME or -e TEXT, not both")
    if expr is not None:
        return PreparedQuery(expr, "-e")
    if source is None:
        raise QueryError("no query: give a FILE.rq, a query NAME (see `kg queries`) or -e TEXT")
    path = Path(source)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{source}: cannot read the query file ({exc})") from None
        named = None
        if path.suffix == ".rq" and text.lstrip().startswith("#"):
            try:
                from kg.query.named import parse_header

                named = parse_header(path, text)
            except QueryError:
                named = None  # a plain query file with ordinary comments
        return PreparedQuery(text, str(source), named)
    if source.endswith((".rq", ".sparql")) or "/" in source:
        raise QueryError(f"{source}: no such query file")
    nq = get_query(source, folder)
    return PreparedQuery(nq.text, str(nq.path.name), nq)


def prepare_params(pq: PreparedQuery, param_args: Iterable[str], store=None) -> dict[str, object]:
    """Bind ``NAME=VALUE`` strings as terms; entity names are looked up in ``store``.

    A named query's ``limit`` parameter is not a term: it rewrites ``pq.text``'s LIMIT
    clauses (so ``pq`` is updated in place) and sets ``pq.row_limit``.
    """
    raw = parse_param_args(param_args)
    n = row_limit(raw, pq.named)
    if n is not None and pq.named is not None:
        pq.text = apply_row_limit(pq.named.text, pq.named, n)
        pq.row_limit = n or None
    resolve = None
    if store is not None:
        from kg.graph.lookup import find_entity

        def resolve(name: str, cls: str | None) -> str:
            return find_entity(store, name, cls)

    return bind_params(raw, pq.named, resolve)


def prepare(source: str | None, expr: str | None, param_args: Iterable[str] = (), store=None,
            folder: Path | None = None) -> tuple[PreparedQuery, dict[str, object]]:
    """Load the query and bind its parameters."""
    pq = load_source(source, expr, folder)
    return pq, prepare_params(pq, param_args, store)


def execute(pq: PreparedQuery, params: dict[str, object], store=None, endpoint: str | None = None,
            graph: str | None = None, limit: int | None = None) -> QueryResult:
    """Run a prepared query on ``store`` (pyoxigraph) or, if given, a remote ``endpoint``."""
    if endpoint:
        result = run_remote(endpoint, pq.text, params, origin=pq.origin, graph=graph)
    elif store is None:
        raise QueryError("no store to query")
    else:
        result = run_embedded(store, pq.text, params, origin=pq.origin, limit=limit)
    if pq.row_limit is not None and len(result.rows) >= pq.row_limit:
        result.truncated = True  # the query's own limit was reached: there may be more rows
    return result
