"""Timelines and family lists: a dated heading or entry releases its model, a heading names a
family's maker in parentheses, "X：Y 的升级版" succeeds Y, and "开源了基座模型 X" releases X.
Names are invented, so only the layout and the wording can make these facts."""

from __future__ import annotations

from kg.extract import extract_claims
from kg.ingest import parse_document

DOC = """## 问川系列（律衡科技）

律衡科技于 2023 年 9 月开源了第一个基座模型 问川-7B。

### 2023-12 问川-13B

问川-13B 训练 token 数提升到 2.6 万亿。

## 知澜

- **2024-08 知澜-R**：第一个版本，开源发布。
- **2025-01 知澜-R 1.5**：知澜-R 的升级版，上下文 64K，开源。

### 2024-05 Ferrow-2 技术报告
"""


def _facts() -> set[tuple[str, str, str]]:
    doc = parse_document(DOC.encode("utf-8"), "timeline.md")
    return {(c.subject.text, c.predicate, str(getattr(c.object, "text", None) or getattr(c.object, "value", c.object)))
            for c in extract_claims(doc)}


def test_dated_headings_and_entries_release_their_model() -> None:
    f = _facts()
    dates = {(s, o) for s, p, o in f if p == "releaseDate"}
    assert {("问川-7B", "2023-09"), ("问川-13B", "2023-12"), ("知澜-R", "2024-08"), ("知澜-R 1.5", "2025-01")} <= dates
    assert not any(s.startswith("Ferrow") for s, _ in dates)  # a report's heading is no release


def test_a_heading_names_the_familys_maker() -> None:
    f = _facts()
    assert ("问川", "developer", "律衡科技") in f
    assert ("问川-13B", "developer", "律衡科技") in f  # through the family


def test_an_entry_that_upgrades_the_one_before() -> None:
    f = _facts()
    assert ("知澜-R 1.5", "successorOf", "知澜-R") in f
    assert ("知澜-R 1.5", "contextLength", "64000") in f and ("知澜-R", "contextLength", "64000") not in f


def test_training_tokens_raised_to() -> None:
    assert ("问川-13B", "trainingTokens", "2600000000000") in _facts()
