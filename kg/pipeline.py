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
from kg.ingest import Skipped, SourceFile, find_sources, read_bytes
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
    unchanged: bool = False  # True: nothing changed since the current graph was built
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


def _warm_extractors() -> None:
    """Import the extractors and load their data once, in the parent process."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    extract_claims(parse_document("# w\n\nGPT-4 由 OpenAI 发布。\n".encode(), "warm.md"))


def extract_document(src: SourceFile, cache_dir: str | None = None) -> DocResult | Skipped:
    """Read, parse and extract one document (runs in a worker process with --jobs)."""
    from kg.extract import extract_claims

    try:
        data = read_bytes(src)
    except InputError as exc:
        return Skipped(src.relpath, str(exc))
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
        except Exception:  # noqa: BLE001 - a damaged cache entry is a miss, whatever it raises
            pass
    try:
        from kg.ingest import parse_document

        doc = parse_document(data, src.relpath)
    except InputError as exc:
        return Skipped(src.relpath, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the build (RecursionError too)
        return Skipped(src.relpath, f"{src.relpath}: cannot parse ({_one_line(exc)}), skipped")
    try:
        claims = list(extract_claims(doc))
    except KgError as exc:
        return Skipped(src.relpath, _one_line(f"{src.relpath}: {exc}"))
    except Exception as exc:  # noqa: BLE001 - same rule for the extract stage
        return Skipped(src.relpath, f"{src.relpath}: extraction failed ({_one_line(exc)}), skipped")
    res = DocResult(doc.path, doc.title, doc.sha256, doc.encoding, claims)
    if cache_file is not None:
        _write_atomic(cache_file, pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    return res


def _one_line(exc: object, limit: int = 300) -> str:
    """An exception (or message) as one short line: skip reasons are one line each."""
    text = f"{type(exc).__name__}: {exc}" if isinstance(exc, BaseException) else str(exc)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        # the cache is an optimisation; a full disk must not fail the build here, nor
        # leave a half-written temp file behind to fill the disk further
        try:
            tmp.unlink()
        except OSError:
            pass


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
    from concurrent.futures.process import BrokenProcessPool

    _warm_extractors()  # forked workers inherit the loaded vocabularies instead of each building them
    out = []
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, min(64, len(files) // (jobs * 8) or 1))
            results = pool.map(extract_document, files, [cache_dir] * len(files), chunksize=chunk)
            for f, res in zip(files, results, strict=True):
                out.append(res)
                if progress:
                    progress(f.relpath)
    except BrokenProcessPool:
        # a worker was killed (out of memory, a signal): say so in one line, not a traceback
        raise KgError("a worker process died during extraction (out of memory?); "
                      "the previous graph is unchanged; try again with --jobs 1") from None
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
        key = _manifest_key(files, skipped)
        if use_cache:
            same = _unchanged(sd, key)
            if same is not None:  # same files, same code: the current graph is this build's
                sd.tidy()
                same.seconds = time.perf_counter() - t0
                return same
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
        report.source_bytes = sum(_size(f.abspath) for f in files)
        claims = [c for d in docs for c in d.claims]
        report.claims = len(claims)
        resolution = resolve_entities(claims)
        with sd.new_snapshot() as (folder, store):
            store.bulk_extend(graph_quads(resolution, [d.as_document() for d in docs]))
            s = summary(store)
            report.triples = s["triples"]
            report.entities = s["entities"]
            report.conflicts = s["conflicts"]
            _write_manifest(folder, key, report)
        if use_cache:
            _prune_cache(sd.cache, keep=len(files) * 2 + 64)
    report.seconds = time.perf_counter() - t0
    return report


MANIFEST = "kg-manifest.json"


@lru_cache(maxsize=1)
def graph_fingerprint() -> str:
    """Hash of all code and data that shape the graph (extraction, resolution, RDF)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(extractor_fingerprint().encode())
    for rel in ("resolve", "graph/build.py", "vocab.py", "ontology.ttl", "pipeline.py"):
        p = root / rel
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            if f.is_file():
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _manifest_key(files: list[SourceFile], skipped: list[Skipped]) -> str:
    """What a build's result depends on: code, and every file's path and content hash."""
    h = hashlib.sha256(graph_fingerprint().encode())
    for f in files:
        try:
            digest = hashlib.sha256(read_bytes(f)).hexdigest()
        except InputError as exc:
            digest = f"unreadable: {exc}"
        h.update(f"\0{f.relpath}\0{digest}".encode())
    for sk in skipped:
        h.update(f"\0skipped\0{sk.reason}".encode())
    return h.hexdigest()


def _write_manifest(folder: Path, key: str, report: BuildReport) -> None:
    import json
    from dataclasses import asdict

    data = {"key": key, "report": {**asdict(report), "skipped": [asdict(s) for s in report.skipped]}}
    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _unchanged(sd, key: str) -> BuildReport | None:
    """The current snapshot's report when it was built from exactly these files and code."""
    import json

    snap = sd.current_snapshot()
    if snap is None:
        return None
    try:
        data = json.loads((snap / MANIFEST).read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        r = dict(data["report"])
        r["skipped"] = [Skipped(**x) for x in r["skipped"]]
        report = BuildReport(**r)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    report.reextracted = 0
    report.unchanged = True
    return report


def _size(path: str) -> int:
    """Size of a file, 0 when it vanished meanwhile (it is then reported as skipped)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


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
