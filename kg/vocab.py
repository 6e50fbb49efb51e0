"""IRIs of the vocabulary, derived from ``kg/ontology.ttl`` rather than typed twice.

``term("developer")`` returns the full IRI and fails on a misspelled name (the habit
of rdflib's ``DefinedNamespace``).  pyoxigraph parses the ontology in a few ms, so this
costs nothing at start-up of commands that need it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

VOCAB = "https://w3id.org/llmkg/vocab#"
ID = "https://w3id.org/llmkg/id/"
ONTOLOGY_PATH = Path(__file__).with_name("ontology.ttl")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

#: Prefixes used in exports and prepended to user queries that lack them.
PREFIXES: dict[str, str] = {
    "llm": VOCAB,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "model": ID + "model/",
    "org": ID + "organization/",
    "tech": ID + "technique/",
    "series": ID + "series/",
    "claim": ID + "claim/",
    "doc": ID + "doc/",
}

#: Lineage properties, most specific first; all are sub-properties of derivedFrom
#: except successorOf.
LINEAGE = ("successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom",
           "quantizedFrom", "adapterOf", "mergedFrom")

#: Lineage kinds outside the gold schema's set, and the scored kind each one is also
#: stated as (its super-property in kg/ontology.ttl): a quantized or merged model is
#: derived from its parents, an adapter is a (parameter-efficient) fine-tune.  The graph
#: writes both fact triples, so tools that know only derivedFrom / fineTunedFrom (and
#: queries without RDFS reasoning) still see every edge; the claim keeps the specific kind.
IMPLIED: dict[str, str] = {"quantizedFrom": "derivedFrom", "mergedFrom": "derivedFrom", "adapterOf": "fineTunedFrom"}

#: Architecture values (as written in claims) -> individual local names.
ARCHITECTURES = {
    "decoder-only": "DecoderOnly",
    "encoder-only": "EncoderOnly",
    "encoder-decoder": "EncoderDecoder",
    "MoE": "MixtureOfExperts",
}


@lru_cache(maxsize=1)
def terms() -> frozenset[str]:
    """Local names of everything the ontology defines in the ``llm:`` namespace."""
    import pyoxigraph

    with open(ONTOLOGY_PATH, "rb") as fh:
        triples = pyoxigraph.parse(fh, pyoxigraph.RdfFormat.TURTLE)
        return frozenset(
            t.subject.value[len(VOCAB):]
            for t in triples
            if isinstance(t.subject, pyoxigraph.NamedNode) and t.subject.value.startswith(VOCAB)
        )


def term(name: str) -> str:
    """Full IRI of vocabulary term ``name``; KeyError if the ontology has no such term."""
    if name not in terms():
        raise KeyError(f"llm:{name} is not defined in {ONTOLOGY_PATH.name}")
    return VOCAB + name


def prefix_block() -> str:
    """SPARQL PREFIX lines for :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
