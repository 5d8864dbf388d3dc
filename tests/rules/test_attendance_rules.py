"""The rules of a meeting's attendance and a board's vacancies, on the made-up Millbrook:
attendance only on held meetings, naming that day's seats once each, a substitute only with
attended: substitute, vacancies not also seats, nor dated ahead, nor open for over six months."""

from __future__ import annotations

from pathlib import Path

from .millbrook import found, validate, where, write

SAFETY = "data/boards/safety.yaml"

SEATS = """\
members:
  - {role: Borough Commander, organisation: police, position: co-chair}
  - {role: Cabinet Member for Safety, organisation: council, position: co-chair, elected_member: true,
     person: person-0001}
  - {role: Head of Probation, organisation: probation, since: 2024-03-01}
"""

YOUTH = "vacancies:\n  - {{role: Youth Worker, organisation: council{since}}}\n"


def test_attendance_on_a_planned_or_cancelled_meeting_is_an_error_at_its_key(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-01-10\n    status: planned\n    attendance:\n"
        "      - {organisation: police, role: Borough Commander, attended: present}\n"
        "  - date: 2024-02-10\n    status: cancelled\n    attendance:\n"
        "      - {organisation: police, role: Borough Commander, attended: apologies}\n"
        "  - date: 2024-03-10\n    status: held\n    attendance:\n"
        "      - {organisation: police, role: Borough Commander, attended: present}\n" + SEATS,
    )
    code, _ = validate(root, "2024-09-01")
    errors = found(root, "2024-09-01", "attendance-not-held")
    assert code == 1
    assert where(errors) == [(SAFETY, 8, 5, "error"), (SAFETY, 12, 5, "error")]
    assert errors[0]["message"] == (
        "Safety Board's meeting on 10 January 2024 is recorded as planned, but has attendance; "
        "attendance is recorded only for a held meeting: set its status to held if it took place, "
        "or remove the attendance"
    )
    assert "recorded as cancelled" in errors[1]["message"]


def test_attendance_names_only_seats_the_board_had_that_day_with_a_suggestion(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-01-10\n    status: held\n    attendance:\n"
        "      - {organisation: police, role: Borough Comander, attended: present}\n"
        "      - {organisation: probation, role: Head of Probation, attended: present}\n"
        "      - {person: person-0001, attended: present}\n"
        "      - {person: person-0002, attended: absent}\n"
        "      - {attended: absent}\n" + SEATS,
    )
    errors = found(root, "2024-09-01", "attendance-seat")
    assert where(errors) == [
        (SAFETY, 9, 38, "error"),
        (SAFETY, 10, 41, "error"),
        (SAFETY, 12, 18, "error"),
        (SAFETY, 13, 9, "error"),
    ]
    misspelt, too_early, not_a_seat, no_seat = (e["message"] for e in errors)
    assert misspelt == (
        "the attendance of 10 January 2024 names the seat 'Borough Comander' of police, which Safety Board "
        "did not have that day; did you mean 'Borough Commander' of police?"
    )
    assert too_early.endswith("which Safety Board did not have that day (it is listed from 1 March 2024)")
    assert not_a_seat == (
        "the attendance of 10 January 2024 names person-0002, who held no seat on Safety Board that day; "
        "its seats that day were 'Borough Commander' of police and 'Cabinet Member for Safety' of council "
        "(person-0001)"
    )  # Ben Ode's id is one letter from Ada Khan's, but he is not she: no "did you mean" by id
    assert no_seat.startswith("this attendance entry names no seat")


def test_a_suggestion_is_a_seat_of_that_day_by_its_persons_name_never_the_same_id(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-04-10\n    status: held\n    attendance:\n"
        "      - {person: person-0003, attended: present}\n"
        "      - {person: person-0001, role: Borough Commander, organisation: police, attended: present}\n"
        + SEATS,
    )
    with (root / "data" / "people.yaml").open("a") as people:
        people.write("  - {id: person-0003, name: Ada Kahn}\n")  # entered twice, misspelt
    misspelt, wrong_role = (e["message"] for e in found(root, "2024-09-01", "attendance-seat"))
    assert misspelt == (
        "the attendance of 10 April 2024 names person-0003, who held no seat on Safety Board that day; "
        "did you mean 'Cabinet Member for Safety' of council (person-0001)?"
    )
    assert wrong_role.endswith(
        "which Safety Board did not have that day; that day they held 'Cabinet Member for Safety' of "
        "council (person-0001)"
    )
    assert "did you mean person-0001" not in wrong_role


def test_a_seat_named_by_person_or_by_organisation_and_role_is_the_same_seat(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-04-10\n    status: held\n    attendance:\n"
        "      - {person: person-0001, attended: present}\n"
        "      - {organisation: council, role: Cabinet Member for Safety, attended: absent}\n"
        "      - {organisation: probation, role: Head of Probation, attended: present}\n" + SEATS,
    )
    assert found(root, "2024-09-01", "attendance-seat") == []
    twice = found(root, "2024-09-01", "attendance-twice")
    assert where(twice) == [(SAFETY, 10, 9, "error")]
    assert twice[0]["message"] == (
        "the seat 'Cabinet Member for Safety' of council (person-0001) is already listed in the attendance "
        "of 10 April 2024 (line 9); list each seat once"
    )


