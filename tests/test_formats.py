"""Web pages and PDFs: main content only, reading order, places a person can find, hostile files.

The blog page is :func:`bench.formats.blog_page` (the chrome the formats benchmark wraps
every document in); the PDF is a real two-column paper (tests/data/pdf/MANIFEST.md).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from bench.formats import CHROME_ONLY, blog_page, chromium, print_pdf, render_markdown
from kg.errors import InputError, NoDocuments
from kg.extract import extract_claims
from kg.ingest import find_sources, parse_document
from kg.ingest.html import sniff_charset
from kg.ingest.pdf import MAX_PAGES, read_pdf_bounded
from kg.model import cite

DATA = Path(__file__).parent / "data"
PAPER = DATA / "pdf" / "belle-lora-comparison.pdf"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _seed_text() -> str:
    return sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


# ---------------------------------------------------------------- web pages
def test_blog_page_keeps_the_article_and_drops_the_chrome() -> None:
    md = _seed_text()
    doc = parse_document(blog_page("seed", render_markdown(md)).encode("utf-8"), "post.html")
    assert doc.media_type == "text/html"
    for name in CHROME_ONLY:
        assert name not in doc.text, name
    assert "Accept all" not in doc.text and "gtag" not in doc.text
    # the article's headings, tables and paragraphs come through as the same Markdown blocks
    kinds = {b.kind for b in doc.blocks}
    assert {"heading", "paragraph", "table"} <= kinds
    md_doc = parse_document(md.encode("utf-8"), "post.md")
    assert sum(b.kind == "table" for b in doc.blocks) == sum(b.kind == "table" for b in md_doc.blocks)
    claims = extract_claims(doc)
    assert claims
    for c in claims:
        for name in CHROME_ONLY:
            assert name not in c.prov.quote


def test_web_page_claims_cite_the_source_line_of_their_element() -> None:
    md = _seed_text()
    page = blog_page("seed", render_markdown(md))
    src_lines = page.split("\n")
    doc = parse_document(page.encode("utf-8"), "post.html")
    lines = doc.text.split("\n")
    claims = extract_claims(doc)
    checked = 0
    for c in claims:
        assert c.prov.quote in "\n".join(lines[c.prov.line - 1:c.prov.line + 3])  # verbatim in the produced text
        place = doc.place(c.prov.line, c.prov.quote)
        assert re.fullmatch(r"l\.\d+", place), place
        n = int(place[2:])
        # the element's source line holds the start of the produced line's text
        first = _squash(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", lines[c.prov.line - 1]))[:6]  # <ol> numbers
        if first:
            window = _squash(re.sub(r"<[^>]+>", "", "\n".join(src_lines[n - 1:n + 2])))
            assert first in window, (place, lines[c.prov.line - 1][:60])
            checked += 1
    assert checked > 20


def test_charset_from_meta_and_http_equiv() -> None:
    body = "<article><h1>通义千问</h1><p>Qwen-7B-Chat 基于 Qwen-7B 微调，由阿里云于 2023 年 8 月发布。</p></article>"
    for head in ('<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">'):
        data = f"<html><head>{head}</head><body>{body}</body></html>".encode("gbk")
        doc = parse_document(data, "zh.html")
        assert doc.encoding == "gb18030"
        assert "Qwen-7B-Chat 基于 Qwen-7B 微调" in doc.text
        assert any(c.predicate == "fineTunedFrom" for c in extract_claims(doc))
    assert sniff_charset(b"\xef\xbb\xbf<p>x</p>") == "utf-8-sig"


def test_script_in_title_and_markup_never_reach_the_text() -> None:
    page = ("<html><head><title><script>alert('GPT-9')</script>News</title>"
            "<style>p{color:red}</style></head><body><article><h1>Qwen2 released</h1>"
            "<p>Qwen2 was released by Alibaba Cloud in June 2024; it is fine-tuned from Qwen1.5.</p>"
            "<p>Its weights are open and it uses grouped-query attention.</p></article>"
            "<script>var m = 'GPT-9 based on LLaMA';</script></body></html>")
    doc = parse_document(page.encode(), "t.html")
    assert "alert" not in doc.text and "GPT-9" not in doc.text and "color" not in doc.text
    assert "Qwen2 was released by Alibaba Cloud" in doc.text


def test_deeply_nested_page_is_skipped_with_its_reason() -> None:
    page = "<html><body>" + "<div>" * 10_000 + "<p>GPT-4 was released by OpenAI.</p>" + "</div>" * 10_000
    with pytest.raises(InputError, match=r"^deep\.html: .*nested"):
        parse_document(page.encode(), "deep.html")


# ---------------------------------------------------------------- PDFs
@pytest.fixture(scope="module")
def paper():
    return parse_document(PAPER.read_bytes(), "paper.pdf")


def test_pdf_reads_two_columns_in_order_with_words_joined(paper) -> None:
    text = paper.text
    assert paper.media_type == "application/pdf"
    assert "\ufffe" not in text and "\x02" not in text
    # hyphenation undone; a hyphen the document writes elsewhere kept
    assert "instruction tuning, and have obtained encouraging results" in text
    assert "full-parameter" in text
    # one paragraph per line, across the line breaks of the page
    assert "tuning methods, utilizing LLaMA as the base model." in text
    # left column before right column, sections in order
    order = [text.index(s) for s in ("## Abstract", "## 1 Introduction", "The advent of language models",
                                     "In the field of model training", "## 2 Related work")]
    assert order == sorted(order)
    # a footnote does not split the paragraph it sits in
    assert "enabling these models to better comprehend human instructions" in text
    # the paper's title is the document's title
    assert paper.title.startswith("A Comparative Study between Full-Parameter")


def test_pdf_claims_cite_page_and_line(paper) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(PAPER.read_bytes())
    pages = [_squash(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    claims = extract_claims(paper)
    assert claims
    for c in claims:
        place = paper.place(c.prov.line, c.prov.quote)
        m = re.fullmatch(r"p\.(\d+) l\.(\d+)", place)
        assert m, place
        page = int(m.group(1))
        # the quote's first words are on that page of the original
        assert _squash(c.prov.quote)[:12] in pages[page - 1], (place, c.prov.quote[:50])
    assert cite("paper.pdf", 3, "p.2 l.7") == "paper.pdf p.2 l.7"


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for o in offsets:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _one_page(content: bytes, flate: bool = False) -> bytes:
    stream = zlib.compress(content, 9) if flate else content
    filt = b" /Filter /FlateDecode" if flate else b""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filt) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def test_hostile_pdfs_are_skipped_with_one_line_reasons() -> None:
    from pypdf import PdfWriter

    data = PAPER.read_bytes()
    with pytest.raises(InputError, match=r"^cut\.pdf: damaged or not a PDF"):
        parse_document(data[: len(data) // 3], "cut.pdf")
    many = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        many.add_blank_page(612, 792)
    buf = io.BytesIO()
    many.write(buf)
    with pytest.raises(InputError, match=rf"^many\.pdf: PDF has {MAX_PAGES + 1} pages, over"):
        parse_document(buf.getvalue(), "many.pdf")
    with pytest.raises(InputError, match=r"^blank\.pdf: PDF has no text layer"):
        parse_document(_one_page(b"0 0 m 100 100 l S"), "blank.pdf")
    locked = PdfWriter(clone_from=io.BytesIO(data))
    locked.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    locked.write(buf)
    with pytest.raises(InputError, match=r"^locked\.pdf: encrypted PDF"):
        parse_document(buf.getvalue(), "locked.pdf")


def test_decompression_bomb_is_stopped_by_the_memory_bound() -> None:
    """A 300 MB page stream in a 300 KB file, read under a 128 MB bound: skipped, not swapped."""
    bomb = _one_page(b"BT /F1 12 Tf 72 720 Td (hello) Tj ET\n" + b" " * (300 << 20), flate=True)
    assert len(bomb) < 1 << 20
    with pytest.raises(InputError, match=r"^bomb\.pdf: reading the PDF needed over 128 MB"):
        read_pdf_bounded(bomb, "bomb.pdf", seconds=60, memory=128 << 20)


def test_slow_reader_is_stopped_by_the_time_bound() -> None:
    from kg.ingest.bounded import call_bounded

    with pytest.raises(InputError, match=r"^slow\.pdf: sleeping took over 1 s"):
        call_bounded(__import__("time").sleep, (30,), "slow.pdf", "sleeping", 1.0, 256 << 20)


# ---------------------------------------------------------------- a folder of everything
def test_build_reads_every_format_and_lists_what_it_does_not(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\nQwen-7B-Chat 基于 Qwen-7B 微调。\n", encoding="utf-8")
    (docs / "b.html").write_text(blog_page("b", render_markdown(
        "# B\n\nAlpaca is fine-tuned from LLaMA 7B by Stanford. " * 3)), encoding="utf-8")
    shutil.copy(PAPER, docs / "c.pdf")
    (docs / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    (docs / ".hidden.md").write_text("GPT-4 由 OpenAI 发布。", encoding="utf-8")
    big = docs / "huge.html"
    with open(big, "wb") as fh:  # a 200 MB page, sparse: refused by its size before it is read
        fh.truncate(200 * 1024 * 1024)
    files, skipped = find_sources([docs])
    assert [f.relpath for f in files] == ["a.md", "b.html", "c.pdf", "huge.html"]
    assert [s.reason for s in skipped] == [
        "notes.docx: unsupported file type (reads .md .markdown .txt .html .htm .xhtml .pdf), skipped"]
    store = tmp_path / "store"
    r = CliRunner().invoke(cli, ["build", str(docs), "--store", str(store)])
    assert r.exit_code == 2, r.output
    assert "notes.docx: unsupported file type" in r.output
    assert "huge.html: file is 209715200 bytes, over the" in r.output
    show = CliRunner().invoke(cli, ["show", "LLaMA", "--store", str(store)])
    assert show.exit_code == 0, show.output
    assert re.search(r"c\.pdf p\.\d+ l\.\d+", show.output), show.output
    assert re.search(r"b\.html l\.\d+", show.output), show.output
    lineage = CliRunner().invoke(cli, ["lineage", "LLaMA", "--down", "--quotes", "--store", str(store)])
    assert lineage.exit_code == 0 and re.search(r"b\.html l\.\d+", lineage.output), lineage.output
    # the interactive graph's tooltips cite the same places
    from kg.graph.store import open_read
    from kg.lineage import lineage_graph
    from kg.viz import lineage_html

    page = lineage_html(lineage_graph(open_read(store)))
    assert re.search(r"b\.html l\.\d+", page)  # (the paper states no lineage edge of its own)


def test_a_build_that_finds_no_document_fails_and_keeps_the_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("GPT-4 由 OpenAI 于 2023 年 3 月发布。\n", encoding="utf-8")
    store = tmp_path / "store"
    build([docs], store)
    (docs / "a.md").unlink()
    (docs / "notes.docx").write_bytes(b"x")
    with pytest.raises(NoDocuments, match="no document to build"):
        build([docs], store)
    r = CliRunner().invoke(cli, ["build", str(docs), "--store", str(store)])
    assert r.exit_code != 0 and isinstance(r.exception, NoDocuments)  # kg.cli.main prints it as one line
    assert "notes.docx: unsupported file type" in r.output
    stats = CliRunner().invoke(cli, ["stats", "--store", str(store)])
    assert stats.exit_code == 0 and re.search(r"documents\s*│\s*1", stats.output), stats.output


# ---------------------------------------------------------------- printed by a browser
@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")
def test_page_printed_to_pdf_by_chromium_reads_back(tmp_path: Path) -> None:
    md = ("# 模型发布\n\n衡财-7B 由云帆实验室于 2024 年 3 月发布，基于 Qwen-7B 微调。\n\n"
          "| 模型 | 发布时间 | 参数量 | 基座模型 |\n|---|---|---|---|\n| 衡财-13B | 2024-05 | 13B | LLaMA 2 |\n")
    page = tmp_path / "p.html"
    page.write_text(blog_page("p", render_markdown(md)).replace(
        "</style>", "@media print { header.site-header, nav, aside, footer, .cookie { display:none } }</style>"),
        encoding="utf-8")
    out = tmp_path / "p.pdf"
    try:
        print_pdf(page, out, chromium())
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"chromium could not print: {exc}")
    doc = parse_document(out.read_bytes(), "p.pdf")
    assert "衡财-7B 由云帆实验室于 2024 年 3 月发布，基于 Qwen-7B 微调。" in doc.text  # no spurious spaces
    assert any(b.kind == "table" for b in doc.blocks)
    facts = {(c.subject.text, c.predicate, getattr(c.object, "text", None)) for c in extract_claims(doc)}
    assert ("衡财-7B", "fineTunedFrom", "Qwen-7B") in facts
    assert any(s == "衡财-13B" and p in ("derivedFrom", "fineTunedFrom") for s, p, _ in facts), facts
