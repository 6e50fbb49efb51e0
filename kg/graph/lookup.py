"""Find an entity by any of its labels, the way a user types it.

"llama2", "LLaMA 2" and "Llama-2" all find ``id:model/llama-2``: labels are compared
after NFKC, lower-casing and removing spaces, hyphens, underscores and middle dots
(the gold matching rule).  An unknown name raises :class:`EntityNotFound` with the
closest labels as suggestions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from kg.errors import EntityNotFound
from kg.vocab import RDFS, SKOS

__all__ = ["label_key", "find_entity", "entity_labels"]

_STRIP = re.compile(r"[\s\-_·・‧]+")


def label_key(text: str) -> str:
    """Matching key of a label.

    >>> label_key("LLaMA-2") == label_key("llama 2") == "llama2"
    True
    """
    return _STRIP.sub("", unicodedata.normalize("NFKC", text).lower())


_LABELS_Q = f"""
SELECT ?e ?l WHERE {{
  {{ ?e <{RDFS}label> ?l }} UNION {{ ?e <{SKOS}altLabel> ?l }}
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/llmkg/id/")
         && !STRSTARTS(STR(?e), "https://w3id.org/llmkg/id/claim/")
         && !STRSTARTS(STR(?e), "https://w3id.org/llmkg/id/doc/"))
}}"""


def entity_labels(store) -> dict[str, set[str]]:
    """Map label key -> entity IRIs having a label with that key."""
    out: dict[str, set[str]] = {}
    for row in store.query(_LABELS_Q):
        out.setdefault(label_key(row["l"].value), set()).add(row["e"].value)
    return out


def find_entity(store, name: str, cls: str | None = None) -> str:
    """IRI of the entity labelled ``name`` (any label, case/space/hyphen-insensitive).

    ``name`` may also be a full entity IRI or an ``id:``-relative path such as
    ``model/llama-2``.  ``cls`` ("Model", ...) prefers entities of that class when a
    label is shared (e.g. GPT the series and GPT the model).
    Raises :class:`EntityNotFound` with suggestions when nothing matches.
    """
    from kg.vocab import ID

    if name.startswith(ID):
        return name
    labels = entity_labels(store)
    if "/" in name and not name.startswith("http"):
        iri = ID + name
        if any(iri in v for v in labels.values()):
            return iri
    key = label_key(name)
    hits = labels.get(key)
    if hits:
        ordered = sorted(hits)
        if cls and len(ordered) > 1:
            typed = [h for h in ordered if h.startswith(f"{ID}{cls.lower()}/")]
            if typed:
                return typed[0]
        # prefer models, then series, orgs, techniques: the usual intent of a bare name
        rank = {"model": 0, "series": 1, "organization": 2, "technique": 3}
        return min(ordered, key=lambda h: (rank.get(h[len(ID):].split("/")[0], 9), h))
    close = difflib.get_close_matches(key, list(labels), n=5, cutoff=0.6)
    names = []
    for k in close:
        names.append(_display_label(store, sorted(labels[k])[0]))
    hint = f"; did you mean: {', '.join(dict.fromkeys(names))}?" if names else ""
    raise EntityNotFound(f"no entity named {name!r}{hint}")


def _display_label(store, iri: str) -> str:
    import pyoxigraph

    for q in store.quads_for_pattern(pyoxigraph.NamedNode(iri), pyoxigraph.NamedNode(RDFS + "label"), None):
        return q.object.value
    return iri
