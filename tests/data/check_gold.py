"""Check a gold set (``SET/docs/*.md|txt`` + ``SET/gold/*.tsv``) against ``../shared/gold/SCHEMA.md``.

Adapted from ``../shared/dev/validate.py`` so every gold set of this project is held to the
same rules: 4 tab-separated fields, relation in the closed set, literal formats, evidence
<= 80 characters and verbatim in its document, no duplicates, every subject typed, objects
typed as their relation needs, fineTunedFrom/distilledFrom not repeated as derivedFrom.

    python tests/data/check_gold.py tests/data/collected      # exit 0 = clean
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

REL = {"type", "developer", "releaseDate", "parameters", "activeParameters", "contextLength",
       "trainingTokens", "openWeights", "architecture", "usesTechnique", "series", "successorOf",
       "derivedFrom", "fineTunedFrom", "distilledFrom"}
TYPES = {"Model", "Organization", "Technique", "Series"}
ARCH = {"decoder-only", "encoder-only", "encoder-decoder", "MoE"}
NUM = {"parameters", "activeParameters", "contextLength", "trainingTokens"}
LINEAGE = {"successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom"}
MODEL_RELS = NUM | {"releaseDate", "openWeights", "architecture", "usesTechnique", "series"} | LINEAGE


def check_doc(doc_path: Path, gold_path: Path) -> tuple[list, collections.Counter, list]:
    doc = doc_path.read_text(encoding="utf-8")
    errs: list = []
    cnt: collections.Counter = collections.Counter()
    seen: set = set()
    types: dict[str, set[str]] = collections.defaultdict(set)
    rows: list = []
    for i, ln in enumerate(gold_path.read_text(encoding="utf-8").split("\n"), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        f = ln.split("\t")
        if len(f) != 4:
            errs.append((i, "fields", len(f), ln[:60]))
            continue
        s, r, o, e = f
        if not all(x.strip() == x and x for x in f):
            errs.append((i, "blank/space", ln))
        if r not in REL:
            errs.append((i, "rel", r))
        if r == "type" and o not in TYPES:
            errs.append((i, "typeobj", o))
        if r == "architecture" and o not in ARCH:
            errs.append((i, "arch", o))
        if r in NUM and not re.fullmatch(r"[1-9]\d*", o):
            errs.append((i, "num", o))
        if r == "releaseDate" and not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", o):
            errs.append((i, "date", o))
        if r == "openWeights" and o not in ("true", "false"):
            errs.append((i, "bool", o))
        if len(e) > 80:
            errs.append((i, "evlen", len(e)))
        if e not in doc:
            errs.append((i, "evidence not verbatim", e))
        if (s, r, o) in seen:
            errs.append((i, "dup", (s, r, o)))
        if r in LINEAGE and s == o:
            errs.append((i, "self lineage", s))
        seen.add((s, r, o))
        cnt[r] += 1
        rows.append((s, r, o))
        if r == "type":
            types[s].add(o)
    for s, r, o in rows:
        if r == "derivedFrom" and ((s, "fineTunedFrom", o) in seen or (s, "distilledFrom", o) in seen):
            errs.append(("-", "derivedFrom repeats fineTunedFrom/distilledFrom", s, o))
        if s not in types:
            errs.append(("-", "untyped subject", s, r))
        if r == "developer" and "Organization" not in types.get(o, ()):
            errs.append(("-", "dev obj not Org", o))
        if r in LINEAGE and "Model" not in types.get(o, ()):
            errs.append(("-", "lineage obj not Model", o))
        if r == "series" and "Series" not in types.get(o, ()):
            errs.append(("-", "series obj not Series", o))
        if r == "usesTechnique" and "Technique" not in types.get(o, ()):
            errs.append(("-", "tech obj not Technique", o))
        if r in MODEL_RELS and "Model" not in types.get(s, ()):
            errs.append(("-", "model relation on non-Model subject", s, r))
    return rows, cnt, errs


def check_aliases(path: Path) -> list:
    errs = []
    if not path.exists():
        return errs
    for i, ln in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not ln.strip() or ln.startswith("#"):
            continue
        f = ln.split("\t")
        if len(f) < 2 or not all(x.strip() == x and x for x in f):
            errs.append((i, "alias line", ln))
    return errs


def main(argv: list[str]) -> int:
    base = Path(argv[1] if len(argv) > 1 else ".")
    total = 0
    allcnt: collections.Counter = collections.Counter()
    golds = sorted(p for p in (base / "gold").glob("*.tsv") if not p.name.startswith("ALIASES"))
    for g in golds:
        docs = [d for d in (base / "docs").glob(g.stem + ".*")]
        if len(docs) != 1:
            print(f"== {g.stem}: expected one document docs/{g.stem}.*, found {len(docs)}")
            total += 1
            continue
        rows, cnt, errs = check_doc(docs[0], g)
        total += len(errs)
        allcnt.update(cnt)
        print(f"== {g.stem}: {len(rows)} rows, {len(errs)} errors")
        for e in errs[:60]:
            print("  ", e)
        print("  ", dict(sorted(cnt.items())))
    for a in sorted((base / "gold").glob("ALIASES*.tsv")):
        aerrs = check_aliases(a)
        total += len(aerrs)
        print(f"== {a.name}: {len(aerrs)} errors")
        for e in aerrs[:20]:
            print("  ", e)
    print(f"== all: {sum(allcnt.values())} rows", dict(sorted(allcnt.items())))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
