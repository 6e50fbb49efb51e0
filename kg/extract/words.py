"""Cue-word lists: the words a rule looks for around a name, kept as data.

``kg/data/cues/words.tsv`` holds one list a line, ``kind<TAB>word<TAB>word...``.  A rule
asks ``words("negation").search(text)`` (whether and where a word of the list occurs),
``.ends(text)`` (the text ends with one: the words right before a name) or ``.starts(text,
pos)`` (the text goes on with one: the words right after a name).
Words match case-insensitively anywhere in the text (``model`` also in ``models``);
``<`` before a word or ``>`` after it asks for a word boundary on that side (``<not>``
never in "another"); ``_`` stands for a space.  One automaton pass per search, no regular
expression: a new word is a new cell in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from kg.extract.normalize import ci_lower

__all__ = ["Words", "Hit", "words"]


class Hit(NamedTuple):
    """Where a word of a list was found (``start()`` / ``end()`` as a regex match has)."""

    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b

#: (beside kg/data/cues/*.tsv; not imported from kg.extract.names, which reads these lists itself)
WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "cues" / "words.tsv"


class Words:
    """One list of cue words, searched in a single automaton pass."""

    __slots__ = ("kind", "_auto", "_longest")

    def __init__(self, kind: str, items: list[str]) -> None:
        self.kind = kind
        auto = ahocorasick.Automaton()
        for w in items:
            core = w.strip("<>").replace("_", " ")
            core = ci_lower(core)
            if core:
                auto.add_word(core, (len(core), w.startswith("<"), w.endswith(">") and len(w) > 1))
        auto.make_automaton()
        self._auto = auto
        self._longest = max((len(ci_lower(w.strip("<>"))) for w in items), default=0)

    def _hits(self, t: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every word of the list in ``t`` (lower-cased), boundaries honoured."""
        for end, (n, left, right) in self._auto.iter(t):
            start = end - n + 1
            if left and start > 0 and t[start - 1].isascii() and t[start - 1].isalnum():
                continue
            if right and end + 1 < len(t) and t[end + 1].isascii() and t[end + 1].isalnum():
                continue
            yield start, end + 1

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Hit | None:
        """The leftmost (then longest) word of the list in ``text[pos:endpos]``, or None."""
        t = ci_lower(text[pos:endpos])
        if not t:
            return None
        best: tuple[int, int] | None = None
        for s, e in self._hits(t):
            if best is not None and e - self._longest > best[0]:
                break  # hits come by end: no later one can start before the best
            if best is None or s < best[0] or s == best[0] and e > best[1]:
                best = (s, e)
        return Hit(best[0] + pos, best[1] + pos) if best else None

    def ends(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether ``text[pos:endpos]`` ends with a word of the list (spaces after it aside):
        "由 ", "based on " right before a name."""
        t = ci_lower(text[pos:endpos]).rstrip()
        return any(e == len(t) for _s, e in self._hits(t)) if t else False

    def starts(self, text: str, pos: int = 0) -> Hit | None:
        """The longest word of the list that ``text[pos:]`` starts with (spaces before it
        aside): "系列" right after a name."""
        raw = text[pos:pos + 64]
        lead = len(raw) - len(raw.lstrip())
        t = ci_lower(raw[lead:])
        ends = [e for s, e in self._hits(t) if s == 0] if t else []
        return Hit(pos, pos + lead + max(ends)) if ends else None


@cache
def _lists() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, *items = [c.strip() for c in line.split("\t") if c.strip()]
        out.setdefault(kind, []).extend(items)
    return out


@cache
def words(kind: str) -> Words:
    """The cue-word list ``kind`` of ``kg/data/cues/words.tsv`` (KeyError names an unknown kind)."""
    return Words(kind, _lists()[kind])
