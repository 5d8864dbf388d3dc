"""Moved; kept importable until the merge. SHIM (#12): now :mod:`thp_cli.yamlio.textbytes`."""

from .yamlio.textbytes import UTF8_BOM, Trouble, position, sniff

__all__ = ["UTF8_BOM", "Trouble", "position", "sniff"]
