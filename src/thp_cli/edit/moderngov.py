"""Meetings from ModernGov (mod.gov), the committee system UK councils run, into a board's file.

:func:`import_meetings` reads a saved answer of the web service's
``GetMeetings`` operation (``mgWebService.asmx/GetMeetings``): each
``meeting`` element (wherever it is: real answers have a ``getmeetings`` root
with ``meetingscount`` and ``meetings``) has a ``meetingid``, a ``meetingdate``
(dd/mm/yyyy, perhaps with a time, which is ignored), often a ``meetingstatus``
(``Confirmed``, ``Cancelled``, ``Confirmed; Budget Council``) or
``meetingcancelled`` (``True``/``False``), and its ``committeeid`` and
``committeetitle`` (HTML-escaped, often twice); a meeting without them takes
those of the ``committee`` element around it. The meetings of one committee
go into the board's ``meetings``, and the committee's id into its
``moderngov_committee_id``, through :mod:`thp_cli.edit.session`: every other byte
of the file is kept.

A meeting ModernGov marks cancelled (or postponed) is ``cancelled``; any other
is ``held`` if before the day of the import (``as_of``), else ``planned``. A
meeting already recorded on that date is not added again; a ``planned`` one
becomes ``cancelled`` if ModernGov marks it so, else ``held`` once its date has
passed; ``held`` and ``cancelled`` meetings, and meetings ModernGov does not
list, are left as they are. So a second import of the same file changes nothing.

The XML is read with the standard library's parser, but only a file of at
most :data:`MAX_XML_BYTES` with no DOCTYPE or ENTITY declaration: without a
DTD there are no entities to expand or fetch (the "billion laughs" and
external-entity attacks).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Flag, ThpError
from ..text import clean, quote

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from ..dataset.records import Dataset
    from ..yamlio.emit import Data
    from ..yamlio.splice import Document
    from .moderngov_attendance import Attendee
    from .plans import Edit

MAX_XML_BYTES = 5 * 1024 * 1024
COMMITTEE_KEY = "moderngov_committee_id"
_DECLARATION = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
_ENCODING = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T].*)?\Z")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?\Z")
_CANCELLED = re.compile(r"\b(cancel|postpone)", re.IGNORECASE)  # Cancelled, Canceled, Postponed
_TRUE = ("true", "yes", "y", "1")


@dataclass(frozen=True)
class Meeting:
    """One ``meeting`` of the answer."""

    id: str
    date: dt.date | None
    committee: int | None
    title: str
    raw_date: str
    cancelled: bool = False
    attendees: tuple[Attendee, ...] = ()  # a GetMeeting answer's, where it lists them


@dataclass(frozen=True)
class MeetingsImported:
    """What an import did (or, with ``check``, would do), in words."""

    board: str
    file: str
    said: list[str]
    ignored: int  # meetings of other committees
    written: bool
    left_out: list[str] = field(default_factory=list)  # attendees mapped to no seat, and why
    changed: bool = False  # whether the file changes (is written, unless check)


def unescape_title(text: str) -> str:
    """A committee title as text: HTML entities undone twice (ModernGov escapes titles twice,
    ``Health &amp;amp; Wellbeing``), control characters shown as escapes. Only ever text."""
    return clean(html.unescape(html.unescape(text)).strip(), 200)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def read_meetings(raw: bytes, name: str) -> list[Meeting]:
    """The meetings of a saved ``GetMeetings`` answer, in the file's order: every ``meeting``
    element, with the ``committeeid`` and ``committeetitle`` of the elements around it where it
    has none of its own."""
    import xml.etree.ElementTree as ET

    from .moderngov_attendance import read_attendees

    if len(raw) > MAX_XML_BYTES:
        raise ThpError(f"{name} is larger than {MAX_XML_BYTES // (1024 * 1024)} MB; thp does not read it")
    probe = _text_bytes(raw, name)
    if _DECLARATION.search(probe):
        raise ThpError(
            f"{name} has a DOCTYPE or ENTITY declaration, which thp does not read: they can make an "
            "XML reader fetch files or grow without end. Save the plain GetMeetings answer from "
            "ModernGov and try again"
        )
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise ThpError(f"{name} is not well-formed XML: {clean(str(error), 200)}") from None
    except (ValueError, LookupError) as error:  # the encoding it declares
        raise ThpError(
            f"{name} declares an encoding thp cannot read ({clean(str(error), 200)}); save the "
            "GetMeetings answer from ModernGov as UTF-8 and try again"
        ) from None
    meetings = []
    # each element with the committee (id, title) of the elements around it, in document order
    stack: list[tuple[ET.Element, str, str]] = [(root, "", "")]
    while stack:
        element, committee, title = stack.pop()
        fields = _fields(element)
        committee = fields.get("committeeid") or committee
        title = fields.get("committeetitle") or title
        if _local(element.tag) == "meeting":
            meetings.append(replace(_meeting(fields, committee, title), attendees=read_attendees(element)))
            continue
        stack.extend((child, committee, title) for child in reversed(element))
    return meetings


def _text_bytes(raw: bytes, name: str) -> bytes:
    """The answer's bytes in an encoding that has ASCII's letters where ASCII has them (to look
    for a DOCTYPE in), or a :class:`ThpError` saying in words why it is not text XML can read.

    The XML reader reads UTF-8 and UTF-16 (with a byte order mark or without) and the
    encodings an answer may declare (``<?xml ... encoding="windows-1252"?>``); what is
    wrong with a file that is none of them is said by :func:`thp_cli.yamlio.textbytes.sniff`.
    """
    from ..yamlio.textbytes import sniff

    trouble = sniff(raw)
    if trouble is None:
        return raw
    if trouble.encoding in ("utf-16-le", "utf-16-be"):
        return raw.decode(trouble.encoding, errors="replace").encode("utf-8")
    declared = _ENCODING.match(raw)
    other = declared is not None and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8")
    if trouble.encoding is None and b"\x00" not in raw and other:
        return raw  # a byte of the encoding it declares, read by the XML reader
    ends = "save the GetMeetings answer from ModernGov as UTF-8 and try again"
    if trouble.whole:
        raise ThpError(f"{name} is not UTF-8 or UTF-16, which thp reads ({trouble.said}); {ends}")
    raise ThpError(f"{name} is not UTF-8 text ({trouble.said}); {ends}")


def _fields(element: ET.Element) -> dict[str, str]:
    """An element's attributes and the text of its children, by lower-case name; for a meeting,
    also those of a ``committee`` element inside it."""
    fields = {_local(key): value.strip() for key, value in element.attrib.items()}
    for child in element:
        name = _local(child.tag)
        if name == "committee" and _local(element.tag) == "meeting":
            for key, value in _fields(child).items():
                fields.setdefault(key, value)
        elif len(child) == 0:
            fields[name] = (child.text or "").strip()
    return fields


def _meeting(fields: dict[str, str], committee: str, title: str) -> Meeting:
    status = fields.get("meetingstatus", "")
    cancelled = bool(_CANCELLED.search(status)) or fields.get("meetingcancelled", "").lower() in _TRUE
    return Meeting(
        id=clean(fields.get("meetingid", ""), 40),
        date=_date(fields.get("meetingdate", "")),
        committee=int(committee) if committee.isdigit() and len(committee) < 10 else None,
        title=unescape_title(title),
        raw_date=clean(fields.get("meetingdate", ""), 40),
        cancelled=cancelled,
    )


def _date(text: str) -> dt.date | None:
    """``dd/mm/yyyy`` (ModernGov's form; a time after it is ignored), or ``yyyy-mm-dd``."""
    if match := _DAY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2999 else None


def import_meetings(
    root: Path | str, path: Path, board: str, committee: int, as_of: dt.date, *, check: bool = False
) -> MeetingsImported:
    """Add the meetings of ``committee`` in the saved answer at ``path`` to ``board``; ThpError
    (nothing written) if that cannot be done safely. With ``check``, write nothing."""
    from .moderngov_attendance import plan_meetings_attendance
    from .session import open_board, refuse_new_errors
    from .sheet_file import read_input

    if committee < 1:
        raise ThpError(Flag("committee_id"), " must be a whole number from 1")
    name = clean(path.name, 200)
    raw = read_input(path, MAX_XML_BYTES + 1)
    meetings = read_meetings(raw, name)
    session = open_board(Path(os.path.abspath(root)), board)
    _check_committee(session.dataset, board, committee, session.data)
    mine = [m for m in meetings if m.committee == committee]
    if not mine and len(meetings) == 1 and meetings[0].committee is None and meetings[0].attendees:
        mine = [replace(meetings[0], committee=committee)]  # a GetMeeting answer that names no committee
    if not mine:
        raise ThpError(_none_found(name, committee, meetings))
    bad = [m for m in mine if m.date is None]
    if bad:
        shown = ", ".join(
            f"meeting {m.id or '?'} ({quote(m.raw_date)})"
            if m.raw_date
            else f"meeting {m.id or '?'} (no meetingdate)"
            for m in bad[:5]
        )
        raise ThpError(f"nothing was imported: {name} has meetingdate values that are not dates: {shown}")
    changed, plan = session.planned(lambda: _plan(session.doc, session.data, committee, mine, as_of))
    attendance = plan_meetings_attendance(session, plan, mine)
    said = changed + attendance.said
    ignored = len(meetings) - len(mine)
    if not changed and attendance.edit is None:  # nothing to write; notes on attendees, if any
        return MeetingsImported(board, session.file, said, ignored, False, attendance.left_out)
    new = session.checked(attendance.edit or plan)
    refuse_new_errors(session.root, session.dataset, {session.file: new})
    if not check:
        session.write(new)
    return MeetingsImported(board, session.file, said, ignored, not check, attendance.left_out, True)


def _check_committee(dataset: Dataset, board: str, committee: int, data: Data) -> None:
    recorded = data.get(COMMITTEE_KEY)
    if recorded is not None and recorded != committee:
        raise ThpError(
            f"{board} is recorded as ModernGov committee {clean(str(recorded), 20)}, not {committee}; "
            f"if that is wrong, change {COMMITTEE_KEY} in its file by hand, then import again"
        )
    for other_id, located in dataset.boards.items():
        if other_id != board and located.record.moderngov_committee_id == committee:
            raise ThpError(f"ModernGov committee {committee} is already recorded for the board {other_id}")


def _none_found(name: str, committee: int, meetings: list[Meeting]) -> str:
    if not meetings:
        return f"{name} has no meetings: is it a saved GetMeetings answer?"
    seen: dict[int, str] = {}
    for meeting in meetings:
        if meeting.committee is not None:
            seen.setdefault(meeting.committee, meeting.title)
    if not seen:
        return (
            f"no meeting in {name} names its committee (a committeeid in the meeting, or in the "
            "committee element around it): is it a saved GetMeetings answer?"
        )
    listed = "; ".join(f"{number} {title}".strip() for number, title in sorted(seen.items())[:10])
    return f"{name} has no meetings of committee {committee}; it has meetings of: {listed}"


def _plan(
    doc: Document, data: Data, committee: int, meetings: list[Meeting], as_of: dt.date
) -> tuple[list[str], Edit]:
    """The words and the edit: the committee id recorded, then, in one pass over the meetings
    list as located once (:func:`thp_cli.edit.plans.edit_list`), planned meetings ModernGov marks
    cancelled marked cancelled and those now past marked held, and new meetings added (one per
    date, by date, a meeting held rather than one cancelled on the same day)."""
    from ..yamlio.locate import locate
    from .meetings import MEETING_KEYS
    from .plans import Edit, ListEdits, edit_list, set_top_key

    said: list[str] = []
    body_doc, new = doc, data
    if data.get(COMMITTEE_KEY) != committee:
        step = set_top_key(body_doc, new, COMMITTEE_KEY, committee, after=("meets", "status", "kind"))
        body_doc, new = replace(body_doc, body=step.body), step.data
        said.append(f"recorded ModernGov committee {committee}")
    existing = new.get("meetings") if isinstance(new.get("meetings"), list) else []
    recorded: dict[str, int] = {}
    for index, entry in enumerate(existing or []):
        if isinstance(entry, dict) and "date" in entry:
            recorded.setdefault(str(entry["date"]), index)
    title = meetings[0].title
    done: set[str] = set()  # one meeting a day counts: the first, one held before one cancelled
    changed: dict[int, dict[str, object]] = {}
    added: list[Data] = []
    for meeting in sorted(meetings, key=lambda m: (m.date or dt.date.min, m.cancelled)):
        assert meeting.date is not None
        day = meeting.date.isoformat()
        past = meeting.date < as_of
        if day in done:
            continue
        done.add(day)
        if day in recorded:
            index = recorded[day]
            entry = (existing or [])[index]
            if (past or meeting.cancelled) and entry.get("status") == "planned":
                status = "cancelled" if meeting.cancelled else "held"
                changed[index] = {"status": status}
                why = "ModernGov marks it cancelled" if meeting.cancelled else "its date has passed"
                said.append(f"marked the meeting of {day} {status}: {why}")
            continue
        status = "cancelled" if meeting.cancelled else "held" if past else "planned"
        added.append({"date": day, "status": status})
        said.append(f"added the meeting of {day} ({status}){f': {title}' if title else ''}")
    if changed or added:
        edits = ListEdits(changed, frozenset(), tuple(added))
        step = edit_list(body_doc, locate(body_doc.body, "meetings"), new, edits, MEETING_KEYS)
        body_doc, new = replace(body_doc, body=step.body), step.data
    return said, Edit(body_doc.body, new)
