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


ENTRIES = """## 医疗

* **岐黄-9B**：基于 问川-9B 进行指令微调的中医药问答模型。
  * 方法：全参数 SFT + DPO
  * 发布：2024年10月，赤松大学智能医学实验室，开源
* **MedOtter-13B**：先在 300 亿 tokens 医学文献上对 Vireo-13B 做增量预训练。
  * 开发者：白鹭健康 AI
  * 上下文：32K
  * 备注：2023年 由 Vireo Labs 提供底座
"""


def test_field_lines_of_an_entry_are_its_facts() -> None:
    doc = parse_document(ENTRIES.encode("utf-8"), "list.md")
    f = {(c.subject.text, c.predicate, str(getattr(c.object, "text", None) or getattr(c.object, "value", c.object)))
         for c in extract_claims(doc)}
    assert {("岐黄-9B", "usesTechnique", "SFT"), ("岐黄-9B", "usesTechnique", "DPO"),
            ("岐黄-9B", "releaseDate", "2024-10"), ("岐黄-9B", "openWeights", "True"),
            ("岐黄-9B", "developer", "赤松大学智能医学实验室"),
            ("MedOtter-13B", "developer", "白鹭健康 AI"), ("MedOtter-13B", "contextLength", "32000")} <= f
    # a notes field states nothing by its label
    assert ("MedOtter-13B", "releaseDate", "2023") not in f


CHANGELOG = """# Changelog — Pellory models

## [2.1.0] — 2025-08-19

### Added
- **Pellory-2.1-8B** and **Pellory-2.1-32B** base checkpoints, continued from Pellory-2.0.
- **Pellory-2.1-32B-Instruct**: instruction-tuned from Pellory-2.1-32B.

### Deprecated
- Pellory-1.5-13B checkpoints will stop receiving support on 2025-12-31.

## [1.5.0] — 2024-10-22

### Added
- **Pellory-1.5-13B**, an update of Pellory-1.0-13B.
"""


def test_release_notes_date_the_models_their_entries_open_with() -> None:
    doc = parse_document(CHANGELOG.encode("utf-8"), "CHANGELOG.md")
    dates = {(c.subject.text, c.object.value) for c in extract_claims(doc) if c.predicate == "releaseDate"}
    assert {("Pellory-2.1-8B", "2025-08-19"), ("Pellory-2.1-32B", "2025-08-19"),
            ("Pellory-2.1-32B-Instruct", "2025-08-19"), ("Pellory-1.5-13B", "2024-10-22")} <= dates
    assert ("Pellory-2.0", "2025-08-19") not in dates  # named later in the entry, not released there
    assert ("Pellory-1.5-13B", "2025-08-19") not in dates  # a deprecation is no release
    assert ("Pellory-1.0-13B", "2024-10-22") not in dates


def test_an_as_of_title_dates_nothing() -> None:
    doc = parse_document("# 模型汇总（截至 2025 年 6 月）\n\n- **Pellory-3-8B**：开源模型。\n".encode(), "t.md")
    assert not [c for c in extract_claims(doc) if c.predicate == "releaseDate"]
