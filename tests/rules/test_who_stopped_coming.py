"""Who has stopped coming, on the made-up Millbrook: a seat absent from its board's last three
held meetings (inactive-seat), and an elected member recorded present at no partnership meeting
for four months, then six (section-85). Silence (no attendance recorded) is never absence."""

from __future__ import annotations

from pathlib import Path

from .millbrook import TOP, found, where, write

SAFETY = "data/boards/safety.yaml"
TOP_FILE = "data/boards/top.yaml"


def meeting(day: str, *entries: str, status: str = "held") -> str:
    """A meeting's YAML, with its attendance entries (flow mappings) if any."""
    text = f"  - date: {day}\n    status: {status}\n"
    if entries:
        text += "    attendance:\n" + "".join(f"      - {{{e}}}\n" for e in entries)
    return text


POLICE = "organisation: police, role: Borough Commander"
NHS = "organisation: nhs, role: Director of Public Health"
ADA = "person: person-0001"

SEATS = """\
members:
  - {role: Borough Commander, organisation: police}
  - {role: Director of Public Health, organisation: nhs, since: 2024-04-01}
  - {role: Cabinet Member for Safety, organisation: council, elected_member: true, person: person-0001}
"""


def safety(*meetings: str, seats: str = SEATS) -> str:
    return "meetings:\n" + "".join(meetings) + seats


# -- inactive seat ----------------------------------------------------------------------------


def test_a_seat_absent_from_the_last_three_held_meetings_is_named_with_their_dates(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        safety(
            meeting("2024-01-10", f"{POLICE}, attended: present", f"{ADA}, attended: present"),
            meeting("2024-03-10", f"{POLICE}, attended: apologies", f"{ADA}, attended: present"),
            meeting("2024-05-10", f"{POLICE}, attended: absent", f"{ADA}, attended: present"),
            meeting("2024-07-10", f"{ADA}, attended: present"),  # police not listed: not there
            meeting("2024-11-10", status="planned"),
        ),
    )
    warnings = found(root, "2024-09-01", "inactive-seat")
    # "meetings:" on line 5, then meetings of 5, 5, 5, 4 and 2 lines, "members:": the police seat
    line = 5 + 5 + 5 + 5 + 4 + 2 + 1 + 1
    assert where(warnings) == [(SAFETY, line, 5, "warning")]
    assert warnings[0]["message"] == (
        "inactive seat: 'Borough Commander' of police was neither present nor sent a substitute to any of "
        "Safety Board's last 3 held meetings (10 July 2024, 10 May 2024 and 10 March 2024); is the seat "
        "still needed, or should it be declared vacant?"
    )
    # judged on the day of the second: only two held meetings without it by then
    assert found(root, "2024-05-09", "inactive-seat") == []


def inactive(root: Path) -> list[str]:
    """The seats reported inactive on 1 September 2024, by role."""
    return [w["message"].split("'")[1] for w in found(root, "2024-09-01", "inactive-seat")]


def test_a_substitute_counts_as_coming_and_apologies_do_not(tmp_path: Path) -> None:
    def police(third: str) -> Path:
        return write(
            tmp_path / third,
            safety(
                meeting("2024-03-10", f"{POLICE}, attended: apologies"),
                meeting("2024-05-10", f"{POLICE}, attended: apologies"),
                meeting("2024-07-10", f"{POLICE}, attended: {third}"),
            ),
        )

    # the councillor is listed at none of them: she was not there
    assert inactive(police("substitute")) == ["Cabinet Member for Safety"]
    assert inactive(police("present")) == ["Cabinet Member for Safety"]
    assert inactive(police("apologies")) == ["Borough Commander", "Cabinet Member for Safety"]


def test_exactly_three_meetings_are_needed_and_only_the_last_three_count(tmp_path: Path) -> None:
    two = write(
        tmp_path / "two",
        safety(
            meeting("2024-05-10", f"{ADA}, attended: present"),
            meeting("2024-07-10", f"{ADA}, attended: present"),
        ),
    )
    assert found(two, "2024-09-01", "inactive-seat") == []
    came_before = write(
        tmp_path / "four",
        safety(
            meeting("2024-01-10", f"{POLICE}, attended: present"),
            meeting("2024-03-10", f"{ADA}, attended: present"),
            meeting("2024-05-10", f"{ADA}, attended: present"),
            meeting("2024-07-10", f"{ADA}, attended: present"),
        ),
    )
    assert [w["message"][:60] for w in found(came_before, "2024-09-01", "inactive-seat")] == [
        "inactive seat: 'Borough Commander' of police was neither pre"
    ]


def test_a_meeting_before_a_seat_began_is_not_one_it_was_due_at(tmp_path: Path) -> None:
    # the public health seat began on 1 April 2024: it was due at two of the three meetings
    root = write(
        tmp_path,
        safety(
            meeting("2024-03-10", f"{POLICE}, attended: present"),
            meeting("2024-05-10", f"{POLICE}, attended: present"),
            meeting("2024-07-10", f"{POLICE}, attended: present"),
        ),
    )
    assert inactive(root) == ["Cabinet Member for Safety"]  # listed at none of the three
    later = write(
        tmp_path / "later",
        safety(
            meeting("2024-03-10", f"{POLICE}, attended: present"),
            meeting("2024-05-10", f"{POLICE}, attended: present"),
            meeting("2024-07-10", f"{POLICE}, attended: present"),
            meeting("2024-08-10", f"{POLICE}, attended: present"),
        ),
    )
    assert inactive(later) == ["Director of Public Health", "Cabinet Member for Safety"]


