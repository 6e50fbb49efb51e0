"""Options shared by several commands (Datasette's habit: shared options are decorators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def store_option(fn: F) -> F:
    """``--store PATH`` (env ``KG_STORE``, default ``.kg``)."""
    return click.option(
        "--store",
        "store",
        envvar="KG_STORE",
        default=".kg",
        show_default=True,
        type=click.Path(file_okay=False),
        help="Store directory (env KG_STORE).",
    )(fn)
