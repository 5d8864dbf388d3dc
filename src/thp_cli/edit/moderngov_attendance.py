"""Attendance from a saved ModernGov ``GetMeeting`` answer, mapped to a board's seats.

ModernGov's ``GetMeeting`` (``mgWebService.asmx/GetMeeting?lMeetingId=N``) answers with one
``meeting`` holding its ``attendees``: each ``attendee`` has a ``memberid``, a ``name`` and an
``attendance`` (as attributes, ``<attendee memberid="12" name="Councillor Jane Smith"
attendance="Present"/>``; child elements of the same names are read too). ModernGov's words
for attendance are "Present" (also "Present, virtual"), "Apologies", "Absent", "Present, as
substitute" (someone sitting in place of a member), "In attendance" (there, but not as a
member) and "Expected" (not yet recorded); see :func:`attended_word`. (Where this comes from:
a client of the web service reads ``attendees/attendee`` with the attributes ``memberid``,
``name`` and ``attendance`` from GetMeeting; councils' ModernGov attendance pages define
Expected, Present, Present as substitute and In attendance, and group the rest as Attended,
Apologies and Absent. An apology that names a substitute is read as ``substitute``; thp has
not seen ModernGov's own word for it, so any "Apologies ... substitute" is.)

ModernGov knows its own members, not a partnership's seats, so each attendee is mapped to a
seat the board had on the meeting's day: a seat whose person (people.yaml) has the attendee's
name, titles such as "Councillor" or "Cllr" aside, or else a seat whose role is that name.
An attendee that matches no seat, or several, or whose word says nothing of a seat, is
reported and left out: a seat is never invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..text import clean

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from ..dataset.records import Dataset
    from ..model import Board
    from ..yamlio.emit import Data
    from .moderngov import Meeting
    from .plans import Edit
    from .session import Session

_TITLES = re.compile(
    r"^(?:(?:councillor|cllr|the|mayor|deputy|lord|lady|sir|dame|dr|mr|mrs|ms|miss|mx|rev|revd|prof)\.?\s+)+",
    re.IGNORECASE,
)
_SUFFIXES = re.compile(r"\s*,?\s*\b(?:mbe|obe|cbe|jp|ma|bsc|phd)\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Attendee:
    """One ``attendee`` of a meeting, as ModernGov names it."""

    member_id: str
    name: str
    attendance: str


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def read_attendees(meeting: ET.Element) -> tuple[Attendee, ...]:
    """The ``attendee`` elements inside ``meeting`` (under its ``attendees``), in order."""
    out = []
    for element in meeting.iter():
        if _local(element.tag) != "attendee":
            continue
        fields = {_local(k): v.strip() for k, v in element.attrib.items()}
        for child in element:
            if len(child) == 0:
                fields.setdefault(_local(child.tag), (child.text or "").strip())
        out.append(
            Attendee(
                clean(fields.get("memberid", ""), 40),
                clean(" ".join(fields.get("name", "").split()), 200),
                clean(fields.get("attendance", ""), 80),
            )
        )
    return tuple(out)


def attended_word(said: str) -> tuple[str | None, str]:
    """The data format's word for ModernGov's attendance ``said`` and, where there is none, why."""
    text = " ".join(said.lower().replace(",", " ").split())
    if not text:
        return None, "ModernGov gives no attendance for them"
    if "substitute" in text and text.startswith("present"):
        return None, "they sat as a substitute, and ModernGov does not say for which seat"
    if text.startswith(("present", "attended")):
        return "present", ""
    if text.startswith("apolog"):
        return ("substitute" if "substitute" in text else "apologies"), ""
    if text.startswith("absent"):
        return "absent", ""
    if text.startswith("in attendance"):
        return None, "ModernGov records them as in attendance, not as a member"
    if text.startswith("expected"):
        return None, "ModernGov has not recorded their attendance yet"
    return None, f"thp does not know ModernGov's attendance '{clean(said, 60)}'"


def _name(text: str) -> str:
    """A name as compared: titles and honours aside, spaces and case ignored."""
    import unicodedata

    plain = _SUFFIXES.sub("", _TITLES.sub("", " ".join(text.split())))
    return unicodedata.normalize("NFKC", " ".join(plain.replace(".", " ").split())).casefold()


def map_attendees(
    dataset: Dataset, board: Board, day: dt.date, attendees: tuple[Attendee, ...]
) -> tuple[list[Data], list[str]]:
    """The attendance entries of the attendees that map to one seat of ``board`` on ``day``, in
    the answer's order, and a sentence for each attendee left out."""
    seats = [(i, m) for i, m in enumerate(board.members) if m.current(day)]
    entries: list[Data] = []
    left: list[str] = []
    taken: dict[int, str] = {}
    for attendee in attendees:
        who = f"{attendee.name or 'an attendee with no name'} ({attendee.attendance or 'no attendance'})"
        word, why = attended_word(attendee.attendance)
        if word is None:
            left.append(f"{who}: {why}")
            continue
        wanted = _name(attendee.name)
        by_person = [
            (i, m)
            for i, m in seats
            if m.person
            and m.person in dataset.people
            and _name(dataset.people[m.person].record.name) == wanted
        ]
        found = by_person or [(i, m) for i, m in seats if _name(m.role) == wanted]
        if len(found) != 1:
            held = (
                "no seat of the board that day" if not found else f"{len(found)} seats of the board that day"
            )
            left.append(f"{who}: {held} is held by a person of that name, or has it as its role")
            continue
        index, member = found[0]
        if index in taken:
            left.append(f"{who}: the same seat as {taken[index]}")
            continue
        taken[index] = attendee.name
        entry: Data = {"person": member.person} if by_person else {}
        if not by_person:
            if member.organisation:
                entry["organisation"] = member.organisation
            entry["role"] = member.role
        entry["attended"] = word
        entries.append(entry)
    return entries, left


