"""Graph stage, split so builds can be incremental and parallel: the graph as N-Triples lines.

The graph of a corpus is the union of

* one **document segment** per document: the document node and every claim node of
  that document (type, predicate, literal object, source, line, quote, extractor).
  None of these lines names an entity, so the segment is made in the extraction
  worker and cached with the document;
* the **references** of a document's claim nodes to entities (``rdf:subject``, and
  ``rdf:object`` for entity objects).  The worker renders them with the ids the document
  alone would give (``DocSegment.guessed_refs``) so a full build can load them early;
  the few the corpus decides otherwise are re-pointed at the end (:func:`misguessed_refs`);
* the **global** lines: entity nodes (type, labels), fact triples (shared by every
  document that states them) and the implied type claims, made from sums over the
  documents' contributions (see :mod:`kg.graph.corpus`).

Claim IRIs hash the claim's entity *keys*, not its entity IRIs, so a document's
segment never depends on other documents.  An incremental build removes the lines
of changed documents and adds their new ones, and :class:`kg.graph.corpus.CorpusState`
says which global lines change.  Lines are canonical (same triple, same text), which is
what makes set differences correct.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.graph.build import _CJK, doc_iri
from kg.model import Claim, Value
from kg.resolve import Key, KeyedClaims, guess_ids
from kg.vocab import ARCHITECTURES, DCTERMS, ID, IMPLIED, PROV, RDF, RDFS, SKOS, VOCAB, XSD, term

__all__ = ["DocSegment", "DocContribution", "doc_segment", "render_refs", "misguessed_refs", "nt_literal",
           "corpus_ntriples"]

#: provenance of a mention as a sortable tuple: (document, line, quote, extractor)
ProvKey = tuple[str, int, str, str]

_TYPE = f"<{RDF}type>"
_CLAIM = f"<{VOCAB}Claim>"
_SUBJ = f"<{RDF}subject>"
_PRED = f"<{RDF}predicate>"
_OBJ = f"<{RDF}object>"
_FROM = f"<{PROV}wasDerivedFrom>"
_LINE = f"<{VOCAB}line>"
_QUOTE = f"<{VOCAB}quote>"
_EXTRACTOR = f"<{VOCAB}extractor>"
_PLACE = f"<{VOCAB}place>"
_INT = f"<{XSD}integer>"
_LABEL = f"<{RDFS}label>"
_ALT = f"<{SKOS}altLabel>"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_literal(text: str, suffix: str = "") -> str:
    """A string literal in N-Triples syntax (``suffix``: ``^^<dt>`` or ``@lang``)."""
    return f'"{text.translate(_ESCAPES)}"{suffix}'


def _value_nt(v: Value) -> str:
    """N-Triples term of a literal claim object, typed as the vocabulary says."""
    if v.kind == "integer":
        return f'"{int(v.value)}"^^{_INT}'
    if v.kind == "boolean":
        return f'"{"true" if v.value else "false"}"^^<{XSD}boolean>'
    if v.kind == "date":
        s = str(v.value)
        dt = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(s), "string")
        return nt_literal(s, f"^^<{XSD}{dt}>")
    if v.kind == "architecture":
        return f"<{VOCAB}{ARCHITECTURES[str(v.value)]}>"
    if v.kind == "class":
        return f"<{term(str(v.value))}>"
    return nt_literal(str(v.value))


def _pred_nt(name: str) -> str:
    return _TYPE if name == "type" else f"<{term(name)}>"


def _lang_nt(text: str) -> str:
    """A label as N-Triples: tagged @zh when it contains CJK characters, else @en."""
    return nt_literal(text, "@zh" if _CJK.search(text) else "@en")


def _claim_iri(parts: Iterable[str]) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"<{ID}claim/{digest}>"


def _doc_nt(path: str) -> str:
    return f"<{doc_iri(path).value}>"


def _key_text(k: Key) -> str:
    return f"{k[0]}\x1e{k[1]}"


@dataclass
class DocSegment:
    """What one document contributes to the graph, independent of other documents.

    ``facts`` hold ``(subject key, predicate term, object key or N-Triples term)``;
    ``first`` the earliest mention of each key (for implied type claims); ``surfaces``
    the spellings of each key (for labels).  All small, picklable and cached.
    """

    local: str
    refs: list[tuple[str, bool, Key]]  # (claim IRI, is object?, entity key)
    facts: set[tuple[Key, str, Key | str]]
    surfaces: dict[Key, dict[str, int]]
    typed: frozenset[Key]
    first: dict[Key, ProvKey] = field(default_factory=dict)
    claims: int = 0
    #: the entity ids this document alone would give its keys, and its references rendered
    #: with them: a full build loads these while other documents are still extracted and
    #: then corrects the few whose id the whole corpus decides otherwise
    guess: dict[Key, str] = field(default_factory=dict)
    guessed_refs: str = ""

    def contribution(self) -> DocContribution:
        return DocContribution(self.facts, self.surfaces, self.typed, self.first, self.claims,
                               frozenset(k for _, _, k in self.refs))


@dataclass
class DocContribution:
    """A document segment without its lines: what the global lines need (kept in the snapshot)."""

    facts: set[tuple[Key, str, Key | str]]
    surfaces: dict[Key, dict[str, int]]
    typed: frozenset[Key]
    first: dict[Key, ProvKey]
    claims: int
    refkeys: frozenset[Key]


def doc_segment(path: str, title: str, sha256: str, kc: KeyedClaims, claims: int,
                place: Callable[[int, str], str] | None = None, media_type: str = "") -> DocSegment:
    """The document's own lines and what it contributes to the global ones.

    ``place`` (line, quote) -> location in the original, for documents whose text a reader
    produced (:meth:`kg.model.Document.place`): each claim node then has an ``llm:place``
    ("p.3 l.12") a person can find in the PDF or web page; ``media_type`` is the original's.
    """
    di = f"<{doc_iri(path).value}>"
    dis = {path: di}
    out = [
        f"{di} {_TYPE} <{VOCAB}Document> .\n",
        f"{di} <{VOCAB}path> {nt_literal(path)} .\n",
        f"{di} <{DCTERMS}title> {nt_literal(title)} .\n",
        f"{di} <{VOCAB}sha256> {nt_literal(sha256)} .\n",
    ]
    if media_type:
        out.append(f"{di} <{DCTERMS}format> {nt_literal(media_type)} .\n")
    refs: list[tuple[str, bool, Key]] = []
    facts: set[tuple[Key, str, Key | str]] = set()
    typed: set[Key] = set()
    first: dict[Key, ProvKey] = {}
    lits: dict[str, str] = {}  # quotes repeat (one sentence, several claims): escape each once
    seen: set[str] = set()
    for sk, pred, ok, c in kc.claims:
        p = _pred_nt(pred)
        pv = c.prov
        quote_nt = lits.get(pv.quote)
        if quote_nt is None:
            quote_nt = lits[pv.quote] = nt_literal(pv.quote)
        ex_nt = lits.get(pv.extractor)
        if ex_nt is None:
            ex_nt = lits[pv.extractor] = nt_literal(pv.extractor)
        if isinstance(ok, tuple):
            o_text, o_nt = _key_text(ok), None
        else:
            o_nt = _value_nt(ok)
            o_text = o_nt
        ci = _claim_iri((_key_text(sk), p, o_text, pv.doc, str(pv.line), pv.extractor, pv.quote))
        if ci in seen:
            # the same claim made twice (several rules, or a name repeated in one quote):
            # its lines, references and facts are all the same; ~7 % of the claims of a
            # corpus, which the store would only parse, sort and drop again
            continue
        seen.add(ci)
        out.append(f"{ci} {_TYPE} {_CLAIM} .\n{ci} {_PRED} {p} .\n{ci} {_FROM} {dis.get(pv.doc) or _doc_nt(pv.doc)} .\n"
                   f'{ci} {_LINE} "{pv.line}"^^{_INT} .\n{ci} {_QUOTE} {quote_nt} .\n'
                   f"{ci} {_EXTRACTOR} {ex_nt} .\n")
        if place is not None:
            where_nt = place(pv.line, pv.quote)
            if where_nt:
                out.append(f"{ci} {_PLACE} {nt_literal(where_nt)} .\n")
        refs.append((ci, False, sk))
        if o_nt is None:
            refs.append((ci, True, ok))  # type: ignore[arg-type]
            facts.add((sk, p, ok))  # type: ignore[arg-type]
            if pred in IMPLIED:
                facts.add((sk, _pred_nt(IMPLIED[pred]), ok))  # type: ignore[arg-type]
        else:
            out.append(f"{ci} {_OBJ} {o_nt} .\n")
            facts.add((sk, p, o_nt))
        if pred == "type":
            typed.add(sk)
        where = (pv.doc, pv.line, pv.quote, pv.extractor)
        for k in (sk, ok) if isinstance(ok, tuple) else (sk,):
            cur = first.get(k)
            if cur is None or where < cur:
                first[k] = where
    surfaces = {k: dict(v) for k, v in kc.surfaces.items()}
    guess = guess_ids(kc.surfaces)
    return DocSegment("".join(out), refs, facts, surfaces, frozenset(typed), first, claims, guess,
                      render_refs(refs, guess))


def render_refs(refs: Iterable[tuple[str, bool, Key]], ids: dict[Key, str]) -> str:
    """The ``rdf:subject`` / ``rdf:object`` lines of a document's claims."""
    return "".join(f"{ci} {_OBJ if is_obj else _SUBJ} <{ID}{ids[k]}> .\n" for ci, is_obj, k in refs)


