"""The build, as one visible loop: read -> parse -> extract -> resolve -> graph -> store.

Per-document work (decode, parse, extract, entity keys, the document's N-Triples
segment) is the expensive part and is independent per document, so it runs in a
process pool with ``jobs > 1`` and is cached by the document's sha256 plus a
fingerprint of the code: a rebuild re-extracts only documents that changed.  What
needs every document (entity labels and IRIs, shared fact triples) is small and
made in the parent.  A full build loads document segments while later documents are
still being extracted; an incremental one applies the changed lines to a copy of
the current snapshot.  Either way the new graph is a fresh snapshot swapped in
atomically (see :mod:`kg.graph.store`).
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import pickle
import shutil
import sys
import time
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, KgError, NoDocuments
from kg.ingest import SUFFIXES, Skipped, SourceFile, find_sources, printable_name, read_bytes
from kg.model import Claim, Document

if TYPE_CHECKING:
    from kg.graph.segments import DocSegment

__all__ = ["BuildReport", "build", "extract_document", "DEFAULT_SOURCES"]

DEFAULT_SOURCES = "sources"


@dataclass
class DocResult:
    """What the per-document stage hands back (picklable, cacheable).

    The claims themselves are not kept: the segment holds everything the graph needs,
    and shipping ~200 Claim objects per document from the workers cost the parent more
    CPU than loading the graph.  ``kg.extract.extract_claims`` gives them to callers
    who want them.
    """

    path: str
    title: str
    sha256: str
    encoding: str
    segment: DocSegment
    cached: bool = False

    @property
    def claims(self) -> int:
        """Number of claims extracted from the document."""
        return self.segment.claims

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
    incremental: bool = False  # True: the changed documents were applied to a copy of the current graph
    seconds: float = 0.0  # the build's work; loading the code is start-up (see _import_stages)
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


def _import_stages() -> None:
    """Load the code of every stage before the build's clock starts.

    ``BuildReport.seconds`` measures the build's work on its input; loading the code
    and its vocabularies (about 0.15 s, mostly compiling the extractors' regular
    expressions) is start-up, paid once per process whatever the input, like the
    interpreter's own start-up.  The benchmark reports the whole process time too.
    """
    import json  # noqa: F401

    import pyoxigraph  # noqa: F401

    import kg.extract  # noqa: F401
    import kg.graph.corpus  # noqa: F401
    import kg.graph.inspect  # noqa: F401
    import kg.graph.segments  # noqa: F401
    import kg.graph.store  # noqa: F401
    import kg.ingest.markdown  # noqa: F401

    _warm_extractors()


@lru_cache(maxsize=1)
def _warm_extractors() -> None:
    """Run the extractors once on a tiny text: builds their lazily made automata and the
    Markdown block parser (the HTML table takes that path) and loads the vocabularies
    (in the parent, so forked workers inherit them)."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("# w\n\nGPT-4 由 OpenAI 于 2023 年 3 月发布，参数量 175B，上下文 8K。\n\n"
            "Llama 2 was released by Meta in July 2023; Alpaca is fine-tuned from LLaMA 7B.\n\n"
            "| 模型 | 发布时间 | 参数量 | 基座模型 |\n|---|---|---|---|\n| Qwen-7B-Chat | 2023-08 | 7B | Qwen-7B |\n\n"
            "<table><tr><th>模型</th></tr><tr><td>GLM-130B</td></tr></table>\n")
    _segment("warm.md", "w", "", list(extract_claims(parse_document(text.encode(), "warm.md"))))


def extract_document(src: SourceFile, cache_dir: str | None = None) -> DocResult | Skipped:
    """Read, parse and extract one document (runs in a worker process with --jobs)."""
    return _extract_pickled(src, cache_dir)[0]


