"""The workbook (``thp export xlsx``, kept by an officer) read back into the data files.

Library first: :func:`import_workbook` reads the workbook's sheets "Seats" (as
:mod:`thp_cli.edit.sheets` does for a seats sheet), "Meetings" and "Recommendations", checks
every row of every sheet (:mod:`thp_cli.edit.workbook_rows`), works out the edits of each
board file and recommendation file, and writes them all at once or none
(:func:`thp_cli.edit.session.write_files`). A board file the seats and the meetings both
change is edited once, the meetings' edit made on the text the seats' edit gives.

The meetings' and the tracker's edits are splices of the file's text made with the shared
edit machinery (:func:`thp_cli.edit.plans.edit_list`, :mod:`thp_cli.yamlio.splice`): only the
lines of what changed are touched, every other byte and comment is kept.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ThpError
from ..text import clean
from .sheets import BoardChanges, Imported

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..yamlio.emit import Data
    from ..yamlio.splice import Document
    from .plans import Changes, Edit
    from .session import Session
    from .sheet_file import Problem, Table
    from .sheets import SheetSeat
    from .workbook_rows import MeetingRow, Progress

ACTION_KEYS = ("number", "title", "due", "start", "ongoing", "owners", "status", "updates", "sources")
"""An action's keys in the data format's order: a new status goes in this order."""


# -- meetings ------------------------------------------------------------------------------
def plan_meetings(session: Session, rows: list[MeetingRow]) -> tuple[list[str], Edit | None]:
    """The words and the edit that make the board's meetings what ``rows`` say: a row changes
    the meeting of its date (the rows of one day pair with that day's meetings in order), or
    adds one; a meeting no row names is kept."""
    from ..yamlio.locate import locate
    from .plans import ListEdits, edit_list, list_entries

    entries = list_entries(session.data, "meetings")
    by_day: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and "date" in entry:
            by_day.setdefault(str(entry["date"]), []).append(index)
    said: list[str] = []
    changed: dict[int, Changes] = {}
    added: list[Data] = []
    for row in rows:
        day = row.fields["date"]
        waiting = by_day.get(day)
        if not waiting:
            added.append(dict(row.fields))
            said.append(f"added the meeting of {day} ({row.fields['status']})")
            continue
        index = waiting.pop(0)
        differences = _meeting_changes(entries[index], row.fields)
        if differences:
            changed[index] = differences
            said.append(f"changed the meeting of {day}: {_said(entries[index], differences)}")
    if not said:
        return [], None
    edits = ListEdits(changed, frozenset(), tuple(added))
    from .workbook_rows import MEETING_KEYS

    plan = session.planned(
        lambda: edit_list(
            session.doc, locate(session.doc.body, "meetings"), session.data, edits, MEETING_KEYS
        )
    )
    return said, plan


def _meeting_changes(entry: Any, fields: dict[str, str]) -> Changes:
    from .plans import CLEAR
    from .workbook_rows import MEETING_KEYS

    out: Changes = {}
    for key in MEETING_KEYS[1:]:
        have = entry.get(key) if isinstance(entry, dict) else None
        want = fields.get(key)
        if (None if have is None else str(have)) != want:
            out[key] = CLEAR if want is None else want
    return out


def _said(entry: Data, changes: Changes) -> str:
    from .plans import CLEAR

    parts = []
    for key, value in changes.items():
        have = entry.get(key)
        if value is CLEAR:
            parts.append(f"{key} removed")
        elif have is None:
            parts.append(f"{key} {clean(str(value), 100)}")
        else:
            parts.append(f"{key} {clean(str(have), 100)} -> {clean(str(value), 100)}")
    return ", ".join(parts)


# -- the tracker -------------------------------------------------------------------------------
def plan_progress(session: Session, steps: list[Progress]) -> tuple[list[str], Edit]:
    """The words and the edit that record ``steps`` in a recommendation's file: each action's
    status set (:func:`thp_cli.edit.plans.edit_list`), then its update appended to its
    ``updates`` (:func:`append_updates`), on the text the first edit gives."""
    from ..yamlio.locate import locate
    from .plans import Edit, ListEdits, edit_list, list_entries

    entries = list_entries(session.data, "actions")
    index_of = {str(e.get("number")): i for i, e in enumerate(entries) if isinstance(e, dict)}
    said: list[str] = []
    statuses: dict[int, Changes] = {}
    updates: dict[int, Data] = {}
    for step in steps:
        index = index_of[step.action]
        if step.status is not None:
            statuses[index] = {"status": step.status}
        updates[index] = step.update
        was = entries[index].get("status")
        status = f"status {was} -> {step.status}; " if was and step.status else ""
        status = status or (f"status {step.status}; " if step.status else "")
        note = f": {clean(str(step.update['note']), 100)}" if "note" in step.update else ""
        said.append(f"action {step.action}: {status}update of {step.update['date']} added{note}")
    doc, data = session.doc, session.data
    if statuses:
        first = session.planned(
            lambda: edit_list(doc, locate(doc.body, "actions"), data, ListEdits(statuses), ACTION_KEYS)
        )
        doc, data = replace(doc, body=first.body), first.data
    final = session.planned(lambda: append_updates(doc, data, updates))
    return said, Edit(final.body, final.data)


def append_updates(doc: Document, data: Data, updates: dict[int, Data]) -> Edit:
    """Append ``updates[i]`` to the ``updates`` list of the i-th action, in one pass: after the
    list's last entry, in its indentation; or, where the action has none, as a new ``updates:``
    key after the action's last line. :class:`Unusual` for a list in flow style."""
    from ..yamlio.emit import item_lines
    from ..yamlio.locate import content_end, is_node, locate
    from ..yamlio.splice import Unusual, apply, insert_lines, line_end
    from .plans import Edit

    layout = locate(doc.body, "actions")
    if layout.kind != "block":
        raise Unusual("its actions list is not written as a block list")
    body, splices = doc.body, []
    new = copy.deepcopy(data)
    for index, update in sorted(updates.items()):
        item = layout.items[index]
        if not item.block:
            raise Unusual("an action is not written as key: value lines")
        pairs = {key.value: value for key, value in item.node.value if is_node(key, "ScalarNode")}
        listed = pairs.get("updates")
        if listed is None:
            lines = [" " * item.keys + "updates:", *item_lines(update, item.keys + 2, item.keys + 4)]
            splices.append(insert_lines(body, item.end, lines, doc.eol))
        elif is_node(listed, "SequenceNode") and not listed.flow_style and listed.value:
            first = listed.value[0]
            keys = first.start_mark.column if is_node(first, "MappingNode") else listed.start_mark.column + 2
            end = content_end(body, listed)
            assert end is not None  # a block list with entries has text
            at = line_end(body, end - 1)
            splices.append(
                insert_lines(body, at, item_lines(update, listed.start_mark.column, keys), doc.eol)
            )
        else:
            raise Unusual("an action's updates list is not written as a block list (- date: ...)")
        action = new["actions"][index]
        action["updates"] = [*(action.get("updates") or []), update]
    return Edit(apply(body, splices), new)


def open_file(root: Path, dataset: Dataset, name: str, file: str) -> Session:
    """An edit session on the data file ``file`` (a recommendation's), named ``name`` in messages."""
    from ..yamlio.bounds import DEFAULT_LIMITS, read_regular
    from ..yamlio.load import load_text
    from ..yamlio.splice import Document
    from .session import Session

    try:
        original = read_regular(root / file, DEFAULT_LIMITS.max_bytes + 1)
    except OSError as error:
        raise ThpError(f"cannot read {file}: {error.strerror or error}") from None
    doc = Document.decode(original, file)
    loaded = load_text(file, doc.body)
    if loaded.data is None or len(original) > DEFAULT_LIMITS.max_bytes:
        raise ThpError(f"{file} cannot be read; run thp validate, fix what it says, and try again")
    return Session(root, dataset, name, file, original, doc, loaded.data)


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
    from .session import open_board, refuse_new_errors, write_files
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
    problems = sorted(found, key=lambda p: p.row) + more + most
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
        session = sessions[file] = open_file(root, dataset, recommendation, file)
        said, plan = plan_progress(session, steps_of[recommendation])
        planned.append(BoardChanges(recommendation, file, said, session.checked(plan), "recommendation"))
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
    from ..export.workbook import MEETING_COLUMNS, TRACKER_COLUMNS
    from .sheet_file import sheet_rows

    rows: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    if "Seats" in tables:
        rows["Seats"], problems = sheet_rows(tables["Seats"])
    for sheet, columns, required in (
        ("Meetings", MEETING_COLUMNS, MEETING_COLUMNS[:3]),
        ("Recommendations", TRACKER_COLUMNS, ("recommendation", "action", "status", "last_update")),
    ):
        if sheet in tables:
            rows[sheet], found = sheet_rows(tables[sheet], columns, required, sheet)
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
