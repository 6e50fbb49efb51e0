"""Free-text cells of model tables ("| 说明 |", "| Description |") are read as prose: their
lineage phrasings relate the row's model, or the models they name, to its base.  Names are
invented, so only the cell's wording can make these facts."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.ingest import parse_document

DOC = """## 模型列表

|序号|机构|大模型|说明|
|:-|:-|:-|:-|
|1|青木大学|[青木](https://example.org/qingmu)|医学，基于[Vorta-7B](https://example.org/v)微调，开源|
|2|白石研究院|[白石](https://example.org/a),[赤松](https://example.org/b)|白石基于Vorta-13B；赤松基于Nimbra-2|
|3|Zentor Labs|[Quill-3](https://example.org/q)|A Nimbra-2-based model for finance|
|4|黑岩实验室|[黑岩](https://example.org/h),[灰岩](https://example.org/g)|均基于 Vorta-7B|
|5|紫藤大学|[紫藤](https://example.org/z)|支持多轮对话与长文本，适合法律咨询|

| Model | Description |
|---|---|
| Orrin-Chat | Built on Vorta-13B with a new tokenizer |
"""

LINEAGE = ("derivedFrom", "fineTunedFrom", "distilledFrom")


def _claims():  # type: ignore[no-untyped-def]
    doc = parse_document(DOC.encode("utf-8"), "table.md")
    return doc, extract_claims(doc)


def _edges(claims) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(c.subject.text, c.predicate, c.object.text) for c in claims if c.predicate in LINEAGE}


def test_the_notes_cell_speaks_of_the_rows_model() -> None:
    _, claims = _claims()
    edges = _edges(claims)
    assert ("青木", "fineTunedFrom", "Vorta-7B") in edges  # "基于 Y 微调": the kind the cell says
    assert ("Quill-3", "derivedFrom", "Nimbra-2") in edges
    assert ("Orrin-Chat", "derivedFrom", "Vorta-13B") in edges
    opened = {c.subject.text for c in claims if c.predicate == "openWeights" and c.object.value is True}
    assert "青木" in opened and "Vorta-7B" not in opened  # "基于 Y 微调，开源": the row's model was opened


def test_a_cell_naming_its_models_relates_each_to_its_own_base() -> None:
    _, claims = _claims()
    edges = _edges(claims)
    assert ("白石", "derivedFrom", "Vorta-13B") in edges
    assert ("赤松", "derivedFrom", "Nimbra-2") in edges
    assert ("白石", "derivedFrom", "Nimbra-2") not in edges and ("赤松", "derivedFrom", "Vorta-13B") not in edges


def test_no_guess_when_the_row_names_several_models_and_the_cell_none() -> None:
    _, claims = _claims()
    subjects = {s for s, _, _ in _edges(claims)}
    assert not subjects & {"黑岩", "灰岩", "紫藤"}  # "均基于 Vorta-7B" under two names: whose? nobody's here


def test_quotes_are_verbatim_pieces_of_the_row() -> None:
    doc, claims = _claims()
    lines = DOC.split("\n")
    cited = [c for c in claims if c.predicate in LINEAGE]
    assert cited
    for c in cited:
        assert c.prov.quote in lines[c.prov.line - 1], c
