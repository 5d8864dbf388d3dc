"""What changed between two states of the partnership, in sentences an officer can read.

:func:`compare` turns two datasets into :class:`Change` values: boards added,
removed, closed or re-parented; seats joining, leaving, ending or changing
position; recommendation actions changing status or dates. Each carries a
sentence an officer can read. :func:`changes_between` does the same for two
:class:`~.state.State` values, as a step of the history does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import model as m
from ..dataset.records import Dataset
from ..dates import long_date
from ..text import clean, plural
from .state import BoardState, Names, RecState, State, state_of

ChangeKind = Literal["board", "seat", "recommendation", "recommendation-action"]
ChangeType = Literal["added", "removed", "changed"]

SEAT_FIELDS = ("position", "since", "until", "elected_member", "role", "organisation")
ACTION_FIELDS = ("status", "due", "start", "ongoing")


@dataclass(frozen=True, kw_only=True)
class Change:
    """One difference between two states of the partnership.

    ``seat`` describes the seat (never contact details); ``fields`` maps each
    changed field to its (old, new) value; ``summary`` says it in a sentence.
    ``own_opening``: the summary opens with thp's own word ("board", "the seat"),
    which :attr:`sentence` capitalises; by default it opens with a value from the
    data (a role, a name), which is shown as written.
    """

    kind: ChangeKind
    change: ChangeType
    summary: str
    board: str | None = None
    recommendation: str | None = None
    action: str | None = None  # a recommendation action's number, such as "ii"
    seat: dict[str, Any] | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    own_opening: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", clean(self.summary))

    @property
    def sentence(self) -> str:
        """The summary as a line of text output: a capital first letter only when that
        letter is thp's own word ("The seat ..."); a value from the data keeps
        its letters as written (the role ``tab\\there`` is never shown ``Tab\\there``)."""
        return self.summary[:1].upper() + self.summary[1:] if self.own_opening else self.summary

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: dates as ISO text (months as ``YYYY-MM``), (old, new) as a list."""
        return {
            "kind": self.kind,
            "board": self.board,
            "recommendation": self.recommendation,
            "action": self.action,
            "change": self.change,
            "seat": None if self.seat is None else {k: _json(v) for k, v in self.seat.items()},
            "fields": {k: [_json(old), _json(new)] for k, (old, new) in self.fields.items()},
            "summary": self.summary,
        }

    @property
    def key(self) -> tuple[Hashable, ...]:
        """What changed, without how: the same board, seat or action in every state."""
        seat = None
        if self.seat is not None:
            person, org, role = self.seat["person"], self.seat["organisation"], self.seat["role"]
            seat = ("person", person) if person else ("seat", org or "", role)
        return (self.kind, self.board, self.recommendation, self.action, seat)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


def _shown(value: Any) -> str:
    if value is None or value == ():
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def compare(old: Dataset, new: Dataset) -> list[Change]:
    """What changed from ``old`` to ``new``: boards (in id order, each followed by its
    seats in file order), then recommendation actions (in recommendation order).

    A board or recommendation whose file did not load on either side is left
    out, and so are fields that did not load: what changed in them cannot be told.
    """
    return changes_between(state_of(old), state_of(new))


def changes_between(
    a: State, b: State, begins: bool = False, *, board: str | None = None, recommendations: bool = True
) -> list[Change]:
    """What changed from ``a`` to ``b``; ``begins``: ``b`` is where the data's history in git
    begins, so what it holds was already recorded that day, not set up or joined then.
    ``board``: only that board's changes (and its seats'); ``recommendations=False``: none
    of the recommendations'."""
    names = Names(a, b)
    changes: list[Change] = []
    ids = (set(a.boards) | set(b.boards)) if board is None else {board}
    for board_id in sorted(ids):
        if board_id in a.unknown_boards or board_id in b.unknown_boards:
            continue
        if a.boards.get(board_id) is b.boards.get(board_id):
            continue  # the same record: unchanged (a step of the history re-reads only what changed)
        old, new = a.boards.get(board_id), b.boards.get(board_id)
        changes.extend(_board_changes(board_id, old, new, names, begins))
    recs = {**a.recs, **b.recs} if recommendations else {}
    for rec_id in sorted(recs, key=lambda r: (recs[r].number, r)):
        if rec_id in a.unknown_recs or rec_id in b.unknown_recs or a.recs.get(rec_id) is b.recs.get(rec_id):
            continue
        changes.extend(_rec_changes(rec_id, a.recs.get(rec_id), b.recs.get(rec_id), names))
    return changes


def _seats_phrase(n: int) -> str:
    return plural(n, "seat") if n else "no seats recorded"


