"""The partnership written out for spreadsheets, open data and calendars: one module per format.

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

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import Flag, ThpError
from ..findings import Severity
from ..text import did_you_mean, quote
from .calendar import MEETING_SEQUENCE, MEETING_STATUS, PRODID, REPLACEMENT, calendar, https, slug
from .popolo import popolo, popolo_json
from .seats import (
    BOARD_COLUMNS,
    FORMULA_START,
    SEAT_COLUMNS,
    Seat,
    formula_like,
    neutralise,
    seats,
    seats_csv,
)
from .workbook import XLSX_EPOCH, seats_xlsx

__all__ = [
    "BOARD_COLUMNS", "FORMULA_START", "MEETING_SEQUENCE", "MEETING_STATUS", "PRODID", "REPLACEMENT",
    "SEAT_COLUMNS", "XLSX_EPOCH", "Exported", "Format", "Seat", "calendar", "export", "formula_like",
    "https", "neutralise", "popolo", "popolo_json", "seats", "seats_csv", "seats_xlsx", "slug",
]  # fmt: skip

Format = Literal["csv", "xlsx", "popolo", "ics"]


@dataclass(frozen=True)
class Exported:
    """What an export wrote, and how many errors the data had (records with errors are left out)."""

    content: str | bytes
    data_errors: int


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
    from ..history.sources import dataset_on

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
