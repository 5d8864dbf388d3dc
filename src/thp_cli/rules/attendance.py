"""Attendance, terms and vacancies: each meeting's attendance names the board's seats of that
day, once each; vacancies are not also seats; and who has stopped coming (judged in duties.py)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .. import duties
from ..attendance import seat_label
from ..dates import long_date
from ..findings import Severity
from ..text import closest, last_present, listing, plural
from .base import DATA_FORMAT, GOOD_PRACTICE, Context, Problem, problem, rule

if TYPE_CHECKING:
    from ..dataset.records import Dataset, Located
    from ..model import Attendance, Board, Meeting, Member

E, W = Severity.ERROR, Severity.WARNING
S85_SOURCE = "Local Government Act 1972, section 85 (a councillor who attends no meeting for six months)"


def _attended(ctx: Context, *fields: str) -> Iterator[tuple[Located[Board], int, Meeting]]:
    """Every meeting that records attendance, of every board that can be judged on ``fields``,
    with its index (found once for every check, :meth:`AttendanceIndex.attended`)."""
    index = ctx.attendance
    for board in ctx.dataset.boards.values():
        if board.judged("meetings", *fields):
            meetings = board.record.meetings
            for i in index.attended(board.record):
                yield board, i, meetings[i]


def _at(entry: Attendance) -> str:
    """The key of an entry that names its seat: its person, else its role."""
    return "person" if entry.person else "role"


@rule("attendance-not-held", E, "Attendance is recorded for a meeting not held", DATA_FORMAT, local=True)
def attendance_not_held(ctx: Context) -> Iterable[Problem]:
    """Attendance is recorded only for a meeting that was held. A planned
    meeting has not happened yet and a cancelled one did not happen, so
    attendance recorded for either would count seats as coming, or as
    staying away, from a meeting that never took place. Set the meeting's
    status to held if it took place; otherwise remove its attendance.
    """
    for board, i, meeting in _attended(ctx):
        if meeting.attendance and meeting.status != "held":
            yield problem(
                board.where,
                f"{board.record.name}'s meeting on {long_date(meeting.date)} is recorded as "
                f"{meeting.status}, but has attendance; attendance is recorded only for a held meeting: "
                "set its status to held if it took place, or remove the attendance",
                "meetings",
                i,
                "attendance",
                key=True,
            )


@rule(
    "attendance-seat", E, "Attendance names a seat the board did not have that day", DATA_FORMAT, local=True
)
def attendance_seat(ctx: Context) -> Iterable[Problem]:
    """Each entry of a meeting's attendance names one of the board's seats
    as members: does (organisation and role, or person), and only a seat the
    board had on the meeting's day (its since and until). An entry naming no
    seat, or a seat the board did not have that day, cannot be counted for
    anyone; thp suggests the seat of that day you probably meant.
    """
    ds = ctx.dataset
    for board, i, meeting in _attended(ctx, "members"):
        if meeting.status != "held":
            continue  # attendance-not-held says what is wrong
        if not meeting.attendance:
            continue
        day = ctx.attendance.day(board.record, meeting)
        seats = day.seats
        for j, entry in enumerate(meeting.attendance):
            path: tuple[Hashable, ...] = ("meetings", i, "attendance", j)
            if entry.role is None and entry.person is None:
                yield problem(
                    board.where,
                    "this attendance entry names no seat: give its organisation and role as under "
                    "members:, or its person",
                    *path,
                )
                continue
            unknown = (entry.person and not ds.exists("people", entry.person)) or (
                entry.organisation and not ds.exists("organisations", entry.organisation)
            )
            if unknown or day.first(entry) is not None:
                continue  # unknown-reference reports a person or organisation that does not exist
            named = f"the seat {seat_label(entry)}, which {board.record.name} did not have"
            if entry.role is None:
                named = f"{entry.person}, who held no seat on {board.record.name}"
            yield problem(
                board.where,
                f"the attendance of {long_date(meeting.date)} names {named} that day"
                + _hint(ds, board.record, entry, seats),
                *path,
                _at(entry),
            )


SEATS_LISTED = 8
"""At most this many of a day's seats are listed where no one seat is the likely one."""


def _hint(ds: Dataset, board: Board, entry: Attendance, seats: list[Member]) -> str:
    """Why the seat is not that day's, or which of that day's seats ``entry`` probably means:
    one whose role (of the same organisation) or whose person's name is close to the entry's,
    never the seat or person the entry already names, and never a person merely because the
    ids look alike; where none is close, the seats the board had that day."""
    later = [m for m in board.members if entry.names(m)]
    if later:
        held = later[0]
        since = f" from {long_date(held.since)}" if held.since else ""
        until = f" until {long_date(held.until)}" if held.until else ""
        return f" (it is listed{since}{until})"
    if not seats:
        return f" ({board.name} has no seats listed on that day)"
    if entry.person:
        own = [m for m in seats if m.person == entry.person]
        if own:  # the person sat that day, in another role
            return f"; that day they held {listing([seat_label(m) for m in own])}"
        match = _by_name(ds, entry.person, seats)
    else:
        assert entry.role is not None  # an entry naming no seat is reported before
        same = [m for m in seats if m.organisation == entry.organisation] or seats
        role = closest(entry.role, [m.role for m in same])
        match = next((m for m in same if role and m.role.casefold() == role.casefold()), None)
    if match is not None:
        return f"; did you mean {seat_label(match)}?"
    shown = [seat_label(m) for m in seats[:SEATS_LISTED]]
    if len(seats) > SEATS_LISTED:
        shown.append(plural(len(seats) - SEATS_LISTED, "more seat"))
    return f"; its seats that day were {listing(shown)}"


