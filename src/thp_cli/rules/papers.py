"""What the partnership's own papers ask of its boards (warnings by default)."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..findings import Finding, Severity
from ..model import shift_year
from . import PLAN, REVIEW, TERMS, Context, rule

if TYPE_CHECKING:
    from ..model import Board
    from ..repository import Located

W = Severity.WARNING
ACTIVE_KINDS_FOR_GROUPS = ("executive", "thematic-board")


def _active(board: Located[Board], *fields: str) -> bool:
    """Active, and none of ``fields`` dropped for errors: fit to judge on them."""
    return board.record.status == "active" and board.judged("status", *fields)


@rule("co-chairing", W, "Not co-chaired by an elected member and a partner", REVIEW + ", R3.i")
def co_chairing(ctx: Context) -> Iterable[Finding]:
    """The review's recommendation R3.i asks for "a consistent joint
    co-chairing arrangement with elected members and partners/council across
    the Partnership Executive Group and thematic Partnership Boards". A board
    of those kinds whose current seats are listed should have a chair or
    co-chair who is an elected member and another who is not.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.kind not in ACTIVE_KINDS_FOR_GROUPS or not _active(board, "members"):
            continue
        chairs = [m for m in b.members if m.position in ("chair", "co-chair") and m.current(ctx.as_of)]
        if not any(m.current(ctx.as_of) for m in b.members):
            continue
        elected = [m for m in chairs if m.elected_member]
        partners = [m for m in chairs if not m.elected_member]
        if elected and partners:
            continue
        if not chairs:
            problem = "has no chair or co-chair among its seats"
        elif elected:
            problem = f"is chaired by {elected[0].role} (an elected member) with no partner co-chair"
        else:
            problem = f"is chaired by {partners[0].role} with no elected member co-chair"
        index = b.members.index(chairs[0]) if chairs else None
        path: tuple[object, ...] = ("members", index, "position") if index is not None else ("members",)
        yield board.where.finding(
            "co-chairing",
            f"{b.id} {problem}; review R3.i asks PEG and thematic boards to be co-chaired "
            "by an elected member and a partner",
            *path,
        )


@rule("work-programme", W, "No work programme published by the due date", TERMS)
def work_programme(ctx: Context) -> Iterable[Finding]:
    """The terms of reference ask every group (PEG and the thematic boards) to
    publish its work programme, with meeting dates, for the coming year by 30
    June (work_programme_due in partnership.yaml). A group whose latest
    work_programme.published is missing, older than a year before the last
    due date, or after it, is reported.
    """
    ds = ctx.dataset
    if not ds.partnership or not ds.partnership.record.work_programme_due:
        return
    month, day = (int(p) for p in ds.partnership.record.work_programme_due.split("-"))
    due = _due_on_or_before(ctx.as_of, month, day)
    shown = f"{due.day} {due:%B} {due.year}"
    for board in ds.boards.values():
        b = board.record
        if b.kind not in ACTIVE_KINDS_FOR_GROUPS or not _active(board, "work_programme"):
            continue
        published = b.work_programme.published if b.work_programme else None
        if published is None:
            message = f"{b.id} has no published work programme recorded (due by {shown})"
            path: tuple[object, ...] = ("work_programme",) if b.work_programme else ("id",)
        elif published <= shift_year(due, -1):
            message = (
                f"{b.id}'s work programme was last published on {published.isoformat()}; "
                f"the next was due by {shown}"
            )
            path = ("work_programme", "published")
        elif published > due:
            message = f"{b.id}'s work programme was published on {published.isoformat()}, after {shown}"
            path = ("work_programme", "published")
        else:
            continue
        yield board.where.finding("work-programme", message, *path)


def _due_on_or_before(on: dt.date, month: int, day: int) -> dt.date:
    for year in (on.year, on.year - 1):
        try:
            due = dt.date(year, month, day)
        except ValueError:  # 02-29 in a common year
            due = dt.date(year, month, 28)
        if due <= on:
            return due
    return dt.date(on.year - 1, month, min(day, 28))


