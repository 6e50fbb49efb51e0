"""Facts that need the text around a sentence: "后者" / "the latter", values stated
"分别" / "respectively", a chronicle's month headings under year headings, a dateline and
"today", weekdays of a weekly issue, a family's maker passed to its models.  Also the table and
name shapes found with them: a table of base models, a maker before a list entry's name,
"Word 3.5 Edition" names, lone sizes stated as "是一个 16B 的模型".  Names are invented, so only
the wording can decide."""

from __future__ import annotations


def _of(fs: set[tuple[str, str, str]], pred: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in fs if p == pred}


def test_former_and_latter_name_the_two_models_before_them(facts) -> None:
    f = facts("## Capra\n\nCapra 是 Fjellmark 推出的小型模型系列。Capra 1 与 Capra 2 分别发布于 2024 年 11 月和 "
              "2025 年 7 月，后者是前者的后继版本。\n")
    assert ("Capra 2", "Capra 1") in _of(f, "successorOf")
    assert ("Capra 1", "Capra 2") not in _of(f, "successorOf")


def test_the_latter_reaches_back_into_the_sentence_before(facts) -> None:
    f = facts("鸣泉是由某大学开发的开源模型。2025 年 3 月，该团队推出了升级版鸣泉 2。"
              "后者在鸣泉的基础上继续预训练，上下文被扩展至 32K。\n")
    assert ("鸣泉 2", "32000") in _of(f, "contextLength")


def test_values_stated_respectively_pair_with_the_names_in_order(facts) -> None:
    f = facts("青砚系列模型由墨川科技发布，包括青砚-Lite、青砚-Pro 和青砚-Ultra 三个版本，"
              "参数量分别为 70 亿、340 亿和 1800 亿。\n")
    assert {("青砚-Lite", "7000000000"), ("青砚-Pro", "34000000000"), ("青砚-Ultra", "180000000000")} \
        <= _of(f, "parameters")
    assert not any(s == "青砚" for s, _ in _of(f, "parameters"))
    g = facts("Capra 是 Fjellmark 推出的小型模型系列。Capra 1 与 Capra 2 分别发布于 2024 年 11 月和 2025 年 7 月。\n")
    assert {("Capra 1", "2024-11"), ("Capra 2", "2025-07")} <= _of(g, "releaseDate")


def test_a_month_heading_takes_its_year_from_the_heading_above(facts) -> None:
    f = facts("# 编年史\n\n## 2023年：百模大战\n\n### 3月\n\n- **Quorra-7B**: 开源的对话模型。\n\n"
              "### 11月\n\n- **Quorra-13B**: 更大的对话模型。\n")
    assert ("Quorra-7B", "2023-03") in _of(f, "releaseDate")
    assert ("Quorra-13B", "2023-11") in _of(f, "releaseDate")
    g = facts("# Notes\n\n### March\n\n- **Quorra-7B**: a chat model.\n")
    assert _of(g, "releaseDate") == set()  # no year above: no date


def test_a_maker_before_a_list_entry_name_is_its_developer(facts) -> None:
    f = facts("### 5月\n\n- **Google Tessaly**: 对标 Quorra-7B 的图像生成模型。\n")
    assert ("Tessaly", "Google") in _of(f, "developer")


def test_a_table_of_base_models_names_them_in_its_base_column(facts) -> None:
    f = facts("| Base model | Developer | Params | Context | Open weights |\n|---|---|---|---|---|\n"
              "| Spindrel-13B | Tenwick AI | 13B | 8K | yes |\n| Cindral-7B | Adzer Collective | 7.3B | 32K | yes |\n")
    assert ("Spindrel-13B", "Tenwick AI") in _of(f, "developer")
    assert ("Cindral-7B", "7300000000") in _of(f, "parameters")
    assert ("Spindrel-13B", "8000") in _of(f, "contextLength")


