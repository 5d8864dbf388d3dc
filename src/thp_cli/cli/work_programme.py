"""``thp work-programme set``: record that a board has published its work programme.

A thin command: it maps its options onto :func:`thp_cli.edit.records.set_work_programme`
and prints the line it returns. Refusals are ``ThpError``: exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .member import BoardArgument
from .options import Commands, Group, RootOption, say

CheckOption = Annotated[bool, typer.Option("--check", help="Show what would change, and write nothing.")]


def told(said: str, file: str, written: bool, check: bool) -> None:
    """Print what a record command did; with --check, what it would do, and that nothing was written."""
    if check and not said.startswith("nothing to change"):
        say(f"would have {said} in {file}; nothing written (--check)")
    else:
        say(f"{said} in {file}" if written else said)


def set_(
    board: BoardArgument,
    published: Annotated[
        str,
        typer.Option("--published", metavar="DATE", help="The day it was published, YYYY-MM-DD."),
    ],
    url: Annotated[str, typer.Option("--url", metavar="URL", help="Where it is published: a https: link.")],
    check: CheckOption = False,
    root: RootOption = Path("."),
) -> None:
    """Record a board's work programme: the day it was published and its https: link.

    Sets the board's work_programme (adding it if the file has none); the rest
    of the file is kept byte for byte. Refused (exit 2, nothing written) if the
    board does not exist, the date is not a date or the link is not https:.
    """
    from ..edit.records import set_work_programme

    result = set_work_programme(root, board, published, url, check=check)
    told(result.said, result.file, result.written, check)


COMMANDS: Commands = [("set", set_)]
GROUP = Group("work-programme", "Record a board's published work programme.", COMMANDS)
"""The group of commands this module holds, for the app to register."""
