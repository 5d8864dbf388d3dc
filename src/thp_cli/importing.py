"""The seats sheet (``thp export csv|xlsx``, edited in a spreadsheet) read back into the board files.

Library first: :func:`import_seats` reads the sheet, checks every row, works
out for each board the seats added, removed and changed, and writes them
through :mod:`thp_cli.editing`, the layer behind ``thp member``: only the
lines of what changed are touched, every other byte of a file is kept.

A seat is matched by its identity: its organisation, role and person (one
person may hold two seats on a board). A row that matches no seat, and a seat
no row matches, with the same organisation and role, are one seat whose holder
changed, changed in place; any other row whose organisation or role differs
from the file's is a seat removed and another added. A board the sheet has no
row for is left alone; a seat of a board the sheet does name, but that has no
row, is removed.

Everything is checked before anything is written: one problem anywhere
refuses the whole import, each problem named by the sheet's row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import ThpError
from .export import SEAT_COLUMNS, formula_like
from .text import clean

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
        where = f"row {self.row}" + (f", column {clean(self.column, 60)}" if self.column else "")
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
Cells = dict[int, str]  # a row's cells that are not empty, by column index (0 is column A)


@dataclass
class Table:
    """A sheet as read: its rows that hold anything, by their number as a spreadsheet numbers them
    (so a blank row leaves a gap), and the cells that could not be read as text (a formula with
    no value, an error such as ``#REF!``) as (row, column index, why)."""

    rows: list[tuple[int, Cells]] = field(default_factory=list)
    unreadable: list[tuple[int, int, str]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """A column's name in a spreadsheet: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_input(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the file at ``path``; ThpError at once unless it is a regular file.

    :func:`loader.read_regular` opens it without following a symbolic link and without
    blocking, and checks the opened descriptor: a pipe, socket or device (a FIFO, ``<(...)``
    in a shell, ``/dev/zero``), even one swapped in for the file while thp runs, is refused
    instead of waited on. Here the refusal is put in the words of an import.
    """
    import errno

    from .loader import NotRegularFileError, read_regular

    shown = clean(str(path), 200)
    try:
        return read_regular(path, limit)
    except NotRegularFileError as error:
        if error.mode is not None:
            raise ThpError(
                f"{shown} is {_kind(error.mode)}, not a file; save what it holds as a file, import that"
            ) from None
        if os.path.islink(path):
            raise ThpError(_link(path, shown)) from None
        raise ThpError(
            f"{shown} is a socket or a device, not a file; save what it holds as a file, import that"
        ) from None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(path):
            raise ThpError(_link(path, shown)) from None
        if error.errno == errno.ENOENT:
            raise ThpError(f"there is no file {shown}") from None
        raise ThpError(f"cannot read {shown}: {error.strerror or error}") from None


def _kind(mode: int) -> str:
    """What was opened instead of a sheet, in words (a pipe is what ``<(...)`` gives)."""
    import stat

    from .loader import what_it_is

    return "a pipe (as a FIFO or <(...) in a shell is)" if stat.S_ISFIFO(mode) else what_it_is(mode)


def _link(path: Path, shown: str) -> str:
    """Why a symbolic link is refused, in words: what it points to is looked at, never opened."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return f"{shown} is a symbolic link to nothing that exists; thp reads only a file itself"
    if stat.S_ISREG(mode):
        target = clean(os.path.realpath(path), 200)
        return f"{shown} is a symbolic link; thp does not follow links: import the file itself, {target}"
    return f"{shown} is a symbolic link to {_kind(mode)}; save what it holds as a file, import that"


def _read(path: Path) -> bytes:
    raw = read_input(path, MAX_SHEET_BYTES + 1)
    if len(raw) > MAX_SHEET_BYTES:
        shown = clean(str(path), 200)
        raise ThpError(f"{shown} is larger than {MAX_SHEET_BYTES // (1024 * 1024)} MB; thp does not read it")
    return raw


_CSV_ERRORS = (
    ("expected after '\"'", 'a quote (") inside a cell must be doubled (""), or the cell put in quotes'),
    ("unexpected end of data", 'a cell opens a quote (") that is never closed'),
    ("field larger than field limit", "a cell is longer than {limit} characters"),
    ("line contains nul", "the line holds a NUL byte; save the sheet again as CSV UTF-8"),
)


def read_csv(raw: bytes, name: str) -> Table:
    """The sheet's rows: UTF-8 with or without a byte order mark, cells split by ``,`` or ``;``
    (whichever the header row has more of), each row numbered as a spreadsheet would show it.
    The ``'`` that ``thp export csv`` puts before a cell is taken off again (:func:`unneutralise`).
    A line the CSV reader cannot read is refused with its row and line."""
    from .textbytes import sniff

    trouble = sniff(raw, zeros=False)  # UTF-16, UTF-32, a byte that is not UTF-8: said in words
    if trouble is not None:
        raise ThpError(
            f"{name} is not UTF-8 ({trouble.said}); in Excel choose Save As, then CSV UTF-8 "
            "(Comma delimited), and try again"
        )
    text = raw.decode("utf-8-sig")
    header = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    table = Table()
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            header = table.rows[0][1] if table.rows and table.rows[0][0] == 1 else {}
            problem = _csv_problem(error, text, delimiter, (line, reader.line_num), number + 1, header)
            raise refuse([problem], name) from None
        number += 1
        kept = {index: unneutralise(cell) for index, cell in enumerate(cells) if cell}
        if kept:
            table.rows.append((number, kept))
    return table


def _csv_problem(
    error: csv.Error, text: str, delimiter: str, lines: tuple[int, int], row: int, header: Cells
) -> Problem:
    """What the CSV reader could not read, in words, at its row, lines and (where it can be
    told) column."""
    said = clean(str(error), 200)
    for key, message in _CSV_ERRORS:
        if key in said.lower():
            said = message.format(limit=csv.field_size_limit())
            break
    first, last = lines[0], max(lines)
    record = "".join(io.StringIO(text, newline="").readlines()[first - 1 : last])
    index = _broken_cell(record, delimiter)
    column = "" if index is None else (header.get(index, "").strip().lower() or column_letter(index))
    where = f"line {first}" if last == first else f"lines {first}-{last}"
    return Problem(row, column, f"cannot be read as CSV ({where}): {said}")


def _broken_cell(record: str, delimiter: str) -> int | None:
    """The index of the cell where ``record`` breaks the rules of quoting (a quote closed before
    the cell ends, or never closed), as Python's strict CSV reader applies them; None if none."""
    index, quoted, fresh, i = 0, False, True, 0
    while i < len(record):
        char = record[i]
        if quoted:
            if char == '"':
                if record[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
                    if record[i + 1 : i + 2] not in (delimiter, "\r", "\n", ""):
                        return index
        elif char == delimiter:
            index, fresh = index + 1, True
        elif char == '"' and fresh:
            quoted, fresh = True, False
        elif char in "\r\n":
            return None
        else:
            fresh = False
        i += 1
    return index if quoted else None


def unneutralise(cell: str) -> str:
    """The inverse of :func:`thp_cli.export.neutralise`: one ``'`` taken off a cell that export
    neutralised, and any other cell left exactly as it is."""
    return cell[1:] if cell.startswith("'") and formula_like(cell[1:]) else cell


MAX_XLSX_UNPACKED = 100 * 1024 * 1024
MAX_CELLS = 1_000_000


def read_xlsx(raw: bytes, name: str) -> Table:
    """The rows of the workbook's "Seats" sheet (else its first sheet), each cell as text:
    TRUE/FALSE as true/false, a date cell as YYYY-MM-DD, a whole number without ``.0``.

    Only the rows and cells the sheet holds are read: the range the sheet declares (its
    ``<dimension>``, which an editor may leave stale) is not trusted. A formula is read as the
    value it last showed; one saved without a value, or a cell showing an error, is noted as
    unreadable. A workbook that unpacks to more than 100 MB, or holds more than a million cells,
    is refused.
    """
    import warnings
    import zipfile

    from openpyxl import load_workbook

    def refused(why: object) -> ThpError:
        return ThpError(f"{name} cannot be read as an Excel workbook (.xlsx): {clean(str(why), 200)}")

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise refused(error) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ThpError(
            f"{name} unpacks to more than {MAX_XLSX_UNPACKED // (1024 * 1024)} MB; thp does not read it"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of what it does not support; it is not the user's
        try:
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except ThpError:
            raise
        except Exception as error:  # noqa: BLE001 - a hostile workbook can fail anywhere inside openpyxl
            raise refused(error) from None
        try:
            sheets = book.worksheets
            if not sheets:
                raise ThpError(f"{name} has no sheet; save the seats as thp export xlsx does")
            sheet = book["Seats"] if "Seats" in book.sheetnames else sheets[0]
            return _xlsx_table(book, sheet, name)
        except ThpError:
            raise
        except Exception as error:  # noqa: BLE001
            raise refused(error) from None
        finally:
            book.close()


def _xlsx_table(book: Any, sheet: Any, name: str) -> Table:
    """The sheet's rows, read from its XML as it streams: never the declared range."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        """openpyxl's parser with cached values, that tells a formula with no value from an empty cell."""

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["data_type"] = "formula"
            return cell

    table = Table()
    held = 0  # cells kept
    with sheet._get_source() as source:
        parser = Parser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            kept: Cells = {}
            for cell in cells:
                index = cell["column"] - 1
                if cell["data_type"] == "formula":
                    table.unreadable.append((number, index, "a formula saved without its value"))
                elif cell["data_type"] == "e":
                    shown = clean(str(cell["value"]), 40)
                    table.unreadable.append((number, index, f"the cell shows the error {shown}"))
                else:
                    text = _xlsx_cell(cell["value"])
                    if text:
                        kept[index] = text
            held += len(kept)
            if held + len(table.unreadable) > MAX_CELLS:
                raise ThpError(f"{name} holds more than {MAX_CELLS} cells; thp does not read it")
            if kept:
                table.rows.append((number, kept))
    table.rows.sort(key=lambda row: row[0])
    return table


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


def sheet_rows(table: Table) -> tuple[list[Row], list[Problem]]:
    """The header (row 1) checked, and the rows under it that are not blank, by column name.

    A value in a column with no heading, or a cell that could not be read, is a problem at its
    row and column.
    """
    from .text import did_you_mean

    rows = table.rows
    if not rows and not table.unreadable:
        return [], [Problem(1, "", "the sheet is empty: it needs the header row of thp export csv")]
    first = rows[0][1] if rows and rows[0][0] == 1 else {}
    header = {index: text.strip().lower() for index, text in sorted(first.items()) if text.strip()}
    problems = []
    known = set(SEAT_COLUMNS)
    seen: set[str] = set()
    for name in header.values():
        if name not in known:
            hint = did_you_mean(name, SEAT_COLUMNS)
            problems.append(Problem(1, name, f"thp does not know this column{hint}"))
        elif name in seen:
            problems.append(Problem(1, name, "this column is in the header twice"))
        seen.add(name)
    missing = [name for name in REQUIRED if name not in seen]
    if missing:
        problems.append(
            Problem(1, "", f"the header lacks the column(s) {', '.join(missing)}; start from thp export csv")
        )
    if problems:
        return [], problems

    def column(index: int) -> str:
        return header.get(index) or column_letter(index)

    problems += [Problem(number, column(index), why) for number, index, why in table.unreadable]
    found = []
    for number, cells in rows:
        if number == 1:
            continue
        stray = [i for i, text in cells.items() if i not in header and text.strip()]
        if stray:
            problems += [
                Problem(number, column_letter(i), "this cell has a value but its column has no heading")
                for i in sorted(stray)
            ]
            continue
        values = {name: cells.get(index, "") for index, name in header.items()}
        if any(v.strip() for v in values.values()):
            found.append(Row(number, values))
    problems.sort(key=lambda p: p.row)
    return found, problems


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
    from .model import one_line_problem
    from .text import did_you_mean

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
    elif (why := one_line_problem(role, "a role")) is not None:  # the model's own check
        problem("role", why)
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
    """A row that repeats an earlier row's seat (organisation, role and person) for a time the
    earlier row's term covers too: the duplicate-seat rule's judgement, by row. The same seat
    held again later, each term with its own dates, is two rows."""
    from .editing import identity, label, terms_overlap

    earlier: dict[tuple[str, tuple[str, ...] | None], list[SheetSeat]] = {}
    problems = []
    for seat in seats:
        same = earlier.setdefault((seat.board, identity(seat.fields)), [])
        first = next((other for other in same if terms_overlap(other.fields, seat.fields)), None)
        if first is not None:
            column = "person" if seat.fields.get("person") else "role"
            problems.append(
                Problem(
                    seat.row,
                    column,
                    f"the same seat of {seat.board} as row {first.row} ({label(first.fields)}); "
                    "a board has each seat once (if it was held twice, give each term its since and until)",
                )
            )
        same.append(seat)
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
    no column for (``sources``, ``note``) and the seat's comments are kept. A seat with errors
    (left out of the export) is kept as it is: no row can name it."""
    from .editing import Edits, _as_data, _planned, _said, _Unusual, identity, label, plan_edits

    result = BoardChanges(session.board, session.file)
    try:
        seats = [_as_data(seat) for seat in session.seats]
    except _Unusual as why:
        raise session.unusual(str(why)) from None
    unread = _unread(session, seats)
    # a seat held for two terms has its identity twice: each row pairs with the term it names
    rows_of: dict[tuple[str, ...] | None, list[SheetSeat]] = {}
    for row in wanted:
        rows_of.setdefault(identity(row.fields), []).append(row)
    seats_of: dict[tuple[str, ...] | None, list[int]] = {}
    for index, seat in enumerate(seats):
        if index not in unread:
            seats_of.setdefault(identity(seat), []).append(index)
    matched: dict[int, SheetSeat] = {}
    for key, indices in seats_of.items():
        matched.update(_pair(seats, indices, rows_of.get(key, [])))
    taken = {id(row) for row in matched.values()}
    rows_left = [row for row in wanted if id(row) not in taken]
    matched.update(_same_post(seats, {**matched, **dict.fromkeys(unread)}, rows_left))
    paired = {id(row) for row in matched.values()}
    changes: dict[int, Changes] = {}
    for index in sorted(matched):
        seat, row = seats[index], matched[index]
        differences = _differences(seat, row.fields)
        if differences:
            changes[index] = differences
            result.said.append(f"changed the seat {label(seat)}: {_said(seat, differences)}")
    added = [s for s in wanted if id(s) not in paired]
    removed = [i for i in range(len(seats)) if i not in matched and i not in unread]
    result.said += [f"added the seat {label(_new_seat(s), ',')} as {s.fields['position']}" for s in added]
    result.said += [f"removed the seat {label(seats[i])}" for i in removed]
    if not result.said:
        return result
    edits = Edits(changes, frozenset(removed), tuple(_new_seat(s) for s in added))
    plan = _planned(session, lambda: plan_edits(session.doc, session.layout, session.data, edits))
    result.new = session.checked(plan)
    return result


def _unread(session: Session, seats: list[Data]) -> set[int]:
    """The seats of the file that have errors (thp validate reports them): the export left them
    out, so no row can name them, and the import keeps them as they are, never removes them."""
    from pydantic import ValidationError

    from .model import Member

    located = session.dataset.boards.get(session.board)
    if located is not None and located.judged("members"):
        return set()
    unread = set()
    for index, seat in enumerate(seats):
        try:
            Member.model_validate(seat)
        except ValidationError:
            unread.add(index)
    return unread


def _same_post(
    seats: list[Data], matched: dict[int, SheetSeat | None], rows: list[SheetSeat]
) -> dict[int, SheetSeat]:
    """Seats no row matches paired with rows no seat matches that name the same organisation and
    role, in the order of each (the first such seat with the first such row)."""
    from .editing import post

    waiting: dict[tuple[str, str], list[SheetSeat]] = {}
    for row in rows:
        waiting.setdefault(post(row.fields), []).append(row)
    seats_of: dict[tuple[str, str], list[int]] = {}
    for index, seat in enumerate(seats):
        if index not in matched:
            seats_of.setdefault(post(seat), []).append(index)
    pairs: dict[int, SheetSeat] = {}
    for key, indices in seats_of.items():
        pairs.update(_pair(seats, indices, waiting.get(key, [])))
    return pairs


def _pair(seats: list[Data], indices: list[int], rows: list[SheetSeat]) -> dict[int, SheetSeat]:
    """The seats ``indices`` (of one identity, or one post) paired with ``rows`` (of the same):
    first each seat with a row that gives its term (its since and until), then the seats left
    with the rows left, in the order of each. So a sheet whose rows were sorted or moved pairs
    every term with its own row, and its own sources and comments stay with it."""
    from collections import deque

    def term(fields: dict[str, Any]) -> tuple[str, str]:
        return (str(fields.get("since") or ""), str(fields.get("until") or ""))

    by_term: dict[tuple[str, str], deque[SheetSeat]] = {}
    for row in rows:
        by_term.setdefault(term(row.fields), deque()).append(row)
    pairs: dict[int, SheetSeat] = {}
    rest = []
    for index in indices:
        queue = by_term.get(term(seats[index]))
        if queue:
            pairs[index] = queue.popleft()
        else:
            rest.append(index)
    taken = {id(row) for row in pairs.values()}
    pairs.update(zip(rest, (row for row in rows if id(row) not in taken), strict=False))
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
    from .editing import CLEAR, DEFAULTS, FIELDS, _nfc

    out: Changes = {}
    for key in FIELDS:
        current = seat.get(key)
        if key not in row:
            if current is not None and key not in DEFAULTS:
                out[key] = CLEAR
            continue
        value = row[key]
        have = current if current is not None else DEFAULTS.get(key)
        if have != value and not (
            isinstance(have, str) and isinstance(value, str) and _nfc(have) == _nfc(value)
        ):
            out[key] = value  # (text the same in NFC, as the model reads it, is the same)
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
