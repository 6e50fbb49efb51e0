"""The corpus state of a snapshot in SQLite, one row per key, read and written key by key.

Why: kept as one marshal blob, the state cost every incremental build a read and a write
of the sums of the whole corpus (about 130 ms and 50 ms at 100x, ten times that at
1000x) for an edit that touches a few hundred keys.  Here each map of
:class:`kg.graph.corpus.CorpusState` is a table keyed by the map's key.  A
:class:`LazyMap` fetches rows when they are first used (or many in one query, see
:meth:`LazyMap.prefetch`), keeps what it handed out, and writes back only those rows; the
new snapshot's file starts as a copy of the old one (a file copy, nothing decoded).  A
full build writes every row once.

A row's key is ``repr(key)``: the maps' keys are strings and tuples of strings, whose
``repr`` is canonical (marshal's bytes depend on object identity and interning).  Reading
a whole table parses them back (:func:`ast.literal_eval`, slow): builds never do that,
only comparisons in the tests.
"""

from __future__ import annotations

import ast
import errno
import marshal
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

__all__ = ["LazyMap", "StateDamaged", "open_read", "write_full", "write_changes", "read_meta"]

#: keys per ``IN (...)`` query (SQLite allows 999 parameters in its oldest builds)
_BATCH = 900


class StateDamaged(Exception):
    """The state file cannot be read (truncated, overwritten, not SQLite): the build that
    needed it falls back to a full build, which writes a new one."""


class LazyMap(MutableMapping):
    """A dict over one table: rows are decoded on first use and kept; every key handed out
    or set is remembered (values are changed in place by their users), and :meth:`changes`
    gives those rows to :func:`write_changes`.  Iterating reads the whole table: only rare
    paths do that."""

    def __init__(self, db: sqlite3.Connection, table: str,
                 decode: Callable[[object], object] | None = None,
                 encode: Callable[[object], object] | None = None) -> None:
        self._db = db
        self._table = table
        self._decode = decode
        self._encode = encode
        self._cache: dict = {}
        self._absent: set = set()
        self._touched: set = set()
        self._complete = False

    def _value(self, raw: bytes) -> object:
        try:
            v = marshal.loads(raw)
        except (EOFError, ValueError, TypeError) as exc:
            raise StateDamaged(f"{self._table}: {exc}") from None
        return self._decode(v) if self._decode else v

    def _rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StateDamaged(f"{self._table}: {exc}") from None

    def prefetch(self, keys: Iterable[object]) -> None:
        """Read the rows of ``keys`` not read yet, a batch per query."""
        if self._complete:
            return
        want = [k for k in set(keys) if k not in self._cache and k not in self._absent]
        for i in range(0, len(want), _BATCH):
            part = {repr(k): k for k in want[i:i + _BATCH]}
            marks = ",".join("?" * len(part))
            for kr, raw in self._rows(f'SELECT k, v FROM "{self._table}" WHERE k IN ({marks})', part):
                self._cache[part.pop(kr)] = self._value(raw)
            self._absent.update(part.values())

    def _present(self, k: object) -> bool:
        if k in self._cache:
            return True
        if self._complete or k in self._absent:
            return False
        rows = self._rows(f'SELECT v FROM "{self._table}" WHERE k = ?', (repr(k),))
        if not rows:
            self._absent.add(k)
            return False
        self._cache[k] = self._value(rows[0][0])
        return True

    def __getitem__(self, k: object) -> object:
        if not self._present(k):
            raise KeyError(k)
        self._touched.add(k)  # the caller may change the value in place
        return self._cache[k]

    def __contains__(self, k: object) -> bool:
        return self._present(k)

    def __setitem__(self, k: object, v: object) -> None:
        self._cache[k] = v
        self._absent.discard(k)
        self._touched.add(k)

    def __delitem__(self, k: object) -> None:
        if not self._present(k):
            raise KeyError(k)
        del self._cache[k]
        self._absent.add(k)
        self._touched.add(k)

    def _read_all(self) -> None:
        if self._complete:
            return
        for kr, raw in self._rows(f'SELECT k, v FROM "{self._table}"'):
            k = ast.literal_eval(kr)
            if k not in self._cache and k not in self._absent:
                self._cache[k] = self._value(raw)
        self._complete = True  # (iterating hands out keys only; values go through __getitem__)

    def __iter__(self) -> Iterator:
        self._read_all()
        return iter(self._cache)

    def __len__(self) -> int:
        self._read_all()
        return len(self._cache)

    def __repr__(self) -> str:
        return f"LazyMap({self._table}: {len(self._cache)} read)"

    def changes(self) -> tuple[list[tuple[str, bytes]], list[tuple[str]]]:
        """Rows to write and keys to delete: everything handed out, set or deleted."""
        put, gone = [], []
        for k in self._touched:
            if k in self._cache:
                put.append(_row(k, self._cache[k], self._encode))
            else:
                gone.append((repr(k),))
        return put, gone


