"""``thp action status``: record the progress of a recommendation's action.

A thin command: it maps its arguments onto :func:`thp_cli.edit.records.action_status` and
prints the line it returns. Refusals are ``ThpError``: exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import Commands, Group, RecordDayOption, RootOption, as_of_date
from .work_programme import CheckOption, told

STATUSES = ("not-started", "in-progress", "done", "dropped")
"""The statuses of the data format (model.ActionStatus; a test keeps the two equal)."""


def status(
    rec: Annotated[
        str, typer.Argument(metavar="REC", help="The recommendation's id (its file name without .yaml).")
    ],
    action: Annotated[str, typer.Argument(metavar="ACTION", help="The action's number, such as ii.")],
    new_status: Annotated[
        str, typer.Argument(metavar="STATUS", help=f"The action's status now: {', '.join(STATUSES)}.")
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The day of the update, YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="What has happened, in a sentence.", show_default=False),
    ] = None,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    """Set an action's status and add a dated entry {date, status, note} to its updates.

    For example: thp action status r2 ii in-progress --note "Chairs' review
    under way". The entry goes last (updates are kept oldest first); the rest
    of the file is kept byte for byte.
    """
    from ..edit.records import Progress, action_status

    result = action_status(
        root, rec, action, Progress(new_status, date, note), check=check, today=as_of_date(as_of)
    )
    told(result.said, result.file, result.written, check)


COMMANDS: Commands = [("status", status)]
GROUP = Group("action", "Record the progress of a recommendation's action.", COMMANDS)
"""The group of commands this module holds, for the app to register."""
