"""Push to a real Oxigraph server and run every named query there and embedded: same answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from kg.query import execute, load_queries, load_source, prepare_params
from kg.query.remote import RemoteStore
from kg.serve.engine import free_port, oxigraph_binary

DATA = Path(__file__).parent / "data"

try:
    OXIGRAPH = oxigraph_binary()
except Exception as exc:  # noqa: BLE001 - any failure means: skip with the reason
    pytest.skip(f"oxigraph server binary not available ({exc})", allow_module_level=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    import pyoxigraph

    from kg.graph.store import StoreDir

    path = tmp_path_factory.mktemp("remote-store")
    with StoreDir(path).new_snapshot() as (_, st):
        st.load(path=str(DATA / "mini.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return str(path)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real `oxigraph serve` (read-write, in a temp folder) on a free loopback port."""
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(200):  # bounded: at most ~20 s
            if proc.poll() is not None:
                pytest.fail("oxigraph serve exited at start")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)




def test_push_then_every_named_query_matches_embedded(kg_cli, store, oxigraph):
    code, out, err = kg_cli("push", "--store", store, "--endpoint", oxigraph + "/store")
    assert code == 0, err
    assert "Pushed" in out and "triples" in out
    from kg.graph.store import open_read

    local = open_read(store)
    remote = RemoteStore(oxigraph + "/query")
    for name in load_queries():
        pq = load_source(name, None)
        embedded = execute(pq, prepare_params(pq, [], local), store=local)
        far = execute(pq, prepare_params(pq, [], remote), endpoint=oxigraph + "/query")
        key = sorted if "GROUP_CONCAT" in pq.text else list  # concat order is unspecified
        assert key(far.values()) == key(embedded.values()) or _same_concat(far, embedded), name


def _same_concat(a, b) -> bool:
    """Equal up to the order of ' | '-joined values (GROUP_CONCAT order is unspecified)."""
    def norm(res):
        return sorted(tuple(" | ".join(sorted(c.split(" | "))) if c else c for c in row) for row in res.values())
    return norm(a) == norm(b)


def test_remote_query_cli_with_label_param(kg_cli, store, oxigraph):
    assert kg_cli("push", "--store", store, "--endpoint", oxigraph + "/store")[0] == 0
    code, out, err = kg_cli("query", "derivatives", "--param", "model=Vicuna", "--format", "csv",
                        "--endpoint", oxigraph + "/query")
    assert code == 0, err
    assert out.splitlines()[1].split(",")[2:4] == ["Vicuna GPTQ", "quantizedFrom"]
    hostile = 'x" } UNION { ?s ?p ?o } #\n>'
    code, out, err = kg_cli("query", "-e", "SELECT ?v ?e WHERE { ?e rdfs:label ?l FILTER(STR(?l) = ?v) }",
                        "--param", f"v={hostile}", "--format", "csv", "--endpoint", oxigraph + "/query")
    assert code == 0 and out.splitlines() == ["v,e"], err


def test_push_to_named_graph_and_query_it(kg_cli, store, oxigraph):
    g = "https://example.org/graphs/llm"
    assert kg_cli("push", "--store", store, "--endpoint", oxigraph + "/store", "--graph", g)[0] == 0
    code, out, _ = kg_cli("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?m a llm:Model }", "--format", "csv",
                      "--endpoint", oxigraph + "/query", "--graph", g)
    assert code == 0 and out.splitlines() == ["n", "15"]


def test_remote_errors_are_clear(kg_cli, store, oxigraph):
    code, _, err = kg_cli("query", "-e", "SELECT ?x WHERE { ?x ?p }", "--endpoint", oxigraph + "/query")
    assert code == 4 and "refused the query" in err
    code, _, err = kg_cli("query", "-e", "ASK {}", "--endpoint", "file:///etc/passwd")
    assert code == 4 and "http://" in err
    dead = f"http://127.0.0.1:{free_port()}/query"
    code, _, err = kg_cli("query", "-e", "ASK {}", "--endpoint", dead)
    assert code == 4 and "cannot reach" in err
    code, _, err = kg_cli("push", "--store", store, "--endpoint", oxigraph + "/store", "--graph", "not an iri")
    assert code != 0 and "invalid IRI" in err
