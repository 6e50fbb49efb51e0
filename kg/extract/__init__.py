"""Extract stage: run every registered extractor over a document.

Each extractor is a small module registered by name (``@register("table")``); importing
this package imports them, in pipeline order.  :func:`extract_claims` is the visible
loop the build calls: a failing extractor is named in the error.
"""

from __future__ import annotations

from kg.errors import KgError
from kg.extract import lineage, sentence, table  # noqa: F401  (importing registers the extractors)
from kg.extract.registry import register, registered
from kg.model import Claim, Document

__all__ = ["extract_claims", "register", "registered"]


class ExtractorError(KgError):
    """An extractor raised on a document; the message names both."""


def extract_claims(doc: Document) -> list[Claim]:
    """All claims every registered extractor makes about ``doc``, in pipeline order."""
    claims: list[Claim] = []
    for name, extractor in registered().items():
        try:
            claims.extend(extractor(doc))
        except KgError:
            raise
        except Exception as exc:  # a bug in one rule must name the rule and the file
            raise ExtractorError(f"{doc.path}: extractor {name!r} failed: {type(exc).__name__}: {exc}") from exc
    return claims
