"""A tiny SPARQL lexer: just enough to find keywords and braces outside strings.

Why not regexes over the raw text: a keyword inside a string literal, an IRI or a
comment (``"SERVICE"``, ``<http://x/{a}>``, ``# WHERE {``) must not count.  Two
callers need this: the HTTP endpoint refuses federated ``SERVICE`` calls (they would
let a web client make the server fetch arbitrary URLs), and remote execution binds
parameters with a ``VALUES`` block placed at the start of the outermost WHERE group
(the SPARQL protocol has no parameter binding), and in every sub-SELECT that projects a
parameter.  Neither needs a full parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Token", "tokens", "has_keyword", "where_group_start", "subselect_groups",
           "strip_comments"]

# Order matters: long strings before short ones; IRIREF per the SPARQL grammar.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*(?::[\w\-.%:\u00c0-\uffff]*)?|:[\w\-.%:]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, iri, var, word, punct
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens of ``text`` (whitespace and comments dropped).

    >>> [t.text for t in tokens('SELECT * { ?s <x:a> "a { b" } # }')]
    ['SELECT', '*', '{', '?s', '<x:a>', '"a { b"', '}']
    """
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, m.group(), m.start())


def strip_comments(text: str) -> str:
    r"""``text`` without its comments (``#`` in strings and IRIs is kept); lines stay.

    >>> strip_comments('# title\nSELECT * { ?s <x:a#b> "#c" } # end')
    '\nSELECT * { ?s <x:a#b> "#c" } '
    """
    out = []
    last = 0
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "comment":
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    return "".join(out)


def has_keyword(text: str, keyword: str) -> bool:
    """True when ``keyword`` occurs as a bare keyword (not in a string, IRI or comment).

    >>> has_keyword('SELECT * { SERVICE <http://x> { ?s ?p ?o } }', 'service')
    True
    >>> has_keyword('SELECT * { ?s ?p "SERVICE" } # SERVICE', 'service')
    False
    """
    kw = keyword.upper()
    return any(t.kind == "word" and t.text.upper() == kw for t in tokens(text))


_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def where_group_start(text: str) -> int | None:
    """Offset just after the ``{`` opening the outermost WHERE group, or None.

    For ``CONSTRUCT { template } WHERE { ... }`` the template is skipped.

    >>> q = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
    >>> q[where_group_start(q):].strip()
    '?s ?p ?o }'
    """
    form: str | None = None
    depth = 0
    groups_seen = 0
    saw_where = False
    for t in tokens(text):
        if form is None:
            if t.kind == "word" and t.text.upper() in _FORMS:
                form = t.text.upper()
            continue
        if t.kind == "word" and t.text.upper() == "WHERE" and depth == 0:
            saw_where = True
        if t.kind == "punct" and t.text == "{":
            if depth == 0:
                skip_template = form == "CONSTRUCT" and not saw_where and groups_seen == 0
                groups_seen += 1
                if not skip_template:
                    return t.start + 1
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth -= 1
    return None


@dataclass(frozen=True)
class SubSelect:
    """A nested ``SELECT``: where its WHERE group opens and which variables it projects."""

    group_start: int  # offset just after the ``{`` opening its WHERE group
    projected: frozenset[str]  # names (no ``?``) of the variables projected as such


def subselect_groups(text: str) -> list[SubSelect]:
    """The sub-SELECTs of ``text`` (nested queries, not the query itself), in text order.

    A variable counts as projected when it stands alone in the projection, not when an
    expression defines it (``(MAX(?p) AS ?largest)``); ``SELECT *`` projects none here.

    >>> q = 'SELECT ?a WHERE { { SELECT ?a (MAX(?x) AS ?m) WHERE { ?a <p> ?x } GROUP BY ?a } }'
    >>> [sorted(s.projected) for s in subselect_groups(q)]
    [['a']]
    >>> q[subselect_groups(q)[0].group_start:].split('}')[0].strip()
    '?a <p> ?x'
    """
    toks = list(tokens(text))
    out: list[SubSelect] = []
    depth = 0
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "punct" and t.text == "{":
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth -= 1
        elif t.kind == "word" and t.text.upper() == "SELECT" and depth > 0:
            projected: set[str] = set()
            parens = 0
            j = i + 1
            while j < len(toks):  # the projection, up to WHERE or the group's brace
                u = toks[j]
                if u.kind == "punct" and u.text in "{(":
                    if u.text == "{" and parens == 0:
                        break
                    parens += 1
                elif u.kind == "punct" and u.text == ")":
                    parens -= 1
                elif parens == 0 and u.kind == "word" and u.text.upper() == "WHERE":
                    j += 1
                    break
                elif parens == 0 and u.kind == "var":
                    projected.add(u.text[1:])
                j += 1
            if j >= len(toks) or toks[j].text != "{":
                break  # malformed: the engine reports it
            out.append(SubSelect(toks[j].start + 1, frozenset(projected)))
            depth += 1  # the WHERE group's brace, consumed here
            i = j + 1
            continue
        i += 1
    return out
