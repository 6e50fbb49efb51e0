"""``python -m bench``: run the benchmark suite and write a Markdown report.

Examples::

    python -m bench --smoke                      # 1x and 10x, 3 runs, ~2-3 min; prints the table
    python -m bench --sizes 1,10,100 --runs 5    # the full suite -> bench/RESULTS.md
    python -m bench --sizes 1,10,100,1000        # add the 184 MB corpus (long: one run per jobs)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.run import BENCH, Options, run_suite


def parse_args(argv: list[str] | None = None) -> Options:
    """Command-line options -> :class:`Options` (argparse: no import cost beyond the stdlib)."""
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=None, help="comma-separated multiples of the seed corpus "
                    "(default 1,10,100; smoke 1,10)")
    ap.add_argument("--runs", type=int, default=None, help="repetitions per measurement (default 5; "
                    "smoke 3); 100x uses at most 3, 1000x one")
    ap.add_argument("--jobs", default="1,2", help="--jobs values to build with (default 1,2)")
    ap.add_argument("--smoke", action="store_true", help="quick CI run: 1x and 10x, prints the report")
    ap.add_argument("--out", type=Path, default=None, help="report file (default bench/RESULTS.md; "
                    "smoke: bench/out/RESULTS-smoke.md)")
    ap.add_argument("--seed", type=int, default=0, help="corpus generator seed")
    ap.add_argument("--synthetic-triples", type=int, default=1_000_000,
                    help="size of the synthetic graph for the Turtle export target")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile of a build")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    ap.add_argument("--report-only", type=Path, default=None, metavar="PICKLE",
                    help="re-render the report of a saved run (bench/out/results.pickle) to --out")
    a = ap.parse_args(argv)
    sizes = a.sizes or ("1,10" if a.smoke else "1,10,100")
    return Options(
        sizes=[float(x) for x in sizes.split(",") if x.strip()],
        runs=a.runs or (3 if a.smoke else 5),
        jobs=[int(x) for x in a.jobs.split(",") if x.strip()],
        out=a.out or (BENCH / "out" / "RESULTS-smoke.md" if a.smoke else BENCH / "RESULTS.md"),
        seed=a.seed, smoke=a.smoke, synthetic_triples=a.synthetic_triples,
        profile=not a.no_profile, quiet=a.quiet, report_only=a.report_only,
    )


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.report_only:
        from bench.run import rerender

        text = rerender(opts.report_only)
    else:
        text = run_suite(opts)
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(text, encoding="utf-8")
    if opts.smoke:
        sys.stdout.write(text)
    print(f"wrote {opts.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
