"""The annual report's attendance: a table per board whose meetings record it, one sentence where
none do, and an overlap section that says whether it compared boards by attendance."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

import pytest

from thp_cli.dataset.load import load_dataset
from thp_cli.report.annual import annual
from thp_cli.report.attendance import attendance, percent

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)


def came(seat: str, attended: str = "present") -> dict[str, str]:
    org, role = seat.split("/", 1)
    return {"organisation": org, "role": role, "attended": attended}


def held(date: str, *entries: dict[str, str]) -> dict[str, Any]:
    return {"date": date, "status": "held", "attendance": list(entries)}


SAFETY = ["police/Commander", "council/Director", "health/Chief Nurse", "fire/Station Manager"]


@pytest.fixture
def town(tmp_path: Path) -> Path:
    root = write_partnership(
        tmp_path,
        {
            "top": {"kind": "partnership-board", "seats": ["council/Leader", "police/Commander"],
                    "meetings": [held("2024-02-01", came("council/Leader"), came("police/Commander"))]},
            "safety": {
                "reports_to": ["top"],
                "seats": SAFETY,
                "meetings": [
                    held("2023-12-01", came(SAFETY[0], "absent")),  # the year before: not counted
                    held("2024-01-10", came(SAFETY[0]), came(SAFETY[1], "apologies"), came(SAFETY[2]),
                         came(SAFETY[3], "substitute")),
                    # the Station Manager is not listed: not there
                    held("2024-03-10", came(SAFETY[0]), came(SAFETY[1], "absent"), came(SAFETY[2])),
                    {"date": "2024-05-10", "status": "held"},  # held, but records no attendance
                    {"date": "2024-06-10", "status": "cancelled"},
                    held("2024-10-10", came(SAFETY[0], "absent")),  # after the report's day
                ],
            },
            "housing": {"reports_to": ["top"], "seats": ["council/Director"],
                        "meetings": [{"date": "2024-04-01", "status": "held"}]},
        },
    )  # fmt: skip
    path = root / "data" / "boards" / "safety.yaml"
    record = json.loads(path.read_text())
    record["members"][0]["since"] = "2023-01-01"
    path.write_text(json.dumps(record, indent=1) + "\n")
    return root


def test_rate_and_the_seats_with_apologies_or_absences(town: Path) -> None:
    section = attendance(load_dataset(town), 2024, ON)
    assert [b.id for b in section.boards] == ["safety", "top"]
    safety = section.boards[0]
    # four meetings held in 2024 to 1 September (not the cancelled one, not October's); two record
    # attendance: eight places due, five there (the Station Manager by a substitute in January)
    assert (safety.held, safety.recorded) == (3, 2)
    assert safety.rate == "63%"
    assert safety.places == (
        "of 8 seats due at the meetings that record attendance, 5 were there, in person or by a substitute"
    )
    assert [(s.seat, s.due, s.came, s.apologies, s.absent) for s in safety.seats] == [
        ("Director, Council", 2, 0, 1, 1),
        ("Station Manager, Fire", 2, 1, 0, 1),
    ]
    assert section.boards[1].rate == "100%" and section.boards[1].seats == []
    assert (
        section.silent
        == "The meetings of Housing held in 2024 record no attendance, so it is not shown here."
    )


def test_percent_rounds_halves_up() -> None:
    assert [percent(7, 8), percent(1, 8), percent(2, 3), percent(0, 5)] == ["88%", "13%", "67%", "0%"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_shows_the_tables_and_says_overlap_used_attendance(town: Path, fmt: str) -> None:
    text = html.unescape(annual(town, year=2024, as_of=ON, fmt=fmt))
    assert "Attendance at meetings in 2024" in text
    assert (
        "63% (of 8 seats due at the meetings that record attendance, 5 were there, in person or by a "
        "substitute)"
    ) in text
    assert "The meetings of Housing held in 2024 record no attendance, so it is not shown here." in text
    assert (
        "Boards are compared here by who attended: a board's seats are those that came to its meetings "
        "held in the twelve months to 1 September 2024, in person or by a substitute. Left out, as their "
        "meetings in that time record no attendance: Housing."
    ) in text
    if fmt == "md":
        assert "| Station Manager, Fire | 2 | 1 | 0 | 1 |" in text
    else:
        assert "<caption>Safety: seats with apologies or absences in 2024</caption>" in text
        assert '<th scope="row">Station Manager, Fire</th>' in text
    for private in ("data/boards", ".yaml", "inactive-seat", "attended: present", "term_months"):
        assert private not in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_attendance_is_one_true_sentence(tmp_path: Path, fmt: str) -> None:
    root = write_partnership(
        tmp_path,
        {
            "a": {
                "kind": "partnership-board",
                "seats": SAFETY,
                "meetings": [{"date": "2024-05-01", "status": "held"}],
            },
            "b": {"reports_to": ["a"], "seats": SAFETY},
        },
    )
    text = html.unescape(annual(root, year=2024, as_of=ON, fmt=fmt))
    sentence = (
        "No meeting held in 2024 records who attended, so this report cannot say how well the boards' "
        "meetings were attended."
    )
    assert text.count(sentence) == 1
    assert "Attendance rate" not in text and "apologies or absences" not in text
    assert (
        "Boards are compared here by their seats on 1 September 2024, not by who attended: no meeting "
        "held in the twelve months to 1 September 2024 records attendance."
    ) in text


def test_one_board_recording_attendance_keeps_overlap_on_seats(town: Path) -> None:
    for board in ("top",):
        path = town / "data" / "boards" / f"{board}.yaml"
        record = json.loads(path.read_text())
        record["meetings"] = [{"date": "2024-02-01", "status": "held"}]
        path.write_text(json.dumps(record, indent=1) + "\n")
    text = annual(town, year=2024, as_of=ON, fmt="md")
    assert (
        "Boards are compared here by their seats on 1 September 2024, not by who attended: only the "
        "meetings of Safety in the twelve months to 1 September 2024 record attendance."
    ) in text


def test_the_section_can_be_left_out_by_the_report_block(town: Path) -> None:
    with (town / "data" / "partnership.yaml").open("a") as handle:
        handle.write("report:\n  sections: [glance, overlap]\n")
    text = annual(town, year=2024, as_of=ON, fmt="md")
    assert "Attendance at meetings" not in text and "## 2. Duplication and overlap" in text
