"""``thp update add``: add a board's yearly update, by options or from a small file.

A thin command: it maps its options onto :func:`thp_cli.edit.updates.add_update` and prints
the line it returns. Refusals are ``ThpError``: exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .member import BoardArgument
from .options import Commands, Group, RecordDayOption, RootOption, as_of_date, path_option
from .work_programme import CheckOption, told


def add(
    board: BoardArgument,
    year: Annotated[
        str | None,
        typer.Option(
            "--year", metavar="YYYY", help="The year of the update, four digits.", show_default=False
        ),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option(
            "--summary", metavar="TEXT", help="What the year was, in a few sentences.", show_default=False
        ),
    ] = None,
    achievement: Annotated[
        list[str] | None,
        typer.Option(
            "--achievement", metavar="TEXT", help="An achievement; give it once per item.", show_default=False
        ),
    ] = None,
    challenge: Annotated[
        list[str] | None,
        typer.Option(
            "--challenge", metavar="TEXT", help="A challenge; give it once per item.", show_default=False
        ),
    ] = None,
    escalation: Annotated[
        list[str] | None,
        typer.Option(
            "--escalation",
            metavar="TEXT",
            help="An item brought to the board above to resolve; give it once per item.",
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        path_option(
            "--from-file",
            kind="file",
            help="Read the update from a .yaml or .md file instead of --summary and the lists (see above).",
        ),
    ] = None,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    """Add a board's yearly update (to the board its partnership.yaml names in annual_update_to).

    Give it by options, or for long texts with --from-file. A .yaml file is a
    mapping: summary, and optionally year, achievements, challenges and
    escalations (lists of text). A .md file is: an optional "# title" line,
    then the summary as paragraphs, then any of the sections "## Achievements",
    "## Challenges" and "## Escalations", each a list of "- item" lines. --year
    is needed unless the .yaml file gives it. A board has one update a year:
    a second for the same year is refused (change the first in the file), and so
    is a year after that of --as-of (a typo such as 2052 for 2025).
    """
    from ..edit.updates import NewUpdate, add_update

    given = NewUpdate(
        year, summary, tuple(achievement or ()), tuple(challenge or ()), tuple(escalation or ())
    )
    result = add_update(root, board, given, from_file, check=check, as_of=as_of_date(as_of))
    told(result.said, result.file, result.written, check)


COMMANDS: Commands = [("add", add)]
GROUP = Group("update", "Add a board's yearly update.", COMMANDS)
"""The group of commands this module holds, for the app to register."""