def test_a_link_under_an_open_source_column_means_open_weights(facts) -> None:
    f = facts("| Models | Backbone | Open Sources |\n|---|---|---|\n"
              "| MedQuill | Spindrel-13B | [Link](https://github.com/example/medquill) |\n| MedFable | Spindrel-13B |  |\n")
    assert ("MedQuill", "True") in _of(f, "openWeights")
    assert not any(s == "MedFable" for s, _ in _of(f, "openWeights"))


def test_a_lone_size_stated_as_what_the_model_is(facts) -> None:
    f = facts("同月发布的 问砚 3-Lite 是一个 16B 的稠密模型。\n\n- **Velora-4** — the general-purpose 70B dense model.\n")
    assert ("问砚 3-Lite", "16000000000") in _of(f, "parameters")
    assert ("Velora-4", "70000000000") in _of(f, "parameters")
    g = facts("Foo-Chat 是一个 7B 模型的微调版本。\n")
    assert not any(s == "Foo-Chat" for s, _ in _of(g, "parameters"))


def test_a_word_a_version_and_an_edition_word_make_one_name(facts) -> None:
    f = facts("Zephrine 3.5 Lightning is a customizable open model. It was distilled from Zephrine 3 Ultra.\n")
    assert ("Zephrine 3.5 Lightning", "type", "Model") in f
    assert ("Zephrine 3 Ultra", "type", "Model") in f


def test_a_family_named_as_a_model_passes_its_maker_to_its_models(facts) -> None:
    f = facts("# 澄光智能发布“云岚-2”系列大模型\n\n今日，澄光智能正式发布新一代通用大语言模型系列“云岚-2”。云岚-2 系列共包含两款模型。\n\n"
              "- **云岚-2-7B**：端侧小模型，即日起开源。\n- **云岚-2-34B**：旗舰模型。\n")
    assert {("云岚-2-7B", "澄光智能"), ("云岚-2-34B", "澄光智能")} <= _of(f, "developer")


def test_a_maker_in_parentheses_after_a_name(facts) -> None:
    f = facts("- 星岫-9B（星岫智能）：2024年7月发布。\n")
    assert ("星岫-9B", "星岫智能") in _of(f, "developer")


def test_today_in_a_dated_post_is_the_posts_date(facts) -> None:
    f = facts("# Introducing Saffra 2\n\n*March 4, 2026 · Fernwick Research*\n\n"
              "Today we are releasing Saffra 2, the successor to Saffra 1.5, which shipped in June 2025.\n")
    assert ("Saffra 2", "2026-03-04") in _of(f, "releaseDate")
    g = facts("# Introducing Saffra 2\n\nToday we are releasing Saffra 2.\n")
    assert _of(g, "releaseDate") == set()  # no dateline: today is no date


def test_weekdays_of_a_weekly_issue_are_dates_of_its_week(facts) -> None:
    f = facts("# Tokenline Weekly — Issue #87\n\n*Week of November 17, 2025*\n\n"
              "Halbrook AI released Bosan 3 on Tuesday, its third generation.\n")
    assert ("Bosan 3", "2025-11-18") in _of(f, "releaseDate")
    g = facts("# AI 周报 | 2026 年第 11 周（3 月 9 日—3 月 15 日）\n\n"
              "上周五，砚川科技发布了 Sexta-R1。\n\n本周三，砚川开源了 Sexta-R1-Distill-9B。\n")
    assert ("Sexta-R1", "2026-03-06") in _of(g, "releaseDate")
    assert ("Sexta-R1-Distill-9B", "2026-03-11") in _of(g, "releaseDate")


def test_a_second_release_clause_shares_maker_and_date(facts) -> None:
    f = facts("2023年7月，Metis推出了Larch-2开源大模型，并且推出了Larch-2-Chat对话模型。\n")
    assert {("Larch-2", "2023-07"), ("Larch-2-Chat", "2023-07")} <= _of(f, "releaseDate")


