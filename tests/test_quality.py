"""End to end, per document set: build the set's folder, score it against its gold, and fail
when F1 falls more than 0.02 below the figure recorded in tests/data/quality.json (written by
``python -m bench.quality --docs --record tests/data/quality.json``).

Sets: the seeds (../shared/gold/seeds), the development set (../shared/dev), the collected real
documents (tests/data/collected), the held-out real documents (tests/data/heldout) and the
generated Chinese and English corpora with invented names (tests/data/generated).  A set whose
files are not on this machine is skipped with the reason.
"""

import json
from pathlib import Path

import pytest

from bench.quality import score_docs, score_set, sets

FLOORS = json.loads((Path(__file__).parent / "data" / "quality.json").read_text(encoding="utf-8"))
TOLERANCE = 0.02
SETS = ["seeds", "dev", "collected", "heldout", "generated-zh", "generated-en"]


@pytest.mark.parametrize("name", SETS)
def test_set_f1_does_not_fall(name):
    available = sets()
    if name not in available:
        pytest.skip(f"document set {name!r} is not on this machine")
    if name not in FLOORS:
        pytest.fail(f"no recorded figure for {name!r}: run python -m bench.quality --docs --record tests/data/quality.json")
    r = score_set(available[name])
    floor = FLOORS[name]["f1"] - TOLERANCE
    assert r.overall.f1 >= floor, f"{name}: F1 {r.overall.f1:.3f} < recorded {FLOORS[name]['f1']:.3f} - {TOLERANCE}"


def test_dev_documents_each_hold_their_figure():
    """The development set document by document (a fix for one document must not break another)."""
    available = sets()
    if "dev" not in available:
        pytest.skip("../shared/dev is not beside the checkout")
    for doc, r in score_docs(available["dev"]):
        key = f"dev/{doc}"
        assert key in FLOORS, f"no recorded figure for {key}"
        assert r.overall.f1 >= FLOORS[key]["f1"] - TOLERANCE, f"{key}: F1 {r.overall.f1:.3f} < {FLOORS[key]['f1']:.3f}"
