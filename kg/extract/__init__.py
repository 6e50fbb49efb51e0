"""Extract stage: run every registered extractor over a document.

Each extractor is a small module registered by name (``@register("table")``); importing
this package imports them, in pipeline order.  :func:`extract_claims` is the visible
loop the build calls: a failing extractor is named in the error.
"""

from __future__ import annotations

from kg.errors import KgError
from kg.extract import frontmatter, lineage, sentence, table  # noqa: F401  (importing registers the extractors)
from kg.extract.registry import register, registered
from kg.model import Claim, Document, Mention

__all__ = ["extract_claims", "register", "registered"]


class ExtractorError(KgError):
    """An extractor raised on a document; the message names both."""


def extract_claims(doc: Document) -> list[Claim]:
    """All claims every registered extractor makes about ``doc``, in pipeline order.

    Pass 1 (:func:`kg.extract.lexicon.document_lexicon`) finds the names the document
    introduces; every extractor then reads the document with them.  Spellings the
    document equates with a name ("骆驼 (Luotuo)", a hub id) are marked as its aliases.
    """
    claims: list[Claim] = []
    for name, extractor in registered().items():
        try:
            claims.extend(extractor(doc))
        except KgError:
            raise
        except Exception as exc:  # a bug in one rule must name the rule and the file
            raise ExtractorError(f"{doc.path}: extractor {name!r} failed: {type(exc).__name__}: {exc}") from exc
    return _mark_aliases(doc, claims)


def _mark_aliases(doc: Document, claims: list[Claim]) -> list[Claim]:
    from dataclasses import replace

    from kg.extract.lexicon import document_lexicon

    aliases = dict(document_lexicon(doc).aliases)
    if not aliases:
        return claims

    def mark(m: Mention) -> Mention:
        target = aliases.get(m.text) if m.cls == "Model" else None
        return Mention(m.text, m.cls, target) if target and target != m.text else m

    out: list[Claim] = []
    for c in claims:
        s = mark(c.subject)
        o = mark(c.object) if isinstance(c.object, Mention) else c.object
        out.append(c if s is c.subject and o is c.object else replace(c, subject=s, object=o))
    return out
