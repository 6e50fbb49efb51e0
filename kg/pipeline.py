"""The build, as one visible loop: read -> parse -> extract -> resolve -> graph -> store.

Per-document work (decode, parse, extract) is the expensive part and is independent
per document, so it runs in a process pool with ``jobs > 1`` and is cached by the
document's sha256 plus a fingerprint of the extractor code and data files: an
incremental rebuild re-extracts only documents that changed.  Resolution and graph
writing are global and cheap.  The new graph is written to a fresh snapshot and
swapped in atomically (see :mod:`kg.graph.store`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError, KgError
from kg.ingest import Skipped, SourceFile, find_sources, read_document
from kg.model import Claim, Document

__all__ = ["BuildReport", "build", "extract_document", "DEFAULT_SOURCES"]

DEFAULT_SOURCES = "sources"


@dataclass
class DocResult:
    """What the per-document stage hands back (small, picklable, cacheable)."""

    path: str
    title: str
    sha256: str
    encoding: str
    claims: list[Claim]
    cached: bool = False

    def as_document(self) -> Document:
        return Document(self.path, self.title, self.sha256, self.encoding, "", ())


@dataclass
class BuildReport:
    """Summary of a build: what was read, skipped, and what the graph holds."""

    store: str
    documents: int = 0
    claims: int = 0
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    reextracted: int = 0
    seconds: float = 0.0
    source_bytes: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Hash of the extraction code and data: a change invalidates the cache."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for sub in ("extract", "data", "ingest", "model.py"):
        p = root / sub
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".tsv", ".txt", ".json", ".csv"):
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def extract_document(src: SourceFile, cache_dir: str | None = None) -> DocResult | Skipped:
    """Read, parse and extract one document (runs in a worker process with --jobs)."""
    from kg.extract import extract_claims

    try:
        with open(src.abspath, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return Skipped(src.relpath, f"{src.relpath}: cannot read ({exc.strerror}), skipped")
    sha = hashlib.sha256(data).hexdigest()
    cache_file = None
    if cache_dir:
        key = hashlib.sha256(f"{src.relpath}\0{sha}\0{extractor_fingerprint()}".encode()).hexdigest()
        cache_file = Path(cache_dir) / f"{key[:32]}.pickle"
        try:
            with open(cache_file, "rb") as fh:
                res = pickle.load(fh)
            if isinstance(res, DocResult):
                res.cached = True
                return res
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    try:
        from kg.ingest import parse_document

        doc = parse_document(data, src.relpath)
    except InputError as exc:
        return Skipped(src.relpath, str(exc))
    try:
        claims = list(extract_claims(doc))
    except KgError as exc:
        return Skipped(src.relpath, f"{src.relpath}: {exc}")
    res = DocResult(doc.path, doc.title, doc.sha256, doc.encoding, claims)
    if cache_file is not None:
        _write_atomic(cache_file, pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    return res


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # the cache is an optimisation; a full disk must not fail the build here


def _extract_all(
    files: list[SourceFile], jobs: int, cache_dir: str | None,
    progress: Callable[[str], None] | None,
) -> list[DocResult | Skipped]:
    if jobs <= 1 or len(files) < 2:
        out = []
        for f in files:
            out.append(extract_document(f, cache_dir))
            if progress:
                progress(f.relpath)
        return out
    from concurrent.futures import ProcessPoolExecutor

    out = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(64, len(files) // (jobs * 8) or 1))
        for f, res in zip(files, pool.map(extract_document, files, [cache_dir] * len(files),
                                          chunksize=chunk)):
            out.append(res)
            if progress:
                progress(f.relpath)
    return out


def build(
    sources: Iterable[str | os.PathLike[str]] = (DEFAULT_SOURCES,),
    store_path: str | os.PathLike[str] = ".kg",
    jobs: int = 1,
    use_cache: bool = True,
    progress: Callable[[str], None] | None = None,
    on_files: Callable[[int], None] | None = None,
) -> BuildReport:
    """Build the graph of ``sources`` into the store at ``store_path``.

    Documents that cannot be used are listed in ``report.skipped``; the rest still
    build.  Raises :class:`~kg.errors.StoreError` if another build holds the store.
    """
    from kg.graph.build import graph_quads
    from kg.graph.inspect import summary
    from kg.graph.store import StoreDir
    from kg.resolve import resolve_entities

    t0 = time.perf_counter()
    sd = StoreDir(store_path)
    report = BuildReport(store=str(store_path))
    with sd.lock():
        files, skipped = find_sources(sources)
        if on_files:
            on_files(len(files))
        cache_dir = str(sd.cache) if use_cache else None
        results = _extract_all(files, jobs, cache_dir, progress)
        docs: list[DocResult] = []
        for r in results:
            if isinstance(r, Skipped):
                skipped.append(r)
            else:
                docs.append(r)
        report.skipped = skipped
        report.documents = len(docs)
        report.reextracted = sum(1 for d in docs if not d.cached)
        report.source_bytes = sum(os.path.getsize(f.abspath) for f in files)
        claims = [c for d in docs for c in d.claims]
        report.claims = len(claims)
        resolution = resolve_entities(claims)
        with sd.new_snapshot() as (_folder, store):
            store.bulk_extend(graph_quads(resolution, [d.as_document() for d in docs]))
        if use_cache:
            _prune_cache(sd.cache, keep=len(files) * 2 + 64)
    s = summary(sd.open_read())
    report.triples = s["triples"]
    report.entities = s["entities"]
    report.conflicts = s["conflicts"]
    report.seconds = time.perf_counter() - t0
    return report


def _prune_cache(cache: Path, keep: int) -> None:
    """Drop the oldest cache files beyond ``keep`` so the cache cannot grow forever."""
    try:
        files = sorted(cache.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for p in files[keep:]:
        try:
            p.unlink()
        except OSError:
            pass
