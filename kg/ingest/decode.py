"""Turn bytes into text, or say clearly why not.

Documents come from anywhere: UTF-8 with or without BOM, UTF-16 with BOM, and
GB18030/GBK are accepted (in that order of trust); anything that looks binary
(NUL bytes outside UTF-16) or decodes to mostly control characters is refused.
"""

from __future__ import annotations

import codecs
import re

from kg.errors import InputError

#: Documents larger than this are refused rather than risk unbounded work.
MAX_BYTES = 64 * 1024 * 1024


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of the file ``name``.

    Raises :class:`InputError` naming the file when the bytes are binary or in no
    supported encoding.  Line endings are normalised to ``\\n``.
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file is {len(data)} bytes, over the {MAX_BYTES}-byte limit")
    text, enc = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file (control characters), skipped")
    return text, enc


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(f"{name}: contains NUL bytes (binary file?), skipped")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8, UTF-16 or GB18030 (undecodable byte at offset {exc.start}), skipped"
        ) from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid {encoding} at byte {exc.start}, skipped") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # Lone surrogates survive some UTF-16 decoders; they cannot be stored as RDF text.
    if _SURROGATE.search(text):
        raise InputError(f"{name}: invalid {encoding} (lone surrogate), skipped")
    return text


#: control characters other than tab, newline, vertical tab and form feed (CR is gone by now)
_CTRL = re.compile(r"[\x00-\x08\x0d-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _looks_binary(text: str) -> bool:
    """True when control characters (other than tab/newline/formfeed) are over 1% of a sample."""
    sample = text[:65536]
    if not sample:
        return False
    bad = len(_CTRL.findall(sample))
    return bad > max(2, len(sample) // 100)
