"""The query engine behind ``kg serve``: an Oxigraph server subprocess on a private port.

Why a subprocess and not pyoxigraph in-process: Oxigraph's server is maintained,
speaks the SPARQL 1.1 Protocol with content negotiation, and enforces a query
timeout *inside* the engine (``--timeout-s`` cancels evaluation; a Python thread
cannot stop a running pyoxigraph query).  It listens on 127.0.0.1 on a free port
that only the front end (:mod:`kg.serve.app`) talks to.

Read-only mode opens the current snapshot with ``serve-read-only`` (snapshots are
immutable, so that is safe while builds run) and follows the ``current`` pointer
when a build publishes a new one.  ``--allow-update`` runs ``serve`` on a private
copy; the copy becomes a new snapshot when the server stops (see :meth:`publish`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kg.errors import StoreError

__all__ = ["OxigraphEngine", "oxigraph_binary", "free_port"]

START_WAIT_S = 20.0


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("kg serve needs the Oxigraph server binary: pip install 'oxigraph>=0.5,<0.6'")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class OxigraphEngine:
    """Start, follow and stop one Oxigraph server process for a store folder."""

    def __init__(self, store_path: str | Path, allow_update: bool = False, timeout: float = 30.0) -> None:
        from kg.graph.store import StoreDir

        self.store = StoreDir(store_path)
        self.allow_update = allow_update
        self.timeout = timeout
        self.snapshot: Path | None = None
        self.port = 0
        self.updated = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._log = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        snap = self.store.current_snapshot()
        if snap is None:
            raise StoreError(f"{self.store.path}: no graph built here yet (run `kg build` first)")
        location = snap
        command = "serve-read-only"
        if self.allow_update:
            import pyoxigraph

            self._scratch = tempfile.TemporaryDirectory(prefix="kg-serve-")
            location = Path(self._scratch.name) / "db"
            pyoxigraph.Store.read_only(str(snap)).backup(str(location))
            command = "serve"
        self.snapshot = snap
        self.port = free_port()
        self._log = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [oxigraph_binary(), command, "--location", str(location),
             "--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(max(1, round(self.timeout)))],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise StoreError(f"the Oxigraph server stopped at start: {self._stderr()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise StoreError(f"the Oxigraph server did not start within {START_WAIT_S:.0f} s")

    def _stderr(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read(2000).decode("utf-8", "replace").strip()

    def follow_current(self) -> None:
        """After a rebuild, switch to the new snapshot (read-only mode only)."""
        if self.allow_update:
            return
        snap = self.store.current_snapshot()
        if snap is None or snap == self.snapshot:
            return
        with self._lock:
            if self.store.current_snapshot() != self.snapshot:
                self.stop()
                self.start()

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def publish(self) -> bool:
        """Make the updated private copy the store's new snapshot (after :meth:`stop`).

        Returns True when a snapshot was written.  The caller holds the build lock.
        """
        if not (self.allow_update and self.updated and self._scratch is not None):
            return False
        import pyoxigraph

        src = pyoxigraph.Store.read_only(str(Path(self._scratch.name) / "db"))
        with self.store.new_snapshot() as (_, store):
            store.bulk_extend(src.quads_for_pattern(None, None, None, None))
        return True

    def close(self) -> None:
        self.stop()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
