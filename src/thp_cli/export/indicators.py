"""The plan's indicators as spreadsheet rows: one row per value recorded, and the CSV text Excel reads.

The rows of the workbook's sheet "Indicators" and of ``thp export csv --sheet indicators``;
``thp import xlsx|csv`` reads them back (:mod:`thp_cli.edit.indicator_sheet`). A date is kept
as the data writes it: a month ``YYYY-MM`` stays a month (text), a day is a day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .seats import neutralise

if TYPE_CHECKING:
    from ..dataset.records import Dataset

INDICATOR_COLUMNS = ("indicator", "title", "owner", "unit", "date", "value", "note")
"""The columns of the indicators sheet; ``title``, ``owner`` and ``unit`` are there to read by."""
INDICATOR_REQUIRED = ("indicator", "date", "value", "note")
"""The columns the import reads, which an indicators sheet must have (a note column missing
would read as every note removed)."""


def indicator_rows(dataset: Dataset) -> list[tuple[Any, ...]]:
    """One row per value of every indicator that could be read, by indicator id, its values
    oldest first (two of one date as the file lists them): the indicator's id, title, owner
    (a board id) and unit, and the value's date (a :class:`~thp_cli.dates.Month` or a day),
    figure and note. An indicator with no value has one row with no date, value or note, for
    an officer to fill in."""
    rows: list[tuple[Any, ...]] = []
    for indicator_id in sorted(dataset.indicators):
        record = dataset.indicators[indicator_id].record
        about = (record.id, record.title, record.owner, record.unit)
        values = sorted(record.values, key=lambda v: v.date)
        rows += [(*about, v.date, v.value, v.note) for v in values] or [(*about, None, None, None)]
    return rows


def figure(value: float) -> str:
    """A figure written exactly, as people write it: 12 for 12.0, 0.00001 never in exponent form."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return figure(float(value))  # never a formula: digits, a point, a minus sign
    if isinstance(value, dt.date):
        return value.isoformat()  # a month's is YYYY-MM
    return neutralise(str(value))


def indicators_csv(rows: Iterable[Sequence[Any]]) -> str:
    """The rows of :func:`indicator_rows` as CSV text for Excel, as :func:`thp_cli.export.seats.seats_csv`
    writes the seats: a byte order mark, CRLF, dates as the data writes them (``YYYY-MM`` or
    ``YYYY-MM-DD``), figures in plain digits, and a ``'`` before text a spreadsheet would run
    as a formula."""
    buffer = io.StringIO(newline="")
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(INDICATOR_COLUMNS)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
