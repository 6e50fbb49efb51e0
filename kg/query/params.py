"""``--param NAME=VALUE`` -> RDF terms, bound by substitution (never pasted into text).

Why terms and not text: a value such as ``x" || true || "`` pasted into a query
changes its meaning; a ``Literal`` bound to ``?name`` cannot.  Typing follows the
declared parameter type of a named query; for ad-hoc queries it is inferred:
``<iri>`` -> IRI, ``42`` -> xsd:integer, ``1.5`` -> xsd:decimal, ``true`` ->
xsd:boolean, anything else -> a plain string literal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from kg.errors import QueryError
from kg.query.named import NamedQuery, Param
from kg.vocab import XSD

__all__ = ["parse_param_args", "infer_term", "typed_term", "bind_params", "row_limit",
           "apply_row_limit"]

_NAME = re.compile(r"^[A-Za-z_]\w*$")
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_SIZE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[kKmMbBtT])$")
_UNITS = {"k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}
_DATE = {
    re.compile(r"^\d{4}$"): "gYear",
    re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"): "gYearMonth",
    re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"): "date",
}

#: Resolves (label, class or None) -> entity IRI; raises EntityNotFound.
EntityResolver = Callable[[str, "str | None"], str]


def parse_param_args(values: Iterable[str]) -> dict[str, str]:
    """``["model=LLaMA 2", ...]`` -> ``{"model": "LLaMA 2"}``; QueryError when malformed.

    >>> parse_param_args(["a=1", "b=x=y"])
    {'a': '1', 'b': 'x=y'}
    """
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.match(name):
            raise QueryError(f"--param {item!r}: expected NAME=VALUE with NAME a SPARQL variable name")
        if name in out:
            raise QueryError(f"--param {name}: given twice")
        out[name] = value
    return out


def _iri(name: str, value: str):
    import pyoxigraph

    text = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    try:
        return pyoxigraph.NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"--param {name}: invalid IRI {value!r} ({exc})") from None


def infer_term(name: str, value: str):
    """Term for an undeclared parameter, typed from its spelling.

    >>> str(infer_term("n", "42")), str(infer_term("s", 'a "b"')), str(infer_term("i", "<http://x/>"))
    ('"42"^^<http://www.w3.org/2001/XMLSchema#integer>', '"a \\\\"b\\\\""', '<http://x/>')
    """
    import pyoxigraph

    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        return _iri(name, value)
    if _INT.match(value):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "integer"))
    if _DEC.match(value):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "decimal"))
    if value in ("true", "false"):
        return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "boolean"))
    return pyoxigraph.Literal(value)


def typed_term(param: Param, value: str, resolve: EntityResolver | None):
    """Term for a declared parameter: the value must fit the declared type."""
    import pyoxigraph

    name = param.name
    if param.type == "entity":
        if value.startswith("<") and value.endswith(">"):
            return _iri(name, value)
        if resolve is None:
            raise QueryError(f"--param {name}: cannot look up entity names without a store")
        return pyoxigraph.NamedNode(resolve(value, param.cls))
    if param.type == "integer":
        text = value.strip().replace("_", "").replace(",", "")
        m = _SIZE.match(text)
        if m:  # 7B, 1.5T, 32k: how sizes are written in this domain
            text = str(round(float(m["n"]) * _UNITS[m["unit"].lower()]))
        if not _INT.match(text):
            raise QueryError(f"--param {name}: {value!r} is not an integer (e.g. 7000000000 or 7B)")
        return pyoxigraph.Literal(str(int(text)), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    if param.type == "date":
        text = value.strip()
        for rx, dtype in _DATE.items():
            if rx.match(text):
                return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(XSD + dtype))
        raise QueryError(f"--param {name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return pyoxigraph.Literal(value)


def bind_params(
    raw: Mapping[str, str],
    named: NamedQuery | None = None,
    resolve: EntityResolver | None = None,
) -> dict[str, object]:
    """Parameter name -> RDF term, with the defaults of a named query filled in.

    For a named query, an undeclared name is an error listing the declared ones.
    """
    if named is None:
        return {name: infer_term(name, value) for name, value in raw.items()}
    declared = {p.name: p for p in named.params}
    unknown = [n for n in raw if n not in declared]
    if unknown:
        known = ", ".join(p.signature() for p in named.params) or "none"
        raise QueryError(f"query {named.name!r} has no parameter {unknown[0]!r}; parameters: {known}")
    out: dict[str, object] = {}
    for p in named.params:
        if p is named.row_limit:  # rows, not a variable: see row_limit / apply_row_limit
            row_limit(raw, named)
            continue
        value = raw.get(p.name, p.default)
        if value is not None:
            out[p.name] = typed_term(p, value, resolve)
    return out


def row_limit(raw: Mapping[str, str], named: NamedQuery | None) -> int | None:
    """The row limit of a named query: ``--param limit=N`` or its default (None: none declared).

    0 means every row.
    """
    if named is None or named.row_limit is None:
        return None
    p = named.row_limit
    value = raw.get(p.name, p.default)
    n = int(typed_term(p, value, None).value)
    if n < 0:
        raise QueryError(f"--param {p.name}: {value!r} is negative (0 means every row)")
    return n


def apply_row_limit(text: str, named: NamedQuery, n: int) -> str:
    """``text`` with its ``LIMIT <default>`` clauses set to ``LIMIT n`` (removed for 0)."""
    from kg.query.named import limit_clauses

    p = named.row_limit
    if p is None or p.default is None or n == int(p.default):
        return text
    new = f"LIMIT {n}" if n else ""
    for start, end in reversed(limit_clauses(text, int(p.default))):
        text = text[:start] + new + text[end:]
    return text
