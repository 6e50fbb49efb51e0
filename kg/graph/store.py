"""The persistent store: a folder of immutable pyoxigraph snapshots and a pointer.

Layout of a store folder (default ``.kg/``)::

    .kg/
      current -> snapshots/<id>      symlink, replaced atomically (os.replace)
      snapshots/<id>/                RocksDB folders written by pyoxigraph
      build.lock                     flock'ed by the one build allowed at a time
      cache/                         per-document extraction results (incremental builds)

Why snapshots: pyoxigraph allows ONE read-write ``Store`` per folder, and opening a
folder read-only while another process writes it is undefined behaviour.  So a build
writes a brand-new folder that nobody reads, flushes it, then swaps the ``current``
symlink in one ``rename`` system call.  A crash or Ctrl-C before the swap leaves the
previous snapshot current and intact; readers always open a finished snapshot
read-only, so they keep working during a rebuild.  The previous snapshot is kept (a
reader may still have it open); older ones are removed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError

__all__ = ["StoreDir", "open_read", "build_lock"]

KEEP_SNAPSHOTS = 2
PUBLISHED = "kg-published"


class StoreDir:
    """A store folder on disk.  Cheap to create; touches nothing until used."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @property
    def current(self) -> Path:
        return self.path / "current"

    @property
    def snapshots(self) -> Path:
        return self.path / "snapshots"

    @property
    def cache(self) -> Path:
        return self.path / "cache"

    def current_snapshot(self) -> Path | None:
        """The folder of the current snapshot, or None when nothing was built yet."""
        try:
            target = os.readlink(self.current)
        except OSError:
            return None
        snap = (self.path / target).resolve()
        return snap if snap.is_dir() else None

    def open_read(self):  # -> pyoxigraph.Store
        """Open the current snapshot read-only.  Raises :class:`StoreError` if none."""
        import pyoxigraph

        snap = self.current_snapshot()
        if snap is None:
            raise StoreError(f"{self.path}: no graph built here yet (run `kg build` first)")
        try:
            return pyoxigraph.Store.read_only(str(snap))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None

    @contextmanager
    def new_snapshot(self, base: Path | None = None, optimize: bool = True,
                     early: EarlySnapshot | None = None) -> Iterator[tuple[Path, object]]:
        """Yield ``(folder, writable Store)`` for a new snapshot; publish it on success.

        The caller fills the store; on normal exit it is flushed, closed and made
        current atomically.  On any exception the half-written folder is removed and
        the previous snapshot stays current.  With ``base`` (a finished snapshot) the
        new store starts as a copy of it: a RocksDB checkpoint, whose immutable data
        files are hard links, so copying costs milliseconds whatever the graph's size
        and the base itself is never written.  ``optimize=False`` skips the final
        compaction (worth it after a bulk load, not after a small diff).  ``early``:
        a snapshot already being opened by :meth:`open_early`.
        """
        previous = self.current_snapshot()
        # snapshots older than the current one go now, not after the publish: the same
        # ones either way, and an incremental build would otherwise sit idle here while
        # its copy finishes opening (and pay for the removal after it)
        self._prune(keep={previous, early.folder if early is not None else None})
        if early is not None:
            folder, store = early.wait()
        else:
            folder, store = self._create(base)
        try:
            yield folder, store
            store.flush()
            if optimize:
                store.optimize()
            del store
            self._publish(folder)
        except OSError as exc:
            # disk full, read-only file system ...: one clear line, the old graph stays current
            shutil.rmtree(folder, ignore_errors=True)
            raise StoreError(
                f"{self.path}: cannot write the new graph ({_reason(exc)}); "
                "the previous graph is unchanged"
            ) from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def _create(self, base: Path | None) -> tuple[Path, object]:
        return self._open(self._folder(base))

    def _folder(self, base: Path | None) -> Path:
        """A new snapshot folder, holding a copy of ``base`` if given."""
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**9:09d}"
        folder = self.snapshots / name
        try:
            self.snapshots.mkdir(parents=True, exist_ok=True)
            if base is not None:
                _checkpoint(base, folder)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise StoreError(f"{folder}: cannot create the store ({_reason(exc)})") from None
        return folder

    def _open(self, folder: Path) -> tuple[Path, object]:
        import pyoxigraph

        try:
            return folder, pyoxigraph.Store(str(folder))
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise StoreError(f"{folder}: cannot create the store ({_reason(exc)})") from None

    def open_early(self, base: Path | None = None) -> EarlySnapshot:
        """Start creating a new snapshot in a thread; pass it to :meth:`new_snapshot`.

        Why: opening a RocksDB database takes 20-50 ms and releases the GIL, so an
        incremental build opens its copy while it extracts the changed documents.
        """
        return EarlySnapshot(self, base)

    def _publish(self, folder: Path) -> None:
        tmp = self.path / f".current.{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(os.path.relpath(folder, self.path), tmp)
        _fsync_dir(self.snapshots)
        os.replace(tmp, self.current)  # the one atomic step
        _fsync_dir(self.path)
        try:  # marks a snapshot that was current once (see tidy); not needed for correctness
            (folder / PUBLISHED).touch()
        except OSError:
            pass

    def tidy(self) -> None:
        """Remove leftovers of killed builds, keeping the current and the previous snapshot.

        For a build that writes nothing (the graph is already up to date): the previous
        snapshot is the newest other one that was ever published (readers may hold it).
        """
        cur = self.current_snapshot()
        try:
            others = sorted(p for p in self.snapshots.iterdir()
                            if p.is_dir() and p.resolve() != cur and (p / PUBLISHED).exists())
        except OSError:
            others = []
        self._prune(keep={cur, others[-1] if others else None})

    def _prune(self, keep: set[Path | None]) -> None:
        """Remove every snapshot but the new one and the one it replaced.

        Why by identity and not "the newest N": a build killed mid-write leaves a
        half-written folder whose name sorts after the real previous snapshot; keeping
        the newest would keep that garbage and delete the snapshot readers may still
        have open.  Temp symlinks of killed publishes (``.current.<pid>``) go too.
        Runs under the build lock, so no other build's folder is touched.
        """
        cur = self.current_snapshot()
        keep = {p.resolve() for p in keep if p is not None} | ({cur} if cur else set())
        try:
            snaps = [p for p in self.snapshots.iterdir() if p.is_dir()]
        except OSError:
            return
        for p in snaps:
            if p.resolve() not in keep:
                shutil.rmtree(p, ignore_errors=True)
        for p in self.path.glob(".current.*"):
            try:
                p.unlink()
            except OSError:
                pass

    @contextmanager
    def lock(self, wait: bool = False) -> Iterator[None]:
        """Hold the build lock: a second concurrent build fails clearly (or waits)."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fh = open(self.path / "build.lock", "a+")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the store folder ({_reason(exc)})") from None
        try:
            flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
            try:
                fcntl.flock(fh, flags)
            except BlockingIOError:
                raise StoreError(
                    f"{self.path}: another `kg build` is writing this store; try again when it ends"
                ) from None
            yield
        finally:
            fh.close()


class Background:
    """``fn(*args)`` in a thread; :meth:`join` waits, then returns its result or raises its error.

    Why: the store's slow calls (opening, bulk loading, flushing, compacting) release the
    GIL, so a build runs them beside its own work; their errors (a full disk) must still
    reach the build as its one-line error, not as a thread's traceback.
    """

    def __init__(self, fn, *args: object) -> None:
        self._result: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn, args: tuple) -> None:
        try:
            self._result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that joins
            self._error = exc

    def join(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


class EarlySnapshot:
    """A snapshot being created in a background thread (see :meth:`StoreDir.open_early`)."""

    def __init__(self, sd: StoreDir, base: Path | None) -> None:
        # the copy is made here, not in the thread: it is a few milliseconds of file
        # operations, each releasing the GIL, and a thread re-acquiring the GIL after each
        # waits for the busy main thread's switch interval (5 ms): 20-30 files took 60 ms
        folder = self.folder = sd._folder(base)
        self._task: Background | None = Background(sd._open, folder)

    def wait(self) -> tuple[Path, object]:
        task, self._task = self._task, None  # the caller owns the store now (discard: no-op)
        assert task is not None
        return task.join()

    def discard(self) -> None:
        """Not needed after all: close and remove the half-made snapshot."""
        task, self._task = self._task, None
        if task is None:
            return
        try:
            folder, store = task.join()
        except BaseException:  # noqa: BLE001 - it failed to open: nothing to close
            return
        del store
        shutil.rmtree(folder, ignore_errors=True)


def open_read(path: str | os.PathLike[str]):  # -> pyoxigraph.Store
    """Open the current snapshot of the store at ``path`` read-only."""
    return StoreDir(path).open_read()


@contextmanager
def build_lock(path: str | os.PathLike[str], wait: bool = False) -> Iterator[None]:
    with StoreDir(path).lock(wait=wait):
        yield


def _reason(exc: OSError) -> str:
    """The short reason of an OS error ("No space left on device"), on one line."""
    return " ".join(str(exc.strerror or exc).split())


#: RocksDB files never modified after they are written: shared between snapshots by hard links
_IMMUTABLE = (".sst", ".blob")
#: files of a snapshot folder that are ours, not RocksDB's (the new snapshot writes its own)
_OURS = ("kg-", "LOCK", "LOG")


def _checkpoint(base: Path, folder: Path) -> None:
    """Copy the closed RocksDB database in ``base`` to ``folder`` as RocksDB's own
    checkpoint does: data files (immutable) as hard links, the small mutable files
    (CURRENT, MANIFEST, OPTIONS, write-ahead log) as copies, so writing the copy never
    touches the base.  Why not ``Store.backup``: it needs the base opened, which costs
    tens of milliseconds, more than the whole copy; the base here is a published
    snapshot, closed and never written again, so its files are a consistent database.
    """
    folder.mkdir()
    for f in base.iterdir():
        if not f.is_file() or f.name.startswith(_OURS):
            continue
        if f.name.endswith(_IMMUTABLE):
            try:
                os.link(f, folder / f.name)
                continue
            except OSError:
                pass  # another file system, no hard links: copy
        shutil.copy2(f, folder / f.name)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
