"""End to end through the `kg` command: build, stats, show, conflicts, export."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kg.export import export_graph, write_export
from kg.extract.common import quote_at
from kg.graph.store import open_read
from kg.pipeline import build
from kg.vocab import ID, RDF, VOCAB

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"


def kg(*args: str, env: dict | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env=e)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("kg") / "store"
    report = build([SOURCES], store, use_cache=False)
    assert report.documents == 5 and not report.skipped
    return store


def test_build_prints_a_summary(tmp_path) -> None:
    r = kg("build", "sources", "--store", str(tmp_path / "s"))
    assert r.returncode == 0, r.stderr
    for word in ("documents", "claims", "triples", "entities: Model", "conflicts", "skipped files"):
        assert word in r.stdout
    assert "│ documents" in r.stdout and " 5 " in r.stdout.split("documents")[1].split("\n")[0]


def test_bad_files_are_skipped_one_line_each_and_the_rest_builds(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SOURCES / "001_17985d20e695f627.txt", src / "good.md")
    (src / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    (src / "empty.txt").write_bytes(b"")
    (src / "latin1.md").write_bytes("caf\xe9 \x81\x30\x81".encode("latin-1"))
    r = kg("build", str(src), "--store", str(tmp_path / "s"))
    assert r.returncode == 2
    lines = [line for line in r.stderr.splitlines() if line.startswith("skipped:")]
    assert len(lines) == 3
    for name in ("binary.md", "empty.txt", "latin1.md"):
        assert any(f"skipped: {name}: " in line for line in lines), r.stderr
    st = open_read(tmp_path / "s")
    paths = {row["p"].value for row in st.query(f"SELECT ?p WHERE {{ ?d <{VOCAB}path> ?p }}")}
    assert paths == {"good.md"}


def test_query_before_build_is_a_one_line_error(tmp_path) -> None:
    r = kg("stats", "--store", str(tmp_path / "nothing"))
    assert r.returncode == 3
    assert r.stderr.strip().count("\n") == 0 and "kg build" in r.stderr


def test_stats_json_agrees_with_store(built) -> None:
    r = kg("stats", "--store", str(built), "--json")
    assert r.returncode == 0
    s = json.loads(r.stdout)
    assert s["documents"] == 5
    assert s["triples"] == len(open_read(built))
    assert s["entities"]["Model"] > 50 and s["entities"]["Organization"] > 5


def test_show_finds_any_spelling_and_prints_sources(built) -> None:
    a = kg("show", "llama-2", "--store", str(built))
    b = kg("show", "LLaMA2", "--store", str(built))
    assert a.returncode == 0 and a.stdout == b.stdout
    assert "llm:Model" in a.stdout and ".txt:" in a.stdout


def test_show_unknown_entity_suggests(built) -> None:
    r = kg("show", "Qwen2.5-Cooder", "--store", str(built))
    assert r.returncode == 5
    assert "no entity named" in r.stderr and "did you mean" in r.stderr


def test_conflicts_lists_both_sources(built) -> None:
    r = kg("conflicts", "--store", str(built), "--all", "--json")
    assert r.returncode == 0
    found = json.loads(r.stdout)
    for c in found:
        assert len(c["values"]) >= 2
        for _value, sources in c["values"]:
            assert sources and all(s["quote"] for s in sources)


def _facts_and_claims(store) -> tuple[set, dict]:
    facts = set()
    for q in store.quads_for_pattern(None, None, None):
        s, p = q.subject.value, q.predicate.value
        if s.startswith(ID) and not s.startswith((ID + "claim/", ID + "doc/")) and (
            p.startswith(VOCAB) or p == RDF + "type"
        ):
            facts.add((q.subject, q.predicate, q.object))
    claims: dict = {}
    for row in store.query(
        f"""SELECT ?s ?p ?o ?path ?line ?quote WHERE {{
        ?c a <{VOCAB}Claim> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
           <http://www.w3.org/ns/prov#wasDerivedFrom> ?d ; <{VOCAB}line> ?line ; <{VOCAB}quote> ?quote .
        ?d <{VOCAB}path> ?path }}"""
    ):
        claims.setdefault((row["s"], row["p"], row["o"]), []).append(
            (row["path"].value, int(row["line"].value), row["quote"].value)
        )
    return facts, claims


def test_every_fact_has_a_claim_with_a_verbatim_quote(built) -> None:
    store = open_read(built)
    facts, claims = _facts_and_claims(store)
    assert len(facts) > 300
    lines = {p.name: p.read_text(encoding="utf-8").split("\n") for p in SOURCES.iterdir()}
    missing = [f for f in facts if f not in claims]
    assert not missing, missing[:5]
    for fact, sources in claims.items():
        for path, line, quote in sources:
            assert quote.strip(), fact
            assert quote_at(lines[path], line, quote), (fact, path, line, quote)


def _export_all(store_path: Path, out: Path) -> dict[str, bytes]:
    st = open_read(store_path)
    got = {}
    for fmt in ("turtle", "jsonld", "nt", "trig"):
        got[fmt] = export_graph(st, fmt, out / f"g.{fmt}").read_bytes()
    return got


def test_exports_are_byte_identical_across_runs_seeds_and_input_order(tmp_path, built) -> None:
    ref = _export_all(built, tmp_path / "a")
    # a second build in another process, another hash seed, files given in reverse order
    files = sorted(str(p) for p in SOURCES.iterdir())
    src = tmp_path / "copy"
    src.mkdir()
    for f in reversed(files):
        shutil.copy(f, src)
    r = kg("build", str(src), "--store", str(tmp_path / "s2"), "--no-cache",
           env={"PYTHONHASHSEED": "12345"})
    assert r.returncode == 0, r.stderr
    again = _export_all(tmp_path / "s2", tmp_path / "b")
    for fmt in ref:
        assert ref[fmt] == again[fmt], fmt


def test_jsonld_is_compact_and_round_trips(tmp_path, built) -> None:
    from pyld import jsonld

    store = open_read(built)
    path = export_graph(store, "jsonld", tmp_path / "g.jsonld")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"]["llm"] == VOCAB
    models = [n for n in doc["@graph"] if n.get("@type") == "llm:Model"]
    assert models and all(isinstance(n["label"], dict) for n in models)
    big = [n for n in models if "parameters" in n]
    assert big and all(isinstance(v, str) for n in big
                       for v in (n["parameters"] if isinstance(n["parameters"], list) else [n["parameters"]]))

    def no_remote(url, options=None):
        raise RuntimeError(f"remote context refused: {url}")

    nq = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": no_remote})
    parsed = set(pyoxigraph.parse(nq.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS))
    original = {pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in store}
    assert {(q.subject, q.predicate, _norm(q.object)) for q in parsed} == {
        (q.subject, q.predicate, _norm(q.object)) for q in original
    }


def _norm(o):
    # plain literals come back typed xsd:string either way; compare by value, datatype, language
    if isinstance(o, pyoxigraph.Literal):
        return (o.value, o.language, o.datatype.value if not o.language else None)
    return o


def test_no_provenance_export_has_no_claims(tmp_path, built) -> None:
    st = open_read(built)
    data = export_graph(st, "nt", tmp_path / "g.nt", provenance=False).read_text(encoding="utf-8")
    assert f"{ID}claim/" not in data and f"{ID}doc/" not in data
    assert f"{VOCAB}Model" in data


def test_interrupted_export_never_leaves_a_partial_target(tmp_path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old complete file\n")

    def dies_midway(fh) -> None:
        fh.write(b"@prefix half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_export(target, dies_midway)
    assert target.read_bytes() == b"old complete file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_export_cli_default_path_and_stdout(tmp_path, built) -> None:
    r = kg("export", "--store", str(built), "--format", "nt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "exports" / "llm-kg.nt").stat().st_size > 1000
    r = kg("export", "--store", str(built), "--format", "turtle", "-o", "-", cwd=tmp_path)
    assert r.stdout.startswith("@prefix")


def test_committed_exports_are_up_to_date(tmp_path, built) -> None:
    """exports/llm-kg.ttl and .jsonld must be what `kg export` gives for sources/ now."""
    st = open_read(built)
    for fmt, name in (("turtle", "llm-kg.ttl"), ("jsonld", "llm-kg.jsonld")):
        fresh = export_graph(st, fmt, tmp_path / name).read_bytes()
        committed = REPO / "exports" / name
        assert committed.exists(), f"{committed} missing: run `kg build && kg export --format {fmt}`"
        assert committed.read_bytes() == fresh, (
            f"{committed} is out of date: run `kg build && kg export --format {fmt}`"
        )


def test_build_restores_the_callers_garbage_collector_settings(tmp_path) -> None:
    """build() collects garbage less often while it runs (see pipeline._few_collections),
    and gives the caller's thresholds back, also when it fails."""
    import gc

    from kg.errors import KgError
    from kg.pipeline import GC_THRESHOLDS, build

    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    try:
        seen = []
        build([SOURCES], tmp_path / "s", on_files=lambda n: seen.append(gc.get_threshold()))
        assert seen == [GC_THRESHOLDS] and gc.get_threshold() == (1234, 5, 6)
        def stop(n: int) -> None:
            raise KgError("interrupted")

        with pytest.raises(KgError):
            build([SOURCES], tmp_path / "s2", on_files=stop)
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*before)
