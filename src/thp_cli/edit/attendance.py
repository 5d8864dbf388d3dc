"""A meeting's attendance read from a sheet (``thp import attendance``) into its board's file.

Library first, as the seats sheet is (:mod:`thp_cli.edit.sheets`): :func:`import_attendance`
reads the sheet (CSV or Excel, through :mod:`thp_cli.edit.sheet_file`, with its bounds),
checks every row against the board's seats on the meeting's day, and only then sets the
meeting's ``attendance`` to the sheet's rows, in their order, through an edit session:
the ``attendance`` key's own lines are replaced (or added after the meeting's last key),
and every other byte of the file is kept. Any problem, named by its row and column,
refuses the whole import; so does a meeting that does not exist or is not held, and a
result that would not validate.

The sheet's columns are ``organisation``, ``role``, ``person``, ``attended`` and
``substitute``. A row names a seat as ``members:`` does: by its person, or by its
organisation and role; ``attended`` is present, apologies, absent or substitute; a
``substitute`` (who came instead, a role is enough) only with ``substitute``. A seat the
board had that day with no row is recorded as not there, as the data format reads a
held meeting's attendance; the result says which seats those are.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Flag, ThpError
from ..text import clean, did_you_mean, plural
from .sheet_file import Problem, Row

if TYPE_CHECKING:
    import datetime as dt

    from ..model import Board, Member
    from ..yamlio.emit import Data
    from .plans import Edit
    from .session import Session

COLUMNS = ("organisation", "role", "person", "attended", "substitute")
REQUIRED = ("attended",)
ATTENDED = ("present", "apologies", "absent", "substitute")
"""The data format's words for attendance (model.Attended; a test keeps the two equal)."""
KEYS = ("organisation", "role", "person", "attended", "substitute")
"""An attendance entry's keys in the data format's order."""


@dataclass
class AttendanceImported:
    """What an attendance import did (or, with ``check``, would do), in words."""

    board: str
    file: str
    said: list[str] = field(default_factory=list)
    not_there: list[str] = field(default_factory=list)  # seats that day with no row: recorded as not there
    written: bool = False


@dataclass(frozen=True)
class SheetEntry:
    """A row as an attendance entry, and the seat it names (its index among the board's seats)."""

    row: int
    seat: int
    fields: dict[str, str]


# -- checking the rows --------------------------------------------------------------------
def check_rows(
    rows: list[Row], board: Board, day: dt.date, people: set[str]
) -> tuple[list[SheetEntry], list[Problem]]:
    """Every row as an attendance entry of the board's meeting on ``day``, and every problem
    found in any of them (each at its row and column)."""
    entries: list[SheetEntry] = []
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for row in rows:
        found: list[Problem] = []
        entry = _entry(row, board, day, people, found)
        if entry is not None and entry.seat in seen:
            column = "person" if row.cells.get("person", "").strip() else "role"
            found.append(
                Problem(row.number, column, f"the same seat as row {seen[entry.seat]}; a seat has one row")
            )
        elif entry is not None:
            seen[entry.seat] = row.number
            if not found:
                entries.append(entry)
        problems += found
    return entries, problems


def _entry(
    row: Row, board: Board, day: dt.date, people: set[str], problems: list[Problem]
) -> SheetEntry | None:
    from ..field_types import one_line_problem

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row.number, column, clean(message, 400)))

    cell = {name: row.cells.get(name, "") for name in COLUMNS}
    attended = cell["attended"].strip().lower()
    if not attended:
        problem("attended", "empty: write present, apologies, absent or substitute")
    elif attended not in ATTENDED:
        hint = did_you_mean(attended, ATTENDED)
        problem("attended", f"'{attended}' is not one of present, apologies, absent or substitute{hint}")
    substitute = cell["substitute"].strip()
    if substitute and attended in ATTENDED and attended != "substitute":
        problem(
            "substitute",
            f"names who came instead, but attended is '{attended}': only a seat "
            "that sent a substitute has one (write substitute under attended, or empty this cell)",
        )
    elif substitute and (why := one_line_problem(substitute, "a substitute")) is not None:
        problem("substitute", why)
    role, person = cell["role"], cell["person"].strip()
    if role.strip() and (why := one_line_problem(role, "a role")) is not None:
        problem("role", why)
        return None
    if person and person not in people:
        problem("person", f"'{person}' is no person in people.yaml{did_you_mean(person, sorted(people))}")
        return None
    if not person and not role.strip():
        problem("role", "empty: name the seat by its role (and organisation), or by its person")
        return None
    seat = _seat(board, day, cell["organisation"].strip(), role, person, problem)
    if seat is None:
        return None
    fields = _fields(board, day, seat, person)
    fields["attended"] = attended
    if substitute:
        fields["substitute"] = substitute
    return SheetEntry(row.number, seat, fields)


