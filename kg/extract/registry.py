"""Registry of extractors: small named components, as in spaCy's pipeline.

An extractor is ``Callable[[Document], Iterable[Claim]]``.  Registering a taken name for
a different function is an error, so two rules can never silently shadow each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.errors import RegistryError
from kg.model import Claim, Document

Extractor = Callable[[Document], Iterable[Claim]]

_REGISTRY: dict[str, Extractor] = {}


def register(name: str) -> Callable[[Extractor], Extractor]:
    """Decorator: register ``fn`` as the extractor called ``name``."""

    def deco(fn: Extractor) -> Extractor:
        old = _REGISTRY.get(name)
        if old is not None and old is not fn and old.__qualname__ != fn.__qualname__:
            raise RegistryError(f"extractor name {name!r} is already registered to {old.__qualname__}")
        _REGISTRY[name] = fn
        return fn

    return deco


def registered() -> dict[str, Extractor]:
    """All extractors by name, in registration order (the pipeline order)."""
    from kg import extract  # noqa: F401  (importing the package registers the built-ins)

    return dict(_REGISTRY)
