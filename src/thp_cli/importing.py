"""The seats sheet (``thp export csv|xlsx``, edited in a spreadsheet) read back into the board files.

Library first: :func:`import_seats` reads the sheet, checks every row, works
out for each board the seats added, removed and changed, and writes them
through :mod:`thp_cli.editing`, the layer behind ``thp member``: only the
lines of what changed are touched, every other byte of a file is kept.

A seat is matched by its identity, as ``Member.seat`` has it: its person
where one is named, else its organisation and role. So a row whose person,
or (with no person) whose organisation or role, differs from the file's is a
seat removed and another added. A board the sheet has no row for is left
alone; a seat of a board the sheet does name, but that has no row, is removed.

Everything is checked before anything is written: one problem anywhere
refuses the whole import, each problem named by the sheet's row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import ThpError
from .export import FORMULA_START, SEAT_COLUMNS
from .findings import clean

if TYPE_CHECKING:
    from .editing import Changes, Data, Session
    from .repository import Dataset

SheetFormat = Literal["csv", "xlsx"]
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_SHOWN = 30
REQUIRED = ("board", "role", "organisation", "position", "elected_member", "person", "since", "until")
IGNORED = ("board_name", "organisation_name")  # shown to officers; the ids are what count
POSITIONS = ("chair", "co-chair", "vice-chair", "member", "adviser", "secretariat")
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0", "")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the sheet: its row (as a spreadsheet numbers it, the header is 1) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Row:
    """One row of the sheet, as text by column name."""

    number: int
    cells: dict[str, str]


@dataclass
class BoardChanges:
    """What the sheet changes on one board, in words, and the file's new bytes."""

    board: str
    file: str
    said: list[str] = field(default_factory=list)
    new: bytes | None = None


@dataclass
class Imported:
    """What an import did (or, with ``check``, would do)."""

    boards: list[BoardChanges]
    untouched: list[str]  # boards in the data that the sheet has no row for
    written: bool

    @property
    def changes(self) -> int:
        return sum(len(b.said) for b in self.boards)


# -- reading the sheet --------------------------------------------------------------------
def _read(path: Path) -> bytes:
    from .loader import read_regular

    try:
        raw = read_regular(path, MAX_SHEET_BYTES + 1)
    except OSError as error:
        raise ThpError(f"cannot read {path}: {error.strerror or error}") from None
    if len(raw) > MAX_SHEET_BYTES:
        raise ThpError(f"{path} is larger than {MAX_SHEET_BYTES // (1024 * 1024)} MB; thp does not read it")
    return raw


