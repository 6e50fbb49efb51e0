"""``kg lineage``, ``kg path``, ``kg rank``: lineage in the terminal.

Labels and quotes come from documents, so everything printed goes through
:func:`safe` and rich ``Text`` objects: no ANSI escape or rich markup in a source can
recolour, hide or rewrite the terminal.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import click

from kg.cli.options import store_option
from kg.cli.output import width_for
from kg.model import cite

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: object) -> str:
    """Document text made harmless for a terminal: control/bidi characters shown as ``\\xNN``.

    >>> safe("a\\x1b[31mb\\nc")
    'a\\\\x1b[31mb\\\\x0ac'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", str(text))


def _kind_option(fn):  # type: ignore[no-untyped-def]
    return click.option(
        "--kind", "kind", default=None, metavar="KINDS",
        help="Comma-separated lineage kinds: successor, derived (= all derivations), "
             "finetune, distill, quantized, adapter, merged.  Default: all.",
    )(fn)


def _format_option(fn):  # type: ignore[no-untyped-def]
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Output format.")(fn)


def _load(store: str, include: tuple[str, ...] = ()):  # -> (pyoxigraph.Store, graph)
    from kg.graph.store import StoreDir
    from kg.lineage import lineage_graph

    st = StoreDir(store).open_read()
    return st, lineage_graph(st, include=include)


def _kinds(kind: str | None) -> frozenset[str] | None:
    from kg.lineage import parse_kinds

    try:
        return parse_kinds(kind)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--kind") from None


def _model(st: Any, graph: Any, name: str) -> str:
    from kg.errors import EntityNotFound
    from kg.graph.lookup import find_entity

    iri = find_entity(st, name, cls="Model")
    if iri not in graph:
        kind = iri.rstrip("/").split("/")[-2] if iri.count("/") > 1 else "entity"
        article = "an" if kind[:1] in "aeiou" else "a"
        raise EntityNotFound(f"{name!r} names {article} {kind}, not a model: it has no lineage")
    return iri


def _console():  # -> rich.console.Console
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, width=width_for(sys.stdout))


_KIND_TEXT = {
    "successorOf": "successor of", "derivedFrom": "derived from", "fineTunedFrom": "fine-tuned from",
    "distilledFrom": "distilled from", "quantizedFrom": "quantized from", "adapterOf": "adapter of",
    "mergedFrom": "merged from",
}
_KIND_STYLE = {
    "successorOf": "blue", "derivedFrom": "grey50", "fineTunedFrom": "green", "distilledFrom": "magenta",
    "quantizedFrom": "cyan", "adapterOf": "yellow", "mergedFrom": "red",
}


def _node_text(item: dict[str, Any]):  # -> rich.text.Text
    from rich.text import Text

    t = Text(safe(item["label"]), style="bold", overflow="fold")
    extra = [safe(x) for x in (item.get("releaseDate"), ", ".join(item.get("developer", []))) if x]
    if extra:
        t.append(f" ({'; '.join(extra)})", style="dim")
    return t


def _edge_text(edges: list[dict[str, Any]], quotes: bool, arrow: str):  # -> rich.text.Text
    from rich.text import Text

    t = Text(overflow="fold")
    for i, e in enumerate(edges):
        if i:
            t.append(" + ")
        t.append(f"{arrow} {_KIND_TEXT.get(e['kind'], e['kind'])}", style=_KIND_STYLE.get(e["kind"], ""))
    srcs = [ev for e in edges for ev in e["evidence"]]
    if srcs:
        first = srcs[0]
        where = safe(cite(first["path"], first.get("line"), first.get("place", "")))
        more = f" +{len(srcs) - 1}" if len(srcs) > 1 else ""
        t.append(f"  [{where}{more}]", style="dim")
        if quotes:
            for ev in srcs:
                t.append(f"\n    “{safe(ev['quote'])}” ({safe(cite(ev['path'], ev.get('line'), ev.get('place', '')))})",
                         style="italic dim")
    return t


def _rich_tree(tree: dict[str, Any], label, quotes: bool, arrow: str):  # -> rich.tree.Tree
    from rich.text import Text
    from rich.tree import Tree

    root = Tree(label)

    def add(parent: Tree, kids: list[dict[str, Any]]) -> None:
        for k in kids:
            t = Text()
            t.append_text(_edge_text(k["edges"], quotes, arrow))
            t.append("  ")
            t.append_text(_node_text(k))
            if k.get("cycle"):
                t.append("  (cycle!)", style="red")
            elif k.get("seen"):
                t.append("  (see above)", style="dim")
            add(parent.add(t), k["children"])

    add(root, tree["children"])
    return root


