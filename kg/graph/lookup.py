"""Find an entity by any of its labels, the way a user types it.

"llama2", "LLaMA 2" and "Llama-2" all find ``id:model/llama-2``: labels are compared
after NFKC, lower-casing and removing spaces, hyphens, underscores and middle dots
(the gold matching rule).  An unknown name raises :class:`EntityNotFound` with the
closest labels as suggestions.

How it stays fast on a big graph: a name typed exactly as a label (the usual case:
copied from an output, a default of a named query) is found by an index lookup of
that literal.  Only when that does not settle it does the lookup read every label
(at 100x: ~12k labels, tens of ms instead of < 1 ms), as it does for suggestions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from kg.errors import EntityNotFound
from kg.vocab import ID, RDFS, SKOS

__all__ = ["label_key", "find_entity", "entity_labels"]

_STRIP = re.compile(r"[\s\-_·・‧]+")
# the same for ASCII text (re's \s also matches \x1c-\x1f): a translate is 4x faster
_ASCII_DROP = str.maketrans("", "", " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f-_")
_NOT_ENTITIES = (ID + "claim/", ID + "doc/")
#: the usual intent of a bare name: models, then series, organizations, techniques
_RANK = {"model": 0, "series": 1, "organization": 2, "technique": 3}


def label_key(text: str) -> str:
    """Matching key of a label.

    >>> label_key("LLaMA-2") == label_key("llama 2") == "llama2"
    True
    """
    if text.isascii():  # NFKC leaves ASCII as it is: the fast path of a scan of every label
        return text.lower().translate(_ASCII_DROP)
    return _STRIP.sub("", unicodedata.normalize("NFKC", text).lower())


def _is_entity(iri: str) -> bool:
    return iri.startswith(ID) and not iri.startswith(_NOT_ENTITIES)


# Labels and alternative labels, read without a FILTER on the subject: STR(?e) on every
# row costs a string lookup per label in the store (3x slower); entities are kept in Python.
_LABELS_Q = f"""
SELECT ?e ?l WHERE {{
  {{ ?e <{RDFS}label> ?l }} UNION {{ ?e <{SKOS}altLabel> ?l }}
}}"""

_LABEL_VALUES_Q = f"""
SELECT ?l WHERE {{
  {{ [] <{RDFS}label> ?l }} UNION {{ [] <{SKOS}altLabel> ?l }}
}}"""


def _labelled_q(literals) -> str:
    """Entities having one of ``literals`` (pyoxigraph terms) as label: index lookups."""
    values = " ".join(str(t) for t in literals)  # canonical N-Triples: safe to paste
    return (f"SELECT DISTINCT ?e WHERE {{ VALUES ?l {{ {values} }} "
            f"{{ ?e <{RDFS}label> ?l }} UNION {{ ?e <{SKOS}altLabel> ?l }} }}")


def entity_labels(store) -> dict[str, set[str]]:
    """Map label key -> entity IRIs having a label with that key."""
    out: dict[str, set[str]] = {}
    for row in store.query(_LABELS_Q):
        iri = row["e"].value
        if _is_entity(iri):
            out.setdefault(label_key(row["l"].value), set()).add(iri)
    return out


def _entities_labelled(store, literals) -> set[str]:
    if not literals:
        return set()
    return {row["e"].value for row in store.query(_labelled_q(literals)) if _is_entity(row["e"].value)}


def _exact_hits(store, name: str) -> set[str]:
    """Entities with a label spelled exactly ``name`` (as typed or NFKC), in any usual tag."""
    import pyoxigraph

    spellings = dict.fromkeys(s for s in (name, name.strip(), unicodedata.normalize("NFKC", name).strip())
                              if s)
    literals = []
    for s in spellings:
        literals.append(pyoxigraph.Literal(s))
        literals.extend(pyoxigraph.Literal(s, language=tag) for tag in ("en", "zh"))
    return _entities_labelled(store, literals)


def _scan_labels(store, keys: set[str], all_keys: set[str] | None = None) -> dict[str, list[object]]:
    """Label literals whose key is in ``keys``, by key; every key seen goes to ``all_keys``."""
    found: dict[str, list[object]] = {}
    for row in store.query(_LABEL_VALUES_Q):
        lit = row["l"]
        k = label_key(lit.value)
        if all_keys is not None:
            all_keys.add(k)
        if k in keys:
            found.setdefault(k, []).append(lit)
    return found


def _choose(hits: set[str], cls: str | None) -> str:
    ordered = sorted(hits)
    if cls and len(ordered) > 1:
        typed = [h for h in ordered if h.startswith(f"{ID}{cls.lower()}/")]
        if typed:
            return typed[0]
    return min(ordered, key=lambda h: (_RANK.get(h[len(ID):].split("/")[0], 9), h))


def _has_label(store, iri: str) -> bool:
    import pyoxigraph

    try:
        node = pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    for pred in (RDFS + "label", SKOS + "altLabel"):
        for _q in store.quads_for_pattern(node, pyoxigraph.NamedNode(pred), None):
            return True
    return False


def find_entity(store, name: str, cls: str | None = None) -> str:
    """IRI of the entity labelled ``name`` (any label, case/space/hyphen-insensitive).

    ``name`` may also be a full entity IRI or an ``id:``-relative path such as
    ``model/llama-2``.  ``cls`` ("Model", ...) prefers entities of that class when a
    label is shared (e.g. GPT the series and GPT the model).  A label spelled exactly
    as ``name`` wins over labels that only match after normalisation (when it is of
    class ``cls``, if given).
    Raises :class:`EntityNotFound` with suggestions when nothing matches.
    """
    if name.startswith(ID):
        return name
    if "/" in name and not name.startswith("http"):
        iri = ID + name
        if _is_entity(iri) and _has_label(store, iri):
            return iri
    key = label_key(name)
    exact = _exact_hits(store, name) if key else set()
    # settled by the exact spelling unless a class was asked for and none of those has
    # it: another entity of that class may carry a label with the same key
    if exact and (not cls or any(h.startswith(f"{ID}{cls.lower()}/") for h in exact)):
        return _choose(exact, cls)
    all_keys: set[str] = set()
    hits = _entities_labelled(store, _scan_labels(store, {key}, all_keys).get(key, ()))
    if hits:
        return _choose(hits, cls)
    close = difflib.get_close_matches(key, list(all_keys), n=20, cutoff=0.6)
    by_key = _scan_labels(store, set(close)) if close else {}
    names = []
    for k in close:
        labelled = sorted(_entities_labelled(store, by_key.get(k, ())))
        if labelled:  # a label of something that is not an entity (e.g. a vocabulary term)
            names.append(_display_label(store, labelled[0]))
        if len(names) == 5:
            break
    hint = f"; did you mean: {', '.join(dict.fromkeys(names))}?" if names else ""
    raise EntityNotFound(f"no entity named {name!r}{hint}")


def _display_label(store, iri: str) -> str:
    import pyoxigraph

    for q in store.quads_for_pattern(pyoxigraph.NamedNode(iri), pyoxigraph.NamedNode(RDFS + "label"), None):
        return q.object.value
    return iri
