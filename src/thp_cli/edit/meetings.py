"""The three edits of ``thp meeting``: add, change and remove one meeting of a board.

Library first, as :mod:`thp_cli.edit.seats` is: each function is given the
values of the command's options, checks them as the model would (a date
written YYYY-MM-DD, a status of the data format, a time "HH:MM", a venue on
one line, https: links for the agenda and minutes), and makes its edit
through an :class:`thp_cli.edit.session.Session`, which keeps every other
byte of the file and refuses a change that would bring in an error. With
``check`` the edit is worked out and checked the same way, and not written.
A problem with a value names the option by its field (:class:`thp_cli.errors.Flag`).

A meeting is named by its date: a board meets once on a day. A new meeting
goes into the ``meetings`` list in date order, before the first meeting
after it (and before the comment lines right above that meeting, which are
about it); its keys go in the data format's order. A meeting still planned
though its date has passed is never refused, since officers record meetings
late: the result says so, as a warning, as ``thp validate`` does
(rule meeting-still-planned).
"""

from __future__ import annotations

import copy
import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..duties import still_planned
from ..errors import Flag, ThpError
from ..text import clean, did_you_mean, listing, quote
from ..yamlio.emit import Data, flow_mapping, item_lines
from ..yamlio.splice import Splice, apply, insert_lines, line_end, line_start
from .plans import CLEAR, Changes, Edit, add_entry, change_entry, list_entries, remove_entry
from .seats import NONE, changes_said, check_date
from .session import Session, open_board, refuse_new_errors

MEETINGS = "meetings"
MEETING_KEYS = ("date", "status", "time", "venue", "agenda", "minutes")
"""A meeting's keys in the data format's order: new keys go in this order."""
OPTIONAL = ("time", "venue", "agenda", "minutes")
"""The keys ``set`` may remove (given ``none``)."""
STATUSES = ("held", "planned", "cancelled")
"""The statuses of the data format (model.MeetingStatus; a test keeps the two equal)."""


@dataclass(frozen=True)
class MeetingFields:
    """What ``thp meeting add`` or ``set`` was given: None leaves a key out (add) or as it is
    (set); ``none`` removes an optional key (set)."""

    status: str | None = None
    time: str | None = None
    venue: str | None = None
    agenda: str | None = None
    minutes: str | None = None


@dataclass(frozen=True)
class MeetingDone:
    """What a meeting command did (or, with ``check``, would do): one line in words, the
    warnings to show beside it, and whether the file was written."""

    board: str
    file: str
    said: str
    warnings: tuple[str, ...] = ()
    written: bool = False


# -- checking what the command was given --------------------------------------------------
def check_status(value: str | None) -> str | None:
    """``value`` if it is a meeting status of the data format; ThpError naming them if not."""
    if value is None or value in STATUSES:
        return value
    known = listing([f"'{s}'" for s in STATUSES]).replace(" and ", " or ")
    hint = did_you_mean(value, STATUSES)
    raise ThpError(Flag("status"), f" {quote(value)} is not a meeting status: give {known}{hint}")


def check_time(value: str | None, clearable: bool = False) -> str | None:
    """``value`` as the time of day it must be, ``HH:MM`` (``none`` too, where it may be removed)."""
    if value is None or (clearable and value == NONE):
        return value
    from pydantic_core import PydanticCustomError

    from ..dates import parse_time_of_day

    try:
        return parse_time_of_day(value)
    except PydanticCustomError as error:
        hint = f", or {NONE} to remove it" if clearable else ""
        raise ThpError(Flag("time"), f": {error.message()}{hint}") from None


def check_venue(value: str | None, clearable: bool = False) -> str | None:
    """``value`` if it is one line of plain text (``none`` too, where it may be removed)."""
    if value is None or (clearable and value == NONE):
        return value
    from ..field_types import one_line_problem

    why = one_line_problem(value, "a venue")
    if why is not None:
        raise ThpError(Flag("venue"), f": {why}")
    return value


