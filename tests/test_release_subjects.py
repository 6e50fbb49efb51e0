"""Who releases a model, and what is no model: an unlisted organization that opens a clause and
releases a name ("极光数智正式发布 X"), MoE totals beside active counts, "其中 X" as a subject,
dates, licences and versioned tools that are no names.  Names are invented, so only the
wording can decide."""

from __future__ import annotations

from kg.extract.lexicon import not_model


def _of(fs: set[tuple[str, str, str]], pred: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in fs if p == pred}


def test_an_unlisted_organization_that_releases_a_model_is_its_developer(facts) -> None:
    f = facts("9 月 2 日，极光数智正式发布 北辰-4，上下文 256K。\n\n赤霄计划发布 赤霄-2。\n\n"
               "澄江 9 月 5 日开源 澄江-2-Mini，参数量 38 亿。\n")
    assert ("北辰-4", "极光数智") in _of(f, "developer")
    assert ("赤霄-2", "赤霄") in _of(f, "developer")
    assert ("澄江-2-Mini", "澄江") in _of(f, "developer")
    assert ("极光数智", "type", "Organization") in f
    # the date between the maker and the verb is no part of a name
    assert not any(s.startswith("澄江 9") for s, _, _ in f)


def test_time_words_and_verbs_before_a_release_are_no_organization(facts) -> None:
    f = facts("本周正式发布 Pello-3。\n\n随后开源 Pello-3-Mini。\n\n该公司于 2024 年 11 月发布并开源 Pello-4。\n")
    assert _of(f, "developer") == set()
    assert not {s for s, p, o in f if p == "type" and o == "Organization"}


def test_moe_total_and_active_counts_in_one_clause(facts) -> None:
    f = facts("其中 Norl-4-A3B 为 MoE 模型，总参数 300 亿、激活 30 亿，上下文 256K。\n")
    assert _of(f, "parameters") == {("Norl-4-A3B", "30000000000")}
    assert _of(f, "activeParameters") == {("Norl-4-A3B", "3000000000")}


def test_qizhong_opens_a_subject_not_a_pronoun(facts) -> None:
    f = facts("**1. 极光数智发布 Norl-4**\n9 月 2 日，极光数智正式发布 Norl-4 系列。"
               "其中 Norl-4-A3B 为 MoE 模型，总参数 300 亿、激活 30 亿。\n")
    assert _of(f, "parameters") == {("Norl-4-A3B", "30000000000")}
    assert ("Norl-4", "3000000000") not in _of(f, "activeParameters")


def test_licences_and_versioned_tools_are_no_models(facts) -> None:
    assert not_model("Apache-2.0") and not_model("vLLM 0.11") and not_model("PyTorch 2.1")
    assert not not_model("OpenHermes 2")  # a data set's name with a version is often a model trained on it
    f = facts("Norl-4-A3B 为 MoE 模型，以 Apache-2.0 协议开源。\n\n- vLLM 0.11 发布，原生支持 Norl-4-A3B。\n")
    assert ("Apache-2.0", "type", "Model") not in f and ("vLLM 0.11", "type", "Model") not in f
    assert ("Norl-4-A3B", "openWeights", "True") in f


def test_a_version_column_names_the_models_and_a_question_heading_no_technique(facts) -> None:
    f = facts("## 量化：GPTQ 还是 AWQ？\n\n| 版本 | 方法 | 显存 |\n|---|---|---|\n"
               "| Quill-8B-GPTQ | GPTQ int4 | 6.1 GB |\n| Quill-8B-AWQ | AWQ int4 | 6.0 GB |\n")
    assert ("Quill-8B-GPTQ", "type", "Model") in f and ("Quill-8B-AWQ", "type", "Model") in f
    assert ("Quill-8B-GPTQ", "GPTQ") in _of(f, "usesTechnique")
    assert ("Quill-8B-GPTQ", "AWQ") not in _of(f, "usesTechnique")
    assert ("Quill-8B-AWQ", "GPTQ") not in _of(f, "usesTechnique")


