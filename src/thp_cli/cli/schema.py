"""``thp schema`` and ``thp init``: editor schemas and new partnership repositories.

Thin commands: options -> one call into schema/ (write) or scaffold.py -> lines of
plain English. pydantic is imported only when a command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS, ThpError
from .options import Commands, RootOption, out_option, say


def schema(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None,
        out_option(
            "The folder to write the schemas to (atomically). Default: schemas/ under --root.", "folder"
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing; exit 1 if a schema on disk differs from what this thp would write "
            "(with --modelines: or a data file has no modeline). For CI.",
        ),
    ] = False,
    modelines: Annotated[
        bool,
        typer.Option(
            "--modelines",
            help="Also add a first line naming its schema to each data file that has none, "
            "for the YAML language server (VS Code's YAML extension). Nothing else in a file changes.",
        ),
    ] = False,
) -> None:
    """Write the JSON Schema of each kind of data file (partnership, calls_to_action,
    organisations, people, board, recommendation, indicator), for editors that check YAML as you
    type.

    The schemas follow JSON Schema draft 7 and refuse unknown keys. A data file
    names its schema in its first line, relative to the file:

    \b
      # yaml-language-server: $schema=../../schemas/board.schema.json

    Exit code 0: written (or, with --check, up to date). 1: with --check, something
    is out of date. 2: thp could not run. 3: a bug in thp.
    """
    from ..schema.write import run

    result = run(root, out, check=check, modelines=modelines)
    for line in result.lines():
        say(line)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def init(
    directory: Annotated[
        str,
        typer.Argument(
            metavar="DIR",
            help="The folder to make: new, empty, or a fresh clone (holding only .git).",
            show_default=False,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help="The partnership's name. Default: from the folder's name (hackney-partnership -> "
            "Hackney Partnership).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make a new partnership repository that passes thp validate at once: data/ with an
    example call to action, organisation and top board; schemas/ with a modeline in each
    data file; a GitHub Actions workflow (for a default branch named main or master); a
    pre-commit hook; a README for officers on boards, seats, people and thp member.

    The values to fill in begin "Replace this with"; thp validate warns about each
    (rule placeholder) until it is replaced. Refuses (exit 2, changing nothing) a DIR
    that holds anything but .git.
    """
    from ..scaffold import init as run

    created = run(_directory(directory), name)
    for line in created.lines():
        say(line)


def _directory(given: str) -> Path:
    """DIR as thp init was given it. Read as text, not as a Path, which would turn an empty
    argument into ``.`` (the current folder) before thp could see it was empty."""
    if given == "":
        raise ThpError(
            "DIR is empty: give the folder to make, for example thp init hackney-partnership "
            "(or thp init . for the current folder)"
        )
    return Path(given)


COMMANDS: Commands = [("schema", schema), ("init", init)]
"""The commands of this module, by name, for the app to register."""
