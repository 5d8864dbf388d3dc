"""The seats as spreadsheet rows: one row per seat, and the CSV text Excel reads.

A cell a spreadsheet would run as a formula gets a ``'`` in front (:func:`neutralise`),
which ``thp import csv`` takes off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset.records import Dataset

SEAT_COLUMNS = (
    "board", "board_name", "role", "organisation", "organisation_name",
    "position", "elected_member", "person", "since", "until",
)  # fmt: skip
BOARD_COLUMNS = ("id", "name", "kind", "statutory", "reports_to", "status")

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
