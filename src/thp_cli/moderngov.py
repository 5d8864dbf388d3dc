"""Moved to :mod:`thp_cli.edit.moderngov`; kept importable until the merge (shim, #12)."""

from .edit.moderngov import import_meetings, read_meetings, unescape_title

__all__ = ["import_meetings", "read_meetings", "unescape_title"]
