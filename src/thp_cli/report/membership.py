"""Changes to membership during a report's year, read from git: one sentence per
change of a board or a seat, the net seats at the start and the end of the year,
and where the history is silent or incomplete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..dates import long_date
from ..errors import ThpError

if TYPE_CHECKING:
    from collections.abc import Hashable

    from ..history.changes import Change
    from ..history.period import Period


@dataclass(frozen=True)
class History:
    """Membership changes in the year, or why there are none to show.

    ``changes`` are sentences, one per event, oldest first; ``seats`` is the net
    summary beside them: (board, seats current at the start of the year or None
    if the board was not there, seats current at its end or None if it was gone).
    ``notes`` say where the history is silent or incomplete.
    """

    changes: list[str] | None
    note: str
    seats: list[tuple[str, int | str | None, int | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    days: tuple[str, str] = ("", "")  # the days the seats are counted on, as words


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _who(change: Change) -> Hashable:
    """The seat (or board) an event is about, the same in a commit's change and a dated one."""
    seat = change.seat
    if seat is None:
        return None
    return seat["person"] or (seat["organisation"], str(seat["role"]).casefold())


def membership_changes(root: Path, year: int, as_of: dt.date, today: dt.date | None = None) -> History:
    """Every change to boards and seats during ``year``, from git, one event per change
    in the order the commits made them; says so when there is no git.

    Each seat added, ended, changed or removed, each change of holder (one event),
    each board set up (with its seats that day) or closed, ends with the day of the
    commit that made it. A seat that came and went inside the year is two events.
    The year ends on the as-of day if that is sooner; the files on disk count only
    when that day is today or later (changes not yet committed).
    """
    from ..history.git import in_git
    from ..history.period import changes_during

    if not in_git(root):
        return History(
            None,
            "The data is not in a git repository, so changes to membership during the year "
            "cannot be read from its history.",
        )
    today = dt.date.today() if today is None else today
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
    try:
        period = changes_during(root, start, end, working_tree=end >= today)
    except ThpError as error:  # the rest of the report does not need git
        return History(None, f"The history of the data could not be read from git: {error}.")
    if period is None:
        return History(None, "The history of the data could not be read from git.")
    if period.before is None and period.after is None and not period.working_tree and period.shallow is None:
        return History(
            None,
            f"Git holds no commit of the data made by {long_date(end)}, so the changes made in "
            f"{year} cannot be read from its history.",
        )
    notes, began, silent = history_notes(period, year)
    if silent is not None:
        return silent
    return History(
        _events(period, began), "", _seat_counts(period, began), notes, (long_date(start), long_date(end))
    )


def history_notes(period: Period, year: int) -> tuple[list[str], str, History | None]:
    """Where the history is incomplete (a shallow clone) and where it begins, in words; the
    day it begins ('' if not known); and the whole History instead when the clone holds no
    change of ``year``."""
    from ..history.git import SHALLOW_FIX

    notes: list[str] = []
    if period.shallow is not None:
        begins = f" of {long_date(period.shallow.date)}" if period.shallow.date else ""
        shallow = (
            f"The history of the data is incomplete: this is a shallow clone of the repository, whose "
            f"history begins at commit {period.shallow.sha}{begins}. To read the changes before it, "
            f"{SHALLOW_FIX}."
        )
        if period.after is None and not period.working_tree:
            return notes, "", History(None, f"{shallow} No change made in {year} is in this clone.")
        notes.append(f"{shallow} Changes made in {year} before then are not listed.")
    began = ""
    if period.first is not None:
        began = long_date(period.first.date) if period.first.date else "a day git cannot read"
        notes.append(
            f"The data's history in git begins on {began} (commit {period.first.sha}): nothing "
            f"before that day is recorded, so what the data held then is listed as already "
            f"recorded when the history begins, not as set up that day."
        )
    return notes, began, None


@dataclass(frozen=True)
class Event:
    """A change to a board or a seat: its day (None: not yet committed, or a day git cannot
    read), the board it is about (None: the line that says what the history begins with),
    and the sentence, which ends with its day."""

    day: dt.date | None
    board: str | None
    text: str


def _events(period: Period, began: str) -> list[str]:
    """The period's changes to boards and seats as sentences (see :func:`events`)."""
    return [event.text for event in events(period, began)]


def events(period: Period, began: str) -> list[Event]:
    """The period's changes to boards and seats, oldest first, each sentence ending
    with its day; those with no day (not yet committed, or undated) last."""
    dated = period.dated
    by_dates = {(c.kind, c.board, c.change, _who(c)) for _, c in dated}
    found: list[Event] = []  # dated ones, sorted below; undated ones go last, in order
    undated: list[Event] = []
    held: list[str] = []  # the boards the first commit holds, by name
    made = [(c, commit) for c, commit in period.made_by() if c.kind in ("board", "seat")]
    set_up = {(c.board, commit) for c, commit in made if c.kind == "board" and c.change == "added"}
    removed = {(c.board, commit) for c, commit in made if c.kind == "board" and c.change == "removed"}
    for change, commit in made:
        if period.first is not None and commit is period.first:
            if change.kind == "board" and change.change == "added":
                held.append(period.boards.get(change.board or "", change.board or ""))
            continue  # already recorded when the history begins, not made that day
        if change.kind == "seat" and (change.board, commit) in (set_up | removed):
            continue  # said by the board's own line: set up with its seats that day, or removed
        if (
            change.kind,
            change.board,
            change.change,
            _who(change),
        ) in by_dates and change.change != "changed":
            continue  # the seat's (or board's) own first or last day says when, below
        ended = change.change == "changed" and set(change.fields) == {"until"}
        if ended and (change.kind, change.board, "removed", _who(change)) in by_dates:
            continue  # the seat's own last day says when, below
        text = _sentence(change.summary)
        if commit is None:
            undated.append(Event(None, change.board, text + " (not yet committed)"))
        elif commit.date is None:
            undated.append(Event(None, change.board, text + " (on a day git cannot read)"))
        else:
            found.append(Event(commit.date, change.board, f"{text} ({long_date(commit.date)})"))
    for day, change in dated:
        whose = "the seat's dates" if change.kind == "seat" else "its established date"
        found.append(
            Event(day, change.board, f"{_sentence(change.summary)} ({long_date(day)}, from {whose})")
        )
    found.sort(key=lambda event: event.day or dt.date.min)  # stable: one day's events keep their order
    if held:
        first = period.first.date if period.first is not None else None
        text = f"Already recorded when the history begins ({began}): {', '.join(sorted(held))}."
        found.insert(0, Event(first, None, text))
    return found + undated


def _seat_counts(period: Period, began: str) -> list[tuple[str, int | str | None, int | None]]:
    """Each board's seats at the start and the end of the period (see :class:`History`)."""
    missing = f"not known (history begins {began})" if period.first is not None else None
    return [
        (
            period.boards.get(b, b),
            period.seats_start.get(b, missing),
            period.seats_end.get(b),
        )
        for b in sorted({*period.seats_start, *period.seats_end}, key=lambda b: (period.boards.get(b, b), b))
    ]
