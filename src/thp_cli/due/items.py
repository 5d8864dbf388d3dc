"""What is owed, and by when: each thing a person must do, from the partnership's data.

Every judgement the rules or the annual report also make (is a work programme
owed, a yearly update missed, an action of the review due or not done) is
asked of :mod:`thp_cli.duties`; this module only gathers the answers into
dated items, each with the command (or the file) that settles it. The clear
days before a meeting by which its agenda is owed, and the days after it by
which its minutes are, come from ``partnership.yaml`` (``agenda_days_before``,
``minutes_days_after``), never from code.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import duties, indicator_rating
from ..attendance import seats_by_identity
from ..dates import long_date
from ..errors import Flag, ThpError
from ..findings import Severity
from ..text import last_present, listing, plural

if TYPE_CHECKING:
    from ..dataset.records import Dataset, Located
    from ..indicator import Indicator
    from ..model import Board, Member, Partnership, Recommendation

KINDS = (
    "work-programme", "update", "action", "agenda", "meeting", "minutes", "seat", "task-and-finish",
    "indicator", "renewal", "section-85",
)  # fmt: skip
"""The kinds of item, in the order items due on the same day are listed."""


@dataclass(frozen=True)
class Item:
    """One thing a person must do: what, for which board, by when, and how to settle it.

    ``key`` names the item the same way on every run (it is the ICS UID's
    start); ``boards`` are the ids of the boards it belongs to (``--board``),
    ``board`` their names in words; ``days`` is ``date`` less the as-of day
    (negative: overdue).
    """

    kind: str
    key: str
    ref: str
    what: str
    board: str
    date: dt.date
    days: int
    settle: str
    boards: tuple[str, ...] = ()

    @property
    def overdue(self) -> bool:
        """Is its day before the as-of day?"""
        return self.days < 0

    def as_dict(self) -> dict[str, Any]:
        """The item as JSON values: dates as YYYY-MM-DD."""
        out = asdict(self)
        out["date"] = self.date.isoformat()
        out["overdue"] = self.overdue
        out["boards"] = list(self.boards)
        return out


@dataclass(frozen=True)
class Due:
    """What ``thp due`` found: the items, overdue first then by date, and what was asked."""

    partnership: str
    as_of: dt.date
    within: int
    board: str | None
    items: list[Item] = field(default_factory=list)
    data_errors: int = 0
    error_files: tuple[str, ...] = ()
    board_name: str | None = None

    @property
    def until(self) -> dt.date:
        """The last day of the window: see :func:`window_end`."""
        return window_end(self.as_of, self.within)

    @property
    def overdue(self) -> list[Item]:
        return [i for i in self.items if i.overdue]

    @property
    def coming(self) -> list[Item]:
        return [i for i in self.items if not i.overdue]

    def as_dict(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership,
            "as_of": self.as_of.isoformat(),
            "within": self.within,
            "until": self.until.isoformat(),
            "board": self.board,
            "data_errors": self.data_errors,
            "data_error_files": list(self.error_files),
            "overdue": len(self.overdue),
            "items": [i.as_dict() for i in self.items],
        }


def window_end(on: dt.date, within: int) -> dt.date:
    """The last day of a window of ``within`` days after ``on``: the last day a date can
    hold (31 December 9999) when the window reaches past it."""
    if within >= (dt.date.max - on).days:
        return dt.date.max
    return on + dt.timedelta(days=within)


def sh(value: str) -> str:
    """``value`` as one word of a shell command (quoted only where it needs to be)."""
    return shlex.quote(value)


def seat_args(seat: Member) -> str:
    """The options of ``thp member set`` that name ``seat``: its person, else its role
    and organisation."""
    if seat.person:
        return f"--person {sh(seat.person)}"
    name = f"--role {sh(seat.role)}"
    return f"{name} --organisation {sh(seat.organisation)}" if seat.organisation else name


class _Gather:
    """The items of one dataset, as on one day, up to the window's last day."""

    def __init__(self, dataset: Dataset, on: dt.date, until: dt.date) -> None:
        self.ds, self.on, self.until = dataset, on, until
        located = dataset.partnership
        self.p: Partnership | None = located.record if located else None
        self.judged = located.judged if located else (lambda *fields: True)

    def item(
        self, kind: str, key: str, ref: str, what: str, boards: list[str], day: dt.date, settle: str
    ) -> Item:
        names = [self.ds.boards[b].record.name for b in boards if b in self.ds.boards]
        day = dt.date(day.year, day.month, day.day)  # a month (its last day) as the day itself
        return Item(
            kind, key, ref, what, listing(names) or "no owning board recorded", day, (day - self.on).days,
            settle, tuple(boards),
        )  # fmt: skip

    def all(self) -> Iterator[Item]:
        for _, located in sorted(self.ds.boards.items()):
            if located.record.status != "closed":
                yield from self.board(located)
        for rec in sorted(self.ds.recommendations.values(), key=lambda r: (r.record.number, r.record.id)):
            yield from self.actions(rec.record)
        for _, indicator in sorted(self.ds.indicators.items()):
            yield from self.indicator(indicator)
        yield from self.section_85()

    def board(self, located: Located[Board]) -> Iterator[Item]:
        """What a board that is not closed owes. A dormant board still owes the records of
        its meetings and seats; only an active one owes a work programme and yearly updates."""
        b = located.record
        if (
            b.status == "active"
            and self.judged("terms_of_reference", "work_programme_due")
            and located.judged("work_programme", "established")
        ):
            yield from self.work_programme(b)
        if (
            b.status == "active"
            and self.judged("terms_of_reference", "annual_update_to")
            and located.judged("updates", "established")
        ):
            yield from self.update(b)
        yield from self.meetings(b)
        yield from self.seats(b)
        if located.judged("members"):
            yield from self.renewals(b)
        if b.kind == "task-and-finish" and b.ends is not None and b.ends < self.on:
            yield self.ended(located)

    def ended(self, located: Located[Board]) -> Item:
        """A task-and-finish group past its end: the seats still current end on its end day
        (a closed board has none: rule closed-board-seats), then the board is closed."""
        b = located.record
        assert b.ends is not None  # only a group with an end has passed it
        end = dt.date(b.ends.year, b.ends.month, b.ends.day).isoformat()
        current = [m for m in b.members if m.current(self.on)]
        ending = [f"thp member set {b.id} {seat_args(m)} --until {end}" for m in current]
        close = f"edit {located.where.file}: status: closed"
        settle = "; ".join([*ending, f"then {close}" if ending else close]) + "; or give it a later ends"
        return self.item(
            "task-and-finish", f"ended-{b.id}", b.id,
            f"{b.name} passed its end ({long_date(b.ends)}) but is still recorded as {b.status}: "
            "end its seats and close it, or give it a later end",
            [b.id], b.ends, settle,
        )  # fmt: skip

    def work_programme(self, b: Board) -> Iterator[Item]:
        due = duties.work_programme_owed(self.p, b, self.on, self.until)
        if due is None:
            return
        published = duties.board_published(b)
        last = f"the last was published on {long_date(published)}" if published else "none is recorded"
        yield self.item(
            "work-programme", f"work-programme-{b.id}-{due:%Y%m%d}", b.id,
            f"{b.name}'s work programme for the year, due by {long_date(due)} ({last})",
            [b.id], due, f"thp work-programme set {b.id} --published YYYY-MM-DD --url URL",
        )  # fmt: skip

    def update(self, b: Board) -> Iterator[Item]:
        due = duties.update_due(self.p, b)
        if due is None or due > self.until:
            return
        if due == dt.date.min:  # owed since before any day the data gives: last year's
            due = dt.date(self.on.year - 1, 12, 31)
        to_id = self.p.annual_update_to if self.p else None
        to = self.ds.boards[to_id].record.name if to_id in self.ds.boards else to_id
        years = [u.year for u in b.updates]
        last = f"the last was for {max(years)}" if years else "none is recorded"
        yield self.item(
            "update", f"update-{b.id}-{due:%Y%m%d}", b.id,
            f"{b.name}'s yearly update to {to}, due by {long_date(due)} ({last})",
            [b.id], due, f"thp update add {b.id} --year {max(due.year, self.on.year - 1)} --summary TEXT",
        )  # fmt: skip

    def meetings(self, b: Board) -> Iterator[Item]:
        before = self.p.agenda_days_before if self.p and self.judged("agenda_days_before") else 5
        after = self.p.minutes_days_after if self.p and self.judged("minutes_days_after") else 28
        for m in sorted(b.meetings, key=lambda m: m.date):
            day, when = m.date, long_date(m.date)
            meeting = f"{b.id} --date {day.isoformat()}"
            if m.status == "planned" and day < self.on:
                yield self.item(
                    "meeting", f"meeting-{b.id}-{day:%Y%m%d}", b.id,
                    f"{b.name}'s meeting on {when} is still planned, though its date has passed: "
                    "record whether it was held",
                    [b.id], day, f"thp meeting set {meeting} --status held",
                )  # fmt: skip
            elif m.status == "planned" and not m.agenda:
                by = day - dt.timedelta(days=before + 1)
                if by <= self.until:
                    yield self.item(
                        "agenda", f"agenda-{b.id}-{day:%Y%m%d}", b.id,
                        f"the agenda of {b.name}'s meeting on {when}, to publish by {long_date(by)} "
                        f"({before} clear days before)",
                        [b.id], by, f"thp meeting set {meeting} --agenda URL",
                    )  # fmt: skip
            elif m.status == "held" and not m.minutes:
                by = day + dt.timedelta(days=after)
                if by <= self.until:
                    yield self.item(
                        "minutes", f"minutes-{b.id}-{day:%Y%m%d}", b.id,
                        f"the minutes of {b.name}'s meeting on {when}, due by {long_date(by)} "
                        f"({after} days after)",
                        [b.id], by, f"thp meeting set {meeting} --minutes URL",
                    )  # fmt: skip

    def seats(self, b: Board) -> Iterator[Item]:
        for m in b.members:
            if m.until is None or not self.on <= m.until <= self.until:
                continue
            who = self.who(m)
            name = seat_args(m)
            ident = m.person or f"{m.organisation}-{m.role}"
            yield self.item(
                "seat", f"seat-{b.id}-{ident}-{m.until:%Y%m%d}", b.id,
                f"{who} on {b.name}: the term ends on {long_date(m.until)}; renew it or let it end",
                [b.id], m.until, f"thp member set {b.id} {name} --until YYYY-MM-DD",
            )  # fmt: skip

    def who(self, m: Member) -> str:
        """A seat in words: its person's name (if the data names one), role and organisation."""
        org = self.ds.organisations.get(m.organisation or "")
        person = self.ds.people.get(m.person or "")
        who = f"{m.role} ({org.record.name if org else m.organisation or 'no organisation'})"
        return f"{person.record.name}, {who}" if person is not None else who

    def renewals(self, b: Board) -> Iterator[Item]:
        """Current seats whose term (``since`` plus ``term_months``) is renewed by the window's
        end, unless the seat ends before then (its end is an item of its own)."""
        for m in b.members:
            renewal = duties.term_renewal(m)
            if renewal is None or not m.current(self.on) or renewal > self.until:
                continue
            if m.until is not None and m.until < renewal:
                continue
            assert m.since is not None and m.term_months is not None  # a renewal has both
            ident = m.person or f"{m.organisation}-{m.role}"
            yield self.item(
                "renewal", f"renewal-{b.id}-{ident}-{renewal:%Y%m%d}", b.id,
                f"{self.who(m)} on {b.name}: the term of {plural(m.term_months, 'month')} from "
                f"{long_date(m.since)} is renewed on {long_date(renewal)}; renew it or let it end",
                [b.id], renewal,
                f"thp member set {b.id} {seat_args(m)} --since {renewal.isoformat()} (renewed), "
                "or --until YYYY-MM-DD (ended)",
            )  # fmt: skip

    def section_85(self) -> Iterator[Item]:
        """Each elected member's day six months without a recorded present would end under
        section 85 (judged in duties.py), when it falls by the window's end; not judged while a
        board's meetings or seats have errors."""
        if not all(b.judged("meetings", "members") for b in self.ds.boards.values()):
            return
        boards = [self.ds.boards[k].record for k in sorted(self.ds.boards)]
        seats = seats_by_identity(boards)
        for clock in duties.section_85(boards, self.on):
            if clock.ends > self.until:
                continue
            located = self.ds.boards[clock.board]
            record = last_present(clock.basis, long_date(clock.since))
            ends = "ended" if clock.ends <= self.on else "would end"
            ident = clock.seat.person or f"{clock.seat.organisation}-{clock.seat.role}"
            yield self.item(
                "section-85", f"section-85-{ident}-{clock.ends:%Y%m%d}", clock.board,
                f"section 85 (Local Government Act 1972): {self.who(clock.seat)}, an elected member on "
                f"{located.record.name}, {record}; six months without attending {ends} on "
                f"{long_date(clock.ends)} (thp sees only the partnership's meetings)",
                list(dict.fromkeys(b.id for b, m in seats[clock.key] if m.current(self.on))), clock.ends,
                f"edit {located.where.file}: the attendance of the meeting they came to; "
                "or check the council's record of their attendance",
            )  # fmt: skip

    def actions(self, r: Recommendation) -> Iterator[Item]:
        for a in r.actions:
            if not duties.action_owed(a, self.on, self.until):
                continue
            assert a.due is not None  # an owed action has a due day
            rating = duties.rate(a, self.on)
            status = duties.reported_status(a)
            if a.due < self.on:
                state = "past its timescale"
                state += " with no update recorded" if rating == "no-update" else f" (status: {status})"
            else:
                state = "due" + (" (no update recorded)" if rating == "no-update" else f" (status: {status})")
            owners = list(a.owners or ([r.owner] if r.owner else []))
            yield self.item(
                "action", f"action-{r.id}-{a.number}", f"R{r.number}.{a.number}",
                f"R{r.number}.{a.number} {a.title}: {state}, timescale {long_date(a.due)}",
                owners, a.due, f"thp action status {r.id} {a.number} STATUS --note TEXT",
            )  # fmt: skip

    def indicator(self, located: Located[Indicator]) -> Iterator[Item]:
        """A value owed for an indicator: 12 months after its latest (or its baseline)."""
        i = located.record
        if not located.judged("values", "baseline") or indicator_rating.is_example(i):
            return
        due = indicator_rating.value_due(i, self.on)
        if due > self.until:
            return
        last = indicator_rating.last_measured(i, self.on)
        since = f"the latest is for {long_date(last)}"
        if not any(v.date <= self.on for v in i.values):
            since = f"none since the baseline of {long_date(last)}"
        yield self.item(
            "indicator", f"indicator-{i.id}-{due:%Y%m%d}", i.id,
            f"a new value for the indicator {i.title}, due by {long_date(due)} ({since})",
            [i.owner], due, f"thp indicator record {i.id} --date YYYY-MM --value N",
        )  # fmt: skip


