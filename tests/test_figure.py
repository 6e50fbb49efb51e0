"""Static lineage figures (kg viz --format svg/png/pdf): layout source, rendering, selection, errors."""

from __future__ import annotations

import re
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KgError
from kg.viz.figure import DOT_MISSING, lineage_dot, select_figure, write_figure

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot (apt-get install graphviz)")


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    models = {
        "m/llama": ("LLaMA", "2023-02", ["LLaMA"], ["Meta"]),
        "m/llama-2": ("LLaMA 2", "2023-07", ["LLaMA"], ["Meta"]),
        "m/alpaca": ("Alpaca", "2023-03", [], ["Stanford"]),
        "m/qwen": ("通义千问", "2023-08", ["Qwen"], ["阿里巴巴"]),
        "m/qwen-2": ('Qwen2 "<b>"', "2024-06", ["Qwen"], ["阿里巴巴"]),
        "m/distill": ("R1-Distill-Qwen-7B", "", [], []),
    }
    for iri, (label, date, series, dev) in models.items():
        g.add_node(iri, **{"class": "Model", "label": label, "releaseDate": date, "series": series,
                           "developer": dev})
    for s, o, k in [("m/llama-2", "m/llama", "successorOf"), ("m/alpaca", "m/llama", "fineTunedFrom"),
                    ("m/qwen-2", "m/qwen", "successorOf"), ("m/distill", "m/qwen-2", "distilledFrom")]:
        g.add_edge(s, o, key=k, kind=k, evidence=[])
    return g


def test_dot_source_layers_by_year_groups_families_and_escapes_labels() -> None:
    src = lineage_dot(_graph(), title="Families")
    assert "y2023 -> y2024 -> y2025 [style=invis];" in src  # the year column
    assert re.search(r"subgraph cluster_\d+ \{ label=\"LLaMA\"", src)
    assert re.search(r"subgraph cluster_\d+ \{ label=\"Qwen\"", src)
    assert "通义千问" in src
    assert "Qwen2 &quot;&lt;b&gt;&quot;" in src and '<b>"' not in src.replace("<B>", "")  # label escaped
    # older model -> newer model, coloured and styled by kind
    assert src.count("style=dashed") == 1 and src.count("style=solid") == 3
    # the legend lists the kinds present, and only those
    assert "successor of" in src and "fine-tuned from" in src and "distilled from" in src
    assert "quantized from" not in src


def test_selection_by_family_and_since() -> None:
    g = _graph()
    assert select_figure(g, family="llama") == ["m/llama", "m/llama-2"]  # Alpaca is in no LLaMA series
    assert select_figure(g, family="阿里巴巴") == ["m/qwen", "m/qwen-2"]
    since = select_figure(g, since="2023-07")
    assert "m/llama" not in since and "m/alpaca" not in since
    assert {"m/llama-2", "m/qwen", "m/qwen-2", "m/distill"} <= set(since)  # undated, linked to a kept model


@needs_dot
def test_svg_png_pdf_render_deterministically(tmp_path: Path) -> None:
    g = _graph()
    svg, n = write_figure(tmp_path / "a.svg", g, title="Families")
    assert n == 6
    root = ET.parse(svg).getroot()
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "通义千问" in texts and "LLaMA 2" in texts and "Families" in texts and "2023" in texts
    again, _ = write_figure(tmp_path / "b.svg", g, title="Families")
    assert svg.read_bytes() == again.read_bytes()
    png, _ = write_figure(tmp_path / "a.png", g)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf1, _ = write_figure(tmp_path / "a.pdf", g)
    time.sleep(1.05)  # cairo stamps the wall clock's second into the PDF: the two renders straddle one
    pdf2, _ = write_figure(tmp_path / "b.pdf", g)
    assert pdf1.read_bytes()[:5] == b"%PDF-" and pdf1.read_bytes() == pdf2.read_bytes()


def test_missing_dot_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot here
    with pytest.raises(KgError, match="apt-get install graphviz"):
        write_figure(tmp_path / "a.svg", _graph())
    assert "brew install graphviz" in DOT_MISSING


def test_bad_format_and_empty_selection_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="a figure is one of svg, png, pdf"):
        write_figure(tmp_path / "a.gif", _graph())
    with pytest.raises(KgError, match="nothing to draw"):
        write_figure(tmp_path / "a.svg", _graph(), family="Mistral")


@needs_dot
def test_cli_writes_a_figure_of_the_default_build(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.pipeline import build

    repo = Path(__file__).resolve().parents[1]
    store = tmp_path / "store"
    build([repo / "sources"], store)
    out = tmp_path / "fig.svg"
    r = CliRunner().invoke(cli, ["viz", "--format", "svg", "-o", str(out), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert re.search(r"Wrote .*fig\.svg: \d+ models", r.output)
    ET.parse(out)
    r = CliRunner().invoke(cli, ["viz", "-o", str(tmp_path / "q.png"), "--family", "DeepSeek", "--since", "2024",
                                 "--store", str(store)])
    assert r.exit_code == 0 and (tmp_path / "q.png").read_bytes()[:4] == b"\x89PNG", r.output
    r = CliRunner().invoke(cli, ["viz", "--family", "DeepSeek", "-o", str(tmp_path / "x.html"), "--store", str(store)])
    assert r.exit_code != 0 and "select a figure" in r.output
    r = CliRunner().invoke(cli, ["viz", "--format", "svg", "--since", "soon", "-o", str(out), "--store", str(store)])
    assert r.exit_code != 0 and "is not a date" in r.output
