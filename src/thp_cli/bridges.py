"""Moved to :mod:`thp_cli.overlap.bridges`; kept importable until the merge (shim)."""

from .overlap.bridges import LISTED, MAIN_LISTED, Cut, cuts

__all__ = ["LISTED", "MAIN_LISTED", "Cut", "cuts"]