def _extract_pickled(src: SourceFile, cache_dir: str | None) -> tuple[DocResult | Skipped, bytes | None]:
    """:func:`extract_document`, and the result pickled when it was pickled for the cache:
    a worker hands these bytes to the parent instead of pickling the result twice."""
    from kg.extract import extract_claims

    try:
        data = read_bytes(src)
    except InputError as exc:
        return Skipped(src.relpath, str(exc)), None
    sha = hashlib.sha256(data).hexdigest()
    cache_file = None
    if cache_dir:
        cache_file = Path(cache_dir) / _cache_name(src.relpath, sha)
        try:
            with open(cache_file, "rb") as fh:
                res = pickle.load(fh)
            if isinstance(res, DocResult):
                res.cached = True
                return res, None
        except Exception:  # noqa: BLE001 - a damaged cache entry is a miss, whatever it raises
            pass
    try:
        from kg.ingest import parse_document

        doc = parse_document(data, src.relpath)
    except InputError as exc:
        return Skipped(src.relpath, str(exc)), None
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the build (RecursionError too)
        return Skipped(src.relpath, f"{src.relpath}: cannot parse ({_one_line(exc)}), skipped"), None
    try:
        claims = list(extract_claims(doc))
        segment = _segment(doc.path, doc.title, doc.sha256, claims, doc)
    except KgError as exc:
        return Skipped(src.relpath, _one_line(f"{src.relpath}: {exc}")), None
    except Exception as exc:  # noqa: BLE001 - same rule for the extract stage
        return Skipped(src.relpath, f"{src.relpath}: extraction failed ({_one_line(exc)}), skipped"), None
    res = DocResult(doc.path, doc.title, doc.sha256, doc.encoding, segment)
    if cache_file is None:
        return res, None
    pickled = pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL)
    _write_atomic(cache_file, pickled)
    return res, pickled


def _segment(path: str, title: str, sha256: str, claims: list[Claim], doc: Document | None = None) -> DocSegment:
    """Entity keys and graph lines of one document (in the worker: none of it needs other documents)."""
    from kg.graph.segments import doc_segment
    from kg.resolve import key_claims

    place = doc.place if doc is not None and doc.places else None
    return doc_segment(path, title, sha256, key_claims(claims), len(claims), place,
                       doc.media_type if doc is not None else "")


def _cache_name(relpath: str, sha: str) -> str:
    key = hashlib.sha256(f"{relpath}\0{sha}\0{graph_fingerprint()}".encode()).hexdigest()
    return f"{key[:32]}.pickle"


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
) -> Iterator[DocResult | Skipped]:
    """Per-document results in the order of ``files``, as they are ready.

    A generator so the caller can load each document's lines into the store while the
    workers extract the next ones (the parent is otherwise idle).
    """
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield extract_document(f, cache_dir)
            if progress:
                progress(f.relpath)
        return
    import multiprocessing
    import tempfile

    _warm_extractors()  # forked workers inherit the loaded vocabularies instead of each building them
    # Workers take the next document from a shared counter and leave each result in a
    # file; the parent only reads files in order.  Why not a ProcessPoolExecutor: its
    # feeder thread needs the GIL, and pyoxigraph's bulk load holds the GIL for
    # seconds, so the workers starved for tasks while the parent loaded the store.
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
    handoff = tempfile.mkdtemp(prefix="kg-handoff-", dir=cache_dir)
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("i", 0)
    procs = [ctx.Process(target=_worker, args=(files, cache_dir, handoff, counter), daemon=True)
             for _ in range(jobs)]
    try:
        for p in procs:
            p.start()
        for i, f in enumerate(files):
            path = os.path.join(handoff, f"{i}.pickle")
            delay = 0.0005
            while not os.path.exists(path):
                if not any(p.is_alive() for p in procs) and not os.path.exists(path):
                    # a worker was killed (out of memory, a signal): one line, not a traceback
                    raise KgError("a worker process died during extraction (out of memory?); "
                                  "the previous graph is unchanged; try again with --jobs 1")
                time.sleep(delay)
                delay = min(delay * 2, 0.02)
            with open(path, "rb") as fh:
                res = pickle.load(fh)
            os.unlink(path)
            yield res
            if progress:
                progress(f.relpath)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join()
        shutil.rmtree(handoff, ignore_errors=True)


