"""``thp export ...``: the partnership for spreadsheets, open data and calendars.

Thin commands: options -> one call of :func:`thp_cli.export.export` -> the
bytes written atomically (or printed). openpyxl, icalendar and pydantic load
only when a command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .errors import ThpError, error_handler

if TYPE_CHECKING:
    from .export import Exported, Format

export_app = typer.Typer(
    name="export",
    help="Write the partnership out for spreadsheets, open data (Popolo) and calendars.",
    no_args_is_help=True,
)

# cli.py imports this module at its end to register export_app. If this module is imported
# first, the line below runs cli.py, which imports this module back: export_app must exist by
# then. Typer reads the annotations (strings until then) when the app runs.
from .cli import OutOption, RootOption, _as_of, _emit, _err, _read_note, _state, given_path  # noqa: E402

CurrentOption = Annotated[
    bool,
    typer.Option(
        "--current",
        help="Only the seats current on --as-of: started, and not past their until. Default: every seat.",
    ),
]
SeatsAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The day --current keeps the seats of (YYYY-MM-DD); a past day reads the data as "
        "it stood then: the last commit by that day (git). Default: today.",
        show_default=False,
    ),
]


def _run(
    fmt: Format,
    root: Path,
    as_of: str | None,
    *,
    current: bool = False,
    board: str | None = None,
) -> Exported:
    from .export import export

    if as_of is not None and fmt in ("csv", "xlsx") and not current:
        raise ThpError(
            f"--as-of says which day --current means; add --current to keep only the seats current on {as_of}"
        )
    on = _as_of(as_of)
    _read_note(root, on)
    return export(root, fmt, as_of=on, current=current, board=board)


def _warn(result: Exported) -> None:
    if result.data_errors:
        _err(
            f"thp: warning: the data has {result.data_errors} error(s); records that could not "
            "be read are left out. Run thp validate to see them."
        )


def _text(result: Exported, out: Path | None) -> None:
    assert isinstance(result.content, str)
    _emit(result.content, out)
    _warn(result)


@export_app.command("csv")
def export_csv(
    root: RootOption = Path("."),
    current: CurrentOption = False,
    as_of: SeatsAsOfOption = None,
    out: OutOption = None,
) -> None:
    """One row per seat, for a spreadsheet: board, board_name, role, organisation,
    organisation_name, position, elected_member, person, since, until.

    Rows go by board id, then as the board's file lists its seats. UTF-8 with a
    byte order mark, so Excel reads it right; true/false; dates YYYY-MM-DD. A
    cell that starts with = + - @ (or a tab) gets a ' in front, so a spreadsheet
    never runs it as a formula. No contact details: a person is their id.
    """
    with error_handler(_state["debug"], _err):
        _text(_run("csv", root, as_of, current=current), out)


@export_app.command("xlsx")
def export_xlsx(
    root: RootOption = Path("."),
    current: CurrentOption = False,
    as_of: SeatsAsOfOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            parser=given_path("file"),
            metavar="<file>",
            help="The .xlsx file to write (atomically).",
        ),
    ] = None,
) -> None:
    """An Excel workbook: the sheet "Seats" (the rows of thp export csv, with true/false as
    TRUE/FALSE cells and dates as date cells) and the sheet "Boards" (id, name, kind,
    statutory, reports_to, status). Needs --out.

    Text is stored as text, never as a formula. The same data gives the same bytes.
    """
    with error_handler(_state["debug"], _err):
        if out is None:
            raise ThpError("an XLSX workbook needs --out FILE (for example --out seats.xlsx)")
        result = _run("xlsx", root, as_of, current=current)
        assert isinstance(result.content, bytes)
        from .atomic import write_atomic

        try:
            write_atomic(out, result.content)
        except OSError as error:
            raise ThpError(f"cannot write {out}: {error.strerror or error}") from None
        _warn(result)


@export_app.command("popolo")
def export_popolo(root: RootOption = Path("."), out: OutOption = None) -> None:
    """Open data in the Popolo format (JSON): organizations (boards, with their kind and the
    board they report to, and member organisations, with their sector), memberships (one
    per seat) and persons (id and name only; never contact details).

    Printed unless --out is given; the same data gives the same bytes.
    """
    with error_handler(_state["debug"], _err):
        _text(_run("popolo", root, None), out)


@export_app.command("ics")
def export_ics(
    root: RootOption = Path("."),
    board: Annotated[
        str | None,
        typer.Option("--board", help="Only this board's meetings (its id).", show_default=False),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The day the feed is made (YYYY-MM-DD), its DTSTAMP; a past day reads the data "
            "as it stood then: the last commit by that day (git). Default: today.",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
) -> None:
    """A calendar feed (iCalendar, RFC 5545) of the boards' meetings, for Outlook, Google
    Calendar or a website.

    Each meeting is an all-day event (the data has dates, not times) named after its
    board: tentative when planned, confirmed when held, cancelled when cancelled, with
    the agenda's https link. Each keeps its UID from run to run, so a calendar that
    subscribes updates meetings instead of repeating them. With no meetings in the
    data the feed is still a valid calendar: it says so, and holds only a time zone.
    """
    with error_handler(_state["debug"], _err):
        _text(_run("ics", root, as_of, board=board), out)
