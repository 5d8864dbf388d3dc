"""The annual report's attendance: for each board whose meetings record it, how well they were attended.

Read from the facts :mod:`thp_cli.attendance` gives (which seats a meeting was due to have,
and what its attendance says of each): for each board that is not closed, the meetings held
in the year (up to the report's day), how many of them record attendance, the attendance
rate (the seats there, in person or by a substitute, out of the seats due, over the
meetings that record it), and the seats with apologies or absences. A seat a recorded
meeting does not list was not there, as the data format says. A meeting that records no
attendance says nothing of anyone: it is counted as held, never as an absence.

Where the data records no attendance at all in the year, the section is one true sentence,
not a table of nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..dates import long_date
from ..text import listing, plural
from .boards import holder
from .diagram import natural_key

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Board
    from ..overlap.result import OverlapResult


@dataclass(frozen=True)
class SeatRecord:
    """One seat's year at a board's meetings that record attendance: how often it came, sent
    its apologies, or was absent (not listed counts as absent)."""

    seat: str
    due: int
    came: int
    apologies: int
    absent: int


@dataclass(frozen=True)
class BoardAttendance:
    """A board's attendance in the year."""

    id: str
    name: str
    held: int  # meetings held in the year, to the report's day
    recorded: int  # of them, those that record attendance
    rate: str  # "86%": seats there (present or by a substitute) out of seats due
    places: str  # the rate's figures in words: "of 28 seats due at the meetings ..., 24 were there ..."
    seats: list[SeatRecord] = field(default_factory=list)  # those with apologies or absences


@dataclass(frozen=True)
class Attendance:
    """The report's attendance section: a table per board that records attendance, and, in a
    sentence, the boards whose meetings held in the year record none."""

    boards: list[BoardAttendance] = field(default_factory=list)
    silent: str = ""  # a sentence; the whole section where no board records attendance


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage, halves rounded up: 7 of 8 is '88%'."""
    return f"{(200 * part + whole) // (2 * whole)}%"


def _board(ds: Dataset, b: Board, year: int, on: dt.date) -> BoardAttendance | None:
    """The board's attendance in ``year`` to ``on``; None where no meeting held in it records any."""
    from ..attendance import CAME, day_seats, entry_for

    held = [m for m in b.meetings if m.status == "held" and m.date.year == year and m.date <= on]
    recorded = [m for m in sorted(held, key=lambda m: m.date) if m.attendance]
    if not recorded:
        return None
    tally: dict[tuple[str, ...], list[int]] = {}  # seat -> [due, came, apologies, absent]
    labels: dict[tuple[str, ...], str] = {}
    for meeting in recorded:
        for seat in day_seats(b, meeting.date):
            entry = entry_for(meeting, seat)
            said = entry.attended if entry is not None else "absent"
            counts = tally.setdefault(seat.seat, [0, 0, 0, 0])
            labels.setdefault(seat.seat, holder(ds, seat))
            counts[0] += 1
            counts[1] += said in CAME
            counts[2] += said == "apologies"
            counts[3] += said == "absent"
    due = sum(c[0] for c in tally.values())
    came = sum(c[1] for c in tally.values())
    seats = [SeatRecord(labels[k], *c) for k, c in tally.items() if c[2] or c[3]]
    return BoardAttendance(
        b.id,
        b.name,
        len(held),
        len(recorded),
        percent(came, due) if due else "no seats were due",
        f"of {plural(due, 'seat')} due at the meetings that record attendance, {came} "
        f"{'was' if came == 1 else 'were'} there, in person or by a substitute",
        seats,
    )


def attendance(ds: Dataset, year: int, on: dt.date) -> Attendance:
    """The attendance section for ``year`` as it stands on ``on``: the boards that are not
    closed, in natural order of name."""
    boards, silent = [], []
    for located in sorted(ds.boards.values(), key=lambda x: (natural_key(x.record.name), x.record.id)):
        b = located.record
        if b.status == "closed":
            continue
        found = _board(ds, b, year, on)
        if found is not None:
            boards.append(found)
        elif any(m.status == "held" and m.date.year == year and m.date <= on for m in b.meetings):
            silent.append(b.name)
    if not boards:
        return Attendance(
            [],
            f"No meeting held in {year} records who attended, so this report cannot say how "
            "well the boards' meetings were attended.",
        )
    if not silent:
        return Attendance(boards)
    one = len(silent) == 1
    return Attendance(
        boards,
        f"The meetings {'of ' + silent[0] if one else 'of ' + listing(silent)} held in {year} record no "
        f"attendance, so {'it is' if one else 'they are'} not shown here.",
    )


def _recording(ds: Dataset, on: dt.date) -> list[str]:
    """The boards open on ``on`` whose meetings held in the twelve months to it record attendance."""
    from ..dates import shift_year
    from ..overlap.attendance import in_window
    from ..overlap.graph import open_on

    start = shift_year(on, -1)
    return [
        board_id
        for board_id, located in sorted(ds.boards.items())
        if open_on(located.record, on)
        and any(in_window(m, start, on) and m.attendance for m in located.record.meetings)
    ]


def overlap_basis(ds: Dataset, on: dt.date) -> str:
    """What the report's overlap section compares boards by: who attended their meetings, where
    the meetings of two boards or more record it in the twelve months to ``on``; else the seats."""
    return "attendance" if len(_recording(ds, on)) >= 2 else "seats"


def basis_sentence(ds: Dataset, overlap: OverlapResult | None, on: dt.date) -> str:
    """The overlap section's first sentence: whether it compared boards by attendance, or by seats."""
    if overlap is None:
        return ""
    day = long_date(on)
    names = {b: x.record.name for b, x in ds.boards.items()}
    if overlap.basis is not None:
        text = (
            f"Boards are compared here by who attended: a board's seats are those that came to its "
            f"meetings held in the twelve months to {day}, in person or by a substitute."
        )
        silent = sorted(names.get(b, b) for b in overlap.basis.window.silent)
        if silent:
            text += f" Left out, as their meetings in that time record no attendance: {listing(silent)}."
        return text
    recording = _recording(ds, on)
    if not recording:
        return (
            f"Boards are compared here by their seats on {day}, not by who attended: no meeting held in "
            f"the twelve months to {day} records attendance."
        )
    return (
        f"Boards are compared here by their seats on {day}, not by who attended: only the meetings of "
        f"{names.get(recording[0], recording[0])} in the twelve months to {day} record attendance."
    )
