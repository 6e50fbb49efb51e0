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