def test_a_meeting_with_no_attendance_recorded_is_silence_not_absence(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        safety(
            meeting("2024-03-10", f"{ADA}, attended: present"),
            meeting("2024-05-10"),
            meeting("2024-07-10", f"{ADA}, attended: present"),
        ),
    )
    assert found(root, "2024-09-01", "inactive-seat") == []


# -- section 85 -------------------------------------------------------------------------------


def test_four_months_without_a_present_warns_the_period_is_running_with_its_end(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        safety(
            meeting("2024-01-15", f"{ADA}, attended: present"),
            meeting("2024-03-15", f"{ADA}, attended: apologies"),
            meeting("2024-05-10", f"{ADA}, attended: substitute, substitute: Deputy Leader"),
        ),
    )
    assert found(root, "2024-05-14", "section-85") == []  # a day short of four months
    warnings = found(root, "2024-05-15", "section-85")  # exactly four months
    # "meetings:" on line 5, three meetings of 4 lines, "members:", two seats: her seat
    assert where(warnings) == [(SAFETY, 5 + 4 + 4 + 4 + 1 + 2 + 1, 5, "warning")]
    assert warnings[0]["message"] == (
        "the elected member person-0001 ('Cabinet Member for Safety' on Safety Board) was last recorded "
        "present at a partnership meeting on 15 January 2024; section 85's six-month period is running and "
        "would end on 15 July 2024. thp sees only the partnership's meetings, not the council's: check the "
        "council's attendance record"
    )
    assert "running" in found(root, "2024-07-14", "section-85")[0]["message"]
    passed = found(root, "2024-07-15", "section-85")  # exactly six months
    assert passed[0]["message"].startswith(
        "the elected member person-0001 ('Cabinet Member for Safety' on Safety Board) was last recorded "
        "present at a partnership meeting on 15 January 2024; on the meetings thp knows of, section 85's "
        "six months have passed (on 15 July 2024)."
    )


def test_a_person_present_at_another_board_is_not_warned_of(tmp_path: Path) -> None:
    top = TOP + "  - {role: Cabinet Member for Safety, organisation: council, person: person-0001}\n"
    top += "meetings:\n" + meeting("2024-06-01", f"{ADA}, attended: present")
    boards = safety(
        meeting("2024-01-15", f"{ADA}, attended: present"), meeting("2024-05-10", f"{ADA}, attended: absent")
    )
    assert found(write(tmp_path / "with", boards, top), "2024-07-01", "section-85") == []
    assert len(found(write(tmp_path / "without", boards), "2024-07-01", "section-85")) == 1


def test_an_elected_seat_with_no_person_is_followed_as_the_seat_on_every_board(tmp_path: Path) -> None:
    cabinet = "organisation: council, role: Cabinet Member for Safety"
    seats = "members:\n  - {role: Cabinet Member for Safety, organisation: council, elected_member: true}\n"
    top = TOP + "  - {role: Cabinet Member for Safety, organisation: council}\n"
    top += "meetings:\n" + meeting("2024-04-01", f"{cabinet}, attended: present")
    boards = safety(meeting("2024-01-15", f"{cabinet}, attended: present"), seats=seats)
    assert found(write(tmp_path / "top", boards, top), "2024-06-01", "section-85") == []
    alone = found(write(tmp_path / "alone", boards), "2024-06-01", "section-85")
    assert alone[0]["message"].startswith(
        "the elected member's seat 'Cabinet Member for Safety' of council on Safety Board was last "
        "recorded present at a partnership meeting on 15 January 2024; section 85's six-month period"
    )


def test_no_attendance_recorded_for_a_persons_boards_says_nothing(tmp_path: Path) -> None:
    root = write(tmp_path, safety(meeting("2023-01-15"), meeting("2023-03-15")))
    assert found(root, "2024-09-01", "section-85") == []


def test_the_clock_starts_at_the_last_meeting_whose_attendance_is_not_recorded(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        safety(
            meeting("2024-01-15", f"{ADA}, attended: present"),
            meeting("2024-02-15"),  # nothing recorded: she may have been there
            meeting("2024-04-15", f"{ADA}, attended: absent"),
        ),
    )
    assert found(root, "2024-06-14", "section-85") == []
    message = found(root, "2024-06-15", "section-85")[0]["message"]
    assert "is recorded present at no partnership meeting since 15 February 2024" in message
    assert "would end on 15 August 2024" in message


def test_never_recorded_present_counts_from_the_first_meeting_with_attendance(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        safety(
            meeting("2024-02-29", f"{ADA}, attended: apologies"),
            meeting("2024-04-15", f"{ADA}, attended: absent"),
        ),
    )
    message = found(root, "2024-06-29", "section-85")[0]["message"]
    assert "is recorded present at no partnership meeting from 29 February 2024" in message
    assert "would end on 29 August 2024" in message


def test_a_seat_that_is_not_elected_or_not_current_is_not_judged(tmp_path: Path) -> None:
    seats = SEATS.replace("elected_member: true, person: person-0001}", "person: person-0001}")
    boards = safety(
        meeting("2024-01-15", f"{ADA}, attended: present"), meeting("2024-03-15", f"{ADA}, attended: absent")
    )
    assert found(write(tmp_path / "partner", boards.replace(SEATS, seats)), "2024-09-01", "section-85") == []
    ended = SEATS.replace("person: person-0001}", "person: person-0001, until: 2024-08-01}")
    assert found(write(tmp_path / "ended", boards.replace(SEATS, ended)), "2024-09-01", "section-85") == []