def read_csv(raw: bytes, name: str) -> list[list[str]]:
    """The sheet's rows: UTF-8 with or without a byte order mark, cells split by ``,`` or ``;``
    (whichever the header row has more of). The ``'`` that ``thp export csv`` puts before a cell
    a spreadsheet would run as a formula is taken off again."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThpError(
            f"{name} is not UTF-8; in Excel choose Save As, then CSV UTF-8 (Comma delimited), and try again"
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise ThpError(f"{name} cannot be read as CSV: {error}") from None
    return [[_unneutralise(cell) for cell in row] for row in rows]


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    """The rows of the workbook's "Seats" sheet (else its first sheet), each cell as text:
    TRUE/FALSE as true/false, a date cell as YYYY-MM-DD, a whole number without ``.0``."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ThpError(f"{name} cannot be read as an Excel workbook (.xlsx): {error}") from None
    try:
        sheet = book["Seats"] if "Seats" in book.sheetnames else book.worksheets[0]
        return [[_xlsx_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(table: list[list[str]]) -> tuple[list[Row], list[Problem]]:
    """The header checked, and the rows that are not blank, by column name."""
    from .schema_errors import did_you_mean

    if not table:
        return [], [Problem(1, "", "the sheet is empty: it needs the header row of thp export csv")]
    header = [cell.strip().lower() for cell in table[0]]
    problems = []
    known = set(SEAT_COLUMNS)
    for index, name in enumerate(header):
        if name and name not in known:
            hint = did_you_mean(name, SEAT_COLUMNS)
            problems.append(Problem(1, name, f"thp does not know this column{hint}"))
        elif name and header.index(name) != index:
            problems.append(Problem(1, name, "this column is in the header twice"))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(
            Problem(1, "", f"the header lacks the column(s) {', '.join(missing)}; start from thp export csv")
        )
    if problems:
        return [], problems
    rows = []
    for number, cells in enumerate(table[1:], 2):
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(Problem(number, "", "this row has more cells than the header has columns"))
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        if any(v.strip() for v in values.values()):
            rows.append(Row(number, values))
    return rows, problems


# -- checking the rows ----------------------------------------------------------------------
@dataclass(frozen=True)
class SheetSeat:
    """A row as a seat of a board: the keys a board file would have for it."""

    row: int
    board: str
    fields: dict[str, Any]


def check_rows(rows: list[Row], dataset: Dataset) -> tuple[list[SheetSeat], list[Problem]]:
    """Every row as a seat, and every problem found in any of them."""
    seats, problems = [], []
    for row in rows:
        found: list[Problem] = []
        seat = _seat(row, dataset, found)
        problems += found
        if seat is not None and not found:
            seats.append(seat)
    problems += _duplicates(seats)
    return seats, problems


def _seat(row: Row, dataset: Dataset, problems: list[Problem]) -> SheetSeat | None:
    from .editing import _control
    from .schema_errors import did_you_mean

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row.number, column, clean(message, 400)))

    board = row.cells["board"].strip()
    if not board:
        problem("board", "empty: write the board's id, as thp export csv has it")
    elif board not in dataset.boards:
        if board in dataset.broken.get("boards", set()):
            problem("board", f"board '{board}' has errors and could not be read; run thp validate")
        else:
            problem("board", f"'{board}' is no board{did_you_mean(board, list(dataset.boards))}")
    role = row.cells["role"]
    if not role.strip():
        problem("role", "empty: every seat needs its role")
    elif any(_control(c) for c in role):
        problem("role", "contains a control character; write it as one line of plain text")
    fields: dict[str, Any] = {"role": role}
    for column, kind in (("organisation", "organisations"), ("person", "people")):
        value = row.cells[column].strip()
        if value:
            noun = (
                "organisation in organisations.yaml" if kind == "organisations" else "person in people.yaml"
            )
            if not dataset.exists(kind, value):
                hint = did_you_mean(value, [str(k) for k in getattr(dataset, kind)])
                problem(column, f"'{value}' is no {noun}{hint}")
            fields[column] = value
    position = row.cells["position"].strip().lower() or "member"
    if position not in POSITIONS:
        hint = did_you_mean(position, POSITIONS)
        problem("position", f"'{position}' is not a position{hint or ''}; use one of {', '.join(POSITIONS)}")
    fields["position"] = position
    elected = row.cells["elected_member"].strip().lower()
    if elected not in _TRUE + _FALSE:
        problem("elected_member", f"'{elected}' is not true or false")
    fields["elected_member"] = elected in _TRUE
    for column in ("since", "until"):
        text = row.cells[column].strip()
        if text:
            date = _date(text, column, problem)
            if date is not None:
                fields[column] = date
    since, until = fields.get("since"), fields.get("until")
    if since and until and until < since:
        problem("until", f"{until} is before since ({since})")
    return SheetSeat(row.number, board, fields) if board else None


def _date(text: str, column: str, problem: Any) -> str | None:
    from pydantic_core import PydanticCustomError

    from .model import parse_date

    try:
        return parse_date(text).isoformat()
    except PydanticCustomError as error:
        problem(column, error.message())
        return None


def _duplicates(seats: list[SheetSeat]) -> list[Problem]:
    from .editing import identity, label

    first: dict[tuple[str, tuple[str, ...] | None], int] = {}
    problems = []
    for seat in seats:
        key = (seat.board, identity(seat.fields))
        if key in first:
            column = "person" if seat.fields.get("person") else "role"
            problems.append(
                Problem(
                    seat.row,
                    column,
                    f"the same seat of {seat.board} as row {first[key]} ({label(seat.fields)}); "
                    "a board has each seat once",
                )
            )
        else:
            first[key] = seat.row
    return problems


def refuse(problems: list[Problem], name: str) -> ThpError:
    shown = "\n".join(f"  {p}" for p in problems[:MAX_SHOWN])
    more = f"\n  ... and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
    count = "a problem" if len(problems) == 1 else f"{len(problems)} problems"
    return ThpError(f"nothing was imported: {name} has {count}:\n{shown}{more}")