def check_link(option: Flag, value: str | None, clearable: bool = False) -> str | None:
    """``value`` if it is a whole https: address (``none`` too, where it may be removed): the
    agenda and minutes are published papers, and a report links to them only over https."""
    if value is None or (clearable and value == NONE):
        return value
    from urllib.parse import urlsplit

    from ..field_types import one_line_problem

    why = one_line_problem(value, "a link")
    if why is not None:
        raise ThpError(option, f": {why}")
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.netloc and not any(c.isspace() for c in value):
        return value
    if parts.scheme.lower() in ("http", "https") and parts.netloc and value.strip() == value:
        hint = f"; did you mean {quote('https://' + value.split('://', 1)[1], 300)}?"
    elif not parts.scheme and "." in value.split("/", 1)[0] and " " not in value:
        hint = f"; did you mean {quote('https://' + value, 300)}?"
    else:
        hint = ""
    raise ThpError(
        option,
        f" {quote(value, 300)} is not an https: link: give the whole address of the paper, "
        f"starting https://{hint}",
    )


def checked_fields(given: MeetingFields, clearable: bool = False) -> MeetingFields:
    """``given`` with each value checked (see the ``check_`` functions); ThpError at the first
    that is wrong. With ``clearable`` (``set``), ``none`` removes an optional key."""
    return MeetingFields(
        status=check_status(given.status),
        time=check_time(given.time, clearable),
        venue=check_venue(given.venue, clearable),
        agenda=check_link(Flag("agenda"), given.agenda, clearable),
        minutes=check_link(Flag("minutes"), given.minutes, clearable),
    )


def default_status(day: dt.date, as_of: dt.date) -> str:
    """The status of a meeting added without one: planned if its day is after ``as_of``, else held."""
    return "planned" if day > as_of else "held"


# -- the three edits ------------------------------------------------------------------------
def add_meeting(
    root: Path | str,
    board: str,
    date: str,
    given: MeetingFields = MeetingFields(),  # frozen: never changed
    *,
    as_of: dt.date | None = None,
    check: bool = False,
) -> MeetingDone:
    """Add a meeting to a board, in date order; what was done, in words."""
    day = _day(date)
    given = checked_fields(given)
    on = as_of or dt.date.today()
    status = given.status or default_status(dt.date.fromisoformat(day), on)
    session = open_board(root, board)
    meetings = list_entries(session.data, MEETINGS)
    same = [m for m in meetings if _date_of(m) == day]
    if same:
        had = same[0].get("status") if isinstance(same[0], dict) else None
        raise ThpError(
            f"{session.named} already has a meeting on {day}{f' ({clean(str(had), 40)})' if had else ''}; "
            f"nothing was changed. To change it, use {meeting_command('set', board, day)} with what to change"
        )
    entry: Data = {"date": day, "status": status}
    entry.update({key: getattr(given, key) for key in OPTIONAL if getattr(given, key) is not None})
    written = _commit(session, plan_add(session, entry), check)
    said = f"added the meeting of {day} to {session.named}: {added_said(entry)}"
    return MeetingDone(board, session.file, clean(said, 500), _warnings(board, entry, on), written)


def set_meeting(
    root: Path | str,
    board: str,
    date: str,
    changes: MeetingFields,
    *,
    as_of: dt.date | None = None,
    check: bool = False,
) -> MeetingDone:
    """Change the meeting of a board on ``date``; what was done (or that nothing needed to be)."""
    day = _day(date)
    changes = checked_fields(changes, clearable=True)
    wanted: Changes = {}
    for key in ("status", *OPTIONAL):
        value = getattr(changes, key)
        if value is not None:
            wanted[key] = CLEAR if value == NONE and key in OPTIONAL else value
    if not wanted:
        raise ThpError(
            "say what to change: ",
            *(Flag("status"), ", ", Flag("time"), ", ", Flag("venue"), ", "),
            *(Flag("agenda"), " or ", Flag("minutes")),
        )
    session = open_board(root, board)
    index = find_meeting(session, day)
    meeting = _mapping(list_entries(session.data, MEETINGS)[index])
    wanted, plan = plan_change(session, index, wanted)
    on = as_of or dt.date.today()
    if plan is None:
        said = f"nothing to change: the meeting of {day} on {session.named} is already like that"
        return MeetingDone(board, session.file, said, _warnings(board, meeting, on))
    written = _commit(session, plan, check)
    said = f"changed the meeting of {day} on {session.named}: {changes_said(meeting, wanted)}"
    after = {k: v for k, v in {**meeting, **wanted}.items() if v is not CLEAR}
    return MeetingDone(board, session.file, clean(said, 500), _warnings(board, after, on), written)


