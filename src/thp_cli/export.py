"""The partnership written out for spreadsheets, open data and calendars.

Library first: :func:`export` loads ``data/`` once and hands the dataset to
one writer per format. Each writer is a pure function of the dataset (and of
the day, where a format needs one), so the same data gives the same bytes:

- :func:`seats_csv` and :func:`seats_xlsx`: one row per seat;
- :func:`popolo`: boards, organisations, seats and named people as Popolo JSON;
- :func:`calendar`: the boards' meetings as an iCalendar (RFC 5545) feed.

No export carries contact details: people appear by id (and, in Popolo, by
name) only. openpyxl and icalendar are imported by the writers that use them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from .errors import Flag, ThpError
from .findings import Severity
from .inert import xml_text
from .text import did_you_mean, quote

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from .dataset import Dataset

Format = Literal["csv", "xlsx", "popolo", "ics"]

SEAT_COLUMNS = (
    "board", "board_name", "role", "organisation", "organisation_name",
    "position", "elected_member", "person", "since", "until",
)  # fmt: skip
BOARD_COLUMNS = ("id", "name", "kind", "statutory", "reports_to", "status")

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters RFC 5545 forbids in text: all C0 controls but tab, line feed and carriage
# return, and DEL. (What XML 1.0, so XLSX, cannot hold is inert.xml_text's to replace.)
_ICAL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"

# Fixed workbook dates and zip entry times, so an XLSX file depends only on the data.
XLSX_EPOCH = dt.datetime(1980, 1, 1)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

MEETING_STATUS = {"planned": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED"}
# SEQUENCE rises with each change a meeting's status can go through: planned -> held, planned -> cancelled.
MEETING_SEQUENCE = {"planned": 0, "held": 1, "cancelled": 2}
PRODID = "-//thp//Partnership meetings//EN"


@dataclass(frozen=True)
class Seat:
    """One seat on one board, as a spreadsheet row: the fields of :data:`SEAT_COLUMNS`."""

    board: str
    board_name: str
    role: str
    organisation: str | None
    organisation_name: str | None
    position: str
    elected_member: bool
    person: str | None
    since: dt.date | None
    until: dt.date | None


@dataclass(frozen=True)
class Exported:
    """What an export wrote, and how many errors the data had (records with errors are left out)."""

    content: str | bytes
    data_errors: int


# -- seats: the rows of both spreadsheets ----------------------------------------------
def seats(dataset: Dataset, on: dt.date | None = None) -> list[Seat]:
    """Every seat, by board id and then as the board's file lists them.

    With ``on``, only the seats current on that day.
    """
    rows = []
    for board_id in sorted(dataset.boards):
        board = dataset.boards[board_id].record
        for member in board.members:
            if on is not None and not member.current(on):
                continue
            organisation = dataset.organisations.get(member.organisation or "")
            organisation_name = organisation.record.name if organisation else None
            seat = Seat(
                board.id, board.name, member.role, member.organisation, organisation_name,
                member.position, member.elected_member, member.person, member.since, member.until,
            )  # fmt: skip
            rows.append(seat)
    return rows


def formula_like(text: str) -> bool:
    """Whether ``text``, after any ``'`` it starts with, starts as a spreadsheet formula would."""
    return text.lstrip("'").startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """``text`` with a ``'`` before it if a spreadsheet would run it as a formula.

    Text that is ``'`` before such a text (``'=1``) gets one too, so that the importer can undo
    exactly this (:func:`thp_cli.importing.unneutralise`): it takes one ``'`` off a cell that is
    ``'`` before :func:`formula_like` text, and leaves every other cell as it is.
    """
    return "'" + text if formula_like(text) else text


def _csv_cell(value: str | bool | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


def seats_csv(rows: Iterable[Seat]) -> str:
    """The seats as CSV text for Excel: it starts with a byte order mark, so that Excel reads
    UTF-8 (encode it as UTF-8, or write it with ``encoding="utf-8"`` and ``newline=""``).

    Rows end in CRLF (RFC 4180). Booleans are ``true``/``false``, dates ISO,
    absent values empty. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a ``'`` in front, so that a spreadsheet shows it
    as text instead of running it as a formula (``=HYPERLINK(...)`` in a role).
    """
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(SEAT_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in astuple(row)])
    return buffer.getvalue()


