"""Name finding: known vocabularies, unseen names by shape, and words that are not names."""

import pytest

from kg.extract.names import clean_line, find_names


def names(text):
    return [(s.text, s.cls) for s in find_names(text)]


@pytest.mark.parametrize("name", [
    "Qwen2.5-Coder-7B", "Baichuan2-13B-Chat", "GLM-4-9B-Chat-1M", "Llama-3-Chinese-8B",
    "DeepSeek-R1-Distill-Qwen-32B", "GPT-4o mini", "Claude 3.5 Sonnet", "Mixtral 8x7B", "o1-mini",
    "Gemini 2.0 Flash-Lite", "讯飞星火 V2.0", "Foo-7B",
])
def test_unseen_model_shapes(name):
    assert names(f"我们测试了 {name} 的效果") == [(name, "Model")]


def test_orgs_map_to_canonical():
    spans = find_names("深度求索、智谱 AI 和月之暗面")
    assert [(s.canonical, s.cls) for s in spans] == [
        ("DeepSeek", "Organization"), ("Zhipu AI", "Organization"), ("Moonshot AI", "Organization")]


def test_series_only_when_called_a_family():
    assert names("GPT 系列") == [("GPT", "Series")]
    assert names("GPT 很强") == [("GPT", "Model")]


@pytest.mark.parametrize("text", ["we opt out", "GPTQ 量化", "Metadata", "phi is a letter", "step 1 of 2"])
def test_not_names(text):
    assert all(cls != "Model" for _, cls in names(text))


def test_size_after_version_is_not_part_of_name():
    assert names("GPT-3 175B") == [("GPT-3", "Model")]


def test_clean_line_maps_back_to_raw():
    raw = "**OpenAI** 发布了 [GPT-4](https://x.y) `2023 年`"
    text, offs = clean_line(raw)
    assert text == "OpenAI 发布了 GPT-4 2023 年"
    i = text.index("GPT-4")
    assert raw[offs[i]:offs[i + 4] + 1] == "GPT-4"


@pytest.mark.parametrize("text,expected", [
    ("超过 LLaMA-13B 40%，是", [("LLaMA-13B", "Model")]),  # a number after a size is prose
    ("同样在QWen32B上训练出来的DeepSeek-R1-Distill-Qwen32B", [("QWen32B", "Model"), ("DeepSeek-R1-Distill-Qwen32B", "Model")]),
    ("DeepSeek-R1-Distill-Qwen2.5-32B 很强", [("DeepSeek-R1-Distill-Qwen2.5-32B", "Model")]),
    ("PaLM-E 是 PaLM 的多模态版本", [("PaLM-E", "Model"), ("PaLM", "Model")]),
    ("The DeepSeek-R1-Distill models", [("DeepSeek-R1", "Model")]),  # a trailing "Distill" names a group
    ("OpenHermes-2.5-Mistral-7B is good", [("OpenHermes-2.5-Mistral-7B", "Model")]),
    ("| DeepSeek LLM | 70B |", [("DeepSeek LLM", "Model")]),
])
def test_name_shapes(text, expected):
    assert names(text) == expected


def test_word_glued_to_a_family_stem_is_a_model_in_subject_position_only():
    from kg.extract.names import find_names

    assert [(s.text, s.cls) for s in find_names("DoctorGLM：基于 ChatGLM-6B")][0] == ("DoctorGLM", "Model")
    assert find_names("MiniGPT-4 很好")[0].text == "MiniGPT-4"
    # mid-sentence it is too often a data set or a tool: "在 ShareGPT 对话上微调"
    assert "ShareGPT" not in [s.text for s in find_names("Vicuna 基于 LLaMA 在 ShareGPT 对话上微调")]


def test_unknown_camelcase_name_with_version_in_subject_position():
    from kg.extract.names import find_names

    assert [s.text for s in find_names("OpenChat-3.5 is based on Mistral 7B")][:1] == ["OpenChat-3.5"]
    assert not find_names("COVID-19 is spreading")
    assert "OpenChat-3.5" not in [s.text for s in find_names("we compare with OpenChat-3.5 here")]


def test_greek_letter_and_beta_variants_stay_in_the_name() -> None:
    """"Zephyr-7B-β" and "zephyr-7b-beta" are one checkpoint, not "Zephyr-7B" and a stray letter."""
    from kg.extract.names import find_names

    assert [s.text for s in find_names("Zephyr-7B-β is the second model")] == ["Zephyr-7B-β"]
    assert [s.text for s in find_names("see Llama-2-7B-alpha and Llama-2-7B-γ")] == ["Llama-2-7B-alpha", "Llama-2-7B-γ"]


def test_a_makers_name_written_glued_is_the_same_organization() -> None:
    """"StabilityAI", "HuggingFace": listed organizations of several words, written without spaces."""
    from kg.extract.names import find_names

    got = {(s.text, s.canonical) for s in find_names("3B/7B LLM from StabilityAI, hosted on HuggingFace") if s.cls == "Organization"}
    assert got == {("StabilityAI", "Stability AI"), ("HuggingFace", "Hugging Face")}


def test_a_step_of_a_recipe_is_no_model() -> None:
    """StepFun's models are "Step-2", "Step-1V"; "Step 1: SFT" and "the step4 RL" are steps."""
    from kg.extract.names import find_names

    assert [s.text for s in find_names("### Step 1: SFT, then the step4 RL") if s.cls == "Model"] == []
    assert [s.text for s in find_names("StepFun released Step-2 and Step-1V.") if s.cls == "Model"] == ["Step-2", "Step-1V"]


def test_a_lower_case_variant_word_before_a_coordination_is_no_part_of_the_name() -> None:
    """"the Qwen2.5 base and instruct checkpoints": both variants of Qwen2.5 are described, no
    model is named "Qwen2.5 base"; a capitalised variant stays ("Gemma 2 Instruct and Gemma 2 Base")."""
    from kg.extract.names import find_names

    assert [s.text for s in find_names("the Qwen2.5 base and instruct checkpoints")] == ["Qwen2.5"]
    assert [s.text for s in find_names("Gemma 2 Instruct and Gemma 2 Base")] == ["Gemma 2 Instruct", "Gemma 2 Base"]