@rule("annual-update", W, "No annual update to the board above", TERMS + "; " + PLAN)
def annual_update(ctx: Context) -> Iterable[Finding]:
    """Thematic boards "provide an update at least annually to the Partnership
    Executive Group" (terms of reference; cabinet report 3.20). A thematic
    board with no update under updates: for this year or last year is
    reported. The board they report to is annual_update_to in
    partnership.yaml.
    """
    ds = ctx.dataset
    if not ds.partnership or not ds.partnership.record.annual_update_to:
        return
    to = ds.partnership.record.annual_update_to
    for board in ds.boards.values():
        b = board.record
        if b.kind != "thematic-board" or not _active(board, "updates"):
            continue
        years = [u.year for u in b.updates]
        if years and max(years) >= ctx.as_of.year - 1:
            continue
        last = f"the last was for {max(years)}" if years else "none is recorded"
        yield board.where.finding(
            "annual-update",
            f"{b.id} has no update to {to} for {ctx.as_of.year - 1} or {ctx.as_of.year} "
            f"({last}); thematic boards update {to} at least annually",
            "updates" if b.updates else "id",
        )


@rule("contributes-to-plan", W, "A thematic board contributes to no call to action", REVIEW)
def contributes_to_plan(ctx: Context) -> Iterable[Finding]:
    """The plan's priorities are delivered by the thematic boards, and the
    review says "ALL the Partnerships must contribute to all five cross-cutting
    calls to action". A thematic board that names no call to action and no
    action is reported.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.kind != "thematic-board" or not _active(board, "calls_to_action", "actions"):
            continue
        if not (b.calls_to_action or b.actions):
            yield board.where.finding(
                "contributes-to-plan",
                f"{b.id} names no call to action it delivers; add calls_to_action: [...]",
                "id",
            )


@rule("plan-coverage", W, "A call to action is delivered by no board", PLAN)
def plan_coverage(ctx: Context) -> Iterable[Finding]:
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
        covered.update(board.record.calls_to_action)
        covered.update(int(a.split(".")[0]) for a in board.record.actions)
    for number, call in sorted(ds.calls.items()):
        if number not in covered:
            yield call.where.finding(
                "plan-coverage",
                f"no active board delivers call to action {number}; name it in the "
                "calls_to_action of the boards that do",
                "number",
            )


@rule("no-recent-meeting", W, "No meeting held in the last twelve months", REVIEW + ", annex 1")
def no_recent_meeting(ctx: Context) -> Iterable[Finding]:
    """Annex 1 of the review, principle 1, asks chairs to check whether each
    group is "active and meeting regularly". An active board whose meetings
    are recorded, but none of them held in the twelve months up to today, is
    reported. A board with no meetings recorded is not judged.
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
        yield board.where.finding(
            "no-recent-meeting",
            f"{b.id} is active but held no meeting in the twelve months to "
            f"{ctx.as_of.isoformat()} ({last}); review annex 1 asks whether it is still needed",
            "meetings",
        )


@functools.lru_cache(maxsize=65536)
def _normal(role: str) -> str:
    """A role as compared for spelling, in any script: one Unicode form (NFKC),
    case folded, '&' read as 'and', and every run of characters other than
    letters, combining marks and digits read as one space. A role of no
    letters or digits at all is compared as it is written."""
    text = unicodedata.normalize("NFKC", role).casefold().replace("&", " and ")
    words = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split()
    return " ".join(words) or role


@rule("seat-spelling", W, "The same seat is spelt two ways", REVIEW)
def seat_spelling(ctx: Context) -> Iterable[Finding]:
    """A seat held on several boards (same organisation, same role) should be
    spelt the same way everywhere; otherwise thp, and anyone reading, counts
    two seats where there is one, and the review's question of who sits in
    which meetings cannot be answered. Roles that differ only in capitals,
    spaces or punctuation are reported, with the most common spelling as the
    suggestion.
    """
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    places = []
    for board in ctx.dataset.boards.values():
        for i, member in enumerate(board.record.members):
            if member.person:
                continue
            key = (member.organisation or "", _normal(member.role))
            spellings[key][member.role] += 1
            places.append((key, member.role, board, i))
    best_of: dict[tuple[str, str], str] = {}  # once per seat, not once per place
    for key, role, board, i in places:
        counts = spellings[key]
        if len(counts) < 2:
            continue
        if key not in best_of:
            best_of[key] = max(counts, key=lambda r: (counts[r], r))
        best = best_of[key]
        if role == best:
            continue
        yield board.where.finding(
            "seat-spelling",
            f"the seat '{role}' is spelt '{best}' elsewhere; spell it one way on every board",
            "members",
            i,
            "role",
        )
