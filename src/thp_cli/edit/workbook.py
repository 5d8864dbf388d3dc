"""The workbook (``thp export xlsx``, kept by an officer) read back into the data files.

Library first: :func:`import_workbook` reads the workbook's sheets "Seats" (as
:mod:`thp_cli.edit.sheets` does for a seats sheet), "Meetings", "Recommendations" and
"Indicators", checks every row of every sheet (:mod:`thp_cli.edit.workbook_rows`,
:mod:`thp_cli.edit.indicator_sheet`), works out the edits of each board file, recommendation
file and indicator file, and writes them all at once or none
(:func:`thp_cli.edit.session.write_files`). A board file the seats and the meetings both
change is edited once, the meetings' edit made on the text the seats' edit gives.

The meetings' and the tracker's edits are splices of the file's text made with the shared
edit machinery (:func:`thp_cli.edit.plans.edit_list`, :mod:`thp_cli.yamlio.splice`): only the
lines of what changed are touched, every other byte and comment is kept.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import clean
from .sheets import BoardChanges, Imported

if TYPE_CHECKING:
    from ..yamlio.emit import Data
    from .plans import Changes, Edit
    from .session import Session
    from .sheet_file import Problem, Table
    from .sheets import SheetSeat
    from .workbook_rows import MeetingRow, Progress


# -- meetings ------------------------------------------------------------------------------
def plan_meetings(session: Session, rows: list[MeetingRow]) -> tuple[list[str], Edit | None]:
    """The words and the edit that make the board's meetings what ``rows`` (one a date) say: a
    row changes the meeting of its date (the first, in a file that lists two that day), or adds
    one; a meeting no row names is kept. Each meeting is changed or added as
    ``thp meeting set`` or ``add`` does it (:mod:`thp_cli.edit.meetings`), one after another."""
    from .meetings import MEETING_KEYS, added_said, plan_add, plan_change
    from .plans import CLEAR, Edit, list_entries
    from .seats import changes_said

    entries = list_entries(session.data, "meetings")
    by_day: dict[str, int] = {}
    for at, entry in enumerate(entries):
        if isinstance(entry, dict) and "date" in entry:
            by_day.setdefault(str(entry["date"]), at)
    said: list[str] = []
    added: list[Data] = []
    step = session
    for row in rows:
        day = row.fields["date"]
        index = by_day.get(day)
        if index is None:  # none that day: one added (check_meetings allows one row a day)
            added.append(dict(row.fields))
            said.append(f"added the meeting of {day}: {added_said(row.fields)}")
            continue
        wanted: Changes = {key: row.fields.get(key, CLEAR) for key in MEETING_KEYS[1:]}
        changes, plan = plan_change(step, index, wanted)
        if plan is not None:  # a change keeps every meeting's place: indexes hold
            said.append(f"changed the meeting of {day}: {changes_said(entries[index], changes)}")
            step = step.after(plan)
    for entry in added:
        step = step.after(plan_add(step, entry))
    return (said, Edit(step.doc.body, step.data)) if said else ([], None)


# -- the tracker -------------------------------------------------------------------------------
def plan_steps(session: Session, steps: list[Progress]) -> tuple[list[str], Edit]:
    """The words and the edit that record ``steps`` in a recommendation's file: each action's
    progress recorded as ``thp action status`` records it (:func:`thp_cli.edit.records.plan_progress`),
    one after another."""
    from .plans import Edit, list_entries
    from .records import plan_progress, progress_said

    entries = list_entries(session.data, "actions")
    index_of = {str(e.get("number")): i for i, e in enumerate(entries) if isinstance(e, dict)}
    said: list[str] = []
    step = session
    for progress in steps:
        index = index_of[progress.action]
        update = progress.update
        step = step.after(plan_progress(step, index, progress.status, update))
        words = progress_said(entries[index].get("status"), update.get("status"), update.get("note"))
        said.append(f"recorded progress on action {progress.action} on {update['date']}, {words}")
    return said, Edit(step.doc.body, step.data)


def _after(session: Session, new: bytes) -> Session:
    """The session as if its file were ``new`` (a first edit's result), for a second edit."""
    from ..yamlio.load import load_text
    from ..yamlio.splice import Document

    doc = Document.decode(new, session.file)
    loaded = load_text(session.file, doc.body)
    assert loaded.data is not None  # checked when the first edit was made
    return replace(session, doc=doc, data=loaded.data)


# -- the entry point --------------------------------------------------------------------
def import_workbook(
    root: Path | str, path: Path, *, check: bool = False, today: dt.date | None = None
) -> Imported:
    """Read the workbook at ``path`` into the files under ``root``; with ``check``, write nothing.
    ``today`` dates a tracker update whose row gives no new date (default: today).

    ThpError (nothing written) if any sheet has any problem, or an edit cannot be made safely.
    """
    from ..dataset.load import load_dataset
    from ..dataset.source import data_dir
    from .indicator_sheet import INDICATORS, check_values, plan_indicators
    from .session import open_board, open_file, refuse_new_errors, write_files
    from .sheet_file import read_sheet, read_workbook, refuse
    from .sheets import check_rows
    from .workbook_rows import check_meetings, check_tracker

    root = Path(os.path.abspath(root))
    data_dir(root)
    name = clean(path.name, 200)
    tables = read_workbook(read_sheet(path), name)
    rows, problems = _rows(tables)
    if problems:
        raise refuse(problems, name)
    dataset = load_dataset(root)
    seats, found = check_rows(rows.get("Seats", []), dataset)
    meetings, more = check_meetings(rows.get("Meetings", []), dataset)
    steps, most = check_tracker(rows.get("Recommendations", []), dataset, today or dt.date.today())
    values, last = check_values(rows.get(INDICATORS, []), dataset, today or dt.date.today(), INDICATORS)
    seats_sheet = "Seats" if len(tables) > 1 else ""  # named where the workbook has more sheets
    found = [replace(p, sheet=seats_sheet) for p in found]
    problems = sorted(found, key=lambda p: p.row) + more + most + last
    if problems:
        raise refuse(problems, name)
    seats_of: dict[str, list[SheetSeat]] = {}
    for seat in seats:
        seats_of.setdefault(seat.board, []).append(seat)
    meetings_of: dict[str, list[MeetingRow]] = {}
    for meeting in meetings:
        meetings_of.setdefault(meeting.board, []).append(meeting)
    sessions = {board: open_board(root, board, dataset) for board in sorted({*seats_of, *meetings_of})}
    planned = [_board(sessions[b], seats_of.get(b), meetings_of.get(b, [])) for b in sorted(sessions)]
    steps_of: dict[str, list[Progress]] = {}
    for step in steps:
        steps_of.setdefault(step.recommendation, []).append(step)
    for recommendation in sorted(steps_of):
        file = dataset.recommendations[recommendation].where.file
        session = sessions[file] = open_file(root, dataset, recommendation, file, "a recommendation")
        said, plan = plan_steps(session, steps_of[recommendation])
        planned.append(BoardChanges(recommendation, file, said, session.checked(plan), "recommendation"))
    planned += plan_indicators(root, dataset, values, sessions)
    changed = [b for b in planned if b.said]
    untouched = sorted(set(dataset.boards) - set(seats_of)) if "Seats" in rows else sorted(dataset.boards)
    if changed:
        refuse_new_errors(root, dataset, {b.file: b.new for b in changed if b.new is not None})
    if check or not changed:
        return Imported(changed, untouched, written=False)
    by_file = {s.file: s for s in sessions.values()}
    write_files([(by_file[b.file], b.new) for b in changed if b.new is not None])
    return Imported(changed, untouched, written=True)


def _rows(tables: dict[str, Table]) -> tuple[dict[str, list[Any]], list[Problem]]:
    """Each sheet's rows by column name, and the problems of their headers and cells."""
    from ..export.indicators import INDICATOR_COLUMNS, INDICATOR_REQUIRED
    from ..export.workbook import MEETING_COLUMNS, TRACKER_COLUMNS
    from .sheet_file import sheet_rows

    rows: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    if "Seats" in tables:
        rows["Seats"], problems = sheet_rows(tables["Seats"], sheet="Seats" if len(tables) > 1 else "")
    for sheet, columns in (("Meetings", MEETING_COLUMNS), ("Recommendations", TRACKER_COLUMNS)):
        if sheet in tables:  # every column: one missing would read as every cell of it cleared
            rows[sheet], found = sheet_rows(tables[sheet], columns, columns, sheet)
            problems += found
    if "Indicators" in tables:  # title, owner and unit are there to read by
        rows["Indicators"], found = sheet_rows(
            tables["Indicators"], INDICATOR_COLUMNS, INDICATOR_REQUIRED, "Indicators"
        )
        problems += found
    return rows, problems


def _board(session: Session, seats: list[SheetSeat] | None, meetings: list[MeetingRow]) -> BoardChanges:
    """One board's changes: its seats (where the seats sheet has rows for it), then its meetings,
    made on the text the seats' edit gives."""
    from .sheets import plan_board

    result = plan_board(session, seats) if seats is not None else BoardChanges(session.board, session.file)
    if meetings:
        step = _after(session, result.new) if result.new is not None else session
        said, plan = plan_meetings(step, meetings)
        if plan is not None:
            result.said += said
            result.new = step.checked(plan)
    return result
