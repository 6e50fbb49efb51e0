"""``kg bench``: run the benchmark suite in ``bench/`` (a thin wrapper over ``python -m bench``).

The suite lives outside the ``kg`` package (it generates corpora and spawns measured
child processes), so this command only exists in a source checkout; elsewhere it says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(context_settings={"ignore_unknown_options": True})
@click.option("--smoke", is_flag=True, help="Quick run (1x and 10x corpora); prints the table.")
@click.option("--sizes", default=None, help="Comma-separated multiples of the seed corpus, e.g. 1,10,100.")
@click.option("--runs", type=int, default=None, help="Repetitions per measurement (medians).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Report file (Markdown).")
def bench(smoke: bool, sizes: str | None, runs: int | None, out: str | None) -> None:
    """Run the benchmark suite and write bench/RESULTS.md (no timed assertions)."""
    from kg.errors import KgError

    repo = Path(__file__).resolve().parents[2]
    if not (repo / "bench" / "run.py").is_file():
        raise KgError("kg bench: the benchmark suite (bench/) is only in a source checkout of llm-kg")
    if str(repo) not in sys.path:
        sys.path.insert(0, str(repo))
    from bench.__main__ import main

    argv = (["--smoke"] if smoke else []) + (["--sizes", sizes] if sizes else []) \
        + (["--runs", str(runs)] if runs else []) + (["--out", out] if out else [])
    main(argv)
