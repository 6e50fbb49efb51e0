"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest


@pytest.fixture
def kg_cli(capsys):
    """Run `kg ARGS` in-process through the real entry point; return (exit code, stdout, stderr)."""
    from kg.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def facts():
    """What ``extract_claims`` states about a text, as (subject, predicate, object) strings:
    ``facts(text, name="doc.md")``.  Names in such tests are invented, so only the wording decides."""
    from kg.extract import extract_claims
    from kg.ingest import parse_document

    def run(text: str, name: str = "doc.md") -> set[tuple[str, str, str]]:
        doc = parse_document(text.encode("utf-8"), name)
        return {(c.subject.text, c.predicate, str(getattr(c.object, "text", None) or getattr(c.object, "value", c.object)))
                for c in extract_claims(doc)}

    return run
