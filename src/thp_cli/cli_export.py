"""``thp export ...``: the partnership for spreadsheets, open data and calendars."""

from __future__ import annotations

import typer

export_app = typer.Typer(
    name="export",
    help="Write the partnership out for spreadsheets, open data (Popolo) and calendars.",
    no_args_is_help=True,
)
