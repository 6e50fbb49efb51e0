"""``python -m bench.formats``: the same documents as Markdown, as a blog page and as a PDF.

Each document of a gold set is rendered three ways and built three times:

* **md**: the document as it is;
* **html**: its Markdown rendered (markdown-it) inside a blog page's chrome: navigation,
  header, cookie banner, sidebar, footer and scripts that name models, organisations and
  techniques of their own (:func:`blog_page`);
* **pdf**: that page printed to PDF by headless Chromium (CJK fonts from the system).  The
  page has the print stylesheet blog themes ship (navigation, sidebar, footer and cookie
  banner hidden in print): a PDF has no markup that tells the article from the chrome, so
  what the print shows is what the PDF reader reads.

and each graph is scored against the set's gold (:mod:`kg.evaluate`).  The report gives
recall, precision and F1 per format, the ratio of each format's recall to the Markdown's,
whether anything came from the chrome (names that only the chrome holds), and build
throughput in MB/s of source bytes per format.

    python -m bench.formats                       # seeds and ../shared/dev -> bench/FORMATS.md
    python -m bench.formats --sets seeds --keep /tmp/formats
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "gold" / "seeds"),
    "dev": (SHARED / "dev" / "docs", SHARED / "dev" / "gold"),
}

#: names that only the page chrome holds: a graph built from the page must not know them
CHROME_ONLY = ("Zorblax-9", "Quillmark AI", "Hyperlattice Tuning", "Vexa-3B", "Brindle Labs")


def blog_page(title: str, body_html: str) -> str:
    """An article inside the chrome of a blog: what a saved web page looks like."""
    t = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{t} | AI Weekly</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:0}} nav a{{margin:4px}}
.cookie{{position:fixed;bottom:0;background:#eee}} table{{border-collapse:collapse}} td,th{{border:1px solid #999}}
@media print {{ header.site-header, nav, aside, footer, .cookie {{ display:none }} }}</style>
<script>window.dataLayer=[];function gtag(){{dataLayer.push(arguments)}};gtag('config','Zorblax-9 tracker');</script>
</head><body>
<header class="site-header"><a href="/">AI Weekly</a>
<nav><ul><li><a href="/models">Models: GPT-4, Claude 3, Vexa-3B</a></li><li><a href="/orgs">OpenAI · Quillmark AI</a></li>
<li><a href="/tags/lora">LoRA</a></li><li><a href="/tags/hl">Hyperlattice Tuning</a></li><li><a href="/about">About</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie"><p>We use cookies to personalise Zorblax-9 recommendations from Brindle Labs.
<button>Accept all</button> <button>Reject</button></p></div>
<div class="container"><main><article class="post"><div class="post-meta">Posted by the editors</div>
<div class="post-content">
{body_html}
</div></article></main>
<aside class="sidebar"><h3>Popular posts</h3><ul>
<li><a href="/p/1">Zorblax-9 is fine-tuned from Vexa-3B by Brindle Labs</a></li>
<li><a href="/p/2">Quillmark AI released Vexa-3B in March 2024</a></li>
<li><a href="/p/3">Hyperlattice Tuning explained</a></li></ul>
<h3>Tags</h3><p>Anthropic · DeepMind · Brindle Labs · 智谱AI</p></aside></div>
<footer><p>© 2024 AI Weekly. Powered by Hugo. Sponsored by Quillmark AI (makers of Zorblax-9).</p>
<ul><li><a href="/rss">RSS</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
<script src="/js/app.js"></script><script>console.log("Vexa-3B is distilled from Zorblax-9")</script>
</body></html>
"""


def render_markdown(text: str) -> str:
    """Markdown -> HTML the way a static-site generator would (CommonMark + tables, raw HTML kept)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def chromium() -> str | None:
    """The Chromium binary, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def print_pdf(page: Path, out: Path, browser: str) -> None:
    """Print ``page`` to ``out`` with headless Chromium (no header/footer lines)."""
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", page.as_uri()],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def make_formats(docs: Path, work: Path, browser: str | None) -> dict[str, Path]:
    """Folders ``md``, ``html`` (and ``pdf`` when Chromium is there) holding each document."""
    out = {f: work / f for f in ("md", "html") + (("pdf",) if browser else ())}
    for d in out.values():
        d.mkdir(parents=True, exist_ok=True)
    for src in sorted(docs.iterdir()):
        if src.suffix.lower() not in (".md", ".txt", ".markdown"):
            continue
        text = src.read_text(encoding="utf-8")
        shutil.copy(src, out["md"] / src.name)
        page = out["html"] / (src.stem + ".html")
        page.write_text(blog_page(src.stem, render_markdown(text)), encoding="utf-8")
        if browser:
            print_pdf(page, out["pdf"] / (src.stem + ".pdf"), browser)
    return out


