"""Incremental builds: unchanged input keeps the graph; a changed file is re-extracted alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.graph.store import StoreDir, open_read
from kg.pipeline import build

SOURCES = Path(__file__).resolve().parents[1] / "sources"


def _triples(store: Path) -> set:
    return set(open_read(store))


def test_unchanged_rebuild_keeps_the_graph_and_tidies(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    first = build([src], tmp_path / "s")
    snap = StoreDir(tmp_path / "s").current_snapshot()
    (tmp_path / "s" / "snapshots" / "20000101T000000-1-000000001").mkdir()  # a killed build's leftover
    again = build([src], tmp_path / "s")
    assert again.unchanged and again.reextracted == 0
    assert (again.documents, again.triples, again.claims) == (first.documents, first.triples, first.claims)
    assert StoreDir(tmp_path / "s").current_snapshot() == snap
    assert not (tmp_path / "s" / "snapshots" / "20000101T000000-1-000000001").exists()


def test_changed_file_is_reextracted_alone_and_matches_a_full_build(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    build([src], tmp_path / "s")
    target = sorted(src.iterdir())[1]
    target.write_text(target.read_text(encoding="utf-8") + "\nGPT-5 由 OpenAI 于 2025 年 8 月发布。\n",
                      encoding="utf-8")
    again = build([src], tmp_path / "s")
    assert not again.unchanged and again.reextracted == 1
    full = build([src], tmp_path / "full", use_cache=False)
    assert full.reextracted == 5
    assert _triples(tmp_path / "s") == _triples(tmp_path / "full")


def test_removed_and_skipped_files_change_the_graph(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    build([src], tmp_path / "s")
    sorted(src.iterdir())[0].unlink()
    (src / "bad.md").write_bytes(b"\x00\x01binary")
    again = build([src], tmp_path / "s")
    assert not again.unchanged and again.documents == 4 and len(again.skipped) == 1
    third = build([src], tmp_path / "s")
    assert third.unchanged and [s.path for s in third.skipped] == ["bad.md"]
