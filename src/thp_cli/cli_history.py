"""Moved to thp_cli.cli.history; kept importable until the merge (shim)."""

from .cli.history import COMMANDS, diff, history  # noqa: F401
