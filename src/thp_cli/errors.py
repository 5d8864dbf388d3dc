"""The one place where exceptions become exit codes and messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_CANNOT_RUN = 2


class ThpError(Exception):
    """Something the user can fix (a missing folder, a bad option): exit 2."""


@contextmanager
def error_handler(debug: bool = False, echo: Callable[[str], None] | None = None) -> Iterator[None]:
    """Map exceptions to exit codes; never show a bare traceback unless --debug."""
    say = echo or (lambda text: print(text, file=sys.stderr))
    try:
        yield
    except ThpError as error:
        say(f"thp: {error}")
        raise SystemExit(EXIT_CANNOT_RUN) from None
    except KeyboardInterrupt:
        say("thp: interrupted")
        raise SystemExit(130) from None
    except (SystemExit, GeneratorExit):
        raise
    except Exception as error:
        if debug:
            raise
        say(
            f"thp: unexpected error: {type(error).__name__}: {error}\n"
            "This is a bug in thp, not in your data. Rerun with --debug for the "
            "traceback and report it."
        )
        raise SystemExit(EXIT_CANNOT_RUN) from None
