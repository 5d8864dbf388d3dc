"""The one place where exceptions become exit codes and messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .inert import message, one_line, protect_streams

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CANNOT_RUN = 2


class ThpError(Exception):
    """Something the user can fix (a missing folder, a bad option): exit 2."""


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


def warn(message: str, echo: Callable[[str], None] | None = None) -> None:
    """``thp: warning: ...`` on stderr, as one inert line; the command carries on."""
    (echo or _stderr)(f"thp: warning: {one_line(message)}")


@contextmanager
def error_handler(debug: bool = False, echo: Callable[[str], None] | None = None) -> Iterator[None]:
    """Map exceptions to exit codes; never show a bare traceback unless --debug.

    Messages are made inert: control characters are shown escaped (a value quoted
    from the data or an option cannot drive the terminal) and no line can be read as
    a GitHub workflow command. A message keeps only the line breaks thp put in it
    (a list of findings under a sentence); values are quoted on one line where they
    are put in. stdout and stderr are made to escape what their encoding lacks.
    """
    protect_streams()
    write = echo or _stderr

    def say(text: str) -> None:
        write(message(f"thp: {text}"))

    try:
        yield
    except ThpError as error:
        say(str(error))
        raise SystemExit(EXIT_CANNOT_RUN) from None
    except KeyboardInterrupt:
        say("interrupted")
        raise SystemExit(130) from None
    except (SystemExit, GeneratorExit):
        raise
    except Exception as error:
        if debug:
            raise
        say(f"unexpected error: {type(error).__name__}: {one_line(str(error))}")
        write("This is a bug in thp, not in your data. Rerun with --debug for the traceback and report it.")
        raise SystemExit(EXIT_CANNOT_RUN) from None
