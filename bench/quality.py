"""Extraction quality on every gold-annotated document set: ``python -m bench.quality``.

A *set* is a folder with ``docs/`` (the documents) and ``gold/`` (one TSV per document,
``ALIASES*.tsv`` beside them), or the seeds (``sources/`` + ``../shared/gold/seeds``).
Each set is built in process (read, extract, resolve; no store) once as a whole and once
per document, and scored with :func:`kg.evaluate.evaluate`: the whole-set figure is what a
user building the folder gets; the per-document figures show where it fails.

    python -m bench.quality                  # every set, a summary line each
    python -m bench.quality dev --docs       # per document
    python -m bench.quality generated-zh --relations --show 30
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.evaluate import (
    EvalReport,
    GoldFact,
    GraphFact,
    evaluate,
    facts_from_store,
    load_gold,
    norm_name,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@dataclass(frozen=True)
class DocSet:
    """A named set of documents with gold: documents in ``docs``, one gold TSV per document."""

    name: str
    docs: Path
    gold: Path


def sets() -> dict[str, DocSet]:
    """The document sets present on this machine, by name."""
    cands = [
        DocSet("seeds", ROOT / "sources", SHARED / "gold" / "seeds"),
        DocSet("dev", SHARED / "dev" / "docs", SHARED / "dev" / "gold"),
        DocSet("unseen", ROOT / "tests" / "data" / "unseen", ROOT / "tests" / "data" / "unseen" / "gold"),
        DocSet("collected", ROOT / "tests" / "data" / "collected" / "docs", ROOT / "tests" / "data" / "collected" / "gold"),
        DocSet("private", ROOT.parent / "private-collected" / "docs", ROOT.parent / "private-collected" / "gold"),
        DocSet("heldout", ROOT / "tests" / "data" / "heldout" / "docs", ROOT / "tests" / "data" / "heldout" / "gold"),
        DocSet("private-heldout", ROOT.parent / "private-heldout" / "docs", ROOT.parent / "private-heldout" / "gold"),
        DocSet("private-h4", ROOT.parent / "private-heldout4" / "docs", ROOT.parent / "private-heldout4" / "gold"),
        DocSet("private-h5", ROOT.parent / "private-heldout5" / "docs", ROOT.parent / "private-heldout5" / "gold"),
        DocSet("private-h6", ROOT.parent / "private-heldout6" / "docs", ROOT.parent / "private-heldout6" / "gold"),
        DocSet("private-h7", ROOT.parent / "private-heldout7" / "docs", ROOT.parent / "private-heldout7" / "gold"),
        # generated held-out sets written by helpers, one per session: private-gen-zh, private-gen2-en, ...
        *(DocSet(f"private-gen{n}-{lang}", ROOT.parent / f"private-generated{n}" / lang / "docs",
                 ROOT.parent / f"private-generated{n}" / lang / "gold") for n in ("", "2", "3", "4", "5", "6") for lang in ("zh", "en")),
        DocSet("generated-zh", ROOT / "tests" / "data" / "generated" / "zh" / "docs",
               ROOT / "tests" / "data" / "generated" / "zh" / "gold"),
        DocSet("generated-en", ROOT / "tests" / "data" / "generated" / "en" / "docs",
               ROOT / "tests" / "data" / "generated" / "en" / "gold"),
    ]
    return {s.name: s for s in cands if s.docs.is_dir() and s.gold.is_dir() and any(s.gold.glob("*.tsv"))}


def _aliases(gold_dir: Path) -> dict[str, set[str]]:
    """Every ``ALIASES*.tsv`` of a gold folder (several annotators may each keep one)."""
    out: dict[str, set[str]] = {}
    files = sorted(gold_dir.glob("ALIASES*.tsv")) or sorted(gold_dir.parent.glob("ALIASES.tsv"))
    for a in files:
        for line in a.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            names = {norm_name(x) for x in line.split("\t") if x.strip()}
            for n in names:
                out.setdefault(n, set()).update(names)
    return out


#: ``--only``: the document stems to keep (empty: all)
ONLY: set[str] = set()


def gold_files(s: DocSet) -> list[Path]:
    return sorted(p for p in s.gold.glob("*.tsv") if not p.name.startswith("ALIASES")
                  and (not ONLY or p.stem in ONLY))


def doc_for(s: DocSet, gold: Path) -> Path | None:
    hits = [p for p in s.docs.iterdir() if p.is_file() and p.stem == gold.stem]
    return hits[0] if len(hits) == 1 else None


def _gold(paths: list[Path]) -> list[GoldFact]:
    facts: list[GoldFact] = []
    for p in paths:
        facts.extend(load_gold(p)[0])
    return facts


def graph_facts(docs: list[Path]) -> list[GraphFact]:
    """Build ``docs`` (copied into one folder, as a user would) into a fresh store and read
    its facts back: the figures are those of ``kg build`` + ``kg eval``, not an in-process
    shortcut."""
    from kg.graph.store import open_read
    from kg.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for d in docs:
            (folder / d.name).write_bytes(d.read_bytes())
        build([folder], Path(tmp) / "store", use_cache=False)
        return facts_from_store(open_read(Path(tmp) / "store"))


def score_set(s: DocSet) -> EvalReport:
    """The set built as one folder, scored against all its gold files."""
    files = gold_files(s)
    docs = [d for d in (doc_for(s, g) for g in files) if d is not None]
    return evaluate(_gold(files), _aliases(s.gold), graph_facts(docs))


def score_docs(s: DocSet) -> Iterator[tuple[str, EvalReport]]:
    """Each document built alone, scored against its own gold file."""
    aliases = _aliases(s.gold)
    for g in gold_files(s):
        d = doc_for(s, g)
        if d is None:
            continue
        yield g.stem, evaluate(load_gold(g)[0], aliases, graph_facts([d]))


def _line(name: str, r: EvalReport) -> str:
    o = r.overall
    lin = r.scores.get("lineage(any)")
    lin_s = f"{lin.found:>4}/{lin.gold:<4} R {lin.recall:.3f} P {lin.precision:.3f}" if lin else "-"
    return (f"{name:<16} gold {o.gold:>5} graph {o.graph:>5}  P {o.precision:.3f}  R {o.recall:.3f}  "
            f"F1 {o.f1:.3f}   lineage {lin_s}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="sets to score (default: all present)")
    ap.add_argument("--docs", action="store_true", help="also score each document alone")
    ap.add_argument("--relations", action="store_true", help="per-relation table of each set")
    ap.add_argument("--show", type=int, default=0, help="false positives and misses to list")
    ap.add_argument("--record", type=Path, default=None, metavar="JSON",
                    help="write each set's figures there (tests/data/quality.json: the floors of tests/test_quality.py)")
    ap.add_argument("--only", default="", metavar="STEMS",
                    help="comma-separated document stems to keep (e.g. --only H01,H02)")
    a = ap.parse_args(argv)
    ONLY.update(x for x in a.only.split(",") if x)
    if ONLY and a.record is not None:
        print("--only and --record: the floors are whole sets", file=sys.stderr)
        return 2
    available = sets()
    names = a.names or list(available)
    for n in names:
        if n not in available:
            print(f"{n}: no such document set here (have: {', '.join(available)})", file=sys.stderr)
            return 2
    from kg.evaluate import format_report

    recorded: dict[str, dict[str, float | int]] = {}
    for n in names:
        s = available[n]
        r = score_set(s)
        print(_line(n, r))
        lin = r.scores.get("lineage(any)")
        recorded[n] = {"f1": round(r.overall.f1, 4), "precision": round(r.overall.precision, 4),
                       "recall": round(r.overall.recall, 4), "gold": r.overall.gold,
                       "lineage_recall": round(lin.recall, 4) if lin else 0.0,
                       "lineage_precision": round(lin.precision, 4) if lin else 0.0}
        if a.relations or a.show:
            print(format_report(r, a.show))
        if a.docs:
            for doc, dr in score_docs(s):
                print("  " + _line(doc, dr))
                recorded[f"{n}/{doc}"] = {"f1": round(dr.overall.f1, 4)}
    if a.record is not None:
        import json

        old = json.loads(a.record.read_text(encoding="utf-8")) if a.record.exists() else {}
        old.update(recorded)
        a.record.write_text(json.dumps(old, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
