"""What each board brings to a comparison: its seats, chairs, calls to action,
actions, topics and the boards it reports to, on the as-of day."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .graph import Seating, open_on
from .wording import board_names

if TYPE_CHECKING:
    from ..dataset.records import Dataset


@dataclass
class Profile:
    """One board as the comparison sees it: sets of seats, calls, actions and topics."""

    seats: set[str]
    calls: set[int]
    actions: set[str]
    topics: set[str]
    parents: set[str]
    name: str = ""
    chairs: set[str] = field(default_factory=set)  # seats that chair or co-chair it


def board_profiles(
    seating: Seating, dataset: Dataset, names: dict[str, str] | None = None
) -> dict[str, Profile]:
    """Each board open on the as-of day, by id (closed boards and boards not yet set
    up are left out); ``names`` as :func:`~.wording.board_names` gives them."""
    from ..duties import calls_delivered

    names = board_names(dataset) if names is None else names
    out = {}
    for board_id, located in dataset.boards.items():
        b = located.record
        if not open_on(b, seating.as_of):
            continue  # closed, or not yet set up on the as-of day
        out[board_id] = Profile(
            seats=seating.seats_of(board_id),
            calls=calls_delivered(b),
            actions=set(b.actions),
            topics=set(b.topics),
            parents={t for t in b.reports_to if t in dataset.boards and t != board_id},
            name=names[board_id],
            chairs=seating.chairs_of(board_id),
        )
    return out
