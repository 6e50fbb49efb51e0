"""A table of models under a heading that says they are open ("# Open LLMs"), with a
"Language Model" column and a "Checkpoints" column (the awesome-list layout): each row's
model is a model with open weights, and so is every checkpoint the row names.  Names are
invented, so only the table's layout can make these facts."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.ingest import parse_document

TABLE = """| Language Model | Release Date | Checkpoints | Paper/Blog | Params (B) | Context Length | Licence |
| --- | --- | --- | --- | --- | --- | --- |
| Quillon | 2023/04 | [quillon-7b](https://huggingface.co/q/quillon-7b) | [Introducing Quillon](https://example.com/q) | 7 | [2048](https://example.com/i/1) | Apache 2.0 |
| Brindle-Chat | 2023/05 | [Brindle-Chat-7B](https://huggingface.co/b/brindle-chat-7b) | [Brindle](https://example.com/b) | 3 - 7 | 4096 | MIT |
"""


def _facts(text: str) -> set[tuple[str, str, str]]:
    doc = parse_document(text.encode("utf-8"), "list.md")
    return {(c.subject.text, c.predicate, str(getattr(c.object, "text", None) or getattr(c.object, "value", c.object)))
            for c in extract_claims(doc)}


def test_rows_under_an_open_heading_are_open_and_read_whole() -> None:
    f = _facts("# Open LLMs\n\nThese LLMs are all licensed for commercial use.\n\n" + TABLE)
    assert {("Quillon", "openWeights", "True"), ("Brindle-Chat", "openWeights", "True")} <= f
    assert {("Quillon", "releaseDate", "2023-04"), ("Quillon", "parameters", "7000000000"),
            ("Quillon", "contextLength", "2048"), ("Brindle-Chat", "parameters", "3000000000"),
            ("Brindle-Chat", "parameters", "7000000000"), ("Brindle-Chat", "contextLength", "4096")} <= f


def test_checkpoint_column_names_are_models() -> None:
    f = _facts("# Open LLMs\n\n" + TABLE)
    assert ("quillon-7b", "type", "Model") in f and ("Brindle-Chat-7B", "type", "Model") in f
    assert not any(s.startswith("Introducing") for s, p, o in f if p == "type")  # the paper column


def test_a_leaderboard_heading_says_nothing_of_weights() -> None:
    f = _facts("# Open LLM Leaderboard\n\n" + TABLE)
    assert not {(s, o) for s, p, o in f if p == "openWeights"}
    g = _facts("# 闭源模型\n\n" + TABLE)
    assert ("Quillon", "openWeights", "False") in g