def _by_name(ds: Dataset, person: str, seats: list[Member]) -> Member | None:
    """The seat of that day whose person's name (people.yaml) is close to ``person``'s name;
    None where no name is close, or where the people's names are not known."""
    named = ds.people.get(person)
    if named is None:
        return None
    others = [m for m in seats if m.person and m.person != person and m.person in ds.people]
    names = {ds.people[str(m.person)].record.name: m for m in others}
    near = closest(named.record.name, list(names))
    return names[near] if near is not None else None


@rule("attendance-twice", E, "A seat is listed twice in one meeting's attendance", DATA_FORMAT, local=True)
def attendance_twice(ctx: Context) -> Iterable[Problem]:
    """A meeting's attendance lists each seat once: listed twice, perhaps as
    present and as absent, the seat's attendance cannot be told. The second
    listing is reported (a seat named once by its person and once by its
    organisation and role is the same seat).
    """
    for board, i, meeting in _attended(ctx, "members"):
        if not meeting.attendance:
            continue
        day = ctx.attendance.day(board.record, meeting)
        first: dict[object, int] = {}
        for j, entry in enumerate(meeting.attendance):
            named = day.first(entry)
            key: object = named if named is not None else (entry.person, entry.organisation, entry.role)
            if key not in first:
                first[key] = j
                continue
            line, _ = board.where.position("meetings", i, "attendance", first[key])
            label = seat_label(day.seats[named] if named is not None else entry)
            yield problem(
                board.where,
                f"the seat {label} is already listed in the attendance of "
                f"{long_date(meeting.date)} (line {line}); list each seat once",
                "meetings",
                i,
                "attendance",
                j,
            )


@rule(
    "attendance-substitute",
    E,
    "A substitute is named for a seat that did not send one",
    DATA_FORMAT,
    local=True,
)
def attendance_substitute(ctx: Context) -> Iterable[Problem]:
    """An attendance entry's substitute says who came in the seat's place,
    so it goes only with attended: substitute. Named beside present,
    apologies or absent, the entry says two things at once: set attended to
    substitute, or remove the substitute.
    """
    for board, i, meeting in _attended(ctx):
        for j, entry in enumerate(meeting.attendance):
            if entry.substitute is not None and entry.attended != "substitute":
                yield problem(
                    board.where,
                    f"the entry for {seat_label(entry)} names a substitute but is recorded as "
                    f"{entry.attended}; if someone came in the seat's place write attended: substitute, "
                    "else remove the substitute",
                    "meetings",
                    i,
                    "attendance",
                    j,
                    "substitute",
                )


@rule("vacancy-seat", E, "A vacant seat is also listed as a current seat", DATA_FORMAT, local=True)
def vacancy_seat(ctx: Context) -> Iterable[Problem]:
    """A seat declared vacant is listed under vacancies:, not under
    members:. A vacancy whose role and organisation are also a current seat
    of the board (on the day judged) says the seat is both filled and empty:
    if it was filled, remove the vacancy; if it fell vacant, give the seat
    its until (or remove it from members:).
    """
    for board in ctx.dataset.boards.values():
        if not board.judged("vacancies", "members"):
            continue
        b = board.record
        for j, vacancy in enumerate(b.vacancies):
            if vacancy.since is not None and vacancy.since > ctx.as_of:
                continue  # vacant from a day to come: vacancy-ahead
            for i, seat in enumerate(b.members):
                if (seat.role, seat.organisation) == (vacancy.role, vacancy.organisation) and seat.current(
                    ctx.as_of
                ):
                    line, _ = board.where.position("members", i)
                    yield problem(
                        board.where,
                        f"the seat {seat_label(vacancy)} is listed as vacant and as a current seat of "
                        f"{b.name} (line {line}); if it was filled remove the vacancy, else give the "
                        "seat its until",
                        "vacancies",
                        j,
                    )
                    break


@rule("vacancy-ahead", W, "A vacancy is dated after the day judged", DATA_FORMAT, local=True)
def vacancy_ahead(ctx: Context) -> Iterable[Problem]:
    """A vacancy's since is the day the seat fell vacant. One dated after
    the day judged is most often a typo; a seat that will fall vacant on a
    day to come is still held until then: give the seat its until, and
    declare the vacancy on that day.
    """
    for board in ctx.dataset.boards.values():
        if not board.judged("vacancies"):
            continue
        for j, vacancy in enumerate(board.record.vacancies):
            if vacancy.since is not None and vacancy.since > ctx.as_of:
                yield problem(
                    board.where,
                    f"the vacancy of {seat_label(vacancy)} is dated {long_date(vacancy.since)}, after "
                    f"{long_date(ctx.as_of)}, the day judged; is the date a typo? A seat that falls vacant "
                    "later is held until then",
                    "vacancies",
                    j,
                    "since",
                )


