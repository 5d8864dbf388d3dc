"""What the data records of who came: each seat's record at its board's held meetings.

Facts only, read from the meetings' ``attendance``: which meetings a seat
was due at, whether each one's attendance is recorded, and what it says of
the seat. What those facts mean for governance (an inactive seat, section 85
of the Local Government Act 1972) is judged in :mod:`thp_cli.duties`.

A held meeting whose ``attendance`` is empty records nothing of anyone:
silence, never absence. A held meeting that records attendance but does not
list a seat records that the seat was not there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Attendance, Board, Meeting, Member, Vacancy

CAME = ("present", "substitute")
"""What counts as the seat attending: there in person, or someone sent in its place."""


@dataclass(frozen=True)
class Sitting:
    """A held meeting a seat was due at: its day, whether the meeting records attendance,
    and the entry that names the seat (None: not listed, or nothing recorded)."""

    board: str
    day: dt.date
    recorded: bool
    entry: Attendance | None

    @property
    def attended(self) -> str | None:
        """present, apologies, absent or substitute; ``absent`` for a seat a recorded
        meeting does not list; None when the meeting records no attendance."""
        if not self.recorded:
            return None
        return self.entry.attended if self.entry is not None else "absent"

    @property
    def came(self) -> bool:
        """Was the seat there, in person or by a substitute, as recorded?"""
        return self.attended in CAME

    @property
    def present(self) -> bool:
        """Was the seat's holder there in person, as recorded?"""
        return self.attended == "present"


def recorded(meeting: Meeting) -> bool:
    """Does a held meeting record its attendance?"""
    return meeting.status == "held" and bool(meeting.attendance)


def entry_for(meeting: Meeting, seat: Member) -> Attendance | None:
    """The first entry of the meeting's attendance that names ``seat``, if any."""
    return next((a for a in meeting.attendance if a.names(seat)), None)


def sittings(board: Board, seat: Member, on: dt.date, last: int | None = None) -> list[Sitting]:
    """The held meetings of ``board`` on or before ``on`` that ``seat`` was due at (it was
    current on the day), newest first (same-day meetings in the data's order); only the
    ``last`` few, if given."""
    held = [m for m in board.meetings if m.status == "held" and m.date <= on and seat.current(m.date)]
    held.sort(key=lambda m: m.date, reverse=True)
    return [Sitting(board.id, m.date, recorded(m), entry_for(m, seat)) for m in held[:last]]


def seats_by_identity(boards: list[Board]) -> dict[tuple[str, ...], list[tuple[Board, Member]]]:
    """Every seat on ``boards`` by its identity (:attr:`Member.seat`): a person's seats on
    every board, or one seat (organisation and role) wherever it is listed; in board order."""
    found: dict[tuple[str, ...], list[tuple[Board, Member]]] = {}
    for board in boards:
        for member in board.members:
            found.setdefault(member.seat, []).append((board, member))
    return found


def day_seats(board: Board, day: dt.date) -> list[Member]:
    """The seats ``board`` had on ``day``."""
    return [m for m in board.members if m.current(day)]


def seat_label(seat: Member | Attendance | Vacancy) -> str:
    """A seat as a message names it: ``'Borough Commander' of police``, and its person."""
    person: str | None = getattr(seat, "person", None)  # a vacancy has none
    if seat.role is None:  # an attendance entry naming its seat by person only
        return str(person)
    of = f" of {seat.organisation}" if seat.organisation else ""
    held = f" ({person})" if person else ""
    return f"'{seat.role}'{of}{held}"
