"""``kg serve``: a small stdlib HTTP front end over the Oxigraph engine.

The engine (:mod:`kg.serve.engine`) evaluates SPARQL; this front end adds what a
public-facing endpoint for this project needs and Oxigraph's server does not have:

* an HTML page (query box, the named queries with parameter fields, link to the
  lineage viz), everything escaped, scripts allowed only by a per-response nonce;
* read-only by default: ``/update`` answers 403 unless ``--allow-update``;
* no federated ``SERVICE`` (it would let any web page make this machine fetch URLs),
  no ``LOAD``; a Host-header check against DNS rebinding and an Origin check on updates;
* a result-size limit (rows or triples; the answer says it was truncated) and a
  clear 400 for malformed queries, 503 when the engine's time limit cancels one;
* the default ``PREFIX``es of :data:`kg.vocab.PREFIXES` and ``/named/NAME?param=...``
  to run a named query with bound parameters (same binding code as ``kg query --endpoint``).

Routes: ``/`` page, ``/query`` and ``/sparql`` (SPARQL 1.1 Protocol, GET and POST),
``/update``, ``/queries`` (JSON list), ``/named/NAME``, ``/lineage.html``.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import KgError
from kg.query.output import terminal_safe

__all__ = ["ServeConfig", "KgServer", "make_server", "PAGE_PATH"]

PAGE_PATH = Path(__file__).with_name("page.html")
MAX_BODY = 1_000_000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

RESULT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE", "application/ld+json": "JSON_LD", "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML", "application/json": "JSON_LD",
}
_POSITION = re.compile(r"error at (\d+):(\d+)")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass
class ServeConfig:
    store: str = ".kg"
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 30.0
    limit: int = 10_000
    viz: Path | None = None
    verbose: bool = False


class KgServer(ThreadingHTTPServer):
    """The HTTP server: holds the engine and the configuration for the handlers."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServeConfig, engine) -> None:
        self.config = config
        self.engine = engine
        super().__init__((config.host, config.port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def make_server(config: ServeConfig):
    """Start the engine and bind the front end (not yet serving).  Caller closes both."""
    from kg.serve.engine import OxigraphEngine

    engine = OxigraphEngine(config.store, allow_update=config.allow_update, timeout=config.timeout)
    engine.start()
    try:
        return KgServer(config, engine)
    except OSError as exc:
        engine.close()
        from kg.errors import StoreError

        raise StoreError(f"cannot listen on {config.host}:{config.port} ({exc.strerror or exc})") from None


def _first_keyword(text: str) -> str:
    from kg.query.scan import tokens

    skip = False
    for t in tokens(text):
        if t.kind == "word" and t.text.upper() in ("PREFIX", "BASE"):
            skip = True
            continue
        if skip and t.kind in ("word", "iri"):
            skip = t.kind == "word"  # PREFIX p: <iri>  /  BASE <iri>
            continue
        return t.text.upper() if t.kind == "word" else ""
    return ""


def _negotiate(accept: str, table: dict[str, str], default: str) -> tuple[str, str]:
    """(media type, format name) best matching an Accept header; lenient default."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.strip().lower()))
    for negq, _, media in sorted(ranked):
        if negq < 0 and media in table:
            return media, table[media]
    return default, table[default]


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    server_version = "llm-kg"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------ plumbing
    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        if self.server.config.verbose:
            sys.stderr.write(terminal_safe(f"{self.address_string()} {format % args}") + "\n")

    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.strip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _host_ok(self) -> bool:
        """Refuse foreign Host headers on a loopback bind (DNS-rebinding defence)."""
        if self.server.config.host not in LOOPBACK:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        return name in ("127.0.0.1", "localhost", "[::1]")

    def _origin_ok(self) -> bool:
        origin = self.headers.get("Origin")
        if not origin:
            return True
        host = self.headers.get("Host", "")
        return origin in (f"http://{host}", f"https://{host}")

    def _read_body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._error(413, f"request body must be at most {MAX_BODY} bytes")
            return None
        return self.rfile.read(length) if length else b""

    # ------------------------------------------------------------ routes
    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            return self._error(403, "unexpected Host header")
        url = urllib.parse.urlsplit(self.path)
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path
        if path in ("/", "/index.html"):
            return self._page()
        if path == "/queries":
            return self._queries()
        if path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        if path == "/prefixes.json":
            from kg.vocab import PREFIXES

            return self._send(200, json.dumps(PREFIXES).encode("utf-8"), "application/json")
        if path.startswith("/named-text/"):
            return self._named(urllib.parse.unquote(path[len("/named-text/"):]), form, text_only=True)
        if path == "/lineage.html":
            return self._viz()
        if path in ("/query", "/sparql"):
            if "update" in form:
                return self._error(405, "send SPARQL UPDATE with POST to /update")
            return self._sparql(form.get("query", [""])[0], form)
        if path.startswith("/named/"):
            return self._named(urllib.parse.unquote(path[len("/named/"):]), form)
        if path == "/update":
            return self._error(405, "send SPARQL UPDATE with POST")
        return self._error(404, "not found: try / (page), /query (SPARQL) or /queries")

    def do_POST(self) -> None:
        if not self._host_ok():
            return self._error(403, "unexpected Host header")
        url = urllib.parse.urlsplit(self.path)
        body = self._read_body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        text = body.decode("utf-8", "replace")
        if ctype == "application/x-www-form-urlencoded":
            for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                form.setdefault(k, []).extend(v)
            text = ""
        if url.path == "/update" or ctype == "application/sparql-update" or "update" in form:
            return self._update(text if ctype == "application/sparql-update" else form.get("update", [""])[0])
        if url.path not in ("/query", "/sparql"):
            return self._error(404, "not found: POST queries to /query and updates to /update")
        query = text if ctype == "application/sparql-query" else form.get("query", [""])[0]
        return self._sparql(query, form)

    # ------------------------------------------------------------ SPARQL
    def _sparql(self, query: str, form: dict[str, list[str]]) -> None:
        from kg.query.scan import has_keyword
        from kg.vocab import prefix_block

        cfg = self.server.config
        if not query.strip():
            return self._error(400, "missing 'query' parameter (SPARQL 1.1 Protocol)")
        if _first_keyword(query) in _UPDATE_WORDS:
            if not cfg.allow_update:
                return self._error(403, "this endpoint is read-only: SPARQL UPDATE is refused "
                                        "(start `kg serve --allow-update` to accept updates)")
            return self._error(400, "send SPARQL UPDATE to /update")
        if has_keyword(query, "SERVICE"):
            return self._error(400, "federated SERVICE queries are disabled on this endpoint")
        self.server.engine.follow_current()
        prefixes = prefix_block()
        fields = [("query", prefixes + query)]
        for key in ("default-graph-uri", "named-graph-uri"):
            fields += [(key, v) for v in form.get(key, [])]
        try:
            resp = self._engine_post("/query", fields,
                                     "application/sparql-results+json, application/n-triples;q=0.9")
        except urllib.error.HTTPError as exc:
            msg = exc.read(4000).decode("utf-8", "replace").strip()
            shift = prefixes.count("\n")

            def fix(m: re.Match[str]) -> str:  # positions in the user's text, not ours
                return f"error at {max(1, int(m[1]) - shift)}:{m[2]}"

            if exc.code == 400:
                return self._error(400, "invalid SPARQL: " + _POSITION.sub(fix, msg))
            if "cancelled" in msg.lower():
                return self._error(503, f"the query was cancelled: it ran longer than the time "
                                        f"limit ({cfg.timeout:g} s)")
            return self._error(502, f"query engine error (HTTP {exc.code}): {msg}")
        except (urllib.error.URLError, OSError) as exc:
            return self._error(504, f"query engine did not answer ({getattr(exc, 'reason', exc)})")
        with resp:
            self._relay(resp)

    def _engine_post(self, route: str, fields: list[tuple[str, str]], accept: str):
        engine = self.server.engine
        req = urllib.request.Request(
            engine.url + route, data=urllib.parse.urlencode(fields).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept},
        )
        return urllib.request.urlopen(req, timeout=engine.timeout + 10)

    def _relay(self, resp) -> None:
        """Read the engine's answer up to the limit and re-serialize it as the client asked."""
        import pyoxigraph

        from kg.query.output import result_json
        from kg.query.run import solutions_to_result

        cfg = self.server.config
        ctype = resp.headers.get_content_type()
        accept = self.headers.get("Accept") or ""
        try:
            if ctype == "application/sparql-results+json":
                answer = pyoxigraph.parse_query_results(resp, pyoxigraph.QueryResultsFormat.JSON)
                result = solutions_to_result(answer, cfg.limit)
            else:
                triples = (q.triple for q in pyoxigraph.parse(resp, pyoxigraph.RdfFormat.N_TRIPLES))
                from kg.query.run import QueryResult

                result = QueryResult("graph")
                for t in triples:
                    if len(result.triples) >= cfg.limit:
                        result.truncated = True
                        break
                    result.triples.append(t)
        except (SyntaxError, ValueError, OSError):
            return self._error(503, f"the query was cancelled: it ran longer than the time limit "
                                    f"({cfg.timeout:g} s) or its answer could not be read")
        headers = {}
        if result.truncated:
            headers["X-KG-Truncated"] = f"true; limit={cfg.limit}"
        if result.kind == "graph":
            media, name = _negotiate(accept, GRAPH_TYPES, "text/turtle")
            from kg.vocab import PREFIXES

            fmt = getattr(pyoxigraph.RdfFormat, name)
            body = pyoxigraph.serialize(result.triples, format=fmt,
                                        prefixes=dict(PREFIXES) if name == "TURTLE" else None) or b""
            charset = "; charset=utf-8" if media.startswith("text/") else ""
            return self._send(200, body, media + charset, headers)
        media, name = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
        data = json.dumps(result_json(result), ensure_ascii=False).encode("utf-8")
        if name != "JSON":
            parsed = pyoxigraph.parse_query_results(data, pyoxigraph.QueryResultsFormat.JSON)
            data = parsed.serialize(format=getattr(pyoxigraph.QueryResultsFormat, name)) or b""
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        return self._send(200, data, media + charset, headers)

    def _update(self, text: str) -> None:
        from kg.query.scan import has_keyword
        from kg.vocab import prefix_block

        cfg = self.server.config
        if not cfg.allow_update:
            return self._error(403, "this endpoint is read-only: SPARQL UPDATE is refused "
                                    "(start `kg serve --allow-update` to accept updates)")
        if not self._origin_ok():
            return self._error(403, "cross-origin updates are refused")
        if not text.strip():
            return self._error(400, "missing 'update' parameter (SPARQL 1.1 Protocol)")
        if has_keyword(text, "LOAD") or has_keyword(text, "SERVICE"):
            return self._error(400, "LOAD and SERVICE are disabled on this endpoint")
        try:
            with self._engine_post("/update", [("update", prefix_block() + text)], "*/*") as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            msg = exc.read(4000).decode("utf-8", "replace").strip()
            return self._error(400 if exc.code == 400 else 502, f"update refused: {msg}")
        except (urllib.error.URLError, OSError) as exc:
            return self._error(504, f"query engine did not answer ({getattr(exc, 'reason', exc)})")
        self.server.engine.updated = True
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _named(self, name: str, form: dict[str, list[str]], text_only: bool = False) -> None:
        """Run a named query with parameters bound as terms (labels looked up); ``text_only``:
        answer the bound SPARQL text instead (the workbench opens it in an editor tab)."""
        from kg.query import load_source, prepare_params
        from kg.query.remote import RemoteStore
        from kg.query.run import bind_as_values

        try:
            pq = load_source(name, None) if re.fullmatch(r"[\w.-]+", name) else None
            if pq is None or pq.named is None:
                return self._error(404, f"no named query {name!r}")
            args = [f"{k}={v[0]}" for k, v in form.items() if v]
            self.server.engine.follow_current()
            params = prepare_params(pq, args, RemoteStore(self.server.engine.url + "/query"))
            text = bind_as_values(pq.text, params, origin=name)
        except KgError as exc:
            return self._error(400, str(exc))
        if text_only:
            return self._send(200, text.encode("utf-8"), "application/sparql-query; charset=utf-8")
        return self._sparql(text, {})

    # ------------------------------------------------------------ page and lists
    def _queries(self) -> None:
        from kg.query import load_queries

        listed = [{"name": q.name, "title": q.title, "description": q.description,
                   "params": [p.__dict__ for p in q.params], "examples": list(q.examples),
                   "text": q.text} for q in load_queries().values()]
        self._send(200, json.dumps(listed, ensure_ascii=False).encode("utf-8"), "application/json")

    def _viz(self) -> None:
        viz = self.server.config.viz
        if viz is None or not viz.is_file():
            return self._error(404, "no lineage viz yet: run `kg viz` to write exports/lineage.html")
        self._send(200, viz.read_bytes(), "text/html; charset=utf-8")

    def _page(self) -> None:
        """The workbench: YASGUI (editor with completion and syntax errors, result table with
        sorting, paging and downloads) inlined, with the project's prefixes, a chart view, a
        lineage-graph view of model pairs, and every named query as an example."""
        from kg.query import load_queries
        from kg.viz.html import FONT_FACE, vis_assets
        from kg.vocab import ID, PREFIXES

        cfg = self.server.config
        e = html.escape
        items = []
        for q in load_queries().values():
            inputs = "".join(
                f'<label>{e(p.name)} <small>({e(p.type + (":" + p.cls if p.cls else ""))})</small> '
                f'<input name="{e(p.name)}" value="{e(p.default or "")}" '
                f'placeholder="{e(p.help or "any")}"></label> '
                for p in q.params
            )
            items.append(
                f'<li><form class="named" data-name="{e(q.name)}"><b>{e(q.title)}</b> '
                f"<code>{e(q.name)}</code><br><small>{e(q.description)}</small><br>{inputs}"
                f'<button type="submit">Run</button> <button type="button" class="show">Open in editor</button> '
                f'<span class="status"></span></form></li>'
            )
        viz = (
            '<a href="/lineage.html">Lineage graph</a>' if cfg.viz is not None and cfg.viz.is_file()
            else "<span>Lineage graph: run <code>kg viz</code> to create exports/lineage.html</span>"
        )
        config = {
            "endpoint": "/query", "prefixesUrl": "/prefixes.json", "prefixes": PREFIXES,
            "modelNamespace": ID + "model/", "fontFace": FONT_FACE,
            "defaultQuery": _DEFAULT_QUERY, "keywords": list(SPARQL_KEYWORDS), "terms": _vocabulary_terms(),
        }
        vis_js, _ = vis_assets()
        nonce = secrets.token_urlsafe(16)
        mode = "read-write" if cfg.allow_update else "read-only"
        page = PAGE_PATH.read_text(encoding="utf-8")
        # one pass over the template: inlined code can never be taken for a placeholder
        values = {
            "nonce": nonce, "queries": "\n".join(items), "viz": viz, "mode": e(mode),
            "timeout": e(f"{cfg.timeout:g}"), "limit": e(str(cfg.limit)), "config": _json_island(config),
            "yasgui_css": _vendor("yasgui.min.css"), "yasgui_js": _vendor("yasgui.min.js"), "vis_js": vis_js,
        }
        page = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], page)
        # scripts: only this response's nonce (no inline handlers, no other host); styles: the
        # editor and the result table set element styles at run time, which needs 'unsafe-inline'
        # for styles (CSS cannot run code); nothing may be fetched except from this server
        csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'")
        self._send(200, page.encode("utf-8"), "text/html; charset=utf-8",
                   {"Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"})


