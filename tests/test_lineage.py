"""Lineage views over a small hand-made graph: read, walk, path, rank, problems, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.errors import EntityNotFound
from kg.lineage import (
    NoLineagePath,
    ancestors,
    descendants,
    lineage_graph,
    lineage_graph_from_edges,
    lineage_path,
    lineage_problems,
    lineage_tree,
    parse_kinds,
    rank_models,
    rank_organizations,
    rank_techniques,
)

ID = "https://w3id.org/llmkg/id/"

#: LLaMA family + a cycle (X <-> Y, X self-loop) + an isolated model + hostile labels.
TTL = r"""
@prefix llm: <https://w3id.org/llmkg/vocab#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@base <https://w3id.org/llmkg/id/> .

<organization/meta> a llm:Organization ; rdfs:label "Meta"@en .
<organization/stanford> a llm:Organization ; rdfs:label "Stanford"@en .
<technique/rope> a llm:Technique ; rdfs:label "RoPE"@en .
<technique/rlhf> a llm:Technique ; rdfs:label "RLHF"@en .

<model/llama> a llm:Model ; rdfs:label "LLaMA"@en ; llm:developer <organization/meta> ;
    llm:releaseDate "2023-02"^^xsd:gYearMonth ; llm:usesTechnique <technique/rope> ;
    llm:parameters 7000000000 , 65000000000 .
<model/llama-2> a llm:Model ; rdfs:label "LLaMA 2"@en ; skos:altLabel "Llama-2"@en , "羊驼2"@zh ;
    llm:developer <organization/meta> ; llm:releaseDate "2023-07"^^xsd:gYearMonth ;
    llm:usesTechnique <technique/rope> , <technique/rlhf> ; llm:successorOf <model/llama> .
<model/alpaca> a llm:Model ; rdfs:label "Alpaca"@en ; llm:developer <organization/stanford> ;
    llm:fineTunedFrom <model/llama> ; llm:derivedFrom <model/llama> .
<model/vicuna> a llm:Model ; rdfs:label "Vicuna"@en ; llm:fineTunedFrom <model/llama> .
<model/tiny> a llm:Model ; rdfs:label "Tiny\u001b[31mRED"@en ; skos:altLabel "tiny"@en ;
    llm:distilledFrom <model/llama-2> .
<model/loner> a llm:Model ; rdfs:label "Loner"@en .
<model/x> a llm:Model ; rdfs:label "X"@en ; llm:derivedFrom <model/y> , <model/x> .
<model/y> a llm:Model ; rdfs:label "Y [bold red]markup[/]"@en ; skos:altLabel "ymodel"@en ;
    llm:derivedFrom <model/x> .

<doc/a> a llm:Document ; llm:path "000_a.txt" ; dcterms:title "A" .
<claim/1> a llm:Claim ; rdf:subject <model/llama-2> ; rdf:predicate llm:successorOf ;
    rdf:object <model/llama> ; prov:wasDerivedFrom <doc/a> ; llm:line 12 ;
    llm:quote "LLaMA 2 is the successor of LLaMA" .
<claim/2> a llm:Claim ; rdf:subject <model/alpaca> ; rdf:predicate llm:fineTunedFrom ;
    rdf:object <model/llama> ; prov:wasDerivedFrom <doc/a> ; llm:line 20 ;
    llm:quote "Alpaca, fine-tuned from LLaMA \u001b[2J[red]boom[/red]" .
<claim/3> a llm:Claim ; rdf:subject <model/alpaca> ; rdf:predicate llm:fineTunedFrom ;
    rdf:object <model/llama> ; prov:wasDerivedFrom <doc/a> ; llm:line 30 ;
    llm:quote "Alpaca (LLaMA fine-tune)" .
