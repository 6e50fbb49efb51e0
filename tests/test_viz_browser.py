"""`kg viz` pages in a real headless Chromium (Playwright): nodes, click, search, XSS.

Skipped WITH A REASON when playwright or /usr/bin/chromium is missing.  The page's
CSP forbids eval, so waiting is done by polling ``page.evaluate`` (which goes through
the DevTools protocol) rather than ``wait_for_function``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

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
<model/alpaca> a llm:Model ; rdfs:label "Alpaca"@en ; llm:fineTunedFrom <model/llama> .
<model/evil> a llm:Model ; rdfs:label "<img src=x onerror=alert(1)>"@en ;
    skos:altLabel "href evil"@en ; llm:fineTunedFrom <model/llama-2> .
<model/qwen> a llm:Model ; rdfs:label "Qwen"@en ; skos:altLabel "通义千问"@zh .
<model/qwen-2> a llm:Model ; rdfs:label "Qwen2"@en ; llm:successorOf <model/qwen> .
<doc/x> a llm:Document ; llm:path "001_<img src=y onerror=alert(4)>.txt" .
<claim/1> a llm:Claim ; rdf:subject <model/evil> ; rdf:predicate llm:fineTunedFrom ;
    rdf:object <model/llama-2> ; prov:wasDerivedFrom <doc/x> ; llm:line 3 ;
    llm:quote "</script><script>window.__xss=1</script><img src=z onerror=\"window.__xss=2\">" .
"""

EVIL = "<img src=x onerror=alert(1)>"


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"browser tests skipped: playwright is not installed ({exc})")
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"browser tests skipped: {CHROMIUM} not found (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _playwright()
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # pragma: no cover
            pytest.skip(f"browser tests skipped: chromium does not start ({exc})")
        yield b
        b.close()


