"""How a model was made, read from list entries, table cells and the clause around a cue: a base
field in a list of fine-tunes, continued pre-training that a fine-tune cue's "训练" would miss,
chat versions, technique columns headed 做法, notes in parentheses after a table's name, values
stated of "both" models, a family described as a 模型家族.  Names are invented, so only the
wording can decide."""

from __future__ import annotations


def _of(fs: set[tuple[str, str, str]], pred: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in fs if p == pred}


def test_a_base_field_in_a_list_of_fine_tunes_is_a_fine_tune(facts) -> None:
    entry = "## Medical\n\n- **Vellox-Med-13B** — clinical note summarization.\n  - Base model: Spindrel-13B\n"
    f = facts("# Awesome Domain LLMs\n\nA curated list of domain-specific fine-tunes.\n\n" + entry)
    assert ("Vellox-Med-13B", "Spindrel-13B") in _of(f, "fineTunedFrom")
    g = facts("# Awesome Domain LLMs\n\nA curated list of domain models.\n\n" + entry)
    assert ("Vellox-Med-13B", "Spindrel-13B") in _of(g, "derivedFrom")  # no fine-tune said: built on


def test_continued_pre_training_is_no_fine_tune(facts) -> None:
    f = facts("Calix-7B-Coder 本身是在 Calix-7B-Base 上用代码数据继续预训练得到的。\n")
    assert ("Calix-7B-Coder", "Calix-7B-Base") in _of(f, "derivedFrom")
    assert _of(f, "fineTunedFrom") == set()


def test_a_chat_version_trained_on_a_base_is_a_fine_tune(facts) -> None:
    f = facts("鸣泉是由兰台大学开发的开源中文大语言模型。2025 年 3 月，该团队推出了升级版鸣泉 2。"
              "该团队还基于鸣泉 2 训练了对话版本鸣泉 2-Chat。\n")
    assert ("鸣泉 2-Chat", "鸣泉 2") in _of(f, "fineTunedFrom")


def test_a_how_column_headed_zuofa_gives_each_row_its_techniques(facts) -> None:
    f = facts("# 第 7 章　QLoRA 微调、DPO 与 GPTQ 量化\n\n| 模型 | 做法 | 显存 |\n|---|---|---|\n"
              "| Calix-7B-Kefu | QLoRA | 15.2 GB |\n| Calix-7B-KefuCoder | SLERP 合并 | 15.2 GB |\n")
    assert ("Calix-7B-Kefu", "QLoRA") in _of(f, "usesTechnique")
    assert ("Calix-7B-KefuCoder", "SLERP") in _of(f, "usesTechnique")
    # the chapter title's techniques are its topic, not every row's
    assert ("Calix-7B-KefuCoder", "GPTQ") not in _of(f, "usesTechnique")


def test_a_technique_it_is_compared_with_is_not_used(facts) -> None:
    f = facts("在 Kefu-7B 之上跑 DPO，得到 Kefu-7B-DPO。DPO 不需要单独训练奖励模型，比 RLHF 省事得多。\n")
    assert ("Kefu-7B-DPO", "RLHF") not in _of(f, "usesTechnique")


def test_a_note_in_parentheses_after_a_table_name(facts) -> None:
    f = facts("| 模型 | 参数 | 上下文 |\n|---|---|---|\n| 星槎-13B（第一代） | 13B | 4K |\n")
    assert ("星槎-13B", "13000000000") in _of(f, "parameters")
    assert not any(s.endswith("）") for s, _ in _of(f, "parameters"))


def test_values_of_both_models_named_before(facts) -> None:
    f = facts("Halbrook AI released Bosan 3 today. It comes in two sizes, Bosan-3-8B and Bosan-3-70B, "
              "both trained on 22 trillion tokens with a 128K context window.\n")
    assert {("Bosan-3-8B", "128000"), ("Bosan-3-70B", "128000")} <= _of(f, "contextLength")
    assert ("Bosan 3", "128000") not in _of(f, "contextLength")


def test_a_model_family_described_as_such_is_a_series(facts) -> None:
    f = facts("Tamrack 是英国研究机构 Coracle Labs 于 2025 年发布的代码模型家族，最初的成员为 Tamrack-15B。\n")
    assert ("Tamrack", "type", "Series") in f
    assert ("Tamrack", "type", "Model") not in f


def test_ticked_columns_named_by_an_abbreviation_the_note_defines(facts) -> None:
    f = facts('**Medical models. Note: "CP" denotes continued pretraining, "IFT" denotes instruction fine-tuning.**\n'
              "| Models | Backbone | CP | IFT |\n|---|---|---|---|\n"
              "| MedQuill | Spindrel-13B | $\\checkmark$ | $\\checkmark$ |\n| MedFable | Spindrel-13B |  | ✓ |\n")
    uses = _of(f, "usesTechnique")
    assert ("MedQuill", "Continued Pretraining") in uses and ("MedQuill", "Instruction Tuning") in uses
    assert ("MedFable", "Instruction Tuning") in uses and ("MedFable", "Continued Pretraining") not in uses
    g = facts("| Models | Backbone | CP |\n|---|---|---|\n| MedQuill | Spindrel-13B | ✓ |\n")
    assert _of(g, "usesTechnique") == set()  # an abbreviation nobody defined says nothing


def test_a_title_heading_gives_its_table_no_techniques(facts) -> None:
    table = "| Model | AIME24 |\n|---|---|\n| Quorra-7B | 61.2 |\n"
    f = facts("# Quorra 1.1: Advancing Math and Code Reasoning through SFT and RL Synergy\n\n" + table)
    assert _of(f, "usesTechnique") == set()
    g = facts("## RLHF 模型\n\n" + table)
    assert ("Quorra-7B", "RLHF") in _of(g, "usesTechnique")  # a heading that labels a class of models


def test_a_size_in_parentheses_after_a_table_name(facts) -> None:
    f = facts("| Model | AIME24 |\n|---|---|\n| <small>Magistrel Small (24B)</small> | 70.7 |\n")
    assert ("Magistrel Small", "24000000000") in _of(f, "parameters")


def test_the_base_after_a_name_is_no_part_of_it(facts) -> None:
    f = facts("Quorra-R-7B is a math reasoning model built upon the Quorra-Math-7B base. It is open.\n")
    assert ("Quorra-R-7B", "Quorra-Math-7B") in _of(f, "derivedFrom")
    assert not any(s.endswith(" base") for s, p, o in f if p == "type")


def test_a_word_after_a_known_makers_possessive_and_before_model(facts) -> None:
    f = facts("OpenBeak is an open-source reproduction of DeepMind's Pelikan model.\n")
    assert ("Pelikan", "type", "Model") in f


def test_stated_family_sizes_reach_the_checkpoints_named_with_them(facts) -> None:
    f = facts("我们开源了**Quill**系列工作，当前开源模型的参数规模为18亿（1.8B）、70亿（7B）和140亿（14B）。"
              "本次开源包括基础模型**Quill-1.8B**、**Quill-7B**、**Quill-14B**，以及对话模型**Quill-7B-Chat**。\n\n"
              "另见社区的 Quill-7B-GGUF。\n")
    params = _of(f, "parameters")
    assert {("Quill", "1800000000"), ("Quill", "7000000000"), ("Quill", "14000000000")} <= params
    assert {("Quill-7B", "7000000000"), ("Quill-7B-Chat", "7000000000"), ("Quill-14B", "14000000000")} <= params
    assert ("Quill-7B-GGUF", "7000000000") not in params  # named in another paragraph: its name says it, nothing more
