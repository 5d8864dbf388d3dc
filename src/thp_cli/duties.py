"""What a partnership's own papers ask of its boards, judged once.

The rules (rules/papers.py) and the annual report (report/) both ask
these questions: is a work programme late, is a board co-chaired, is an
action of the review due. The answers are made here, from the partnership's
own data (``partnership.yaml``: its terms of reference, the day work
programmes are due, the kinds of board it wants co-chaired), so that a
warning and a report sentence can never disagree, and nothing here knows any
one partnership's names, dates or paper references.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .attendance import AttendanceIndex, Sitting
from .dates import shift_months, shift_year
from .text import plural

if TYPE_CHECKING:
    from .model import Board, Member, Partnership, RecommendationAction, Vacancy

# -- work programmes ------------------------------------------------------------
WorkProgrammeVerdict = Literal["missing", "on-time", "late", "stale"]


def due_in(month_day: str, year: int) -> dt.date:
    """The day ``"MM-DD"`` falls in ``year`` (28 February for 29 February in a common year)."""
    month, day = (int(p) for p in month_day.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:  # 02-29 in a common year
        return dt.date(year, month, 28)


def duty_start(partnership: Partnership | None) -> dt.date | None:
    """The first day the partnership's terms of reference apply, if its data says."""
    if partnership is None or partnership.terms_of_reference is None:
        return None
    return partnership.terms_of_reference.start


def board_duty_start(partnership: Partnership | None, board: Board | None) -> dt.date | None:
    """The first day a duty of the partnership's papers applies to ``board``: the later of the
    day the terms of reference apply from and the day the board was set up (a board set up
    in September owed no work programme that June), if the data gives either."""
    days = [d for d in (duty_start(partnership), board.established if board else None) if d is not None]
    return max(days) if days else None


def work_programme_due(
    partnership: Partnership | None, year: int, board: Board | None = None
) -> dt.date | None:
    """The day ``year``'s work programmes are due, or None: no day is set, or the
    terms of reference did not yet apply that year, or (given ``board``) the board
    was not yet set up by that day."""
    if partnership is None or not partnership.work_programme_due:
        return None
    due = due_in(partnership.work_programme_due, year)
    start = board_duty_start(partnership, board)
    return None if start is not None and due < start else due


def last_work_programme_due(
    partnership: Partnership | None, on: dt.date, board: Board | None = None
) -> dt.date | None:
    """The latest deadline for work programmes on or before ``on`` (for ``board``, if given:
    none before it was set up), or None if none has passed."""
    for year in (on.year, on.year - 1):
        due = work_programme_due(partnership, year, board)
        if due is not None and due <= on:
            return due
    return None


def judge_work_programme(published: dt.date | None, due: dt.date) -> WorkProgrammeVerdict:
    """Against one deadline: none recorded; published in the year up to it (on
    time); after it (late); or only a year or more before it (stale)."""
    if published is None:
        return "missing"
    if published > due:
        return "late"
    if published <= shift_year(due, -1):
        return "stale"
    return "on-time"


def board_published(board: Board) -> dt.date | None:
    """The day the board's latest work programme was published, if the data records one."""
    return board.work_programme.published if board.work_programme else None


WORK_PROGRAMME_KINDS = ("executive", "thematic-board")
"""The kinds of board whose work programmes the work-programme duty asks for."""


def work_programme_owed(
    partnership: Partnership | None, board: Board, on: dt.date, until: dt.date
) -> dt.date | None:
    """The first deadline, up to ``until``, that ``board`` owes a work programme for as
    judged on ``on``: the last deadline passed by ``on``, if :func:`judge_work_programme`
    finds its programme missing or stale (a late one was published: nothing is owed),
    else the next deadline if it falls by ``until`` and no programme was published in
    the year before it. None when nothing is owed, or the duty is not set."""
    if board.kind not in WORK_PROGRAMME_KINDS:
        return None
    published = board_published(board)
    last = last_work_programme_due(partnership, on, board)
    if last is not None and judge_work_programme(published, last) in ("missing", "stale"):
        return last
    for year in (on.year, on.year + 1):
        due = work_programme_due(partnership, year, board)
        if due is not None and on < due <= until:
            return due if judge_work_programme(published, due) in ("missing", "stale") else None
    return None


