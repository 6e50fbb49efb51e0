"""Talk to external triple stores with the two W3C protocols every store speaks.

* SPARQL 1.1 Protocol (``POST query=...``) for queries: answers come back as SPARQL
  JSON results (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) and are parsed with
  pyoxigraph, so remote and embedded answers have the same shape.
* SPARQL 1.1 Graph Store Protocol (``PUT``/``POST`` of N-Triples to ``?default`` or
  ``?graph=IRI``) for uploads: Oxigraph server (``/store``), Fuseki (``/DATASET/data``),
  Virtuoso (``/sparql-graph-crud``), GraphDB all accept it.

stdlib ``urllib`` only: no new dependency for two request kinds.
"""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.parse
import urllib.request

from kg.errors import QueryError, StoreError

__all__ = ["sparql_request", "push_graph", "RemoteStore", "check_url"]

USER_AGENT = "llm-kg"


def check_url(url: str, what: str = "--endpoint") -> str:
    """Accept only http(s) URLs: urllib would otherwise also open file:// and ftp://."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise QueryError(f"{what} {url!r}: expected an http:// or https:// URL")
    return url


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        body = ""
    first = body.splitlines()[0] if body else exc.reason
    return f"HTTP {exc.code}: {first}"


def sparql_request(endpoint: str, text: str, origin: str = "query", graph: str | None = None,
                   timeout: float = 60.0):
    """POST ``text`` to a SPARQL endpoint and parse the answer into a QueryResult."""
    import pyoxigraph

    from kg.query.run import QueryResult, solutions_to_result

    check_url(endpoint)
    form = [("query", text)]
    if graph:
        form.append(("default-graph-uri", graph))
    req = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode(form).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            "User-Agent": USER_AGENT,
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = resp.headers.get_content_type()
            body = resp.read()
    except urllib.error.HTTPError as exc:
        raise QueryError(f"{origin}: the endpoint refused the query ({_error_text(exc)})") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{origin}: cannot reach {endpoint} ({reason})") from None
    try:
        if ctype == "application/sparql-results+json":
            answer = pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.JSON)
            return solutions_to_result(answer)
        if ctype == "application/sparql-results+xml":
            answer = pyoxigraph.parse_query_results(body, pyoxigraph.QueryResultsFormat.XML)
            return solutions_to_result(answer)
        fmt = pyoxigraph.RdfFormat.from_media_type(ctype)
        if fmt is None:
            raise QueryError(f"{origin}: the endpoint answered with unsupported type {ctype!r}")
        return QueryResult("graph", triples=[q.triple for q in pyoxigraph.parse(body, fmt)])
    except SyntaxError as exc:
        raise QueryError(f"{origin}: the endpoint sent an unreadable answer ({exc})") from None


def push_graph(store, endpoint: str, graph: str | None = None, replace: bool = True,
               timeout: float = 600.0) -> int:
    """Upload the default graph of ``store`` to a Graph Store Protocol endpoint.

    ``replace`` -> ``PUT`` (the target graph becomes exactly ours), else ``POST``
    (merge).  Returns the number of triples sent.  The N-Triples go through a
    temporary file so memory stays flat for large graphs.
    """
    import pyoxigraph

    check_url(endpoint)
    if graph is not None:
        try:
            pyoxigraph.NamedNode(graph)
        except ValueError as exc:
            raise QueryError(f"--graph {graph!r}: invalid IRI ({exc})") from None
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    target = endpoint + sep + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    count = sum(1 for _ in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))
    with tempfile.TemporaryFile() as fh:
        store.dump(fh, pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        size = fh.tell()
        fh.seek(0)
        req = urllib.request.Request(
            target,
            data=fh,
            method="PUT" if replace else "POST",
            headers={
                "Content-Type": "application/n-triples",
                "Content-Length": str(size),
                "User-Agent": USER_AGENT,
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            raise StoreError(f"push to {endpoint}: refused ({_error_text(exc)})") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"push to {endpoint}: cannot reach it ({reason})") from None
    return count


class RemoteStore:
    """The slice of the pyoxigraph Store API that entity lookup needs, over HTTP.

    Lets ``--param model="llama 2"`` resolve labels against the remote graph with the
    same :func:`kg.graph.lookup.find_entity` as the embedded store.
    """

    def __init__(self, endpoint: str, graph: str | None = None) -> None:
        self.endpoint = endpoint
        self.graph = graph

    def query(self, text: str):
        res = sparql_request(self.endpoint, text, origin="entity lookup", graph=self.graph)
        if res.kind == "select":
            return res.rows
        if res.kind == "ask":
            return res.boolean
        return res.triples

    def quads_for_pattern(self, s, p, o, g=None):
        """Triples matching the pattern (first 100; lookup needs one label)."""
        import pyoxigraph

        from kg.query.run import bind_as_values

        params = {k: v for k, v in (("s", s), ("p", p), ("o", o)) if v is not None}
        text = bind_as_values("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100", params)
        for row in sparql_request(self.endpoint, text, origin="entity lookup", graph=self.graph).rows:
            yield pyoxigraph.Quad(row["s"], row["p"], row["o"])

