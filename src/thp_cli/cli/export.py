"""``thp export ...``: the partnership for spreadsheets, open data and calendars.

Thin commands: options -> one call of :func:`thp_cli.export.export` -> the
bytes written atomically (or printed). openpyxl, icalendar and pydantic load
only when a command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ..errors import ThpError
from .options import (
    AsOfOption,
    Commands,
    Group,
    OutOption,
    RootOption,
    as_of_date,
    data_errors_warning,
    emit,
    out_option,
    read_note,
)

if TYPE_CHECKING:
    from ..export.run import Format, Sheet


CurrentOption = Annotated[
    bool,
    typer.Option(
        "--current",
        help="Only the seats current on --as-of: started, and not past their until. Default: every seat.",
    ),
]


SheetOption = Annotated[
    Literal["seats", "indicators"],
    typer.Option(
        "--sheet",
        help="seats: one row per seat. indicators: one row per value of each of the plan's "
        "indicators (one empty row for an indicator with none), read back by thp import csv.",
    ),
]


def _export(
    fmt: Format,
    root: Path,
    as_of: str | None,
    out: Path | None,
    *,
    current: bool = False,
    board: str | None = None,
    sheet: Sheet = "seats",
) -> None:
    """Export the data in ``fmt``, print it or write it to ``out``, and warn of data errors."""
    from ..export.run import export

    if sheet == "indicators" and (current or as_of is not None):
        given = "--current" if current else "--as-of"
        raise ThpError(
            f"{given} chooses seats; --sheet indicators has every value of every indicator: leave {given} out"
        )
    if as_of is not None and fmt in ("csv", "xlsx") and not current:
        raise ThpError(
            f"--as-of says which day --current means; add --current to keep only the seats current on {as_of}"
        )
    on = as_of_date(as_of)
    read_note(root, on)
    result = export(root, fmt, as_of=on, current=current, board=board, sheet=sheet)
    emit(result.content, out)
    data_errors_warning(result.data_errors)


def csv(
    root: RootOption = Path("."),
    sheet: SheetOption = "seats",
    current: CurrentOption = False,
    as_of: AsOfOption = None,
    out: OutOption = None,
) -> None:
    """One row per seat, for a spreadsheet: board, board_name, role, organisation,
    organisation_name, position, elected_member, person, since, until.

    Rows go by board id, then as the board's file lists its seats. UTF-8 with a
    byte order mark, so Excel reads it right; true/false; dates YYYY-MM-DD. A
    cell that starts with = + - @ (or a tab) gets a ' in front, so a spreadsheet
    never runs it as a formula. No contact details: a person is their id.

    With --sheet indicators, one row per value of each of the plan's indicators
    instead: indicator, title, owner, unit, date, value, note (title, owner and unit
    are there to read by), by indicator id, values oldest first; an indicator with
    no value has one row with date, value and note empty, to fill in. A date is as
    the data writes it (YYYY-MM for a month, YYYY-MM-DD for a day); figures in plain
    digits. thp import csv reads it back.
    """
    _export("csv", root, as_of, out, current=current, sheet=sheet)


def xlsx(
    root: RootOption = Path("."),
    current: CurrentOption = False,
    as_of: AsOfOption = None,
    out: Annotated[Path | None, out_option("The .xlsx file to write (atomically).")] = None,
) -> None:
    """The Excel workbook an officer keeps: the sheets "Seats" (the rows of thp export csv,
    with the holder's name as person_name beside person, true/false as TRUE/FALSE cells and
    dates as date cells, and drop-down lists for position and organisation), "Boards" (id,
    name, kind, statutory, reports_to, status), "Meetings" (board, date, status, time, venue,
    agenda, minutes), "Recommendations" (recommendation, action, title, due, status,
    last_update, note) and "Indicators" (the rows of thp export csv --sheet indicators: a
    day as a date cell, a month YYYY-MM as text). thp import xlsx reads it back. Needs --out.

    Text is stored as text, never as a formula. No contact details. The same data gives the
    same bytes.
    """
    if out is None:
        raise ThpError("an XLSX workbook needs --out FILE (for example --out seats.xlsx)")
    _export("xlsx", root, as_of, out, current=current)


def popolo(root: RootOption = Path("."), out: OutOption = None) -> None:
    """Open data in the Popolo format (JSON): organizations (boards, with their kind and the
    board they report to, and member organisations, with their sector), memberships (one
    per seat) and persons (id and name only; never contact details).

    Printed unless --out is given; the same data gives the same bytes.
    """
    _export("popolo", root, None, out)


def ics(
    root: RootOption = Path("."),
    board: Annotated[
        str | None,
        typer.Option("--board", help="Only this board's meetings (its id).", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
) -> None:
    """A calendar feed (iCalendar, RFC 5545) of the boards' meetings, for Outlook, Google
    Calendar or a website.

    Each meeting is an event named after its board: at its time (UK local time, with a
    time zone for Europe/London) where the data gives one, else all day; at its venue;
    tentative when planned, confirmed when held, cancelled when cancelled, with the
    agenda's https link. Each keeps its UID from run to run, so a calendar that
    subscribes updates meetings instead of repeating them. With no meetings in the
    data the feed is still a valid calendar: it says so, and holds only a time zone.
    The feed is made on --as-of (its DTSTAMP).
    """
    _export("ics", root, as_of, out, board=board)


COMMANDS: Commands = [
    ("csv", csv),
    ("xlsx", xlsx),
    ("popolo", popolo),
    ("ics", ics),
]
GROUP = Group(
    "export", "Write the partnership out for spreadsheets, open data (Popolo) and calendars.", COMMANDS
)
"""The group of commands this module holds, for the app to register."""
