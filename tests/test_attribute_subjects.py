"""Which model a stated value belongs to: the released model rather than the one it succeeds,
the model rather than the family named beside it, each model of a list before "Both …", and
the card's model for a field line.  Names are invented, so only the wording can decide."""

from __future__ import annotations


def _of(fs: set[tuple[str, str, str]], pred: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in fs if p == pred}


def test_values_after_the_successor_clause_belong_to_the_released_model(facts) -> None:
    f = facts("- **2024-03-05**：发布 Tarnel-4，作为 Tarnel-3 的下一代，上下文长度 64K，训练 token 数 3 万亿。\n")
    assert ("Tarnel-4", "successorOf", "Tarnel-3") in f
    assert _of(f, "contextLength") == {("Tarnel-4", "64000")}
    assert _of(f, "trainingTokens") == {("Tarnel-4", "3000000000000")}


def test_a_value_after_a_family_mention_belongs_to_the_model_before_it(facts) -> None:
    f = facts("- **2023-09**：Quorra-7B 开源，这是 Quorra 系列的第一个模型，训练 token 数 1.5 万亿，上下文长度 4096。\n")
    assert _of(f, "contextLength") == {("Quorra-7B", "4096")}
    assert _of(f, "trainingTokens") == {("Quorra-7B", "1500000000000")}


def test_the_familys_first_model_is_the_subject(facts) -> None:
    zh = facts("Halden 系列的首个模型 Halden-1 于 2023 年 6 月开源，提供 70 亿和 130 亿两种参数规模。\n")
    assert _of(zh, "parameters") == {("Halden-1", "7000000000"), ("Halden-1", "13000000000")}
    assert _of(zh, "releaseDate") == {("Halden-1", "2023-06")}
    en = facts("The Pellam family's first model, Pellam-1, has 7B parameters.\n")
    assert _of(en, "parameters") == {("Pellam-1", "7000000000")}
    # a family that lists its members is still the subject of what follows ("包括")
    lst = facts("Halden 系列包括 Halden-1 和 Halden-2，参数量均为 7B。\n")
    assert ("Halden-1", "7000000000") not in _of(lst, "parameters")


def test_the_model_a_successor_replaces_gets_no_release_date(facts) -> None:
    f = facts("2024 年 1 月发布的 Halden-2 是 Halden-1 的继任者。\n")
    assert _of(f, "releaseDate") == {("Halden-2", "2024-01")}


def test_a_bare_year_right_after_the_release_verb(facts) -> None:
    f = facts("Corvane-2 itself succeeded Corvane-1, the first model of the series,\nwhich Zentor released in 2023.\n")
    assert _of(f, "releaseDate") == {("Corvane-1", "2023")}
    f = facts("Corvane-1 was trained in 2023 on a new mix.\n")
    assert not _of(f, "releaseDate")  # trained is no release


def test_became_available_dates_a_release(facts) -> None:
    f = facts("Tessary 2.5 Pro is a larger model served only through the API.\n"
               "Tessary 2.5 Pro became available in the API on 2024-10-02.\n")
    assert ("Tessary 2.5 Pro", "2024-10-02") in _of(f, "releaseDate")


def test_both_after_list_items_that_each_open_with_a_model(facts) -> None:
    f = facts("- Pellor-9B is a dense model with 9 billion parameters.\n"
               "- Pellor-27B is a dense model with 27 billion parameters.\n\n"
               "Both were trained on 12 trillion tokens and support a context length of 64K tokens.\n")
    assert _of(f, "trainingTokens") == {("Pellor-9B", "12000000000000"), ("Pellor-27B", "12000000000000")}
    assert _of(f, "contextLength") == {("Pellor-9B", "64000"), ("Pellor-27B", "64000")}
    # a paragraph in between ends the list: "Both" then has no antecedent here
    g = facts("- Pellor-9B is a dense model.\n- Pellor-27B is a dense model.\n\nWe thank the team.\n\n"
               "Both were trained on 12 trillion tokens.\n")
    assert not _of(g, "trainingTokens")


def test_a_model_cards_release_date_field(facts) -> None:
    en = facts("# Ferrow-13B-Chat\n\nFerrow-13B-Chat is a chat model.\n\n## Model details\n\n"
                "- **Developed by:** Ostrel Lab\n- **Release date:** 2024-11-20\n")
    assert ("Ferrow-13B-Chat", "2024-11-20") in _of(en, "releaseDate")
    zh = facts("# 听雨-8B-Chat\n\n听雨-8B-Chat 是一个对话模型。\n\n**发布日期**：2025-03-10\n")
    assert ("听雨-8B-Chat", "2025-03-10") in _of(zh, "releaseDate")
    # a date under another label is no release date
    other = facts("# Ferrow-13B-Chat\n\nFerrow-13B-Chat is a chat model.\n\n- **Data cutoff:** 2024-06\n")
    assert not _of(other, "releaseDate")


def test_likeness_and_open_counterparts_do_not_open_the_model_compared_to(facts) -> None:
    f = facts("Quillot是一个多模态对话模型，类似Zentor-4，目前开源了其13B的模型文件。\n")
    assert ("Zentor-4", "True") not in _of(f, "openWeights")
    g = facts("Ostrava包含200亿个参数，用Zentor-3的开源版本Zentor-NoX-20B进行微调。\n")
    assert ("Zentor-3", "True") not in _of(g, "openWeights")
    h = facts("Nomwell is an open-source alternative to Zentor-4.\n")
    assert ("Zentor-4", "True") not in _of(h, "openWeights")


