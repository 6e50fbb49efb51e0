"""Discourse context shared by the extractors: which model a sentence without its own
subject is about.

A list of models gives each entry a title ("- [Alpaca](url) - A model fine-tuned from
...", "* DoctorGLM：" with nested "* 简介：基于 ChatGLM-6B ..."): the entry's text and its
nested items are about the title's model.  (Headings do the same for a section:
:func:`kg.extract.sentence.section_subject`.)
"""

from __future__ import annotations

import re

from kg.model import Block

__all__ = ["entry_subjects", "TITLE_SEP"]

#: what follows an entry's title: a colon, a dash, or the end of the line ("(alias)" may come first)
TITLE_SEP = re.compile(r"^\s*(?:[(（][^)）]{0,40}[)）])?\s*(?:[:：]|[-–—]{1,2}\s|$)")


def entry_subjects(blocks: list[tuple[Block, list]]) -> list:
    """For each (block, sentences), the model Span of the list entry the block belongs to:
    the entry's own title for its text, the nearest enclosing entry's title for nested
    items, None outside lists."""
    out: list = []
    stack: list[tuple[int, object]] = []
    for block, sents in blocks:
        if block.kind != "list_item":
            stack.clear()
            out.append(None)
            continue
        while stack and stack[-1][0] >= block.level:
            stack.pop()
        own = None
        if sents:
            first = sents[0]
            ms = [m for m in first.models() if m.start <= 2]
            if ms and TITLE_SEP.match(first.text[ms[0].end:]):
                own = ms[0]
        if own is not None:
            stack.append((block.level, own))
            out.append(own)
        else:
            out.append(stack[-1][1] if stack else None)
    return out