def misguessed_refs(seg: DocSegment, ids: dict[Key, str]) -> tuple[str, str]:
    """The references of ``seg.guessed_refs`` whose entity id the corpus decided otherwise:
    (lines to remove, lines to add)."""
    g = seg.guess
    bad = [r for r in seg.refs if g[r[2]] != ids[r[2]]]
    return (render_refs(bad, g), render_refs(bad, ids)) if bad else ("", "")


def corpus_ntriples(docs: Iterable[tuple[str, str, str, list[Claim]]]) -> str:
    """The whole graph of ``(path, title, sha256, claims)`` documents as N-Triples text.

    The same lines :func:`kg.pipeline.build` loads, without a store: for tests, fuzzing
    and callers who want the graph of a few documents in memory.
    """
    from kg.graph.corpus import CorpusState
    from kg.resolve import key_claims

    segs = {p: doc_segment(p, t, sha, key_claims(claims), len(claims)) for p, t, sha, claims in docs}
    corpus = CorpusState()
    glob = corpus.build((p, s.contribution()) for p, s in segs.items())
    ids = {k: e.id for k, e in corpus.entities.items()}
    parts = [s.local for s in segs.values()] + [render_refs(s.refs, ids) for s in segs.values()]
    return "".join(parts) + "".join(sorted(glob))
