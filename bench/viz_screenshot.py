"""Screenshot a generated lineage page in headless Chromium (how exports/lineage.png is made).

Usage: python bench/viz_screenshot.py exports/lineage.html exports/lineage.png [WIDTH HEIGHT]
Prints the page's load-to-stable time, the default zoom, and every request the page made
(an offline page makes exactly one: the file itself).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(argv: list[str]) -> None:
    page_path, out = Path(argv[0]).resolve(), argv[1]
    w, h = (int(argv[2]), int(argv[3])) if len(argv) > 3 else (1920, 1200)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": w, "height": h})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_path.as_uri())
        page.wait_for_function("window.kgStable === true", timeout=60000)
        page.wait_for_timeout(300)
        page.screenshot(path=out)
        print(f"stable after {page.evaluate('window.kgStableMs'):.0f} ms; "
              f"zoom {page.evaluate('window.kgNetwork.getScale()'):.3f}; requests: {requests}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