def remove_meeting(root: Path | str, board: str, date: str, *, check: bool = False) -> MeetingDone:
    """Remove the meeting of a board on ``date``; what was done, in words."""
    day = _day(date)
    session = open_board(root, board)
    index = find_meeting(session, day)
    meeting = _mapping(list_entries(session.data, MEETINGS)[index])
    plan = session.planned(lambda: remove_entry(session.doc, _layout(session), session.data, index))
    written = _commit(session, plan, check)
    status = meeting.get("status")
    said = f"removed the meeting of {day}{f' ({status})' if status else ''} from {session.named}"
    return MeetingDone(board, session.file, clean(said, 500), (), written)


# -- one meeting's edit, shared with thp import xlsx (edit/workbook.py) -------------------
def plan_add(session: Session, entry: Data) -> Edit:
    """The edit that adds the meeting ``entry`` to the board's meetings in date order (after the
    meetings of its day, before the first later one), its keys in the data format's order."""
    meetings = list_entries(session.data, MEETINGS)
    day = str(entry["date"])
    index = next((i for i, m in enumerate(meetings) if (_date_of(m) or "") > day), len(meetings))
    ordered = {key: entry[key] for key in MEETING_KEYS if key in entry}
    return session.planned(lambda: insert_entry(session, index, ordered))


def added_said(entry: Data) -> str:
    """A new meeting in words: its status, then its other keys (``held, venue 'Town Hall'``)."""
    extras = ", ".join(
        f"{key} {quote(str(entry[key]), 300) if key == 'venue' else entry[key]}"
        for key in OPTIONAL
        if entry.get(key) is not None
    )
    return clean(f"{entry['status']}{', ' + extras if extras else ''}", 500)


def plan_change(session: Session, index: int, wanted: Changes) -> tuple[Changes, Edit | None]:
    """Of ``wanted`` (:data:`~thp_cli.edit.plans.CLEAR` removes a key), the changes the meeting
    at ``index`` does not have already, and the edit that makes them (None: nothing to change).
    Say them with :func:`thp_cli.edit.seats.changes_said`."""
    meeting = _mapping(list_entries(session.data, MEETINGS)[index])

    def differs(key: str, value: Any) -> bool:
        have = meeting.get(key)
        return have is not None if value is CLEAR else (None if have is None else str(have)) != value

    wanted = {key: value for key, value in wanted.items() if differs(key, value)}
    if not wanted:
        return wanted, None
    return wanted, session.planned(
        lambda: change_entry(session.doc, _layout(session), session.data, index, wanted, MEETING_KEYS)
    )


# -- helpers ----------------------------------------------------------------------------------
def _day(date: str) -> str:
    day = check_date(Flag("date"), date)
    assert day is not None
    return day


def _date_of(meeting: Any) -> str | None:
    """A meeting's date as its file has it (the loader keeps dates as text), or None."""
    if not isinstance(meeting, dict) or meeting.get("date") is None:
        return None
    return str(meeting["date"])


def _mapping(meeting: Any) -> Data:
    if not isinstance(meeting, dict):
        raise ThpError("a meeting in its meetings list is not a mapping; change it by hand")
    return meeting


def _layout(session: Session) -> Any:
    from ..yamlio.locate import locate

    return locate(session.doc.body, MEETINGS)


def meeting_command(verb: str, board: str, day: str) -> str:
    """The `thp meeting` command that names the meeting of ``board`` on ``day``, quoted for a shell."""
    return clean(shlex.join(["thp", "meeting", verb, board, "--date", day]), 300)