# -- yearly updates ---------------------------------------------------------------


def update_due(partnership: Partnership | None, board: Board) -> dt.date | None:
    """The last day by which ``board`` owes its next yearly update to the board named
    in ``annual_update_to``; on any later day the update is missed. None when the duty
    is not set or does not apply to the board (thematic boards only).

    An update for a year counts to the end of the next year (boards update at least
    annually). No update is missed before a full year has passed since the terms of
    reference applied, nor since the board was set up. With no update recorded and
    neither day given, the update for last year was owed by 31 December of last year:
    that is ``date.min`` here (missed on every day), for the caller to word.
    """
    if partnership is None or not partnership.annual_update_to or board.kind != "thematic-board":
        return None
    starts = [shift_year(d, 1) for d in (duty_start(partnership), board.established) if d is not None]
    first = max(starts) - dt.timedelta(days=1) if starts else dt.date.min
    years = [u.year for u in board.updates]
    if not years:
        return first
    return max(first, dt.date(min(max(years) + 1, dt.MAXYEAR), 12, 31))


def update_missed(partnership: Partnership | None, board: Board, on: dt.date) -> bool:
    """Has ``board`` missed its yearly update on ``on`` (see :func:`update_due`)?"""
    due = update_due(partnership, board)
    return due is not None and on > due


# -- co-chairing ----------------------------------------------------------------
ChairingVerdict = Literal["co-chaired", "no-chair", "no-partner", "no-elected", "unmarked"]

# Words of an elected office in a UK council or beyond; a possessive ("the Mayor's
# Office") names an officer's post, not the office holder.
_ELECTED_OFFICE = re.compile(
    r"\b(?:mayor|councillor|cllr|cabinet member|lead member|portfolio holder|alderman"
    r"|leader of the council|police and crime commissioner|member of parliament)\b(?!['’]s)",
    re.IGNORECASE,
)


def sounds_elected(role: str) -> bool:
    """Does the seat's role name an elected office (Mayor, Councillor, Cabinet Member ...)?"""
    return _ELECTED_OFFICE.search(role) is not None


@dataclass(frozen=True)
class Chairing:
    """How a board is chaired on a day, against the co-chairing duty.

    ``seat`` is the index in ``members`` of the chair the verdict is about
    (None when there is no chair); ``role`` is that seat's role.
    """

    verdict: ChairingVerdict
    seat: int | None = None
    role: str | None = None


def co_chairing_applies(partnership: Partnership | None, board: Board) -> bool:
    """Does the partnership's data ask boards of this kind to be co-chaired?"""
    duty = partnership.co_chairing if partnership else None
    return duty is not None and board.kind in duty.kinds


def current_chairs(board: Board, on: dt.date) -> list[tuple[int, Member]]:
    """The board's chairs and co-chairs whose seats are current on ``on``, each with
    its index in ``members``, in the data's order."""
    return [
        (i, m) for i, m in enumerate(board.members) if m.position in ("chair", "co-chair") and m.current(on)
    ]


def is_co_chaired(board: Board, on: dt.date) -> bool:
    """Is ``board`` chaired by an elected member and a partner on ``on`` (see :func:`judge_chairing`)?"""
    chairing = judge_chairing(board, on)
    return chairing is not None and chairing.verdict == "co-chaired"


def judge_chairing(board: Board, on: dt.date) -> Chairing | None:
    """Is ``board`` chaired by an elected member and a partner on ``on``? None when
    none of its seats is current (its seats are not listed: nothing to judge).

    A board whose chairs are all partners, one of them in a post that names an
    elected office but not marked ``elected_member: true``, is ``unmarked``:
    the data may simply not say so, and that is what is reported.
    """
    if not any(m.current(on) for m in board.members):
        return None
    chairs = current_chairs(board, on)
    if not chairs:
        return Chairing("no-chair")
    elected = [(i, m) for i, m in chairs if m.elected_member]
    partners = [(i, m) for i, m in chairs if not m.elected_member]
    if elected and partners:
        return Chairing("co-chaired")
    if elected:
        i, m = elected[0]
        return Chairing("no-partner", i, m.role)
    unmarked = [(i, m) for i, m in partners if sounds_elected(m.role)]
    if unmarked:
        i, m = unmarked[0]
        return Chairing("unmarked", i, m.role)
    i, m = partners[0]
    return Chairing("no-elected", i, m.role)


