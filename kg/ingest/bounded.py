"""Run one reader on one file in a forked child with a time and a memory bound.

Readers of web pages and PDFs run C code (libxml2, PDFium) and third-party extractors
on files anyone may have written: a decompression bomb asks for gigabytes, a pathological
page for minutes.  Python cannot interrupt C code, so the reader runs in a forked child
whose address space is capped (``RLIMIT_AS``) and which is killed at the deadline; the
file is then skipped with its reason and the build goes on.  Forking costs about 5 ms,
nothing beside reading a PDF or a web page.  Where ``fork`` is missing the reader runs
in-process, unbounded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from kg.errors import InputError

__all__ = ["call_bounded"]

T = TypeVar("T")


def call_bounded(fn: Callable[..., T], args: tuple[Any, ...], name: str, what: str,
                 seconds: float, memory: int) -> T:
    """``fn(*args)`` in a child process; :class:`InputError` naming ``name`` when it fails,
    runs over ``seconds`` or needs over ``memory`` bytes (``what`` says what it was doing)."""
    import multiprocessing

    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        return fn(*args)
    rx, tx = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, name, what, tx, memory), daemon=True)
    proc.start()
    tx.close()
    try:
        if not rx.poll(seconds):
            raise InputError(f"{name}: {what} took over {seconds:.0f} s, skipped")
        try:
            kind, payload = rx.recv()
        except (EOFError, OSError):
            raise InputError(f"{name}: {what} needed over {memory >> 20} MB of memory (or crashed), skipped") \
                from None
    finally:
        rx.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
    if kind == "error":
        raise InputError(payload)
    return payload


def _child(fn: Callable[..., Any], args: tuple[Any, ...], name: str, what: str, tx: Any, memory: int) -> None:
    """Run ``fn`` under an address-space cap and send back its result or the reason it failed."""
    import faulthandler
    import resource

    faulthandler.disable()  # C code aborting at the cap is the expected end, not a crash to dump

    try:
        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * resource.getpagesize()  # what fork inherited
        resource.setrlimit(resource.RLIMIT_AS, (used + memory, resource.RLIM_INFINITY))
    except (OSError, ValueError):
        pass  # no /proc (macOS): the time limit still holds
    try:
        tx.send(("ok", fn(*args)))
    except InputError as exc:
        tx.send(("error", str(exc)))
    except MemoryError:
        tx.send(("error", f"{name}: {what} needed over {memory >> 20} MB of memory, skipped"))
    except RecursionError:
        tx.send(("error", f"{name}: {what} went too deep (nesting), skipped"))
    except Exception as exc:  # noqa: BLE001 - a damaged file must become a one-line reason
        tx.send(("error", f"{name}: {what} failed ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}), "
                          "skipped"))
    finally:
        tx.close()
