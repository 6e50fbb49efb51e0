"""Incremental builds: unchanged input keeps the graph; a changed file is re-extracted alone."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from kg.graph.inspect import conflict_count
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


# ------------------------------------------------- incremental == full, under random edits
NAMES = [("FooBar2", "FooBar-2"), ("Quxel-7B", "Quxel 7B"), ("Zorbo-3", "Zorbo3"), ("Mirtan-2", "Mirtan 2.0"),
         ("Pell-1.5", "Pell 1.5"), ("Ravo-13B", "Ravo-13b")]
ORGS = ["Zatpin Research", "Mirt Labs", "OpenAI", "智谱AI"]


def _table_doc(rng: random.Random) -> str:
    rows = []
    for _ in range(rng.randint(1, 5)):
        spelling = rng.choice(rng.choice(NAMES))
        base = rng.choice([""] + [rng.choice(n) for n in NAMES])
        rows.append(f"| {spelling} | 2024-{rng.randint(1, 12):02d} | {rng.choice([7, 13, 70])}B | "
                    f"{rng.choice(ORGS)} | {base} |")
    head = "| 模型名称 | 发布时间 | 参数量 | 发布公司 | 基座模型 |\n|---|---|---|---|---|\n"
    prose = rng.choice(["", f"\n{rng.choice(rng.choice(NAMES))} 由 {rng.choice(ORGS)} 于 2023 年发布。\n"])
    return f"# 模型 {rng.randint(0, 99)}\n\n{head}" + "\n".join(rows) + "\n" + prose


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_builds_equal_full_builds_under_random_edits(tmp_path, seed: int) -> None:
    """Edits that add, change, remove and break documents, and that move an entity's
    label (and so its IRI) through another document: each incremental build must give
    exactly the graph a full build gives."""
    rng = random.Random(seed)
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SOURCES / sorted(p.name for p in SOURCES.iterdir())[0], src / "seed.md")
    for i in range(8):
        (src / f"d{i}.md").write_text(_table_doc(rng), encoding="utf-8")
    build([src], tmp_path / "s")
    incremental = 0
    for step in range(6):
        docs = sorted(p for p in src.iterdir() if p.name != "seed.md")
        action = rng.choice(["change", "change", "add", "remove", "binary", "respell"])
        if action == "change" or (action == "remove" and len(docs) < 4):
            rng.choice(docs).write_text(_table_doc(rng), encoding="utf-8")
        elif action == "add":
            (src / f"new{step}.md").write_text(_table_doc(rng), encoding="utf-8")
        elif action == "remove":
            rng.choice(docs).unlink()
        elif action == "binary":
            rng.choice(docs).write_bytes(b"\x00\x01\x02 not text")
        else:  # one document outvotes the others' spelling: the entity's label and IRI move
            name = rng.choice(NAMES)
            rows = "\n".join(f"| {name[step % 2]} | 2024-0{k + 1} | 7B | Mirt Labs | |" for k in range(9))
            rng.choice(docs).write_text(
                "# x\n\n| 模型名称 | 发布时间 | 参数量 | 发布公司 | 基座模型 |\n|---|---|---|---|---|\n"
                + rows + "\n", encoding="utf-8")
        again = build([src], tmp_path / "s")
        incremental += again.incremental
        full = build([src], tmp_path / f"full{step}", use_cache=False)
        assert _triples(tmp_path / "s") == _triples(tmp_path / f"full{step}"), (step, action)
        assert (again.documents, again.claims, again.triples, again.entities, again.conflicts) == (
            full.documents, full.claims, full.triples, full.entities, full.conflicts), (step, action)
        assert again.conflicts == conflict_count(open_read(tmp_path / "s"))  # the store's own count
    assert incremental >= 4  # the edits above are small enough for the incremental path


def test_incremental_build_is_reported_and_falls_back_when_much_changed(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    first = build([src], tmp_path / "s")
    assert not first.incremental
    target = sorted(src.iterdir())[2]
    target.write_text(target.read_text(encoding="utf-8") + "\nGPT-5 由 OpenAI 于 2025 年 8 月发布。\n",
                      encoding="utf-8")
    one = build([src], tmp_path / "s")
    assert one.incremental and one.reextracted == 1
    for p in sorted(src.iterdir())[:3]:  # 3 of 5 changed: a full build is cheaper than a diff
        p.write_text(p.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    many = build([src], tmp_path / "s")
    assert not many.incremental and many.reextracted == 3


def test_a_label_moved_by_one_document_repoints_the_claims_of_the_others(tmp_path) -> None:
    """The IRI of an entity is a slug of its most frequent spelling: when a changed document
    outvotes the others, claims of unchanged documents must follow the entity to its new IRI."""
    head = "# m\n\n| 模型名称 | 发布时间 | 参数量 | 发布公司 |\n|---|---|---|---|\n"
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4):
        (src / f"a{i}.md").write_text(head + f"| FooBar2 | 2024-0{i + 1} | 7B | Mirt Labs |\n", encoding="utf-8")
    (src / "b.md").write_text(head + "| Quxel-7B | 2024-05 | 7B | Mirt Labs |\n", encoding="utf-8")
    build([src], tmp_path / "s")
    labels = {str(q.subject) for q in open_read(tmp_path / "s") if q.predicate.value.endswith("#label")}
    assert any(s.endswith("/model/foobar2>") for s in labels)
    (src / "b.md").write_text(head + "".join(f"| FooBar-2 | 2023-0{k + 1} | 7B | Mirt Labs |\n"
                                             for k in range(6)), encoding="utf-8")
    again = build([src], tmp_path / "s")
    assert again.incremental and again.reextracted == 1
    graph = _triples(tmp_path / "s")
    labels = {str(q.subject) for q in graph if q.predicate.value.endswith("#label")}
    assert any(s.endswith("/model/foobar-2>") for s in labels) and not any(s.endswith("/model/foobar2>") for s in labels)
    build([src], tmp_path / "full", use_cache=False)
    assert graph == _triples(tmp_path / "full")


def test_files_with_an_unchanged_status_are_not_read_again(tmp_path, monkeypatch) -> None:
    """A rebuild trusts the hash of a file whose size, mtime, ctime and inode are those it
    had when hashed (git's rule); any write moves ctime, so an edit that keeps the size and
    puts the mtime back is still seen."""
    import os
    import time

    import kg.pipeline as pipeline

    monkeypatch.setattr(pipeline, "SETTLE_NS", 0)  # the files were just written: trust them at once
    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    first = build([src], tmp_path / "s")
    reads: list[str] = []
    real = pipeline.read_bytes
    monkeypatch.setattr(pipeline, "read_bytes", lambda f: reads.append(f.relpath) or real(f))
    again = build([src], tmp_path / "s")
    assert again.unchanged and reads == []
    target = sorted(src.iterdir())[1]
    st = target.stat()
    data = target.read_bytes()
    time.sleep(0.05)  # another clock tick for the file's ctime
    target.write_bytes(data.replace("的".encode(), "之".encode(), 1))  # same size, new content
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    third = build([src], tmp_path / "s")
    assert not third.unchanged and third.reextracted == 1
    assert set(reads) == {target.name}  # hashed, then extracted; no other file read
    assert first.documents == third.documents


def test_the_extraction_cache_keeps_the_newest_entries(tmp_path) -> None:
    import os

    from kg.pipeline import _prune_cache

    for i in range(6):
        p = tmp_path / f"{i}.pickle"
        p.write_bytes(b"x")
        os.utime(p, (1000 + i, 1000 + i))
    (tmp_path / "other.txt").write_text("not a cache entry")
    _prune_cache(tmp_path, keep=6)
    assert len(list(tmp_path.glob("*.pickle"))) == 6
    _prune_cache(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2.pickle", "3.pickle", "4.pickle", "5.pickle", "other.txt"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "rows"])
def test_a_damaged_corpus_state_means_a_full_build(tmp_path, damage: str) -> None:
    """The state is read key by key, so damage may show only mid-build: the build then
    falls back to a full one (a new state), never fails or keeps a wrong graph."""
    import sqlite3

    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    store = tmp_path / "store"
    build([str(src)], str(store))
    state = StoreDir(store).current_snapshot() / "kg-state.sqlite"
    data = state.read_bytes()
    if damage == "truncate":
        state.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        state.write_bytes(data[:4096] + bytes(len(data) - 4096))
    else:  # a readable file whose rows are not the state's encoding
        db = sqlite3.connect(state)
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta'"):
            db.execute(f'UPDATE "{table}" SET v = x\'00\'')
        db.commit()
        db.close()
    victim = sorted(src.iterdir())[0]
    victim.write_bytes(victim.read_bytes() + "\n\nZorvex-7B 由 Mirt Labs 于 2024 年发布。\n".encode())
    report = build([str(src)], str(store))
    assert not report.incremental and report.reextracted <= 1  # (0: extracted before the damage showed)
    fresh = tmp_path / "fresh"
    build([str(src)], str(fresh), use_cache=False)
    assert _triples(store) == _triples(fresh)