@click.command()
@click.argument("entity")
@click.option("--up", "direction", flag_value="up", default=True, help="Ancestors (default).")
@click.option("--down", "direction", flag_value="down", help="Descendants.")
@click.option("--both", "direction", flag_value="both", help="Ancestors and descendants.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="At most N hops.")
@_kind_option
@click.option("--quotes", is_flag=True, help="Print each edge's quotes under it.")
@_format_option
@store_option
def lineage(entity: str, direction: str, depth: int | None, kind: str | None, quotes: bool,
            fmt: str, store: str) -> None:
    """Ancestors (--up) or descendants (--down) of ENTITY as a tree.

    ENTITY is any label of a model ("llama2", "LLaMA 2", "Llama-2").  Each edge shows
    its kind and the source document:line; --quotes adds the quotes.
    """
    from kg.lineage import lineage_tree

    st, graph = _load(store)
    node = _model(st, graph, entity)
    tree = lineage_tree(graph, node, direction, depth, _kinds(kind))  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(json.dumps(tree, ensure_ascii=False, indent=2))
        return
    con = _console()
    if direction == "both":
        from rich.text import Text

        head = _node_text(tree)
        con.print(_rich_tree({"children": tree["ancestors"]}, Text.assemble(head, " ancestors"), quotes, "↑"))
        con.print(_rich_tree({"children": tree["descendants"]}, Text.assemble(head, " descendants"), quotes, "↓"))
    else:
        con.print(_rich_tree(tree, _node_text(tree), quotes, "↑" if direction == "up" else "↓"))
    if not (tree.get("children") or tree.get("ancestors") or tree.get("descendants")):
        con.print("(no lineage recorded for this model)", style="dim")


@click.command()
@click.argument("a")
@click.argument("b")
@_kind_option
@_format_option
@store_option
def path(a: str, b: str, kind: str | None, fmt: str, store: str) -> None:
    """How models A and B are related: the shortest lineage path, with evidence.

    Edges are followed in either direction; each hop prints its kind and quotes.
    """
    from rich.text import Text

    from kg.lineage import lineage_path

    st, graph = _load(store)
    hops = lineage_path(graph, _model(st, graph, a), _model(st, graph, b), _kinds(kind))
    if fmt == "json":
        click.echo(json.dumps(hops, ensure_ascii=False, indent=2))
        return
    con = _console()
    if not hops:
        con.print(Text(f"{safe(a)} and {safe(b)} are the same model."))
        return
    con.print(_node_text(hops[0]["from"]))
    for h in hops:
        t = Text("  ")
        for i, e in enumerate(h["edges"]):
            if i:
                t.append(" + ")
            word = _KIND_TEXT.get(e["kind"], e["kind"])
            # "up": from derives from to; "down": to derives from from
            t.append(f"↑ is {word}" if h["direction"] == "up" else f"↓ has derivative ({word})",
                     style=_KIND_STYLE.get(e["kind"], ""))
        con.print(t)
        for ev in (ev for e in h["edges"] for ev in e["evidence"]):
            con.print(Text(f"      “{safe(ev['quote'])}” — {safe(cite(ev['path'], ev.get('line'), ev.get('place', '')))}",
                           style="italic dim"))
        con.print(_node_text(h["to"]))


@click.command()
@click.option("--by", type=click.Choice(["descendants", "pagerank", "betweenness"]),
              default="descendants", show_default=True, help="How to score models.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="Rows per table.")
@_format_option
@store_option
def rank(by: str, top: int, fmt: str, store: str) -> None:
    """Most influential models, organizations by number of models, techniques by adoption."""
    from rich.table import Table
    from rich.text import Text

    from kg.lineage import rank_summary

    _, graph = _load(store)
    data = rank_summary(graph, by, top)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    con = _console()
    score_fmt = "{:.0f}" if by == "descendants" else "{:.4f}"
    t = Table(title=f"Models by {by}", title_justify="left")
    t.add_column("#", justify="right")
    t.add_column("model")
    t.add_column("developer")
    t.add_column(by, justify="right")
    for i, m in enumerate(data["models"], 1):
        t.add_row(str(i), Text(safe(m["label"])), Text(safe(", ".join(m["developer"]))),
                  score_fmt.format(m["score"]))
    con.print(t)
    for key, title in (("organizations", "Organizations by number of models"),
                       ("techniques", "Techniques by number of models using them")):
        t = Table(title=title, title_justify="left")
        t.add_column("#", justify="right")
        t.add_column(key[:-1])
        t.add_column("models", justify="right")
        for i, row in enumerate(data[key], 1):
            t.add_row(str(i), Text(safe(row["label"])), str(row["models"]))
        con.print(t)