def gather(dataset: Dataset, on: dt.date, within: int, board: str | None = None) -> Due:
    """What ``dataset`` owes as on ``on`` and in the ``within`` days after: overdue first,
    then by date (then by kind and key, so the same data gives the same order)."""
    until = window_end(on, within)
    items = [i for i in _Gather(dataset, on, until).all() if board is None or board in i.boards]
    items.sort(key=lambda i: (i.date, KINDS.index(i.kind), i.key))
    name = dataset.partnership.record.name if dataset.partnership else "The partnership"
    errors = [f for f in dataset.findings if f.severity is Severity.ERROR]
    files = tuple(sorted({f.file for f in errors}))
    board_name = dataset.boards[board].record.name if board is not None and board in dataset.boards else None
    return Due(name, on, within, board, items, len(errors), files, board_name)


def due(root: Path | str, on: dt.date, within: int = 60, board: str | None = None) -> Due:
    """Load the partnership under ``root`` (as it stood on ``on``, for a past day, from git)
    and say what it owes: see :func:`gather`. An unknown ``board`` is refused."""
    from ..history.sources import dataset_on

    if within < 0:
        raise ThpError(Flag("within"), f" {within} is before the as-of day: give a number of days, 0 or more")
    dataset = dataset_on(root, on).dataset
    dataset.check_board(board)
    return gather(dataset, on, within, board)
