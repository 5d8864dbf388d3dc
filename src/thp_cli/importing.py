"""Moved to :mod:`thp_cli.edit.sheets` and ``edit.sheet_file``; kept importable until the merge (shim)."""

from .edit.sheet_file import SheetFormat, read_csv, read_xlsx, sheet_rows, unneutralise
from .edit.sheets import Imported, import_seats

__all__ = ["Imported", "SheetFormat", "import_seats", "read_csv", "read_xlsx", "sheet_rows", "unneutralise"]