def duty_source(partnership: Partnership | None) -> str:
    """Who asks for co-chairing, in the partnership's own words, or neutrally."""
    duty = partnership.co_chairing if partnership else None
    return duty.source if duty and duty.source else "the partnership"


# -- the plan ---------------------------------------------------------------------------


def calls_delivered(board: Board) -> set[int]:
    """The numbers of the calls to action ``board`` delivers: those it names, and those
    of the actions it names (action ``3.2`` is part of call to action 3)."""
    return set(board.calls_to_action) | {int(a.split(".")[0]) for a in board.actions}


# -- meetings ------------------------------------------------------------------------
def still_planned(status: str, day: dt.date, on: dt.date) -> bool:
    """Whether a meeting recorded with ``status`` on ``day`` is still planned, though its day is
    before ``on``: it has happened (or not) and the record has not caught up. Only ever a
    warning: officers record meetings late."""
    return status == "planned" and day < on


# -- attendance, terms and vacancies -----------------------------------------------
INACTIVE_MEETINGS = 3
"""A seat that came to none of its board's last this many held meetings is inactive."""
S85_WARN_MONTHS, S85_MONTHS = 4, 6
"""Section 85 of the Local Government Act 1972: six months without attending; warned of at four."""
VACANCY_MONTHS = 6
"""A seat vacant for more than this many months is warned of."""


def inactive_seat(
    board: Board, seat: Member, on: dt.date, index: AttendanceIndex | None = None
) -> list[dt.date] | None:
    """The days of the last 3 held meetings of ``board`` to ``on`` that ``seat`` was due at,
    newest first, when the seat came to none of them (neither present nor by a substitute);
    None when it came to one, when it was due at fewer than 3, or when one of them records no
    attendance (silence is not absence). ``index`` (for ``on``) is the boards' attendance
    worked out once for every seat asked about."""
    if index is None or index.on != on:
        index = AttendanceIndex([board], on)
    days: list[dt.date] = []
    for sitting in index.sittings(board, seat):  # one by one: the first that settles it does
        if not sitting.recorded or sitting.came:
            return None
        days.append(sitting.day)
        if len(days) == INACTIVE_MEETINGS:
            return days
    return None


def inactive_seats(
    board: Board, on: dt.date, index: AttendanceIndex | None = None
) -> Iterator[tuple[int, list[dt.date]]]:
    """Each seat of ``board`` current on ``on`` that :func:`inactive_seat` finds inactive, by
    its index in ``members``, with the days of the meetings it did not come to; none on a
    board whose held meetings record no attendance at all (silence is not absence)."""
    if index is None or index.on != on:
        index = AttendanceIndex([board], on)
    if not index.records(board):
        return
    for i, seat in enumerate(board.members):
        if seat.current(on):
            days = inactive_seat(board, seat, on, index)
            if days is not None:
                yield i, days


def term_renewal(seat: Member) -> dt.date | None:
    """The day a seat's term is renewed: its ``since`` plus ``term_months``, if both are given."""
    if seat.since is None or seat.term_months is None:
        return None
    return shift_months(seat.since, seat.term_months)


def vacancy_overdue(vacancy: Vacancy, on: dt.date) -> bool:
    """Has the seat been vacant for more than six months on ``on``?"""
    return vacancy.since is not None and shift_months(vacancy.since, VACANCY_MONTHS) < on


S85Basis = Literal["present", "unrecorded", "first-record"]


@dataclass(frozen=True)
class Section85:
    """An elected member's six months under section 85, on the partnership's meetings.

    ``key`` is who (:attr:`Member.seat`: their person, else their seat); ``board`` and
    ``index`` the first of their current elected seats; ``since`` the day the six months
    count from: the last meeting they were recorded ``present`` at (``basis`` present),
    else the last one of theirs whose attendance is not recorded (unrecorded), else the
    first whose attendance is (first-record); ``ends`` that day plus six months.
    """

    key: tuple[str, ...]
    board: str
    index: int
    seat: Member
    since: dt.date
    basis: S85Basis
    ends: dt.date

    def verdict(self, on: dt.date) -> Literal["running", "passed"] | None:
        """Six months passed by ``on``; four (the period is running); else None."""
        if self.ends <= on:
            return "passed"
        return "running" if shift_months(self.since, S85_WARN_MONTHS) <= on else None


