"""Named queries: the documented ``.rq`` files in ``queries/``.

Each file begins with a comment block that is both the documentation and the
parameter declaration, so a query and its contract cannot drift apart::

    # title: Derivatives of a model
    # description: Every model built on MODEL, directly or through other models,
    #   with the kind of the last step.
    # param: model entity:Model = LLaMA -- the ancestor
    # example: kg query derivatives --param model="LLaMA 2"

``param`` lines read ``NAME TYPE[:Class] [= DEFAULT] [-- help]`` with TYPE one of
entity, literal, integer, date.  A parameter is bound to the SPARQL variable of the
same name (``?model``), which must be in the SELECT projection (pyoxigraph's rule
for substitutions).  A parameter without a default that is not given stays unbound,
so the query then answers for every entity.

One name is special: ``# param: limit integer = 1000 -- ...`` is not a variable but
the number of rows.  The query text then holds ``LIMIT 1000`` (the default, so a
plain SPARQL engine runs the file as is) and ``--param limit=N`` rewrites every
``LIMIT 1000`` of the text to ``LIMIT N``; ``limit=0`` removes them (every row).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError

__all__ = ["Param", "NamedQuery", "PARAM_TYPES", "ROW_LIMIT", "queries_dir", "load_queries",
           "get_query", "parse_header", "limit_clauses"]

PARAM_TYPES = ("entity", "literal", "integer", "date")

#: The parameter name that sets a query's LIMIT instead of binding a variable.
ROW_LIMIT = "limit"

_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+(?P<type>entity|literal|integer|date)(?::(?P<cls>\w+))?"
    r"\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<help>.*))?$"
)
_KEY = re.compile(r"^#\s*(?P<key>title|description|param|example)\s*:\s?(?P<value>.*)$")


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query."""

    name: str
    type: str
    cls: str | None = None
    default: str | None = None
    help: str = ""

    def signature(self) -> str:
        """``model:entity=LLaMA`` — compact form for listings."""
        t = f"{self.type}:{self.cls}" if self.cls else self.type
        return f"{self.name}:{t}" + (f"={self.default}" if self.default is not None else "")


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its documentation header."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    text: str

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def row_limit(self) -> Param | None:
        """The ``limit`` parameter (rows, not a SPARQL variable), when declared."""
        p = self.param(ROW_LIMIT)
        return p if p is not None and p.type == "integer" else None


def queries_dir() -> Path:
    """Folder of the named queries: env ``KG_QUERIES`` or ``queries/`` next to ``kg/``."""
    env = os.environ.get("KG_QUERIES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "queries"


def parse_header(path: Path, text: str) -> NamedQuery:
    """Read the comment header of a query file.  Raises QueryError when malformed."""
    fields: dict[str, list[str]] = {"title": [], "description": [], "example": []}
    params: list[Param] = []
    last: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        m = _KEY.match(stripped)
        if m:
            key, value = m["key"], m["value"].strip()
            last = key
            if key == "param":
                pm = _PARAM.match(value)
                if not pm:
                    raise QueryError(
                        f"{path}:{lineno}: bad param line {value!r} "
                        f"(want NAME TYPE[:Class] [= DEFAULT] [-- help], TYPE in {', '.join(PARAM_TYPES)})"
                    )
                default = pm["default"]
                if default is not None:
                    default = default.strip().strip('"')
                params.append(Param(pm["name"], pm["type"], pm["cls"], default or None,
                                    (pm["help"] or "").strip()))
            else:
                fields[key].append(value)
        elif last in ("description", "title") and stripped.startswith("#  "):
            fields[last].append(stripped[1:].strip())  # indented continuation line
        else:
            last = None
    title = " ".join(fields["title"]).strip()
    if not title:
        raise QueryError(f"{path}: the header has no '# title:' line")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a parameter is declared twice")
    for p in params:
        if p.name == ROW_LIMIT:
            if p.type != "integer" or p.default is None or not p.default.isdigit():
                raise QueryError(f"{path}: the {ROW_LIMIT} parameter must be 'integer = N' (rows)")
            if not limit_clauses(text, int(p.default)):
                raise QueryError(f"{path}: declares {ROW_LIMIT} = {p.default} but has no "
                                 f"'LIMIT {p.default}' clause")
    return NamedQuery(
        name=path.stem,
        path=path,
        title=title,
        description=" ".join(fields["description"]).strip(),
        params=tuple(params),
        examples=tuple(fields["example"]),
        text=text,
    )


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of ``folder`` (default :func:`queries_dir`), by name, sorted."""
    folder = folder or queries_dir()
    if not folder.is_dir():
        return {}
    out: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        out[path.stem] = parse_header(path, path.read_text(encoding="utf-8"))
    return out


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query ``name``; QueryError listing the known names otherwise."""
    queries = load_queries(folder)
    if name in queries:
        return queries[name]
    known = ", ".join(queries) or "(none)"
    raise QueryError(f"no named query {name!r} (and no such file); known queries: {known}")


_LIMIT_NUMBER = re.compile(r"\s*(\d+)")


def limit_clauses(text: str, value: int) -> list[tuple[int, int]]:
    r"""Spans (start, end) of the ``LIMIT value`` clauses of ``text`` (not in strings/comments).

    >>> q = 'SELECT * { ?s ?p "LIMIT 5" } # LIMIT 5\nLIMIT 5'
    >>> [q[a:b] for a, b in limit_clauses(q, 5)]
    ['LIMIT 5']
    """
    from kg.query.scan import tokens

    spans = []
    for t in tokens(text):
        if t.kind == "word" and t.text.upper() == "LIMIT":
            m = _LIMIT_NUMBER.match(text, t.start + len(t.text))
            if m and int(m.group(1)) == value:
                spans.append((t.start, m.end()))
    return spans
