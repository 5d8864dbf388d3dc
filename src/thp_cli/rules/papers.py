"""What the partnership's own papers ask of its boards (warnings by default)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import duties
from ..dates import long_date
from ..findings import Severity
from ..text import listing
from .base import DATA_FORMAT, GOOD_PRACTICE, OWN_PAPERS, PLAN, Context, Problem, of_boards, problem, rule
from .spelling import SPELLINGS, letters_of, normal, seats, spelling_note

WP_SOURCE = f"{OWN_PAPERS} (work_programme_due)"

if TYPE_CHECKING:
    from ..dataset.records import Located
    from ..model import Board

W = Severity.WARNING
ACTIVE_KINDS_FOR_GROUPS = duties.WORK_PROGRAMME_KINDS


def _active(board: Located[Board], *fields: str) -> bool:
    """Active, and none of ``fields`` dropped for errors: fit to judge on them."""
    return board.record.status == "active" and board.judged("status", *fields)


def _who_asks(ctx: Context) -> str:
    """Who sets a duty, in words: the terms of reference when partnership.yaml names
    them, else the partnership itself (its own setting in partnership.yaml)."""
    p = ctx.dataset.partnership
    return "the terms of reference ask" if p and p.record.terms_of_reference else "the partnership asks"


@rule(
    "co-chairing",
    W,
    "Not co-chaired by an elected member and a partner",
    f"{OWN_PAPERS} (co_chairing)",
    local=True,
)
def co_chairing(ctx: Context) -> Iterable[Problem]:
    """Where partnership.yaml asks for it (co_chairing: with the kinds of board
    and, in source, the paper that asks), an active board of those kinds whose
    current seats are listed should have a chair or co-chair who is an
    elected member and another who is not. A chair whose post names an
    elected office (Mayor, Councillor, Cabinet Member ...) but whose seat is
    not marked elected_member: true gets a hint to mark it instead. A
    partnership that sets no co_chairing is not judged.
    """
    p = ctx.dataset.partnership.record if ctx.dataset.partnership else None
    if p is None or p.co_chairing is None:
        return
    source = duties.duty_source(p)
    kinds = _kinds_words(p.co_chairing.kinds)
    for board in ctx.dataset.boards.values():
        b = board.record
        if not duties.co_chairing_applies(p, b) or not _active(board, "members"):
            continue
        chairing = duties.judge_chairing(b, ctx.as_of)
        if chairing is None or chairing.verdict == "co-chaired":
            continue
        path: tuple[object, ...] = ("members",)
        if chairing.seat is not None:
            path = ("members", chairing.seat, "position")
        if chairing.verdict == "unmarked":
            yield problem(
                board.where,
                f"{b.name} is chaired by {chairing.role}, a post that sounds elected, but the seat is "
                "not marked as an elected member; if it is, add elected_member: true to that seat",
                *path,
            )
            continue
        if chairing.verdict == "no-chair":
            lacks = "has no chair or co-chair among its seats"
        elif chairing.verdict == "no-partner":
            lacks = f"is chaired by {chairing.role} (an elected member) with no partner co-chair"
        else:
            lacks = f"is chaired by {chairing.role} with no elected member co-chair"
        yield problem(
            board.where,
            f"{b.name} {lacks}; {source} asks for {kinds} to be co-chaired by an elected member "
            "and a partner",
            *path,
        )


def _kinds_words(kinds: Iterable[str]) -> str:
    """The board kinds in words, each once: "thematic boards and subgroups"."""
    return listing([KIND_WORDS.get(k, k) for k in dict.fromkeys(kinds)])


KIND_WORDS = {
    "partnership-board": "partnership boards",
    "executive": "executive groups",
    "thematic-board": "thematic boards",
    "subgroup": "subgroups",
    "task-and-finish": "task-and-finish groups",
    "congress": "congresses",
    "forum": "forums",
}


@rule("work-programme", W, "No work programme published by the due date", WP_SOURCE, local=True)
def work_programme(ctx: Context) -> Iterable[Problem]:
    """Where partnership.yaml sets work_programme_due (a day of every year,
    "MM-DD"), every active group (executive groups and thematic boards)
    should publish its work programme for the coming year by that day. A group
    whose latest work_programme.published is missing, a year or more before
    the last due date, or after it, is reported. When terms_of_reference:
    gives applies_from, a due date before it does not count: the duty did
    not exist yet; nor does one before the board's own established day.
    """
    ds = ctx.dataset
    if ds.partnership and not ds.partnership.judged("terms_of_reference", "work_programme_due"):
        return  # the data's errors hide when the duty applies: not judged
    p = ds.partnership.record if ds.partnership else None
    if duties.last_work_programme_due(p, ctx.as_of) is None:
        return
    asks = _who_asks(ctx)
    for board in ds.boards.values():
        b = board.record
        if b.kind not in ACTIVE_KINDS_FOR_GROUPS or not _active(board, "work_programme"):
            continue
        # none was due before the board was set up (an unreadable day is not judged)
        due = duties.last_work_programme_due(p, ctx.as_of, b if board.judged("established") else None)
        if due is None:
            continue
        shown = long_date(due)
        published = duties.board_published(b)
        verdict = duties.judge_work_programme(published, due)
        if verdict == "on-time":
            continue
        if published is None:
            message = (
                f"{b.name} has no published work programme recorded (due by {shown}; "
                f"{asks} every group for one each year)"
            )
            path: tuple[object, ...] = ("work_programme",) if b.work_programme else ("id",)
        elif verdict == "stale":
            message = (
                f"{b.name}'s work programme was last published on {published.isoformat()}; "
                f"the next was due by {shown}"
            )
            path = ("work_programme", "published")
        else:
            message = f"{b.name}'s work programme was published on {published.isoformat()}, after {shown}"
            path = ("work_programme", "published")
        yield problem(board.where, message, *path)


def _update_reads(ctx: Context, b: Board) -> tuple[object, ...]:
    """What annual-update reads of a board: its name (that of the board updated, for one),
    whether it is judged, and whether and when it last updated."""
    p = ctx.dataset.partnership.record if ctx.dataset.partnership else None
    missed = duties.update_missed(p, b, ctx.as_of)
    return (b.id, b.name, b.kind, b.status, missed, tuple(u.year for u in b.updates))


@rule(
    "annual-update",
    W,
    "No annual update to the board above",
    f"{OWN_PAPERS} (annual_update_to)",
    reads=of_boards(_update_reads),
)
def annual_update(ctx: Context) -> Iterable[Problem]:
    """Where partnership.yaml sets annual_update_to (a board's id), thematic
    boards update that board at least annually. A thematic board with no
    update under updates: for this year or last year is reported. When
    terms_of_reference: gives applies_from, a board is not judged until a
    full year has passed since then, nor until a year after its established day.
    """
    ds = ctx.dataset
    if ds.partnership and not ds.partnership.judged("terms_of_reference", "annual_update_to"):
        return  # the data's errors hide when the duty applies: not judged
    p = ds.partnership.record if ds.partnership else None
    if p is None or not p.annual_update_to:
        return
    above = ds.boards.get(p.annual_update_to)
    to = above.record.name if above is not None else p.annual_update_to
    asks = _who_asks(ctx)
    for board in ds.boards.values():
        b = board.record
        if b.kind != "thematic-board" or not _active(board, "updates"):
            continue
        if not duties.update_missed(p, b, ctx.as_of):
            continue  # an update for this year or last is recorded, or none was due yet
        years = [u.year for u in b.updates]
        last = f"the last was for {max(years)}" if years else "none is recorded"
        yield problem(
            board.where,
            f"{b.name} has no update to {to} for {ctx.as_of.year - 1} or {ctx.as_of.year} "
            f"({last}); {asks} that thematic boards update {to} at least annually",
            "updates" if b.updates else "id",
        )


@rule("contributes-to-plan", W, "A thematic board contributes to no call to action", PLAN, local=True)
def contributes_to_plan(ctx: Context) -> Iterable[Problem]:
    """The partnership's plan is delivered through its thematic boards, so
    each active thematic board should name at least one call to action (or
    one of its actions) in calls_to_action.yaml that it works on. A thematic
    board that names no call to action and no action is reported.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.kind != "thematic-board" or not _active(board, "calls_to_action", "actions"):
            continue
        if not duties.calls_delivered(b):
            yield problem(
                board.where,
                f"{b.name} names no call to action it delivers; add calls_to_action: [...]",
                "id",
            )


@rule(
    "plan-coverage",
    W,
    "A call to action is delivered by no board",
    PLAN,
    reads=of_boards(lambda ctx, b: (b.status, frozenset(duties.calls_delivered(b)))),
)
def plan_coverage(ctx: Context) -> Iterable[Problem]:
    """Every call to action of the plan is delivered by at least one active
    board, through calls_to_action or one of its actions.
    """
    ds = ctx.dataset
    if ds.broken.get("boards") or not all(
        b.judged("calls_to_action", "actions", "status") for b in ds.boards.values()
    ):
        return  # a board that failed to load may be the one that delivers it
    covered: set[int] = set()
    for board in ds.boards.values():
        if board.record.status != "active":
            continue
        covered |= duties.calls_delivered(board.record)
    for number, call in sorted(ds.calls.items()):
        if number not in covered:
            yield problem(
                call.where,
                f"no active board delivers call to action {number}; name it in the "
                "calls_to_action of the boards that do",
                "number",
            )


@rule("no-recent-meeting", W, "No meeting held in the last twelve months", GOOD_PRACTICE, local=True)
def no_recent_meeting(ctx: Context) -> Iterable[Problem]:
    """A board that is active should be meeting: one that has not met for a
    year may no longer be needed. An active board whose meetings are
    recorded, but none of them held in the twelve months up to the day
    judged, is reported. A board with no meetings recorded is not judged.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if not _active(board, "meetings", "established"):
            continue
        quiet = b.quiet(ctx.as_of)
        if quiet is None:
            continue
        last = (
            f"the last was on {quiet.last_held.isoformat()}"
            if quiet.last_held
            else "none is recorded as held"
        )
        yield problem(
            board.where,
            f"{b.name} is active but held no meeting in the twelve months to "
            f"{ctx.as_of.isoformat()} ({last}); is it still needed?",
            "meetings",
        )


@rule(
    "meeting-still-planned",
    W,
    "A meeting is still planned, though its date has passed",
    DATA_FORMAT,
    local=True,
)
def meeting_still_planned(ctx: Context) -> Iterable[Problem]:
    """A meeting recorded as planned is one still to come. Once its date has
    passed, it was held or it was not: record which (status: held, or
    cancelled), so that the meetings the board held, and their papers, are
    counted. Officers often record a meeting after the event, so this is a
    reminder, never an error.
    """
    for board in ctx.dataset.boards.values():
        if not board.judged("meetings"):
            continue
        for i, meeting in enumerate(board.record.meetings):
            if duties.still_planned(meeting.status, meeting.date, ctx.as_of):
                yield problem(
                    board.where,
                    f"the meeting of {meeting.date.isoformat()} is still planned, though its date has "
                    "passed; record it as held or cancelled",
                    "meetings",
                    i,
                    "status",
                )


@rule("seat-spelling", W, "The same seat is spelt two ways", DATA_FORMAT, reads=SPELLINGS)
def seat_spelling(ctx: Context) -> Iterable[Problem]:
    """A seat held on several boards (same organisation, same role) should be
    spelt the same way everywhere; otherwise thp, and anyone reading, counts
    two seats where there is one, and who sits in which meetings cannot be
    answered. Roles that differ only in capitals, spaces or punctuation are
    reported, with the most common spelling as the suggestion. Where the
    respelt seat would be one the same board already lists, the finding
    says so: the two are likely the same seat, listed twice.
    """
    respelt = _respelt(ctx)
    if not respelt:
        return
    for board in ctx.dataset.boards.values():
        members = board.record.members
        for i, member in enumerate(members):
            org = member.organisation or ""
            best = None if member.person else respelt.get((org, member.role))
            if best is None:
                continue
            spelt = [
                j
                for j, m in enumerate(members)
                if not m.person and (m.organisation or "", m.role) == (org, best)
            ]
            twin = _same_seat(board.record, i, spelt)
            if twin is None:
                message = (
                    f"the seat '{member.role}' is spelt '{best}' elsewhere; spell it one way on every board"
                )
            else:
                line, _ = board.where.position("members", twin)
                known = ctx.dataset.organisations.get(org)
                of = f", {known.record.name}" if known else (f", {org}" if org else "")
                message = (
                    f"the seat '{member.role}' looks like the same seat as line {line} ({best}{of}), which "
                    f"{board.record.name} already lists: remove one, or if the seat was held twice "
                    "give each term its since and until"
                )
            yield problem(board.where, message, "members", i, "role")


def _respelt(ctx: Context) -> dict[tuple[str, str], str]:
    """Each seat (organisation and role, of seats that name no person) spelt another way
    elsewhere, and the spelling to use: the most common (the last in sorting order of
    those as common). Each spelling is compared once, however many boards list it."""
    exact = Counter(seat for b in ctx.dataset.boards.values() for seat in seats(b.record))
    # first the roles alike at a glance (their letters and digits, letters_of), then only those
    # compared as spelt (normal): seats whose letters differ cannot be spelt alike
    letters = {seat: (seat[0], letters_of(seat[1])) for seat in exact}
    ctx.note("seat-spelling", lambda: spelling_note(letters))
    glance = Counter(letters.values())
    spellings: dict[tuple[str, str], dict[str, int]] = {}
    for (org, role), count in exact.items():
        if glance[letters[org, role]] > 1:
            spellings.setdefault((org, normal(role)), {})[role] = count
    respelt: dict[tuple[str, str], str] = {}
    for (org, _), counts in spellings.items():
        if len(counts) < 2:
            continue
        best = max(counts, key=lambda r: (counts[r], r))
        respelt.update({(org, role): best for role in counts if role != best})
    return respelt


def _same_seat(board: Board, i: int, spelt: list[int]) -> int | None:
    """The first of ``spelt`` (seats of the same organisation on ``board``, in
    the spelling seat ``i`` is told to use) whose term shares a day with seat
    ``i``'s: respelt, seat ``i`` would be listed twice."""
    seat = board.members[i]
    start, end = seat.since or dt.date.min, seat.until or dt.date.max
    for j in spelt:
        other = board.members[j]
        if (other.since or dt.date.min) <= end and start <= (other.until or dt.date.max):
            return j
    return None
