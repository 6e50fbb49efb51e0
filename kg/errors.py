"""One small error tree: the CLI turns any :class:`KgError` into a one-line message.

Library code raises these with a message that names the file or argument at fault;
nothing else is caught in the CLI, so real bugs still show a traceback.
"""

from __future__ import annotations


class KgError(Exception):
    """Root of every error the toolkit reports to a user."""

    exit_code = 1


class InputError(KgError):
    """A source document cannot be used (binary, undecodable, too large, unreadable)."""

    exit_code = 2


class NoDocuments(InputError):
    """A build found no document to read: nothing is built and the store is left as it was.

    ``skipped`` holds the files that were found and not read, each with its reason.
    """

    def __init__(self, message: str, skipped: list | None = None) -> None:
        super().__init__(message)
        self.skipped = list(skipped or [])


class StoreError(KgError):
    """The store is missing, locked by another build, or cannot be written."""

    exit_code = 3


class QueryError(KgError):
    """Invalid SPARQL, an unknown named query, or a bad ``--param``."""

    exit_code = 4


class EntityNotFound(KgError):
    """No entity has the given label; the message carries suggestions."""

    exit_code = 5


class RegistryError(KgError):
    """An extractor name was registered twice for different functions."""
