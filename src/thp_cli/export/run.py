"""``thp export`` as a library call: load ``data/`` once, and write it in the format asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..findings import Severity
from .calendar import calendar
from .indicators import indicator_rows, indicators_csv
from .popolo import popolo_json
from .seats import (
    seats,
    seats_csv,
)
from .workbook import seats_xlsx

Format = Literal["csv", "xlsx", "popolo", "ics"]
Sheet = Literal["seats", "indicators"]
"""What a CSV export holds: one row per seat, or one per indicator's value."""


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
    sheet: Sheet = "seats",
) -> Exported:
    """Load the partnership under ``root`` and write it in ``fmt``.

    ``current``: only the seats current on ``as_of`` (csv, xlsx). ``board``:
    only that board's meetings (ics). ``sheet``: the seats or the indicators' values (csv).
    ``as_of`` also dates the calendar's
    DTSTAMP. Records with errors are left out and counted in ``data_errors``.
    A past ``as_of`` reads the data as it stood that day, from git
    (:func:`history.dataset_on`).
    """
    from ..history.sources import dataset_on

    dataset = dataset_on(root, as_of).dataset
    dataset.check_board(board)
    on = as_of if current else None
    writers: dict[str, Callable[[], str | bytes]] = {
        "csv": lambda: (
            indicators_csv(indicator_rows(dataset))
            if sheet == "indicators"
            else seats_csv(seats(dataset, on))
        ),
        "xlsx": lambda: seats_xlsx(seats(dataset, on), dataset),
        "popolo": lambda: popolo_json(dataset),
        "ics": lambda: calendar(dataset, as_of, board),
    }
    content = writers[fmt]()
    errors = sum(1 for finding in dataset.findings if finding.severity is Severity.ERROR)
    return Exported(content, errors)
