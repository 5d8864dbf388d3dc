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
import itertools
import operator
from collections.abc import Iterator
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


_DATE = operator.attrgetter("date")


def held_meetings(board: Board, on: dt.date) -> list[Meeting]:
    """The held meetings of ``board`` on or before ``on``, newest first (same-day meetings in
    the data's order)."""
    held = [m for m in board.meetings if m.status == "held" and m.date <= on]
    held.sort(key=_DATE, reverse=True)
    return held


def sittings(
    board: Board,
    seat: Member,
    on: dt.date,
    last: int | None = None,
    index: AttendanceIndex | None = None,
) -> list[Sitting]:
    """The held meetings of ``board`` on or before ``on`` that ``seat`` was due at (it was
    current on the day), newest first (same-day meetings in the data's order); only the
    ``last`` few, if given. ``index`` (worked out for ``on``) saves working out the board's
    meetings again for every seat."""
    if index is None or index.on != on:
        index = AttendanceIndex([board], on)
    return list(itertools.islice(index.sittings(board, seat), last))


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


def _entry_key(entry: Attendance) -> tuple[str | None, ...] | None:
    """What an attendance entry names a seat by (see :meth:`Attendance.names`): its person,
    its person in one role, or an organisation's role; None when it names no seat."""
    if entry.person:
        if entry.role is None:
            return ("person", entry.person)
        return ("held", entry.person, entry.role, entry.organisation)
    return ("role", entry.role, entry.organisation) if entry.role is not None else None


def _seat_keys(seat: Member) -> tuple[tuple[str | None, ...], ...]:
    """Every key (:func:`_entry_key`) of an entry that names ``seat``."""
    role = ("role", seat.role, seat.organisation)
    if seat.person:
        return (role, ("person", seat.person), ("held", seat.person, seat.role, seat.organisation))
    return (role,)


class DaySeats:
    """The seats a board had on a meeting's day, and which of them an attendance entry names:
    :meth:`Attendance.names` answered by lookup, not by trying every seat."""

    def __init__(self, board: Board, day: dt.date) -> None:
        self.seats = day_seats(board, day)
        self._first: dict[tuple[str | None, ...], int] = {}
        for n, seat in enumerate(self.seats):
            for key in _seat_keys(seat):
                self._first.setdefault(key, n)

    def first(self, entry: Attendance) -> int | None:
        """The index in :attr:`seats` of the first seat ``entry`` names, or None."""
        key = _entry_key(entry)
        return None if key is None else self._first.get(key)


class AttendanceIndex:
    """What the data records of who came on a set of boards, as of one day, worked out once
    for every seat that asks: each board's held meetings, each meeting's attendance by the
    seat it names, each meeting's seats of the day, and every seat by its identity."""

    def __init__(self, boards: list[Board], on: dt.date) -> None:
        self.on = on
        self._boards = boards
        self._held: dict[int, list[Meeting]] = {}
        self._records: dict[int, bool] = {}
        self._entries: dict[int, dict[tuple[str | None, ...], int]] = {}
        self._days: dict[int, DaySeats] = {}
        self._identities: dict[tuple[str, ...], list[tuple[Board, Member]]] | None = None
        self._attended: dict[int, list[int]] = {}

    def held(self, board: Board) -> list[Meeting]:
        """:func:`held_meetings` of ``board`` on the index's day."""
        found = self._held.get(id(board))
        if found is None:
            found = self._held[id(board)] = held_meetings(board, self.on)
        return found

    def attended(self, board: Board) -> list[int]:
        """The indexes of ``board``'s meetings (any status, any day) that record attendance."""
        found = self._attended.get(id(board))
        if found is None:
            meetings = board.meetings
            found = self._attended[id(board)] = [i for i, m in enumerate(meetings) if m.attendance]
        return found

    def records(self, board: Board) -> bool:
        """Does any of ``board``'s held meetings to the index's day record attendance?"""
        found = self._records.get(id(board))
        if found is None:  # (a board none of whose meetings records attendance: no need to look)
            recording = bool(self.attended(board)) and any(m.attendance for m in self.held(board))
            found = self._records[id(board)] = recording
        return found

    def sittings(self, board: Board, seat: Member) -> Iterator[Sitting]:
        """:func:`sittings` of ``seat`` on ``board``, one by one, newest first."""
        for meeting in self.held(board):
            if seat.current(meeting.date):
                yield Sitting(board.id, meeting.date, recorded(meeting), self.entry(meeting, seat))

    def entry(self, meeting: Meeting, seat: Member) -> Attendance | None:
        """:func:`entry_for`: the first entry of the meeting's attendance that names ``seat``."""
        if not meeting.attendance:
            return None
        first = self._register(meeting)
        found = [first[k] for k in _seat_keys(seat) if k in first]
        return meeting.attendance[min(found)] if found else None

    def _register(self, meeting: Meeting) -> dict[tuple[str | None, ...], int]:
        """The meeting's attendance by what each entry names a seat by: the first entry's index."""
        first = self._entries.get(id(meeting))
        if first is None:
            first = self._entries[id(meeting)] = {}
            for n, entry in enumerate(meeting.attendance):
                key = _entry_key(entry)
                if key is not None:
                    first.setdefault(key, n)
        return first

    def day(self, board: Board, meeting: Meeting) -> DaySeats:
        """The seats ``board`` had on ``meeting``'s day, indexed."""
        found = self._days.get(id(meeting))
        if found is None:
            found = self._days[id(meeting)] = DaySeats(board, meeting.date)
        return found

    def identities(self) -> dict[tuple[str, ...], list[tuple[Board, Member]]]:
        """:func:`seats_by_identity` of the index's boards."""
        if self._identities is None:
            self._identities = seats_by_identity(self._boards)
        return self._identities

    def prepare(self) -> None:
        """Work everything out now (before the work is shared between processes, so that
        each does not work it out again)."""
        recording = False
        for board in self._boards:
            if not self.attended(board):
                continue  # nothing of it to work out: none of its meetings records attendance
            recording = self.records(board) or recording
            for meeting in self.held(board):
                if meeting.attendance:
                    self._register(meeting)
            for i in self.attended(board):
                self.day(board, board.meetings[i])
        if recording:  # else no one's attendance is recorded, and no one is asked about
            self.identities()
