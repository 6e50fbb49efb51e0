"""Score a graph against gold TSV files (format: ``gold/SCHEMA.md``).

A gold fact ``subject relation object`` is found when some graph fact has the same
relation, a subject with a label equal to one of the gold subject's names, and a
matching object.  Names are compared after NFKC, lower-casing and removing spaces,
hyphens, underscores and ``·``; ``ALIASES.tsv`` beside the gold files adds synonyms.
Numbers match within 1%, dates/booleans/architectures exactly.  ``lineage(any)``
scores derivedFrom, fineTunedFrom and distilledFrom as one relation.

The graph is read either from a store (:func:`facts_from_store`, what ``kg eval`` does)
or from an in-process resolution (:func:`facts_from_resolution`, used by tests).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

__all__ = [
    "GoldFact", "GraphFact", "Score", "EvalReport", "RELATIONS", "LINEAGE",
    "load_gold", "facts_from_store", "facts_from_documents", "facts_from_resolution", "evaluate", "format_report", "norm_name",
]

ENTITY_RELATIONS = (
    "developer", "usesTechnique", "series", "successorOf", "derivedFrom", "fineTunedFrom", "distilledFrom",
)
NUMBER_RELATIONS = ("parameters", "activeParameters", "contextLength", "trainingTokens")
RELATIONS = (
    "type", "developer", "releaseDate", "parameters", "activeParameters", "contextLength", "trainingTokens",
    "openWeights", "architecture", "usesTechnique", "series", "successorOf", "derivedFrom",
    "fineTunedFrom", "distilledFrom",
)
LINEAGE = ("derivedFrom", "fineTunedFrom", "distilledFrom")
LINEAGE_ROW = "lineage(any)"
CLASSES = ("Model", "Organization", "Technique", "Series")
ARCH_IRIS = {
    "DecoderOnly": "decoder-only", "EncoderOnly": "encoder-only",
    "EncoderDecoder": "encoder-decoder", "MixtureOfExperts": "MoE",
}
_DROP = re.compile(r"[\s\-_·]+")


def norm_name(name: str) -> str:
    """The matching key of a name: NFKC, lower case, no spaces/hyphens/underscores/·.

    >>> norm_name("LLaMA 2") == norm_name("llama-2") == norm_name("ＬＬａＭＡ_2")
    True
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", name).lower())


@dataclass(frozen=True)
class GoldFact:
    subject: str
    relation: str
    object: str
    evidence: str
    source: str  # "file:line"


@dataclass(frozen=True)
class GraphFact:
    """A fact of the graph: labels of the subject, relation, object labels or literal."""

    subject: frozenset[str]  # normalized labels
    relation: str
    object: frozenset[str] | str  # normalized labels, or a literal as text
    display: str  # readable "Subject relation object"


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    graph: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.graph if self.graph else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold, "found": self.found, "graph": self.graph, "correct": self.correct,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass
class EvalReport:
    scores: dict[str, Score] = field(default_factory=dict)
    false_positives: list[GraphFact] = field(default_factory=list)
    misses: list[GoldFact] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        return self.scores["overall"]

    def as_dict(self) -> dict[str, object]:
        return {
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
            "false_positives": [f.display for f in self.false_positives],
            "misses": [f"{g.subject}\t{g.relation}\t{g.object}\t{g.source}" for g in self.misses],
        }


# -- gold --------------------------------------------------------------------------------
def load_gold(path: str | Path) -> tuple[list[GoldFact], dict[str, set[str]]]:
    """Gold facts of a folder of TSV files (or one file) and the alias map.

    The alias map sends each normalized name to every normalized name of its entity
    (from ``ALIASES*.tsv`` in the folder, else ``ALIASES.tsv`` in its parent).  Raises :class:`InputError`
    when ``path`` holds no gold file.
    """
    p = Path(path)
    if p.is_dir():
        # several annotators may each keep an alias file: ALIASES.tsv, ALIASES.E.tsv, ...
        own_aliases = sorted(p.glob("ALIASES*.tsv"))
        files = sorted(f for f in p.glob("*.tsv") if f not in own_aliases)
        alias_candidates = own_aliases or [p.parent / "ALIASES.tsv"]
    elif p.is_file():
        files = [p]
        alias_candidates = [p.parent / "ALIASES.tsv", p.parent.parent / "ALIASES.tsv"]
    else:
        raise InputError(f"{path}: no such gold file or folder")
    if not files:
        raise InputError(f"{path}: no gold .tsv files here")
    facts: list[GoldFact] = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 3:
                raise InputError(f"{f.name}:{n}: expected 4 tab-separated columns")
            s, r, o = (c.strip() for c in cells[:3])
            ev = cells[3].strip() if len(cells) > 3 else ""
            if r not in RELATIONS:
                raise InputError(f"{f.name}:{n}: unknown relation {r!r}")
            facts.append(GoldFact(s, r, o, ev, f"{f.name}:{n}"))
    aliases: dict[str, set[str]] = defaultdict(set)
    existing = [a for a in alias_candidates if a.is_file()]
    # the folder's own alias files all count; a parent's is the fallback, the nearest one only
    for a in existing if p.is_dir() and existing and existing[0].parent == p else existing[:1]:
        for line in a.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            names = {norm_name(x) for x in line.split("\t") if x.strip()}
            for n in names:
                aliases[n] |= names
    return facts, dict(aliases)


