"""``thp indicator record``: add a value to one of the plan's indicators.

A thin command: it maps its arguments onto :func:`thp_cli.edit.indicators.record_value` and
prints the line it returns. Refusals are ``ThpError``: exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import Commands, Group, RecordDayOption, RootOption, as_of_date
from .work_programme import CheckOption, told


def record(
    indicator: Annotated[
        str, typer.Argument(metavar="ID", help="The indicator's id (its file name without .yaml).")
    ],
    date: Annotated[
        str,
        typer.Option("--date", metavar="DATE", help="The month (YYYY-MM) or day (YYYY-MM-DD) it measures."),
    ],
    value: Annotated[
        str, typer.Option("--value", metavar="N", help="The figure, such as 15.9 (no units or % sign).")
    ],
    note: Annotated[
        str | None,
        typer.Option(
            "--note", metavar="TEXT", help="Where the figure comes from, or a caveat.", show_default=False
        ),
    ] = None,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    """Add a value {date, value, note} to an indicator's values.

    For example: thp indicator record overcrowded-households --date 2025-03
    --value 15.2 --note "Annual survey". The value goes last (values are kept
    oldest first); the rest of the file is kept byte for byte.
    """
    from ..edit.indicators import record_value

    result = record_value(root, indicator, date, value, note, check=check, today=as_of_date(as_of))
    told(result.said, result.file, result.written, check)


COMMANDS: Commands = [("record", record)]
GROUP = Group("indicator", "Record the values of the plan's indicators.", COMMANDS)
"""The group of commands this module holds, for the app to register."""
