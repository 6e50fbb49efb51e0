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

__all__ = ["entry_subjects", "TITLE_SEP", "DATE_PREFIX"]

#: what follows an entry's title: a colon, a dash, the end of the line ("(alias)" may come
#: first), or a comma before a lower-case description ("gpt4all, fine-tune LLaMa using LoRA")
TITLE_SEP = re.compile(r"^\s*(?:[(（][^)）]{0,40}[)）])?\s*(?:[:：]|[-–—]{1,2}\s|$|,\s+(?=[a-z]))")
#: a date opening a news-feed entry ("- 03/28: gpt4all, …", "- 2024-05-01 - Foo-2 …"): the title follows it
DATE_PREFIX = re.compile(r"^\s*\[?(?:\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?|\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?日)?)\]?"
                         r"(?:\s*(?:[:：]|[-–—]{1,2}|\|)\s*|\s+)")  # ("- **2024-08 Foo-R**：…": a space will do)


def _title_prefix(text: str) -> bool:
    """What may stand before an entry's title: markup, or an owner ("StabilityAI/StableVicuna")."""
    t = text.strip(" *_`[")
    return not t or t.endswith("/") and len(t) <= 40 and " " not in t


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
            dp = DATE_PREFIX.match(first.text)
            lead = dp.end() if dp else 0
            ms = [m for m in first.models() if lead <= m.start and _title_prefix(first.text[lead:m.start])]
            rest = first.text[ms[0].end:] if ms else ""
            # a news feed's "03/24: Dolly, Databricks fine-tune …": any comma ends its title
            if ms and (TITLE_SEP.match(rest) or dp is not None and rest.lstrip().startswith(",")):
                own = ms[0]
        if own is not None:
            stack.append((block.level, own))
            out.append(own)
        else:
            out.append(stack[-1][1] if stack else None)
    return out