def _seat(board: Board, day: dt.date, organisation: str, role: str, person: str, problem: Any) -> int | None:
    """The index of the one seat of ``board`` on ``day`` that the row names; None, with the
    problem said, where it names none or several."""
    from .selector import nfc

    current = [i for i, m in enumerate(board.members) if m.current(day)]

    def same_post(m: Member) -> bool:
        return nfc(m.role) == nfc(role) and (m.organisation or "") == organisation

    if person:
        found = [i for i in current if board.members[i].person == person]
        if role.strip():
            found = [i for i in found if same_post(board.members[i])]
    else:
        found = [i for i in current if same_post(board.members[i])]
    if len(found) == 1:
        return found[0]
    where = f"{board.name} on {day.isoformat()}"
    if found:
        problem("role", f"the row names {len(found)} seats of {where}: give the role and organisation too")
        return None
    if person:
        problem("person", f"{person} held no seat{' ' + repr(role) if role.strip() else ''} of {where}")
        return None
    named = f"'{role}'" + (f" of {organisation}" if organisation else " with no organisation")
    owners = sorted(
        {board.members[i].organisation or "" for i in current if nfc(board.members[i].role) == nfc(role)}
    )
    if owners:
        held = " or ".join(o or "no organisation" for o in owners)
        problem("organisation", f"{where} had no seat {named}: its seat of that role is of {held}")
        return None
    hint = did_you_mean(role, sorted({board.members[i].role for i in current}))
    problem("role", f"{where} had no seat {named}{hint}")
    return None


def _fields(board: Board, day: dt.date, seat: int, person: str) -> dict[str, str]:
    """How an entry names its seat: by its person where the row gives one (with the role and
    organisation too, where the person held several seats that day), else by organisation and role."""
    member = board.members[seat]
    post: dict[str, str] = {}
    if member.organisation:
        post["organisation"] = member.organisation
    post["role"] = member.role
    if not person:
        return post
    twice = sum(1 for m in board.members if m.current(day) and m.person == person) > 1
    return {**post, "person": person} if twice else {"person": person}


# -- the edit ----------------------------------------------------------------------------
def plan_attendance(session: Session, index: int, entries: list[Data]) -> Edit:
    """The edit that makes the attendance of the meeting at ``index`` be ``entries``: the
    ``attendance`` key's lines replaced (or, where the meeting has none, added after its
    last key), every other byte kept."""
    from ..yamlio.emit import flow_mapping, render_block
    from ..yamlio.locate import content_end, is_node, locate
    from ..yamlio.splice import Splice, Unusual, apply, insert_lines, line_end, line_start
    from .plans import Edit, list_entries

    body, eol = session.doc.body, session.doc.eol
    layout = locate(body, "meetings")
    nodes = [item.node for item in layout.items] if layout.kind == "block" else []
    if layout.kind == "flow":  # meetings: [{date: ..., status: held}, ...]
        nodes = list(layout.value.value)
    if not 0 <= index < len(nodes):
        raise Unusual("thp cannot find this meeting in its meetings list")
    node = nodes[index]
    if not is_node(node, "MappingNode"):
        raise Unusual("the meeting is not a mapping")
    pairs = list(node.value)
    if not pairs or not all(is_node(k, "ScalarNode") for k, _ in pairs):
        raise Unusual("the meeting has a key that is not plain text")
    new = copy.deepcopy(session.data)
    meeting = list_entries(new, "meetings")[index]
    meeting["attendance"] = entries
    new["meetings"] = [
        *list_entries(new, "meetings")[:index],
        meeting,
        *list_entries(new, "meetings")[index + 1 :],
    ]
    found = [(k, v) for k, v in pairs if k.value == "attendance"]
    if node.flow_style:
        text = "[" + ", ".join(flow_mapping(e) for e in entries) + "]"
        if found:
            key, value = found[0]
            end = content_end(body, value)
            return Edit(apply(body, [Splice(value.start_mark.index, end or value.end_mark.index, text)]), new)
        last_key, last_value = pairs[-1]
        at = content_end(body, last_value) or (last_key.end_mark.index + 1)
        return Edit(apply(body, [Splice(at, at, f", attendance: {text}")]), new)
    lines = render_block({"attendance": entries}, layout.items[index].keys)
    if found:
        key, value = found[0]
        start = line_start(body, key.start_mark.index)
        end = line_end(body, (content_end(body, value) or key.end_mark.index + 1) - 1)
        text = eol.join(lines) + (eol if body[start:end].endswith("\n") else "")
        return Edit(apply(body, [Splice(start, end, text)]), new)
    last_key, last_value = pairs[-1]
    at = line_end(body, (content_end(body, last_value) or last_key.end_mark.index + 1) - 1)
    return Edit(apply(body, [insert_lines(body, at, lines, eol)]), new)


