"""``python -m bench.pdf_libraries PAPER.pdf BOOK.pdf``: which PDF library reads text best and fastest.

Measured for issue 15 (the choice of :mod:`kg.ingest.pdf`): each candidate extracts the
plain text of every page of a two-column English paper and of a long Chinese PDF.
Reported per library and file: seconds, characters, and two checks of text quality:

* **glued words**: share of English words longer than 25 letters (two or more words run
  together when a library drops the spaces between them);
* **CJK spaces**: spaces between two Chinese characters per 1,000 Chinese characters
  (a library that spaces out every glyph breaks every Chinese name and cue).

pdfplumber reads only the first 40 pages of a long file (it takes about 0.1 s a page).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

_CJK_GAP = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+")


def _pdfium(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def _pypdf(path: Path) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages]


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages[:40]]


LIBRARIES = {"pypdfium2": _pdfium, "pypdf": _pypdf, "pdfplumber": _pdfplumber}


def quality(pages: list[str]) -> tuple[float, float]:
    text = "\n".join(pages)
    words = _WORD.findall(text)
    glued = sum(len(w) > 25 for w in words) / max(1, len(words)) * 100
    cjk = len(_CJK.findall(text))
    gaps = len(_CJK_GAP.findall(text)) / max(1, cjk) * 1000
    return glued, gaps


def main(argv: list[str]) -> None:
    print("| file | library | pages read | seconds | characters | glued words % | CJK gaps per 1000 |")
    print("|---|---|---|---|---|---|---|")
    for f in map(Path, argv):
        for name, fn in LIBRARIES.items():
            t = time.perf_counter()
            pages = fn(f)
            secs = time.perf_counter() - t
            glued, gaps = quality(pages)
            print(f"| {f.name} | {name} | {len(pages)} | {secs:.2f} | {sum(map(len, pages))} | "
                  f"{glued:.2f} | {gaps:.1f} |")


if __name__ == "__main__":
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    main(sys.argv[1:])
