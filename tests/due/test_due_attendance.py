"""``thp due`` on terms and attendance, on the made-up Millbrook: a seat's term renewed on its
since plus term_months, and the day an elected member's six months under section 85 would end,
each with the command or file that settles it; the same judgement as ``thp validate``'s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..rules.millbrook import TOP, found, write

runner = CliRunner()

SEATS = """\
members:
  - {role: Borough Commander, organisation: police, since: 2022-08-31, term_months: 18}
  - {role: Head of Probation, organisation: probation, since: 2023-07-01, term_months: 12, until: 2024-06-30}
  - {role: Director, organisation: nhs, since: 2021-01-01, term_months: 24}
  - {role: Cabinet Member for Safety, organisation: council, elected_member: true, person: person-0001}
"""


def items(root: Path, as_of: str, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(
        app, ["due", "--root", str(root), "--as-of", as_of, "--format", "json", *args], env={"THP_ROOT": ""}
    )
    assert result.exit_code == 0, result.output
    answer: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return answer


def kinds(found: list[dict[str, Any]], *wanted: str) -> list[tuple[str, str, int]]:
    return [(i["kind"], i["date"], i["days"]) for i in found if i["kind"] in wanted]


def test_a_term_is_renewed_on_its_since_plus_term_months_and_settled_by_a_new_since(tmp_path: Path) -> None:
    root = write(tmp_path, SEATS)
    # 31 August 2022 plus 18 months is the last day of February 2024, a leap year: the 29th;
    # the probation seat ends before its renewal; the NHS seat was due on 1 January 2023
    found = items(root, "2024-01-31", "--within", "29")
    assert kinds(found, "renewal") == [("renewal", "2023-01-01", -395), ("renewal", "2024-02-29", 29)]
    police = found[-1]
    assert police["what"] == (
        "Borough Commander (Millbrook Police) on Safety Board: the term of 18 months from 31 August 2022 "
        "is renewed on 29 February 2024; renew it or let it end"
    )
    assert police["settle"] == (
        "thp member set safety --role 'Borough Commander' --organisation police --since 2024-02-29 "
        "(renewed), or --until YYYY-MM-DD (ended)"
    )
    assert kinds(items(root, "2024-01-31", "--within", "28"), "renewal") == [("renewal", "2023-01-01", -395)]


def test_a_renewed_term_counts_from_its_new_since(tmp_path: Path) -> None:
    renewed = SEATS.replace("since: 2021-01-01, term_months: 24", "since: 2023-01-01, term_months: 24")
    root = write(tmp_path, renewed)
    # the police seat's renewal of 29 February 2024 is still overdue; the NHS seat's is now due
    assert kinds(items(root, "2024-12-01", "--within", "31"), "renewal") == [
        ("renewal", "2024-02-29", -276),
        ("renewal", "2025-01-01", 31),
    ]


def test_a_seat_with_no_since_or_no_term_has_no_renewal(tmp_path: Path) -> None:
    root = write(tmp_path, "members:\n  - {role: Chair, organisation: police, term_months: 12}\n")
    assert kinds(items(root, "2030-01-01", "--within", "3650"), "renewal") == []


def meeting(day: str, attended: str) -> str:
    entry = f"      - {{person: person-0001, attended: {attended}}}\n"
    return f"  - date: {day}\n    status: held\n    attendance:\n{entry}"


def test_the_day_six_months_would_end_is_due_and_overdue_once_passed(tmp_path: Path) -> None:
    root = write(
        tmp_path, "meetings:\n" + meeting("2024-01-15", "present") + meeting("2024-03-15", "absent") + SEATS
    )
    # 15 July 2024 is 61 days after 15 May: outside a window of 60 days, inside one of 61
    assert kinds(items(root, "2024-05-15", "--within", "60"), "section-85") == []
    soon = items(root, "2024-05-15", "--within", "61")
    assert kinds(soon, "section-85") == [("section-85", "2024-07-15", 61)]
    item = next(i for i in soon if i["kind"] == "section-85")
    assert item["what"] == (
        "section 85 (Local Government Act 1972): Ada Khan, Cabinet Member for Safety (Millbrook Council), an "
        "elected member on Safety Board, was last recorded present at a partnership meeting on 15 January "
        "2024; six months without attending would end on 15 July 2024 (thp sees only the partnership's "
        "meetings)"
    )
    assert item["settle"].startswith(
        "edit data/boards/safety.yaml: the attendance of the meeting they came to"
    )
    passed = items(root, "2024-07-16", "--within", "0")
    assert kinds(passed, "section-85") == [("section-85", "2024-07-15", -1)]
    assert "six months without attending ended on 15 July 2024" in passed[-1]["what"]


def test_the_section_85_date_belongs_to_every_board_the_member_sits_on(tmp_path: Path) -> None:
    top = TOP + "  - {role: Cabinet Member for Safety, organisation: council, person: person-0001}\n"
    safety = "meetings:\n" + meeting("2024-01-15", "present") + SEATS
    root = write(tmp_path, safety, top)
    for board in ("top", "safety"):
        listed = [i for i in items(root, "2024-06-01", "--board", board) if i["kind"] == "section-85"]
        assert [(i["boards"], i["board"]) for i in listed] == [
            (["safety", "top"], "Safety Board and Millbrook Board")
        ]


def test_due_and_validate_judge_section_85_alike(tmp_path: Path) -> None:
    root = write(
        tmp_path, "meetings:\n" + meeting("2024-01-15", "present") + meeting("2024-03-15", "absent") + SEATS
    )
    for as_of in ("2024-05-14", "2024-05-15", "2024-07-15"):
        warned = found(root, as_of, "section-85")
        listed = [i for i in items(root, as_of, "--within", "61") if i["kind"] == "section-85"]
        assert bool(warned) == bool(listed), as_of
        assert all("15 July 2024" in w["message"] for w in warned)


def test_no_attendance_recorded_means_no_section_85_date(tmp_path: Path) -> None:
    root = write(tmp_path, "meetings:\n  - {date: 2024-01-15, status: held}\n" + SEATS)
    assert kinds(items(root, "2025-01-01", "--within", "3650"), "section-85") == []
