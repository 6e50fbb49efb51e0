"""Graph stage: turn resolved entities and claims into RDF (pyoxigraph terms).

Facts are plain triples on entity IRIs (easy to query); every fact also gets one
``llm:Claim`` node per source statement (RDF 1.1 reification style, portable to every
store), pointing at the document node, line, verbatim quote and extractor.  Claim IRIs
are a hash of their content, so the same input gives the same IRIs and the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg.model import Claim, Document, Mention, Provenance, Value
from kg.resolve import Resolution, ResolvedClaim
from kg.vocab import ARCHITECTURES, DCTERMS, ID, PROV, RDF, RDFS, SKOS, VOCAB, XSD, term

__all__ = ["graph_quads", "doc_iri", "entity_iri", "value_term", "SINGLE_VALUED"]

#: Properties where two different values from the sources are a conflict to report.
SINGLE_VALUED = ("releaseDate", "developer")

_T = NamedNode(RDF + "type")
_LABEL = NamedNode(RDFS + "label")
_ALT = NamedNode(SKOS + "altLabel")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def entity_iri(ident: str) -> NamedNode:
    return NamedNode(ID + ident)


def doc_iri(path: str) -> NamedNode:
    """IRI of a source document: a readable slug of its path.

    When slugging changed the path (spaces, odd characters), a short hash of the exact
    path is appended, so ``a b.md`` and ``a-b.md`` stay two documents.
    """
    base = re.sub(r"[^\w.\-]+", "-", path).strip("-") or "doc"
    if base != path:
        base = f"{base}-{hashlib.sha256(path.encode('utf-8')).hexdigest()[:8]}"
    return NamedNode(f"{ID}doc/{base}")


def lang_literal(text: str) -> Literal:
    """A label tagged @zh when it contains CJK characters, else @en."""
    return Literal(text, language="zh" if _CJK.search(text) else "en")


def value_term(v: Value) -> Literal | NamedNode:
    """RDF term of a literal claim object, typed as the vocabulary says."""
    if v.kind == "integer":
        return Literal(str(int(v.value)), datatype=NamedNode(XSD + "integer"))
    if v.kind == "boolean":
        return Literal("true" if v.value else "false", datatype=NamedNode(XSD + "boolean"))
    if v.kind == "date":
        s = str(v.value)
        dt = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(s), "string")
        return Literal(s, datatype=NamedNode(XSD + dt))
    if v.kind == "architecture":
        return NamedNode(VOCAB + ARCHITECTURES[str(v.value)])
    if v.kind == "class":
        return NamedNode(term(str(v.value)))
    return Literal(str(v.value))


def _pred(name: str) -> NamedNode:
    return _T if name == "type" else NamedNode(term(name))


def _implied_type_claims(res: Resolution) -> list[ResolvedClaim]:
    """Type claims for entities no extractor typed explicitly.

    An organization named only as a model's developer is still stated to exist by that
    sentence; its type claim carries that sentence's provenance, so every fact, types
    included, traces to a quote.  The earliest mention (by document, line) is used.
    """
    typed = {rc.subject for rc in res.claims if rc.predicate == "type"}
    first: dict[str, ResolvedClaim] = {}
    for rc in res.claims:
        for ident in (rc.subject, rc.object):
            if isinstance(ident, str) and ident not in typed:
                cur = first.get(ident)
                key = (rc.claim.prov.doc, rc.claim.prov.line, rc.claim.prov.quote, rc.claim.prov.extractor)
                if cur is None or key < (cur.claim.prov.doc, cur.claim.prov.line,
                                         cur.claim.prov.quote, cur.claim.prov.extractor):
                    first[ident] = rc
    out = []
    for ident, rc in sorted(first.items()):
        cls = res.entities[ident].cls
        pv = rc.claim.prov
        mention = Claim(Mention(res.entities[ident].label, cls), "type", Value(cls, "class"),
                        Provenance(pv.doc, pv.line, pv.quote, f"{pv.extractor}/mention"))
        out.append(ResolvedClaim(ident, "type", Value(cls, "class"), mention))
    return out


def graph_quads(res: Resolution, docs: Iterable[Document]) -> Iterator[Quad]:
    """All quads of the graph (default graph), in no particular order."""
    for d in docs:
        di = doc_iri(d.path)
        yield Quad(di, _T, NamedNode(VOCAB + "Document"))
        yield Quad(di, NamedNode(VOCAB + "path"), Literal(d.path))
        yield Quad(di, NamedNode(DCTERMS + "title"), Literal(d.title))
        yield Quad(di, NamedNode(VOCAB + "sha256"), Literal(d.sha256))

    for e in res.entities.values():
        s = entity_iri(e.id)
        yield Quad(s, _T, NamedNode(VOCAB + e.cls))
        yield Quad(s, _LABEL, lang_literal(e.label))
        for alt in sorted(e.alt_labels):
            yield Quad(s, _ALT, lang_literal(alt))

    claim_t = NamedNode(VOCAB + "Claim")
    for rc in list(res.claims) + _implied_type_claims(res):
        s = entity_iri(rc.subject)
        p = _pred(rc.predicate)
        o = value_term(rc.object) if isinstance(rc.object, Value) else entity_iri(rc.object)
        yield Quad(s, p, o)
        pv = rc.claim.prov
        digest = hashlib.sha256(
            "\x1f".join(
                (s.value, p.value, str(o), pv.doc, str(pv.line), pv.extractor, pv.quote)
            ).encode("utf-8")
        ).hexdigest()[:24]
        c = NamedNode(f"{ID}claim/{digest}")
        yield Quad(c, _T, claim_t)
        yield Quad(c, NamedNode(RDF + "subject"), s)
        yield Quad(c, NamedNode(RDF + "predicate"), p)
        yield Quad(c, NamedNode(RDF + "object"), o)
        yield Quad(c, NamedNode(PROV + "wasDerivedFrom"), doc_iri(pv.doc))
        yield Quad(c, NamedNode(VOCAB + "line"), Literal(str(pv.line), datatype=NamedNode(XSD + "integer")))
        yield Quad(c, NamedNode(VOCAB + "quote"), Literal(pv.quote))
        yield Quad(c, NamedNode(VOCAB + "extractor"), Literal(pv.extractor))
