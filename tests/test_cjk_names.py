"""Chinese names joined by a hyphen or a middle dot ("智海-录问", "夫子•明察") are found from
their context, with no dictionary: a model noun after them, possibly behind a domain word
("司法大模型"), or an apposition ("是…的金融大模型").  Names here are invented."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.extract.lexicon import document_lexicon, shape
from kg.ingest import parse_document

DOC = """# 垂直领域模型

青崖•观澜司法大模型是由北辰大学联合研发的。

云帆-问策是由北辰科技发布的金融大模型。

上海-北京高铁线路全长一千三百公里。
"""


def test_joined_chinese_names_are_models_by_their_context() -> None:
    doc = parse_document(DOC.encode("utf-8"), "cjk.md")
    models = {n for n, cls in document_lexicon(doc).names if cls == "Model"}
    assert {"青崖•观澜", "云帆-问策"} <= models
    assert "上海-北京" not in models  # joined too, but nothing says it is a model


def test_their_facts_follow() -> None:
    doc = parse_document(DOC.encode("utf-8"), "cjk.md")
    devs = {(c.subject.text, c.object.text) for c in extract_claims(doc) if c.predicate == "developer"}
    assert ("云帆-问策", "北辰科技") in devs


def test_shape_of_a_joined_name() -> None:
    assert shape("智海-录问") == "strong" and shape("书生·浦语") == "strong"
    assert shape("录问") == "weak"
