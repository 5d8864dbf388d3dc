"""Moved to thp_cli.cli.imports; kept importable until the merge (shim)."""

from .cli.imports import COMMANDS, import_csv, import_moderngov, import_xlsx  # noqa: F401
