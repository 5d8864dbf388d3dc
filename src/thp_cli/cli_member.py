"""Moved to thp_cli.cli.member; kept importable until the merge (shim)."""

from .cli.member import COMMANDS, PositionChoice, add, remove, set_  # noqa: F401
