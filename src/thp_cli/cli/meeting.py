"""``thp meeting add|set|remove``: record a board's meetings without hand-editing YAML.

Thin commands: each maps its options onto one call of :mod:`thp_cli.edit.meetings`
(imported inside the command, with ruamel and pydantic behind it) and prints
the line it returns, and its warnings on stderr. Refusals are ``ThpError``:
exit 2, nothing written.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .options import CheckOption, Commands, Group, RecordDayOption, RootOption, as_of_date, err, say

if TYPE_CHECKING:
    from ..edit.meetings import MeetingDone


class StatusChoice(str, enum.Enum):
    """The statuses of a meeting in the data format (model.MeetingStatus; a test keeps the two equal)."""

    held = "held"
    planned = "planned"
    cancelled = "cancelled"


BoardArgument = Annotated[
    str,
    typer.Argument(metavar="BOARD", help="The board's id (its file name without .yaml).", show_default=False),
]
DateOption = Annotated[
    str,
    typer.Option("--date", metavar="DATE", help="The day of the meeting, YYYY-MM-DD.", show_default=False),
]


def _text(name: str, metavar: str, what: str, clearable: bool) -> Any:
    said = f"{what}, or none to remove it." if clearable else f"{what}."
    return typer.Option(f"--{name}", metavar=metavar, help=said, show_default=False)


TIME = "When it starts, HH:MM on the 24-hour clock (UK local time)"
VENUE = "Where it meets, one line of text"
AGENDA = "The https: address of its agenda"
MINUTES = "The https: address of its minutes"


def _say(done: MeetingDone, check: bool) -> None:
    say(done.said)
    for warning in done.warnings:
        err(f"thp: warning: {warning}")
    if check and not done.said.startswith("nothing to change"):
        say("nothing written (--check)")


def add(
    board: BoardArgument,
    date: DateOption,
    status: Annotated[
        StatusChoice | None,
        typer.Option(
            "--status",
            help="held, planned or cancelled. Default: planned if the date is after --as-of "
            "(today), else held.",
            show_default=False,
        ),
    ] = None,
    time: Annotated[str | None, _text("time", "HH:MM", TIME, False)] = None,
    venue: Annotated[str | None, _text("venue", "TEXT", VENUE, False)] = None,
    agenda: Annotated[str | None, _text("agenda", "URL", AGENDA, False)] = None,
    minutes: Annotated[str | None, _text("minutes", "URL", MINUTES, False)] = None,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    """Add a meeting to a board, in date order among its meetings.

    The rest of the file is kept byte for byte. Refused (exit 2, nothing
    written) if the board does not exist, it already has a meeting that day,
    a date, time or link is not one (agendas and minutes are https: links), or
    the change would bring in an error. A planned meeting whose date has
    passed is recorded, with a warning.
    """
    from ..edit.meetings import MeetingFields, add_meeting

    given = MeetingFields(status.value if status else None, time, venue, agenda, minutes)
    _say(add_meeting(root, board, date, given, as_of=as_of_date(as_of), check=check), check)


def set_(
    board: BoardArgument,
    date: DateOption,
    status: Annotated[
        StatusChoice | None,
        typer.Option("--status", help="A new status: held, planned or cancelled.", show_default=False),
    ] = None,
    time: Annotated[str | None, _text("time", "HH:MM", TIME, True)] = None,
    venue: Annotated[str | None, _text("venue", "TEXT", VENUE, True)] = None,
    agenda: Annotated[str | None, _text("agenda", "URL", AGENDA, True)] = None,
    minutes: Annotated[str | None, _text("minutes", "URL", MINUTES, True)] = None,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    """Change the meeting of a board on --date: its status, time, venue, agenda or minutes.

    Only the lines of the keys that change are touched. A key that is not
    there yet gets a line of its own, in the data format's order.
    """
    from ..edit.meetings import MeetingFields, set_meeting

    changes = MeetingFields(status.value if status else None, time, venue, agenda, minutes)
    _say(set_meeting(root, board, date, changes, as_of=as_of_date(as_of), check=check), check)


def remove(
    board: BoardArgument,
    date: DateOption,
    check: CheckOption = False,
    root: RootOption = Path("."),
) -> None:
    """Remove the meeting of a board on --date.

    The meeting's own lines go, with the comments beside them; everything
    else is kept byte for byte.
    """
    from ..edit.meetings import remove_meeting

    _say(remove_meeting(root, board, date, check=check), check)


COMMANDS: Commands = [("add", add), ("set", set_), ("remove", remove)]
GROUP = Group(
    "meeting",
    "Add, change or remove a board's meeting; comments and layout of the file are kept.",
    COMMANDS,
)
"""The group of commands this module holds, for the app to register."""
