"""`kg viz` HTML without a browser: offline, escaped, laid out without overlaps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.lineage import lineage_graph, lineage_graph_from_edges
from kg.viz import PHYSICS_LIMIT, label_width, layered_positions, lineage_html, lineage_network

XSS = "<img src=x onerror=alert(1)>"
QUOTE_XSS = '</script><script>window.__xss=1</script> <a href="javascript:alert(2)">x</a>'

TTL = r"""
@prefix llm: <https://w3id.org/llmkg/vocab#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/llmkg/id/> .
<organization/meta> a llm:Organization ; rdfs:label "Meta"@en .
<model/llama> a llm:Model ; rdfs:label "LLaMA"@en ; llm:developer <organization/meta> ;
    llm:releaseDate "2023-02"^^xsd:gYearMonth .
<model/llama-2> a llm:Model ; rdfs:label "LLaMA 2"@en ; skos:altLabel "羊驼2"@zh ;
    llm:releaseDate "2023-07"^^xsd:gYearMonth ; llm:successorOf <model/llama> .
<model/evil> a llm:Model ; rdfs:label "<img src=x onerror=alert(1)>"@en ;
    skos:altLabel "href=javascript:alert(3)"@en ; llm:fineTunedFrom <model/llama> .
<model/qwen> a llm:Model ; rdfs:label "Qwen"@en ; rdfs:label "通义千问"@zh .
<model/qwen-2> a llm:Model ; rdfs:label "Qwen2"@en ; llm:successorOf <model/qwen> .
<doc/x> a llm:Document ; llm:path "001_<b>x</b>.txt" .
<claim/1> a llm:Claim ; rdf:subject <model/evil> ; rdf:predicate llm:fineTunedFrom ;
    rdf:object <model/llama> ; prov:wasDerivedFrom <doc/x> ; llm:line 3 ;
    llm:quote "</script><script>window.__xss=1</script> <a href=\"javascript:alert(2)\">x</a>" .
