"""The annual report's "membership changes during the year": every change in a period,
and the commit that made it.

:func:`changes_during` compares the partnership before and after a period and
finds the commit that made each change by walking the commits in between
(:func:`~.git.data_commits`, stepped through with :func:`~.replay.walk`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dataset.load import load_dataset
from ..errors import ThpError
from ..yamlio.bounds import DEFAULT_LIMITS, Limits
from .changes import AS_POSITION, Change, changes_between, seat_record
from .git import Commit, FileChange, Git, Rev, data_commits, in_git
from .replay import States, walk
from .state import Names, State, carry, state_of
from .stepcache import StepCache


@dataclass(frozen=True)
class Period:
    """Every change made from ``start`` to ``end``, one commit at a time, and which commit
    made it.

    ``before`` is the last commit before ``start`` that changed ``data/`` (None:
    nothing before it, so what the first commit holds counts as added). ``after``
    is the last commit on or before ``end``; None with ``working_tree`` means the
    files on disk, and without it that there was no commit by ``end``.
    ``commits[i]`` made ``changes[i]`` (None: not yet committed, in the working
    tree). A seat that came and went inside the period is two changes; a change of
    holder is one. ``seats_start`` and ``seats_end`` count each board's seats
    current on ``start`` and on ``end``, as the data stood on each day. ``walked``
    commits that changed ``data/`` were read; ``first`` is the first commit with
    a ``data/`` folder when it came after ``start`` (what the data says before
    it is nothing). ``shallow`` is the oldest commit of a shallow clone when its
    history stops before ``start``: changes before that commit are unknown, not
    absent (``before`` is then that commit).
    """

    start: dt.date
    end: dt.date
    before: Commit | None
    after: Commit | None
    working_tree: bool
    changes: list[Change]
    commits: list[Commit | None]
    walked: int = 0
    shallow: Commit | None = None
    first: Commit | None = None
    boards: dict[str, str] = field(default_factory=dict)  # board id -> name, for headings
    seats_start: dict[str, int] = field(default_factory=dict)
    seats_end: dict[str, int] = field(default_factory=dict)
    dated: list[tuple[dt.date, Change]] = field(default_factory=list)  # by the data's own dates

    def made_by(self) -> Iterator[tuple[Change, Commit | None]]:
        """Each change with the commit that made it (None: the working tree)."""
        return zip(self.changes, self.commits, strict=True)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as the annual report's data gives it."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "before": self.before.as_dict() if self.before else None,
            "after": self.after.as_dict() if self.after else None,
            "working_tree": self.working_tree,
            "walked": self.walked,
            "shallow": self.shallow.as_dict() if self.shallow else None,
            "first": self.first.as_dict() if self.first else None,
            "seats": {
                b: {"start": self.seats_start.get(b, 0), "end": self.seats_end.get(b, 0)}
                for b in sorted({*self.seats_start, *self.seats_end})
            },
            "changes": [
                {**change.as_dict(), "commit": commit.as_dict() if commit else None}
                for change, commit in self.made_by()
            ],
            "dated": [{**change.as_dict(), "date": day.isoformat()} for day, change in self.dated],
        }


class _Dated:
    """Events the data dates itself, seen in any state of a period: a seat's ``since``
    or ``until`` day, a board's ``established`` day, when it falls inside the period.
    Each board record is looked at once (a step of the history shares the records it
    did not change), so a long history costs no more than reading it."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.seen: set[int] = set()
        self.found: dict[tuple[Hashable, ...], tuple[dt.date, str, str, Any]] = {}

    def add(self, state: State) -> None:
        """Take the dated events of ``state`` (each board record once)."""
        for board_id, board in state.boards.items():
            if id(board) in self.seen:
                continue
            self.seen.add(id(board))
            day = board.established
            if day is not None and self.start <= day <= self.end:
                self.found.setdefault(("board", board_id, day), (day, "set up", board_id, None))
            for seat in (board.seats or {}).values():
                who = seat.person or (seat.organisation, seat.role.casefold())
                for what, day in (("joined", seat.since), ("left", seat.until)):
                    if day is not None and self.start <= day <= self.end:
                        self.found.setdefault(("seat", board_id, who, what, day), (day, what, board_id, seat))

    def changes(self, names: Names) -> list[tuple[dt.date, Change]]:
        """The events, oldest first (boards, then seats, in the order first seen, on one day)."""
        out: list[tuple[dt.date, Change]] = []
        for day, what, board_id, seat in self.found.values():
            on = names.board(board_id)
            if seat is None:
                change = Change(kind="board", change="added", board=board_id, summary=f"{on} was set up")
            elif what == "joined":
                summary = f"{names.seat(seat)} joined {on} as {AS_POSITION.get(seat.position, seat.position)}"
                change = Change(
                    kind="seat", change="added", board=board_id, seat=seat_record(seat), summary=summary
                )
            else:
                summary = f"{names.seat(seat)} left {on}, the last day of the seat"
                change = Change(
                    kind="seat", change="removed", board=board_id, seat=seat_record(seat), summary=summary
                )
            out.append((day, change))
        out.sort(key=lambda pair: pair[0])
        return out


