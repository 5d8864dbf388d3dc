"""``thp due``: what is owed, and by when, with the command that settles each thing.

Thin command: options -> one call of :func:`thp_cli.due.items.due` -> a renderer
of due/render.py (``--format``'s choices are its keys). pydantic and icalendar
load only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..due.render import RENDERERS
from ..errors import EXIT_FINDINGS
from .options import (
    AsOfOption,
    Commands,
    OutOption,
    RootOption,
    as_of_date,
    choices,
    data_errors_warning,
    emit,
    format_option,
    read_note,
)

if TYPE_CHECKING:  # a choice is a str
    DueFormat = str
else:
    DueFormat = choices(RENDERERS)


def due(
    root: RootOption = Path("."),
    as_of: AsOfOption = None,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            metavar="DAYS",
            help="List what falls due in this many days after --as-of (at most to 31 December 9999).",
        ),
    ] = 60,
    board: Annotated[
        str | None,
        typer.Option("--board", help="Only what this board (its id) owes.", show_default=False),
    ] = None,
    format: Annotated[
        DueFormat,
        format_option(
            "text for people; md for a GitHub issue (a checklist); json for programs; "
            "ics for a calendar of the deadlines."
        ),
    ] = "text",
    out: OutOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) when anything is overdue.")] = False,
) -> None:
    """List what is owed, overdue first then by date: work programmes, yearly updates,
    the review's actions past or near their timescale and not done, agendas of
    planned meetings (agenda_days_before clear days before, default 5), minutes of
    held meetings (minutes_days_after days after, default 28), planned meetings whose
    date has passed, seats whose term ends, seats whose term is renewed (since plus
    term_months), task-and-finish groups past their end, a new value for each indicator
    of the plan, 12 months after its latest, and the day an elected member's six months
    under section 85 of the Local Government Act 1972 would end, counted from the last
    meeting of the partnership they were recorded present at.
    A dormant board owes the records of its meetings and seats but no work programme
    or yearly update; a closed board owes nothing.

    Each item gives its board, its day, the days left or overdue, and the command
    (or the file to edit) that settles it. Exit code 0, even when things are
    overdue; with --strict, 1 when anything is. 2: thp could not run. Records
    with errors are left out, and every format says so.
    """
    from ..due.items import due as run

    on = as_of_date(as_of)
    read_note(root, on)
    result = run(root, on, within, board)
    emit(RENDERERS[format](result), out)
    if out is not None or format != "text":  # the text on the screen already says it
        data_errors_warning(result.data_errors)
    if strict and result.overdue:
        raise typer.Exit(EXIT_FINDINGS)


COMMANDS: Commands = [("due", due)]
"""The commands of this module, by name, for the app to register."""
