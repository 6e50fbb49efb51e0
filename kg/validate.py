"""``kg validate``: check the graph against the SHACL shapes in ``kg/shapes.ttl``.

pyshacl runs on rdflib, so the store's default graph is copied into an rdflib graph
(N-Triples, fast at this corpus size).  Lineage cycles and self-loops are a
SHACL-SPARQL constraint in the shapes file, so every rule lives in one place that
other SHACL tools can run too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SHAPES_PATH", "Violation", "ValidationReport", "validate_store", "validate_file"]

SHAPES_PATH = Path(__file__).with_name("shapes.ttl")


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in readable pieces."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def line(self) -> str:
        at = f" {self.path}" if self.path else ""
        val = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.severity}: {self.focus}{at}: {self.message}{val}"


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> str:
        if self.conforms:
            return f"OK: {self.triples} triples conform to {SHAPES_PATH.name}"
        n = len(self.violations)
        return f"{n} violation{'s' if n != 1 else ''} in {self.triples} triples"


def _short(term) -> str:
    from rdflib import Literal, URIRef

    from kg.vocab import PREFIXES

    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, Literal):
        dt = f"^^{_short(term.datatype)}" if term.datatype else ""
        return f'"{term}"{dt}'
    return str(term) if term is not None else ""


def _validate_graph(data) -> ValidationReport:
    import pyshacl
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            allow_warnings=True)
    out: list[Violation] = []
    for r in results.subjects(RDF.type, sh.ValidationResult):
        sev = results.value(r, sh.resultSeverity)
        out.append(Violation(
            focus=_short(results.value(r, sh.focusNode)),
            path=_short(results.value(r, sh.resultPath)),
            message=str(results.value(r, sh.resultMessage) or "constraint not met"),
            value=_short(results.value(r, sh.value)),
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
        ))
    out.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    return ValidationReport(conforms=bool(conforms), triples=len(data), violations=out)


def validate_store(store) -> ValidationReport:
    """Validate the default graph of a pyoxigraph store."""
    import pyoxigraph
    from rdflib import Graph

    data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return _validate_graph(Graph().parse(data=data.decode("utf-8"), format="nt"))


def validate_file(path: str | Path) -> ValidationReport:
    """Validate an RDF file (format from its extension: .ttl, .nt, .jsonld ...)."""
    from rdflib import Graph

    from kg.errors import InputError

    try:
        return _validate_graph(Graph().parse(str(path)))
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: cannot read it as RDF ({exc})") from None
