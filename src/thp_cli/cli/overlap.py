"""``thp overlap``: duplicate and overlapping boards, and the seats that hold them together.

Thin command: options -> one call into overlap/ (analysis) -> a renderer of
overlap/render.py (``--format``'s choices are its keys, with the table for
people). networkx loads only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..overlap.render import RENDERERS
from ..overlap.result import BASES
from .options import (
    AUTO,
    AsOfOption,
    Commands,
    OutOption,
    RootOption,
    as_of_date,
    choices,
    chosen,
    data_errors_warning,
    emit,
    err,
    format_option,
    read_note,
)

TABLE = "table"
"""The format for people: what ``auto`` is, wherever the output goes."""
if TYPE_CHECKING:  # a choice is a str
    OverlapFormat = str
    ByChoice = str
else:
    OverlapFormat = choices([AUTO, TABLE], RENDERERS)
    ByChoice = choices(BASES)


def overlap(
    root: RootOption = Path("."),
    format: Annotated[
        OverlapFormat,
        format_option(
            "table for people (auto, the default, is table: on a terminal, in a pipe and in "
            "a file alike), json for programs, csv for a spreadsheet, graphml for yEd or Gephi, "
            "dot for Graphviz, mermaid for a .mmd file or mermaid-cli (GitHub Markdown shows it in "
            "a block fenced as mermaid).",
        ),
    ] = AUTO,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            help="List pairs (and cluster boards) whose overlap score is at least this, from 0 to 1.",
        ),
    ] = 0.2,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, help="Only the N most overlapping pairs.", show_default=False),
    ] = None,
    board: Annotated[
        str | None,
        typer.Option("--board", help="Only what involves this board (its id).", show_default=False),
    ] = None,
    by: Annotated[
        ByChoice,
        typer.Option(
            "--by",
            help="What boards are compared by: seats (the seats on paper on the as-of day) or "
            "attendance (the seats that attended their held meetings, present or by a substitute, "
            "in the twelve months to the as-of day; boards whose meetings record no attendance "
            "are left out, and the output says so).",
        ),
    ] = "seats",
    as_of: AsOfOption = None,
    out: OutOption = None,
) -> None:
    """Find duplicate and overlapping boards, and the seats that hold the partnership together.

    For every pair of boards that share seats, actions or topics: how much they
    overlap, in one score from 0 to 1 (seats weigh most), and why, in a sentence.
    Pairs where one board reports to the other are listed apart, after the rest:
    they are expected to share seats. Also: clusters of overlapping boards, seats
    and organisations on many boards, seats that are the only link between boards,
    and groups that may no longer be needed (no meeting recorded in a year, end date
    passed, remit inside another group's). With --by attendance, seats are those that
    came to each board's meetings, not those on paper.
    """
    from ..overlap.analysis import overlap as run
    from ..overlap.render import render_table

    on = as_of_date(as_of)
    read_note(root, on)
    result = run(root, on, threshold, board, top, by)
    name = chosen(format, people=TABLE)  # JSON only when asked for
    text = render_table(result, top is not None) if name == TABLE else RENDERERS[name](result)
    emit(text, out)
    if result.note and name == "csv":  # the one format with no place for it
        err(result.note)
    data_errors_warning(result.data_errors)


COMMANDS: Commands = [("overlap", overlap)]
"""The commands of this module, by name, for the app to register."""
