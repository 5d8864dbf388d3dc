"""``thp diff`` and ``thp history``: what changed, from git.

Thin commands: options -> one call into history.py -> a renderer in
diff_output.py. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .options import AUTO, Commands, OutOption, RootOption, choices, chosen, emit, err, format_option

TEXT = "text"
"""The format for people: what ``auto`` is, wherever the output goes."""
CHANGES_FORMATS = (TEXT, "md", "json")
"""The keys of diff_output's DIFF_RENDERERS and HISTORY_RENDERERS (a test keeps them equal):
that module loads pydantic, so ``thp diff --help`` cannot read them from it."""
if TYPE_CHECKING:  # a choice is a str
    ChangesFormat = str
else:
    ChangesFormat = choices([AUTO], CHANGES_FORMATS)

FormatOption = Annotated[
    ChangesFormat,
    format_option(
        "text for people (auto, the default, is text: on a terminal, in a pipe and in a file "
        "alike), md for a pull request or a GitHub job summary, json for programs.",
    ),
]


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
    format: FormatOption = AUTO,
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
    3: a bug in thp.
    """
    from ..history.diffs import diff as run
    from ..history.render import DIFF_RENDERERS, append_step_summary, finding_lines

    result = run(root, base, head)
    for line in finding_lines(result):
        err(line)
    emit(DIFF_RENDERERS[chosen(format, people=TEXT)](result), out)
    if summary and not append_step_summary(DIFF_RENDERERS["md"](result)):
        err("thp: GITHUB_STEP_SUMMARY is not set, so no job summary was written")


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
    format: FormatOption = AUTO,
    out: OutOption = None,
) -> None:
    """When each seat was added, changed or removed, with the commit, its date and its
    author's name (never an email), oldest first.

    Reads the commits on HEAD's first-parent history that changed data/ (a merged
    pull request counts as its merge commit); changes not yet committed are not
    included. Give a BOARD, --person or --seat, or any of them together; with none,
    every board and seat.
    """
    from ..history.render import HISTORY_RENDERERS
    from ..history.timelines import timeline

    result = timeline(root, board=board, person=person, seat=seat)
    emit(HISTORY_RENDERERS[chosen(format, people=TEXT)](result), out)


COMMANDS: Commands = [("diff", diff), ("history", history)]
"""The commands of this module, by name, for the app to register."""