@rule("vacancy-open", W, "A seat has been vacant for more than six months", GOOD_PRACTICE, local=True)
def vacancy_open(ctx: Context) -> Iterable[Problem]:
    """A seat declared vacant for more than six months (since its since, to
    the day judged) leaves the board without the voice the seat was there
    for: fill it, or if the board no longer needs it, remove the vacancy
    (and the seat from the terms of reference).
    """
    for board in ctx.dataset.boards.values():
        if board.record.status == "closed" or not board.judged("vacancies", "status"):
            continue
        for j, vacancy in enumerate(board.record.vacancies):
            if duties.vacancy_overdue(vacancy, ctx.as_of):
                assert vacancy.since is not None  # an overdue vacancy has a day
                yield problem(
                    board.where,
                    f"the seat {seat_label(vacancy)} on {board.record.name} has been vacant since "
                    f"{long_date(vacancy.since)}, more than {duties.VACANCY_MONTHS} months; fill it, or "
                    "remove the vacancy if the seat is no longer needed",
                    "vacancies",
                    j,
                )


@rule("inactive-seat", W, "A seat came to none of its board's last three meetings", GOOD_PRACTICE, local=True)
def inactive_seat(ctx: Context) -> Iterable[Problem]:
    """A current seat of an active board that was neither present nor sent
    a substitute to any of the board's last three held meetings it was due
    at (apologies count as not coming) is reported, with their dates. A seat
    due at fewer than three is not judged, nor one whose meetings include one
    with no attendance recorded: silence is not absence.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.status != "active" or not board.judged("meetings", "members", "status"):
            continue
        for i, days in duties.inactive_seats(b, ctx.as_of, ctx.attendance):
            seat = b.members[i]
            dates = listing([long_date(d) for d in days])
            yield problem(
                board.where,
                f"inactive seat: {seat_label(seat)} was neither present nor sent a substitute to any of "
                f"{b.name}'s last {plural(len(days), 'held meeting')} ({dates}); "
                "is the seat still needed, or should it be declared vacant?",
                "members",
                i,
            )


class _Section85Reads:
    """section-85 judges nobody while no meeting of any board records attendance (the last
    run notes whether one does): an edit that records none, of a partnership that records
    none, changes nothing it finds. Otherwise any change of the board may."""

    def edit(self, note: object, ctx: Context, old: Located[Any], new: Located[Any]) -> tuple[bool, object]:
        from ..model import Board
        from ..prose import plain

        if not isinstance(new.record, Board) or plain(old.record) == plain(new.record):
            return True, note
        silent = not any(m.attendance for b in (old.record, new.record) for m in b.meetings)
        return note is False and silent, note


@rule(
    "section-85",
    W,
    "An elected member has not attended for four months or more",
    S85_SOURCE,
    reads=_Section85Reads(),
)
def section_85(ctx: Context) -> Iterable[Problem]:
    """Under section 85 of the Local Government Act 1972 a councillor who
    attends no meeting of the council for six consecutive months ceases to be
    a member, unless the council approved the reason before the six months
    ended; attending as the council's representative on another body counts
    (section 85(2)). An elected member's seat (elected_member: true;
    the councillor is their person where the seat names one, else the seat)
    recorded present at no partnership meeting, on any board, for four months
    is warned of, with the day six months would end; at six months, the
    warning says they have passed. thp sees only the partnership's meetings,
    not the council's own, so this is a prompt to check, never a finding that
    a councillor has ceased to be one. Nobody whose meetings record no
    attendance at all is judged, nor anyone while a board's meetings or seats
    have errors.
    """
    ds = ctx.dataset
    if not all(b.judged("meetings", "members") for b in ds.boards.values()):
        return
    boards = [ds.boards[k].record for k in sorted(ds.boards)]
    ctx.note("section-85", lambda: any(ctx.attendance.records(b) for b in boards))
    for clock in duties.section_85(boards, ctx.as_of, ctx.attendance):
        verdict = clock.verdict(ctx.as_of)
        if verdict is None:
            continue
        board = ds.boards[clock.board]
        yield problem(board.where, _s85_message(clock, verdict, board.record), "members", clock.index)


def _s85_message(clock: duties.Section85, verdict: str, board: Board) -> str:
    seat = clock.seat
    if seat.person:
        who = f"the elected member {seat.person} ('{seat.role}' on {board.name})"
    else:
        who = f"the elected member's seat {seat_label(seat)} on {board.name}"
    record = last_present(clock.basis, long_date(clock.since))
    ends = long_date(clock.ends)
    if verdict == "passed":
        state = f"on the meetings thp knows of, section 85's six months have passed (on {ends})"
    else:
        state = f"section 85's six-month period is running and would end on {ends}"
    return (
        f"{who} {record}; {state}. thp sees only the partnership's meetings, not the council's: "
        "check the council's attendance record"
    )