def test_an_unknown_organisation_or_person_in_attendance_is_an_unknown_reference_only(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-04-10\n    status: held\n    attendance:\n"
        "      - {organisation: polce, role: Borough Commander, attended: present}\n"
        "      - {person: person-0009, attended: present}\n"
        "vacancies:\n  - {role: Fire lead, organisation: fire, since: 2024-05-01}\n" + SEATS,
    )
    code, answer = validate(root, "2024-09-01")
    rules = [(f["rule"], f["line"]) for f in answer["findings"] if f["severity"] == "error"]
    assert code == 1
    assert rules == [("unknown-reference", 9), ("unknown-reference", 10), ("unknown-reference", 12)]
    assert (
        "organisation names 'polce', which is no organisation in organisations.yaml; did you mean 'police'?"
        in [f["message"] for f in answer["findings"]]
    )


def test_a_substitute_goes_only_with_attended_substitute(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-04-10\n    status: held\n    attendance:\n"
        "      - {organisation: police, role: Borough Commander, attended: present, substitute: Inspector}\n"
        "      - {person: person-0001, attended: substitute, substitute: Cabinet Member for Health}\n"
        + SEATS,
    )
    errors = found(root, "2024-09-01", "attendance-substitute")
    assert where(errors) == [(SAFETY, 9, 88, "error")]
    assert errors[0]["message"] == (
        "the entry for 'Borough Commander' of police names a substitute but is recorded as present; if "
        "someone came in the seat's place write attended: substitute, else remove the substitute"
    )


def test_a_vacancy_that_is_also_a_current_seat_is_an_error(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "vacancies:\n"
        "  - {role: Borough Commander, organisation: police, since: 2024-05-01}\n"
        "  - {role: Head of Probation, organisation: probation, since: 2024-02-01}\n"
        "  - {role: Youth Worker, organisation: council, since: 2024-05-01}\n" + SEATS,
    )
    errors = found(root, "2024-09-01", "vacancy-seat")
    assert where(errors) == [(SAFETY, 6, 5, "error"), (SAFETY, 7, 5, "error")]
    assert errors[0]["message"] == (
        "the seat 'Borough Commander' of police is listed as vacant and as a current seat of Safety Board "
        "(line 10); if it was filled remove the vacancy, else give the seat its until"
    )
    # the seat ended when it fell vacant: no longer current, no error
    ended = SEATS.replace("position: co-chair}", "position: co-chair, until: 2024-04-30}", 1)
    root = write(
        tmp_path / "ended",
        "vacancies:\n  - {role: Borough Commander, organisation: police, since: 2024-05-01}\n" + ended,
    )
    assert found(root, "2024-09-01", "vacancy-seat") == []


def test_a_vacancy_dated_after_the_day_judged_is_a_warning(tmp_path: Path) -> None:
    root = write(
        tmp_path, "vacancies:\n  - {role: Youth Worker, organisation: council, since: 2024-09-02}\n" + SEATS
    )
    warnings = found(root, "2024-09-01", "vacancy-ahead")
    assert where(warnings) == [(SAFETY, 6, 56, "warning")]
    assert "dated 2 September 2024, after 1 September 2024, the day judged" in warnings[0]["message"]
    assert found(root, "2024-09-02", "vacancy-ahead") == []


def test_a_vacancy_open_more_than_six_months_is_a_warning_not_at_six_months(tmp_path: Path) -> None:
    root = write(
        tmp_path, "vacancies:\n  - {role: Youth Worker, organisation: council, since: 2024-02-29}\n" + SEATS
    )
    assert found(root, "2024-08-29", "vacancy-open") == []  # exactly six months
    warnings = found(root, "2024-08-30", "vacancy-open")
    assert where(warnings) == [(SAFETY, 6, 5, "warning")]
    assert warnings[0]["message"] == (
        "the seat 'Youth Worker' of council on Safety Board has been vacant since 29 February 2024, "
        "more than 6 months; fill it, or remove the vacancy if the seat is no longer needed"
    )
    undated = write(
        tmp_path / "undated", "vacancies:\n  - {role: Youth Worker, organisation: council}\n" + SEATS
    )
    assert found(undated, "2030-01-01", "vacancy-open") == []


def test_hostile_values_are_errors_at_their_place_never_a_traceback(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "meetings:\n"
        "  - date: 2024-04-10\n    status: held\n    attendance:\n"
        "      - {organisation: police, role: Borough Commander, attended: PRESENT}\n"
        '      - {person: person-0001, attended: substitute, substitute: "a\\u0007b"}\n'
        "      - {person: person-0001, attended: [present]}\n"
        "vacancies: a seat\n"
        "members:\n"
        "  - {role: Borough Commander, organisation: police, term_months: 0}\n"
        '  - {role: Head, organisation: police, term_months: "24"}\n'
        "  - {role: Chief, organisation: police, term_months: 100000000000000000000}\n"
        "  - {role: Deputy, organisation: police, term_months: true}\n"
        "  - {role: Sergeant, organisation: police, term_months: 1.5}\n",
    )
    code, answer = validate(root, "2024-09-01")
    errors = [(f["line"], f["column"], f["rule"]) for f in answer["findings"] if f["severity"] == "error"]
    assert code == 1
    assert [line for line, _, _ in errors] == [9, 10, 11, 12, 14, 15, 16, 17, 18]
    messages = " | ".join(f["message"] for f in answer["findings"])
    assert "'attended' cannot be 'PRESENT'; it is one of: present, apologies, absent, substitute" in messages
    assert "control character (U+0007)" in messages
    assert "Traceback" not in messages
