"""Every option more than one command shares, defined once, and the small helpers
every command uses to print.

``--root``, ``--as-of`` (one meaning and one help text), ``--out``, ``--year`` and ``--check``
are here, with the parsers that read them as typed. A command's ``--format``
choices are the keys of its renderers' dict, so a new renderer is a new choice.
``auto`` means one thing everywhere: the format for where the output goes, which
is the format for people unless the command has a GitHub Actions form and
GITHUB_ACTIONS=true. Nothing heavy is imported here: commands import the library
inside their bodies.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from ..errors import ThpError
from ..text import clean, quote

Commands = list[tuple[str, Callable[..., Any]]]
"""A module's commands, by name, for the app to register."""


@dataclass(frozen=True)
class Group:
    """A group of commands (``thp member ...``): its name, its help, and its commands."""

    name: str
    help: str
    commands: Commands


AUTO = "auto"
"""The format for where the output goes (see :func:`chosen`)."""


def given_path(kind: str) -> Callable[[Any], Path]:
    """The parser of a path option (``kind``: "file" or "folder"), reading the value as
    it was typed: Typer's own conversion makes an empty value ``.``, so ``--out ""`` or
    ``--templates ""`` would quietly mean the current folder. An empty value, a folder
    where a file is wanted, or a file where a folder is, is refused (exit 2) in a sentence."""

    def parse(value: Any) -> Path:
        if isinstance(value, Path):  # the default, already a path
            return value
        text = str(value)
        if text == "":
            raise typer.BadParameter(f"it is empty: give a {kind}'s name")
        path = Path(text)
        if kind == "file" and os.path.isdir(path):
            raise typer.BadParameter(f"{quote(text, 200)} is a folder; give a file's name")
        if kind == "folder" and os.path.lexists(path) and not os.path.isdir(path):
            raise typer.BadParameter(f"{quote(text, 200)} is a file, not a folder")
        return path

    return parse


def choices(*groups: Iterable[str]) -> Any:
    """The type of a ``--format`` option: one choice per name in ``groups`` (a renderers'
    dict gives its keys), in order and each once. Typer shows them as ``[a|b|c]``."""
    names = tuple(dict.fromkeys(name for group in groups for name in group))
    return Literal[names]


def chosen(name: str, people: str, actions: str | None = None) -> str:
    """The format ``name`` stands for: ``auto`` is ``actions`` (a command's GitHub Actions
    form, if it has one) when GITHUB_ACTIONS=true, else ``people``; any other is itself."""
    if name != AUTO:
        return name
    if actions is not None and os.environ.get("GITHUB_ACTIONS") == "true":
        return actions
    return people


RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        parser=given_path("folder"),
        metavar="<path>",
        envvar="THP_ROOT",
        help="The partnership repository: the folder that holds data/. Default: the current folder.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day thp takes as today (YYYY-MM-DD): which seats are current, which meetings "
        "are recent or held. A command that reads the data reads it, for a past day, as it stood "
        "then: the last commit by that day (git). Default: today.",
        show_default=False,
    ),
]

RecordDayOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day thp takes as today (YYYY-MM-DD), for the commands that record what "
        "happened: a meeting before it was held, one after it is planned (unless told "
        "otherwise), and progress given without a date is dated it; an update for a later "
        "year, progress on a later day, or an indicator's value for a period not yet over, is "
        "refused. The files on disk are changed, whatever "
        "the day. Default: today.",
        show_default=False,
    ),
]
"""``--as-of`` for the commands that record (the data is always read from disk and changed there)."""

CheckOption = Annotated[
    bool,
    typer.Option("--check", help="Show what would change, and write nothing."),
]


def path_option(*names: str, kind: str, help: str) -> Any:
    """An option naming a file (``kind`` "file") or a folder ("folder"), read by :func:`given_path`."""
    metavar = "<dir>" if kind == "folder" else "<file>"
    return typer.Option(*names, parser=given_path(kind), metavar=metavar, help=help, show_default=False)


def out_option(help: str, kind: str = "file") -> Any:
    """``--out``/``-o``: where a command writes, a file (or, with ``kind`` "folder", a folder)."""
    return path_option("--out", "-o", kind=kind, help=help)


def format_option(help: str) -> Any:
    """``--format``/``-f``: the form of a command's output; its type is :func:`choices`."""
    return typer.Option("--format", "-f", help=help)


