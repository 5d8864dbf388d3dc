"""Moved to thp_cli.cli.schema; kept importable until the merge (shim)."""

from .cli.schema import COMMANDS, init, schema  # noqa: F401