def _row(k: object, v: object, encode: Callable[[object], object] | None) -> tuple[str, bytes]:
    return repr(k), marshal.dumps(encode(v) if encode else v)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), isolation_level=None)
    # the file belongs to a snapshot nobody reads before it is published (and a failed
    # build removes it): no journal and no syncs, as for the rest of the snapshot's files
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return db


def open_read(path: Path) -> sqlite3.Connection:
    """The state file of a published snapshot, read-only (it is never written again)."""
    return sqlite3.connect(path.as_uri() + "?mode=ro&immutable=1", uri=True)


def _os_error(exc: sqlite3.Error, path: Path) -> Exception:
    """SQLite's error as the OSError the store reports in one line (SQLITE_FULL = ENOSPC),
    or :class:`StateDamaged` when the copied old state turns out to be damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == 13:  # SQLITE_FULL
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    if code in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return StateDamaged(f"{path}: {exc}")
    return OSError(errno.EIO, f"cannot write the corpus state ({exc})", str(path))


def write_full(path: Path, maps: Mapping[str, tuple[Mapping, Callable | None]], meta: dict[str, object]) -> None:
    """A new state file holding every row of ``maps`` (table -> (map, value encoder))."""
    try:
        _write_full(path, maps, meta)
    except sqlite3.Error as exc:
        raise _os_error(exc, path) from None


def _write_full(path: Path, maps: Mapping[str, tuple[Mapping, Callable | None]], meta: dict[str, object]) -> None:
    db = _connect(path)
    try:
        db.execute("BEGIN")
        db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID")
        db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, marshal.dumps(v)) for k, v in meta.items()])
        for table, (m, encode) in maps.items():
            db.execute(f'CREATE TABLE "{table}" (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID')
            # in key order: each row is appended to the table's B-tree, whose pages are
            # then full (in hash order, page splits left them partly empty: 28 MB, not 24.5, at 100x)
            # (the values are encoded as they are inserted: only the keys are held sorted)
            order = sorted((repr(k), k) for k in m)
            db.executemany(f'INSERT INTO "{table}" VALUES (?, ?)',
                           ((kr, marshal.dumps(encode(m[k]) if encode else m[k])) for kr, k in order))
        db.execute("COMMIT")
    finally:
        db.close()


def write_changes(path: Path, base: Path, maps: Mapping[str, LazyMap], meta: dict[str, object]) -> None:
    """A new state file: a copy of ``base`` with the rows the maps handed out rewritten."""
    shutil.copyfile(base, path)
    try:
        _write_changes(path, maps, meta)
    except sqlite3.Error as exc:
        raise _os_error(exc, path) from None


def _write_changes(path: Path, maps: Mapping[str, LazyMap], meta: dict[str, object]) -> None:
    db = _connect(path)
    try:
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, marshal.dumps(v)) for k, v in meta.items()])
        for table, m in maps.items():
            put, gone = m.changes()
            db.executemany(f'INSERT OR REPLACE INTO "{table}" VALUES (?, ?)', put)
            db.executemany(f'DELETE FROM "{table}" WHERE k = ?', gone)
        db.execute("COMMIT")
    finally:
        db.close()


def read_meta(db: sqlite3.Connection) -> dict[str, object]:
    return {k: marshal.loads(v) for k, v in db.execute("SELECT k, v FROM meta")}