def test_long_context_wording_and_a_sequence_length_column(facts) -> None:
    f = facts("Dorrit-7B-Chat-1M supports 1M long-context inference.\n\n"
               "| Model | Seq Length |\n|---|---|\n| Dorrit-6B-Base | 8k |\n")
    assert ("Dorrit-7B-Chat-1M", "1000000") in _of(f, "contextLength")
    assert ("Dorrit-6B-Base", "8000") in _of(f, "contextLength")


def test_a_context_length_right_after_coordinated_models_is_each_ones(facts) -> None:
    f = facts("[2023/08/25] 发布长上下文模型Vessa-7B-16K和Vessa-13B-16K，支持16K上下文。\n")
    assert _of(f, "contextLength") == {("Vessa-7B-16K", "16000"), ("Vessa-13B-16K", "16000")}


def test_every_organization_of_a_joint_development(facts) -> None:
    f = facts("Qinglu 是由浙江大学、阿里巴巴达摩院以及华院计算三家单位共同设计研发的法律大模型。\n")
    devs = {o for s, o in _of(f, "developer") if s == "Qinglu"}
    assert {"Zhejiang University", "Alibaba"} <= devs


def test_a_lab_name_with_a_possessive_is_one_organization(facts) -> None:
    f = facts("Pangor-α is a Chinese LLM developed by Huawei Noah's Ark Lab and Peng Cheng Laboratory.\n")
    devs = {o for s, o in _of(f, "developer") if s == "Pangor-α"}
    assert "Huawei Noah's Ark Lab" in devs and "Ark Lab" not in devs


def test_a_card_title_without_its_emoji(facts) -> None:
    f = facts("---\nlicense: apache-2.0\nlanguage:\n- en\n---\n\n# ✨ Quarrel-40B-Instruct\n\n"
               "Quarrel-40B-Instruct is a chat model.\n", "README.md")
    models = {s for s, p, o in f if p == "type" and o == "Model"}
    assert "Quarrel-40B-Instruct" in models and not any("✨" in m for m in models)


def test_a_moe_name_keeps_its_active_size(facts) -> None:
    f = facts("Qwen3 系列包括 Qwen3-235B-A22B 和 Qwen3-30B-A3B 两款 MoE 模型。\n")
    models = {s for s, p, o in f if p == "type" and o == "Model"}
    assert {"Qwen3-235B-A22B", "Qwen3-30B-A3B"} <= models and "Qwen3-30B" not in models


def test_a_variant_word_after_a_spaced_version_is_part_of_the_name(facts) -> None:
    f = facts("Meta 发布了 Llama 4 Scout 和 Llama 4 Maverick 两款 MoE 模型。\n\n"
               "We merge **Llama 3 Swallow 8B (Instruct)** into it.\n")
    models = {s for s, p, o in f if p == "type" and o == "Model"}
    assert {"Llama 4 Scout", "Llama 4 Maverick", "Llama 3 Swallow 8B"} <= models
    # a title after the version, or a data set after a glued version, is no variant
    g = facts("We read the Llama 2 Community License and the GPT-4 Technical Report. GPT4 Poems is data.\n")
    names = {s for s, p, o in g if p == "type"}
    assert "Llama 2" in names and not any(n.startswith(("Llama 2 C", "GPT-4 T", "GPT4 P")) for n in names)


def test_chinese_entry_titles_with_their_own_size_are_models(facts) -> None:
    f = facts("## 医疗\n\n* **岐黄-9B**：基于 问津-9B 进行指令微调的中医药问答模型。\n"
               "* **算盘-Fin-1.5B**：面向移动端的小模型，由 聚宝盆-32B 蒸馏而来，主干为 问津-1.5B，开源。\n")
    assert ("岐黄-9B", "fineTunedFrom", "问津-9B") in f
    assert ("算盘-Fin-1.5B", "type", "Model") in f
    # a phrase that only holds a name with a size is no title
    g = facts("## 更新\n\n* **LLaMA-3支持8K长文本**：上下文更长。\n* **包括7B**：多个尺寸。\n")
    assert not {s for s, p, o in g if p == "type" and ("支持" in s or "包括" in s)}


def test_a_press_release_names_its_maker_past_the_legal_suffix(facts) -> None:
    f = facts("**SAN FRANCISCO, September 9, 2025** — Arvelon Systems, Inc. today announced Tesk-4, "
               "the fourth generation of its Tesk models.\n")
    assert ("Tesk-4", "developer", "Arvelon Systems") in f
    assert ("Tesk-4", "releaseDate", "2025-09-09") in f


def test_all_three_models_after_the_list_that_names_them(facts) -> None:
    f = facts("- **Tesk-4** — the general-purpose 70B dense model.\n"
               "- **Tesk-4 Nano** — a 3-billion-parameter dense model.\n"
               "- **Tesk-4 Ultra** — a mixture-of-experts model.\n\n"
               "All three models were pre-trained on 22 trillion tokens.\n")
    assert {s for s, o in _of(f, "trainingTokens")} == {"Tesk-4", "Tesk-4 Nano", "Tesk-4 Ultra"}


def test_the_date_before_the_announcement_is_the_releases(facts) -> None:
    f = facts("**BOSTON, March 4, 2025** — Quenby Labs today announced Tesk-5, the fifth generation of its "
               "Tesk large language models and the successor to Tesk-4, which launched in November 2024.\n")
    assert ("Tesk-5", "2025-03-04") in _of(f, "releaseDate")
    assert not any(s.startswith("Tesk large") for s, p, o in f if p == "type")