# -- graph -------------------------------------------------------------------------------
def _literal_text(relation: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def facts_from_store(store) -> list[GraphFact]:  # store: pyoxigraph.Store
    """Graph facts of a store, read with SPARQL over the layout of docs/ARCHITECTURE.md."""
    from kg.vocab import VOCAB

    ns = VOCAB
    labels: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    q_labels = """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?s ?l ?k WHERE {
          { ?s rdfs:label ?l BIND(0 AS ?k) } UNION { ?s skos:prefLabel ?l BIND(1 AS ?k) }
          UNION { ?s skos:altLabel ?l BIND(2 AS ?k) }
        }"""
    for row in store.query(q_labels):
        s, lab, k = row[0].value, row[1].value, int(row[2].value)
        labels[s].add(norm_name(lab))
        if k == 0 or s not in shown:
            shown[s] = lab
    preds = " ".join(f"<{ns}{r}>" for r in RELATIONS if r != "type")
    q = f"""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o WHERE {{
          {{ ?s ?p ?o VALUES ?p {{ {preds} }} }}
          UNION
          {{ ?s rdf:type ?o BIND(rdf:type AS ?p)
             VALUES ?o {{ {' '.join(f'<{ns}{c}>' for c in CLASSES)} }} }}
        }}"""
    out: list[GraphFact] = []
    for row in store.query(q):
        s_term, p_term, o_term = row
        s = s_term.value
        p = p_term.value
        rel = "type" if p.endswith("#type") else p[len(ns):] if p.startswith(ns) else p
        subj = frozenset(labels.get(s, set()))
        if not subj:
            continue  # unlabelled subjects (claim nodes, documents) are not scored
        obj: frozenset[str] | str
        if rel == "type":
            obj = o_term.value[len(ns):]
            disp_o = obj
        elif rel == "architecture":
            local = o_term.value.rsplit("#", 1)[-1]
            obj = ARCH_IRIS.get(local, local)
            disp_o = obj
        elif rel in ENTITY_RELATIONS:
            obj = frozenset(labels.get(o_term.value, {norm_name(o_term.value.rsplit("/", 1)[-1])}))
            disp_o = shown.get(o_term.value, o_term.value)
        else:
            obj = str(o_term.value)
            disp_o = obj
        out.append(GraphFact(subj, rel, obj, f"{shown.get(s, s)}\t{rel}\t{disp_o}"))
    return out


def facts_from_documents(paths: Iterable[str | Path]) -> list[GraphFact]:
    """Build in process (read, extract, resolve) and return the graph facts, no store."""
    from kg.extract import extract_claims
    from kg.ingest import find_sources, iter_documents
    from kg.model import Document
    from kg.resolve import resolve_entities

    files, _ = find_sources(paths)
    claims = []
    for doc in iter_documents(files):
        if isinstance(doc, Document):
            claims.extend(extract_claims(doc))
    return facts_from_resolution(resolve_entities(claims))


def facts_from_resolution(res) -> list[GraphFact]:  # res: kg.resolve.Resolution
    """Graph facts straight from a resolution (no store): for tests and quick loops."""
    from kg.model import Value

    ents = res.entities
    labels = {i: frozenset(norm_name(x) for x in {e.label, *e.alt_labels}) for i, e in ents.items()}
    seen: set[tuple] = set()
    out: list[GraphFact] = []
    for rc in res.claims:
        rel = rc.predicate
        if rel not in RELATIONS:
            continue
        subj = labels[rc.subject]
        if isinstance(rc.object, Value):
            obj: frozenset[str] | str = _literal_text(rel, rc.object.value)
            disp = str(obj)
        else:
            obj = labels[rc.object]
            disp = ents[rc.object].label
        key = (rc.subject, rel, rc.object if not isinstance(rc.object, Value) else obj)
        if key in seen:
            continue
        seen.add(key)
        out.append(GraphFact(subj, rel, obj, f"{ents[rc.subject].label}\t{rel}\t{disp}"))
    # entity types are facts of the graph even when no claim states them
    for i, e in ents.items():
        key = (i, "type", e.cls)
        if key not in seen:
            seen.add(key)
            out.append(GraphFact(labels[i], "type", e.cls, f"{e.label}\ttype\t{e.cls}"))
    return out


# -- scoring -----------------------------------------------------------------------------
def _names(name: str, aliases: dict[str, set[str]]) -> set[str]:
    n = norm_name(name)
    return {n} | aliases.get(n, set())


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _object_match(g: GoldFact, f: GraphFact, aliases: dict[str, set[str]]) -> bool:
    if isinstance(f.object, frozenset):
        return bool(_names(g.object, aliases) & f.object)
    if g.relation in NUMBER_RELATIONS:
        a, b = _num(g.object), _num(f.object)
        return a is not None and b is not None and abs(a - b) <= 0.01 * max(abs(a), abs(b))
    if g.relation in ("openWeights", "architecture", "type"):
        return g.object.strip().lower() == f.object.strip().lower()
    return g.object.strip() == f.object.strip()


def _row(rel: str) -> str:
    return LINEAGE_ROW if rel in LINEAGE else rel


def evaluate(gold: list[GoldFact], aliases: dict[str, set[str]], graph: Iterable[GraphFact]) -> EvalReport:
    """Per-relation and overall precision/recall/F1, plus the false positives and misses."""
    graph = [f for f in graph if f.relation in RELATIONS]
    by_rel_subj: dict[tuple[str, str], list[GraphFact]] = defaultdict(list)
    for f in graph:
        for s in f.subject:
            by_rel_subj[(f.relation, s)].append(f)
    # one gold fact per distinct (names, relation, object)
    uniq: dict[tuple[str, str, str], GoldFact] = {}
    for g in gold:
        uniq.setdefault((norm_name(g.subject), g.relation, norm_name(g.object)), g)
    gold_u = list(uniq.values())

    rows: dict[str, Score] = defaultdict(Score)
    matched_graph: set[int] = set()
    misses: list[GoldFact] = []
    for g in gold_u:
        rels = [g.relation]
        hit = False
        hit_any = False
        for rel in (LINEAGE if g.relation in LINEAGE else rels):
            for s in _names(g.subject, aliases):
                for f in by_rel_subj.get((rel, s), ()):
                    if _object_match(g, f, aliases):
                        matched_graph.add(id(f))
                        hit_any = True
                        if rel == g.relation:
                            hit = True
        rows[g.relation].gold += 1
        rows[g.relation].found += hit
        if g.relation in LINEAGE:
            rows[LINEAGE_ROW].gold += 1
            rows[LINEAGE_ROW].found += hit_any
        rows["overall"].gold += 1
        rows["overall"].found += hit
        if not hit:
            misses.append(g)

    gold_by_rel_subj: dict[tuple[str, str], list[GoldFact]] = defaultdict(list)
    for g in gold_u:
        for s in _names(g.subject, aliases):
            gold_by_rel_subj[(g.relation, s)].append(g)
    fps: list[GraphFact] = []
    for f in graph:
        exact = any(
            _object_match(g, f, aliases) for s in f.subject for g in gold_by_rel_subj.get((f.relation, s), ())
        )
        any_lineage = exact or (
            f.relation in LINEAGE and any(
                _object_match(g, f, aliases)
                for r in LINEAGE for s in f.subject for g in gold_by_rel_subj.get((r, s), ())
            )
        )
        rows[f.relation].graph += 1
        rows[f.relation].correct += exact
        if f.relation in LINEAGE:
            rows[LINEAGE_ROW].graph += 1
            rows[LINEAGE_ROW].correct += any_lineage
        rows["overall"].graph += 1
        rows["overall"].correct += exact
        if not exact:
            fps.append(f)
    order = [r for r in RELATIONS if r in rows] + [r for r in (LINEAGE_ROW, "overall") if r in rows]
    report = EvalReport({r: rows[r] for r in order}, fps, misses)
    report.scores.setdefault("overall", Score())
    return report


def format_report(report: EvalReport, show: int = 50) -> str:
    """A readable table, then up to ``show`` false positives and misses."""
    lines = [f"{'relation':<18} {'gold':>5} {'graph':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    for rel, s in report.scores.items():
        lines.append(f"{rel:<18} {s.gold:>5} {s.graph:>6} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    if show:
        lines.append("")
        lines.append(f"false positives ({len(report.false_positives)}):")
        for f in sorted(report.false_positives, key=lambda f: (f.relation, f.display))[:show]:
            lines.append(f"  FP  {f.display}")
        lines.append(f"misses ({len(report.misses)}):")
        for g in sorted(report.misses, key=lambda g: (g.relation, g.source))[:show]:
            lines.append(f"  MISS {g.subject}\t{g.relation}\t{g.object}\t[{g.source}] {g.evidence[:60]}")
    return "\n".join(lines)