def test_a_cjk_name_does_not_swallow_the_adverb_before_it(facts) -> None:
    f = facts("去年6月，青岚智能发布了星岚-1 模型。此前发布的星岚-1 系列包含 7B、13B 与 70B 三个尺寸，其中星岚-1-70B 于2024年6月开源。\n")
    names = {s for s, p, o in f if p == "type" and o == "Model"}
    assert "星岚-1-70B" in names and "其中星岚-1-70B" not in names
    assert ("星岚-1-70B", "2024-06") in _of(f, "releaseDate")
    assert {("星岚-1", "7000000000"), ("星岚-1", "70000000000")} <= _of(f, "parameters")


def test_each_clause_dates_its_own_models(facts) -> None:
    f = facts("星岫实验室发布了星岫-34B、星岫-34B-Chat、星岫-Coder-34B 和星岫-Mini。\n\n"
              "答：星岫-34B 和星岫-34B-Chat 于 2024 年 10 月同时发布，星岫-Coder-34B 于 2025 年 1 月发布，星岫-Mini 于 2025 年 6 月发布。\n")
    dates = _of(f, "releaseDate")
    assert {("星岫-34B", "2024-10"), ("星岫-34B-Chat", "2024-10"), ("星岫-Coder-34B", "2025-01"),
            ("星岫-Mini", "2025-06")} <= dates


def test_bare_versions_after_a_name_are_models_of_its_line(facts) -> None:
    f = facts("谷歌今年发布了Gemra 2.0、2.5和3.0。\n\n智谱AI 开源了 Glimra-4.5/4.6/4.7。\n\nGPT-4 和 40% 的用户。\n")
    models = {s for s, p, o in f if p == "type" and o == "Model"}
    assert {"Gemra 2.5", "Gemra 3.0", "Glimra-4.6", "Glimra-4.7"} <= models
    assert not any(m.startswith("GPT-40") for m in models)


def test_a_maker_that_says_something_releases_nothing(facts) -> None:
    f = facts("很多人以为汀岚是在 Sadra-72B 上改出来的，其实萤岚科技明确表示汀岚从零预训练，与 Sadra 系列没有继承关系。\n")
    assert not any(o == "萤岚科技" for s, o in _of(f, "developer"))


def test_an_edition_word_after_a_name_is_part_of_it(facts) -> None:
    f = facts("Orrin Labs today announced the Lattra 3 family, comprising the proprietary flagship Lattra Prime "
              "and two open-weight models.\n\nLattra Prime is Orrin's most capable model to date.\n")
    assert ("Lattra Prime", "type", "Model") in f
    assert ("Lattra", "type", "Model") not in f


def test_all_models_of_a_named_family(facts) -> None:
    f = facts("本页按时间倒序记录智谱AI 发布的全部霁岚模型及其版本变化。\n\n### 2025-06-18 霁岚 3.0\n\n霁岚 3.0 正式发布。\n")
    assert ("霁岚", "type", "Series") in f
    assert ("霁岚 3.0", "霁岚") in _of(f, "series")
    g = facts("我们对比了所有量化模型的显存占用。\n")
    assert not any(p == "type" and o == "Series" for s, p, o in g)


def test_a_versioned_name_with_its_date_in_parentheses(facts) -> None:
    f = facts("Meridane has kept its models closed: neither Sparrel 2 (June 2023) nor Sparrel 2 Turbo (January 2024) "
              "has been released as weights.\n")
    assert {("Sparrel 2", "2023-06"), ("Sparrel 2 Turbo", "2024-01")} <= _of(f, "releaseDate")


def test_a_hedged_technique_is_no_fact(facts) -> None:
    f = facts("Sparrel-2-Turbo is widely believed, though never confirmed, to use a mixture-of-experts design.\n")
    assert _of(f, "usesTechnique") == set() and _of(f, "architecture") == set()


def test_a_year_after_a_name_is_no_version(facts) -> None:
    f = facts("Early examples: LLaMA 2, 2023, and Qwen 2、2.5.\n")
    models = {s for s, p, o in f if p == "type" and o == "Model"}
    assert "Qwen 2.5" in models and not any(m.endswith("2023") for m in models)
