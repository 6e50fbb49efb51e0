"""Read stage: find source files, decode them, parse them into :class:`Document` s.

A file that cannot be used never stops the others: it is reported as a
:class:`Skipped` with a one-line reason naming it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError
from kg.ingest.decode import MAX_BYTES, decode_bytes
from kg.ingest.markdown import parse_blocks
from kg.model import Document

__all__ = ["SUFFIXES", "Skipped", "SourceFile", "find_sources", "read_document", "parse_document"]

#: File name endings read as documents (plain text is parsed as Markdown: pipe tables in
#: .txt files are tables too).
SUFFIXES = (".md", ".markdown", ".txt")


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


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[SourceFile], list[Skipped]]:
    """List document files under ``paths`` (files or folders), sorted by relative path.

    Folders are walked without following symlinked folders (so symlink loops cannot
    trap the walk); sockets, FIFOs and other special files are skipped with a reason.
    Relative paths are relative to each given folder, or the file name for a file.
    """
    found: dict[str, SourceFile] = {}
    skipped: list[Skipped] = []
    for p in paths:
        root = Path(p)
        if not root.exists():
            skipped.append(Skipped(str(p), f"{p}: no such file or folder"))
            continue
        if root.is_file():
            found.setdefault(root.name, SourceFile(str(root.resolve()), root.name))
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            dirnames.sort()
            for fn in sorted(filenames):
                full = Path(dirpath) / fn
                rel = full.relative_to(root).as_posix()
                if not fn.lower().endswith(SUFFIXES):
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


def read_document(src: SourceFile) -> Document:
    """Read, decode and parse one file.  Raises :class:`InputError` naming it."""
    try:
        with open(src.abspath, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{src.relpath}: cannot read ({exc.strerror}), skipped") from None
    return parse_document(data, src.relpath)


def parse_document(data: bytes, relpath: str) -> Document:
    """Build a :class:`Document` from raw bytes (the file-system-free core of reading)."""
    text, encoding = decode_bytes(data, relpath)
    if not text.strip():
        raise InputError(f"{relpath}: empty document, skipped")
    blocks = tuple(parse_blocks(text))
    return Document(
        path=relpath,
        title=_title(blocks, text, relpath),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        blocks=blocks,
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
