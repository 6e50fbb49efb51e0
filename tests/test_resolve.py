"""Entity resolution: spellings of one model collapse, different models stay apart."""

import pytest

from kg.model import Claim, Mention, Provenance, Value
from kg.resolve import model_key, resolve_entities


@pytest.mark.parametrize("a,b", [("LLaMA2", "LLaMA-2"), ("LLaMA-2", "Llama 2"), ("Llama 2", "LLaMA 2.0"), ("LLAMA-2", "LLaMA2")])
def test_same_model(a, b):
    assert model_key(a) == model_key(b)


@pytest.mark.parametrize("a,b", [
    ("GPT-4", "GPT-4o"), ("GPT-4o", "GPT-4o mini"), ("o1", "o1-mini"), ("Qwen", "QwQ"),
    ("Claude 3", "Claude 3.5 Sonnet"), ("Qwen2", "Qwen2.5"), ("LLaMA 3", "LLaMA 3.1"),
])
def test_different_models(a, b):
    assert model_key(a) != model_key(b)


def test_resolution_keeps_all_spellings():
    p = Provenance("d.md", 1, "q", "test")
    claims = [Claim(Mention(t, "Model"), "type", Value("Model", "class"), p) for t in ("LLaMA2", "Llama 2", "LLaMA 2")]
    claims.append(Claim(Mention("阿里云", "Organization"), "type", Value("Organization", "class"), p))
    res = resolve_entities(claims)
    models = [e for e in res.entities.values() if e.cls == "Model"]
    assert len(models) == 1
    assert {models[0].label, *models[0].alt_labels} == {"LLaMA2", "Llama 2", "LLaMA 2"}
    orgs = [e for e in res.entities.values() if e.cls == "Organization"]
    assert orgs[0].label == "Alibaba Cloud"
