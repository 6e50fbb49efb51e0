"""Normalizers: each written form, and texts that must NOT parse."""

import pytest

from kg.extract.normalize import (
    parse_context,
    parse_count,
    parse_date,
    parse_open,
    parse_sizes,
    parse_tokens,
)


@pytest.mark.parametrize("text,unit,want", [
    ("175B", None, [175 * 10**9]), ("1750 亿", None, [175 * 10**9]), ("1.8 万亿", None, [18 * 10**11]),
    ("7B、13B", None, [7 * 10**9, 13 * 10**9]), ("8B 到 405B", None, [8 * 10**9, 405 * 10**9]),
    ("80-4050 亿", None, [8 * 10**9, 405 * 10**9]), ("5400 万", None, [54 * 10**6]),
    ("67 / 130 / 325 / 652", "亿", [67 * 10**8, 130 * 10**8, 325 * 10**8, 652 * 10**8]),
    ("350M", None, [350 * 10**6]), ("-", None, []), ("2023 年 5 月", None, []), ("62", None, []),
])
def test_parse_sizes(text, unit, want):
    assert parse_sizes(text, unit) == want


def test_parse_count_header_unit():
    assert parse_count("62", unit="亿") == 62 * 10**8


@pytest.mark.parametrize("text,want", [
    ("2023 年 2 月", "2023-02"), ("2023年3月15日", "2023-03-15"), ("2023.02", "2023-02"),
    ("2024-12", "2024-12"), ("Feb 2023", "2023-02"), ("2023 年 10 月下旬", "2023-10"),
    ("March 15, 2023", "2023-03-15"), ("2019", "2019"),
    ("1750 亿", None), ("7B", None), ("2023 年 13 月", "2023"), ("GPT-4", None),
])
def test_parse_date(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize("text,want", [("128k", 128000), ("1M", 1000000), ("200K", 200000), ("32768", 32768), ("16", None)])
def test_parse_context(text, want):
    assert parse_context(text) == want


@pytest.mark.parametrize("text,want", [
    ("1.4 万亿个词元", 14 * 10**11), ("15T tokens", 15 * 10**12), ("2 trillion tokens", 2 * 10**12),
    ("825GB", None), ("4.8TB", None),
])
def test_parse_tokens(text, want):
    assert parse_tokens(text) == want


@pytest.mark.parametrize("text,want", [("开源", True), ("是", True), ("Yes", True), ("闭源", False), ("否", False), ("部分开源", None), ("", None)])
def test_parse_open(text, want):
    assert parse_open(text) is want


def test_architecture_zh_model_kinds():
    from kg.extract.normalize import parse_architecture

    assert parse_architecture("编码器模型：掩码语言建模（MLM）") == "encoder-only"
    assert parse_architecture("解码器模型：自回归语言建模") == "decoder-only"
    assert parse_architecture("编解码模型：序列到序列建模") == "encoder-decoder"
    assert parse_architecture("采用双向编码器架构") == "encoder-only"
    assert parse_architecture("编码器-解码器") == "encoder-decoder"
    assert parse_architecture("专家混合(MoE)架构") == "MoE"
    assert parse_architecture("DeepSeekMoE") is None  # a technique's name, not the architecture word
    assert parse_architecture("Transformer 模型") is None


def test_open_weights_emoji_cells():
    from kg.extract.normalize import parse_open

    assert parse_open("✅") is True and parse_open("❌") is False and parse_open("部分开放") is None


def test_infix_decimal_sizes() -> None:
    """"1B5" is 1.5B (RWKV's and Chinese blogs' spelling); a version like "v1b2" is no size."""
    from kg.extract.normalize import parse_sizes

    assert parse_sizes("1B5、3B") == [1_500_000_000, 3_000_000_000]
    assert parse_sizes("v1b2") == []


def test_encoding_efficiency_is_no_architecture() -> None:
    """"编解码效率" (encoding/decoding speed) says nothing of an encoder-decoder model."""
    from kg.extract.normalize import parse_architecture

    assert parse_architecture("对中文的编解码效率较低") is None
    assert parse_architecture("编解码模型") == "encoder-decoder"


def test_chinese_stem_with_a_glued_version_is_a_candidate() -> None:
    """"活字3.5", "星火3.5": a Chinese name and a decimal version, no separator; "提升2.5倍" is no name."""
    from kg.extract.lexicon import name_candidates

    assert [c.text for c in name_candidates("活字3.5为基于活字3.0的新模型")] == ["活字3.5", "活字3.0"]
    assert name_candidates("性能提升2.5倍") == []