def test_a_name_given_after_naming_verbs_is_a_model(facts) -> None:
    f = facts("我在 Corvo-8B 上训练了一个 LoRA 适配器，命名为 Corvo-Law-LoRA，专门处理合同。\n")
    assert ("Corvo-Law-LoRA", "type", "Model") in f
    assert ("Corvo-Law-LoRA", "adapterOf", "Corvo-8B") in f


def test_a_size_matrix_names_each_checkpoint_with_its_size(facts) -> None:
    f = facts("本次发布版本和下载链接见下表：\n|     | 基座模型 | 对齐模型 | 对齐模型 4bits 量化 |\n|:--:|:--:|:--:|:--:|\n"
               "| 7B | 🤗 [Baichuan9-7B-Base](https://huggingface.co/o/Baichuan9-7B-Base) | 🤗 [Baichuan9-7B-Chat](https://huggingface.co/o/Baichuan9-7B-Chat) "
               "| 🤗 [Baichuan9-7B-Chat-4bits](https://huggingface.co/o/Baichuan9-7B-Chat-4bits) |\n"
               "| 13B | 🤗 [Baichuan9-13B-Base](https://huggingface.co/o/Baichuan9-13B-Base) | 🤗 [Baichuan9-13B-Chat](https://huggingface.co/o/Baichuan9-13B-Chat) "
               "| 🤗 [Baichuan9-13B-Chat-4bits](https://huggingface.co/o/Baichuan9-13B-Chat-4bits) |\n")
    params = _of(f, "parameters")
    for size, n in (("7B", "7000000000"), ("13B", "13000000000")):
        for variant in ("Base", "Chat", "Chat-4bits"):
            assert (f"Baichuan9-{size}-{variant}", n) in params
    assert ("Baichuan9-7B-Chat-4bits", "Baichuan9-7B-Chat") in _of(f, "quantizedFrom")


def test_a_score_table_over_benchmark_columns_names_its_models(facts) -> None:
    f = facts("|  | **C-Eval** | **MMLU** | **CMMLU** |\n|:--:|:--:|:--:|:--:|\n|  | 5-shot | 5-shot | 5-shot |\n"
               "| **LLaMA2-7B** | 28.90 | 45.73 | 31.38 |\n| **Falcon-7B** | 24.23 | 26.03 | 25.66 |\n")
    assert ("LLaMA2-7B", "type", "Model") in f and ("Falcon-7B", "type", "Model") in f
    assert ("C-Eval", "type", "Model") not in f


def test_long_checkpoint_names_keep_every_part(facts) -> None:
    f = facts("| Date | HF Checkpoint | Tokens |\n|---|---|---|\n"
               "| 2023-09-04 | [Tinyfoo-1.1B-intermediate-step-50k-105b](https://huggingface.co/o/x) | 105B |\n"
               "| 2023-11-04 | [Tinyfoo-1.1B-Chat-V0.4](https://huggingface.co/o/y) | 1.5T |\n")
    assert ("Tinyfoo-1.1B-intermediate-step-50k-105b", "2023-09-04") in _of(f, "releaseDate")
    assert ("Tinyfoo-1.1B-Chat-V0.4", "2023-11-04") in _of(f, "releaseDate")
    assert not any(s in ("Tinyfoo-1.1B", "Tinyfoo-1.1B-Chat-V0") for s, _, _ in f)


def test_what_a_model_is_finetuned_on_is_no_model_without_a_digit(facts) -> None:
    f = facts("We released a chat model finetuned on OpenAssistly and simple scripts.\n")
    assert ("OpenAssistly", "type", "Model") not in f


def test_the_x_series_names_a_family_and_its_maker(facts) -> None:
    f = facts("Okapo-2-14B itself is the mid-size member of the Okapo-2 series from Okapo Research.\n")
    assert ("Okapo-2-14B", "Okapo-2") in _of(f, "series")
    assert ("Okapo-2-14B", "Okapo Research") in _of(f, "developer")
    # a generation named as a family stays in the family the text introduced first
    g = facts("Sabel is a family of open-weight language models developed by **Cobol Research**.\n\n"
               "The Sabel-2 family comes in two sizes: Sabel-2-1.5B and Sabel-2-9B.\n")
    assert ("Sabel-2-9B", "Sabel") in _of(g, "series") and ("Sabel-2-9B", "Cobol Research") in _of(g, "developer")