def build_and_score(folder: Path, gold: Path, store: Path) -> dict[str, object]:
    """Build ``folder`` into ``store`` and score it against ``gold``."""
    from kg.evaluate import evaluate, facts_from_store, load_gold
    from kg.graph.store import open_read
    from kg.pipeline import build

    t = time.perf_counter()
    report = build([folder], store, use_cache=False)
    seconds = time.perf_counter() - t
    facts, aliases = load_gold(gold)
    st = open_read(store)
    graph = facts_from_store(st)
    labels = {str(r["l"].value) for r in st.query(
        "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>|"
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?l }")}
    del st
    ev = evaluate(facts, aliases, graph).overall
    leaked = sorted(n for n in CHROME_ONLY if any(n.lower() in lab.lower() for lab in labels))
    return {"P": ev.precision, "R": ev.recall, "F1": ev.f1, "skipped": len(report.skipped),
            "leaked": leaked, "seconds": seconds, "bytes": report.source_bytes,
            "docs": report.documents}


def throughput(folder: Path, store: Path, copies: int) -> tuple[float, int]:
    """MB/s of a build of ``copies`` copies of ``folder`` (one job, cold cache), and its bytes."""
    from kg.pipeline import build

    big = store.parent / f"{folder.name}-x{copies}"
    big.mkdir(exist_ok=True)
    for i in range(copies):
        for f in folder.iterdir():
            shutil.copy(f, big / f"{i:03d}_{f.name}")
    t = time.perf_counter()
    report = build([big], store, use_cache=False)
    seconds = time.perf_counter() - t
    return report.source_bytes / 1e6 / seconds, report.source_bytes


def run(sets: list[str], work: Path, copies: int) -> str:
    browser = chromium()
    lines = ["# Formats: the same documents as Markdown, a blog page and a PDF", "",
             "`python -m bench.formats` (see its docstring). Recall/precision/F1 against each set's gold;",
             "ratio = the format's recall over the Markdown's; chrome = names only the page chrome holds",
             "that reached the graph (must be none). PDFs printed by headless Chromium "
             + ("(installed)." if browser else "(**not installed: no PDF column**)."), "",
             "| set | format | docs | P | R | F1 | recall ratio | chrome names in graph |",
             "|---|---|---|---|---|---|---|---|"]
    speed: dict[str, list[tuple[float, int]]] = {}
    for name in sets:
        docs, gold = SETS[name]
        folders = make_formats(docs, work / name, browser)
        base = None
        for fmt, folder in folders.items():
            r = build_and_score(folder, gold, work / name / f"store-{fmt}")
            base = r["R"] if fmt == "md" else base
            ratio = r["R"] / base if base else 0.0
            lines.append(f"| {name} | {fmt} | {r['docs']} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} | "
                         f"{ratio:.3f} | {', '.join(r['leaked']) or 'none'} |")
            speed.setdefault(fmt, []).append(throughput(folder, work / name / f"speed-{fmt}", copies))
            print(lines[-1], file=sys.stderr)
    lines += ["", f"Build throughput ({copies} copies of each set's documents per format, one job, cold cache):", "",
              "| format | MB of source | MB/s |", "|---|---|---|"]
    for fmt, runs in speed.items():
        mb = sum(b for _, b in runs) / 1e6
        secs = sum(b / 1e6 / s for s, b in runs)
        lines.append(f"| {fmt} | {mb:.1f} | {mb / secs:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.formats", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="seeds,dev", help="comma-separated: seeds, dev")
    ap.add_argument("--copies", type=int, default=5, help="copies of each set for the throughput builds")
    ap.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp folder)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "FORMATS.md")
    a = ap.parse_args(argv)
    work = a.keep or Path(tempfile.mkdtemp(prefix="kg-formats-"))
    try:
        report = run([s for s in a.sets.split(",") if s], work, a.copies)
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    a.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
