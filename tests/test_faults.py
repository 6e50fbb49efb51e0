"""Faults, proven: SIGKILL mid-build and mid-export, concurrent builds, readers during a
rebuild, a full disk, and byte-identical output whatever the run.

Why: the store is what people rely on, and the moments that matter are the ugly ones.
Each test creates the fault for real (a signal, a second process, a full file system or
an injected ENOSPC) and then checks the store answers with a whole graph: the old one or
the new one, never a mix, never a traceback.  Hangs are bounded by subprocess timeouts
that fail the test; nothing here asserts on elapsed time.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from kg.errors import KgError, StoreError
from kg.export import export_graph, write_export
from kg.graph.store import StoreDir, open_read
from kg.pipeline import build

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"
SMALL = SOURCES / "001_17985d20e695f627.txt"


def kg_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def kg(*args: str, timeout: float = 300, env: dict | None = None, cwd: Path = REPO
       ) -> subprocess.CompletedProcess:
    return subprocess.run(kg_cmd(*args), cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, **(env or {})))


def _graph_key(store: Path) -> tuple[int, frozenset[str]]:
    """Triple count and the documents in the graph: enough to tell old, new and a mix apart."""
    st = open_read(store)
    paths = frozenset(r["p"].value for r in st.query(
        "SELECT ?p WHERE { ?d <https://w3id.org/llmkg/vocab#path> ?p }"))
    assert bool(st.query("ASK { ?s a <https://w3id.org/llmkg/vocab#Model> }"))
    return len(st), paths


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory) -> dict:
    """A store holding the small graph, and the key of the full graph built elsewhere."""
    root = tmp_path_factory.mktemp("faults")
    small = root / "small"
    small.mkdir()
    shutil.copy(SMALL, small)
    build([small], root / "template", use_cache=False)
    build([SOURCES], root / "ref", use_cache=False)
    return {"root": root, "old": _graph_key(root / "template"), "new": _graph_key(root / "ref"),
            "template": root / "template"}


def _fresh_store(old_and_new: dict, dest: Path) -> Path:
    shutil.copytree(old_and_new["template"], dest, symlinks=True)
    return dest


def _assert_tidy(store: Path) -> None:
    """After a good build: one current snapshot plus at most the previous; no temp links."""
    sd = StoreDir(store)
    snaps = [p for p in sd.snapshots.iterdir() if p.is_dir()]
    assert len(snaps) <= 2, snaps
    assert not [p for p in os.listdir(store) if p.startswith(".current.")]


# ---------------------------------------------------------------- SIGKILL
@pytest.mark.slow
def test_sigkill_during_build_20_times_leaves_old_or_new_graph(old_and_new, tmp_path) -> None:
    store = _fresh_store(old_and_new, tmp_path / "store")
    old, new = old_and_new["old"], old_and_new["new"]
    assert old != new
    # how long a whole build takes here, so the kills spread over all of its phases
    t0 = time.monotonic()
    assert kg("build", str(SOURCES), "--store", str(tmp_path / "timing"), "--no-cache").returncode == 0
    whole = time.monotonic() - t0
    rng = random.Random(20)
    seen = set()
    for i in range(20):
        proc = subprocess.Popen(kg_cmd("build", str(SOURCES), "--store", str(store), "--no-cache"),
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(rng.uniform(0.02, whole * 1.05))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        key = _graph_key(store)
        assert key in (old, new), f"kill {i}: a graph that is neither old nor new: {key[0]} triples"
        seen.add(key)
    # the lock died with the killed process: a normal build works and cleans up after them
    r = kg("build", str(SOURCES), "--store", str(store))
    assert r.returncode == 0, r.stderr
    assert _graph_key(store) == new
    _assert_tidy(store)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> tuple[Path, bytes]:
    """A store large enough (300k triples) that an export takes a while to write."""
    store = tmp_path_factory.mktemp("big") / "store"
    ex = "http://example.org/"
    with StoreDir(store).new_snapshot() as (_folder, st):
        st.bulk_extend(
            pyoxigraph.Quad(pyoxigraph.NamedNode(f"{ex}s{i}"), pyoxigraph.NamedNode(f"{ex}p{i % 7}"),
                            pyoxigraph.Literal(f"value {i} 文本"))
            for i in range(300_000))
    ref = store.parent / "ref.nt"
    export_graph(open_read(store), "nt", ref)
    return store, ref.read_bytes()


@pytest.mark.slow
def test_sigkill_during_export_never_leaves_a_partial_target(big_store, tmp_path) -> None:
    store, complete = big_store
    target = tmp_path / "out" / "g.nt"
    target.parent.mkdir()
    target.write_bytes(b"old complete export\n")
    t0 = time.monotonic()
    assert kg("export", "--store", str(store), "--format", "nt", "-o",
              str(tmp_path / "timing.nt")).returncode == 0
    whole = time.monotonic() - t0
    rng = random.Random(7)
    for i in range(10):
        proc = subprocess.Popen(kg_cmd("export", "--store", str(store), "--format", "nt", "-o",
                                       str(target)), cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(rng.uniform(0.05, whole))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        got = target.read_bytes()
        assert got in (b"old complete export\n", complete), f"kill {i}: {len(got)} bytes under the target"
    # temp files of killed exports never carry the target's name
    assert all(p.name == "g.nt" or p.name.endswith(".part") for p in target.parent.iterdir())


def test_ctrl_c_during_export_keeps_the_old_file(tmp_path) -> None:
    target = tmp_path / "g.ttl"
    target.write_bytes(b"old\n")

    def interrupted(fh) -> None:
        fh.write(b"@prefix x: <http://x/> .\n" * 1000)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_export(target, interrupted)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


# ---------------------------------------------------------------- concurrency
def test_second_build_fails_clearly_while_one_holds_the_lock(old_and_new, tmp_path) -> None:
    store = _fresh_store(old_and_new, tmp_path / "store")
    with StoreDir(store).lock():
        r = kg("build", str(SOURCES), "--store", str(store), timeout=120)
    assert r.returncode == 3
    assert r.stderr.strip().count("\n") == 0 and "another `kg build`" in r.stderr
    assert _graph_key(store) == old_and_new["old"]


@pytest.mark.slow
def test_two_builds_at_once_never_corrupt(old_and_new, tmp_path) -> None:
    store = _fresh_store(old_and_new, tmp_path / "store")
    for _ in range(3):
        procs = [subprocess.Popen(kg_cmd("build", str(SOURCES), "--store", str(store), "--no-cache"),
                                  cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        codes = [p.returncode for p in procs]
        assert 0 in codes, outs
        for code, (_out, err) in zip(codes, outs, strict=True):
            assert code in (0, 3), err
            if code == 3:
                assert "another `kg build`" in err and err.strip().count("\n") == 0
        assert _graph_key(store) == old_and_new["new"]
    _assert_tidy(store)


@pytest.mark.slow
def test_readers_keep_working_during_a_rebuild(old_and_new, tmp_path) -> None:
    store = _fresh_store(old_and_new, tmp_path / "store")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(12):  # a corpus big enough that the rebuild lasts a few seconds
        for f in SOURCES.iterdir():
            shutil.copy(f, corpus / f"{k:02d}-{f.name}")
    counts = {old_and_new["old"][0]}
    proc = subprocess.Popen(kg_cmd("build", str(corpus), "--store", str(store), "--no-cache"),
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    reads = 0
    try:
        while proc.poll() is None:
            r = kg("stats", "--store", str(store), "--json", timeout=120)
            assert r.returncode == 0, r.stderr
            import json

            counts.add(json.loads(r.stdout)["triples"])
            q = kg("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store),
                   "--format", "csv", timeout=120)
            assert q.returncode == 0, q.stderr
            counts.add(int(q.stdout.splitlines()[1]))
            reads += 1
    finally:
        _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    final = len(open_read(store))
    assert counts <= {old_and_new["old"][0], final}, counts
    assert reads >= 1


# ---------------------------------------------------------------- disk full
def test_disk_full_during_build_is_one_clear_line_and_old_store_survives(
        old_and_new, tmp_path, monkeypatch, capsys) -> None:
    store = _fresh_store(old_and_new, tmp_path / "store")
    before = StoreDir(store).current_snapshot()
    import kg.pipeline as pl

    real = pl._load

    def fills_the_disk(store, parts):
        real(store, parts[: len(parts) // 2])  # part of the graph is written, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pl, "_load", fills_the_disk)
    from kg.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["build", str(SOURCES), "--store", str(store), "--no-cache"])
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "previous graph" in err
    assert StoreDir(store).current_snapshot() == before
    assert _graph_key(store) == old_and_new["old"]
    assert [p for p in StoreDir(store).snapshots.iterdir()] == [before]


class _DiskFullAt:
    """A store that finds the disk full in one of its methods (pyoxigraph's classes cannot
    be patched)."""

    def __init__(self, inner, method: str) -> None:
        self._inner = inner
        self._method = method

    def __getattr__(self, name: str):
        if name == self._method:
            def full(*_a, **_k) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")
            return full
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)

    def __contains__(self, quad) -> bool:
        return quad in self._inner

    def __iter__(self):
        return iter(self._inner)


@pytest.mark.parametrize("method", ["optimize", "bulk_load"])
def test_disk_full_at_the_end_of_a_build_is_one_clear_line(method, old_and_new, tmp_path, monkeypatch,
                                                           capsys) -> None:
    """The last load and the compaction run in a thread beside the corpus state and the
    summary (the summary waits for the thread's counts): a failure in either is still the
    build's one-line error, the build does not wait forever for the counts, and the old
    graph stays (not a thread's traceback and a new graph).  The seed corpus is small
    enough that its one load is the last one."""
    store = _fresh_store(old_and_new, tmp_path / "store")
    before = StoreDir(store).current_snapshot()
    import kg.graph.store as gs

    real_open = gs.StoreDir._open

    def opens_a_full_disk(self, folder):
        folder, st = real_open(self, folder)
        return folder, _DiskFullAt(st, method)

    monkeypatch.setattr(gs.StoreDir, "_open", opens_a_full_disk)
    from kg.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["build", str(SOURCES), "--store", str(store), "--no-cache"])
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "Traceback" not in err
    assert StoreDir(store).current_snapshot() == before
    assert _graph_key(store) == old_and_new["old"]


def test_disk_full_during_export_is_one_clear_line(tmp_path) -> None:
    target = tmp_path / "g.nt"
    target.write_bytes(b"old\n")

    def full(fh) -> None:
        fh.write(b"<a> <b> <c> .\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(KgError) as err:
        write_export(target, full)
    assert "No space left on device" in str(err.value) and "\n" not in str(err.value)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.nt"]


@pytest.fixture
def tiny_fs(tmp_path):
    """A 3 MB tmpfs (needs root and mount rights; skipped with the reason otherwise)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_really_full_disk_build_and_export(tiny_fs, tmp_path) -> None:
    store = tiny_fs / "store"
    r = kg("build", str(SMALL), "--store", str(store), "--no-cache")
    assert r.returncode == 0, r.stderr
    old = _graph_key(store)
    r = kg("build", str(SOURCES), "--store", str(store), "--no-cache")
    assert r.returncode == 3, r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "No space left on device" in r.stderr
    assert "Traceback" not in r.stderr
    assert _graph_key(store) == old
    # fill what is left, then export there: clear error, nothing under the target name
    (tiny_fs / "filler").write_bytes(b"")
    with open(tiny_fs / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    r = kg("export", "--store", str(store), "-o", str(tiny_fs / "g.ttl"))
    assert r.returncode != 0 and "No space left on device" in r.stderr
    assert r.stderr.count("\n") == 1
    assert not (tiny_fs / "g.ttl").exists()
    assert not list(tiny_fs.glob(".g.ttl.*"))


def test_store_folder_that_cannot_be_created_is_a_clear_error(tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError) as err:
        build([SMALL], tmp_path / "file" / "store", use_cache=False)
    assert "\n" not in str(err.value)


def test_damaged_cache_entries_are_ignored(tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SOURCES, src)
    store = tmp_path / "s"
    build([src], store)
    for p in StoreDir(store).cache.glob("*.pickle"):
        p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])  # a torn write
    changed = sorted(src.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nGPT-4 由 OpenAI 发布。\n", encoding="utf-8")
    # a real rebuild (a file changed) over the damaged cache: the changed document's old
    # lines cannot be read back, so the incremental build falls back to a full one
    again = build([src], store)
    reference = build([src], tmp_path / "ref", use_cache=False)
    assert again.reextracted == 5 and again.triples == reference.triples
    assert set(open_read(store)) == set(open_read(tmp_path / "ref"))


# ---------------------------------------------------------------- determinism
def _exports(store: Path, out: Path) -> dict[str, bytes]:
    st = open_read(store)
    return {fmt: export_graph(st, fmt, out / f"g.{fmt}").read_bytes()
            for fmt in ("turtle", "jsonld", "nt", "trig")}


@pytest.mark.slow
def test_exports_identical_across_seeds_jobs_and_argument_order(tmp_path) -> None:
    files = sorted(str(p) for p in SOURCES.iterdir())
    runs = [
        (files, {"PYTHONHASHSEED": "0"}, []),
        (list(reversed(files)), {"PYTHONHASHSEED": "4242"}, ["--jobs", "2"]),
        ([files[2], files[0], files[4], files[1], files[3]], {"PYTHONHASHSEED": "random"}, []),
    ]
    got = []
    for i, (order, env, extra) in enumerate(runs):
        r = kg("build", *order, "--store", str(tmp_path / f"s{i}"), "--no-cache", *extra, env=env)
        assert r.returncode == 0, r.stderr
        got.append(_exports(tmp_path / f"s{i}", tmp_path / f"e{i}"))
    for fmt in got[0]:
        assert got[0][fmt] == got[1][fmt] == got[2][fmt], fmt
