"""Printing helpers shared by commands: rich tables that never interpret document text.

Document text is untrusted: it could carry rich markup (``[red]``) or ANSI escape
sequences.  Every cell goes through :func:`safe` (control characters made visible) and
is wrapped in :class:`rich.text.Text`, which rich prints literally.
"""

from __future__ import annotations

import re
import sys

_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: object) -> str:
    """Text with control characters (ESC included) shown as \\xNN instead of acted on."""
    return _CTRL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def table(title: str | None, columns: list[str], rows: list[list[object]]):
    """A rich Table whose cells are literal text."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=title, show_lines=False, title_justify="left")
    for c in columns:
        t.add_column(c)
    for r in rows:
        t.add_row(*[Text(safe(v)) for v in r])
    return t


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
