"""``thp diff`` and ``thp history``: what changed, from git.

Thin commands: options -> one call into history.py -> a renderer in
diff_output.py. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

COMMANDS: list[tuple[str, Callable[..., Any]]] = []  # (name, function) registered on the main app


class ChangesFormat(str, enum.Enum):
    auto = "auto"
    text = "text"
    md = "md"
    json = "json"


FormatOption = Annotated[
    ChangesFormat,
    typer.Option(
        "--format",
        "-f",
        help="text for people (auto, the default, is text: on a terminal, in a pipe and in a file "
        "alike), md for a pull request or a GitHub job summary, json for programs.",
    ),
]


def _format(chosen: ChangesFormat) -> str:
    """``auto`` is text wherever the output goes: a pipe or a file gets what a terminal
    gets, and JSON comes only from ``--format json``."""
    return "text" if chosen is ChangesFormat.auto else str(chosen.value)


def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="The revision to compare from (a branch, tag or commit). Default: where HEAD's branch "
            "left the default branch (origin/HEAD, else main, else master); on that branch itself, HEAD~1.",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD",
            help="The revision to compare to. Default: the working tree.",
            show_default=False,
        ),
    ] = None,
    root: RootOption = Path("."),
    format: FormatOption = ChangesFormat.auto,
    out: OutOption = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Also append the md form to the GitHub job summary ($GITHUB_STEP_SUMMARY), when it is set.",
        ),
    ] = False,
) -> None:
    """Say what a change does to the partnership: seats added, removed and changed on each
    board, boards added, removed or closed, recommendations whose owner or senior
    responsible officer changed, and their actions whose status, dates or owners
    changed, between two git revisions.

    If the data at a revision has errors, what loaded is still compared and the
    errors are listed (file:line:column) on stderr. Exit code 0: compared.
    2: thp could not run (not a git repository, an unknown revision, nothing to compare with).
    """
    from .cli import _emit, _err, _state
    from .errors import error_handler

    with error_handler(_state["debug"], _err):
        from .diff_output import DIFF_RENDERERS, append_step_summary, finding_lines
        from .history import diff as run

        result = run(root, base, head)
        for line in finding_lines(result):
            _err(line)
        _emit(DIFF_RENDERERS[_format(format)](result), out)
        if summary and not append_step_summary(DIFF_RENDERERS["md"](result)):
            _err("thp: GITHUB_STEP_SUMMARY is not set, so no job summary was written")


COMMANDS.append(("diff", diff))


def history(
    board: Annotated[
        str | None,
        typer.Argument(metavar="BOARD", help="A board's id: that board's history.", show_default=False),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", help="Only the seats held by this person (an id in people.yaml)."),
    ] = None,
    seat: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--seat",
            metavar="ORG ROLE",
            help="Only this seat: an organisation's id and the role (in quotes if it has spaces).",
        ),
    ] = None,
    root: RootOption = Path("."),
    format: FormatOption = ChangesFormat.auto,
    out: OutOption = None,
) -> None:
    """When each seat was added, changed or removed, with the commit, its date and its
    author's name (never an email), oldest first.

    Reads the commits on HEAD's first-parent history that changed data/ (a merged
    pull request counts as its merge commit); changes not yet committed are not
    included. Give a BOARD, --person or --seat, or any of them together; with none,
    every board and seat.
    """
    from .cli import _emit, _err, _state
    from .errors import error_handler

    with error_handler(_state["debug"], _err):
        from .diff_output import HISTORY_RENDERERS
        from .history import timeline

        result = timeline(root, board=board, person=person, seat=seat)
        _emit(HISTORY_RENDERERS[_format(format)](result), out)


COMMANDS.append(("history", history))

# The options shared with cli.py's commands, defined once there. Imported last, so that
# cli.py, which imports this module while it registers commands, finds COMMANDS complete
# whichever module is imported first. Typer reads the annotations when the app runs.
from .cli import OutOption, RootOption  # noqa: E402