def find_meeting(session: Session, day: str) -> int:
    """The index of the one meeting of the board on ``day``; ThpError if there is none, or several."""
    meetings = list_entries(session.data, MEETINGS)
    found = [i for i, m in enumerate(meetings) if _date_of(m) == day]
    if len(found) == 1:
        return found[0]
    if found:
        raise ThpError(
            f"{session.named} has {len(found)} meetings on {day}; thp meeting cannot tell them apart: "
            f"change {session.file} by hand"
        )
    dates = sorted({d for d in map(_date_of, meetings) if d is not None})
    if not dates:
        raise ThpError(
            f"{session.named} has no meetings recorded; to add one, use "
            f"{meeting_command('add', session.board, day)}"
        )
    target = dt.date.fromisoformat(day)

    def distance(text: str) -> tuple[int, str]:
        other = _iso(text)
        return (abs((other - target).days) if other else 10**9, text)

    near = sorted(dates, key=distance)[:3]
    which = "only one recorded is" if len(dates) == 1 else "nearest recorded are"
    raise ThpError(f"{session.named} has no meeting on {day}; the {which} on {listing(sorted(near))}")


def _iso(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _warnings(board: str, meeting: Data, on: dt.date) -> tuple[str, ...]:
    """What to say beside the edit about the meeting as it now is (never a refusal)."""
    day = _date_of(meeting) or ""
    date = _iso(day)
    if date is None:
        return ()
    status = str(meeting.get("status"))
    if still_planned(status, date, on):
        return (
            f"the meeting of {day} is still planned, though its date has passed; once you know, "
            f"record it with {meeting_command('set', board, day)} --status held (or cancelled)",
        )
    if status == "held" and date > on:
        return (f"the meeting of {day} is recorded as held, though its date is still to come",)
    return ()


def _commit(session: Session, plan: Edit, check: bool) -> bool:
    """Check the planned text and, unless ``check``, write it; whether it was written."""
    new = session.checked(plan)
    refuse_new_errors(session.root, session.dataset, {session.file: new})
    if check:
        return False
    session.write(new)
    return True


# -- a meeting put in its place ---------------------------------------------------------------
def insert_entry(session: Session, index: int, entry: Data) -> Edit:
    """The edit that puts ``entry`` into the meetings list before the meeting at ``index`` (at
    the end when ``index`` is past the last): in a block list, as lines of its own before the
    comment lines right above that meeting, with the blank lines the list puts between its
    entries; in a flow list (``[{...}, ...]``), in flow style before that meeting."""
    doc, data = session.doc, session.data
    layout = _layout(session)
    entries = list_entries(data, MEETINGS)
    if index >= len(entries) or layout.kind in ("absent", "empty"):
        return add_entry(doc, layout, data, entry)
    new = copy.copy(data)
    new[MEETINGS] = [*entries[:index], entry, *entries[index:]]
    body = doc.body
    if layout.kind == "flow":
        start = layout.value.value[index].start_mark.index
        head = line_start(body, start)
        if body[head:start].strip():
            return Edit(apply(body, [Splice(start, start, flow_mapping(entry) + ", ")]), new)
        line = body[head:start] + flow_mapping(entry) + ","
        return Edit(apply(body, [insert_lines(body, head, [line], doc.eol)]), new)
    items = layout.items
    item = items[index]
    floor = items[index - 1].end if index else line_end(body, layout.key.start_mark.index)
    at = item.start
    while at > floor and body[line_start(body, at - 1) : at].strip().startswith("#"):
        at = line_start(body, at - 1)
    if index:  # the blank lines before it, as the entry before has them
        blank = _blank_lines(body[items[index - 1].end : at])
    else:  # the blank lines between the first two, as the first will have them
        blank = _blank_lines(body[item.end : items[1].start]) if len(items) > 1 else 0
    lines = item_lines(entry, item.dash, item.keys) + [""] * blank
    return Edit(apply(body, [insert_lines(body, at, lines, doc.eol)]), new)


def _blank_lines(gap: str) -> int:
    """How many lines ``gap`` (the text between two entries) is, if they are all blank; else 0."""
    return gap.count("\n") if gap and not gap.strip() else 0
