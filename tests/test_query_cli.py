"""`kg query` / `kg queries` through the real CLI entry point (output, errors, hostile values)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> str:
    import pyoxigraph

    from kg.graph.store import StoreDir

    path = tmp_path_factory.mktemp("cli-store")
    with StoreDir(path).new_snapshot() as (_, st):
        st.load(path=str(DATA / "mini.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return str(path)




ECHO = "SELECT ?v WHERE { }"
HOSTILE = [
    'x" || true || "',
    "x' } UNION { ?s ?p ?o } #",
    "> <http://evil.example/> <",
    "line one\nline two\r\n",
    "{ } \\ \\\" \\u0022",
    "模型 ünïcødé 🦙",
    "?s ?p ?o",
]


def test_table_csv_tsv_json(kg_cli, store_path):
    code, out, _ = kg_cli("query", "derivatives", "--param", "model=LLaMA", "--store", store_path)
    assert code == 0 and "Vicuna GPTQ" in out and "quantizedFrom" in out and "3 rows" in out
    code, out, _ = kg_cli("query", "derivatives", "--param", "model=LLaMA", "--store", store_path, "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "model,derivative,derivativeLabel,kind,builtOn,builtOnLabel"
    assert lines[1].startswith("https://w3id.org/llmkg/id/model/llama,https://w3id.org/llmkg/id/model/alpaca,Alpaca")
    code, out, _ = kg_cli("query", "derivatives", "--param", "model=LLaMA", "--store", store_path, "--format", "tsv")
    assert out.splitlines()[3].split("\t")[3] == "quantizedFrom"
    code, out, _ = kg_cli("query", "derivatives", "--param", "model=LLaMA", "--store", store_path, "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"][0] == "model"
    assert doc["results"]["bindings"][0]["derivativeLabel"] == {"type": "literal", "value": "Alpaca",
                                                                 "xml:lang": "en"}


def test_ask_construct_describe(kg_cli, store_path):
    assert kg_cli("query", "-e", "ASK { ?m a llm:Model }", "--store", store_path)[1].strip() == "true"
    code, out, _ = kg_cli("query", "-e",
                      "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m llm:developer org:openai ; rdfs:label ?l }",
                      "--store", store_path)
    assert code == 0 and '"GPT-4"@en' in out and "@prefix" in out
    code, out, _ = kg_cli("query", "-e", "DESCRIBE model:gpt-3", "--store", store_path)
    assert code == 0 and "175000000000" in out


def test_query_file(kg_cli, store_path, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("# just a comment\nSELECT (COUNT(*) AS ?n) WHERE { ?m a llm:Model }\n", encoding="utf-8")
    code, out, _ = kg_cli("query", str(f), "--store", store_path, "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "15"]


@pytest.mark.parametrize("value", HOSTILE)
def test_param_values_never_change_the_query(kg_cli, store_path, value):
    # bound as a term, the value comes back verbatim ...
    code, out, _ = kg_cli("query", "-e", ECHO, "--param", f"v={value}", "--store", store_path,
                      "--format", "json")
    assert code == 0
    assert json.loads(out)["results"]["bindings"] == [{"v": {"type": "literal", "value": value}}]
    # ... and matches nothing it should not
    code, out, _ = kg_cli("query", "-e",
                      "SELECT ?v ?e WHERE { ?e rdfs:label ?l FILTER(STR(?l) = ?v) }",
                      "--param", f"v={value}", "--store", store_path, "--format", "csv")
    assert code == 0 and out.splitlines() == ["v,e"]


def test_param_typing(kg_cli, store_path):
    code, out, _ = kg_cli("query", "-e", "SELECT ?i ?d ?b ?iri WHERE { }", "--param", "i=42",
                      "--param", "d=1.5", "--param", "b=true", "--param", "iri=<http://example.org/x>",
                      "--store", store_path, "--format", "json")
    row = json.loads(out)["results"]["bindings"][0]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert row["i"]["datatype"] == xsd + "integer" and row["d"]["datatype"] == xsd + "decimal"
    assert row["b"]["datatype"] == xsd + "boolean" and row["iri"] == {"type": "uri", "value": "http://example.org/x"}
    code, _, err = kg_cli("query", "-e", ECHO, "--param", "v=<not an iri>", "--store", store_path)
    assert code == 4 and "invalid IRI" in err


def test_csv_formula_safety(kg_cli, store_path):
    for fmt in ("csv", "tsv"):
        code, out, _ = kg_cli("query", "-e", "SELECT ?a ?b ?c ?d WHERE { }", "--param", "a==1+2",
                          "--param", "b=@SUM(A1)", "--param", "c=-5", "--param", "d=+cmd|' /C calc'!A0",
                          "--store", store_path, "--format", fmt)
        cells = out.splitlines()[1].split("," if fmt == "csv" else "\t")
        assert cells[0] == "'=1+2" and cells[1] == "'@SUM(A1)" and cells[2] == "-5"
        assert cells[3].startswith("'+cmd")


def test_no_terminal_or_markup_injection(kg_cli, store_path):
    evil = "\x1b[31mred\x1b]0;title\x07 [bold]b[/bold] \u202egnp.exe"
    code, out, _ = kg_cli("query", "-e", ECHO, "--param", f"v={evil}", "--store", store_path)
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b[31mred" in out and "[bold]b[/bold]" in out and "\\u202e" in out


def test_errors(kg_cli, store_path, tmp_path):
    code, _, err = kg_cli("query", "-e", "SELECT ?x WHERE { ?x ?p }", "--store", store_path)
    assert code == 4 and "invalid SPARQL" in err and "1:" in err and len(err.strip().splitlines()) == 1
    code, _, err = kg_cli("query", "no-such-query", "--store", store_path)
    assert code == 4 and "known queries:" in err and "derivatives" in err
    code, _, err = kg_cli("query", "derivatives", "--store", str(tmp_path / "empty"))
    assert code == 3 and "kg build" in err
    code, _, err = kg_cli("query", "derivatives", "--param", "model=lama2", "--store", store_path)
    assert code == 5 and "LLaMA 2" in err
    code, _, err = kg_cli("query", "-e", "SELECT ?a WHERE { }", "--param", "zz=1", "--store", store_path)
    assert code == 4 and "names no variable" in err
    code, _, err = kg_cli("query", "derivatives", "-e", ECHO, "--store", store_path)
    assert code == 4


def test_queries_lists_names_titles_params(kg_cli):
    code, out, _ = kg_cli("queries")
    assert code == 0 and "derivatives" in out and "model:entity:Model=DeepSeek-R1" in out
    code, out, _ = kg_cli("queries", "--format", "json")
    listed = json.loads(out)
    assert len(listed) >= 15 and all(q["title"] and q["examples"] for q in listed)