def _seat_counts(state: State, on: dt.date) -> dict[str, int]:
    """Each board's seats current on ``on`` (boards whose seats did not load are left out)."""
    return {
        board_id: sum(1 for seat in board.seats.values() if seat.current(on))
        for board_id, board in state.boards.items()
        if board.seats is not None
    }


def changes_during(
    root: Path | str,
    start: dt.date,
    end: dt.date,
    working_tree: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Period | None:
    """Every change to the partnership from ``start`` to ``end`` (both included), commit
    by commit, read from the commits of HEAD's first-parent history that changed
    ``data/`` (all of them: the history is not capped); with ``working_tree``, the
    files on disk end the period. None when ``root`` is not in a git repository."""
    if end < start:
        raise ThpError(f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})")
    if not in_git(root):
        return None
    with Git(root) as git:
        found = data_commits(git, start)
        inside = _inside(found.newest_first, end, working_tree)
        before, cut = found.before, found.shallow
        if cut is not None:  # a shallow clone's oldest commit: what came before is not here
            if inside and inside[-1][0] is cut:
                inside.pop()
            elif not inside and not working_tree:  # the period ended before this clone's history
                return Period(start, end, None, None, working_tree, [], [], shallow=cut.commit)
            before = cut
        after = inside[0][0] if inside and not working_tree else None
        if after is None and not working_tree and before is not None and before is not cut:
            after = before  # nothing changed data/ in the period: it stood as before
        first = None
        if before is None and inside:
            first = inside[-1][0].commit  # the first commit with data/: before it, the data is silent
        dated = _Dated(start, end)
        states = States(git, limits)
        cache = StepCache(states)
        cache.recall([rev.full for rev, _ in found.newest_first] + ([before.full] if before else []))
        replayed = _replay(states, before, inside, dated)
        cache.keep(found.newest_first[0][0].full if found.newest_first else before.full if before else None)
        if working_tree:  # changes not yet committed
            replayed.step(carry(replayed.now, state_of(load_dataset(root, limits))), None, dated)
    start_state, prev = replayed.start, replayed.now
    boards = {i: b.name for s in (start_state, prev) for i, b in s.boards.items()}
    return Period(
        start,
        end,
        before.commit if before else None,
        after.commit if after else None,
        working_tree,
        replayed.changes,
        replayed.commits,
        len(inside),
        cut.commit if cut else None,
        first,
        boards,
        _seat_counts(start_state, start),
        _seat_counts(prev, end),
        dated.changes(Names(start_state, prev)),
    )


def _inside(
    newest_first: list[tuple[Rev, list[FileChange]]], end: dt.date, working_tree: bool
) -> list[tuple[Rev, list[FileChange]]]:
    """The commits of a period, newest first: from the last commit dated by ``end`` back
    (undated ones too); every one with ``working_tree``, whose files end the period."""
    inside: list[tuple[Rev, list[FileChange]]] = []
    for rev, raw in newest_first:
        day = rev.commit.date  # None: unreadable, so neither in nor before the period
        if inside or working_tree or (day is not None and day <= end):
            inside.append((rev, raw))
    return inside


@dataclass
class _Replayed:
    """A period read so far: the state it starts from, the state now, and each change
    with the commit that made it (None: the working tree)."""

    start: State
    now: State
    changes: list[Change] = field(default_factory=list)
    commits: list[Commit | None] = field(default_factory=list)

    def step(self, after: State, commit: Commit | None, dated: _Dated) -> None:
        """Move on to ``after``, made by ``commit``."""
        made = changes_between(self.now, after)
        self.changes.extend(made)
        self.commits.extend([commit] * len(made))
        self.now = after
        dated.add(after)


def _replay(
    states: States, before: Rev | None, inside: list[tuple[Rev, list[FileChange]]], dated: _Dated
) -> _Replayed:
    """The period's commits (``inside``, newest first) applied from the state at ``before``."""
    start = states.begin(before)
    dated.add(start)
    replayed = _Replayed(start, start)
    for rev, _, after in walk(states, start, reversed(inside)):
        replayed.step(after, rev.commit, dated)
    return replayed
