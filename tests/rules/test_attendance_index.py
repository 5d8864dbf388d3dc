"""Who an attendance entry names, looked up once per meeting, is what ``Attendance.names``
says, entry by entry and seat by seat; and roles compared for spelling are compared alike
whether they are plain ASCII or not."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

from thp_cli.attendance import AttendanceIndex, DaySeats, entry_for, sittings
from thp_cli.model import Attendance, Board, Meeting, Member
from thp_cli.rules.spelling import normal as _normal

DAY = dt.date(2024, 6, 1)
ORGS = (None, "police", "nhs")
ROLES = (None, "Chair", "Director")
PEOPLE = (None, "person-a", "person-b")


def _seats() -> list[Member]:
    """Seats of every shape: with and without a person or an organisation, the same person
    in two roles, the same role of two organisations, and one not current on the day."""
    seats = [
        Member(role=role, organisation=org, person=person)
        for org, role, person in itertools.product(ORGS, ROLES[1:], PEOPLE)
    ]
    seats.append(Member(role="Chair", organisation="police", until=dt.date(2024, 1, 1)))
    return seats


def _entries() -> list[Attendance]:
    return [
        Attendance(organisation=org, role=role, person=person, attended="present")
        for org, role, person in itertools.product(ORGS, ROLES, PEOPLE)
    ]


def test_the_seat_an_entry_names_is_found_as_names_finds_it() -> None:
    seats, entries = _seats(), _entries()
    board = Board(id="b", name="B", kind="subgroup", members=seats)
    day = DaySeats(board, DAY)
    for entry in entries:
        first = next((n for n, seat in enumerate(day.seats) if entry.names(seat)), None)
        assert day.first(entry) == first, entry
    assert any(day.first(e) is None for e in entries) and any(day.first(e) is not None for e in entries)


def test_the_entry_that_names_a_seat_is_found_as_entry_for_finds_it() -> None:
    seats = _seats()
    entries = _entries()
    # every order of a few entries: the first that names the seat is the one found
    for chosen in itertools.permutations(entries[::5], 3):
        meeting = Meeting(date=DAY, status="held", attendance=list(chosen))
        board = Board(id="b", name="B", kind="subgroup", members=seats, meetings=[meeting])
        index = AttendanceIndex([board], DAY)
        for seat in seats:
            assert index.entry(meeting, seat) is entry_for(meeting, seat)


def test_sittings_are_newest_first_with_same_day_meetings_in_the_datas_order() -> None:
    seat = Member(role="Chair", organisation="police", since=dt.date(2024, 2, 1))
    meetings = [
        Meeting(date=dt.date(2024, 3, 1), status="held"),
        Meeting(date=dt.date(2024, 1, 1), status="held"),  # before the seat began
        Meeting(date=dt.date(2024, 5, 1), status="cancelled"),
        Meeting(date=dt.date(2024, 3, 1), status="held", venue="second"),
        Meeting(date=dt.date(2024, 7, 1), status="held"),  # after the day asked about
        Meeting(date=dt.date(2024, 4, 1), status="held"),
    ]
    board = Board(id="b", name="B", kind="subgroup", members=[seat], meetings=meetings)
    days = [(s.day, s.recorded) for s in sittings(board, seat, DAY)]
    assert days == [(dt.date(2024, 4, 1), False), (dt.date(2024, 3, 1), False), (dt.date(2024, 3, 1), False)]
    assert [s.day for s in sittings(board, seat, DAY, 2)] == [dt.date(2024, 4, 1), dt.date(2024, 3, 1)]


def _unicode_normal(role: str) -> str:
    """The rule's comparison as written for any script (without its ASCII shortcut)."""
    text = unicodedata.normalize("NFKC", role).casefold().replace("&", " and ")
    words = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split()
    return " ".join(words) or role


def test_ascii_roles_are_compared_as_the_unicode_comparison_compares_them() -> None:
    roles = ["Head of Service", "head-of-service", "HEAD  OF\tSERVICE!", "R&D Lead", "r and d lead"]
    roles += [
        "---",
        "",
        " ",
        "Lead_Officer 7",
        "lead.officer/7",
        "Café Owner",
        "CAFÉ-owner",
        "Ｆｕｌｌ Ｗｉｄｔｈ",
    ]
    roles += ["".join(chr(c) for c in range(32, 127))]
    for role in roles:
        assert _normal(role) == _unicode_normal(role), role
    assert _normal("Head of Service") == _normal("head-of-service") == _normal("HEAD  OF\tSERVICE!")
