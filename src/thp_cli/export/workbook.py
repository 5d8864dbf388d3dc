"""The workbook an officer keeps (``thp export xlsx``): seats, boards, meetings and the tracker.

Every text cell is stored as text, never as a formula; dates are date cells; the
workbook's dates and its zip entries' times are fixed, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import astuple
from typing import TYPE_CHECKING, Any

from ..inert import xml_text
from .seats import BOARD_COLUMNS, SEAT_COLUMNS, Seat

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..dataset import Dataset

# Fixed workbook dates and zip entry times, so an XLSX file depends only on the data.
XLSX_EPOCH = dt.datetime(1980, 1, 1)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


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
