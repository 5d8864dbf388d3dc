"""The workbook's "Meetings" and "Recommendations" sheets checked row by row against the data.

The reading half of those sheets of ``thp import xlsx`` (:mod:`thp_cli.edit.workbook` writes
what they change). Every problem is a :class:`~thp_cli.edit.sheet_file.Problem` at its sheet,
row and column; nothing is written while any is found.

Meetings: a row names a board's meeting by its date, as ``thp meeting set`` does: a board has
one meeting a day, so each board and date has one row (a second is refused). A row changes the
meeting of its date, or, where the board has none that day, adds one. A meeting with no row is
kept: the sheet never removes one (``thp meeting remove`` does).

Recommendations: a row names an action by its recommendation's id and its number. Only
``status``, ``last_update`` and ``note`` are read; ``title`` and ``due`` are there to read by
and are not changed in the file. A status, date or note that differs from what is recorded is
progress: the status is set and an update appended, as ``thp action status`` records it. A
date or note cell cleared is not progress and records nothing (a status cleared is refused).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

from ..field_types import ActionStatus, MeetingStatus
from ..text import clean, did_you_mean
from .sheet_file import Problem, Row, cell_board, cell_date

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..yamlio.emit import Data

MEETINGS, TRACKER = "Meetings", "Recommendations"
MEETING_STATUSES: tuple[str, ...] = get_args(MeetingStatus)
ACTION_STATUSES: tuple[str, ...] = get_args(ActionStatus)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")  # 9:30, 18:30, and a time cell's 18:30:00


@dataclass(frozen=True)
class MeetingRow:
    """A row of "Meetings" as a meeting of a board: the keys its file would have for it."""

    row: int
    board: str
    fields: dict[str, str]  # date, status and the optional keys given


@dataclass(frozen=True)
class Progress:
    """What a row of "Recommendations" records of an action: its new status (None: unchanged)
    and the update to append."""

    row: int
    recommendation: str
    action: str
    status: str | None
    update: Data = field(default_factory=dict)


def _problems(sheet: str, row: int, found: list[Problem]) -> Any:
    def problem(column: str, message: str) -> None:
        found.append(Problem(row, column, clean(message, 400), sheet))

    return problem


def _status(text: str, known: tuple[str, ...], problem: Any) -> str | None:
    status = text.strip().lower()
    if status not in known:
        hint = did_you_mean(status, known)
        problem("status", f"'{status}' is not a status{hint or ''}; use one of {', '.join(known)}")
        return None
    return status


def check_meetings(rows: list[Row], dataset: Dataset) -> tuple[list[MeetingRow], list[Problem]]:
    """Every row of "Meetings" as a meeting, and every problem found in any of them."""
    meetings, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        found: list[Problem] = []
        problem = _problems(MEETINGS, row.number, found)
        meeting = _meeting(row, dataset, problem)
        if meeting is not None and "date" in meeting.fields:
            key = (meeting.board, meeting.fields["date"])
            if key in seen:
                problem("date", f"the same meeting as row {seen[key]}; each meeting has one row")
            seen.setdefault(key, row.number)
        problems += found
        if meeting is not None and not found:
            meetings.append(meeting)
    return meetings, problems


def _meeting(row: Row, dataset: Dataset, problem: Any) -> MeetingRow | None:
    from pydantic_core import PydanticCustomError

    from ..dates import parse_time_of_day
    from ..export.calendar import https
    from ..field_types import one_line_problem

    cells = {key: value.strip() for key, value in row.cells.items()}
    board = cells["board"]
    cell_board(board, dataset, problem, "thp export xlsx")
    fields: dict[str, str] = {}
    if not cells["date"]:
        problem("date", "empty: every meeting needs its date (YYYY-MM-DD)")
    elif (day := cell_date(cells["date"], "date", problem)) is not None:
        fields["date"] = day
    if not cells["status"]:
        problem("status", f"empty: every meeting needs its status ({', '.join(MEETING_STATUSES)})")
    elif (status := _status(cells["status"], MEETING_STATUSES, problem)) is not None:
        fields["status"] = status
    if time := cells.get("time", ""):
        match = _CLOCK.match(time)
        text = f"{int(match.group(1)):02d}:{match.group(2)}" if match else time
        try:
            fields["time"] = parse_time_of_day(text)
        except PydanticCustomError as error:
            problem("time", error.message())
    if venue := row.cells.get("venue", "").strip():
        why = one_line_problem(venue, "a venue")
        if why is not None:
            problem("venue", why)
        fields["venue"] = venue
    located = dataset.boards.get(board)
    recorded = (
        {getattr(m, c) for m in located.record.meetings for c in ("agenda", "minutes")} if located else set()
    )
    for column in ("agenda", "minutes"):
        if link := cells.get(column, ""):
            if https(link) is None and link not in recorded:  # one already there is thp validate's to report
                problem(column, f"'{link}' is not an https:// address; give the {column}'s https link")
            fields[column] = link
    return MeetingRow(row.number, board, fields) if board else None


def check_tracker(rows: list[Row], dataset: Dataset, today: dt.date) -> tuple[list[Progress], list[Problem]]:
    """Every row of "Recommendations" that records progress, and every problem found in any row.

    A row with the status, last update date and note that the data has records nothing."""
    progress, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        found: list[Problem] = []
        problem = _problems(TRACKER, row.number, found)
        key = (row.cells["recommendation"].strip(), row.cells["action"].strip().lower())
        if key in seen and all(key):
            problem("action", f"the same action as row {seen[key]}; each action has one row")
        seen.setdefault(key, row.number)
        step = _progress(row, key, dataset, today, problem)
        problems += found
        if step is not None and not found:
            progress.append(step)
    return progress, problems


def _progress(
    row: Row, key: tuple[str, str], dataset: Dataset, today: dt.date, problem: Any
) -> Progress | None:
    recommendation, number = key
    located = dataset.recommendations.get(recommendation)
    if not recommendation:
        problem("recommendation", "empty: write the recommendation's id, as thp export xlsx has it")
        return None
    if located is None:
        if recommendation in dataset.broken.get("recommendations", set()):
            problem("recommendation", f"'{recommendation}' has errors and could not be read")
        else:
            hint = did_you_mean(recommendation, list(dataset.recommendations))
            problem("recommendation", f"'{recommendation}' is no recommendation{hint}")
        return None
    actions = {action.number: action for action in located.record.actions}
    action = actions.get(number)
    if action is None:
        problem("action", f"{recommendation} has no action '{number}'{did_you_mean(number, list(actions))}")
        return None
    cells = row.cells
    status = _status(cells["status"], ACTION_STATUSES, problem) if cells["status"].strip() else None
    if not cells["status"].strip() and action.status is not None:
        problem(
            "status",
            f"empty, but {recommendation} {number} is recorded as {action.status}; "
            "the sheet does not take a status away: write it back, or change the file by hand",
        )
    day = cell_date(cells["last_update"], "last_update", problem) if cells["last_update"].strip() else None
    note = cells["note"].strip() or None
    last = action.updates[-1] if action.updates else None
    last_day = last.date.isoformat() if last else None
    last_note = last.note.strip() if last and last.note else None
    # progress is a status or a date other than the file's, or a new note; a date or note
    # cleared is nothing done, so it records nothing and the file keeps what it has
    if status == action.status and day in (None, last_day) and note in (None, last_note):
        return None
    if day is not None and last_day is not None and day < last_day:
        problem(
            "last_update", f"{day} is before the last update recorded ({last_day}); updates go oldest first"
        )
    update: Data = {"date": day if day is not None and day != last_day else today.isoformat()}
    if status is not None:
        update["status"] = status
    if note is not None and note != last_note:
        update["note"] = note
    new_status = status if status != action.status else None
    return Progress(row.number, recommendation, number, new_status, update)