_DEFAULT_QUERY = """PREFIX llm: <https://w3id.org/llmkg/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Models and what they were built on; try the Chart and Lineage graph views too
SELECT ?model ?modelLabel ?kind ?base ?baseLabel WHERE {
  VALUES ?p { llm:fineTunedFrom llm:distilledFrom llm:derivedFrom llm:successorOf }
  ?model ?p ?base .
  ?model rdfs:label ?modelLabel . ?base rdfs:label ?baseLabel .
  BIND(STRAFTER(STR(?p), "#") AS ?kind)
} ORDER BY ?modelLabel LIMIT 200
"""

#: keywords offered by the editor's completion (Ctrl-Space)
SPARQL_KEYWORDS = (
    "SELECT", "DISTINCT", "REDUCED", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "VALUES",
    "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET", "CONSTRUCT", "DESCRIBE", "ASK", "PREFIX",
    "BASE", "AS", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "EXISTS", "NOT",
    "IN", "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL",
    "FLOOR", "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS",
    "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "NOW", "COALESCE", "IF", "STRLANG", "STRDT",
    "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE",
)


def _vocabulary_terms() -> list[str]:
    """``llm:`` classes and properties of the ontology, and the common terms the graph uses."""
    text = (Path(__file__).resolve().parent.parent / "ontology.ttl").read_text(encoding="utf-8")
    terms = sorted(set(re.findall(r"^(llm:\w+) a ", text, flags=re.M)))
    return terms + ["rdfs:label", "skos:altLabel", "rdf:type", "rdf:subject", "rdf:predicate", "rdf:object",
                    "prov:wasDerivedFrom", "dcterms:title", "dcterms:format"]


@lru_cache(maxsize=4)
def _vendor(name: str) -> str:
    """A vendored front-end file (kg/serve/vendor/README.md), safe to inline in a <script>/<style>."""
    text = (Path(__file__).with_name("vendor") / name).read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def _json_island(obj: object) -> str:
    """JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
