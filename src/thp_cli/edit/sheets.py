"""The seats sheet (``thp export csv|xlsx``, edited in a spreadsheet) read back into the board files.

Library first: :func:`import_seats` reads the sheet, checks every row, works
out for each board the seats added, removed and changed, and writes them
through :mod:`thp_cli.edit.session`, the layer behind ``thp member``: only the
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

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import clean
from .sheet_file import (
    Problem,
    Row,
    SheetFormat,
    Table,
    cell_board,
    cell_date,
    read_csv,
    read_sheet,
    read_xlsx,
    refuse,
    sheet_rows,
)

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..yamlio.emit import Data
    from .plans import Changes
    from .session import Session

POSITIONS = ("chair", "co-chair", "vice-chair", "member", "adviser", "secretariat")
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0", "")


@dataclass
class BoardChanges:
    """What the sheet changes on one board, in words, and the file's new bytes."""

    board: str
    file: str
    said: list[str] = field(default_factory=list)
    new: bytes | None = None
    what: str = "board"  # or "recommendation": the workbook's tracker changes those files


@dataclass
class Imported:
    """What an import did (or, with ``check``, would do)."""

    boards: list[BoardChanges]
    untouched: list[str]  # boards in the data that the sheet has no row for
    written: bool

    @property
    def changes(self) -> int:
        """How many changes, over every board."""
        return sum(len(b.said) for b in self.boards)


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
    from ..field_types import one_line_problem
    from ..text import did_you_mean
    from .seats import REFERENCED

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row.number, column, clean(message, 400)))

    board = row.cells["board"].strip()
    cell_board(board, dataset, problem, "thp export csv")
    role = row.cells["role"]
    if not role.strip():
        problem("role", "empty: every seat needs its role")
    elif (why := one_line_problem(role, "a role")) is not None:  # the model's own check
        problem("role", why)
    fields: dict[str, Any] = {"role": role}
    for column, kind in (("organisation", "organisations"), ("person", "people")):
        value = row.cells[column].strip()
        if value:
            noun = REFERENCED[kind]
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
            date = cell_date(text, column, problem)
            if date is not None:
                fields[column] = date
    since, until = fields.get("since"), fields.get("until")
    if since and until and until < since:
        problem("until", f"{until} is before since ({since})")
    return SheetSeat(row.number, board, fields) if board else None


def _duplicates(seats: list[SheetSeat]) -> list[Problem]:
    """A row that repeats an earlier row's seat (organisation, role and person) for a time the
    earlier row's term covers too: the duplicate-seat rule's judgement, by row. The same seat
    held again later, each term with its own dates, is two rows."""
    from .selector import identity, label, terms_overlap

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


# -- one board: the seats the sheet gives it, against its file --------------------------------
def plan_board(session: Session, wanted: list[SheetSeat]) -> BoardChanges:
    """The edits that make the board's seats those of ``wanted``, worked out and made in one pass
    over the file (:func:`thp_cli.edit.plans.edit_list`): changes, then additions, then removals.

    A row is the seat of the file with its identity. A row that matches none, and a seat that
    no row matches, with the same organisation and role, are one seat whose holder changed:
    it is changed in place, as ``thp member set --new-person`` does, so the keys the sheet has
    no column for (``sources``, ``note``) and the seat's comments are kept. A seat with errors
    (left out of the export) is kept as it is: no row can name it."""
    from .plans import ListEdits, as_data, edit_list
    from .seats import changes_said
    from .selector import identity, label

    result = BoardChanges(session.board, session.file)
    seats = session.planned(lambda: [as_data(seat) for seat in session.seats])
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
            result.said.append(f"changed the seat {label(seat)}: {changes_said(seat, differences)}")
    added = [s for s in wanted if id(s) not in paired]
    removed = [i for i in range(len(seats)) if i not in matched and i not in unread]
    result.said += [f"added the seat {label(_new_seat(s), ',')} as {s.fields['position']}" for s in added]
    result.said += [f"removed the seat {label(seats[i])}" for i in removed]
    if not result.said:
        return result
    edits = ListEdits(changes, frozenset(removed), tuple(_new_seat(s) for s in added))
    plan = session.planned(lambda: edit_list(session.doc, session.layout, session.data, edits))
    result.new = session.checked(plan)
    return result


def _unread(session: Session, seats: list[Data]) -> set[int]:
    """The seats of the file that have errors (thp validate reports them): the export left them
    out, so no row can name them, and the import keeps them as they are, never removes them."""
    from pydantic import ValidationError

    from ..model import Member

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
    from .selector import post

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
    from .plans import CLEAR, FIELDS
    from .seats import DEFAULTS
    from .selector import nfc

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
            isinstance(have, str) and isinstance(value, str) and nfc(have) == nfc(value)
        ):
            out[key] = value  # (text the same in NFC, as the model reads it, is the same)
    return out


# -- the entry point --------------------------------------------------------------------
def import_seats(root: Path | str, path: Path, fmt: SheetFormat, *, check: bool = False) -> Imported:
    """Read the sheet at ``path`` into the boards under ``root``; with ``check``, write nothing.

    ThpError (nothing written) if the sheet has any problem, or an edit cannot be made safely.
    """
    from ..dataset.source import data_dir

    data_dir(Path(os.path.abspath(root)))
    raw = read_sheet(path)
    name = clean(path.name, 200)
    table = read_csv(raw, name) if fmt == "csv" else read_xlsx(raw, name)
    return import_table(root, table, name, check=check)


def import_table(root: Path | str, table: Table, name: str, *, check: bool = False) -> Imported:
    """Read the seats sheet ``table`` (of the file ``name``) into the boards under ``root``; with
    ``check``, write nothing (see :func:`import_seats`)."""
    from ..dataset.load import load_dataset
    from .session import open_board, refuse_new_errors, write_files

    root = Path(os.path.abspath(root))
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
