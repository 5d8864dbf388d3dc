"""Overlap by attendance: the seats that actually came to each board's meetings.

``thp overlap --by attendance`` compares boards by who attended, not by the seats
on paper. A board's seats, for the comparison, are the seats (and people) that
attended at least one of its held meetings in the twelve months to the as-of day
(after the day a year before it, up to and including the as-of day, as
:meth:`thp_cli.model.Board.quiet` counts a year): present, or by a substitute
(:data:`thp_cli.attendance.CAME`). Each attendance entry is matched to the seat
it names among the board's seats on the meeting's day, so a seat held by a person
is that person on every board, as on paper.

The graph is the partnership's graph (:func:`.graph.build_graph`) with its
``sits_on`` edges drawn from attendance instead of from ``members:``; pairs,
busy seats and bridges then read it as they read the seats on paper. A board
whose meetings in the window record no attendance has no seats in it, and is
left out of the pairs: thp says so, and never reads silence as "no overlap".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .graph import PartnershipGraph, board_node, build_graph, open_on, seat_label, seat_node

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Attendance, Board, Meeting, Member


@dataclass(frozen=True)
class Window:
    """The twelve months attendance is read from, and which boards record any in them."""

    start: dt.date  # the day a year before the end: meetings after it count
    end: dt.date  # the as-of day: meetings up to and including it count
    recorded: list[str] = field(default_factory=list)  # open boards whose meetings in it record attendance
    silent: list[str] = field(default_factory=list)  # open boards with held meetings in it, none recording it
    meetings: int = 0  # held meetings in it that record attendance

    def as_dict(self) -> dict[str, object]:
        """The JSON form: the window's ends and the boards by id."""
        return {
            "after": self.start.isoformat(),
            "to": self.end.isoformat(),
            "meetings_with_attendance": self.meetings,
            "boards_with_attendance": self.recorded,
            "boards_without_attendance": self.silent,
        }


def in_window(meeting: Meeting, start: dt.date, end: dt.date) -> bool:
    """Whether ``meeting`` was held in the window: after ``start``, up to ``end``."""
    return meeting.status == "held" and start < meeting.date <= end


def seat_named(board: Board, meeting: Meeting, entry: Attendance) -> Member | None:
    """The one seat of ``board`` on the meeting's day that the attendance ``entry`` names;
    None where it names none (or several: the data has an error, which validate reports)."""
    found = [m for m in board.members if m.current(meeting.date) and entry.names(m)]
    return found[0] if len(found) == 1 else None


def attendance_graph(dataset: Dataset, as_of: dt.date) -> tuple[PartnershipGraph, Window]:
    """The partnership's graph with its seats drawn from attendance in the twelve months
    to ``as_of``, and the window it read."""
    from ..attendance import CAME
    from ..dates import shift_year

    pg = build_graph(dataset, as_of)
    g = pg.graph
    paper = [(u, v) for u, v, attrs in g.edges(data=True) if attrs.get("kind") == "sits_on"]
    g.remove_edges_from(sorted(paper))
    start = shift_year(as_of, -1)
    recorded, silent, meetings = [], [], 0
    for board_id, located in sorted(dataset.boards.items()):
        b = located.record
        if not open_on(b, as_of):
            continue
        held = [m for m in b.meetings if in_window(m, start, as_of)]
        with_attendance = [m for m in held if m.attendance]
        if with_attendance:
            recorded.append(board_id)
        elif held:
            silent.append(board_id)
        meetings += len(with_attendance)
        for meeting in sorted(with_attendance, key=lambda m: m.date):
            for entry in meeting.attendance:
                member = seat_named(b, meeting, entry)
                if member is None or entry.attended not in CAME:
                    continue
                seat = seat_node(member)
                if seat not in g:
                    g.add_node(
                        seat,
                        kind="person" if member.person else "seat",
                        label=seat_label(member, dataset),
                        organisation=member.organisation or "",
                        role=member.role,
                    )
                g.add_edge(seat, board_node(board_id), kind="sits_on", position=member.position)
                if member.organisation and f"org:{member.organisation}" in g:
                    g.add_edge(f"org:{member.organisation}", seat, kind="holds")
    return pg, Window(start, as_of, recorded, silent, meetings)