def section_85(boards: list[Board], on: dt.date, index: AttendanceIndex | None = None) -> list[Section85]:
    """Each elected member with a seat current on ``on`` (on a board that is not closed),
    by person where the seat names one, else by seat, and the six months counted on every
    board's held meetings up to ``on`` they were due at. Nobody whose meetings record no
    attendance at all: silence is not absence. In the order of the boards and their seats.
    ``index`` is the attendance of ``boards`` as of ``on``, if already worked out."""
    found: dict[tuple[str, ...], Section85] = {}
    if index is None or index.on != on:
        index = AttendanceIndex(boards, on)
    if not any(index.records(b) for b in boards):
        return []  # no meeting records attendance: silence is not absence
    held = index.identities()
    for board in boards:
        for i, seat in enumerate(board.members):
            if (
                board.status == "closed"
                or not seat.elected_member
                or not seat.current(on)
                or seat.seat in found
            ):
                continue
            seats = held[seat.seat]
            if not any(index.records(b) for b, _ in seats):
                continue  # no meeting of theirs records attendance: silence is not absence
            days = [s for b, m in seats for s in index.sittings(b, m)]
            since = _s85_since(days)
            if since is not None:
                found[seat.seat] = Section85(
                    seat.seat, board.id, i, seat, since[0], since[1], shift_months(since[0], S85_MONTHS)
                )
    return list(found.values())


def _s85_since(days: list[Sitting]) -> tuple[dt.date, S85Basis] | None:
    recorded = [s for s in days if s.recorded]
    if not recorded:
        return None
    present = [s.day for s in recorded if s.present]
    silent = [s.day for s in days if not s.recorded]
    if present and (not silent or max(present) >= max(silent)):
        return max(present), "present"
    if silent:
        return max(silent), "unrecorded"
    return min(s.day for s in recorded), "first-record"


# -- the review's actions ----------------------------------------------------------
Rating = Literal["overdue", "no-update", "due-soon", "on-track", "ongoing", "done", "dropped"]
DUE_SOON_DAYS = 90


def reported_status(action: RecommendationAction) -> str | None:
    """The action's status as reported: its own ``status``, else that of its
    latest update that gives one; None when no status has been reported."""
    if action.status:
        return action.status
    dated = [u for u in action.updates if u.status]
    return max(dated, key=lambda u: u.date).status if dated else None


def rate(action: RecommendationAction, on: dt.date) -> Rating:
    """Done; dropped; with no reported status, no update recorded; ongoing;
    overdue; due soon (within 90 days); on track.

    Overdue, due soon, on track and ongoing say how work is going, so they
    need a reported status; without one the rating says only that.
    """
    status = reported_status(action)
    if status == "done":
        return "done"
    if status == "dropped":
        return "dropped"
    if status is None:
        return "no-update"
    if action.ongoing or action.due is None:
        return "ongoing"
    if action.due < on:
        return "overdue"
    if (action.due - on).days <= DUE_SOON_DAYS:
        return "due-soon"
    return "on-track"


def action_owed(action: RecommendationAction, on: dt.date, until: dt.date) -> bool:
    """Is work on ``action`` owed by ``until``, as rated on ``on``: it has a due day (it is
    not ongoing) on or before ``until``, and :func:`rate` does not find it done or dropped?"""
    if action.ongoing or action.due is None or action.due > until:
        return False
    return rate(action, on) not in ("done", "dropped")


def when_due(action: RecommendationAction, on: dt.date) -> str:
    """Where an action stands against its timescale on ``on``, in words:
    'due date passed', 'due in 3 months', 'ongoing', 'no due date given'."""
    if action.ongoing:
        return "ongoing"
    if action.due is None:
        return "no due date given"
    if action.due < on:
        return "due date passed"
    months = (action.due.year - on.year) * 12 + action.due.month - on.month
    if action.due.day < on.day:
        months -= 1
    if months < 1:
        return "due within a month"
    return f"due in {plural(months, 'month')}"