def test_hyphenated_billions_and_an_apposition_after_the_size(facts) -> None:
    f = facts("Our pick is **Quell-2-7B** from the Quell Consortium, a 7.3-billion-parameter model.\n\n"
               "Tarrow has open-sourced an 8-billion parameter instruction model, Tarrow3-8B-Instruct.\n")
    assert ("Quell-2-7B", "7300000000") in _of(f, "parameters")
    assert ("Tarrow3-8B-Instruct", "8000000000") in _of(f, "parameters")
    assert ("Quell Consortium", "type", "Organization") in f


def test_an_entry_that_is_an_adapter_is_adapted_from_what_it_is_trained_on(facts) -> None:
    f = facts("- Tarrow-14B-LoRA-SQL: a LoRA adapter for Text-to-SQL, trained on top of Tarrow-14B.\n")
    assert ("Tarrow-14B-LoRA-SQL", "Tarrow-14B") in _of(f, "adapterOf")


def test_a_moe_size_pair_in_a_table_is_total_and_active(facts) -> None:
    f = facts("MoE 模型写作“总参数 / 激活参数”。\n\n| 模型 | 基座模型 | 参数量 |\n|---|---|---|\n"
               "| 朱鹭-MoE | 朱鹭-Base | 145B / 16B |\n| 朱鹭-Base | — | 7B |\n")
    assert _of(f, "parameters") == {("朱鹭-MoE", "145000000000"), ("朱鹭-Base", "7000000000")}
    assert _of(f, "activeParameters") == {("朱鹭-MoE", "16000000000")}
    assert ("朱鹭-MoE", "朱鹭-Base") in _of(f, "derivedFrom")


def test_continued_pretraining_then_sft_is_built_on_the_base(facts) -> None:
    f = facts("- **Sino-Tarrow-34B**：南湖大学在英文基座 Tarrow-34B 上用 2000 亿 tokens 中文语料做了增量预训练，再进行 SFT。\n")
    assert ("Sino-Tarrow-34B", "Tarrow-34B") in _of(f, "derivedFrom")
    assert ("Sino-Tarrow-34B", "Tarrow-34B") not in _of(f, "fineTunedFrom")


def test_chinese_active_counts_and_context_in_wan(facts) -> None:
    f = facts("Llama 4 Scout 采用 17 亿活跃参数模型，拥有 1000 万 token 上下文窗口。\n\n"
               "Gemini 2.5 Pro 的上下文窗口达100万token。\n")
    assert ("Llama 4 Scout", "1700000000") in _of(f, "activeParameters")
    assert ("Llama 4 Scout", "10000000") in _of(f, "contextLength")
    assert ("Gemini 2.5 Pro", "1000000") in _of(f, "contextLength")


def test_a_family_list_gives_totals_actives_and_dense_sizes(facts) -> None:
    f = facts("阿里巴巴发布了 Quxo3，包括：\n- MoE（混合专家）模型：30B（激活参数3B）与235B（激活参数22B）两款。\n"
               "- Dense（稠密）模型：提供0.6B、1.7B、4B多种规模。\n")
    assert _of(f, "parameters") == {("Quxo3", str(v)) for v in (30_000_000_000, 235_000_000_000, 600_000_000,
                                                                  1_700_000_000, 4_000_000_000)}
    assert _of(f, "activeParameters") == {("Quxo3", "3000000000"), ("Quxo3", "22000000000")}


