"""Printing helpers shared by commands: rich tables that never interpret document text.

Document text is untrusted: it could carry rich markup (``[red]``), ANSI escape
sequences, newlines that forge extra output lines, or bidi overrides (U+202E) that make
a terminal show text in another order than it is stored ("Trojan Source").  Every cell
goes through :func:`safe` (such characters made visible) and is wrapped in
:class:`rich.text.Text`, which rich prints literally; so is a table's title.
"""

from __future__ import annotations

import re
import sys

#: C0/C1 controls except tab (ESC, CR, newline included: one value = one output line),
#: bidi embeddings/overrides/isolates and the Unicode line/paragraph separators.
_CTRL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _esc(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def safe(text: object) -> str:
    r"""Text with control and bidi characters shown as ``\xNN``/``\uNNNN`` instead of acted on.

    >>> safe("a\x1b[31mb\nc\u202ed")
    'a\\x1b[31mb\\x0ac\\u202ed'
    """
    return _CTRL.sub(_esc, str(text))


#: line width when the output is not a terminal (a pipe, a file): never reached, so names,
#: quotes and IRIs are never cut ("DeepSeek-R1-Distill-Qwe"); rich pads nothing to it
UNBOUNDED = 1_000_000


def width_for(stream: object) -> int | None:
    """Console width for ``stream``: the terminal's own (rich asks it), or :data:`UNBOUNDED`."""
    isatty = getattr(stream, "isatty", None)
    return None if isatty is not None and isatty() else UNBOUNDED


def console(stderr: bool = False):
    """A console for command output: on a terminal it wraps long text (never crops it);
    to a pipe or a file it writes every line whole."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False,
                   width=width_for(sys.stderr if stderr else sys.stdout))


def table(title: str | None, columns: list[str], rows: list[list[object]]):
    """A rich Table whose cells are literal text."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=Text(safe(title)) if title is not None else None, show_lines=False,
              title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*[Text(safe(v), overflow="fold") for v in r])
    return t


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
