"""The one place where exceptions become exit codes and messages.

Exit codes: 0 fine, 1 the data has findings, 2 the command could not run (a bad
option, no data/ folder: a ``ThpError``), 3 a bug in thp (an unexpected exception).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .inert import message, one_line, protect_streams

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CANNOT_RUN = 2
EXIT_BUG = 3


@dataclass(frozen=True)
class Flag:
    """An option the user gave, named in a message by its field (``"new_role"``).

    Library code never spells a command-line flag: it puts a ``Flag`` in a
    ``ThpError`` and the command line, which knows its options, writes it as the
    user typed it (``--new-role``). Read as a library error, it is the field in words.
    """

    field: str

    def words(self) -> str:
        return self.field.replace("_", " ")


class ThpError(Exception):
    """Something the user can fix (a missing folder, a bad option): exit 2.

    The message is text and ``Flag`` parts: ``ThpError(Flag("role"), " must not be
    empty")``. ``str(error)`` names flags in words; ``error.render(name)`` lets the
    command line name each as the option it is.
    """

    def __init__(self, *parts: str | Flag) -> None:
        self.parts = parts
        super().__init__(self.render())

    def render(self, name: Callable[[Flag], str] = Flag.words) -> str:
        """The message, each ``Flag`` written by ``name``."""
        return "".join(part if isinstance(part, str) else name(part) for part in self.parts)


def option_name(flag: Flag) -> str:
    """``flag`` as the command line spells an option by default: ``--`` and the field,
    hyphenated. The command line itself prefers the running command's own spelling."""
    return "--" + flag.field.replace("_", "-")


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


def warn(message: str, echo: Callable[[str], None] | None = None) -> None:
    """``thp: warning: ...`` on stderr, as one inert line; the command carries on."""
    (echo or _stderr)(f"thp: warning: {one_line(message)}")


@contextmanager
def error_handler(
    debug: bool | Callable[[], bool] = False,
    echo: Callable[[str], None] | None = None,
    *,
    name: Callable[[Flag], str] = option_name,
    passing: tuple[type[BaseException], ...] = (),
) -> Iterator[None]:
    """Map exceptions to exit codes; never show a bare traceback unless --debug.

    A ``ThpError`` is its message and exit 2, its flags written by ``name``; an
    interrupt is exit 130; anything else is a bug in thp: one line naming it, a hint
    to rerun with --debug, and exit 3 (with ``debug`` true, or a function saying so
    when the error comes, the exception goes on, traceback and all). Exceptions of
    the types in ``passing`` (the command line's own exits and usage errors) go on
    untouched.

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
        say(error.render(name))
        raise SystemExit(EXIT_CANNOT_RUN) from None
    except KeyboardInterrupt:
        say("interrupted")
        raise SystemExit(130) from None
    except (SystemExit, GeneratorExit):
        raise
    except Exception as error:
        if isinstance(error, passing):
            raise
        if debug() if callable(debug) else debug:
            import traceback

            traceback.print_exc()
            raise SystemExit(EXIT_BUG) from None
        say(f"unexpected error: {type(error).__name__}: {one_line(str(error))}")
        write("This is a bug in thp, not in your data. Rerun with --debug for the traceback and report it.")
        raise SystemExit(EXIT_BUG) from None