def test_a_download_column_of_hub_links_names_the_models_of_a_table(facts) -> None:
    f = facts("|阶段|权重介绍|下载地址|底座模型|微调方法|\n|:-|:-|:-|:-|:-|\n"
               "|监督微调|多轮对话数据基于LLaMA2-7b-Chat训练而来|[⚙️Carefoo-7b-multi](https://huggingface.co/someone/Carefoo-7b-multi)、"
               "[🧰Carefoo-7b-mix](https://huggingface.co/someone/Carefoo-7b-mix)|LLaMA2-7b-Chat|QLoRA|\n"
               "|监督微调|混合数据基于LLaMA-7b训练而来|[⚙️Carefoo1-7b-merge](https://huggingface.co/someone/Carefoo1-7b-merge)|LLaMA-7b|LoRA|\n")
    assert {("Carefoo-7b-multi", "LLaMA2-7b-Chat"), ("Carefoo-7b-mix", "LLaMA2-7b-Chat"),
            ("Carefoo1-7b-merge", "LLaMA-7b")} <= _of(f, "fineTunedFrom")
    assert ("Carefoo-7b-mix", "QLoRA") in _of(f, "usesTechnique")
    assert ("LLaMA2-7b-Chat", "QLoRA") not in _of(f, "usesTechnique")


def test_a_name_cell_with_its_base_in_parentheses(facts) -> None:
    f = facts("|Model|Institution|Score|\n|:-|:-|:-|\n|**Ivyfoo (Baichuan2-13B+10W)**|澳门理工大学|38.54|\n"
               "|Huafoo (BLOOMZ)|香港中文大学 (深圳)|31.38|\n|Rakuten AI 3.0 (RakutenAI-3.0)|Rakuten|1.0|\n")
    assert {("Ivyfoo", "Baichuan2-13B"), ("Huafoo", "BLOOMZ")} <= _of(f, "derivedFrom")
    assert not any(s.startswith("Rakuten") for s, _ in _of(f, "derivedFrom"))
    # the listed organization, and the spelling the table wrote as a label of it
    assert ("Huafoo", "The Chinese University of Hong Kong, Shenzhen") in _of(f, "developer")
    assert ("香港中文大学 (深圳)", "type", "Organization") in f


def test_dated_entry_titles_and_spaced_chinese_versions_with_sizes(facts) -> None:
    f = facts("- **2024-08 知远-R**：第一个版本，鹿鸣研究院在 问渠 2.0-14B 的基础上用强化学习训练，开源发布。\n"
               "- **2025-01 知远-R 1.5**：知远-R 的升级版。主干换成 问渠 2.5-32B，上下文 64K，开源。\n")
    assert ("知远-R", "问渠 2.0-14B") in _of(f, "derivedFrom")
    assert ("知远-R 1.5", "问渠 2.5-32B") in _of(f, "derivedFrom")
    assert ("社区", "type", "Organization") not in facts("知远-R 1.5 还有一个由社区维护的量化版。\n")


def test_chinese_names_without_latin_letters_from_what_the_sentence_says(facts) -> None:
    f = facts("知远是由华岭大学自然语言处理实验室开发的大语言模型，于 2024 年 5 月发布，参数量为 70 亿。\n\n"
               "2024 年 6 月，星野研究院发布了下一代模型玄照 2，其上下文长度达到 20 万 tokens。\n\n"
               "开源社区 OpenLoop 此前还发布过一个名为鸣鹤的小模型。鸣鹤于 2024 年 2 月开源。\n\n"
               "青雀是由墨山科技开发的大语言模型系列。\n")
    assert ("知远", "type", "Model") in f and ("玄照 2", "type", "Model") in f and ("鸣鹤", "type", "Model") in f
    assert ("知远", "2024-05") in _of(f, "releaseDate") and ("玄照 2", "2024-06") in _of(f, "releaseDate")
    assert ("知远", "华岭大学自然语言处理实验室") in _of(f, "developer")
    assert ("青雀", "type", "Series") in f and ("OpenLoop", "type", "Organization") in f
    assert ("鸣鹤", "2024-02") in _of(f, "releaseDate")


def test_common_words_in_those_places_are_no_names(facts) -> None:
    f = facts("它的目标是构建一个文本质量对比模型。实际就是通过在模型训练过程中适应低精度表示来减少损失的模型。\n\n"
               "预计于 2025年4月 上线。Qwen2 登顶大模型榜首。\n\n开源社区 OpenLoop 以 Qwen2 为底座训练了 Foo-7B。\n")
    assert not {s for s, p, o in f if p == "type" and o == "Model"} - {"Qwen2", "Foo-7B"}
    assert ("Qwen2", "True") not in _of(f, "openWeights")  # "开源社区" opens nothing