def _board_changes(
    board_id: str, old: BoardState | None, new: BoardState | None, names: Names, begins: bool = False
) -> list[Change]:
    said = names.board(board_id)
    if old is None and new is not None:
        seats = len(new.seats or {})
        made = "was already recorded when the history begins" if begins else "was set up"
        head = Change(
            kind="board",
            change="added",
            board=board_id,
            summary=f"{said} {made}, with {_seats_phrase(seats)}",
            fields={"seats": (0, seats)},
        )
        return [head, *_seat_changes(board_id, {}, new.seats or {}, names, begins)]
    if new is None and old is not None:
        head = Change(
            kind="board", change="removed", board=board_id, summary=f"{said} was removed from the data"
        )
        return [head, *_seat_changes(board_id, old.seats or {}, {}, names)]
    assert old is not None and new is not None
    out: list[Change] = []
    fields: dict[str, tuple[Any, Any]] = {}
    parts: list[str] = []
    if old.status is not None and new.status is not None and old.status != new.status:
        fields["status"] = (old.status, new.status)
        parts.append(_status_phrase(old.status, new.status))
    if (
        old.reports_to is not None
        and new.reports_to is not None
        and sorted(old.reports_to) != sorted(new.reports_to)
    ):
        fields["reports_to"] = (old.reports_to, new.reports_to)

        def boards(ids: tuple[str, ...]) -> str:
            return " and ".join(names.board(i) for i in ids)

        now = boards(new.reports_to) or "no board"
        parts.append(f"now reports to {now} (was {boards(old.reports_to) or 'none'})")
    if fields:
        summary = f"{said} " + "; ".join(parts)
        out.append(Change(kind="board", change="changed", board=board_id, fields=fields, summary=summary))
    if old.seats is not None and new.seats is not None:
        out.extend(_seat_changes(board_id, old.seats, new.seats, names))
    return out


def _status_phrase(old: str, new: str) -> str:
    if new == "closed":
        return "was closed"
    if new == "active" and old == "closed":
        return "was reopened"
    if new == "active":
        return "became active again"
    return f"became {new}"


def seat_record(member: m.Member) -> dict[str, Any]:
    """A seat as a change describes it: who holds it, for whom, and when (never contact details)."""
    return {
        "role": member.role,
        "organisation": member.organisation,
        "person": member.person,
        "position": member.position,
        "elected_member": member.elected_member,
        "since": member.since,
        "until": member.until,
    }


AS_POSITION = {"member": "a member", "adviser": "an adviser"}
"""A seat's position as a sentence says it: 'joined ... as a member'."""


def _holder(old: m.Member, new: m.Member) -> bool:
    """Whether ``new`` is ``old``'s seat with another holder: the same organisation and role."""
    return (
        old.person != new.person
        and old.organisation == new.organisation
        and old.role.casefold() == new.role.casefold()
    )


def _pairs(
    old: dict[tuple[Hashable, ...], m.Member], new: dict[tuple[Hashable, ...], m.Member]
) -> dict[tuple[Hashable, ...], tuple[Hashable, ...]]:
    """Seats that left and joined in the same step but are one seat changed (added key ->
    removed key): a change of holder (same organisation and role), or, where no one is
    named, a change of role (the only seat of that organisation and position to go and come)."""
    gone = [k for k in old if k not in new]
    came = [k for k in new if k not in old]
    pairs: dict[tuple[Hashable, ...], tuple[Hashable, ...]] = {}
    for key in came:
        match = next((g for g in gone if g not in pairs.values() and _holder(old[g], new[key])), None)
        if match is not None:
            pairs[key] = match

    def group(seat: m.Member) -> tuple[Any, ...]:
        return (seat.organisation, seat.position)

    left = [g for g in gone if g not in pairs.values() and old[g].person is None]
    joined = [k for k in came if k not in pairs and new[k].person is None]
    for key in joined:
        same = [k for k in joined if group(new[k]) == group(new[key])]
        was = [g for g in left if group(old[g]) == group(new[key])]
        if len(same) == 1 and len(was) == 1 and new[key].organisation is not None:
            pairs[key] = was[0]
    return pairs


def _seat_field(name: str, old: Any, new: Any, names: Names) -> str:
    """One changed field of a seat, in words: 'became vice-chair', 'now ends on 1 June 2026'."""
    if name == "position":
        return f"became {AS_POSITION.get(new, new)}"
    if name == "role":
        return f"became {new}"
    if name == "organisation":
        return f"is now for {names.org(new) or 'no organisation'}"
    if name == "elected_member":
        return "is now recorded as an elected member" if new else "is no longer recorded as an elected member"
    if name in ("since", "until"):
        edge = "starts" if name == "since" else "ends"
        if new is None:
            return f"no longer has a day it {edge} on (it was {long_date(old)})" if old else f"no {edge} day"
        return f"now {edge} on {long_date(new)}" + (f" (it was {long_date(old)})" if old else "")
    return f"{name} is now {_shown(new)} (it was {_shown(old)})"