# -- XLSX -------------------------------------------------------------------------------
def seats_xlsx(rows: Sequence[Seat], dataset: Dataset) -> bytes:
    """A workbook with a "Seats" sheet (the rows of :func:`seats_csv`) and a "Boards" sheet.

    Each sheet has a bold, frozen header row, a filter and column widths.
    Booleans are boolean cells (TRUE/FALSE, so filters and formulas work) and
    dates are date cells shown as YYYY-MM-DD. Every text cell is stored as
    text, never as a formula, so no ``'`` is needed and the text is exact;
    characters an XLSX file cannot hold (control characters) become U+FFFD.
    The workbook's created and modified dates and the zip entries' times are
    fixed, so the same data gives the same bytes.
    """
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Seats"
    _fill(sheet, SEAT_COLUMNS, [astuple(row) for row in rows])
    boards = [dataset.boards[b].record for b in sorted(dataset.boards)]
    _fill(
        book.create_sheet("Boards"),
        BOARD_COLUMNS,
        [(b.id, b.name, b.kind, b.statutory, ", ".join(b.reports_to), b.status) for b in boards],
    )
    book.properties.creator = "thp"
    book.properties.created = book.properties.modified = XLSX_EPOCH
    return _save(book)


def _fill(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    widths = [len(name) for name in header]
    for column, name in enumerate(header, 1):
        sheet.cell(1, column, name).font = bold
    for row_number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row_number, column)
            if isinstance(value, str):
                cell.value = xml_text(value)
                cell.data_type = "s"  # openpyxl reads text starting with '=' as a formula
                width = max((len(line) for line in value.splitlines()), default=0)
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
                width = 10
            else:
                cell.value = value
                width = 0 if value is None else 5
            widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width, 60) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows), 1) + 1}"


def _save(book: Any) -> bytes:
    """The workbook's bytes, with every zip entry dated 1980-01-01.

    ``Workbook.save`` stamps the modified date with the time of saving, so the
    writer is called directly; zip entries are then rewritten with a fixed time.
    """
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 3  # as written on Unix, wherever it runs
            target.writestr(entry, source.read(info))
    return fixed.getvalue()


