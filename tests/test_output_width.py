"""Names, quotes and IRIs are never cut: whole lines to a pipe or file, wrapped on a narrow terminal."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

LONG = "Nemotron-Mini-Distill-Qwen2.5-Math-72B-Instruct"
DOC = (f"# Lineage\n\n{LONG} is distilled from DeepSeek-R1, which was released by DeepSeek in January 2025; "
       "the long quote goes on well past eighty columns so a cut would show.\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from kg.pipeline import build

    root = tmp_path_factory.mktemp("width")
    (root / "docs").mkdir()
    (root / "docs" / "a.md").write_text(DOC, encoding="utf-8")
    build([root / "docs"], root / "store", use_cache=False)
    return root / "store"


def _kg(*args: str) -> str:
    """Run the real CLI with stdout to a pipe (not a terminal), as `kg ... | cat` does."""
    r = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_lineage_to_a_pipe_keeps_whole_names_and_quotes(store: Path) -> None:
    out = _kg("lineage", "DeepSeek-R1", "--down", "--quotes", "--store", str(store))
    assert LONG in out
    assert "the long quote goes on well past eighty columns so a cut would show." in out
    assert all("…" not in line for line in out.splitlines())


def test_query_table_and_show_to_a_pipe_keep_whole_iris(store: Path) -> None:
    out = _kg("query", "ancestors", "--param", f"model={LONG}", "--store", str(store))
    assert LONG in out and "…" not in out
    assert "model:nemotron-mini-distill-qwen2.5-math-72b-instruct" in out
    out = _kg("show", LONG, "--store", str(store))
    assert LONG in out and "eighty columns so a cut would show" in out


def test_narrow_terminal_wraps_instead_of_cutting(store: Path) -> None:
    from rich.console import Console

    from kg.cli.lineage import _edge_text, _node_text
    from kg.cli.output import table

    buf = io.StringIO()
    con = Console(file=buf, width=30, force_terminal=False, highlight=False)
    con.print(_node_text({"label": LONG, "releaseDate": "2025-01", "developer": ["DeepSeek"]}))
    con.print(_edge_text([{"kind": "distilledFrom", "evidence": [
        {"quote": DOC.split("\n")[2], "path": "a.md", "line": 3}]}], True, "↓"))
    con.print(table("t", ["name"], [[LONG]]))
    text = buf.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 30
    squashed = re.sub(r"[\s│┃]", "", text)
    assert LONG in squashed  # folded over lines, every character kept
    assert "eightycolumnssoacutwouldshow" in squashed
