"""The site's downloads made in parts, so that none is ever whole in memory: the calendar
and the seats a few hundred boards at a time (each part is what the export writes for those
boards alone, in the same order, with its head and foot taken off), joined in order as they
are written; the Popolo JSON written as it is encoded.

A part of the calendar (``calendar.ics``) is the events of its boards; the whole is the
calendar's head, the one time zone if any part has a timed meeting, every part's events in
order of board id, and its foot, which is what :func:`thp_cli.export.calendar.calendar`
writes for every board at once. A part of the seats (``seats.csv``) is its boards' rows; the
whole is the head (byte order mark and column names) and every part's rows in order.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..dataset.records import Dataset
    from .context import Site

PART = 250  # boards a part of the calendar or the seats holds
EVENT = "BEGIN:VEVENT\r\n"
ZONE, ZONE_END = "BEGIN:VTIMEZONE\r\n", "END:VTIMEZONE\r\n"
FOOT = "END:VCALENDAR\r\n"


def parts(ds: Dataset) -> list[list[str]]:
    """The boards' ids in order (as the exports list them), a part at a time."""
    ids = sorted(ds.boards)
    return [ids[i : i + PART] for i in range(0, len(ids), PART)]


def _of(ds: Dataset, ids: list[str]) -> Dataset:
    """The dataset with only the boards ``ids``: all else (the partnership, the organisations,
    the people) as it is."""
    return dataclasses.replace(ds, boards={i: ds.boards[i] for i in ids}, keys=None)  # a part, not the files


@dataclasses.dataclass(frozen=True)
class CalendarPart:
    """A part of the calendar: its events (the text), and the head and time zone it was
    written with ('' where it has no event, or no timed one)."""

    events: str
    head: str
    zone: str


def calendar_part(site: Site, ids: list[str]) -> CalendarPart:
    """The calendar of the boards ``ids``, taken apart."""
    from ..export.calendar import calendar

    text = calendar(_of(site.ds, ids), site.on)
    start = text.find("\r\n" + EVENT)
    if start < 0:
        return CalendarPart("", "", "")
    head = text[: start + 2]
    zone = ""
    if ZONE in head:
        begin = head.index(ZONE)
        end = head.index(ZONE_END, begin) + len(ZONE_END)
        head, zone = head[:begin] + head[end:], head[begin:end]
    if not text.endswith(FOOT):
        raise ValueError("a calendar that does not end as iCalendar does")
    return CalendarPart(text[start + 2 : -len(FOOT)], head, zone)


def join_calendar(site: Site, made: list[CalendarPart]) -> Iterator[str]:
    """The whole calendar from its parts, in order; with no event at all, the calendar as the
    export writes it then (it says the data lists no meetings)."""
    from ..export.calendar import calendar

    with_events = [part for part in made if part.events]
    if not with_events:
        yield calendar(site.ds, site.on)
        return
    yield with_events[0].head
    yield next((part.zone for part in made if part.zone), "")
    for part in with_events:
        yield part.events
    yield FOOT


def seats_part(site: Site, ids: list[str]) -> str:
    """The rows of the seats of the boards ``ids`` (no head)."""
    from ..export.seats import seats, seats_csv

    text = seats_csv(seats(_of(site.ds, ids)))
    head = seats_csv([])
    if not text.startswith(head):
        raise ValueError("seats whose rows do not follow their head")
    return text[len(head) :]


def join_seats(made: list[str]) -> Iterator[str]:
    """Every seat, as ``thp export csv`` writes them (byte order mark included)."""
    from ..export.seats import seats_csv

    yield seats_csv([])
    yield from made


def popolo_text(site: Site) -> Iterator[str]:
    """``partnership.json``, as :func:`thp_cli.export.popolo.popolo_json` writes it, a piece
    at a time as it is encoded."""
    import json

    from ..export.popolo import popolo

    yield from json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(popolo(site.ds))
    yield "\n"
