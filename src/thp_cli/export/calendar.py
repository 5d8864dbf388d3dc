"""The boards' meetings as an iCalendar (RFC 5545) feed (``thp export ics``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from ..dataset.records import Dataset

# Characters RFC 5545 forbids in text: all C0 controls but tab, line feed and carriage
# return, and DEL. (What XML 1.0, so XLSX, cannot hold is inert.xml_text's to replace.)
_ICAL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"

MEETING_STATUS = {"planned": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED"}
# SEQUENCE rises with each change a meeting's status can go through: planned -> held, planned -> cancelled.
MEETING_SEQUENCE = {"planned": 0, "held": 1, "cancelled": 2}
PRODID = "-//thp//Partnership meetings//EN"
LONDON = "Europe/London"  # a meeting's time is UK local time


def slug(text: str, default: str = "partnership") -> str:
    """``text`` as a kebab-case ASCII slug: ``Riverside Partnership`` -> ``riverside-partnership``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or default


def https(link: str | None) -> str | None:
    """``link`` if it is a plain https address; None otherwise."""
    if not link or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    return link if parts.scheme.lower() == "https" and parts.netloc else None


def _text(value: str) -> Any:
    from icalendar import vText

    return vText(_ICAL_ILLEGAL.sub(REPLACEMENT, value))


def calendar(dataset: Dataset, stamp: dt.date, board: str | None = None) -> str:
    """The boards' meetings (or one board's) as an iCalendar feed (RFC 5545).

    A meeting with a ``time`` (UK local time) is a timed event: ``DTSTART;TZID=Europe/London``
    at that time, with the feed's one VTIMEZONE for Europe/London (:func:`london`, written
    from fixed rules, not from the machine's time zone database, so the bytes do not depend on
    it) and no DTEND, since the data does not say when a meeting ends (RFC 5545 reads such an
    event as starting then). A meeting without a time is an all-day event
    (``DTSTART;VALUE=DATE`` and the next day as ``DTEND``), marked ``TRANSP:TRANSPARENT`` so it
    does not block the day. A meeting's ``venue`` is its ``LOCATION``. ``UID`` is
    ``<board-id>-<YYYYMMDD>@<partnership-slug>``, with ``-2``, ``-3`` ... before
    the ``@`` for a board's second and later meetings on one day (in the order
    its file lists them); it stays the same from run to run, so calendar apps
    update a meeting instead of adding it twice. A meeting moved to another
    day is a new event. ``STATUS`` is TENTATIVE (planned), CONFIRMED (held) or
    CANCELLED, and ``SEQUENCE`` 0, 1 or 2 with it, so it rises as a planned
    meeting is held or cancelled. ``DTSTAMP`` is ``stamp`` at midnight UTC (the
    day the data is judged as on), so the same data and day give the same
    bytes. The agenda, when an https address, is the event's ``URL`` and is in
    its ``DESCRIPTION`` with the https minutes.

    With no meetings to list, the feed is still a valid calendar: RFC 5545 asks
    every VCALENDAR for at least one component, so it holds one VTIMEZONE, UTC
    (offset +00:00 all year; see :func:`empty_calendar_component`), which no
    calendar app shows as an event, and ``X-WR-CALDESC`` says in plain words that
    the data lists no meetings. No meeting is ever made up to fill it.
    """
    from icalendar import Calendar, Event

    name = dataset.partnership.record.name if dataset.partnership else "Partnership"
    domain = slug(name)
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    title = f"{name}: {dataset.boards[board].record.name}" if board else f"{name}: meetings"
    feed.add("x-wr-calname", _text(title))
    dtstamp = dt.datetime.combine(stamp, dt.time(), tzinfo=dt.timezone.utc)
    chosen = [board] if board else sorted(dataset.boards)
    timed = False
    for board_id in chosen:
        record = dataset.boards[board_id].record
        order = sorted(range(len(record.meetings)), key=lambda i: record.meetings[i].date)
        seen: dict[dt.date, int] = {}
        for index in order:
            meeting = record.meetings[index]
            seen[meeting.date] = count = seen.get(meeting.date, 0) + 1
            suffix = f"-{count}" if count > 1 else ""
            event = Event()
            event.add("uid", f"{board_id}-{meeting.date:%Y%m%d}{suffix}@{domain}")
            event.add("dtstamp", dtstamp)
            _when(event, meeting.date, meeting.time)
            event.add("sequence", MEETING_SEQUENCE[meeting.status])
            event.add("summary", _text(record.name))
            if meeting.venue:
                event.add("location", _text(meeting.venue))
            event.add("status", MEETING_STATUS[meeting.status])
            if meeting.time is None:
                event.add("transp", "TRANSPARENT")
            timed = timed or meeting.time is not None
            agenda, minutes = https(meeting.agenda), https(meeting.minutes)
            if agenda:
                event.add("url", agenda)
            lines = [f"Agenda: {agenda}"] if agenda else []
            lines += [f"Minutes: {minutes}"] if minutes else []
            if lines:
                event.add("description", _text("\n".join(lines)))
            feed.add_component(event)
    if timed:
        feed.subcomponents.insert(0, london())
    if not feed.subcomponents:
        whose = f"for {dataset.boards[board].record.name}" if board else "for any board"
        feed.add("x-wr-caldesc", _text(f"The data lists no meetings {whose}."))
        feed.add_component(empty_calendar_component())
    text: str = feed.to_ical().decode("utf-8")
    return text


def _when(event: Any, day: dt.date, time: str | None) -> None:
    """The event's DTSTART (and, for a whole day, DTEND): at ``time`` (HH:MM) in Europe/London, or all day."""
    if time is None:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        return
    hours, minutes = (int(part) for part in time.split(":"))
    event.add("dtstart", dt.datetime.combine(day, dt.time(hours, minutes)), parameters={"TZID": LONDON})


def london() -> Any:
    """The VTIMEZONE of UK local time, as the rules have stood since 1996: British Summer Time
    (+01:00) from 01:00 UTC on the last Sunday of March, Greenwich Mean Time (+00:00) from
    01:00 UTC (02:00 BST) on the last Sunday of October. RFC 5545 (3.6.5) asks each observance
    for DTSTART, TZOFFSETFROM and TZOFFSETTO; the RRULEs say when it recurs."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", LONDON)
    for part, start, offsets, name, month in (
        (TimezoneDaylight(), dt.datetime(1981, 3, 29, 1), (0, 1), "BST", 3),
        (TimezoneStandard(), dt.datetime(1996, 10, 27, 2), (1, 0), "GMT", 10),
    ):
        part.add("dtstart", start)
        part.add("tzoffsetfrom", dt.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", dt.timedelta(hours=offsets[1]))
        part.add("tzname", name)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def empty_calendar_component() -> Any:
    """The one component of a calendar with no meetings: a VTIMEZONE for UTC.

    RFC 5545 (3.6) requires a VCALENDAR to hold at least one component. An
    event would be a meeting nobody planned and a VJOURNAL shows as a note in some
    apps; a time zone is shown by none. TZID, and in its STANDARD part DTSTART,
    TZOFFSETFROM and TZOFFSETTO, are the properties RFC 5545 (3.6.5) requires.
    """
    from icalendar import Timezone, TimezoneStandard

    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(0))
    standard.add("tzoffsetto", dt.timedelta(0))
    standard.add("tzname", "UTC")
    zone = Timezone()
    zone.add("tzid", "UTC")
    zone.add_component(standard)
    return zone
