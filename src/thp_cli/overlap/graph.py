"""Who sits on which board on the as-of day, in plain dicts: each board's seats,
and how each seat reads.

Built once here, in one pass over the boards' seats; pairs, busy seats and
bridges all read it. No graph library is needed to build it: the only graph
overlap walks is the one of boards and the seats that sit on them
(:meth:`Seating.adjacency`), and that is a dict of lists.

Node keys are strings with a kind prefix, so that every kind shares one
namespace without clashes: ``board:steering-group``, ``seat:council|Chief Executive``,
``person:person-0001``. A seat sits on a board when it is current on the as-of
day, on a board that is not closed and was established by then. Private data
(contact details) is never kept here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Board, Member


def board_node(board_id: str) -> str:
    """A board's node: ``board:`` and its id."""
    return f"board:{board_id}"


def seat_node(member: Member) -> str:
    """A seat's node: its person where given, else its organisation and role."""
    if member.person:
        return f"person:{member.person}"
    return f"seat:{member.organisation or ''}|{member.role}"


def seat_label(member: Member, dataset: Dataset) -> str:
    """How a seat reads: 'Chief Executive, Riverside Borough Council'."""
    if member.person and member.person in dataset.people:
        name = dataset.people[member.person].record.name
        return f"{name} ({member.role})"
    org = dataset.organisations.get(member.organisation or "")
    owner = org.record.name if org else (member.organisation or "")
    return f"{member.role}, {owner}" if owner else member.role


@dataclass(frozen=True)
class Seat:
    """How a seat reads, and the organisation that holds it (empty where none is given)."""

    label: str
    organisation: str


@dataclass
class Seating:
    """The boards' seats on one day: for each board, its seats and each one's position."""

    as_of: dt.date
    boards: dict[str, dict[str, str]] = field(default_factory=dict)
    """Board id -> {seat node: position}, for the boards open that day (the position is
    that of the seat's last entry on the board)."""
    seats: dict[str, Seat] = field(default_factory=dict)
    """Seat node -> how it reads: as the first entry that named it gives it."""
    names: dict[str, str] = field(default_factory=dict)
    """Board id -> the board's name, for every board in the data."""

    def label(self, node: str) -> str:
        """How ``node`` (a seat's or a board's) reads in a sentence (its key where it has no label)."""
        seat = self.seats.get(node)
        if seat is not None:
            return seat.label
        return self.names.get(node.removeprefix("board:"), node) if node.startswith("board:") else node

    def seats_of(self, board: str) -> set[str]:
        """The seats (and people) sitting on ``board`` (its id) on the day."""
        return set(self.boards.get(board, ()))

    def chairs_of(self, board: str) -> set[str]:
        """The seats that chair or co-chair ``board`` (its id) on the day."""
        return {s for s, position in self.boards.get(board, {}).items() if position in ("chair", "co-chair")}

    def add_seat(self, member: Member, dataset: Dataset) -> str:
        """``member``'s seat node, kept with its words if no entry named it before."""
        node = seat_node(member)
        if node not in self.seats:
            self.seats[node] = Seat(seat_label(member, dataset), member.organisation or "")
        return node

    def adjacency(self) -> dict[str, list[str]]:
        """The graph of boards (``board:<id>``) and the seats that sit on them: every node with
        a seat on a board, in sorted order, each with its neighbours in sorted order. Sorted, so
        that every walk over it is the same in every run, whatever the hash seed."""
        adj: dict[str, list[str]] = {}
        for board_id, seats in self.boards.items():
            if seats:
                node = board_node(board_id)
                adj[node] = sorted(seats)
                for seat in seats:
                    adj.setdefault(seat, []).append(node)
        for neighbours in adj.values():
            neighbours.sort()
        return {node: adj[node] for node in sorted(adj)}


def open_on(board: Board, on: dt.date) -> bool:
    """Whether ``board`` sits on ``on``: not closed, and established by then (a board
    established later had no seats that day). Only such boards have seats in the graph."""
    return board.status != "closed" and (board.established is None or board.established <= on)


def build_seating(dataset: Dataset, as_of: dt.date, paper: bool = True) -> Seating:
    """The boards' seats on paper on ``as_of``: each open board's current seats. Without
    ``paper``, only the seats' words are kept (by attendance, who came gives the boards' seats)."""
    seating = Seating(as_of, names={b: located.record.name for b, located in dataset.boards.items()})
    for board_id, located in dataset.boards.items():
        b = located.record
        if not open_on(b, as_of):
            continue
        seats: dict[str, str] = {}
        for member in b.members:
            if member.current(as_of):
                seats[seating.add_seat(member, dataset)] = member.position
        if paper:
            seating.boards[board_id] = seats
    return seating
