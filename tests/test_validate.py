"""`kg validate`: the hand-written good graph passes, each planted fault in bad.ttl is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.validate import validate_file, validate_store

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def make_store(path: Path, ttl: Path) -> str:
    import pyoxigraph

    from kg.graph.store import StoreDir

    with StoreDir(path).new_snapshot() as (_, st):
        st.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
    return str(path)




def test_good_graph_conforms(kg_cli, tmp_path):
    store = make_store(tmp_path / "good", DATA / "mini.ttl")
    code, out, _ = kg_cli("validate", "--store", store)
    assert code == 0 and out.startswith("OK:")


@pytest.fixture(scope="module")
def bad_report():
    return validate_file(DATA / "bad.ttl")


@pytest.mark.parametrize("focus, needle", [
    ("model:nameless", "rdfs:label"),
    ("model:stringdate", "releaseDate must be"),
    ("model:orphan", "fineTunedFrom must point to an llm:Model"),
    ("model:ouroboros", "lineage cycle"),
    ("model:ping", "lineage cycle"),
    ("model:pong", "lineage cycle"),
    ("claim:noquote", "llm:quote"),
    ("claim:noline", "llm:line"),
])
def test_each_fault_is_reported(bad_report, focus, needle):
    assert not bad_report.conforms
    lines = [v.line() for v in bad_report.violations if v.focus == focus]
    assert any(needle in line for line in lines), (focus, lines)


def test_no_false_alarms_in_bad_fixture(bad_report):
    assert {v.focus for v in bad_report.violations} == {
        "model:nameless", "model:stringdate", "model:orphan", "model:ouroboros", "model:ping",
        "model:pong", "claim:noquote", "claim:noline"}


def test_cli_exit_code_and_report(kg_cli, tmp_path):
    store = make_store(tmp_path / "bad", DATA / "bad.ttl")
    code, out, err = kg_cli("validate", "--store", store)
    assert code == 1
    assert "model:ouroboros" in out and "violations in" in err
    code, out, _ = kg_cli("validate", "--file", str(DATA / "bad.ttl"))
    assert code == 1


def test_default_build_conforms(tmp_path):
    try:
        from kg.pipeline import build
    except ImportError as exc:  # pragma: no cover
        pytest.skip(f"kg.pipeline.build not available ({exc})")
    build([str(ROOT / "sources")], tmp_path / "store")
    from kg.graph.store import open_read

    report = validate_store(open_read(tmp_path / "store"))
    assert report.conforms, "\n".join(v.line() for v in report.violations[:20])