"""


def make_store(tmp_path: Path, ttl: str = TTL) -> Path:
    """A real store folder (snapshot + current pointer) holding ``ttl``."""
    import pyoxigraph

    from kg.graph.store import StoreDir

    sd = StoreDir(tmp_path / "store")
    with sd.new_snapshot() as (_, store):
        store.load(ttl.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
    return sd.path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("lineage"))


@pytest.fixture(scope="module")
def graph(store_dir: Path):
    from kg.graph.store import open_read

    return lineage_graph(open_read(store_dir), include=("orgs", "techniques"))


def m(name: str) -> str:
    return f"{ID}model/{name}"


class TestLineageGraph:
    def test_edges_child_to_parent_with_kind(self, graph) -> None:
        assert graph.has_edge(m("llama-2"), m("llama"), key="successorOf")
        assert graph.has_edge(m("alpaca"), m("llama"), key="fineTunedFrom")
        assert graph.has_edge(m("alpaca"), m("llama"), key="derivedFrom")

    def test_node_facts(self, graph) -> None:
        n = graph.nodes[m("llama-2")]
        assert n["label"] == "LLaMA 2" and n["class"] == "Model"
        assert n["labels"][0] == "LLaMA 2" and "羊驼2" in n["labels"]
        assert n["releaseDate"] == "2023-07"
        assert n["developer"] == ["Meta"]
        assert sorted(n["usesTechnique"]) == ["RLHF", "RoPE"]
        assert graph.nodes[m("llama")]["parameters"] == [7000000000, 65000000000]

    def test_evidence(self, graph) -> None:
        ev = graph.edges[m("alpaca"), m("llama"), "fineTunedFrom"]["evidence"]
        assert [(e["path"], e["line"]) for e in ev] == [("000_a.txt", 20), ("000_a.txt", 30)]
        assert graph.edges[m("alpaca"), m("llama"), "derivedFrom"]["evidence"] == []

    def test_include_nodes_are_not_lineage(self, graph) -> None:
        assert graph.nodes[f"{ID}organization/meta"]["class"] == "Organization"
        assert graph.has_edge(m("llama"), f"{ID}organization/meta", key="developer")
        assert f"{ID}organization/meta" not in ancestors(graph, m("llama"))

    def test_without_include(self, store_dir: Path) -> None:
        from kg.graph.store import open_read

        g = lineage_graph(open_read(store_dir))
        assert {d["class"] for _, d in g.nodes(data=True)} == {"Model"}

    def test_unknown_include(self, store_dir: Path) -> None:
        from kg.graph.store import open_read

        with pytest.raises(ValueError, match="unknown --include"):
            lineage_graph(open_read(store_dir), include=("planets",))


class TestParseKinds:
    def test_short_and_full_names(self) -> None:
        assert parse_kinds("successor, fineTunedFrom") == {"successorOf", "fineTunedFrom"}

    def test_derived_includes_subkinds(self) -> None:
        assert {"derivedFrom", "fineTunedFrom", "distilledFrom"} <= parse_kinds("derived")
        assert "successorOf" not in parse_kinds("derived")

    def test_unknown(self) -> None:
        with pytest.raises(ValueError, match="unknown lineage kind"):
            parse_kinds("cousin")

    def test_none_is_all(self) -> None:
        assert parse_kinds(None) is None and parse_kinds("") is None


class TestAncestors:
    def test_all(self, graph) -> None:
        assert ancestors(graph, m("tiny")) == {m("llama-2"): 1, m("llama"): 2}

    def test_depth(self, graph) -> None:
        assert ancestors(graph, m("tiny"), depth=1) == {m("llama-2"): 1}

    def test_kinds(self, graph) -> None:
        assert ancestors(graph, m("tiny"), kinds=parse_kinds("distill")) == {m("llama-2"): 1}

    def test_cycle_and_self_loop_terminate(self, graph) -> None:
        assert ancestors(graph, m("x")) == {m("y"): 1}

    def test_unknown_node(self, graph) -> None:
        with pytest.raises(EntityNotFound):
            ancestors(graph, m("nope"))


class TestDescendants:
    def test_all(self, graph) -> None:
        assert descendants(graph, m("llama")) == {
            m("llama-2"): 1, m("alpaca"): 1, m("vicuna"): 1, m("tiny"): 2}

    def test_kind_filter(self, graph) -> None:
        assert set(descendants(graph, m("llama"), kinds=parse_kinds("finetune"))) == {
            m("alpaca"), m("vicuna")}

    def test_isolated(self, graph) -> None:
        assert descendants(graph, m("loner")) == {}


class TestLineageTree:
    def test_down_tree_merges_parallel_kinds(self, graph) -> None:
        t = lineage_tree(graph, m("llama"), "down")
        kids = {c["id"]: c for c in t["children"]}
        assert set(kids) == {m("llama-2"), m("alpaca"), m("vicuna")}
        assert [e["kind"] for e in kids[m("alpaca")]["edges"]] == ["fineTunedFrom", "derivedFrom"]
        assert kids[m("llama-2")]["children"][0]["id"] == m("tiny")

    def test_cycle_marked(self, graph) -> None:
        t = lineage_tree(graph, m("x"), "up")
        (y,) = t["children"]
        assert y["id"] == m("y") and y["children"][0]["cycle"] is True

    def test_both(self, graph) -> None:
        t = lineage_tree(graph, m("llama-2"), "both")
        assert [c["id"] for c in t["ancestors"]] == [m("llama")]
        assert [c["id"] for c in t["descendants"]] == [m("tiny")]

    def test_depth(self, graph) -> None:
        t = lineage_tree(graph, m("llama"), "down", depth=1)
        assert all(c["children"] == [] for c in t["children"])


class TestLineagePath:
    def test_up_then_down(self, graph) -> None:
        hops = lineage_path(graph, m("alpaca"), m("tiny"))
        assert [(h["from"]["id"], h["direction"], h["to"]["id"]) for h in hops] == [
            (m("alpaca"), "up", m("llama")), (m("llama"), "down", m("llama-2")),
            (m("llama-2"), "down", m("tiny"))]
        assert hops[0]["edges"][0]["kind"] == "fineTunedFrom"
        assert hops[0]["edges"][0]["evidence"][0]["line"] == 20

    def test_same_node(self, graph) -> None:
        assert lineage_path(graph, m("llama"), m("llama")) == []

    def test_no_path(self, graph) -> None:
        with pytest.raises(NoLineagePath):
            lineage_path(graph, m("llama"), m("loner"))

    def test_kind_filter_can_cut_path(self, graph) -> None:
        with pytest.raises(NoLineagePath):
            lineage_path(graph, m("alpaca"), m("tiny"), kinds=parse_kinds("finetune"))

    def test_cycle(self, graph) -> None:
        assert len(lineage_path(graph, m("x"), m("y"))) == 1


class TestRank:
    def test_descendants(self, graph) -> None:
        ranked = rank_models(graph, "descendants")
        assert ranked[0] == (m("llama"), 4.0)
        assert m("loner") not in dict(ranked)

    def test_pagerank_favours_base(self, graph) -> None:
        scores = dict(rank_models(graph, "pagerank", top=None))
        assert scores[m("llama")] > scores[m("alpaca")]
        assert m("loner") not in scores

    def test_betweenness(self, graph) -> None:
        assert rank_models(graph, "betweenness")[0][0] == m("llama-2")

    def test_bad_by(self, graph) -> None:
        with pytest.raises(ValueError):
            rank_models(graph, "fame")  # type: ignore[arg-type]

    def test_organizations_and_techniques(self, graph) -> None:
        assert rank_organizations(graph)[0] == (f"{ID}organization/meta", "Meta", 2)
        assert rank_techniques(graph)[0][1:] == ("RoPE", 2)


class TestProblems:
    def test_listed(self, graph) -> None:
        probs = lineage_problems(graph)
        kinds = sorted(p["problem"] for p in probs)
        assert kinds == ["cycle", "duplicate", "self-loop"]
        dup = next(p for p in probs if p["problem"] == "duplicate")
        assert dup["labels"] == ["Alpaca", "LLaMA"] and dup["kinds"] == ["derivedFrom", "fineTunedFrom"]

    def test_clean_graph(self) -> None:
        assert lineage_problems(lineage_graph_from_edges([("b", "a", "finetune")])) == []

    def test_long_cycle(self) -> None:
        g = lineage_graph_from_edges([(str(i), str((i + 1) % 50), "derived") for i in range(50)])
        (p,) = lineage_problems(g)
        assert p["problem"] == "cycle" and len(p["nodes"]) == 50
        assert len(descendants(g, "0")) == 49


# ---------------------------------------------------------------- CLI

def run(*args: str) -> tuple[int, str]:
    from kg.cli import cli
    from kg.errors import KgError

    res = CliRunner().invoke(cli, list(args))
    if isinstance(res.exception, KgError):
        return res.exception.exit_code, str(res.exception)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


class TestCli:
    def test_lineage_tree_text(self, store_dir: Path) -> None:
        code, out = run("lineage", "llama", "--down", "--store", str(store_dir))
        assert code == 0
        assert "LLaMA 2" in out and "fine-tuned from" in out and "000_a.txt:12" in out
        assert "\x1b" not in out and "\\x1b[31m" in out

    def test_lineage_any_label(self, store_dir: Path) -> None:
        code, out = run("lineage", "llama2", "--up", "--store", str(store_dir))
        assert code == 0 and "successor of" in out

    def test_lineage_json(self, store_dir: Path) -> None:
        code, out = run("lineage", "Llama-2", "--both", "--format", "json", "--store", str(store_dir))
        data = json.loads(out)
        assert data["ancestors"][0]["label"] == "LLaMA"

    def test_lineage_kind_and_depth(self, store_dir: Path) -> None:
        code, out = run("lineage", "llama", "--down", "--kind", "finetune", "--depth", "1",
                        "--format", "json", "--store", str(store_dir))
        assert {c["label"] for c in json.loads(out)["children"]} == {"Alpaca", "Vicuna"}

    def test_bad_kind(self, store_dir: Path) -> None:
        code, out = run("lineage", "llama", "--kind", "cousin", "--store", str(store_dir))
        assert code == 2 and "cousin" in out

    def test_markup_and_escapes_are_text(self, store_dir: Path) -> None:
        code, out = run("lineage", "alpaca", "--quotes", "--store", str(store_dir))
        assert "[red]boom[/red]" in out and "\x1b" not in out
        code, out = run("lineage", "ymodel", "--store", str(store_dir))
        assert "Y [bold red]markup[/]" in out and "cycle" in out

    def test_unknown_entity(self, store_dir: Path) -> None:
        code, msg = run("lineage", "GPT-17", "--store", str(store_dir))
        assert code == 5

    def test_org_is_not_a_model(self, store_dir: Path) -> None:
        code, msg = run("lineage", "Stanford", "--store", str(store_dir))
        assert code == 5 and "not a model" in msg

    def test_path(self, store_dir: Path) -> None:
        code, out = run("path", "alpaca", "tiny", "--store", str(store_dir))
        assert code == 0
        assert out.index("Alpaca") < out.index("LLaMA 2") < out.index("Tiny")
        assert "Alpaca (LLaMA fine-tune)" in out

    def test_path_json_and_none(self, store_dir: Path) -> None:
        code, out = run("path", "vicuna", "alpaca", "--format", "json", "--store", str(store_dir))
        assert [h["direction"] for h in json.loads(out)] == ["up", "down"]
        code, msg = run("path", "llama", "loner", "--store", str(store_dir))
        assert code == 1 and "no lineage path" in msg

    def test_rank(self, store_dir: Path) -> None:
        code, out = run("rank", "--store", str(store_dir))
        assert code == 0 and "LLaMA" in out and "Meta" in out and "RoPE" in out
        code, out = run("rank", "--by", "pagerank", "--format", "json", "--store", str(store_dir))
        assert json.loads(out)["models"][0]["score"] > 0

    def test_no_store(self, tmp_path: Path) -> None:
        code, msg = run("lineage", "llama", "--store", str(tmp_path / "none"))
        assert code == 3
