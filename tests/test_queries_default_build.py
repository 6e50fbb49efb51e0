"""Every named query against the default build of sources/, each with a known answer.

The answers are facts the seed documents state (e.g. "Med-PaLM 是 PaLM 540B 在医疗数据上
进行了微调后的版本"), so a query or extractor change that loses them fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.store import open_read
from kg.pipeline import build
from kg.query.api import execute, load_source, prepare_params

REPO = Path(__file__).resolve().parents[1]
QUERIES = REPO / "queries"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("default") / "store"
    build([REPO / "sources"], path, use_cache=False)
    return open_read(path)


def rows(store, name: str, *params: str) -> list[dict[str, str]]:
    pq = load_source(name, None, QUERIES)
    result = execute(pq, prepare_params(pq, params, store=store), store=store)
    return [{k: (v.value if v is not None else "") for k, v in r.items()} for r in result.rows]


def has(found: list[dict[str, str]], **want: str) -> bool:
    return any(all(r.get(k) == v for k, v in want.items()) for r in found)


KNOWN = {
    "ancestors": (("model=DeepSeek-R1-Distill-Qwen-32B",), {"ancestorLabel": "DeepSeek-R1", "kind": "distilledFrom"}),
    "derivatives": (("model=PaLM",), {"derivativeLabel": "Med-PaLM", "kind": "fineTunedFrom"}),
    "distillation-pairs": ((), {"studentLabel": "DeepSeek-R1-Distill-Qwen-32B", "teacherLabel": "DeepSeek-R1"}),
    "documents": ((), {"path": "004_aa70b155da1782eb.txt"}),
    "facts-with-sources": (("entity=Med-PaLM",), {"valueLabel": "PaLM"}),
    "largest-context-windows": ((), {"modelLabel": "Gemini 2.0 Pro", "contextLength": "2000000"}),
    "lineage-edges": ((), {"fromLabel": "Med-PaLM", "toLabel": "PaLM", "kind": "fineTunedFrom"}),
    "model-summary": (("model=DeepSeek-V3",), {"modelLabel": "DeepSeek-V3"}),
    "models-by-organization": (("org=DeepSeek",), {"modelLabel": "DeepSeek-R1"}),
    "models-per-technique": (("technique=RoPE",), {"modelLabel": "LLaMA"}),
    "moe-models": ((), {"modelLabel": "DeepSeek-V3", "totalParameters": "671000000000",
                        "activeParameters": "37000000000"}),
    "open-vs-closed": ((), {"orgLabel": "OpenAI"}),
    "open-weight-models-over": (("min=100B",), {"modelLabel": "DeepSeek-V3"}),
    "organizations-ranked": ((), {"orgLabel": "Anthropic"}),
    "release-timeline": (("series=LLaMA",), {"modelLabel": "LLaMA 3.1", "releaseDate": "2024-07"}),
    "released-in-period": (("from=2023", "to=2023"), {"modelLabel": "GPT-4", "releaseDate": "2023-03"}),
    "successor-chain": (("model=LLaMA 3.1",), {"predecessorLabel": "LLaMA2"}),
    "techniques-per-model": (("model=LLaMA",), {"techniqueLabel": "RoPE"}),
    "conflicting-facts": ((), {"modelLabel": "Claude", "property": "releaseDate"}),
}


def test_every_query_file_has_a_known_answer_here() -> None:
    assert sorted(KNOWN) == sorted(p.stem for p in QUERIES.glob("*.rq"))


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_named_query_known_answer_on_default_build(store, name: str) -> None:
    params, want = KNOWN[name]
    found = rows(store, name, *params)
    assert has(found, **want), (name, want, found[:5])


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.rq")))
def test_every_named_query_answers_with_its_defaults(store, name: str) -> None:
    """`kg query NAME` with no --param (and the endpoint page's defaults) answers something."""
    assert rows(store, name), f"{name} with its defaults answers nothing on the default build"
