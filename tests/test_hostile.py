"""Hostile folders and hostile labels: the build reports clearly, output escapes everything.

Why: a corpus folder can hold anything (symlink loops, sockets, FIFOs, files that cannot
be read, names that are not UTF-8, 50 000 empty files), and a label or quote can hold
anything a document author typed: ANSI escapes that repaint a terminal, bidi overrides
that reorder what a reader sees, HTML that runs in a browser, spreadsheet formulas.
Every place such text is shown is checked here, through the real commands.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from unittest import mock

import pytest

from kg.ingest import find_sources
from kg.pipeline import build

REPO = Path(__file__).resolve().parents[1]
GOOD = REPO / "sources" / "001_17985d20e695f627.txt"
ESC = "\x1b"

#: Model names an author could type; each must come out inert wherever it is shown.
HOSTILE_NAMES = {
    "ansi": f"Evil{ESC}[31mRed",
    "osc": f"Ti{ESC}]0;pwned{ESC}\\tle",
    "bidi": "Ev\u202eil-2",
    "formula_eq": "=1+2",
    "formula_at": "@SUM(A1)",
    "formula_plus": "+cmd!A0",
    "html": "&lt;script&gt;alert(1)&lt;/script&gt;",  # Markdown entity -> label <script>...
    "html_attr": '"\'&<x>',
    "markup": "[red]Markup[/red]",
}


def kg(*args: str, cwd: Path = REPO, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, **kw)


def _hostile_doc() -> str:
    # enough plain text that the few control characters stay under the binary-file threshold
    rows = "\n".join(f"| {name} | 7B | Meta | LLaMA |" for name in HOSTILE_NAMES.values())
    return ("# 模型列表\n\n以下模型都由 Meta 发布。" + "这一段是填充文字。" * 80 + "\n\n"
            "| 模型 | 参数 | 开发者 | 基础模型 |\n|---|---|---|---|\n" + rows + "\n")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    src = root / "src"
    src.mkdir()
    (src / "hostile.md").write_text(_hostile_doc(), encoding="utf-8")
    report = build([src], root / "store", use_cache=False)
    assert report.documents == 1 and not report.skipped, report.skipped
    return root / "store"


def _labels(store: Path) -> set[str]:
    from kg.graph.store import open_read

    st = open_read(store)
    return {r["l"].value for r in st.query(
        "SELECT ?l WHERE { ?m a <https://w3id.org/llmkg/vocab#Model> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")}


def test_hostile_labels_reach_the_graph(hostile_store) -> None:
    """Precondition of every test below: the hostile text really is in the store."""
    labels = _labels(hostile_store)
    for key in ("ansi", "bidi", "formula_eq", "formula_at", "formula_plus", "markup"):
        assert HOSTILE_NAMES[key] in labels, (key, labels)
    assert "<script>alert(1)</script>" in labels


def _assert_inert(text: str) -> None:
    assert ESC not in text, "raw ESC reached the terminal"
    for ch in ("\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\x07", "\x9b"):
        assert ch not in text, f"raw {ch!r} reached the terminal"


# ---------------------------------------------------------------- terminal
def test_show_escapes_labels_and_quotes(hostile_store) -> None:
    r = kg("show", "LLaMA", "--store", str(hostile_store))
    assert r.returncode == 0, r.stderr
    _assert_inert(r.stdout)
    assert "Evil\\x1b[31mRed" in r.stdout and "Ev\\u202eil-2" in r.stdout
    assert "[red]Markup[/red]" in r.stdout  # printed literally, not interpreted as markup


def test_show_of_the_hostile_entity_itself(hostile_store) -> None:
    r = kg("show", HOSTILE_NAMES["ansi"], "--store", str(hostile_store))
    assert r.returncode == 0, r.stderr
    _assert_inert(r.stdout)


def test_unknown_entity_suggestions_are_escaped(hostile_store) -> None:
    """The "did you mean" list is made of document labels: printed through main()."""
    r = kg("show", "EvilRed", "--store", str(hostile_store))
    assert r.returncode == 5
    _assert_inert(r.stderr)
    assert r.stderr.count("\n") == 1 and "did you mean" in r.stderr


def test_conflicts_escape_labels_and_quotes(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    name = f"Bad{ESC}[2JModel"
    pad = "说明文字。" * 80
    (src / "a.md").write_text(f"{pad}\n\n| 模型 | 开发者 | 发布时间 |\n|---|---|---|\n"
                              f"| {name} | Meta | 2023 年 5 月 |\n", encoding="utf-8")
    (src / "b.md").write_text(f"{pad}\n\n| 模型 | 开发者 | 发布时间 |\n|---|---|---|\n"
                              f"| {name} | Google | 2021 年 1 月 |\n", encoding="utf-8")
    report = build([src], tmp_path / "s", use_cache=False)
    assert report.conflicts >= 1, report
    r = kg("conflicts", "--store", str(tmp_path / "s"), "--all")
    assert r.returncode == 0, r.stderr
    assert "Bad\\x1b[2JModel" in r.stdout
    _assert_inert(r.stdout)


def test_build_skipped_lines_are_escaped_and_one_line_each(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(GOOD, src / "good.md")
    (src / f"evil{ESC}[31m\u202e.md").write_bytes(b"")  # empty: skipped, its name printed
    (src / "two\nlines.md").write_bytes(b"\x00\x01binary")
    bad_name = os.fsencode(src) + b"/latin1-\xe9.md"  # a name that is not UTF-8
    with open(bad_name, "wb") as fh:
        fh.write(GOOD.read_bytes())
    r = kg("build", str(src), "--store", str(tmp_path / "s"))
    assert r.returncode == 2, r.stderr
    _assert_inert(r.stderr)
    skipped = [line for line in r.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(skipped) == 3, r.stderr
    assert len(r.stderr.strip().splitlines()) == 3  # nothing else, no traceback
    assert any("latin1-\\xe9.md: file name is not valid UTF-8" in s for s in skipped), skipped
    assert any("two\\x0alines.md" in s for s in skipped), skipped


def test_table_output_of_stats_is_escaped(hostile_store) -> None:
    r = kg("stats", "--store", str(hostile_store))
    assert r.returncode == 0
    _assert_inert(r.stdout)


def test_query_table_csv_tsv_json_are_safe(hostile_store) -> None:
    q = ("SELECT ?l WHERE { ?m a llm:Model ; rdfs:label ?l } ORDER BY ?l")
    r = kg("query", "-e", q, "--store", str(hostile_store))
    assert r.returncode == 0, r.stderr
    _assert_inert(r.stdout)
    for fmt, delim in (("csv", ","), ("tsv", "\t")):
        r = kg("query", "-e", q, "--store", str(hostile_store), "--format", fmt)
        assert r.returncode == 0, r.stderr
        if fmt == "csv":
            cells = [row[0] for row in csv.reader(io.StringIO(r.stdout))][1:]
        else:  # TSV: no quoting, one row per line
            cells = [line.split(delim)[0] for line in r.stdout.splitlines()][1:]
        assert cells, r.stdout
        for c in cells:
            assert c[:1] not in ("=", "+", "-", "@", "\t", "\r"), f"{fmt}: formula cell {c!r}"
        assert "'=1+2" in cells and "'@SUM(A1)" in cells and "'+cmd!A0" in cells
    r = kg("query", "-e", q, "--store", str(hostile_store), "--format", "json")
    labels = {b["l"]["value"] for b in json.loads(r.stdout)["results"]["bindings"]}
    assert HOSTILE_NAMES["ansi"] in labels  # JSON keeps data exact (ESC as \\u001b)
    assert ESC not in r.stdout


def test_spreadsheet_safe_keeps_numbers() -> None:
    from kg.query.output import spreadsheet_safe

    assert spreadsheet_safe("-5") == "-5" and spreadsheet_safe("+1.5e3") == "+1.5e3"
    for cell in ("=HYPERLINK(\"http://x\")", "-2+3", "@x", "+x", "\t=1", "\r=1"):
        assert spreadsheet_safe(cell).startswith("'"), cell


# ---------------------------------------------------------------- HTML
def test_viz_html_escapes_hostile_labels(hostile_store, tmp_path) -> None:
    pytest.importorskip("kg.viz")
    out = tmp_path / "lineage.html"
    r = kg("viz", "-o", str(out), "--store", str(hostile_store))
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<x>" not in page
    assert ESC not in page.split("<script")[0]
    # the labels are there, escaped for their context (JSON island or HTML text)
    assert "alert(1)" in page


def test_endpoint_page_escapes_named_query_text(tmp_path, monkeypatch) -> None:
    """The endpoint page lists named queries: a hostile title or default is escaped."""
    app = pytest.importorskip("kg.serve.app")
    from kg.query import named

    qdir = tmp_path / "queries"
    qdir.mkdir()
    text = sorted((REPO / "queries").glob("*.rq"))[0].read_text(encoding="utf-8").splitlines()
    text[0] = "# title: <img src=x onerror=alert(1)> \"'&"
    (qdir / "evil.rq").write_text("\n".join(text) + "\n", encoding="utf-8")
    found = named.load_queries(qdir)
    assert any("onerror" in q.title for q in found.values())
    monkeypatch.setattr("kg.query.load_queries", lambda *a, **k: found)
    sent: dict = {}
    handler = app.Handler.__new__(app.Handler)
    handler.server = type("S", (), {"config": app.ServeConfig(store=str(tmp_path))})()
    handler._send = lambda status, body, ctype, headers=None: sent.update(body=body)
    handler._page()
    page = sent["body"].decode("utf-8")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# ---------------------------------------------------------------- SPARQL parameters
PARAM_VALUES = [
    'x" || true || "',
    '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "a > b < c",
    "line\nbreak\r\n",
    "{ } ( ) . ; ,",
    "Ev\u202eil 🦙 文心一言 \x1b[31m",
    "?o",
    "$p",
    "# comment",
    "'single' and \\\"escaped\\\"",
]


@pytest.mark.parametrize("value", PARAM_VALUES)
def test_param_values_bind_as_literals_and_never_change_the_query(value: str) -> None:
    import pyoxigraph

    from kg.query import execute, load_source, prepare_params

    st = pyoxigraph.Store()
    ex = "http://example.org/"
    st.add(pyoxigraph.Quad(pyoxigraph.NamedNode(ex + "a"), pyoxigraph.NamedNode(ex + "name"),
                           pyoxigraph.Literal(value)))
    st.add(pyoxigraph.Quad(pyoxigraph.NamedNode(ex + "b"), pyoxigraph.NamedNode(ex + "name"),
                           pyoxigraph.Literal("other")))
    pq = load_source(None, f"SELECT ?s ?name WHERE {{ ?s <{ex}name> ?name }}")
    bound = prepare_params(pq, [f"name={value}"])
    assert isinstance(bound["name"], pyoxigraph.Literal) and bound["name"].value == value
    res = execute(pq, bound, store=st)
    # exactly the one node whose name equals the value: the value was data, not query text
    assert [r["s"].value for r in res.rows] == [ex + "a"]


@pytest.mark.parametrize("value", ["<http://example.org/a>", "<http://例子.org/ü>"])
def test_param_iris_bind_as_iris(value: str) -> None:
    from kg.query import prepare_params
    from kg.query.api import PreparedQuery

    bound = prepare_params(PreparedQuery("SELECT ?s WHERE { ?s ?p ?o }", "-e"), [f"s={value}"])
    assert bound["s"].value == value[1:-1]


@pytest.mark.parametrize("value", ["<http://x/> } ; DROP ALL ; { <a>", "<http://x/a b>",
                                   "<http://x/\n>", '<http://x/">', "<not an iri>"])
def test_invalid_iri_param_is_a_clear_error(value: str) -> None:
    from kg.errors import QueryError
    from kg.query import prepare_params
    from kg.query.api import PreparedQuery

    with pytest.raises(QueryError) as err:
        prepare_params(PreparedQuery("SELECT ?s WHERE { ?s ?p ?o }", "-e"), [f"s={value}"])
    assert "\n" not in str(err.value).strip() or "invalid IRI" in str(err.value)


def test_param_through_the_cli_is_data(hostile_store) -> None:
    q = "SELECT ?m WHERE { ?m rdfs:label ?name }"
    r = kg("query", "-e", q, "--store", str(hostile_store), "--param",
           'name=x" || true || "', "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"] == []


# ---------------------------------------------------------------- hostile folders
def test_folder_with_loops_fifos_sockets_and_unreadable_files(tmp_path) -> None:
    """Everything odd is skipped with a reason naming it; the good file still builds."""
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    shutil.copy(GOOD, src / "good.md")
    os.symlink(src, src / "sub" / "loop")  # folder loop: not followed
    os.symlink("self.md", src / "self.md")  # file symlink loop: ELOOP
    os.symlink("b.md", src / "a.md")
    os.symlink("a.md", src / "b.md")
    os.symlink("missing-target.md", src / "dangling.md")
    os.mkfifo(src / "fifo.md")
    os.symlink(src / "fifo.md", src / "to-fifo.md")
    os.symlink("/dev/zero", src / "zero.md")
    (src / "unreadable.md").write_text("GPT-4 由 OpenAI 发布。\n", encoding="utf-8")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock.md"))
    real_open = os.open

    def deny(path, flags, *a, **kw):  # tests run as root: chmod 000 would not stop a read
        if str(path).endswith("unreadable.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a, **kw)

    result: dict = {}

    def run() -> None:
        with mock.patch("os.open", deny):
            result["report"] = build([src], tmp_path / "store", use_cache=False)

    t = threading.Thread(target=run, daemon=True)
    try:
        t.start()
        t.join(120)  # a FIFO opened for reading would block forever: fail instead of hanging
    finally:
        sock.close()
    assert not t.is_alive(), "the build hung (a FIFO or loop trapped it)"
    report = result["report"]
    assert report.documents == 1
    reasons = {s.path: s.reason for s in report.skipped}
    assert "not a regular file" in reasons["fifo.md"]
    assert "not a regular file" in reasons["to-fifo.md"]
    assert "not a regular file" in reasons["sock.md"]
    assert "not a regular file" in reasons["zero.md"]
    assert "cannot stat" in reasons["self.md"] and "cannot stat" in reasons["a.md"]
    assert "cannot stat" in reasons["dangling.md"]
    assert "Permission denied" in reasons["unreadable.md"]
    for s in report.skipped:
        assert s.reason.startswith(s.path + ": ") and "\n" not in s.reason


def test_file_swapped_for_a_fifo_after_listing_does_not_hang(tmp_path) -> None:
    """A race: listed as a regular file, a FIFO by the time it is read."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(GOOD, src / "good.md")
    (src / "race.md").write_text("text\n", encoding="utf-8")
    files, _ = find_sources([src])
    (src / "race.md").unlink()
    os.mkfifo(src / "race.md")
    from kg.pipeline import extract_document

    out: dict = {}
    t = threading.Thread(target=lambda: out.update(r=[extract_document(f) for f in files]),
                         daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "reading a FIFO blocked"
    race = next(r for r in out["r"] if r.path == "race.md")
    assert "not a regular file" in race.reason


def test_file_vanishing_during_the_build_is_skipped(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(GOOD, src / "good.md")
    (src / "gone.md").write_text("GPT-4 由 OpenAI 发布。\n", encoding="utf-8")
    import kg.pipeline as pl

    real = pl.find_sources

    def then_delete(paths):
        out = real(paths)
        (src / "gone.md").unlink()
        return out

    with mock.patch.object(pl, "find_sources", then_delete):
        report = build([src], tmp_path / "s", use_cache=False)
    assert report.documents == 1
    assert [s.path for s in report.skipped] == ["gone.md"]
    assert "cannot read" in report.skipped[0].reason


def test_unlistable_folder_is_reported(tmp_path) -> None:
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    shutil.copy(GOOD, src / "good.md")
    shutil.copy(GOOD, src / "locked" / "hidden.md")
    real = os.scandir

    def deny(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    with mock.patch("os.scandir", deny):
        files, skipped = find_sources([src])
    assert [f.relpath for f in files] == ["good.md"]
    assert any("locked: cannot list folder (Permission denied)" in s.reason for s in skipped)


def test_50k_empty_files_build_with_a_clear_report(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(50_000):
        (src / f"{i:05d}.md").touch()
    shutil.copy(GOOD, src / "zz-good.md")
    r = kg("build", str(src), "--store", str(tmp_path / "s"), timeout=240)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == 50_000 and all(line.endswith(": empty document, skipped") for line in lines)
    assert "skipped files" in r.stdout and "50000" in r.stdout
    assert " 1 " in r.stdout.split("documents")[1].split("\n")[0]


def test_distinct_paths_get_distinct_document_nodes(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(GOOD, src / "a b.md")
    shutil.copy(GOOD, src / "a-b.md")
    build([src], tmp_path / "s", use_cache=False)
    from kg.graph.store import open_read

    rows = list(open_read(tmp_path / "s").query(
        "SELECT ?d (COUNT(?p) AS ?n) WHERE { ?d <https://w3id.org/llmkg/vocab#path> ?p } GROUP BY ?d"))
    assert len(rows) == 2


def test_error_messages_cannot_inject_terminal_escapes(tmp_path, capsys) -> None:
    """Library errors quote user/document text; the one place printing them escapes it."""
    from kg.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("# A\n\nGPT-4 由 OpenAI 发布。\n", encoding="utf-8")
    build([src], tmp_path / "s", use_cache=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["show", "\x1b[2J\x1b[31mevil\u202e", "--store", str(tmp_path / "s")])
    assert exit_info.value.code == 5
    err = capsys.readouterr().err
    assert "no entity named" in err
    assert "\x1b" not in err and "\u202e" not in err
