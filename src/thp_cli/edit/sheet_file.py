"""A seats sheet as read from its file: CSV or Excel workbook bytes, bounded, into rows by column.

The reading half of ``thp import csv|xlsx`` (:mod:`thp_cli.edit.sheets` is the other):
the file is opened without following links or waiting on pipes, its size and the
workbook's unpacked size and cell count are bounded, and every cell is text. What
cannot be read is a :class:`Problem` at its row and column, never a guess.
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

from ..errors import ThpError
from ..export.seats import SEAT_COLUMNS, formula_like
from ..text import clean

if TYPE_CHECKING:
    from ..dataset.records import Dataset

SheetFormat = Literal["csv", "xlsx"]
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_SHOWN = 30
REQUIRED = ("board", "role", "organisation", "position", "elected_member", "person", "since", "until")
IGNORED = ("board_name", "organisation_name", "person_name")  # shown to officers; the ids are what count
SEAT_SHEET = (*SEAT_COLUMNS, "person_name")  # the workbook's seats sheet has the holder's name too


@dataclass(frozen=True)
class Problem:
    """Something wrong in the sheet: its row (as a spreadsheet numbers it, the header is 1) and column."""

    row: int
    column: str
    message: str
    sheet: str = ""  # the workbook's sheet, where it has more than the seats sheet

    def __str__(self) -> str:
        where = (
            (f"sheet {self.sheet}, " if self.sheet else "")
            + f"row {self.row}"
            + (f", column {clean(self.column, 60)}" if self.column else "")
        )
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Row:
    """One row of the sheet, as text by column name."""

    number: int
    cells: dict[str, str]


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

    :func:`thp_cli.yamlio.bounds.read_regular` opens it without following a symbolic link and without
    blocking, and checks the opened descriptor: a pipe, socket or device (a FIFO, ``<(...)``
    in a shell, ``/dev/zero``), even one swapped in for the file while thp runs, is refused
    instead of waited on. Here the refusal is put in the words of an import.
    """
    import errno

    from ..yamlio.bounds import NotRegularFileError, read_regular

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

    from ..yamlio.bounds import what_it_is

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


def read_sheet(path: Path) -> bytes:
    """The sheet's bytes (see :func:`read_input`); ThpError if it is larger than thp reads."""
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
    from ..yamlio.textbytes import sniff

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


OTHER_SHEETS = ("Meetings", "Recommendations", "Indicators")  # the workbook's sheets besides its seats


def read_xlsx(raw: bytes, name: str) -> Table:
    """The rows of the workbook's "Seats" sheet (else its first sheet): see :func:`read_workbook`."""
    tables = read_workbook(raw, name)
    return tables.get("Seats") or Table()


def read_workbook(raw: bytes, name: str) -> dict[str, Table]:
    """The rows of the workbook's sheets "Meetings", "Recommendations" and "Indicators", where it
    has them, and of its sheet "Seats" (or, in a workbook with none of these, of its first sheet),
    by sheet name. Each cell as text:
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
            names = book.sheetnames
            tables = {title: _xlsx_table(book, book[title], name) for title in OTHER_SHEETS if title in names}
            if "Seats" in names or not tables:
                tables["Seats"] = _xlsx_table(book, book["Seats"] if "Seats" in names else sheets[0], name)
            return tables
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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 1e300 stays 1e+300, not 301 digits a spreadsheet never held
    return str(value)


def sheet_rows(
    table: Table,
    columns: tuple[str, ...] = SEAT_SHEET,
    required: tuple[str, ...] = REQUIRED,
    sheet: str = "",
) -> tuple[list[Row], list[Problem]]:
    """The header (row 1) checked against ``columns`` (``required`` must be there), and the rows
    under it that are not blank, by column name.

    A value in a column with no heading, or a cell that could not be read, is a problem at its
    row and column (of ``sheet``, named in the problem where given).
    """
    rows, problems = _sheet_rows(table, columns, required)
    if not sheet:
        return rows, problems
    return rows, [
        Problem(p.row, p.column, p.message.replace("export csv", "export xlsx"), sheet) for p in problems
    ]


def _sheet_rows(
    table: Table, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[Row], list[Problem]]:
    from ..text import did_you_mean

    rows = table.rows
    if not rows and not table.unreadable:
        return [], [Problem(1, "", "the sheet is empty: it needs the header row of thp export csv")]
    first = rows[0][1] if rows and rows[0][0] == 1 else {}
    header = {index: text.strip().lower() for index, text in sorted(first.items()) if text.strip()}
    problems = []
    known = set(columns)
    seen: set[str] = set()
    for name in header.values():
        if name not in known:
            hint = did_you_mean(name, columns)
            problems.append(Problem(1, name, f"thp does not know this column{hint}"))
        elif name in seen:
            problems.append(Problem(1, name, "this column is in the header twice"))
        seen.add(name)
    missing = [name for name in required if name not in seen]
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


def cell_board(text: str, dataset: Dataset, problem: Any, made_by: str) -> None:
    """Give ``problem`` what is wrong with the board cell ``text``: empty, a board with errors, or
    no board of ``dataset`` (``made_by``: the command that writes the sheet, to copy ids from)."""
    from ..text import did_you_mean

    if not text:
        problem("board", f"empty: write the board's id, as {made_by} has it")
    elif text not in dataset.boards:
        if text in dataset.broken.get("boards", set()):
            problem("board", f"board '{text}' has errors and could not be read; run thp validate")
        else:
            problem("board", f"'{text}' is no board{did_you_mean(text, list(dataset.boards))}")


def cell_date(text: str, column: str, problem: Any) -> str | None:
    """The cell ``text`` of ``column`` as an ISO date; None, and the reason given to ``problem``
    (called with the column and the message), where it is not a date."""
    from pydantic_core import PydanticCustomError

    from ..dates import parse_date

    try:
        return parse_date(text).isoformat()
    except PydanticCustomError as error:
        problem(column, error.message())
        return None


def refuse(problems: list[Problem], name: str) -> ThpError:
    """The refusal of a sheet with ``problems``, the first of them listed one a line."""
    shown = "\n".join(f"  {p}" for p in problems[:MAX_SHOWN])
    more = f"\n  ... and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
    count = "a problem" if len(problems) == 1 else f"{len(problems)} problems"
    return ThpError(f"nothing was imported: {name} has {count}:\n{shown}{more}")
