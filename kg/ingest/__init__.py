"""Read stage: find source files, decode them, parse them into :class:`Document` s.

A file that cannot be used never stops the others: it is reported as a
:class:`Skipped` with a one-line reason naming it.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import MAX_BYTES, decode_bytes
from kg.ingest.markdown import parse_blocks
from kg.model import Block, Document

__all__ = [
    "SUFFIXES", "Skipped", "SourceFile", "find_sources", "read_bytes", "read_document",
    "parse_document", "printable_name",
]

#: File name endings read as documents (plain text is parsed as Markdown: pipe tables in
#: .txt files are tables too; a web page's main content and a PDF's text are turned into
#: Markdown by :mod:`kg.ingest.html` and :mod:`kg.ingest.pdf`).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES


@dataclass(frozen=True)
class Skipped:
    """A file that was not built, and why (one line, naming the file)."""

    path: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    """A file to read: its absolute path and its path relative to its corpus root."""

    abspath: str
    relpath: str


def printable_name(name: str) -> str:
    """A file name as text that can be printed and stored: undecodable bytes as ``\\xNN``.

    >>> printable_name(os.fsdecode(b"bad\\xff.md"))
    'bad\\\\xff.md'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_text_name(name: str) -> bool:
    """False for names with bytes that are not UTF-8 (``os`` hands them over as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unsupported(name: str) -> str:
    return f"{name}: unsupported file type (reads {' '.join(SUFFIXES)}), skipped"


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[SourceFile], list[Skipped]]:
    """List document files under ``paths`` (files or folders), sorted by relative path.

    Folders are walked without following symlinked folders (so symlink loops cannot
    trap the walk); sockets, FIFOs and other special files are skipped with a reason, and
    so are folders that cannot be listed and names that are not valid UTF-8 (a path is
    the document's identity in the graph, so it must be text).
    Relative paths are relative to each given folder, or the file name for a file.
    """
    found: dict[str, SourceFile] = {}
    skipped: list[Skipped] = []
    for p in paths:
        root = Path(p)
        if not root.exists():
            name = printable_name(str(p))
            skipped.append(Skipped(name, f"{name}: no such file or folder"))
            continue
        if root.is_file():
            if not _is_text_name(root.name):
                name = printable_name(root.name)
                skipped.append(Skipped(name, f"{name}: file name is not valid UTF-8, skipped"))
                continue
            if not root.name.lower().endswith(SUFFIXES):
                skipped.append(Skipped(root.name, _unsupported(root.name)))
                continue
            found.setdefault(root.name, SourceFile(str(root.resolve()), root.name))
            continue

        def unlistable(exc: OSError, root: Path = root) -> None:
            where = printable_name(os.path.relpath(exc.filename, root)) if exc.filename else str(root)
            skipped.append(Skipped(where, f"{where}: cannot list folder ({exc.strerror}), skipped"))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unlistable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # .git, .kg: not documents
            for fn in sorted(filenames):
                full = Path(dirpath) / fn
                rel = full.relative_to(root).as_posix()
                if fn.startswith("."):
                    continue  # hidden files (.DS_Store, .gitignore) are nobody's documents
                if not fn.lower().endswith(SUFFIXES):
                    name = printable_name(rel)
                    skipped.append(Skipped(name, _unsupported(name)))
                    continue
                if not _is_text_name(rel):
                    name = printable_name(rel)
                    skipped.append(Skipped(name, f"{name}: file name is not valid UTF-8, skipped"))
                    continue
                try:
                    st = full.stat()
                except OSError as exc:
                    skipped.append(Skipped(rel, f"{rel}: cannot stat ({exc.strerror}), skipped"))
                    continue
                if not stat.S_ISREG(st.st_mode):
                    skipped.append(Skipped(rel, f"{rel}: not a regular file, skipped"))
                    continue
                found.setdefault(rel, SourceFile(str(full), rel))
    return [found[k] for k in sorted(found)], skipped


def read_bytes(src: SourceFile) -> bytes:
    """The bytes of one file, at most :data:`MAX_BYTES`.  Raises :class:`InputError` naming it.

    Why not a plain ``open().read()``: the file may have been replaced by a FIFO since
    :func:`find_sources` looked (opening a FIFO blocks until a writer comes, forever),
    or be a huge file that must be refused before it is read into memory.  So it is
    opened non-blocking and checked with ``fstat`` on the open descriptor.
    """
    try:
        fd = os.open(src.abspath, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"{src.relpath}: cannot read ({exc.strerror or exc}), skipped") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{src.relpath}: not a regular file, skipped")
        if st.st_size > MAX_BYTES:
            raise InputError(
                f"{src.relpath}: file is {st.st_size} bytes, over the {MAX_BYTES}-byte limit, skipped"
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{src.relpath}: cannot read ({exc.strerror or exc}), skipped") from None
    finally:
        os.close(fd)


def read_document(src: SourceFile) -> Document:
    """Read, decode and parse one file.  Raises :class:`InputError` naming it."""
    return parse_document(read_bytes(src), src.relpath)


def parse_document(data: bytes, relpath: str) -> Document:
    """Build a :class:`Document` from raw bytes (the file-system-free core of reading).

    The reader is chosen by the name's ending: web pages and PDFs are turned into Markdown
    text first (with the place in the original of each line), everything else is read as
    Markdown.
    """
    low = relpath.lower()
    if low.endswith(HTML_SUFFIXES):
        from kg.ingest.html import read_html_bounded

        text, encoding, places = read_html_bounded(data, relpath)
        return _document(data, relpath, text, encoding, "text/html", places)
    if low.endswith(PDF_SUFFIXES):
        from kg.ingest.pdf import read_pdf_bounded

        text, places, title = read_pdf_bounded(data, relpath)
        return _document(data, relpath, text, "pdf", "application/pdf", places, title)
    text, encoding = decode_bytes(data, relpath)
    if not text.strip():
        raise InputError(f"{relpath}: empty document, skipped")
    front, body = split_front_matter(text)
    blocks = tuple(([front] if front else []) + list(parse_blocks(body)))
    return Document(
        path=relpath,
        title=_title(blocks, text, relpath),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        blocks=blocks,
    )


#: longest YAML header read as front matter (lines); a model card's is a few hundred at most
MAX_FRONT_LINES = 5000
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$")
_YAML_KEY = re.compile(r"[A-Za-z_][\w\-]{0,60}:(?:\s|$)")


def split_front_matter(text: str) -> tuple[Block | None, str]:
    r"""The YAML front matter of a model card as one block, and the text with its lines blanked.

    A Hugging Face model card opens with ``---``, YAML, ``---``.  Read as Markdown those
    lines become list items and a setext heading (``base_model: ...`` under ``license:``),
    so they are taken out before the Markdown parse; blank lines keep every later line's
    number.  No closing fence within :data:`MAX_FRONT_LINES` lines: not front matter.

    >>> b, rest = split_front_matter("---\nbase_model: a/B-7B\n---\n# Card\n")
    >>> b.kind, b.line, b.end_line, b.text, rest.split("\n")[3]
    ('front_matter', 1, 3, 'base_model: a/B-7B', '# Card')
    """
    if not text.startswith("---"):
        return None, text
    lines = text.split("\n", MAX_FRONT_LINES)
    if lines[0].rstrip() != "---" or len(lines) < 3 or not _YAML_KEY.match(lines[1]):
        return None, text  # a thematic break opening a Markdown text, not a YAML header
    for i in range(2, min(len(lines), MAX_FRONT_LINES)):
        if _FENCE.match(lines[i]):
            yaml = "\n".join(lines[1:i])
            rest = "\n" * (i + 1) + "\n".join(lines[i + 1:])
            return Block("front_matter", yaml, 1, i + 1), rest
    return None, text


def _document(data: bytes, relpath: str, text: str, encoding: str, media_type: str,
              places: tuple, title: str = "") -> Document:
    """A Document of text a reader produced (Markdown of a web page or PDF)."""
    if not text.strip():
        raise InputError(f"{relpath}: empty document, skipped")
    blocks = tuple(parse_blocks(text))
    return Document(
        path=relpath,
        title=title or next((b.text for b in blocks if b.kind == "heading" and b.text), "")
        or _title(blocks, text, relpath),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        blocks=blocks,
        media_type=media_type,
        places=places,
    )


def _title(blocks: tuple, text: str, relpath: str) -> str:
    for b in blocks:
        if b.kind == "heading" and b.level == 1 and b.text:
            return b.text
    for line in text.split("\n"):
        if line.strip():
            return line.strip()[:120]
    return relpath


def iter_documents(files: list[SourceFile]) -> Iterator[Document | Skipped]:
    """Read each file in order, yielding a Document or a Skipped for it."""
    for f in files:
        try:
            yield read_document(f)
        except InputError as exc:
            yield Skipped(f.relpath, str(exc))