@pytest.fixture(scope="module")
def html_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pyoxigraph

    from kg.graph.store import StoreDir, open_read
    from kg.lineage import lineage_graph
    from kg.viz import write_lineage_html

    tmp = tmp_path_factory.mktemp("vizb")
    sd = StoreDir(tmp / "store")
    with sd.new_snapshot() as (_, store):
        store.load(TTL.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
    g = lineage_graph(open_read(sd.path), include=("orgs",))
    return write_lineage_html(tmp / "lineage.html", g, title=EVIL)


def wait_stable(page, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not page.evaluate("window.kgStable === true"):
        assert time.monotonic() < end, "page never became stable"
        time.sleep(0.05)


def open_page(browser, path: Path, bypass_csp: bool = False):
    """A fresh page on ``path`` that records dialogs, errors and every request."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
    page = ctx.new_page()
    page.events = {"dialogs": [], "errors": [], "requests": []}  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.events["errors"].append(str(e)))
    page.on("request", lambda r: page.events["requests"].append(r.url))
    page.goto(path.as_uri())
    wait_stable(page)
    page.wait_for_timeout(300)  # let any injected handler (it must not exist) fire
    return ctx, page


def node_center(page, node_id: str) -> tuple[float, float]:
    """Viewport coordinates of a node, from vis-network's canvas coordinates."""
    xy = page.evaluate(
        """id => { const n = window.kgNetwork; const p = n.getPositions([id])[id];
                   const d = n.canvasToDOM(p); const r = document.getElementById('kg-network')
                   .getBoundingClientRect(); return [r.left + d.x, r.top + d.y]; }""", node_id)
    return xy[0], xy[1]


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_loads_offline_and_no_script_injected(browser, html_file: Path, bypass_csp: bool,
                                              tmp_path: Path) -> None:
    ctx, page = open_page(browser, html_file, bypass_csp)
    try:
        ev = page.events
        assert ev["errors"] == []
        assert ev["dialogs"] == [], "an alert() from document text ran"
        assert page.evaluate("window.__xss") is None
        # only the file itself: no CDN, no image/script fetched from injected markup
        assert ev["requests"] == [html_file.as_uri()], ev["requests"]
        assert page.locator("img").count() == 0
        assert page.title() == EVIL
        assert page.locator("#kg-title").inner_text() == EVIL
        page.screenshot(path=str(tmp_path / f"lineage-{'nocsp' if bypass_csp else 'csp'}.png"))
    finally:
        ctx.close()


def test_node_count_click_and_tooltip(browser, html_file: Path, tmp_path: Path) -> None:
    ctx, page = open_page(browser, html_file)
    try:
        # 6 models with lineage (llama, llama-2, alpaca, evil, qwen, qwen-2) + Meta
        assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 7
        assert page.evaluate("Object.keys(window.kgNetwork.getPositions()).length") == 7

        x, y = node_center(page, "model/llama-2")
        page.mouse.click(x, y)
        page.wait_for_timeout(200)
        hl = page.evaluate("window.kgHighlighted")
        assert hl["id"] == "model/llama-2"
        assert hl["ancestors"] == ["model/llama"] and hl["descendants"] == ["model/evil"]
        info = page.locator("#kg-info")
        assert "LLaMA 2" in info.inner_text() and "羊驼2" in info.inner_text()
        # the evil quote appears in the side panel as text, not as markup
        assert "window.__xss=1" in info.inner_text()
        assert page.locator("#kg-info img, #kg-info script").count() == 0

        # hover the evil node: the tooltip shows its label as literal text
        ex, ey = node_center(page, "model/evil")
        page.mouse.move(ex, ey)
        page.wait_for_timeout(600)
        tip = page.locator("div.vis-tooltip")
        assert EVIL in tip.inner_text()
        assert tip.locator("img").count() == 0
        page.screenshot(path=str(tmp_path / "clicked.png"))
        assert page.evaluate("window.__xss") is None and page.events["dialogs"] == []
    finally:
        ctx.close()


def test_search_box_finds_any_label(browser, html_file: Path, tmp_path: Path) -> None:
    ctx, page = open_page(browser, html_file)
    try:
        page.fill("#kg-search", "通义千问")
        page.click("#kg-search-go")
        page.wait_for_timeout(600)
        assert page.evaluate("window.kgNetwork.getSelectedNodes()") == ["model/qwen"]
        assert page.evaluate("window.kgHighlighted.descendants") == ["model/qwen-2"]

        page.fill("#kg-search", "llama-2")  # label key: case/hyphen-insensitive
        page.press("#kg-search", "Enter")
        page.wait_for_timeout(600)
        assert page.evaluate("window.kgNetwork.getSelectedNodes()") == ["model/llama-2"]

        page.fill("#kg-search", EVIL)
        page.press("#kg-search", "Enter")
        page.wait_for_timeout(300)
        assert page.evaluate("window.kgNetwork.getSelectedNodes()") == ["model/evil"]

        page.fill("#kg-search", "<b>nothing</b>")
        page.press("#kg-search", "Enter")
        assert "No node named" in page.locator("#kg-status").inner_text()
        assert page.locator("#kg-status b").count() == 0
        page.screenshot(path=str(tmp_path / "search.png"))
        assert page.evaluate("window.__xss") is None and page.events["dialogs"] == []
    finally:
        ctx.close()


def test_skip_reason_is_visible_when_chromium_missing(monkeypatch) -> None:
    """The skip path itself: a missing browser must skip with a message, not pass."""
    real = os.path.exists
    monkeypatch.setattr(os.path, "exists", lambda p: p != CHROMIUM and real(p))
    with pytest.raises(pytest.skip.Exception, match="not found"):
        _playwright()


def _has_cjk_font() -> bool:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(out.strip())


def test_chinese_labels_are_drawn_with_real_glyphs(browser, html_file: Path) -> None:
    """The node font names CJK-capable fallbacks; with fonts-noto-cjk installed a Chinese label
    is drawn with glyphs, whose width differs from that of missing-glyph boxes."""
    from kg.viz.html import FONT_FACE

    if not _has_cjk_font():
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    ctx, page = open_page(browser, html_file)
    try:
        face = page.evaluate("window.kgNetwork.body.nodes['model/qwen'].options.font.face")
        assert face == FONT_FACE and "KgCJK" in face
        # the alias is one of the CJK faces, found on this machine by a local() name
        loaded = page.evaluate("document.fonts.load('14px KgCJK', '通义千问').then(fs => fs.map(f => f.status))")
        assert loaded == ["loaded"], loaded
        css = page.evaluate("[...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.cssText).join(' ')")
        assert "Noto Sans CJK SC" in css and "Microsoft YaHei" in css and "PingFang SC" in css
        widths = page.evaluate(
            """face => { const c = document.createElement('canvas').getContext('2d');
                         c.font = '14px ' + face;
                         return [c.measureText('通义千问').width, c.measureText('\\ue000\\ue001\\ue002\\ue003').width,
                                 c.measureText('羊驼').width]; }""", face)
        cjk, boxes, two = widths
        assert cjk > 0 and boxes > 0
        assert abs(cjk - boxes) > 1.0, f"Chinese drawn as missing-glyph boxes ({cjk} vs {boxes})"
        assert abs(cjk - 2 * two) < 2.0  # full-width glyphs: four characters are twice two
        assert page.evaluate("getComputedStyle(document.body).fontFamily").count("Noto Sans CJK SC") == 1
    finally:
        ctx.close()
