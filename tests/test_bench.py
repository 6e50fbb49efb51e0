"""The benchmark corpus generator: deterministic, and its gold facts match its text.

Fast on purpose (two small documents); the benchmark itself never runs in the tests
and nothing here measures time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

corpus = pytest.importorskip("bench.corpus")

RELATIONS = {"type", "developer", "releaseDate", "parameters", "openWeights", "fineTunedFrom",
             "distilledFrom", "successorOf", "derivedFrom"}


def test_same_seed_same_bytes_and_other_seed_differs() -> None:
    a = [(n, t, f) for n, t, f in corpus.generate(2, seed=7)]
    b = [(n, t, f) for n, t, f in corpus.generate(2, seed=7)]
    c = [(n, t, f) for n, t, f in corpus.generate(2, seed=8)]
    assert a == b
    assert a[1][1] != c[1][1]


def test_documents_are_seed_sized_and_a_prefix_of_bigger_corpora() -> None:
    name, text, _ = corpus.generate_document(1, seed=3)
    assert corpus.DOC_BYTES <= len(text.encode()) < corpus.DOC_BYTES * 1.2
    assert corpus.generate_document(1, seed=3) == list(corpus.generate(2, seed=3))[1]


def test_gold_is_consistent_with_the_text() -> None:
    for _name, text, facts in corpus.generate(3, seed=1):
        assert facts
        names = set()
        for f in facts:
            assert f.relation in RELATIONS
            assert f.evidence and len(f.evidence) <= 80
            assert f.evidence in text, f.evidence
            assert "\t" not in f.tsv().split("\t", 3)[3]
            if f.relation == "type":
                names.add(f.subject)
            else:
                assert f.subject in f.evidence
            if f.relation in ("developer", "fineTunedFrom", "distilledFrom", "successorOf"):
                assert f.object in f.evidence
        # every subject of a fact is declared with a type in the same document
        assert {f.subject for f in facts} <= names


def test_invented_names_are_unique_after_label_folding() -> None:
    keys = {"".join(ch for ch in corpus.model(g).name.lower() if ch.isalnum()) for g in range(5000)}
    assert len(keys) == 5000


def test_write_corpus_reuses_a_finished_corpus(tmp_path) -> None:
    docs, gold, total = corpus.write_corpus(tmp_path, 0.4, seed=2)
    assert len(list(docs.iterdir())) == 2 == len(list(gold.iterdir()))
    assert total == sum(p.stat().st_size for p in docs.iterdir())
    stamp = [p.stat().st_mtime_ns for p in sorted(docs.iterdir())]
    corpus.write_corpus(tmp_path, 0.4, seed=2)
    assert stamp == [p.stat().st_mtime_ns for p in sorted(docs.iterdir())]
