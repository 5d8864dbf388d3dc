"""``thp member add|remove|set``: change a board's seats without hand-editing YAML."""

from __future__ import annotations

import typer

member_app = typer.Typer(
    name="member",
    help="Add, change or remove a seat on a board; comments and layout of the file are kept.",
    no_args_is_help=True,
)
