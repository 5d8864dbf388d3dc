"""Overlap by attendance: the seats that actually came to each board's meetings.

``thp overlap --by attendance`` compares boards by who attended, not by the seats
on paper. A board's seats, for the comparison, are the seats (and people) that
attended at least one of its held meetings in the twelve months to the as-of day
(after the day a year before it, up to and including the as-of day, as
:meth:`thp_cli.model.Board.quiet` counts a year): present, or by a substitute
(:data:`thp_cli.attendance.CAME`). Each attendance entry is matched to the seat
it names among the board's seats on the meeting's day, so a seat held by a person
is that person on every board, as on paper.

The boards' seats (:class:`.graph.Seating`) are drawn from attendance instead of
from ``members:``; pairs, busy seats and bridges then read them as they read the
seats on paper. A board
whose meetings in the window record no attendance, or that held no meeting in
it, has no seats in it, and is left out of the pairs: thp names each such board
and why, and never reads silence as "no overlap". The annual report reads its
own year instead of the twelve months (:func:`year_window`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .graph import Seating, build_seating, open_on, seat_node

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
    unmet: list[str] = field(default_factory=list)  # open boards with no held meeting in it
    words: str = ""  # the window in words where it is not "in the twelve months to <end>"

    def as_dict(self) -> dict[str, object]:
        """The JSON form: the window's ends and the boards by id."""
        return {
            "after": self.start.isoformat(),
            "to": self.end.isoformat(),
            "meetings_with_attendance": self.meetings,
            "boards_with_attendance": self.recorded,
            "boards_without_attendance": self.silent,
            "boards_without_meetings": self.unmet,
        }


def in_window(meeting: Meeting, start: dt.date, end: dt.date) -> bool:
    """Whether ``meeting`` was held in the window: after ``start``, up to ``end``."""
    return meeting.status == "held" and start < meeting.date <= end


def seat_named(board: Board, meeting: Meeting, entry: Attendance) -> Member | None:
    """The seat of ``board`` on the meeting's day that the attendance ``entry`` names, as
    the comparison counts it; None where it names none (validate's attendance-seat reports it).

    An entry that names its seat by ``person:`` alone names every seat that person held that
    day: in the comparison a seat held by a person is that person (:func:`.graph.seat_node`),
    so the person's attendance counts, as inactive-seat and section 85 count it for each of
    their seats. The first of their seats gives the position."""
    found = [m for m in board.members if m.current(meeting.date) and entry.names(m)]
    return found[0] if found and len({seat_node(m) for m in found}) == 1 else None


def year_window(year: int, as_of: dt.date) -> Window:
    """The calendar year ``year`` up to ``as_of`` (the annual report's year), as a window."""
    from ..dates import long_date

    end = min(as_of, dt.date(year, 12, 31))
    words = f"in {year}" if end == dt.date(year, 12, 31) else f"in {year}, to {long_date(end)}"
    return Window(dt.date(year - 1, 12, 31), end, words=words)


def attendance_seating(
    dataset: Dataset, as_of: dt.date, window: Window | None = None
) -> tuple[Seating, Window]:
    """The boards' seats on ``as_of`` drawn from attendance in ``window`` (by default the
    twelve months to ``as_of``), and the window it read."""
    from ..attendance import CAME
    from ..dates import shift_year

    seating = build_seating(dataset, as_of, paper=False)
    start, end = (shift_year(as_of, -1), as_of) if window is None else (window.start, window.end)
    recorded, silent, unmet, meetings = [], [], [], 0
    for board_id, located in sorted(dataset.boards.items()):
        b = located.record
        if not open_on(b, as_of):
            continue
        held = [m for m in b.meetings if in_window(m, start, end)]
        with_attendance = [m for m in held if m.attendance]
        if with_attendance:
            recorded.append(board_id)
        elif held:
            silent.append(board_id)
        else:
            unmet.append(board_id)
        meetings += len(with_attendance)
        seats: dict[str, str] = {}
        for meeting in sorted(with_attendance, key=lambda m: m.date):
            for entry in meeting.attendance:
                member = seat_named(b, meeting, entry)
                if member is None or entry.attended not in CAME:
                    continue
                seats[seating.add_seat(member, dataset)] = member.position
        if seats:
            seating.boards[board_id] = seats
    words = window.words if window is not None else ""
    return seating, Window(start, end, recorded, silent, meetings, unmet, words)
