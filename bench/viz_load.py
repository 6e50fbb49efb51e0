"""Load-to-stable time of `kg viz` pages in headless Chromium, 100 / 1,000 / 5,000 nodes.

Run: .venv/bin/python bench/viz_load.py [--runs 3] [--out bench/viz_load.md]

"Stable" = the page's script set ``window.kgStable``: the first frame is drawn with the
pre-computed layout, or vis-network's physics finished stabilising (then turned off).
Time is measured from navigation start (``performance.now()`` in the page), so it
includes parsing the inlined vis-network and the data.  Medians of fresh pages.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.lineage import lineage_graph_from_edges  # noqa: E402
from kg.viz import lineage_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
KINDS = ["successor", "finetune", "finetune", "derived", "distill", "quantized", "adapter", "merged"]


def synthetic_lineage(n: int, seed: int = 0):
    """A forest of model families (sizes 3..120), dated, with realistic-looking labels."""
    rnd = random.Random(seed)
    edges, labels, dates = [], {}, {}
    i = fam = 0
    while i < n:
        size = min(n - i, rnd.choice([3, 5, 8, 12, 20, 40, 120]))
        base = f"Fam{fam}"
        members = []
        for j in range(size):
            node = f"m{i}"
            labels[node] = f"{base}-{j}-{rnd.choice(['chat', 'base', 'instruct', 'coder', 'mini'])}"
            year = 2019 + min(6, j // max(1, size // 6))
            dates[node] = f"{year}-{rnd.randint(1, 12):02d}"
            if members:
                parent = rnd.choice(members[-10:])
                edges.append((node, parent, rnd.choice(KINDS)))
            members.append(node)
            i += 1
        fam += 1
    return lineage_graph_from_edges(edges, labels, dates)


def measure(page, path: Path, timeout_s: float = 300) -> float:
    # The page's CSP forbids eval, so poll from Python (page.evaluate goes through
    # the DevTools protocol) instead of page.wait_for_function.
    page.goto(path.as_uri())
    end = time.monotonic() + timeout_s
    while not page.evaluate("window.kgStable === true"):
        if time.monotonic() > end:
            raise TimeoutError(f"{path.name}: not stable after {timeout_s} s")
        time.sleep(0.05)
    return float(page.evaluate("window.kgStableMs"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--out", default=str(Path(__file__).with_name("viz_load.md")))
    a = ap.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in [int(x) for x in a.sizes.split(",")]:
            g = synthetic_lineage(n)
            configs = [("hierarchical (pre-computed, physics off)", "hierarchical", None)]
            if n <= 1000:
                configs.append(("force, vis physics on", "force", True))
            for name, layout, physics in configs:
                t = time.perf_counter()
                page_text = lineage_html(g, layout=layout, physics=physics)
                gen = time.perf_counter() - t
                f = Path(tmp) / f"g{n}-{layout}.html"
                f.write_text(page_text, encoding="utf-8")
                times = []
                for _ in range(a.runs):
                    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                    page = ctx.new_page()
                    times.append(measure(page, f))
                    ctx.close()
                rows.append((n, g.number_of_edges(), name, gen, f.stat().st_size / 1e6,
                             statistics.median(times), max(times)))
                print(rows[-1], flush=True)
        browser.close()
    lines = [
        "# `kg viz` load-to-stable time in headless Chromium",
        "",
        f"Machine: {Path('/proc/cpuinfo').read_text().count('processor')} cores; Debian chromium "
        "(headless, --disable-gpu, software rendering); pyvis 0.3.2 / vis-network 9.1.2 inlined.",
        f"Synthetic dated lineage forests (bench/viz_load.py), median of {a.runs} fresh pages;",
        "time from navigation start to `window.kgStable` (first frame drawn, or physics settled).",
        "",
        "| nodes | edges | layout | HTML build (Python) | file size | load-to-stable (median) | max |",
        "|---:|---:|---|---:|---:|---:|---:|",
    ]
    for n, e, name, gen, mb, med, mx in rows:
        lines.append(f"| {n:,} | {e:,} | {name} | {gen:.2f} s | {mb:.1f} MB | {med / 1000:.2f} s | {mx / 1000:.2f} s |")
    lines += [
        "",
        "Defaults chosen from these figures: the hierarchical layout is always pre-computed in",
        "Python (no physics); `--layout force` uses vis physics only up to 300 nodes",
        "(`kg.viz.PHYSICS_LIMIT`) and falls back to the pre-computed layout above.  Hover",
        "tooltips are off and edges straight above 300 nodes.  Supported size: 5,000 nodes",
        "(`kg.viz.SIZE_LIMIT`).",
    ]
    Path(a.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
