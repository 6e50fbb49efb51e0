"""Graph stage: the RDF terms of entities, documents and values (pyoxigraph terms).

Facts are plain triples on entity IRIs (easy to query); every fact also gets one
``llm:Claim`` node per source statement (RDF 1.1 reification style, portable to every
store), pointing at the document node, line, verbatim quote and extractor.  Claim IRIs
are a hash of their content, so the same input gives the same IRIs and the same bytes.
The lines of the graph are written by :mod:`kg.graph.segments`.
"""

from __future__ import annotations

import hashlib
import re

from pyoxigraph import NamedNode

from kg.vocab import ID

__all__ = ["doc_iri", "SINGLE_VALUED"]

#: Properties where two different values from the sources are a conflict to report.
SINGLE_VALUED = ("releaseDate", "developer")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def doc_iri(path: str) -> NamedNode:
    """IRI of a source document: a readable slug of its path.

    When slugging changed the path (spaces, odd characters), a short hash of the exact
    path is appended, so ``a b.md`` and ``a-b.md`` stay two documents.
    """
    base = re.sub(r"[^\w.\-]+", "-", path).strip("-") or "doc"
    if base != path:
        base = f"{base}-{hashlib.sha256(path.encode('utf-8')).hexdigest()[:8]}"
    return NamedNode(f"{ID}doc/{base}")
