"""Moved to :mod:`thp_cli.edit` and :mod:`thp_cli.yamlio`; kept importable until the merge (shim, #12)."""

from .edit.plans import Edit, add_entry, remove_entry, set_top_key
from .edit.seats import NewSeat, SeatChanges, add_seat, remove_seat, set_seat
from .edit.selector import Selector
from .edit.session import Session
from .yamlio.emit import scalar
from .yamlio.locate import locate
from .yamlio.splice import Document

Plan = Edit
plan_add = add_entry
plan_remove = remove_entry
plan_top_key = set_top_key

__all__ = [
    "Document",
    "Edit",
    "NewSeat",
    "Plan",
    "SeatChanges",
    "Selector",
    "Session",
    "add_seat",
    "locate",
    "plan_add",
    "plan_remove",
    "plan_top_key",
    "remove_seat",
    "scalar",
    "set_seat",
]
