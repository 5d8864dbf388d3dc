"""What two states of the partnership are compared on, and the words for their ids.

A :class:`State` keeps, of a loaded dataset, only what :func:`~.changes.compare`
looks at (boards, seats, recommendation actions, and the names of people and
organisations); a field or file that did not load is marked unknown, and
:func:`carry` takes it from the state before, so a file broken for a while is
not a board removed and added again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import model as m
from ..dataset.records import Dataset
from ..dataset.source import DATA


@dataclass(frozen=True)
class BoardState:
    """A board as compared: None where a field did not load."""

    name: str
    status: str | None  # None: unknown (the field did not load)
    reports_to: tuple[str, ...] | None
    seats: dict[tuple[Hashable, ...], m.Member] | None
    established: dt.date | None = None


@dataclass(frozen=True)
class RecState:
    """A recommendation as compared: its actions None where they did not load."""

    number: int
    actions: dict[tuple[Hashable, ...], m.RecommendationAction] | None
    owner: str | None = None  # a board id
    sro: str | None = None
    unknown: frozenset[str] = frozenset()  # of owner and sro, those that did not load


@dataclass
class State:
    """What :func:`compare` looks at. Ids in ``unknown_*`` exist but did not load.
    ``people`` and ``orgs`` name ids for sentences (a person's public ``name`` only)."""

    boards: dict[str, BoardState] = field(default_factory=dict)
    recs: dict[str, RecState] = field(default_factory=dict)
    unknown_boards: set[str] = field(default_factory=set)
    unknown_recs: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)
    misnamed: bool = False  # a board or recommendation was read from a file named for another id


MISNAMED = ("id-matches-file", "duplicate-id")
"""The findings of a record read from a file not named for it (or named for one read already):
a step that reads only the files it changed cannot tell which record the others hold."""


def _keyed(items: Sequence[Any], identity: Any) -> dict[tuple[Hashable, ...], Any]:
    """Items by identity, a repeated identity numbered in file order."""
    out: dict[tuple[Hashable, ...], Any] = {}
    seen: dict[Hashable, int] = {}
    for item in items:
        ident = identity(item)
        n = seen[ident] = seen.get(ident, -1) + 1
        out[(ident, n)] = item
    return out


def state_of(ds: Dataset) -> State:
    """What :func:`~.changes.compare` looks at in ``ds``."""
    state = State()
    for board_id, located in ds.boards.items():
        board = located.record
        state.boards[board_id] = BoardState(
            board.name,
            board.status if located.judged("status") else None,
            tuple(board.reports_to) if located.judged("reports_to") else None,
            _keyed(board.members, lambda s: s.seat) if located.judged("members") else None,
            board.established if located.judged("established") else None,
        )
    for rec_id, located_rec in ds.recommendations.items():
        rec = located_rec.record
        actions = _keyed(rec.actions, lambda a: a.number) if located_rec.judged("actions") else None
        unknown = frozenset(f for f in ("owner", "sro") if not located_rec.judged(f))
        state.recs[rec_id] = RecState(rec.number, actions, rec.owner, rec.sro, unknown)
    state.unknown_boards = ds.broken.get("boards", set()) - set(state.boards)
    state.unknown_recs = ds.broken.get("recommendations", set()) - set(state.recs)
    state.people = {pid: p.record.name for pid, p in ds.people.items()}
    state.orgs = {oid: o.record.name for oid, o in ds.organisations.items()}
    folders = (f"{DATA}/boards/", f"{DATA}/recommendations/")
    state.misnamed = any(f.rule in MISNAMED and f.file.startswith(folders) for f in ds.findings)
    return state


def carry(before: State, now: State) -> State:
    """``now``, with what did not load taken from ``before``: a file broken for a while
    and then mended is not a board removed and added again."""
    state = State(
        dict(now.boards),
        dict(now.recs),
        set(now.unknown_boards),
        set(now.unknown_recs),
        {**before.people, **now.people},
        {**before.orgs, **now.orgs},
        now.misnamed,
    )
    for board_id in now.unknown_boards & set(before.boards):
        state.boards[board_id] = before.boards[board_id]
        state.unknown_boards.discard(board_id)
    for board_id, board in now.boards.items():
        old = before.boards.get(board_id)
        if old is not None and None in (board.status, board.reports_to, board.seats):
            state.boards[board_id] = BoardState(
                board.name,
                old.status if board.status is None else board.status,
                old.reports_to if board.reports_to is None else board.reports_to,
                old.seats if board.seats is None else board.seats,
                board.established,
            )
    for rec_id in now.unknown_recs & set(before.recs):
        state.recs[rec_id] = before.recs[rec_id]
        state.unknown_recs.discard(rec_id)
    for rec_id, rec in now.recs.items():
        old_rec = before.recs.get(rec_id)
        if old_rec is not None and rec.actions is None:
            state.recs[rec_id] = replace(rec, actions=old_rec.actions)
    return state


class Names:
    """The words a sentence uses for an id: a board's, organisation's or person's
    name (the newer state's, else the older's), never an id where a name is known."""

    def __init__(self, a: State, b: State) -> None:
        self.a, self.b = a, b

    def board(self, board_id: str) -> str:
        """The board's name as the data writes it: no article is guessed ("the Tower
        Hamlets Together" would be wrong), so a sentence is true of any name."""
        found = self.b.boards.get(board_id) or self.a.boards.get(board_id)
        return found.name if found else board_id

    def org(self, org_id: str | None) -> str | None:
        """The organisation's name (its id where no state names it); None for no organisation."""
        if org_id is None:
            return None
        return self.b.orgs.get(org_id) or self.a.orgs.get(org_id) or org_id

    def person(self, person_id: str | None) -> str | None:
        """The person's public name (their id where no state names them); None for no one."""
        if person_id is None:
            return None
        return self.b.people.get(person_id) or self.a.people.get(person_id) or person_id

    def role(self, member: m.Member) -> str:
        """The seat without its holder: 'Borough Commander (Metropolitan Police)'."""
        org = self.org(member.organisation)
        return f"{member.role} ({org})" if org else member.role

    def seat(self, member: m.Member) -> str:
        """The seat with its holder where the data names one: 'Jane Smith, Borough Commander (...)'."""
        person = self.person(member.person)
        return f"{person}, {self.role(member)}" if person else self.role(member)
