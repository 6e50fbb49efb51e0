"""Write a :class:`QueryResult` as a table, CSV, TSV, SPARQL JSON or Turtle.

Data comes from documents nobody vetted, so output is defensive where it lands:

* terminal: control characters (ANSI escapes), and bidi overrides that reorder
  what a reader sees, are shown as ``\\x1b``-style escapes; rich renders cells as
  ``Text`` objects, so ``[bold]`` in data is printed, not interpreted.
* CSV/TSV: a cell starting with ``= + - @`` (or tab / CR) is prefixed with ``'`` so
  a spreadsheet does not run it as a formula (OWASP "CSV injection"); plain numbers
  are left alone so ``-5`` stays a number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import IO

from kg.query.run import QueryResult
from kg.vocab import PREFIXES, XSD

__all__ = ["FORMATS", "write_result", "display_term", "terminal_safe", "spreadsheet_safe",
           "result_json", "term_json"]

FORMATS = ("table", "csv", "tsv", "json")

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_LOCAL = re.compile(r"^[\w\-./]*$")


def terminal_safe(text: str) -> str:
    r"""Make control and bidi characters visible instead of letting them act.

    >>> terminal_safe("a\x1b[31mred\u202e")
    'a\\x1b[31mred\\u202e'
    """

    def esc(m: re.Match[str]) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _UNSAFE.sub(esc, text)


def spreadsheet_safe(cell: str) -> str:
    """Prefix formula-looking cells with a quote.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-5"), spreadsheet_safe("-x")
    ("'=HYPERLINK(1)", '-5', "'-x")
    """
    if cell and cell[0] in "=+-@\t\r" and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def display_term(term, short: bool = True) -> str:
    """Human form of a term: ``id:model/llama-2`` for IRIs, the lexical value for literals."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        iri = term.value
        if short:
            # longest namespace first: model:llama-2 rather than id:model/llama-2
            for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
                if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                    return f"{prefix}:{iri[len(ns):]}"
        return iri
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)


def term_json(term) -> dict[str, object]:
    """A term in the SPARQL 1.1 JSON results format."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def result_json(result: QueryResult) -> dict[str, object]:
    """SPARQL 1.1 JSON results document for a select or ask result."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    return {
        "head": {"vars": list(result.variables)},
        "results": {"bindings": [
            {v: term_json(t) for v, t in row.items() if t is not None} for row in result.rows
        ]},
    }


def graph_bytes(result: QueryResult, fmt: str = "turtle") -> bytes:
    """CONSTRUCT/DESCRIBE triples as Turtle (with the usual prefixes), N-Triples or JSON-LD."""
    import pyoxigraph

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
               "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdfxml": pyoxigraph.RdfFormat.RDF_XML}
    f = formats[fmt]
    prefixes = dict(PREFIXES) if fmt in ("turtle", "rdfxml") else None
    return pyoxigraph.serialize(result.triples, format=f, prefixes=prefixes) or b""


def _table(result: QueryResult, out: IO[str], color: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, highlight=False, markup=False, emoji=False,
                      force_terminal=color, no_color=not color, width=_width(out))
    if result.kind == "ask":
        console.print(Text("true" if result.boolean else "false"))
        return
    table = Table(show_lines=False, header_style="bold" if color else "")
    for v in result.variables:
        table.add_column(v, overflow="fold")  # a narrow terminal wraps a cell, never crops it
    for row in result.rows:
        table.add_row(*(Text(terminal_safe(display_term(row.get(v))), overflow="fold") for v in result.variables))
    console.print(table)
    n = len(result.rows)
    console.print(Text(f"{n} row{'s' if n != 1 else ''}" + (" (truncated)" if result.truncated else "")))


def _width(out: IO[str]) -> int | None:
    """The terminal's width, or one never reached for a pipe or file (cells are never cut)."""
    isatty = getattr(out, "isatty", None)
    return None if isatty and isatty() else 1_000_000


def write_result(result: QueryResult, fmt: str, out: IO[str], terminal: bool = False) -> None:
    """Write ``result`` to ``out`` in ``fmt`` (one of :data:`FORMATS`).

    ``terminal`` -> also neutralise control characters in CSV/TSV/Turtle (they are
    kept verbatim in files, where they are data, not commands to a terminal).
    """
    clean = terminal_safe if terminal else (lambda s: s)
    if result.kind == "graph":
        data = graph_bytes(result, "jsonld" if fmt == "json" else "turtle").decode("utf-8")
        out.write(clean(data))
        return
    if fmt == "table":
        _table(result, out, color=terminal)
        return
    if fmt == "json":
        out.write(json.dumps(result_json(result), ensure_ascii=False, indent=2) + "\n")
        return
    if result.kind == "ask":
        out.write(("true" if result.boolean else "false") + "\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([spreadsheet_safe(clean(display_term(row.get(v), short=False)))
                             for v in result.variables])
        out.write(buf.getvalue())
        return
    if fmt == "tsv":
        out.write("\t".join(result.variables) + "\n")
        for row in result.rows:
            cells = [display_term(row.get(v), short=False) for v in result.variables]
            cells = [c.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                     for c in cells]
            out.write("\t".join(spreadsheet_safe(clean(c)) for c in cells) + "\n")
        return
    raise ValueError(f"unknown format {fmt!r}")
