"""Referential integrity: everything a record names must exist."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..dataset.names import REFERENCE_NOUNS, NameIndex, name_index, reference_hint
from ..field_types import RULE_SETTINGS
from ..findings import Severity
from ..text import did_you_mean
from .base import DATA_FORMAT, NOTHING, REGISTRY, Context, Problem, problem, rule
from .notes import Table

_KIND_NOUN = {
    "boards": "board",
    "organisations": "organisation in organisations.yaml",
    "people": "person in people.yaml",
    "calls": "call to action in calls_to_action.yaml",
    "actions": "action in calls_to_action.yaml",
}

if TYPE_CHECKING:
    from ..dataset.records import Dataset, Located, Where
    from ..model import Board, Recommendation


Reference = tuple[str, object, "Where", tuple[object, ...], str]
"""A reference: the kind of record it names, the key, where it is, its path there and its field."""


def _references(ctx: Context) -> Iterator[Reference]:
    """(kind, key, where, path, field) for every reference in the data."""
    ds = ctx.dataset
    if ds.partnership and ds.partnership.record.annual_update_to:
        yield (
            "boards",
            ds.partnership.record.annual_update_to,
            ds.partnership.where,
            ("annual_update_to",),
            "annual_update_to",
        )
    for board in ds.boards.values():
        if not _all_named(ds, board.record):  # else every reference names what exists: nothing to say
            yield from _of_board(board)
    for indicator in ds.indicators.values():
        ind = indicator.record
        yield "boards", ind.owner, indicator.where, ("owner",), "owner"
        for n, call in enumerate(ind.calls_to_action):
            yield "calls", call, indicator.where, ("calls_to_action", n), "calls_to_action"
        for n, act in enumerate(ind.actions):
            yield "actions", act, indicator.where, ("actions", n), "actions"
    for rec in ds.recommendations.values():
        yield from _of_recommendation(rec)


def _of_board(board: Located[Board]) -> Iterator[Reference]:
    """(kind, key, where, path, field) for every reference of a board."""
    b, w = board.record, board.where
    for i, target in enumerate(b.reports_to):
        yield "boards", target, w, ("reports_to", i), "reports_to"
    for i, number in enumerate(b.calls_to_action):
        yield "calls", number, w, ("calls_to_action", i), "calls_to_action"
    for i, action in enumerate(b.actions):
        yield "actions", action, w, ("actions", i), "actions"
    for i, member in enumerate(b.members):
        if member.organisation:
            yield "organisations", member.organisation, w, ("members", i, "organisation"), "organisation"
        if member.person:
            yield "people", member.person, w, ("members", i, "person"), "person"
    for i, meeting in enumerate(b.meetings):
        for j, entry in enumerate(meeting.attendance):
            at = ("meetings", i, "attendance", j)
            if entry.organisation:
                yield "organisations", entry.organisation, w, (*at, "organisation"), "organisation"
            if entry.person:
                yield "people", entry.person, w, (*at, "person"), "person"
    for i, vacancy in enumerate(b.vacancies):
        if vacancy.organisation:
            yield "organisations", vacancy.organisation, w, ("vacancies", i, "organisation"), "organisation"


def _of_recommendation(rec: Located[Recommendation]) -> Iterator[Reference]:
    """(kind, key, where, path, field) for every reference of a recommendation."""
    r = rec.record
    if r.owner:
        yield "boards", r.owner, rec.where, ("owner",), "owner"
    for i, rec_action in enumerate(r.actions):
        for j, owner in enumerate(rec_action.owners):
            yield "boards", owner, rec.where, ("actions", i, "owners", j), "owners"


def _all_named(ds: Dataset, b: Board) -> bool:
    """Whether every reference of board ``b`` names a record that was loaded (most boards:
    quicker to tell at once than reference by reference)."""
    members, meetings = b.members, b.meetings
    orgs = {m.organisation for m in members if m.organisation}
    orgs.update(v.organisation for v in b.vacancies if v.organisation)
    people = {m.person for m in members if m.person}
    for meeting in meetings:
        if meeting.attendance:
            orgs.update(e.organisation for e in meeting.attendance if e.organisation)
            people.update(e.person for e in meeting.attendance if e.person)
    return (
        ds.organisations.keys() >= orgs
        and ds.people.keys() >= people
        and ds.boards.keys() >= set(b.reports_to)
        and ds.calls.keys() >= set(b.calls_to_action)
        and ds.actions.keys() >= set(b.actions)
    )


BoardReads = tuple[tuple[object, ...], tuple[str, ...], tuple[tuple[object, ...], ...]]


def _reads(ctx: Context, located: Located[Any]) -> Hashable:
    """What unknown-reference reads of a record (see :func:`_board_reads` for a board's)."""
    from ..model import Board, Recommendation

    if isinstance(located.record, Recommendation):
        return tuple((kind, key, path) for kind, key, _, path, _ in _of_recommendation(located))
    return _board_reads(ctx, located) if isinstance(located.record, Board) else ()


def _board_reads(ctx: Context, board: Located[Board]) -> BoardReads:
    """What unknown-reference reads of a board: what it is named by, the boards it names
    (whether they exist depends on the other boards), and which of its references to other
    things name nothing (organisations, people, calls and actions: no record's files tell)."""
    b, ds = board.record, ctx.dataset
    unknown = tuple(
        (kind, key, path)
        for kind, key, _, path, _ in _of_board(board)
        if kind != "boards" and not ds.exists(kind, key)
    )
    return (b.id, b.name, b.short_name), tuple(b.reports_to), unknown


class _ReferenceReads:
    """unknown-reference finds just the same after an edit its reads (:func:`_reads`) call
    alike; or one of a board that changes only the boards it reports to, each a board the
    partnership had (it notes their ids), or one that failed to load."""

    def edit(self, note: object, ctx: Context, old: Located[Any], new: Located[Any]) -> tuple[bool, object]:
        from ..model import Board

        if not isinstance(new.record, Board):
            return _reads(ctx, old) == _reads(ctx, new), note
        (named, lines, unknown), now = _board_reads(ctx, old), _board_reads(ctx, new)
        if (named, unknown) != (now[0], now[2]):
            return False, note
        if lines == now[1]:
            return True, note
        if not isinstance(note, Table):
            return False, note
        known = all(note.get(b) is not None or ctx.dataset.exists("boards", b) for b in (*lines, *now[1]))
        return known, note


@rule(
    "unknown-reference",
    Severity.ERROR,
    "A reference names nothing that exists",
    DATA_FORMAT,
    reads=_ReferenceReads(),
)
def unknown_reference(ctx: Context) -> Iterable[Problem]:
    """Every board, organisation, person, call and action that a record names
    must exist: a board's reports_to names boards, a seat's organisation names
    an entry of organisations.yaml, and so on. A misspelt id would otherwise
    quietly cut a board out of the partnership; thp suggests the id you
    probably meant, or the id of the board, organisation or person whose
    name was written instead of its id.
    """
    ds = ctx.dataset
    ctx.note("unknown-reference", lambda: Table.of(dict.fromkeys(ds.boards, True)))
    indexes: dict[str, NameIndex] = {}
    for kind, key, where, path, field in _references(ctx):
        if key in getattr(ds, kind) or ds.exists(kind, key):  # most references name what exists
            continue
        if kind in REFERENCE_NOUNS:
            if kind not in indexes:
                indexes[kind] = name_index(ds, kind)
            hint = reference_hint(indexes[kind], kind, str(key))
        else:
            hint = did_you_mean(str(key), [str(k) for k in getattr(ds, kind)])
        yield problem(
            where,
            f"{field} names '{key}', which is no {_KIND_NOUN[kind]}{hint}",
            *path,
        )


@rule(
    "unknown-rule",
    Severity.ERROR,
    "partnership.yaml sets a rule that does not exist",
    DATA_FORMAT,
    reads=NOTHING,
)
def unknown_rule(ctx: Context) -> Iterable[Problem]:
    """The rules: section of partnership.yaml may set the severity (error,
    warning or off) of a rule listed by `thp rules`. A misspelt rule id would
    otherwise change nothing without anyone noticing; rules about reading
    files cannot be changed.
    """
    ds = ctx.dataset
    if not ds.partnership:
        return
    where = ds.partnership.where
    for rule_id, setting in ds.partnership.record.rules.items():
        if setting not in RULE_SETTINGS:
            hint = did_you_mean(setting, RULE_SETTINGS)
            yield problem(
                where,
                f"a rule's severity is error, warning or off, not '{setting}'{hint}",
                "rules",
                rule_id,
            )
        known = REGISTRY.get(rule_id)
        if known is None:
            hint = did_you_mean(rule_id, sorted(r for r, v in REGISTRY.items() if v.configurable))
            yield problem(
                where,
                f"rules sets '{rule_id}', which is no rule (see thp rules){hint}",
                "rules",
                rule_id,
                key=True,
            )
        elif not known.configurable:
            yield problem(
                where,
                f"the rule '{rule_id}' is about reading files and cannot be changed",
                "rules",
                rule_id,
                key=True,
            )
