"""Text inside HTML blocks of a Markdown README (``<details><summary>…</summary>``, ``<p>``,
``<br>``-separated lines) is prose like any paragraph; tables stay tables and comments,
scripts and styles say nothing.  Names are invented."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.ingest import parse_document

README = """# Tarn

## News

<details open>
  <summary>🎯 <b>2024-03-06</b>: The <code>Tarn-9B</code> is open-sourced and available to the public.</summary>
  <br>
<code>Tarn-9B</code> stands out among similar-sized models.
</details>

<details>
<summary>🎯 <b>2023-11-02</b>: <code>Tarn-6B</code> and <code>Tarn-34B</code> are open-sourced.</summary>
<br>The first public release contains two bilingual base models
with the parameter sizes of 6B and 34B.
</details>

<!-- 2022-01-01: Tarn-0B is open-sourced. -->

<script>var x = "2021-02-02: Tarn-1B is open-sourced.";</script>
"""


def _claims():  # type: ignore[no-untyped-def]
    doc = parse_document(README.encode("utf-8"), "README.md")
    return doc, extract_claims(doc)


def test_summary_lines_are_prose() -> None:
    _, claims = _claims()
    dates = {(c.subject.text, c.object.value) for c in claims if c.predicate == "releaseDate"}
    assert ("Tarn-9B", "2024-03-06") in dates
    assert {("Tarn-6B", "2023-11-02"), ("Tarn-34B", "2023-11-02")} <= dates  # both models of the group
    opened = {c.subject.text for c in claims if c.predicate == "openWeights" and c.object.value is True}
    assert {"Tarn-9B", "Tarn-6B", "Tarn-34B"} <= opened


def test_comments_and_scripts_say_nothing() -> None:
    _, claims = _claims()
    named = {c.subject.text for c in claims}
    assert "Tarn-0B" not in named and "Tarn-1B" not in named


def test_html_prose_quotes_its_source_lines() -> None:
    doc, claims = _claims()
    lines = README.split("\n")
    for c in claims:
        assert c.prov.quote in "\n".join(lines[c.prov.line - 1:c.prov.line + 2]), c
    paras = [b for b in doc.blocks if b.kind == "paragraph" and "first public release" in b.text]
    assert len(paras) == 1 and paras[0].end_line == paras[0].line + 1  # the hard-wrapped lines are one paragraph
