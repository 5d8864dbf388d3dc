"""The workbook an officer keeps (``thp export xlsx``): seats, boards, meetings, the tracker
and the indicators' values.

Every text cell is stored as text, never as a formula; dates are date cells (an indicator's
month, ``YYYY-MM``, is text, as the data writes it); the workbook's dates and its zip entries'
times are fixed, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import astuple
from typing import TYPE_CHECKING, Any

from ..dates import Month
from ..inert import xml_text
from .indicators import INDICATOR_COLUMNS, indicator_rows
from .seats import BOARD_COLUMNS, SEAT_COLUMNS, Seat

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..dataset.records import Dataset

# Fixed workbook dates and zip entry times, so an XLSX file depends only on the data.
XLSX_EPOCH = dt.datetime(1980, 1, 1)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# The columns of the workbook's sheets, as its header rows name them (documented in the README).
WORKBOOK_SEAT_COLUMNS = (*SEAT_COLUMNS[:8], "person_name", *SEAT_COLUMNS[8:])
MEETING_COLUMNS = ("board", "date", "status", "time", "venue", "agenda", "minutes")
TRACKER_COLUMNS = ("recommendation", "action", "title", "due", "status", "last_update", "note")
LISTS = "Lists"  # the hidden sheet the drop-down lists read


def seats_xlsx(rows: Sequence[Seat], dataset: Dataset) -> bytes:
    """The workbook an officer keeps: the sheets "Seats", "Boards", "Meetings",
    "Recommendations" and "Indicators", and a hidden sheet "Lists" that the drop-down lists read.

    "Seats" has the rows of :func:`seats_csv` with ``person_name`` (the name people.yaml gives
    the holder; never a contact detail) beside ``person``, and drop-down lists for ``position``
    and ``organisation`` (the organisations' ids). "Meetings" has one row per meeting, by board
    and date; "Recommendations" one row per action of each recommendation (the tracker): its
    status and its last update's date and note. The status columns have drop-down lists too.
    "Indicators" has the rows of :func:`thp_cli.export.indicators.indicator_rows`: a value's
    day is a date cell, its month (``YYYY-MM``) a text cell, and the date column's text cells
    and empty cells are formatted as text, so that a month typed there stays a month.

    Each sheet has a bold, frozen header row, a filter and column widths.
    Booleans are boolean cells (TRUE/FALSE, so filters and formulas work) and
    dates are date cells shown as YYYY-MM-DD. Every text cell is stored as
    text, never as a formula, so no ``'`` is needed and the text is exact;
    characters an XLSX file cannot hold (control characters) become U+FFFD.
    The workbook's created and modified dates and the zip entries' times are
    fixed, so the same data gives the same bytes.
    """
    from typing import get_args

    from openpyxl import Workbook

    from ..field_types import ActionStatus, MeetingStatus, Position

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Seats"
    _fill(sheet, WORKBOOK_SEAT_COLUMNS, [_seat_row(row, dataset) for row in rows])
    boards = [dataset.boards[b].record for b in sorted(dataset.boards)]
    _fill(
        book.create_sheet("Boards"),
        BOARD_COLUMNS,
        [(b.id, b.name, b.kind, b.statutory, ", ".join(b.reports_to), b.status) for b in boards],
    )
    meetings = book.create_sheet("Meetings")
    _fill(meetings, MEETING_COLUMNS, meeting_rows(dataset))
    tracker = book.create_sheet("Recommendations")
    _fill(tracker, TRACKER_COLUMNS, tracker_rows(dataset))
    _indicators(book.create_sheet("Indicators"), dataset)
    lists = {
        "position": list(get_args(Position)),
        "organisation": sorted(dataset.organisations),
        "meeting status": list(get_args(MeetingStatus)),
        "action status": list(get_args(ActionStatus)),
    }
    ranges = _lists(book, lists)
    _choose(sheet, WORKBOOK_SEAT_COLUMNS, "position", ranges["position"], len(rows))
    _choose(sheet, WORKBOOK_SEAT_COLUMNS, "organisation", ranges["organisation"], len(rows))
    _choose(meetings, MEETING_COLUMNS, "status", ranges["meeting status"], meetings.max_row - 1)
    _choose(tracker, TRACKER_COLUMNS, "status", ranges["action status"], tracker.max_row - 1)
    book.properties.creator = "thp"
    book.properties.created = book.properties.modified = XLSX_EPOCH
    return _save(book)


def _seat_row(seat: Seat, dataset: Dataset) -> tuple[Any, ...]:
    person = dataset.people.get(seat.person or "")
    values = astuple(seat)
    return (*values[:8], person.record.name if person else None, *values[8:])


def meeting_rows(dataset: Dataset) -> list[tuple[Any, ...]]:
    """One row per meeting of every board that could be read, by board id, then by date (a
    board's meetings of one day as its file lists them)."""
    rows = []
    for board_id in sorted(dataset.boards):
        record = dataset.boards[board_id].record
        for meeting in sorted(record.meetings, key=lambda m: m.date):
            where = (meeting.time, meeting.venue, meeting.agenda, meeting.minutes)
            rows.append((board_id, meeting.date, meeting.status, *where))
    return rows


def tracker_rows(dataset: Dataset) -> list[tuple[Any, ...]]:
    """One row per action of every recommendation that could be read, by recommendation number
    then as its file lists the actions: its status (empty where none is recorded) and the date
    and note of its last update."""
    rows = []
    records = sorted((r.record for r in dataset.recommendations.values()), key=lambda r: (r.number, r.id))
    for record in records:
        for action in record.actions:
            last = action.updates[-1] if action.updates else None
            due = "ongoing" if action.ongoing and action.due is None else action.due
            said = (last.date, last.note) if last else (None, None)
            rows.append((record.id, action.number, action.title, due, action.status, *said))
    return rows


def _indicators(sheet: Worksheet, dataset: Dataset) -> None:
    """The sheet "Indicators": a month written as text, and the date column's cells that are
    not date cells formatted as text (``@``), so that Excel keeps a month typed there as it is."""
    rows = indicator_rows(dataset)
    _fill(sheet, INDICATOR_COLUMNS, [[v.isoformat() if isinstance(v, Month) else v for v in r] for r in rows])
    column = INDICATOR_COLUMNS.index("date") + 1
    for row in range(2, len(rows) + 2):
        cell = sheet.cell(row, column)
        if not isinstance(cell.value, dt.date):
            cell.number_format = "@"


def _lists(book: Any, lists: dict[str, list[str]]) -> dict[str, str]:
    """The drop-down lists written one a column of the hidden sheet "Lists"; each list's range."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(LISTS)
    sheet.sheet_state = "hidden"
    ranges = {}
    for column, (name, values) in enumerate(lists.items(), 1):
        sheet.cell(1, column, name)
        for row, value in enumerate(values, 2):
            cell = sheet.cell(row, column, xml_text(value))
            cell.data_type = "s"
        letter = get_column_letter(column)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    return ranges


def _choose(sheet: Worksheet, header: Sequence[str], column: str, source: str, rows: int) -> None:
    """A drop-down list (data validation) on ``column`` of the sheet, for its rows and as many
    again below them, so a row added at the end has it too. An empty cell is allowed."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(header.index(column) + 1)
    check = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
    check.error = f"Choose a {column} from the list."
    check.errorTitle = f"Not a {column}"
    check.add(f"{letter}2:{letter}{2 * max(rows, 1) + 100}")
    sheet.add_data_validation(check)


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
