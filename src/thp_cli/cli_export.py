"""Moved to thp_cli.cli.export; kept importable until the merge (shim)."""

from .cli.export import COMMANDS, csv, ics, popolo, xlsx  # noqa: F401
