"""thp run as a program ends when its command ends: what a command made may be left to the
end of the process (never freed object by object), and the cycle collector may stay off
until then.

Freeing a loaded partnership object by object takes a tenth of a run at 20,000 boards, and
the process is about to end anyway. :func:`ending` marks the block the process ends with
(the ``thp`` program, :func:`thp_cli.cli.app.run`); within it, :func:`leave` keeps data to
the end and :func:`off_to_the_end` turns the collector off for good. Anywhere else (thp's
code run by another program, the tests) neither does anything: that program's objects and
collector are its own.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

_left: list[object] | None = None
"""What commands left to the end of the process (:func:`leave`); None outside :func:`ending`."""


def leave(data: object) -> None:
    """Keep ``data`` until the process ends, if it ends with this command (:func:`ending`),
    so that it is never freed object by object; anywhere else, nothing is kept."""
    if _left is not None:
        _left.append(data)


def off_to_the_end() -> None:
    """Turn the collector off for the rest of the process if the process ends with this command
    (:func:`ending`); anywhere else, nothing changes. A command that keeps what it makes until
    it has reported (``thp validate``) calls it first: the collector would only walk what it
    makes again and again, and, turned back on at the end, walk all of it once more before
    the process ends (a tenth of a run at 20,000 boards)."""
    if _left is not None:
        gc.disable()


@contextmanager
def ending() -> Iterator[None]:
    """The process ends with this block (thp run as a program). If a command left data to
    the end (:func:`leave`), the process ends at once, with the exit status it ends with
    (:func:`_end`); otherwise Python ends it as ever."""
    global _left
    _left = []
    try:
        yield
    except SystemExit as done:
        if _left:
            _end(done.code)
        raise
    finally:
        _left = None


def _end(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would (exit handlers run, output flushed, the same
    status), without freeing every object first. With other threads still running, a
    profiler or debugger watching (they write what they saw as Python ends), or output that
    cannot be flushed, Python ends it as ever (and reports that as it does)."""
    import atexit
    import threading

    if threading.active_count() > 1 or sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        if not 0 <= code <= 255:  # a status the system cannot carry: Python says what becomes of it
            raise SystemExit(code)
        status = code
    else:  # as Python does: the message on the error stream (if there is one), status 1
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None
    os._exit(status)
