"""``thp history``: one board's, person's or seat's story, commit by commit.

:func:`timeline` steps through every commit that changed ``data/``
(:func:`~.git.data_commits`, :func:`~.replay.walk`) and keeps the changes to
boards and seats that match its filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import model as m
from ..errors import ThpError
from ..text import clean, did_you_mean
from ..yamlio.bounds import DEFAULT_LIMITS, Limits
from .changes import Change, changes_between
from .git import Commit, Git, data_commits
from .replay import States, walk
from .state import State
from .stepcache import StepCache


@dataclass(frozen=True)
class Event:
    """A change and the commit that made it."""

    commit: Commit
    change: Change

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as ``--format json`` writes it: ids, not names."""
        return {**self.change.as_dict(), "commit": self.commit.as_dict()}


@dataclass
class Subject:
    """How a history's filters are named for people: as the newest data read names them.

    None where no data read names it (the renderers then fall back to the id).
    The person's name is their public ``name`` in people.yaml, never contact details.
    """

    board: str | None = None  # the board's name
    person: str | None = None
    organisation: str | None = None  # the seat's organisation's name
    role: str | None = None  # the seat's role as the data writes it

    def add(self, state: State, board: str | None, person: str | None, seat: tuple[str, str] | None) -> None:
        """Take the names ``state`` gives the filters (a later state's names win)."""
        if board is not None and board in state.boards:
            self.board = state.boards[board].name
        if person is not None and person in state.people:
            self.person = state.people[person]
        if seat is not None and seat[0] in state.orgs:
            self.organisation = state.orgs[seat[0]]


@dataclass(frozen=True)
class Timeline:
    """The changes to boards and seats made by each commit, oldest first, that match
    the filters (none: every board and seat). ``walked`` commits that changed
    ``data/`` were read (all of them); ``shallow`` is a shallow clone's oldest commit,
    before which nothing is known."""

    events: list[Event]
    board: str | None = None
    person: str | None = None
    seat: tuple[str, str] | None = None  # (organisation, role)
    walked: int = 0
    shallow: Commit | None = None
    subject: Subject = field(default_factory=Subject, compare=False)  # for sentences; JSON keeps the ids

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as ``--format json`` writes it: ids, not names."""
        return {
            "board": self.board,
            "person": self.person,
            "seat": {"organisation": self.seat[0], "role": self.seat[1]} if self.seat else None,
            "walked": self.walked,
            "shallow": self.shallow.as_dict() if self.shallow else None,
            "events": [e.as_dict() for e in self.events],
        }


def timeline(
    root: Path | str,
    *,
    board: str | None = None,
    person: str | None = None,
    seat: tuple[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Timeline:
    """When each seat (and board) was added, changed or removed, read from the
    first-parent history of HEAD: each commit that changed ``data/`` is compared
    with the one before it, and each ``data/`` tree is loaded once.

    Filters combine: ``board`` (its id), ``person`` (a person id), ``seat``
    (organisation id and role; the role's case is ignored). With ``person`` or
    ``seat``, only seat changes are kept. ThpError if a filter names nothing
    found anywhere in the history read, with the nearest name found.
    """
    with Git(root) as git:
        states = States(git, limits)
        found = data_commits(git)
        cache = StepCache(states)
        cache.recall([rev.full for rev, _ in found.newest_first])
        base = found.shallow  # its data/ is where the story starts, not an addition
        steps = found.newest_first[: -1 if base else None][::-1]
        prev = states.begin(base)
        seen = _Seen()
        named = board is not None or person is not None or seat is not None
        subject = Subject()
        if named:
            seen.add(prev, None)
            subject.add(prev, board, person, seat)
        events: list[Event] = []
        for n, (rev, before, now) in enumerate(walk(states, prev, steps)):
            if named:
                seen.add(now, before)
                subject.add(now, board, person, seat)
            begins = n == 0 and base is None  # the oldest commit with data/: already recorded
            made = changes_between(before, now, begins, board=board, recommendations=False)
            events.extend(Event(rev.commit, c) for c in made if _matches(c, board, person, seat))
        cache.keep(found.newest_first[0][0].full if found.newest_first else None)
    if not events:
        _check_named(seen, board, person, seat)
    if seat is not None:  # the role as the newest seat of that organisation writes it
        org, role = seat[0], seat[1].casefold()
        roles = (s.role for s in reversed(seen.members) if s.organisation == org)
        subject.role = next((r for r in roles if r.casefold() == role), None)
    return Timeline(events, board, person, seat, len(steps), base.commit if base else None, subject)


class _Seen:
    """Every board id, and every seat, that any state read held: what a filter may name."""

    def __init__(self) -> None:
        self.boards: set[str] = set()
        self.members: list[m.Member] = []

    def add(self, state: State, before: State | None) -> None:
        """Take the boards and the seats ``state`` holds that ``before`` did not share."""
        self.boards.update(state.boards, state.unknown_boards)
        for board_id, board in state.boards.items():
            old = before.boards.get(board_id) if before is not None else None
            if board is not old and board.seats:
                self.members.extend(board.seats.values())


def _matches(change: Change, board: str | None, person: str | None, seat: tuple[str, str] | None) -> bool:
    if change.kind not in ("board", "seat") or (board is not None and change.board != board):
        return False
    if person is None and seat is None:
        return True
    if change.seat is None:
        return False
    if person is not None and person not in {change.seat["person"], *change.fields.get("person", ())}:
        return False
    if seat is not None:
        org, role = seat
        orgs = {change.seat["organisation"], change.fields.get("organisation", (None,))[0]}
        roles = {change.seat["role"], change.fields.get("role", (None,))[0]}
        if org not in orgs or role.casefold() not in {str(r).casefold() for r in roles if r}:
            return False
    return True


def _check_named(seen: _Seen, board: str | None, person: str | None, seat: tuple[str, str] | None) -> None:
    """ThpError if a filter names a board, person or seat that no revision read had."""
    boards, members = seen.boards, seen.members
    if board is not None and board not in boards:
        hint = did_you_mean(board, sorted(boards))
        raise ThpError(clean(f"no board '{board}' in the history of data/{hint}", 400))
    if person is not None and person not in {x.person for x in members if x.person}:
        hint = did_you_mean(person, sorted({x.person for x in members if x.person}))
        raise ThpError(clean(f"no seat held by person '{person}' in the history of data/{hint}", 400))
    if seat is not None:
        org, role = seat
        pairs = {(x.organisation or "", x.role) for x in members}
        if not any(o == org and r.casefold() == role.casefold() for o, r in pairs):
            roles = sorted(r for o, r in pairs if o == org)
            hint = did_you_mean(role, roles) if roles else did_you_mean(org, sorted({o for o, _ in pairs}))
            raise ThpError(clean(f"no seat '{role}' of '{org}' in the history of data/{hint}", 400))
