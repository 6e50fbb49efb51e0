"""The snapshot store: atomic publication, one writer at a time, readers unaffected."""

from __future__ import annotations

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

from kg.errors import StoreError
from kg.graph.store import StoreDir

REPO = Path(__file__).resolve().parents[1]
EX = "http://example.org/"


def _quad(i: int) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(pyoxigraph.NamedNode(f"{EX}s{i}"), pyoxigraph.NamedNode(f"{EX}p"),
                           pyoxigraph.Literal(str(i)))


def _publish(sd: StoreDir, n: int) -> None:
    with sd.new_snapshot() as (_folder, store):
        store.bulk_extend(_quad(i) for i in range(n))


def test_open_before_any_build_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="no graph built here yet"):
        StoreDir(tmp_path / "kg").open_read()


def test_publish_then_read(tmp_path) -> None:
    sd = StoreDir(tmp_path / "kg")
    _publish(sd, 3)
    assert len(sd.open_read()) == 3
    _publish(sd, 5)
    assert len(sd.open_read()) == 5


def test_failed_build_leaves_previous_snapshot_current(tmp_path) -> None:
    sd = StoreDir(tmp_path / "kg")
    _publish(sd, 3)
    before = sd.current_snapshot()
    with pytest.raises(RuntimeError):
        with sd.new_snapshot() as (folder, store):
            store.bulk_extend(_quad(i) for i in range(100))
            raise RuntimeError("extractor blew up")
    assert sd.current_snapshot() == before
    assert len(sd.open_read()) == 3
    assert not folder.exists()  # the half-written snapshot was removed


def test_old_snapshots_are_pruned_but_the_previous_is_kept(tmp_path) -> None:
    sd = StoreDir(tmp_path / "kg")
    for n in range(1, 6):
        _publish(sd, n)
    assert len([p for p in sd.snapshots.iterdir() if p.is_dir()]) == 2


def test_reader_keeps_working_while_a_new_snapshot_is_published(tmp_path) -> None:
    sd = StoreDir(tmp_path / "kg")
    _publish(sd, 3)
    reader = sd.open_read()
    _publish(sd, 7)
    assert len(reader) == 3  # the reader's snapshot is untouched
    assert len(sd.open_read()) == 7


def test_second_writer_fails_clearly(tmp_path) -> None:
    sd = StoreDir(tmp_path / "kg")
    with sd.lock():
        with pytest.raises(StoreError, match="another `kg build`"):
            with StoreDir(tmp_path / "kg").lock():
                pass
    with sd.lock():  # released again
        pass


def _kg(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, **kw)


def test_kill_during_rebuild_leaves_old_or_new_graph(tmp_path) -> None:
    """SIGKILL a rebuild at random moments: the store always answers with a whole graph."""
    store = tmp_path / "kg"
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(REPO / "sources" / "001_17985d20e695f627.txt", small)
    assert _kg("build", str(small), "--store", str(store)).returncode == 0
    old = len(StoreDir(store).open_read())
    assert _kg("build", "sources", "--store", str(tmp_path / "ref"), "--no-cache").returncode == 0
    new = len(StoreDir(tmp_path / "ref").open_read())
    assert old != new
    rng = random.Random(7)
    seen = set()
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", "sources", "--store",
                                 str(store), "--no-cache"], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        n = len(StoreDir(store).open_read())
        assert n in (old, new)
        seen.add(n)
        q = StoreDir(store).open_read().query("ASK { ?s ?p ?o }")
        assert bool(q)
    # the lock died with the killed process: a normal build still works
    assert _kg("build", "sources", "--store", str(store)).returncode == 0
    assert len(StoreDir(store).open_read()) == new
    leftovers = [p for p in os.listdir(store) if p.startswith(".current.")]
    assert len(leftovers) <= 1