"""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pyoxigraph

    from kg.graph.store import StoreDir

    sd = StoreDir(tmp_path_factory.mktemp("viz") / "store")
    with sd.new_snapshot() as (_, store):
        store.load(TTL.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
    return sd.path


@pytest.fixture(scope="module")
def graph(store_dir: Path):
    from kg.graph.store import open_read

    return lineage_graph(open_read(store_dir), include=("orgs",))


@pytest.fixture(scope="module")
def page(graph) -> str:
    return lineage_html(graph)


def island(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


class TestOffline:
    def test_no_remote_src_or_href(self, page: str) -> None:
        for attr in re.findall(r'\b(?:src|href)\s*=\s*["\']?([^"\'\s>]+)', page, re.I):
            assert not attr.lower().startswith(("http:", "https:", "//")), attr
        assert not re.search(r"<(?:script|link|img|iframe)[^>]*\b(?:src|href)=", page, re.I)

    def test_no_cdn_or_bootstrap(self, page: str) -> None:
        for host in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "googleapis"):
            assert host not in page

    def test_only_licence_and_namespace_urls_remain(self, page: str) -> None:
        # vis-network keeps its licence comments and the SVG namespace name; neither is fetched
        allowed = ("http://www.w3.org/2000/svg", "http://almende.com", "http://opensource.org/",
                   "http://www.apache.org/licenses/", "https://github.com/", "https://visjs.github.io/")
        for url in re.findall(r"https?://[^\s\"'<>)]+", page):
            assert url.startswith(allowed), url

    def test_csp_forbids_network_and_inline_handlers(self, page: str) -> None:
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
        assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
        assert csp.count("'sha256-") == 2

    def test_three_scripts_all_inline(self, page: str) -> None:
        from html.parser import HTMLParser

        tags: list[tuple[str, dict]] = []

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):  # script bodies are not parsed as tags
                if tag in ("script", "link", "img", "iframe", "object", "embed"):
                    tags.append((tag, dict(attrs)))

        P().feed(page)
        assert tags == [("script", {"type": "application/json", "id": "kg-data"}),
                        ("script", {}), ("script", {})]

    def test_cli_writes_only_the_html(self, store_dir: Path, tmp_path: Path, monkeypatch) -> None:
        from kg.cli import cli

        monkeypatch.chdir(tmp_path)
        res = CliRunner().invoke(cli, ["viz", "--store", str(store_dir)])
        assert res.exit_code == 0, res.output
        assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
            "exports", "exports/lineage.html"]
        assert not (tmp_path / "lib").exists()


class TestEscaping:
    def test_raw_markup_absent(self, page: str) -> None:
        assert XSS not in page
        assert "window.__xss=1</script>" not in page
        assert "<b>x</b>" not in page

    def test_text_round_trips_in_json(self, page: str) -> None:
        data = island(page)
        labels = {n["label"] for n in data["nodes"]}
        assert XSS in labels
        titles = " ".join(e["title"] for e in data["edges"])
        assert QUOTE_XSS in titles and "001_<b>x</b>.txt:3" in titles

    def test_titles_are_plain_strings(self, page: str) -> None:
        # vis-network shows string titles with innerText; an Element would be trusted HTML
        data = island(page)
        assert all(isinstance(x.get("title"), str) for x in data["nodes"] + data["edges"])

    def test_heading_escaped(self, graph) -> None:
        page = lineage_html(graph, title="<script>alert(1)</script>")
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page

    def test_no_innerhtml_in_page_script(self) -> None:
        js = (Path(__file__).parents[1] / "kg" / "viz" / "lineage.js").read_text()
        code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
        assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "eval(" not in code


class TestContent:
    def test_nodes_and_styles(self, graph) -> None:
        net = lineage_network(graph)
        ids = {n["id"] for n in net.nodes}
        assert {"model/llama", "model/llama-2", "model/evil", "model/qwen", "organization/meta"} <= ids
        by_id = {n["id"]: n for n in net.nodes}
        assert by_id["model/llama"]["shape"] == "box" and by_id["organization/meta"]["shape"] == "diamond"
        assert "羊驼2" in by_id["model/llama-2"]["labels"]
        kinds = {e["kind"] for e in net.edges}
        assert {"successorOf", "fineTunedFrom", "developer"} <= kinds

    def test_seed_neighbourhood(self, graph) -> None:
        net = lineage_network(graph, seeds=["https://w3id.org/llmkg/id/model/qwen"])
        assert {n["id"] for n in net.nodes} == {"model/qwen", "model/qwen-2"}

    def test_legend_lists_kinds(self, page: str) -> None:
        legend = page.split('id="kg-legend">')[1].split("</section>")[0]
        assert "fine-tuned from" in legend and "successor of" in legend and "Organization" in legend

    def test_oldest_on_top(self, graph) -> None:
        pos = {n["id"]: (n["x"], n["y"]) for n in lineage_network(graph).nodes}
        assert pos["model/llama"][1] < pos["model/llama-2"][1]
        assert pos["model/llama"][1] < pos["model/evil"][1]

    def test_physics_only_for_small_force_layouts(self, graph) -> None:
        assert island(lineage_html(graph, layout="force"))["options"]["physics"]["enabled"] is True
        assert island(lineage_html(graph))["options"]["physics"]["enabled"] is False
        big = lineage_graph_from_edges([(f"n{i}", f"n{i // 3}", "finetune") for i in range(1, PHYSICS_LIMIT + 5)])
        data = island(lineage_html(big, layout="force"))
        assert data["options"]["physics"]["enabled"] is False
        assert all("x" in n for n in data["nodes"])


class TestLayout:
    @staticmethod
    def overlaps(pos, widths, height: float = 30.0) -> list:
        items = sorted(pos.items(), key=lambda kv: (kv[1][1], kv[1][0]))
        bad = []
        for i, (a, (xa, ya)) in enumerate(items):
            for b, (xb, yb) in items[i + 1:]:
                if yb - ya >= height:
                    break
                if abs(xa - xb) < (widths[a] + widths[b]) / 2:
                    bad.append((a, b))
        return bad

    def test_no_overlap_and_parents_above(self) -> None:
        import random

        rnd = random.Random(1)
        edges, labels, dates = [], {}, {}
        for i in range(1, 400):
            labels[f"n{i}"] = "M" * rnd.randint(2, 25)
            dates[f"n{i}"] = f"{2019 + i // 80}-{rnd.randint(1, 12):02d}"
            edges.append((f"n{rnd.randint(max(0, i - 30), i - 1)}", f"n{i}"))
        edges.append(("n5", "n5"))  # self-loop
        edges.append(("n20", "n3"))  # back edge: a cycle
        nodes = ["n0"] + list(labels)
        widths = {n: label_width(labels.get(n, n)) + 22 for n in nodes}
        pos = layered_positions(nodes, edges, widths, dates)
        assert set(pos) == set(nodes)
        assert self.overlaps(pos, widths) == []
        above = sum(pos[u][1] < pos[v][1] for u, v in edges if u != v)
        assert above >= len(edges) - 3  # only cycle edges may point up

    def test_many_leaves_wrap(self) -> None:
        nodes = ["root"] + [f"c{i}" for i in range(30)]
        widths = dict.fromkeys(nodes, 80.0)
        pos = layered_positions(nodes, [("root", f"c{i}") for i in range(30)], widths, max_leaf_row=6)
        assert len({y for n, (_, y) in pos.items() if n != "root"}) == 5
        assert self.overlaps(pos, widths) == []
