"""The corpus state an incremental build updates equals the one a full build makes.

:class:`kg.graph.corpus.CorpusState` keeps sums over documents so that a changed
document costs O(its size); these tests replay random edits on the state and compare it,
and the global lines it says to remove and add, with a state built from scratch.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import fields

import pytest

from kg.graph.corpus import CorpusState
from kg.graph.segments import DocContribution
from kg.ingest import SourceFile
from kg.model import Mention
from kg.pipeline import DocResult, extract_document
from kg.resolve import entity_key, ids_by_base, merge_entities, update_entities

# spellings that share keys ("Vex Q3" = "VexQ3") and slugs ("Vex.Q3" and "Vex Q3" -> vex-q3)
SPELLINGS = ["Vex Q3", "VexQ3", "Vex.Q3", "Vex-Q3", "Lumo 2", "Lumo-2", "LUMO2", "Lumo.2x", "Lumo 2x"]


def _surfaces(rng: random.Random) -> dict:
    out: dict = {}
    for s in rng.sample(SPELLINGS, rng.randint(1, len(SPELLINGS))):
        k = entity_key(Mention(s, "Model"))
        out.setdefault(k, Counter())[s] += rng.randint(1, 4)
    return out


@pytest.mark.parametrize("seed", range(40))
def test_update_entities_equals_merge_entities(seed: int) -> None:
    """Relabelling only the changed keys gives the entities (ids included, slug clashes
    too) of merging from scratch, and reports exactly the keys whose id moved."""
    rng = random.Random(seed)
    old = _surfaces(rng)
    new = _surfaces(rng)
    prev = merge_entities(old)
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    index = ids_by_base(prev)
    got, moved = update_entities(prev, new, changed, index)
    want = merge_entities(new)
    assert got == want and index == ids_by_base(want)
    assert update_entities(prev, new, changed)[0] == want  # the index made on the fly
    assert moved == {k for k in prev if k in want and prev[k].id != want[k].id}


NAMES = ["FooBar2", "FooBar-2", "Quxel-7B", "Zorbo-3", "Zorbo3", "Mirtan 2.0", "Mirtan-2", "Vex.Q3", "Vex Q3",
         "VexQ3"]
ORGS = ["Zatpin Research", "Mirt Labs", "OpenAI", "智谱AI"]


def _doc(rng: random.Random) -> str:
    rows = [f"| {rng.choice(NAMES)} | 202{rng.randint(3, 4)}-{rng.randint(1, 12):02d} | {rng.choice([7, 13])}B | "
            f"{rng.choice(ORGS)} | {rng.choice(['', *NAMES])} |" for _ in range(rng.randint(1, 6))]
    head = "| 模型名称 | 发布时间 | 参数量 | 发布公司 | 基座模型 |\n|---|---|---|---|---|\n"
    prose = rng.choice(["", f"\n{rng.choice(NAMES)} 由 {rng.choice(ORGS)} 于 2023 年发布。\n"])
    return f"# 模型 {rng.randint(0, 99)}\n\n{head}" + "\n".join(rows) + "\n" + prose


def _contrib(tmp_path, relpath: str, text: str) -> DocContribution:
    p = tmp_path / f"{len(list(tmp_path.iterdir()))}.md"  # a fresh file each time, read as ``relpath``
    p.write_text(text, encoding="utf-8")
    r = extract_document(SourceFile(str(p), relpath))
    assert isinstance(r, DocResult)
    return r.segment.contribution()


def _same_state(a: CorpusState, b: CorpusState) -> None:
    for f in fields(CorpusState):
        if f.compare:
            assert getattr(a, f.name) == getattr(b, f.name), f.name


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_updated_state_and_line_diff_equal_a_full_build(tmp_path, seed: int) -> None:
    rng = random.Random(seed)
    docs = {f"d{i}.md": _contrib(tmp_path, f"d{i}.md", _doc(rng)) for i in range(6)}
    state = CorpusState()
    lines = state.build(sorted(docs.items()))
    saved = None
    for step in range(8):
        removed: dict[str, DocContribution] = {}
        added: dict[str, DocContribution] = {}
        names = rng.sample(sorted(docs), 2)
        for name, action in zip(names, rng.sample(["change", "add", "remove", "keep"], 2), strict=True):
            if action == "add":
                name = f"n{step}-{name}"
            if action in ("change", "remove"):
                removed[name] = docs.pop(name)
            if action in ("change", "add"):
                added[name] = docs[name] = _contrib(tmp_path, name, _doc(rng))
        # as snapshots keep it: all rows the first time, then a copy with the rows the
        # previous update used rewritten, read back key by key
        path = tmp_path / f"state-{step}.sqlite"
        state.save(path, base=saved)
        state, saved = CorpusState.load(path), path
        remove, add, _ = state.update(sorted(removed.items()), sorted(added.items()))
        assert not remove & add
        assert remove <= lines and not add & lines, step
        lines = (lines - remove) | add
        fresh = CorpusState()
        assert lines == fresh.build(sorted(docs.items())), step
        _same_state(state, fresh)
    state.save(tmp_path / "last.sqlite", base=saved)
    _same_state(CorpusState.load(tmp_path / "last.sqlite"), fresh)


def test_an_update_reads_only_the_rows_it_touches(tmp_path) -> None:
    """A state loaded from a snapshot reads the rows of the changed document's keys, not
    the corpus: what makes a one-document rebuild cost the same on 10 or 10,000 documents."""
    def doc(i: int, size: int) -> str:
        rows = "\n".join(f"| Zorvex{i}-{j}B | 2024-0{1 + j % 9} | {j}B | Mirt Labs |" for j in range(1, 4))
        return f"# {i}\n\n| 模型名称 | 发布时间 | 参数量 | 发布公司 |\n|---|---|---|---|\n{rows}\n| Zorvex{i}-XL | 2024 | {size}B | Mirt Labs |\n"

    docs = {f"d{i:02d}.md": _contrib(tmp_path, f"d{i:02d}.md", doc(i, 70)) for i in range(40)}
    state = CorpusState()
    state.build(sorted(docs.items()))
    state.save(tmp_path / "s.sqlite")
    lazy = CorpusState.load(tmp_path / "s.sqlite")
    new = _contrib(tmp_path, "d07.md", doc(7, 72))
    lazy.update([("d07.md", docs["d07.md"])], [("d07.md", new)])
    docs["d07.md"] = new
    fresh = CorpusState()
    fresh.build(sorted(docs.items()))
    for name in ("surfaces", "facts", "firsts", "entities"):
        read = len(getattr(lazy, name)._cache)
        assert 0 < read <= len(getattr(fresh, name)) // 8, (name, read)
    _same_state(lazy, fresh)  # (compares every row: reads the rest)


def test_a_full_disk_while_saving_the_state_is_one_os_error(tmp_path, monkeypatch) -> None:
    """SQLite's own "disk full" becomes the ENOSPC the store reports in one line."""
    import errno

    from kg.graph import statedb

    state = CorpusState()
    state.build([("d.md", _contrib(tmp_path, "d.md", _doc(random.Random(0))))])
    connect = statedb._connect

    def tiny(path):
        db = connect(path)
        db.execute("PRAGMA max_page_count = 2")  # SQLite answers SQLITE_FULL past 2 pages
        return db

    monkeypatch.setattr(statedb, "_connect", tiny)
    with pytest.raises(OSError) as err:
        state.save(tmp_path / "s.sqlite")
    assert err.value.errno == errno.ENOSPC and err.value.strerror == "No space left on device"