def test_generations_listed_with_their_dates_in_parentheses(facts) -> None:
    f = facts("## Marlo\n\nTidewater Research has released three generations of Marlo: Marlo-1 (August 2023), "
               "Marlo-2 (May 2024) and Marlo-2.5 (January 2025).\n\n"
               "| Model | Developer |\n|---|---|\n| Marlo-1 | Tidewater |\n| Marlo-2 | Tidewater |\n| Marlo-2.5 | Tidewater |\n")
    assert {("Marlo-1", "2023-08"), ("Marlo-2", "2024-05"), ("Marlo-2.5", "2025-01")} <= _of(f, "releaseDate")


def test_its_successor_in_the_next_paragraph_of_a_models_section(facts) -> None:
    f = facts("## Kestro\n\nKestro is a large language model developed by Pinebrook University. It was released in June 2023.\n\n"
               "Its successor, Kestro 2, followed in March 2024.\n")
    assert ("Kestro 2", "Kestro") in _of(f, "successorOf")


def test_a_quantizers_card_is_about_the_quantized_model(facts) -> None:
    card = ("---\nlicense: other\nmodel_name: Mytho L2 13B\nbase_model: Gryfe/Mytho-L2-13b\nmodel_creator: Gryfe\n"
            "quantized_by: Blokey\n---\n\n# Mytho L2 13B - GPTQ\n- Model creator: [Gryfe](https://huggingface.co/Gryfe)\n\n"
            "## Repositories available\n* [AWQ model(s) for GPU inference.](https://huggingface.co/Blokey/Mytho-L2-13B-AWQ)\n"
            "* [GPTQ models for GPU inference.](https://huggingface.co/Blokey/Mytho-L2-13B-GPTQ)\n")
    f = facts(card, "README.md")
    assert ("Mytho-L2-13B-GPTQ", "Mytho-L2-13b") in _of(f, "quantizedFrom")
    assert ("Mytho-L2-13B-AWQ", "Mytho-L2-13b") in _of(f, "quantizedFrom")
    assert ("Mytho-L2-13B-GPTQ", "Blokey") in _of(f, "developer") and ("Mytho-L2-13b", "Gryfe") in _of(f, "developer")
    assert ("Mytho L2 13B", "Mytho-L2-13b") not in _of(f, "quantizedFrom")


def test_an_html_table_groups_rows_under_an_architecture_row_and_opens_rows_without_tr(facts) -> None:
    html = ("<table><thead><tr><th>LLMs</th><th>License</th><th>Corpus</th></tr></thead><tbody>\n"
            "<tr><td colspan=\"3\"><b>Encoder-only</b></td><tr>\n<tr><td>RoBERTa</td><td>MIT</td><td>Books</td></tr>\n"
            "<tr><td colspan=\"3\"><b>Decoder-only</b></td><tr>\n<tr><td>Falcon-7B</td><td>Apache 2.0</td><td>Web</td></tr>\n"
            "<td>MPT-7B</td><td>Apache 2.0</td><td>Web</td></tr>\n</tbody></table>\n")
    f = facts(html)
    assert ("RoBERTa", "encoder-only") in _of(f, "architecture")
    assert {("Falcon-7B", "decoder-only"), ("MPT-7B", "decoder-only")} <= _of(f, "architecture")
    assert not any(s.lower().startswith(("encoder", "decoder")) for s, p, o in f if p == "type")


def test_plain_chinese_prose_about_models_with_word_names(facts) -> None:
    f = facts("鸿鹄由云帆科技开发，于 2023 年 10 月发布，参数量为 130 亿。\n\n"
               "云帆科技于 2024 年 4 月发布了鸿鹄 2。鸿鹄 2 是鸿鹄的升级版，上下文长度为 32K。\n\n"
               "白鹇是星辰大学于 2024 年发布的开源大模型。白鹇基于鸿鹄 2 微调而来。\n\n"
               "青杉的参数量为 70 亿。\n\n红柳是一款由木石实验室推出的对话模型，它基于青杉进行指令微调。\n")
    assert {("鸿鹄", "云帆科技"), ("鸿鹄 2", "云帆科技"), ("白鹇", "星辰大学"), ("红柳", "木石实验室")} <= _of(f, "developer")
    assert ("鸿鹄 2", "鸿鹄") in _of(f, "successorOf")
    assert {("白鹇", "鸿鹄 2"), ("红柳", "青杉")} <= _of(f, "fineTunedFrom")
    assert ("青杉", "7000000000") in _of(f, "parameters") and ("鸿鹄", "2023-10") in _of(f, "releaseDate")
    # adjectives, verbs and adverbs in the same places are no names
    g = facts("通过基于 LoRA 进行微调可以降低成本。更大的参数量为 70 亿的模型也更强。默认的上下文长度为 4096。\n")
    assert not {s for s, p, o in g if p == "type" and o == "Model"}