def _worker(files: list[SourceFile], cache_dir: str | None, handoff: str, counter) -> None:
    """Extract documents until none is left; each result goes to ``handoff/<index>.pickle``."""
    gc.freeze()  # what the parent built before forking is never garbage here: skip it in collections
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value += 1
        if i >= len(files):
            return
        res, pickled = _extract_pickled(files[i], cache_dir)
        tmp = os.path.join(handoff, f"{i}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(pickled or pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, os.path.join(handoff, f"{i}.pickle"))  # appears whole or not at all


#: load document lines into the store in batches of about this many characters:
#: big enough that the bulk loader is efficient, small enough to bound memory
LOAD_BATCH = 32 * 1024 * 1024
#: an incremental build is tried when at most this share of the documents changed
INCREMENTAL_SHARE = 0.25
#: compact an incrementally updated snapshot once its database has more data files than this
COMPACT_AFTER_FILES = 40
STATE = "kg-state.marshal"
#: the corpus state, read and written key by key (kg.graph.statedb)
STATE_DB = "kg-state.sqlite"


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
    build.  When few documents changed since the current graph was built (and the code
    is the same), the new snapshot starts as a copy of the current one (hard links)
    and only the changed lines are removed and added; the result is the same graph a
    full build makes.  Raises :class:`~kg.errors.StoreError` if another build holds
    the store.
    """
    from kg.graph.store import StoreDir

    _import_stages()
    t0 = time.perf_counter()
    sd = StoreDir(store_path)
    report = BuildReport(store=str(store_path))
    with sd.lock(), _few_collections():
        files, skipped = find_sources(sources)
        if not files:
            where = ", ".join(printable_name(os.fspath(s)) for s in sources)
            raise NoDocuments(
                f"{where}: no document to build (reads {' '.join(SUFFIXES)}; "
                f"{len(skipped)} file{'s' * (len(skipped) != 1)} skipped); the store was not changed",
                skipped)
        if on_files:
            on_files(len(files))
        current = _read_manifest(sd) if use_cache else None
        inputs = _manifest_key(files, skipped, (current or {}).get("files"))
        if use_cache:
            same = _unchanged(current, inputs.key)
            if same is not None:  # same files, same code: the current graph is this build's
                sd.tidy()
                same.seconds = time.perf_counter() - t0
                return same
        report.skipped = skipped
        report.source_bytes = inputs.size
        cache_dir = str(sd.cache) if use_cache else None
        done = False
        if use_cache:
            done = _build_incremental(sd, files, inputs, jobs, cache_dir, progress, report)
        if not done:
            _build_full(sd, files, inputs, jobs, cache_dir, progress, report)
        if use_cache:
            _prune_cache(sd.cache, keep=len(files) * 2 + 64)
    report.seconds = time.perf_counter() - t0
    return report


#: garbage-collector thresholds during a build (Python's default: 700, 10, 10)
GC_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Collect garbage less often while building, then restore the caller's settings.

    Why: a build keeps millions of small objects alive until it ends (segments, sums,
    caches), and with the default thresholds full collections walk them over and over:
    about a tenth of a 100x build.  Nothing a build makes has reference cycles to free.
    """
    old = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _build_full(sd, files: list[SourceFile], inputs: _Inputs, jobs: int, cache_dir: str | None,
                progress: Callable[[str], None] | None, report: BuildReport) -> None:
    """Every document's lines into a fresh snapshot, loaded while later documents are extracted."""
    from concurrent.futures import Future

    from kg.graph.corpus import CorpusState
    from kg.graph.segments import misguessed_refs
    from kg.graph.store import Background

    docs: list[DocResult] = []
    # the last tenth of the documents is loaded in smaller batches, so that little is
    # left to load once the last document is extracted (with --jobs, that load is serial)
    near_end = len(files) - max(1, len(files) // 10)
    corpus = CorpusState()  # sums as documents arrive; entities and global lines at the end
    with sd.new_snapshot(optimize=False) as (folder, store):
        batch: list[str] = []
        size = 0
        for i, r in enumerate(_extract_all(files, jobs, cache_dir, progress)):
            if isinstance(r, Skipped):
                report.skipped.append(r)
                continue
            docs.append(r)
            corpus.add(r.path, r.segment.contribution())
            batch.append(r.segment.local)
            batch.append(r.segment.guessed_refs)
            size += len(r.segment.local) + len(r.segment.guessed_refs)
            # the rest of the build needs a document's references and guesses, not its text
            # (kept, the texts were a quarter of a 100x build's peak memory)
            r.segment.local = r.segment.guessed_refs = ""
            if size >= (LOAD_BATCH if i < near_end else LOAD_BATCH // 8):
                _load(store, batch)
                batch, size = [], 0
        docs.sort(key=lambda d: d.path)
        glob = corpus.finish()
        ids = {k: e.id for k, e in corpus.entities.items()}
        batch.extend(glob)
        # the references loaded with a document's own guess of an entity's id, where the
        # corpus outvoted it (a few percent on real corpora): re-pointed after the last load
        fixes = [misguessed_refs(d.segment, ids) for d in docs]
        # the store's tail (last load, fixes, counts, compaction: GIL released for most of
        # its 1.1 s at 100x) runs in one thread while this one writes the corpus state (0.9 s);
        # the summary waits only for the counts.  (In a Background: a full disk is the
        # build's one-line error, not a thread's traceback beside a published graph.)
        counted: Future = Future()
        tail = Background(_store_tail, store, batch, "".join(f[0] for f in fixes),
                          "".join(f[1] for f in fixes), counted)
        try:
            corpus.save(folder / STATE_DB)
            report.reextracted = sum(1 for d in docs if not d.cached)
            _finish(folder, inputs, report,
                    {d.path: (d.sha256, _cache_name(d.path, d.sha256)) for d in docs}, corpus,
                    counted.result())
        finally:
            tail.join()


def _store_tail(store, batch: list[str], remove: str, add: str, counted) -> None:
    """The end of a full build in the store: load the last batch, apply the re-pointed
    references, count (the summary's figures: ``counted`` gets them, or the error), then
    flush and compact."""
    from kg.graph.inspect import entity_counts

    try:
        _load(store, batch)
        batch.clear()  # the text is in the store now; the thread lives on through the compaction
        _apply(store, remove, add)
        counts = {"triples": len(store), "entities": entity_counts(store)}
    except BaseException as exc:
        counted.set_exception(exc)
        raise
    counted.set_result(counts)
    store.flush()
    store.optimize()


def _build_incremental(sd, files: list[SourceFile], inputs: _Inputs, jobs: int,
                       cache_dir: str | None, progress: Callable[[str], None] | None,
                       report: BuildReport) -> bool:
    """Apply the changed documents to a copy of the current snapshot; False: do a full build.

    Falls back (returns False, nothing written) when there is no usable state, the code
    changed, too many documents changed, or an old document's cached lines are gone.
    The work is proportional to the changed documents (plus the documents naming an
    entity whose id moved), not to the corpus: see :mod:`kg.graph.corpus`.
    """
    base = sd.current_snapshot()
    if base is None or cache_dir is None:
        return False
    # the copy of the current snapshot opens (tens of ms in RocksDB, GIL released) while
    # the state is read and the changed documents are extracted; dropped if we fall back
    from kg.graph.statedb import StateDamaged

    early = sd.open_early(base)
    skipped = len(report.skipped)
    try:
        done = _incremental(sd, base, early, files, inputs, jobs, cache_dir, progress, report)
    except StateDamaged:  # found while reading it key by key: a full build writes a new one
        report.incremental, report.reextracted = False, 0
        del report.skipped[skipped:]
        done = False
    except BaseException:
        early.discard()
        raise
    if not done:
        early.discard()
    return done


def _incremental(sd, base: Path, early, files: list[SourceFile], inputs: _Inputs, jobs: int, cache_dir: str,
                 progress: Callable[[str], None] | None, report: BuildReport) -> bool:
    """The body of :func:`_build_incremental`; ``early``: the copy of ``base`` being opened."""
    from kg.graph.segments import render_refs
    from kg.graph.store import Background

    state = _load_state(base)
    if state is None:
        return False
    shas = inputs.shas
    old_docs: dict[str, tuple[str, str]] = state["docs"]  # path -> (sha256, cache name)
    corpus = state["corpus"]
    paths = {f.relpath for f in files}
    # a file skipped last time with the same content is skipped again, for the same reason
    old_skipped: dict[str, tuple[str, str]] = state.get("skipped", {})
    still_bad = [Skipped(f.relpath, old_skipped[f.relpath][1]) for f in files
                 if f.relpath in old_skipped and shas.get(f.relpath) == old_skipped[f.relpath][0]]
    bad = {s.path for s in still_bad}
    changed = [f for f in files
               if f.relpath not in bad and (shas.get(f.relpath) is None or f.relpath not in old_docs
                                            or old_docs[f.relpath][0] != shas[f.relpath])]
    removed = [p for p in old_docs if p not in paths]
    if len(changed) + len(removed) > max(1, int(len(old_docs) * INCREMENTAL_SHARE)):
        return False
    changed_paths = {f.relpath for f in changed}
    # old lines of documents that change or go: from the cache (else: full build)
    old_res: dict[str, DocResult] = {}
    for p in sorted([p for p in changed_paths if p in old_docs] + removed):
        r = _read_cache(cache_dir, old_docs[p][1])
        if r is None:
            return False
        old_res[p] = r
    new_res: dict[str, DocResult] = {}
    skipped: list[Skipped] = list(still_bad)  # reported only if this path is taken
    for r in _extract_all(changed, jobs, cache_dir, progress):
        if isinstance(r, Skipped):
            skipped.append(r)
        else:
            new_res[r.path] = r
    new_res = dict(sorted(new_res.items()))
    touched = new_res.keys() | old_res.keys()
    repoint: set[str] = set()

    def naming(keys: set) -> Iterator:
        """Unchanged documents naming an entity whose id moved: their references are
        re-pointed, and their facts are the facts naming it (for the corpus update)."""
        for p in sorted(corpus.docs_naming(keys) - touched):
            r = _read_cache(cache_dir, old_docs[p][1])
            if r is None:
                raise _CacheMiss(p)
            old_res[p] = r
            repoint.add(p)
            yield r.segment.contribution()

    try:
        remove_glob, add_glob, moved = corpus.update(
            [(p, r.segment.contribution()) for p, r in old_res.items()],
            [(p, r.segment.contribution()) for p, r in new_res.items()], naming)
    except _CacheMiss:
        return False
    previous = ChainMap(corpus.replaced, corpus.entities)  # the entities before the update
    old_ids = {k: previous[k].id for r in old_res.values() for _, _, k in r.segment.refs}
    ids = _Ids(corpus.entities)
    # lines of the touched documents before and after: only their difference is written
    before: set[str] = set()
    after: set[str] = set()
    for p, r in old_res.items():
        before.update(render_refs(r.segment.refs, old_ids).splitlines(keepends=True))
        if p in repoint:
            after.update(render_refs(r.segment.refs, ids).splitlines(keepends=True))
        else:
            before.update(r.segment.local.splitlines(keepends=True))
    for r in new_res.values():
        after.update(r.segment.local.splitlines(keepends=True))
        after.update(render_refs(r.segment.refs, ids).splitlines(keepends=True))
    remove = (before - after) | remove_glob
    add = (after - before) | add_glob
    report.reextracted = sum(1 for r in new_res.values() if not r.cached)
    report.incremental = True
    report.skipped.extend(skipped)
    docs = {p: v for p, v in old_docs.items() if p in paths and p not in changed_paths}
    docs.update((p, (r.sha256, _cache_name(p, r.sha256))) for p, r in new_res.items())
    # a diff adds small files to the database; compact now and then so reads stay fast
    compact = sum(1 for f in base.iterdir() if f.suffix == ".sst") > COMPACT_AFTER_FILES
    with sd.new_snapshot(base=base, optimize=compact, early=early) as (folder, store):
        gone, new = _apply(store, "".join(sorted(remove)), "".join(sorted(add)))
        counts = _counts_after(state["counts"], gone, new)
        # RocksDB writes its files (GIL released) while we pickle the state
        flusher = Background(store.flush)
        try:
            corpus.save(folder / STATE_DB, base=base / STATE_DB)
            _finish(folder, inputs, report, dict(sorted(docs.items())), corpus, counts)
        finally:
            flusher.join()
    return True


class _CacheMiss(Exception):
    """A document's cached result is gone: the incremental build gives way to a full one."""


class _Ids(Mapping):
    """Entity ids by key, looked up as needed: an incremental build renders the references
    of a few documents and must not read every entity of the state for that."""

    def __init__(self, entities) -> None:
        self._entities = entities

    def __getitem__(self, k):
        return self._entities[k].id

    def __iter__(self):
        return iter(self._entities)

    def __len__(self) -> int:
        return len(self._entities)


def _load(store, parts: list[str]) -> None:
    """Bulk-load N-Triples text (the loader parses in Rust; no Python term objects)."""
    import pyoxigraph

    if parts:
        # lenient: the lines are ours (IRIs from slugs and hashes, literals escaped by
        # nt_literal), so the parser's IRI validation is skipped: ~20 % of the load
        store.bulk_load("".join(parts).encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=True)


def _apply(store, remove: str, add: str) -> tuple[set, set]:
    """Remove, then add, N-Triples lines (a small diff); return the quads really removed
    and really added, so the counts of the summary can be updated without a full scan."""
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.N_TRIPLES
    gone = {q for q in pyoxigraph.parse(remove.encode("utf-8"), format=fmt) if q in store} if remove else set()
    for q in gone:
        store.remove(q)
    new = {q for q in pyoxigraph.parse(add.encode("utf-8"), format=fmt) if q not in store} if add else set()
    store.extend(new)
    return gone, new


def _counts_after(counts: dict, gone: set, new: set) -> dict:
    """Triple and per-class entity counts of the old graph, updated by a diff."""
    from kg.vocab import RDF, VOCAB

    out = {"triples": counts["triples"] + len(new) - len(gone), "entities": dict(counts["entities"])}
    rdf_type = RDF + "type"
    for quads, sign in ((gone, -1), (new, 1)):
        for q in quads:
            if q.predicate.value == rdf_type and q.object.value.startswith(VOCAB):
                cls = q.object.value[len(VOCAB):]
                if cls in out["entities"]:
                    out["entities"][cls] += sign
    return out


def _finish(folder: Path, inputs: _Inputs, report: BuildReport, docs: dict[str, tuple[str, str]],
            corpus, counts: dict) -> None:
    """Summary, manifest and the state the next incremental build starts from (beside
    the corpus state, which the caller saves in ``folder``).

    ``docs``: path -> (sha256, cache name) of every document in the graph.  ``counts``:
    triples and entities per class (counted in the store after a full build, updated
    from the diff after an incremental one); conflicts are counted by the corpus state.
    """
    report.documents = len(docs)
    report.claims = corpus.claims
    report.triples = counts["triples"]
    report.entities = counts["entities"]
    report.conflicts = len(corpus.conflicts)
    shas = inputs.shas
    skipped = {sk.path: (shas[sk.path], sk.reason) for sk in report.skipped if shas.get(sk.path)}
    # marshal, not pickle: plain data, written and read by this very code (the fingerprint
    # and the Python version are checked on load), several times faster to write
    state = {"fingerprint": graph_fingerprint(), "python": list(sys.version_info[:2]), "docs": docs,
             "counts": counts, "skipped": skipped}
    (folder / STATE).write_bytes(marshal.dumps(state))
    _write_manifest(folder, inputs, report)


def _load_state(snap: Path) -> dict | None:
    """The state a snapshot left for incremental builds; None when absent, damaged or stale."""
    from kg.graph.corpus import CorpusState

    try:
        state = marshal.loads((snap / STATE).read_bytes())
        if (not isinstance(state, dict) or state.get("fingerprint") != graph_fingerprint()
                or state.get("python") != list(sys.version_info[:2])):
            return None
        state["corpus"] = CorpusState.load(snap / STATE_DB)
        return state
    except Exception:  # noqa: BLE001 - a damaged state only means a full build
        return None


def _read_cache(cache_dir: str, name: str) -> DocResult | None:
    try:
        with open(Path(cache_dir) / name, "rb") as fh:
            r = pickle.load(fh)
        return r if isinstance(r, DocResult) else None
    except Exception:  # noqa: BLE001 - a missing or damaged entry is a miss
        return None


MANIFEST = "kg-manifest.json"


@lru_cache(maxsize=1)
def graph_fingerprint() -> str:
    """Hash of all code and data that shape the graph (extraction, resolution, RDF)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(extractor_fingerprint().encode())
    for rel in ("resolve", "graph/build.py", "graph/segments.py", "graph/corpus.py", "vocab.py", "ontology.ttl", "pipeline.py"):
        p = root / rel
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            if f.is_file():
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


#: a file whose status changed less than this before it was hashed is hashed again next
#: time: a write in the same clock tick as the hash could leave its status unchanged
SETTLE_NS = 2_000_000_000


@dataclass
class _Inputs:
    """What a build's result depends on: ``key`` hashes the code and every file's path
    and content; ``shas`` per file (None: unreadable); ``table`` the file status each
    trusted hash goes with, kept in the manifest for the next build; ``size`` in bytes."""

    key: str
    shas: dict[str, str | None]
    table: dict[str, list]
    size: int


def _manifest_key(files: list[SourceFile], skipped: list[Skipped], known: dict | None = None) -> _Inputs:
    """Hash every file, except those whose status (size, mtime, ctime, inode) is the one
    recorded in ``known`` when they were last hashed, long enough after their last change.

    Why: re-reading and hashing every file is the largest part of a rebuild that finds
    little changed (all of it for an unchanged corpus).  ctime cannot be set by users,
    and every write moves it, so an unchanged status means unchanged bytes, as git's
    index assumes.
    """
    h = hashlib.sha256(graph_fingerprint().encode())
    shas: dict[str, str | None] = {}
    table: dict[str, list] = {}
    size = 0
    now = time.time_ns()
    known = known if isinstance(known, dict) else {}
    for f in files:
        try:
            st = os.stat(f.abspath)
            status = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        except OSError:
            status = None
        digest = None
        old = known.get(f.relpath)
        if status is not None and isinstance(old, list) and old[:4] == status:
            digest = old[4]
        else:
            try:
                digest = hashlib.sha256(read_bytes(f)).hexdigest()
            except InputError as exc:
                h.update(f"\0{f.relpath}\0unreadable: {exc}".encode())
                shas[f.relpath] = None
                continue
        shas[f.relpath] = digest
        size += status[0] if status else 0
        if status is not None and status[2] < now - SETTLE_NS:
            table[f.relpath] = [*status, digest]
        h.update(f"\0{f.relpath}\0{digest}".encode())
    for sk in skipped:
        h.update(f"\0skipped\0{sk.reason}".encode())
    return _Inputs(h.hexdigest(), shas, table, size)


def _write_manifest(folder: Path, inputs: _Inputs, report: BuildReport) -> None:
    import json
    from dataclasses import asdict

    data = {"key": inputs.key, "report": {**asdict(report), "skipped": [asdict(s) for s in report.skipped]},
            "files": inputs.table}
    (folder / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _read_manifest(sd) -> dict | None:
    """The current snapshot's manifest, None when there is none or it is damaged."""
    import json

    snap = sd.current_snapshot()
    if snap is None:
        return None
    try:
        data = json.loads((snap / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _unchanged(manifest: dict | None, key: str) -> BuildReport | None:
    """The current snapshot's report when it was built from exactly these files and code."""
    if manifest is None or manifest.get("key") != key:
        return None
    try:
        r = dict(manifest["report"])
        r["skipped"] = [Skipped(**x) for x in r["skipped"]]
        report = BuildReport(**r)
    except (KeyError, TypeError):
        return None
    report.reextracted = 0
    report.unchanged = True
    return report


def _prune_cache(cache: Path, keep: int) -> None:
    """Drop the oldest cache files beyond ``keep`` so the cache cannot grow forever."""
    try:
        names = [e.path for e in os.scandir(cache) if e.name.endswith(".pickle")]
        if len(names) <= keep:  # the usual case: no need to stat every entry
            return
        files = sorted((Path(n) for n in names), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for p in files[keep:]:
        try:
            p.unlink()
        except OSError:
            pass