OutOption = Annotated[Path | None, out_option("Write to this file (atomically) instead of printing.")]
YearOption = Annotated[
    str | None,
    typer.Option(
        "--year",
        metavar="YEAR",
        help="The year the report covers, four digits (1900 to 2999). Default: the year of --as-of.",
        show_default=False,
    ),
]

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years --as-of and --year may name: the years a date in the data may have."""
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def as_of_date(value: str | None) -> dt.date:
    """The day ``--as-of`` names: only ``YYYY-MM-DD``, from 1900 to 2999 (default: today).

    Python's ``date.fromisoformat`` also reads ``20240101`` and ``2024W011``; an
    officer's typo must not become a day nobody meant, so only the one form is read.
    """
    if value is None:
        return dt.date.today()
    shown = clean(value, 60)
    match = _DAY.fullmatch(value)
    if match is None:
        compact = re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", value)
        guess = _calendar_day(*compact.groups()) if compact else None
        hint = f"did you mean --as-of {guess.isoformat()}?" if guess else "for example --as-of 2024-06-30"
        raise ThpError(f"--as-of '{shown}' is not a date written YYYY-MM-DD; {hint}")
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ThpError(
            f"--as-of {shown} is out of range: give a day from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"
        )
    on = _calendar_day(*match.groups())
    if on is None:
        wrong = (
            f"there is no month {match[2]}"
            if not 1 <= int(match[2]) <= 12
            else f"that month has no day {match[3]}"
        )
        raise ThpError(f"--as-of {shown} is not a day of the calendar: {wrong}")
    return on


def _calendar_day(year: str, month: str, day: str) -> dt.date | None:
    try:
        on = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return on if FIRST_YEAR <= on.year <= LAST_YEAR else None


def year_number(value: str | None) -> int | None:
    """The year ``--year`` names: four ASCII digits, from 1900 to 2999; None (the default) stays None.

    The option is read as text, not by ``int()``, which would also take ``2024.0``,
    `` 2024`` or Arabic-Indic digits, and whose refusal is a programmer's message.
    """
    if value is None:
        return None
    if value == "":
        raise ThpError("--year is empty: give the year the report covers, for example --year 2024")
    if re.fullmatch("-?[0-9]+", value) is None:
        near = re.fullmatch(r"\s*([0-9]{4})(?:\.0*)?\s*", value)
        hint = f"did you mean --year {near[1]}?" if near else "for example --year 2024"
        raise ThpError(f"--year {quote(value, 60)} is not a year written as four digits 0-9; {hint}")
    if len(value) != 4 or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        said = f"give a year from {FIRST_YEAR} to {LAST_YEAR}"
        raise ThpError(f"--year {clean(value, 60)} is out of range: {said}")
    return int(value)


def emit(content: str | bytes, out: Path | None) -> None:
    """Print text made inert (see inert.lines), or write it (or bytes) to ``out`` in one
    atomic step; text written to a file is made inert by inert.for_file."""
    from ..inert import for_file, lines, one_line

    if out is None:
        assert isinstance(content, str), "bytes need --out"
        typer.echo(lines(content), nl=False)
        return
    from ..atomic import write_atomic

    data = for_file(content).encode("utf-8") if isinstance(content, str) else content
    try:
        write_atomic(out, data)
    except OSError as error:
        raise ThpError(f"cannot write {one_line(str(out))}: {error.strerror or error}") from None


def err(text: str) -> None:
    """Print ``text`` on stderr, made inert (see inert.message)."""
    from ..inert import message

    typer.echo(message(text), err=True)


def say(text: str) -> None:
    """Print one line of a command's report, made inert (see inert.lead)."""
    from ..inert import lead

    typer.echo(lead(text))


def read_note(root: Path, on: dt.date) -> None:
    """For a past --as-of, say on stderr which data is read: a commit, or why not one."""
    from ..history.git import in_git

    if on >= dt.date.today() or not in_git(root):  # the files on disk: nothing to say, nothing to load
        return
    from ..history.sources import as_of_note

    note = as_of_note(root, on)
    if note is not None:
        err(f"thp: {note}")


def data_errors_warning(count: int) -> None:
    """Warn on stderr that ``count`` data errors kept records out of what was written."""
    if count:
        err(
            f"thp: warning: the data has {count} error(s); records that could not "
            "be read are left out. Run thp validate to see them."
        )