def test_a_statement_about_all_models_of_the_repository(facts) -> None:
    f = facts("| 模型 | 参数 |\n|---|---|\n| Lanshon2-7B-Base | 7B |\n| Lanshon2-7B-Chat | 7B |\n\n"
               "Lanshon2 与社区模型 Llama 没有任何关系。\n\n本仓库中的全部模型均由岚峰智能训练，并以开源形式发布。\n")
    assert {("Lanshon2-7B-Base", "岚峰智能"), ("Lanshon2-7B-Chat", "岚峰智能")} <= _of(f, "developer")
    assert ("Llama", "岚峰智能") not in _of(f, "developer")
    assert {("Lanshon2-7B-Base", "True"), ("Lanshon2-7B-Chat", "True")} <= _of(f, "openWeights")


def test_a_familys_openness_reaches_its_members_but_not_a_known_familys(facts) -> None:
    f = facts("Sabel is a family of open-weight language models developed by **Cobol Research**.\n\n"
               "The Sabel family includes Sabel-2-1.5B and Sabel-2-9B.\n")
    assert {("Sabel-2-1.5B", "True"), ("Sabel-2-9B", "True")} <= _of(f, "openWeights")
    g = facts("LLaMA 系列均为开源模型。LLaMA 系列包括 LLaMA-7B 和 LLaMA-13B。\n")
    assert ("LLaMA-7B", "True") not in _of(g, "openWeights")


def test_a_capitalised_name_right_after_a_model_noun(facts) -> None:
    f = facts("Gannet replaced the company's earlier model Petrel, which had been released in 2023.\n\n"
               "See the model Cookbook for recipes.\n")
    assert ("Petrel", "type", "Model") in f and ("Petrel", "2023") in _of(f, "releaseDate")
    assert ("Cookbook", "type", "Model") not in f


def test_chinese_word_titles_of_an_awesome_list_whose_entries_give_a_base(facts) -> None:
    f = facts("## 法律\n\n- **明律**：法律咨询与文书生成模型\n  - 机构：东岭大学法学院\n  - 底座：Tern-14B\n"
               "  - 方法：先在裁判文书和法律法规上增量预训练，再进行指令微调\n"
               "- **金算子**：金融研报分析与问答\n  - 机构：沪港证券研究所\n  - 基于扶摇 Lite 使用 QLoRA 微调\n"
               "- **超强推理**：一个特点\n  - 说明：很快\n")
    assert ("明律", "type", "Model") in f and ("金算子", "type", "Model") in f
    assert ("明律", "Tern-14B") in _of(f, "derivedFrom")
    assert ("超强推理", "type", "Model") not in f
    assert not any(o.startswith("先在") for s, p, o in f if p == "usesTechnique")


def test_a_table_of_base_models_with_a_weights_column(facts) -> None:
    f = facts("| Base | Org | Sizes | Context | Released | Weights |\n|---|---|---|---|---|---|\n"
               "| Marlo 2 | Tidewater Research | 7B, 13B | 8K | 2024-05 | open |\n"
               "| Tarn-14B | Northwind Labs | 14B | 32K | 2024-02 | closed (API) |\n")
    assert ("Marlo 2", "True") in _of(f, "openWeights") and ("Tarn-14B", "False") in _of(f, "openWeights")
    assert ("Tarn-14B", "Northwind Labs") in _of(f, "developer")
    assert not any(s.startswith(("open", "closed")) for s, _, _ in f)
