"""Statements about every checkpoint of a version or family ("All Marlow 2 checkpoints were
released on …", "All Pipit models are released by …") reach each checkpoint the document
names, and nothing else.  Names are invented: only the scope can make these facts."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.extract.common import extends_name as _extends
from kg.ingest import parse_document


def _facts(text: str, pred: str) -> dict[str, set[str]]:
    doc = parse_document(text.encode("utf-8"), "scope.md")
    out: dict[str, set[str]] = {}
    for c in extract_claims(doc):
        if c.predicate == pred:
            out.setdefault(c.subject.text, set()).add(str(getattr(c.object, "text", getattr(c.object, "value", ""))))
    return out


DOC = """# Marlow checkpoints

| Model | Parameters |
|---|---|
| Marlow-2-7B | 7B |
| Marlow-2-13B | 13B |
| Marlow-2.5-13B | 13B |

All Marlow 2 checkpoints were released on 2024-02-06 under an open license.

Marlow-2-13B was re-released on 2024-03-01 with a fixed tokenizer.
"""


def test_a_version_wide_release_date_reaches_its_checkpoints_only() -> None:
    dates = _facts(DOC, "releaseDate")
    assert dates.get("Marlow-2-7B") == {"2024-02-06"}
    assert "Marlow-2.5-13B" not in dates  # another version, not a checkpoint of Marlow 2
    assert dates.get("Marlow-2-13B") == {"2024-03-01"}  # its own statement stands


def test_a_family_remark_without_all_is_not_a_statement_about_each_model() -> None:
    text = DOC.replace("All Marlow 2 checkpoints were released on 2024-02-06 under an open license.",
                       "Marlow 2 models perform well, and Marlow 2 was released on 2024-02-06.")
    dates = _facts(text, "releaseDate")
    assert "Marlow-2-7B" not in dates


def test_all_models_of_a_family_share_its_developer() -> None:
    text = ("# Pipit\n\nWe trained Pipit-1B and Pipit-3B on FernWeb.\n\n"
            "All Pipit models are released by the Nettlefield Lab under the Apache 2.0 license.\n")
    devs = _facts(text, "developer")
    assert devs.get("Pipit-1B") == {"Nettlefield Lab"} and devs.get("Pipit-3B") == {"Nettlefield Lab"}


def test_checkpoint_names_extend_their_family() -> None:
    assert _extends("Marlow-2-7B", "Marlow 2") and _extends("Marlow 2 13B", "Marlow 2")
    assert not _extends("Marlow-2.5-13B", "Marlow 2") and not _extends("Marlow 25", "Marlow 2")
    assert _extends("Pipit3B", "Pipit") and not _extends("Pipitone", "Pipit") and not _extends("Pipit", "Pipit")


LIST = """# Awesome Wren fine-tunes

A list of community fine-tunes. Every model on this list has open weights.

- **Wren-Med-7B**: fine-tuned from Ostler-7B on clinical notes.
- **Wren-Law-13B**: fine-tuned from Ostler-13B on court rulings. Its weights are not open-sourced.
- [Wren-Code-7B](https://example.org) - code model trained on permissive repositories.
"""


def test_a_statement_about_the_list_reaches_each_entry_and_an_entry_s_own_stands() -> None:
    opened = _facts(LIST, "openWeights")
    assert opened.get("Wren-Med-7B") == {"True"} and opened.get("Wren-Code-7B") == {"True"}
    assert opened.get("Wren-Law-13B") == {"False"}  # its own statement, not the list's
    assert "Ostler-7B" not in opened  # a base named in an entry is not an entry of the list
    closed = _facts(LIST.replace("has open weights", "is proprietary and closed-source")
                    .replace(" Its weights are not open-sourced.", ""), "openWeights")
    assert closed.get("Wren-Med-7B") == {"False"}


def test_a_scope_statement_after_another_sentence_on_the_same_line() -> None:
    """"Marlow 2.5 is the next generation of Marlow 2. All open Marlow 2.5 checkpoints were released
    on …": the quote names the version twice; the second, scoped mention counts."""
    text = ("# Marlow\n\n| Model | Parameters |\n|---|---|\n| Marlow-2.5-13B | 13B |\n| Marlow-2.5-70B | 70B |\n\n"
            "Marlow 2.5 is the next generation of Marlow 2. All open Marlow 2.5 checkpoints were released on 2024-09-18.\n")
    dates = _facts(text, "releaseDate")
    assert dates.get("Marlow-2.5-13B") == {"2024-09-18"} and dates.get("Marlow-2.5-70B") == {"2024-09-18"}
