"""`kg serve` over real HTTP: a `python -m kg serve` process on a free loopback port."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.serve.engine import free_port, oxigraph_binary

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent

try:
    oxigraph_binary()
except Exception as exc:  # noqa: BLE001 - any failure means: skip with the reason
    pytest.skip(f"oxigraph server binary not available ({exc})", allow_module_level=True)


def make_store(path: Path) -> str:
    import pyoxigraph

    from kg.graph.store import StoreDir

    with StoreDir(path).new_snapshot() as (_, st):
        st.load(path=str(DATA / "mini.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return str(path)


class Server:
    """A `kg serve` child process; stopped (and its engine with it) by :meth:`stop`."""

    def __init__(self, store: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(self.port), *args],
            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, start_new_session=True,
        )
        for _ in range(300):  # bounded: at most ~30 s
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited: {self.proc.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(self.base + "/queries", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("kg serve did not start")

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session: kg serve + its engine
                self.proc.wait(timeout=10)
        self.proc.stderr.close()
        return self.proc.returncode


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def q(base: str, query: str, accept: str = "application/sparql-results+json", post: bool = False):
    if post:
        return request(base + "/query", query.encode(), {"Content-Type": "application/sparql-query",
                                                         "Accept": accept})
    return request(base + "/query?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    store = make_store(tmp / "store")
    qdir = tmp / "queries"
    shutil.copytree(ROOT / "queries", qdir)
    (qdir / "zz-evil.rq").write_text(
        '# title: <img src=x onerror=alert(1)> "quoted"\n# description: </li><script>alert(2)</script>\n'
        "# param: v literal = \"><b>x</b> -- <i>help</i>\n# example: kg query zz-evil\nSELECT ?v WHERE { }\n",
        encoding="utf-8")
    srv = Server(store, "--timeout", "2", "--limit", "5", env={"KG_QUERIES": str(qdir)})
    yield srv
    srv.stop()


MODELS = "SELECT ?m ?l WHERE { ?m a llm:Model ; rdfs:label ?l } ORDER BY ?l"


def test_select_in_every_result_format(server):
    status, headers, body = q(server.base, MODELS + " LIMIT 2")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    doc = json.loads(body)
    assert [b["l"]["value"] for b in doc["results"]["bindings"]] == ["Alpaca", "DeepSeek-R1"]
    status, headers, body = q(server.base, MODELS + " LIMIT 2", "application/sparql-results+xml", post=True)
    assert status == 200 and b"<sparql" in body and b"Alpaca" in body
    status, headers, body = q(server.base, MODELS + " LIMIT 2", "text/csv")
    assert headers["Content-Type"].startswith("text/csv") and body.decode().splitlines()[1].endswith(",Alpaca")
    status, headers, body = q(server.base, MODELS + " LIMIT 2", "text/tab-separated-values")
    assert body.decode().splitlines()[1].endswith('"Alpaca"@en')


def test_form_post_and_ask(server):
    status, _, body = request(server.base + "/query",
                              urllib.parse.urlencode({"query": "ASK { model:llama a llm:Model }"}).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_turtle_and_jsonld(server):
    text = "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a llm:Model ; llm:developer org:openai ; rdfs:label ?l }"
    status, headers, body = q(server.base, text, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle") and b'"GPT-4"@en' in body
    status, headers, body = q(server.base, text, "application/ld+json")
    assert headers["Content-Type"].startswith("application/ld+json")
    assert {n["@id"] for n in json.loads(body)} == {"https://w3id.org/llmkg/id/model/gpt-3",
                                                    "https://w3id.org/llmkg/id/model/gpt-4"}


def test_malformed_query_is_400_with_position(server):
    status, _, body = q(server.base, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400 and b"invalid SPARQL" in body and b"error at 1:" in body
    status, _, body = request(server.base + "/query")
    assert status == 400 and b"missing 'query'" in body


def test_read_only_by_default(server):
    update = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    status, _, body = request(server.base + "/update", urllib.parse.urlencode({"update": update}).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"--allow-update" in body
    status, _, _ = request(server.base + "/query", update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = q(server.base, update)
    assert status == 403
    assert json.loads(q(server.base, "ASK { <http://e/a> ?p ?o }")[2])["boolean"] is False


def test_service_is_refused(server):
    status, _, body = q(server.base, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body


def test_result_limit(server):
    status, headers, body = q(server.base, MODELS)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    assert headers.get("X-KG-Truncated", "").startswith("true")
    status, headers, body = q(server.base, MODELS + " LIMIT 3")
    assert "X-KG-Truncated" not in headers


def test_timeout_cancels_a_runaway_query(server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    status, _, body = q(server.base, runaway)
    assert status == 503 and b"time limit" in body


def test_named_query_with_params(server):
    status, _, body = request(server.base + "/named/derivatives?" + urllib.parse.urlencode({"model": "vicuna"}),
                              headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert [(r["derivativeLabel"]["value"], r["kind"]["value"]) for r in rows] == [("Vicuna GPTQ", "quantizedFrom")]
    status, _, body = request(server.base + "/named/derivatives?model=nothing-like-this")
    assert status == 400 and b"no entity named" in body
    status, _, _ = request(server.base + "/named/..%2Fetc")
    assert status == 404
    hostile = 'x" } UNION { ?s ?p ?o } #'
    status, _, body = request(server.base + "/named/zz-evil?" + urllib.parse.urlencode({"v": hostile}))
    assert status == 200 and json.loads(body)["results"]["bindings"] == [{"v": {"type": "literal", "value": hostile}}]


def test_page_escapes_everything(server):
    status, headers, body = request(server.base + "/")
    page = body.decode()
    assert status == 200 and "script-src 'nonce-" in headers["Content-Security-Policy"]
    assert "Derivatives of a model" in page and "successor-chain" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert(2)" not in page and "<b>x</b>" not in page and "<i>help" not in page
    assert "lineage" in page.lower()


def test_queries_list_and_unknown_routes(server):
    status, _, body = request(server.base + "/queries")
    names = {x["name"] for x in json.loads(body)}
    assert status == 200 and {"derivatives", "moe-models"} <= names
    assert request(server.base + "/nope")[0] == 404
    assert request(server.base + "/lineage.html")[0] in (200, 404)


def test_foreign_host_header_is_refused(server):
    status, _, _ = request(server.base + "/", headers={"Host": "attacker.example"})
    assert status == 403


def test_allow_update_accepts_and_persists(tmp_path):
    store = make_store(tmp_path / "store")
    srv = Server(store, "--allow-update")
    try:
        update = "INSERT DATA { model:new-model a llm:Model ; rdfs:label \"New Model\"@en }"
        status, _, _ = request(srv.base + "/update", update.encode(),
                               {"Content-Type": "application/sparql-update", "Origin": "http://evil.example"})
        assert status == 403
        status, _, body = request(srv.base + "/update", update.encode(), {"Content-Type": "application/sparql-update"})
        assert status == 204, body
        assert json.loads(q(srv.base, "ASK { model:new-model a llm:Model }")[2])["boolean"] is True
        status, _, _ = request(srv.base + "/update", b"LOAD <http://127.0.0.1:9/x>",
                               {"Content-Type": "application/sparql-update"})
        assert status == 400
    finally:
        assert srv.stop() == 0
    from kg.graph.store import open_read

    assert bool(open_read(store).query("ASK { <https://w3id.org/llmkg/id/model/new-model> ?p ?o }"))