# -- Popolo -----------------------------------------------------------------------------
def popolo(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """The partnership in the Popolo data specification (popoloproject.com).

    ``organizations``: the boards (``classification`` their kind, ``parent_id``
    the first board they report to, ``other_names`` their short name), then the
    member organisations (``classification`` their sector). An organisation
    whose id is also a board's is given the id ``organisation:<id>``.
    ``memberships``: one per seat, by board and then as listed: ``organization_id``
    the board, ``role``, ``label`` the position (chair, member, ...),
    ``on_behalf_of_id`` the organisation, ``person_id`` where a person is named,
    ``start_date`` and ``end_date`` where known. ``persons``: id and name of each
    person named on a seat, nothing else. Everything is sorted by id.
    """
    board_ids = set(dataset.boards)

    def org_id(organisation: str) -> str:
        """The Popolo id of ``organisation``, kept apart from a board of the same id."""
        return f"organisation:{organisation}" if organisation in board_ids else organisation

    organizations: list[dict[str, Any]] = []
    for board_id in sorted(dataset.boards):
        board = dataset.boards[board_id].record
        entry: dict[str, Any] = {"id": board.id, "name": board.name, "classification": board.kind}
        if board.reports_to:
            entry["parent_id"] = board.reports_to[0]
        if board.short_name:
            entry["other_names"] = [{"name": board.short_name, "note": "short name"}]
        if board.established:
            entry["founding_date"] = board.established.isoformat()
        organizations.append(entry)
    for organisation_id in sorted(dataset.organisations):
        organisation = dataset.organisations[organisation_id].record
        organizations.append(
            {"id": org_id(organisation.id), "name": organisation.name, "classification": organisation.sector}
        )
    memberships: list[dict[str, Any]] = []
    named: set[str] = set()
    for seat in seats(dataset):
        membership: dict[str, Any] = {"organization_id": seat.board, "role": seat.role}
        membership["label"] = seat.position
        if seat.organisation:
            membership["on_behalf_of_id"] = org_id(seat.organisation)
        if seat.person:
            membership["person_id"] = seat.person
            named.add(seat.person)
        if seat.since:
            membership["start_date"] = seat.since.isoformat()
        if seat.until:
            membership["end_date"] = seat.until.isoformat()
        memberships.append(membership)
    persons = [
        {"id": person_id, "name": dataset.people[person_id].record.name}
        for person_id in sorted(named)
        if person_id in dataset.people
    ]
    return {"organizations": organizations, "memberships": memberships, "persons": persons}


def popolo_json(dataset: Dataset) -> str:
    """:func:`popolo` as indented JSON text, ending in a newline."""
    return json.dumps(popolo(dataset), indent=2, ensure_ascii=False) + "\n"


# -- iCalendar --------------------------------------------------------------------------
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

    Meetings have dates but no times, so each is an all-day event
    (``DTSTART;VALUE=DATE`` and the next day as ``DTEND``), marked
    ``TRANSP:TRANSPARENT`` so it does not block the day; no time zone is
    claimed, so no VTIMEZONE is needed. ``UID`` is
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
    (offset +00:00 all year; see :func:`_empty_calendar_component`), which no
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
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + dt.timedelta(days=1))
            event.add("sequence", MEETING_SEQUENCE[meeting.status])
            event.add("summary", _text(record.name))
            event.add("status", MEETING_STATUS[meeting.status])
            event.add("transp", "TRANSPARENT")
            agenda, minutes = https(meeting.agenda), https(meeting.minutes)
            if agenda:
                event.add("url", agenda)
            lines = [f"Agenda: {agenda}"] if agenda else []
            lines += [f"Minutes: {minutes}"] if minutes else []
            if lines:
                event.add("description", _text("\n".join(lines)))
            feed.add_component(event)
    if not feed.subcomponents:
        whose = f"for {dataset.boards[board].record.name}" if board else "for any board"
        feed.add("x-wr-caldesc", _text(f"The data lists no meetings {whose}."))
        feed.add_component(_empty_calendar_component())
    text: str = feed.to_ical().decode("utf-8")
    return text


def _empty_calendar_component() -> Any:
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


# -- the entry point --------------------------------------------------------------------
def export(
    root: Path | str,
    fmt: Format,
    *,
    as_of: dt.date,
    current: bool = False,
    board: str | None = None,
) -> Exported:
    """Load the partnership under ``root`` and write it in ``fmt``.

    ``current``: only the seats current on ``as_of`` (csv, xlsx). ``board``:
    only that board's meetings (ics). ``as_of`` also dates the calendar's
    DTSTAMP. Records with errors are left out and counted in ``data_errors``.
    A past ``as_of`` reads the data as it stood that day, from git
    (:func:`history.dataset_on`).
    """
    from .history.sources import dataset_on

    dataset = dataset_on(root, as_of).dataset
    if board is not None and board not in dataset.boards:
        if board in dataset.broken.get("boards", set()):
            raise ThpError(f"board {quote(board)} has errors and could not be read; run thp validate")
        raise ThpError(
            Flag("board"), f" {quote(board)} is no board{did_you_mean(board, list(dataset.boards))}"
        )
    on = as_of if current else None
    writers: dict[str, Callable[[], str | bytes]] = {
        "csv": lambda: seats_csv(seats(dataset, on)),
        "xlsx": lambda: seats_xlsx(seats(dataset, on), dataset),
        "popolo": lambda: popolo_json(dataset),
        "ics": lambda: calendar(dataset, as_of, board),
    }
    content = writers[fmt]()
    errors = sum(1 for finding in dataset.findings if finding.severity is Severity.ERROR)
    return Exported(content, errors)
