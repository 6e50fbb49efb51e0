"""The `kg serve` workbench in headless Chromium: type a query, run it, read the result table.

Skipped with a reason when playwright, Chromium or the oxigraph server are missing.  The
page must load offline (every request goes to the local server), run under its CSP without
violations, complete the project's prefixes, mark a syntax error, page and sort results,
and draw a chart and a lineage graph of model pairs.
"""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _serve_helpers():
    spec = importlib.util.spec_from_file_location("kg_tests_serve", Path(__file__).with_name("test_serve.py"))
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)  # skips the module (with its reason) when the oxigraph server is missing
    return mod


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    serve = _serve_helpers()
    from kg.pipeline import build

    store = tmp_path_factory.mktemp("wb") / "store"
    build([ROOT / "sources"], store, use_cache=False)
    srv = serve.Server(str(store), "--timeout", "20", "--limit", "5000")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests skipped: {CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.events = {"requests": [], "errors": [], "console": []}  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.events["requests"].append(r.url))
    pg.on("pageerror", lambda e: pg.events["errors"].append(str(e)))
    pg.on("console", lambda m: pg.events["console"].append(f"{m.type}: {m.text}"))
    pg.goto(server.base + "/")
    pg.wait_for_function("window.kgReady === true", timeout=30_000)
    yield pg
    ctx.close()


def _type_query(page, text: str) -> None:
    """Replace the editor's text by typing (CodeMirror receives it as input)."""
    page.click(".CodeMirror")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def _rows(page, timeout: float = 30.0) -> list[list[str]]:
    end = time.monotonic() + timeout
    sel = ".tabPanel.active .yasr table.dataTable tbody tr"
    while time.monotonic() < end:
        rows = page.eval_on_selector_all(sel, "trs => trs.map(tr => [...tr.cells].map(td => td.innerText))")
        if rows and rows[0] and rows[0][0] != "":
            return rows
        time.sleep(0.1)
    raise AssertionError("no result rows appeared")


def test_type_run_and_read_the_result_table(page, server) -> None:
    _type_query(page, "PREFIX llm: <https://w3id.org/llmkg/vocab#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                      "SELECT ?label WHERE { ?m llm:distilledFrom ?t ; rdfs:label ?label } ORDER BY ?label")
    page.click(".tabPanel.active .yasqe_queryButton")
    rows = _rows(page)
    assert any("DeepSeek-R1-Distill-Qwen-32B" in " ".join(r) for r in rows), rows
    # offline: every request went to this server; no CSP violation, no script error
    assert all(u.startswith(server.base) for u in page.events["requests"]), page.events["requests"]
    assert page.events["errors"] == []
    assert not [m for m in page.events["console"] if "Content Security Policy" in m], page.events["console"]


def test_paging_sorting_and_downloads(page) -> None:
    _type_query(page, "PREFIX llm: <https://w3id.org/llmkg/vocab#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                      "SELECT ?label WHERE { ?m a llm:Model ; rdfs:label ?label }")
    page.click(".tabPanel.active .yasqe_queryButton")
    rows = _rows(page)
    assert 1 < len(rows) <= 100  # paged: one page of the 100+ models
    assert page.locator(".tabPanel.active .dt-paging .dt-paging-button.next").count() == 1
    header = page.locator(".tabPanel.active .yasr table.dataTable thead th", has_text="label")
    header.click()
    page.wait_for_timeout(300)
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
    labels = [r[-1] for r in _rows(page)]
    keys = [re.sub(r'^"(.*)"(@[\w-]+)?$', r"\1", x) for x in labels]  # the value, not '"x"@en'
    # sorted by the browser's collation; its fine points (spaces, digits) aside, initials are in order
    firsts = [k[:1].casefold() for k in keys]
    assert firsts == sorted(firsts) or firsts == sorted(firsts, reverse=True), keys[:20]
    page.click(".tabPanel.active .dt-paging .dt-paging-button.next")
    page.wait_for_timeout(300)
    assert [r[-1] for r in _rows(page)] != labels  # the next page
    assert page.locator(".tabPanel.active .yasr_downloadIcon").count() >= 1


def test_syntax_error_is_marked_where_it_is(page) -> None:
    _type_query(page, "PREFIX llm: <https://w3id.org/llmkg/vocab#>\nSELECT ?m WHERE {\n  ?m a llm:Model\n  FILTER(\n}")
    page.wait_for_timeout(800)
    marks = page.locator(".tabPanel.active .parseErrorIcon")
    assert marks.count() >= 1
    line = page.evaluate("""() => { const el = document.querySelector('.tabPanel.active .parseErrorIcon');
        const row = el.closest('.CodeMirror-gutter-wrapper').parentElement;
        return row.querySelector('.CodeMirror-line').innerText; }""")
    assert "FILTER" in line or "}" in line, line


def test_prefix_and_keyword_completion_are_local(page, server) -> None:
    assert page.evaluate("fetch('/prefixes.json').then(r => r.json()).then(j => j.llm)") == \
        "https://w3id.org/llmkg/vocab#"
    page.click(".CodeMirror")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("PREFIX ll")  # prefix hints show as one types
    page.wait_for_timeout(500)
    hints = page.eval_on_selector_all(".CodeMirror-hints li", "lis => lis.map(li => li.innerText)")
    assert any(h.startswith("llm: <https://w3id.org/llmkg/vocab#>") for h in hints), hints
    _type_query(page, "PREFIX llm: <https://w3id.org/llmkg/vocab#>\nSELECT * WHERE { ?m llm:fineT")
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(500)
    hints = page.eval_on_selector_all(".CodeMirror-hints li", "lis => lis.map(li => li.innerText)")
    assert "llm:fineTunedFrom" in hints, hints
    assert all(u.startswith(server.base) for u in page.events["requests"])


def test_named_query_opens_bound_and_draws_as_lineage_graph_and_chart(page) -> None:
    form = page.locator("form.named[data-name='lineage-edges']")
    form.locator("button[type=submit]").click()
    rows = _rows(page)
    assert any("Med-PaLM" in " ".join(r) for r in rows)
    text = page.evaluate("window.kgYasgui.getTab().getQuery()")
    assert "lineage" in text.lower() and "SELECT" in text
    page.click(".tabPanel.active .select_lineage")
    page.wait_for_function("window.kgLineageNetwork && window.kgLineageNetwork.body.data.nodes.length > 10")
    labels = page.evaluate("window.kgLineageNetwork.body.data.nodes.get().map(n => n.label)")
    assert "Med-PaLM" in labels and "PaLM" in labels
    # a count per organization: the chart view draws one bar per row
    form = page.locator("form.named[data-name='organizations-ranked']")
    form.locator("button[type=submit]").click()
    _rows(page)
    page.click(".tabPanel.active .select_chart")
    page.wait_for_selector(".tabPanel.active .kg-chart svg rect")
    bars = page.locator(".tabPanel.active .kg-chart svg rect").count()
    assert bars >= 3
    names = page.eval_on_selector_all(".tabPanel.active .kg-chart svg text[text-anchor=end]", "ts => ts.map(t => t.textContent)")
    assert "OpenAI" in names, names


def test_every_named_query_is_offered_with_its_defaults(page) -> None:
    names = page.eval_on_selector_all("form.named", "fs => fs.map(f => f.dataset.name)")
    assert set(names) == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    value = page.locator("form.named[data-name='ancestors'] input[name=model]").input_value()
    assert value == "DeepSeek-R1-Distill-Qwen-32B"
    assert re.search(r"PREFIX llm:", page.evaluate("window.kgYasgui.getTab().getQuery()"))