@dataclass
class AttendancePlan:
    """What the answer's attendees do to the board's meetings: sentences, and the edit (None: none)."""

    said: list[str]
    left_out: list[str]
    edit: Edit | None = None


def _attendance_edit(session: Session, index: int, wanted: list[Data]) -> Edit:
    from .attendance import plan_attendance

    return session.planned(lambda: plan_attendance(session, index, wanted))


def plan_meetings_attendance(session: Session, edit: Edit, meetings: list[Meeting]) -> AttendancePlan:
    """Each of ``meetings`` (of the committee, dated) that lists attendees, recorded as the
    attendance of the board's meeting on its day, on the file as ``edit`` leaves it: only a
    meeting recorded as held, and not one that already records another attendance (say so, and
    keep it). ``edit`` itself where nothing changes."""
    from pydantic import ValidationError

    from ..model import Board
    from .plans import list_entries

    out = AttendancePlan([], [])
    current = session.after(edit)
    changed = False
    for meeting in sorted(
        (m for m in meetings if m.attendees and m.date), key=lambda m: m.date or dt.date.min
    ):
        assert meeting.date is not None
        day = meeting.date.isoformat()
        entries = list_entries(current.data, "meetings")
        index = next(
            (i for i, e in enumerate(entries) if isinstance(e, dict) and str(e.get("date")) == day), None
        )
        status = entries[index].get("status") if index is not None else None
        if index is None or status != "held":
            out.said.append(f"left out the attendees of the meeting of {day}: it is not recorded as held")
            continue
        try:
            board = Board.model_validate(current.data)
        except ValidationError:
            out.said.append(f"left out the attendees of the meeting of {day}: the board's file has errors")
            continue
        wanted, left = map_attendees(session.dataset, board, meeting.date, meeting.attendees)
        out.left_out += [f"{day}: {line}" for line in left]
        had = entries[index].get("attendance")
        if not wanted or had == wanted:
            continue
        if had:
            out.said.append(
                f"kept the attendance already recorded for the meeting of {day}: it differs from "
                "ModernGov's (to replace it, remove it from the file, then import again)"
            )
            continue
        current = current.after(_attendance_edit(current, index, wanted))
        changed = True
        listed = {w["attended"] for w in wanted}
        counts = ", ".join(f"{sum(w['attended'] == a for w in wanted)} {a}" for a in sorted(listed))
        out.said.append(
            f"recorded the attendance of the meeting of {day}: {len(wanted)} of its seats ({counts})"
        )
    if changed:
        from .plans import Edit

        out.edit = Edit(current.doc.body, current.data)
    return out