# -- one board: the seats the sheet gives it, against its file --------------------------------
def plan_board(session: Session, wanted: list[SheetSeat]) -> BoardChanges:
    """The edits that make the board's seats those of ``wanted``, worked out and made in one pass
    over the file (:func:`thp_cli.editing.plan_edits`): changes, then additions, then removals.

    A row is the seat of the file with its identity. A row that matches none, and a seat that
    no row matches, with the same organisation and role, are one seat whose holder changed:
    it is changed in place, as ``thp member set --new-person`` does, so the keys the sheet has
    no column for (``sources``, ``note``) and the seat's comments are kept."""
    from .editing import Edits, _as_data, _planned, _said, _Unusual, identity, label, plan_edits

    result = BoardChanges(session.board, session.file)
    try:
        seats = [_as_data(seat) for seat in session.seats]
    except _Unusual as why:
        raise session.unusual(str(why)) from None
    index_of: dict[tuple[str, ...] | None, int] = {}
    for index, seat in enumerate(seats):
        mine = identity(seat)
        if mine in index_of:
            raise ThpError(
                f"{session.file} has the seat {label(seat)} twice; "
                "make it one seat by hand (thp validate shows where), then import again"
            )
        index_of[mine] = index
    by_identity = {identity(s.fields): s for s in wanted}
    matched: dict[int, SheetSeat] = {}
    for index, seat in enumerate(seats):
        row = by_identity.get(identity(seat))
        if row is not None:
            matched[index] = row
    rows_left = [s for s in wanted if identity(s.fields) not in index_of]
    matched.update(_same_post(seats, matched, rows_left))
    paired = {id(row) for row in matched.values()}
    changes: dict[int, Changes] = {}
    for index in sorted(matched):
        seat, row = seats[index], matched[index]
        differences = _differences(seat, row.fields)
        if differences:
            changes[index] = differences
            result.said.append(f"changed the seat {label(seat)}: {_said(seat, differences)}")
    added = [s for s in wanted if id(s) not in paired]
    removed = [i for i in range(len(seats)) if i not in matched]
    result.said += [f"added the seat {label(_new_seat(s), ',')} as {s.fields['position']}" for s in added]
    result.said += [f"removed the seat {label(seats[i])}" for i in removed]
    if not result.said:
        return result
    edits = Edits(changes, frozenset(removed), tuple(_new_seat(s) for s in added))
    plan = _planned(session, lambda: plan_edits(session.doc, session.layout, session.data, edits))
    result.new = session.checked(plan)
    return result


def _same_post(
    seats: list[Data], matched: dict[int, SheetSeat], rows: list[SheetSeat]
) -> dict[int, SheetSeat]:
    """Seats no row matches paired with rows no seat matches that name the same organisation and
    role, in the order of each (the first such seat with the first such row)."""
    from collections import deque

    from .editing import post

    waiting: dict[tuple[str, str], deque[SheetSeat]] = {}
    for row in rows:
        waiting.setdefault(post(row.fields), deque()).append(row)
    pairs: dict[int, SheetSeat] = {}
    for index, seat in enumerate(seats):
        if index not in matched:
            queue = waiting.get(post(seat))
            if queue:
                pairs[index] = queue.popleft()
    return pairs


def _new_seat(seat: SheetSeat) -> Data:
    """A sheet's seat as ``thp member add`` writes one: the default position and
    ``elected_member: false`` are written, the rest only where given."""
    fields = seat.fields
    out: Data = {"role": fields["role"]}
    if "organisation" in fields:
        out["organisation"] = fields["organisation"]
    out["position"] = fields["position"]
    if fields["elected_member"]:
        out["elected_member"] = True
    for key in ("person", "since", "until"):
        if key in fields:
            out[key] = fields[key]
    return out


def _differences(seat: Data, row: dict[str, Any]) -> Changes:
    """What the row changes on a seat: a value that differs, or a key the row leaves empty."""
    from .editing import CLEAR, DEFAULTS, FIELDS

    out: Changes = {}
    for key in FIELDS:
        current = seat.get(key)
        if key not in row:
            if current is not None and key not in DEFAULTS:
                out[key] = CLEAR
            continue
        value = row[key]
        have = current if current is not None else DEFAULTS.get(key)
        if have != value:
            out[key] = value
    return out


# -- the entry point --------------------------------------------------------------------
def import_seats(root: Path | str, path: Path, fmt: SheetFormat, *, check: bool = False) -> Imported:
    """Read the sheet at ``path`` into the boards under ``root``; with ``check``, write nothing.

    ThpError (nothing written) if the sheet has any problem, or an edit cannot be made safely.
    """
    from .editing import open_board, refuse_new_errors, write_files
    from .repository import data_dir, load_dataset

    root = Path(os.path.abspath(root))
    data_dir(root)
    raw = _read(path)
    name = clean(path.name, 200)
    table = read_csv(raw, name) if fmt == "csv" else read_xlsx(raw, name)
    rows, problems = sheet_rows(table)
    if problems:
        raise refuse(problems, name)
    dataset = load_dataset(root)
    seats, problems = check_rows(rows, dataset)
    if problems:
        raise refuse(sorted(problems, key=lambda p: p.row), name)
    by_board: dict[str, list[SheetSeat]] = {}
    for seat in seats:
        by_board.setdefault(seat.board, []).append(seat)
    sessions = {board: open_board(root, board, dataset) for board in sorted(by_board)}
    planned = [plan_board(sessions[board], by_board[board]) for board in sorted(by_board)]
    changed = [b for b in planned if b.said]
    untouched = sorted(set(dataset.boards) - set(by_board))
    if changed:
        refuse_new_errors(root, dataset, {b.file: b.new for b in changed if b.new is not None})
    if check or not changed:
        return Imported(changed, untouched, written=False)
    write_files([(sessions[b.board], b.new) for b in changed if b.new is not None])
    return Imported(changed, untouched, written=True)
