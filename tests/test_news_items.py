"""Release-news phrasings with invented names: the released model stands before its verb when a
clause follows it, and token counts may follow their noun ("训练 token 数 3 万亿")."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.ingest import parse_document


def _facts(text: str) -> set[tuple[str, str, str]]:
    doc = parse_document(text.encode("utf-8"), "news.md")
    return {(c.subject.text, c.predicate, str(getattr(c.object, "text", getattr(c.object, "value", ""))))
            for c in extract_claims(doc)}


def test_the_model_before_the_verb_was_released_when_a_clause_follows() -> None:
    facts = _facts("# 澄川动态\n\n- **2024-09-12**：澄川 3.0 发布，作为澄川 2.0 的下一代旗舰模型，上下文长度 128K。\n")
    assert ("澄川 3.0", "releaseDate", "2024-09-12") in facts
    assert not any(s == "澄川 2.0" and p == "releaseDate" for s, p, _ in facts)
    assert ("澄川 3.0", "successorOf", "澄川 2.0") in facts


def test_released_object_after_the_verb_still_counts() -> None:
    facts = _facts("云帆实验室于 2024 年 5 月发布了 Velane-7B 和 Velane-13B。\n")
    assert ("Velane-7B", "releaseDate", "2024-05") in facts and ("Velane-13B", "releaseDate", "2024-05") in facts


def test_token_count_after_its_noun() -> None:
    facts = _facts("# Velane-2\n\nVelane-2 发布，上下文长度 16K，训练 token 数 3 万亿，继续开源。\n")
    assert ("Velane-2", "trainingTokens", "3000000000000") in facts


def test_an_entry_ending_with_its_maker_in_parentheses() -> None:
    """"- 05/22: Vexo-13B, Less is More for Alignment (Meta AI)": the maker of the entry's model;
    a parenthesis saying more than names gives nothing."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    text = ("# News\n\n- 05/22: Vexo-13B, Less is More for Alignment (Meta AI)\n"
            "- 04/01: Vexo-7B, trained on 8 GPUs (Meta AI helped)\n")
    devs = {(c.subject.text, c.object.text) for c in extract_claims(parse_document(text.encode(), "n.md"))
            if c.predicate == "developer"}
    assert ("Vexo-13B", "Meta") in devs and ("Vexo-7B", "Meta") not in devs
