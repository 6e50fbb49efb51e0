"""Entity resolution: spellings of one model collapse, different models stay apart."""

import pytest

from kg.model import Claim, Mention, Provenance, Value
from kg.resolve import canonical_name, model_key, resolve_entities, slug

P = Provenance("d.md", 1, "q", "test")


@pytest.mark.parametrize("a,b", [
    ("LLaMA2", "LLaMA-2"), ("LLaMA-2", "Llama 2"), ("Llama 2", "LLaMA 2.0"), ("LLAMA-2", "LLaMA2"),
    # a family's first version is the family's model
    ("LLaMA-1", "LLaMA"), ("LLaMA 1.0", "LLaMA"), ("LLaMA1", "LLaMA"), ("Claude-v1", "Claude"), ("GPT-1", "GPT"),
    # a size after an unversioned family name in prose names that model
    ("LLaMA 13B", "LLaMA"), ("PaLM 540B", "PaLM"),
    ("DeepSeek-R1-Distill-Qwen32B", "DeepSeek-R1-Distill-Qwen-32B"), ("QWen32B", "Qwen-32B"),
])
def test_same_model(a, b):
    assert model_key(a) == model_key(b)


@pytest.mark.parametrize("a,b", [
    ("GPT-4", "GPT-4o"), ("GPT-4o", "GPT-4o mini"), ("o1", "o1-mini"), ("Qwen", "QwQ"),
    ("Claude 3", "Claude 3.5 Sonnet"), ("Qwen2", "Qwen2.5"), ("LLaMA 3", "LLaMA 3.1"),
    ("o1", "o"), ("o3", "o1"), ("GPT-4.1", "GPT-4"), ("Phi-1.5", "Phi"), ("Spark X1", "Spark"),
    # hyphenated sizes and listed official names are models of their own
    ("LLaMA-7B", "LLaMA"), ("Qwen-7B", "Qwen"), ("Mistral 7B", "Mistral"), ("Mistral-7B-v0.1", "Mistral-7B"),
    ("DeepSeek-V3", "DeepSeek-V3-Base"), ("Gemini 2.0", "Gemini 2.0 Flash"),
])
def test_different_models(a, b):
    assert model_key(a) != model_key(b)


def test_resolution_keeps_all_spellings():
    claims = [Claim(Mention(t, "Model"), "type", Value("Model", "class"), P) for t in ("LLaMA2", "Llama 2", "LLaMA 2")]
    claims.append(Claim(Mention("阿里云", "Organization"), "type", Value("Organization", "class"), P))
    res = resolve_entities(claims)
    models = [e for e in res.entities.values() if e.cls == "Model"]
    assert len(models) == 1
    assert {models[0].label, *models[0].alt_labels} == {"LLaMA2", "Llama 2", "LLaMA 2"}
    orgs = [e for e in res.entities.values() if e.cls == "Organization"]
    assert orgs[0].label == canonical_name("阿里云", "Organization")


@pytest.mark.parametrize("surface,canon", [
    ("讯飞星火认知大模型 V3.0", "讯飞星火 V3.0"), ("Llama 3", "LLaMA 3"), ("星火 4.0 Turbo", "Spark 4.0 Turbo"),
    ("文心 3.5", "ERNIE 3.5"),
])
def test_alias_with_version_takes_canonical_label(surface, canon):
    assert canonical_name(surface, "Model") == canon
    res = resolve_entities([Claim(Mention(surface, "Model"), "type", Value("Model", "class"), P)])
    (e,) = res.entities.values()
    assert e.label == canon and surface in e.alt_labels


def test_member_names_are_not_family_spellings():
    assert canonical_name("ChatGLM3-6B", "Model") is None  # ChatGLM is a GLM model, not "GLM" spelled otherwise


def test_self_loops_are_dropped_but_first_versions_keep_their_series():
    def c(s, p, o, cls="Model"):
        return Claim(Mention(s, "Model"), p, Mention(o, cls), P)
    res = resolve_entities([
        c("LLaMA 13B", "series", "LLaMA", "Series"), c("Claude", "series", "Claude", "Series"),
        c("LLaMA-1", "successorOf", "LLaMA"), c("GPT-1", "series", "GPT", "Series"),
        c("LLaMA 2", "successorOf", "LLaMA-1"),
    ])
    facts = {(res.entities[r.subject].label, r.predicate, res.entities[r.object].label) for r in res.claims}
    assert ("GPT-1", "series", "GPT") in facts
    assert len(facts) == 2 and any(p == "successorOf" for _, p, _ in facts)


def test_slug_is_stable():
    assert slug("LLaMA 2") == "llama-2" and slug("GPT-4o mini") == "gpt-4o-mini" and slug("文心一言") == "文心一言"


def test_label_is_the_entity_itself_not_a_merged_size_variant():
    from kg.model import Claim, Mention, Provenance, Value
    from kg.resolve import resolve_entities

    pv = Provenance("d", 1, "q", "t")
    claims = [Claim(Mention("LLaMA 7B", "Model"), "type", Value("Model", "class"), pv),
              Claim(Mention("LLaMA 7B", "Model"), "type", Value("Model", "class"), pv),
              Claim(Mention("LLaMA", "Model"), "type", Value("Model", "class"), pv)]
    (e,) = resolve_entities(claims).entities.values()
    assert e.label == "LLaMA" and "LLaMA 7B" in e.alt_labels
