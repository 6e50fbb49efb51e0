"""A table of checkpoints by size and variant (model cards, family READMEs): rows open with a
bare size, the other cells name one checkpoint each.  Names are invented."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.ingest import parse_document

DOC = """# Tarn

|     | Base Model | Chat |
| --- | --- | --- |
| 7B  | [acme/Tarn-7b-hf](https://huggingface.co/acme/Tarn-7b-hf) | [acme/Tarn-7b-Chat-hf](https://huggingface.co/acme/Tarn-7b-Chat-hf) |
| 13B | [acme/Tarn-13b-hf](https://huggingface.co/acme/Tarn-13b-hf) | [acme/Tarn-13b-Chat-hf](https://huggingface.co/acme/Tarn-13b-Chat-hf) |

|     | Score | Notes |
| --- | --- | --- |
| 7B  | 41.2 | good |
| 13B | 45.0 | better |
"""


def _facts() -> dict[str, set[object]]:
    doc = parse_document(DOC.encode("utf-8"), "card.md")
    out: dict[str, set[object]] = {}
    for c in extract_claims(doc):
        if c.predicate in ("type", "parameters") and not c.subject.alias_of:
            out.setdefault(c.subject.text, set()).add(getattr(c.object, "value", None))
    return out


def test_each_checkpoint_is_a_model_of_its_rows_size() -> None:
    facts = _facts()
    assert {"Model", 7_000_000_000} <= facts["Tarn-7b-Chat-hf"]
    assert {"Model", 13_000_000_000} <= facts["Tarn-13b-hf"]
    assert 7_000_000_000 not in facts["Tarn-13b-Chat-hf"]


def test_a_table_of_sizes_and_numbers_names_no_model() -> None:
    assert not any(k in ("41.2", "good", "better") for k in _facts())
