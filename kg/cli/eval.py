"""``kg eval``: score the built graph against gold TSV files (logic in :mod:`kg.evaluate`)."""

from __future__ import annotations

import json

import click

from kg.cli.options import store_option


@click.command("eval")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True),
              help="Gold TSV file or folder (ALIASES.tsv beside it is used).")
@click.option("--json", "as_json", is_flag=True, help="Print scores, false positives and misses as JSON.")
@click.option("--show", default=50, show_default=True, help="How many false positives / misses to list.")
@store_option
def eval_cmd(gold: str, store: str, as_json: bool, show: int) -> None:
    """Precision/recall/F1 per relation and overall, then false positives and misses."""
    from kg.evaluate import evaluate, facts_from_store, format_report, load_gold
    from kg.graph.store import StoreDir

    facts, aliases = load_gold(gold)
    report = evaluate(facts, aliases, facts_from_store(StoreDir(store).open_read()))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, show=show))