# -- the entry point ---------------------------------------------------------------------
def read_rows(path: Path) -> tuple[list[Row], str]:
    """The sheet's rows (a workbook's first sheet, or a CSV file, told apart by their bytes),
    and its name for messages; ThpError naming every problem of its header and cells."""
    from .sheet_file import read_csv, read_sheet, read_xlsx, refuse, sheet_rows

    raw = read_sheet(path)
    name = clean(path.name, 200)
    table = read_xlsx(raw, name) if raw.startswith(b"PK\x03\x04") else read_csv(raw, name)
    rows, problems = sheet_rows(table, COLUMNS, REQUIRED)
    if not problems and rows and not ({"role", "person"} & set(rows[0].cells)):
        problems = [
            Problem(1, "", "the header needs the column role (with organisation), or person, to name seats")
        ]
    if problems:
        raise refuse([_said(p) for p in problems], name)
    if not rows:
        raise ThpError(f"nothing was imported: {name} has no rows under its header: nothing to record")
    return rows, name


def _said(problem: Problem) -> Problem:
    """A problem of the header in the words of this sheet (the seats sheet's say thp export csv)."""
    message = problem.message.replace("start from thp export csv", "the columns are " + ", ".join(COLUMNS))
    message = message.replace("the header row of thp export csv", "a header row: " + ", ".join(COLUMNS))
    return Problem(problem.row, problem.column, message, problem.sheet)


def import_attendance(
    root: Path | str, path: Path, board: str, date: str, *, check: bool = False
) -> AttendanceImported:
    """Record the attendance the sheet at ``path`` gives for the meeting of ``board`` on ``date``;
    with ``check``, write nothing. ThpError (nothing written) if any row has a problem, the
    meeting is not there or not held, or the result would bring in an error."""
    import datetime as dt

    from ..dataset.source import data_dir
    from .meetings import find_meeting, meeting_command
    from .plans import list_entries
    from .seats import check_date
    from .selector import label
    from .session import open_board, refuse_new_errors
    from .sheet_file import refuse

    day = check_date(Flag("date"), date)
    assert day is not None
    root = Path(os.path.abspath(root))
    data_dir(root)
    rows, name = read_rows(path)
    session = open_board(root, board)
    located = session.dataset.boards.get(board)
    if located is None or not located.judged("members"):
        raise ThpError(f"{session.named} has errors in its seats; run thp validate, fix them, and try again")
    index = find_meeting(session, day)
    status = list_entries(session.data, "meetings")[index].get("status")
    if status != "held":
        then = (
            f"; once it has been, record it with {meeting_command('set', board, day)} --status held"
            if status == "planned"
            else ""
        )
        raise ThpError(
            f"the meeting of {day} on {session.named} is {clean(str(status), 40)}, not held: "
            f"attendance is recorded only for a meeting held{then}. Nothing was changed"
        )
    record, when = located.record, dt.date.fromisoformat(day)
    entries, problems = check_rows(rows, record, when, set(session.dataset.people))
    if problems:
        raise refuse(problems, name)
    wanted = [e.fields for e in entries]
    done = AttendanceImported(board, session.file)
    listed = {e.seat for e in entries}
    done.not_there = [
        label(m.model_dump(exclude_none=True))
        for i, m in enumerate(record.members)
        if m.current(when) and i not in listed
    ]
    meeting = list_entries(session.data, "meetings")[index]
    if meeting.get("attendance") == wanted:
        return done
    tally = {word: sum(e["attended"] == word for e in wanted) for word in ATTENDED}
    counts = ", ".join(f"{n} {word}" for word, n in tally.items() if n)
    verb = "replaced" if meeting.get("attendance") else "recorded"
    done.said.append(
        f"{verb} the attendance of the meeting of {day} on {session.named}: "
        f"{plural(len(wanted), 'seat')} ({counts})"
    )
    plan = session.planned(lambda: plan_attendance(session, index, wanted))
    new = session.checked(plan)
    refuse_new_errors(session.root, session.dataset, {session.file: new})
    if not check:
        session.write(new)
        done.written = True
    return done
