"""Export the graph: Turtle, N-Triples, TriG (pyoxigraph's native writers) and JSON-LD.

Why native writers: at 1 M triples rdflib's Turtle writer takes ~29 s, pyoxigraph's
~0.6 s (see shared/STACK.md).  Output is deterministic: the store iterates quads in
the order of their encoded keys, which depends only on the terms, so the same graph
gives the same bytes.  JSON-LD is compacted here with a readable ``@context`` because
pyoxigraph writes expanded JSON-LD only; integers are written as typed strings (not
JSON numbers) so parameter counts survive JavaScript's 53-bit floats.

Files are written to a temporary name beside the target and renamed into place, so an
interrupted export never leaves a half-written file under the target name.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KgError
from kg.vocab import ID, PREFIXES, RDF, VOCAB, XSD

__all__ = ["FORMATS", "export_graph", "write_export", "jsonld_document", "graph_triples"]

#: format name -> (file extension, pyoxigraph RdfFormat attribute or None for our JSON-LD)
FORMATS: dict[str, tuple[str, str | None]] = {
    "turtle": ("ttl", "TURTLE"),
    "nt": ("nt", "N_TRIPLES"),
    "trig": ("trig", "TRIG"),
    "jsonld": ("jsonld", None),
}

DEFAULT_DIR = "exports"
DEFAULT_NAME = "llm-kg"


def graph_triples(store, provenance: bool = True) -> Iterator:
    """Triples of the default graph; without provenance, claim and document nodes are dropped."""
    import pyoxigraph

    claim_prefix = ID + "claim/"
    doc_prefix = ID + "doc/"
    for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
        if not provenance:
            s = q.subject.value
            if s.startswith(claim_prefix) or s.startswith(doc_prefix):
                continue
        yield q.triple


def export_graph(store, fmt: str, out: Path, provenance: bool = True) -> Path:
    """Write the store's graph in ``fmt`` to ``out`` atomically; return the path."""
    if fmt not in FORMATS:
        raise KgError(f"--format: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    out = Path(out)
    if fmt == "jsonld":
        data = jsonld_bytes(graph_triples(store, provenance))
        write_export(out, lambda fh: fh.write(data))
    else:
        import pyoxigraph

        rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt][1])
        prefixes = dict(PREFIXES) if fmt in ("turtle", "trig") else None
        triples = graph_triples(store, provenance)
        if fmt == "trig":
            items: Iterable = (pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
        else:
            items = triples
        write_export(out, lambda fh: pyoxigraph.serialize(items, fh, rdf_format, prefixes=prefixes))
    return out


def write_export(out: Path, write) -> None:
    """Call ``write(binary_file)`` on a temp file beside ``out``, then rename it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise KgError(f"{out}: cannot write ({exc.strerror or exc})") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- JSON-LD

#: Short property names of the @context: term -> (IRI, @type coercion or None).
_TERMS: dict[str, tuple[str, str | None]] = {
    "label": (PREFIXES["rdfs"] + "label", None),
    "altLabel": (PREFIXES["skos"] + "altLabel", None),
    "developer": (VOCAB + "developer", "@id"),
    "releaseDate": (VOCAB + "releaseDate", None),
    "parameters": (VOCAB + "parameters", XSD + "integer"),
    "activeParameters": (VOCAB + "activeParameters", XSD + "integer"),
    "contextLength": (VOCAB + "contextLength", XSD + "integer"),
    "trainingTokens": (VOCAB + "trainingTokens", XSD + "integer"),
    "openWeights": (VOCAB + "openWeights", XSD + "boolean"),
    "architecture": (VOCAB + "architecture", "@id"),
    "usesTechnique": (VOCAB + "usesTechnique", "@id"),
    "series": (VOCAB + "series", "@id"),
    "successorOf": (VOCAB + "successorOf", "@id"),
    "derivedFrom": (VOCAB + "derivedFrom", "@id"),
    "fineTunedFrom": (VOCAB + "fineTunedFrom", "@id"),
    "distilledFrom": (VOCAB + "distilledFrom", "@id"),
    "quantizedFrom": (VOCAB + "quantizedFrom", "@id"),
    "adapterOf": (VOCAB + "adapterOf", "@id"),
    "mergedFrom": (VOCAB + "mergedFrom", "@id"),
    "subject": (RDF + "subject", "@id"),
    "predicate": (RDF + "predicate", "@id"),
    "object": (RDF + "object", None),
    "source": (PREFIXES["prov"] + "wasDerivedFrom", "@id"),
    "line": (VOCAB + "line", XSD + "integer"),
    "quote": (VOCAB + "quote", None),
    "place": (VOCAB + "place", None),
    "format": (PREFIXES["dcterms"] + "format", None),
    "extractor": (VOCAB + "extractor", None),
    "path": (VOCAB + "path", None),
    "title": (PREFIXES["dcterms"] + "title", None),
    "sha256": (VOCAB + "sha256", None),
}
_BY_IRI = {iri: (term, coerce) for term, (iri, coerce) in _TERMS.items()}


def _compact_iri(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def context() -> dict:
    """The JSON-LD @context: the prefixes plus one short term per property."""
    ctx: dict = dict(PREFIXES)
    for term, (iri, coerce) in _TERMS.items():
        d: dict = {"@id": _compact_iri(iri)}
        if coerce:
            d["@type"] = coerce if coerce == "@id" else _compact_iri(coerce)
        ctx[term] = d
    return ctx


def _value(obj, coerce: str | None):
    import pyoxigraph

    if isinstance(obj, pyoxigraph.NamedNode):
        return _compact_iri(obj.value) if coerce == "@id" else {"@id": _compact_iri(obj.value)}
    if isinstance(obj, pyoxigraph.BlankNode):
        return {"@id": f"_:{obj.value}"}
    lit = obj
    if lit.language:
        return {"@value": lit.value, "@language": lit.language}
    dt = lit.datatype.value
    if coerce and coerce != "@id" and dt == coerce:
        return lit.value
    if dt == XSD + "string" and coerce is None:
        return lit.value
    return {"@value": lit.value, "@type": _compact_iri(dt)}


def jsonld_document(triples: Iterable) -> dict:
    """A compacted JSON-LD document (``@context`` + ``@graph``) for ``triples``."""
    import pyoxigraph

    nodes: dict[str, dict] = {}
    for t in triples:
        s = t.subject
        sid = f"_:{s.value}" if isinstance(s, pyoxigraph.BlankNode) else _compact_iri(s.value)
        node = nodes.setdefault(sid, {"@id": sid})
        p = t.predicate.value
        if p == RDF + "type" and isinstance(t.object, pyoxigraph.NamedNode):
            node.setdefault("@type", []).append(_compact_iri(t.object.value))
            continue
        term, coerce = _BY_IRI.get(p, (_compact_iri(p), None))
        node.setdefault(term, []).append(_value(t.object, coerce))
    graph = []
    for sid in sorted(nodes):
        node = nodes[sid]
        out = {}
        for k in sorted(node):
            v = node[k]
            if isinstance(v, list):
                v = sorted(v, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
                v = v[0] if len(v) == 1 else v
            out[k] = v
        graph.append(out)
    return {"@context": context(), "@graph": graph}


def jsonld_bytes(triples: Iterable) -> bytes:
    doc = jsonld_document(triples)
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