def _seat_changes(
    board_id: str,
    old: dict[tuple[Hashable, ...], m.Member],
    new: dict[tuple[Hashable, ...], m.Member],
    names: Names,
    begins: bool = False,
) -> list[Change]:
    out: list[Change] = []
    on = names.board(board_id)
    pairs = _pairs(old, new)
    for key, seat in new.items():
        label = names.seat(seat)
        before = old.get(key) or (old[pairs[key]] if key in pairs else None)
        if before is None:
            joined = "was already recorded on" if begins else "joined"
            summary = f"{label} {joined} {on} as {AS_POSITION.get(seat.position, seat.position)}"
            if seat.until is not None:
                summary += f" until {long_date(seat.until)}"
            out.append(
                Change(kind="seat", change="added", board=board_id, seat=seat_record(seat), summary=summary)
            )
            continue
        fields = {
            name: (getattr(before, name), getattr(seat, name))
            for name in ("person", *SEAT_FIELDS)
            if getattr(before, name) != getattr(seat, name)
        }
        if not fields:
            continue
        lead: str | None = None
        if "person" in fields:
            new_name, old_name = names.person(seat.person), names.person(before.person)
            if new_name and old_name:
                lead = f"{new_name} replaced {old_name} as {names.role(seat)} on {on}"
            elif new_name:
                lead = f"{new_name} is now named as {names.role(seat)} on {on}"
            else:
                lead = f"{old_name} is no longer named as {names.role(before)} on {on}"
        elif "role" in fields:
            lead = f"the seat {names.seat(before)} on {on} became {seat.role}"
        ended = fields.get("until", (0, 0))[0] is None
        quiet = {"person", "role", "organisation"} if lead else set()
        parts = [
            _seat_field(name, o, n, names)
            for name, (o, n) in fields.items()
            if name not in quiet and (not ended or name != "until")
        ]
        if ended:
            last = long_date(seat.until) if seat.until else "a day not recorded"
            summary = f"the seat {label} on {on} was given an end date, {last}"
            if lead:
                summary = f"{lead}; the seat was given an end date, {last}"
            summary += "".join(f"; {p}" for p in parts)
        elif lead:
            summary = lead + "".join(f"; {p}" for p in parts)
        else:
            summary = f"{label} on {on} " + "; ".join(parts)
        out.append(
            Change(
                kind="seat",
                change="changed",
                board=board_id,
                seat=seat_record(seat),
                fields=fields,
                summary=summary,
                # capitalised only where thp's own words ("the seat ...") open it, never a value
                own_opening=summary.startswith("the seat "),
            )
        )
    paired = set(pairs.values())
    for key, seat in old.items():
        if key not in new and key not in paired:
            summary = f"{names.seat(seat)} left {on} (the seat was removed)"
            out.append(
                Change(kind="seat", change="removed", board=board_id, seat=seat_record(seat), summary=summary)
            )
    return out


def _rec_changes(rec_id: str, old: RecState | None, new: RecState | None, names: Names) -> list[Change]:
    """A recommendation's changes: its owner and senior responsible officer, then
    each action's, named as the data numbers them ("Recommendation 2, action iii")."""
    out: list[Change] = []
    number = new.number if new is not None else old.number if old is not None else 0
    rec = f"Recommendation {number}"
    if (old is None) != (new is None):  # the recommendation itself came or went, with or without actions
        made: ChangeType = "added" if new is not None else "removed"
        out.append(
            Change(kind="recommendation", change=made, recommendation=rec_id, summary=f"{rec} was {made}")
        )
    if old is not None and new is not None:
        for name, words, o, n, shown in (
            ("owner", "owner", old.owner, new.owner, names.board),
            ("sro", "senior responsible officer", old.sro, new.sro, str),
        ):
            if o != n and name not in old.unknown | new.unknown:
                then, now = (_shown(v if v is None else shown(v)) for v in (o, n))
                said = f"{words} {then} -> {now}"
                out.append(
                    Change(
                        kind="recommendation",
                        change="changed",
                        recommendation=rec_id,
                        fields={name: (o, n)},
                        summary=f"{rec}: {said}",
                    )
                )
        if old.actions is None or new.actions is None:
            return out  # the actions of one side did not load
    before = (old.actions if old else None) or {}
    after = (new.actions if new else None) or {}

    def change(kind: ChangeType, action: m.RecommendationAction, summary: str, **fields: Any) -> None:
        out.append(
            Change(
                kind="recommendation-action",
                change=kind,
                recommendation=rec_id,
                action=action.number,
                fields=fields,
                summary=f"{rec}, action {action.number}{summary}",
            )
        )

    def boards(ids: tuple[str, ...]) -> str:
        return ", ".join(names.board(b) for b in ids) if ids else _shown(None)

    for key, action in after.items():
        was = before.get(key)
        if was is None:
            change("added", action, f" was added: {action.title}")
            continue
        fields: dict[str, tuple[Any, Any]] = {
            name: (getattr(was, name), getattr(action, name))
            for name in ACTION_FIELDS
            if getattr(was, name) != getattr(action, name)
        }
        parts = [f"{name} {_shown(o)} -> {_shown(n)}" for name, (o, n) in fields.items()]
        if was.owners != action.owners:
            owners = (tuple(was.owners), tuple(action.owners))
            fields["owners"] = owners
            parts.append(f"owners {boards(owners[0])} -> {boards(owners[1])}")
        if fields:
            change("changed", action, ": " + "; ".join(parts), **fields)
    for key, action in before.items():
        if key not in after:
            change("removed", action, " was removed")
    return out
