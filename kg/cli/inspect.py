"""``kg stats``, ``kg conflicts``, ``kg show``: read the built graph."""

from __future__ import annotations

import json
import sys

import click

from kg.cli.options import store_option
from kg.cli.output import console, safe, table


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(store: str, as_json: bool) -> None:
    """Counts of documents, claims, triples, entities per class and conflicts."""
    from kg.graph.inspect import summary
    from kg.graph.store import open_read

    s = summary(open_read(store))
    if as_json:
        click.echo(json.dumps(s, indent=2, sort_keys=True))
        return
    rows = [[k, v] for k, v in s.items() if k != "entities"]
    rows += [[f"entities: {k}", v] for k, v in s["entities"].items()]
    console().print(table(f"Graph in {store}", ["", "count"], rows))


@click.command()
@store_option
@click.option("--all", "show_all", is_flag=True,
              help="Also list refinements (2023 vs 2023-03), not only disagreements.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def conflicts(store: str, show_all: bool, as_json: bool) -> None:
    """Facts on which sources disagree, each value with its source and quote."""
    from dataclasses import asdict

    from kg.graph.inspect import conflicts as find
    from kg.graph.store import open_read

    found = [c for c in find(open_read(store)) if show_all or c.kind == "disagree"]
    if as_json:
        click.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no conflicts")
        return
    for c in found:
        click.echo(f"{safe(c.label)}  llm:{safe(c.prop)}  ({safe(c.kind)})")
        for value, sources in c.values:
            click.echo(f"  = {safe(value)}")
            for s in sources:
                click.echo(f"      {safe(s.where)}  \"{safe(s.quote)}\"  [{safe(s.extractor)}]")


@click.command()
@click.argument("entity")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def show(entity: str, store: str, as_json: bool) -> None:
    """All facts about ENTITY (any of its labels), each with its sources."""
    from dataclasses import asdict

    from kg.errors import EntityNotFound
    from kg.graph.inspect import entity_facts
    from kg.graph.lookup import find_entity
    from kg.graph.store import open_read

    st = open_read(store)
    try:
        iri = find_entity(st, entity)
    except EntityNotFound as exc:
        # the suggestions are labels from documents: escape them before main() prints them
        raise EntityNotFound(safe(str(exc))) from None
    header, facts = entity_facts(st, iri)
    if as_json:
        click.echo(json.dumps({**header, "facts": [asdict(f) for f in facts]},
                              ensure_ascii=False, indent=2))
        return
    out = sys.stdout
    out.write(f"{safe(header['label'])}  <{safe(header['iri'])}>\n")
    out.write(f"  a {safe(', '.join(header['classes']))}\n")
    if header["alt_labels"]:
        out.write(f"  also: {safe(' | '.join(header['alt_labels']))}\n")
    for f in facts:
        arrow = f"^{f.prop}" if f.inverse else f.prop
        out.write(f"  {safe(arrow):<22} {safe(f.value)}\n")
        for s in f.sources:
            out.write(f"      {safe(s.where)}  \"{safe(s.quote)}\"  [{safe(s.extractor)}]\n")
