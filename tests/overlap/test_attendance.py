"""``thp overlap --by attendance``: boards compared by who came to their meetings, not by paper."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.overlap.analysis import overlap

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)
runner = CliRunner()


def came(seat: str, attended: str = "present") -> dict[str, str]:
    org, role = seat.split("/", 1)
    return {"organisation": org, "role": role, "attended": attended}


def held(date: str, *entries: dict[str, str]) -> dict[str, Any]:
    return {"date": date, "status": "held", "attendance": list(entries)}


SHARED = ["police/Commander", "council/Director", "health/Chief Nurse"]


@pytest.fixture
def partnership(tmp_path: Path) -> Path:
    """Safety and Violence share three seats on paper, but only the Commander comes to both;
    Youth shares no seat with Safety on paper today, but its Youth Lead sat on Safety until
    June and came to both; Housing's meetings record no attendance."""
    return write_partnership(
        tmp_path,
        {
            "top": {"kind": "partnership-board", "seats": ["council/Leader"]},
            "safety": {
                "reports_to": ["top"],
                "seats": [*SHARED, "police/Inspector"],
                "meetings": [
                    held("2024-03-01", came(SHARED[0]), came(SHARED[1], "apologies"),
                         came(SHARED[2], "absent"), came("police/Inspector")),
                    held("2024-06-01", came(SHARED[0]), came(SHARED[1], "absent"),
                         came("police/Inspector", "substitute"), came("youth/Lead")),
                ],
            },
            "violence": {
                "reports_to": ["top"],
                "seats": SHARED,
                "meetings": [held("2024-04-01", came(SHARED[0]), came(SHARED[2]),
                                  came(SHARED[1], "apologies"))],
            },
            "youth": {
                "reports_to": ["top"],
                "seats": ["youth/Lead", "council/Youth Officer"],
                "meetings": [held("2024-05-01", came("youth/Lead"), came("council/Youth Officer"))],
            },
            "housing": {
                "reports_to": ["top"],
                "seats": SHARED,
                "meetings": [{"date": "2024-02-01", "status": "held"}],
            },
        },
    )  # fmt: skip


def _end_seat(root: Path) -> None:
    """Give Safety the Youth Lead's seat until 30 June 2024: on paper it is gone by the as-of day."""
    path = root / "data" / "boards" / "safety.yaml"
    record = json.loads(path.read_text())
    record["members"].append({"role": "Lead", "organisation": "youth", "until": "2024-06-30"})
    path.write_text(json.dumps(record, indent=1) + "\n")


@pytest.fixture
def sample(partnership: Path) -> Path:
    _end_seat(partnership)
    return partnership


def _pair(result: Any, a: str, b: str) -> Any:
    return next((p for p in result.pairs if {p.a, p.b} == {a, b}), None)


def test_attendance_scores_pairs_by_who_came_not_by_paper(sample: Path) -> None:
    by_seats = overlap(sample, ON, threshold=0.0)
    by_attendance = overlap(sample, ON, threshold=0.0, by="attendance")
    paper = _pair(by_seats, "safety", "violence")
    came_to_both = _pair(by_attendance, "safety", "violence")
    # on paper Violence's three seats all sit on Safety; at meetings only the Commander came to both
    assert paper.shared_seats == sorted(["Commander, Police", "Director, Council", "Chief Nurse, Health"])
    assert came_to_both.shared_seats == ["Commander, Police"]
    assert came_to_both.score < paper.score
    # Safety's attending seats: Commander, Inspector (by substitute) and the Youth Lead; Violence's:
    # Commander and Chief Nurse (the Director sent apologies)
    assert (came_to_both.seats_a, came_to_both.seats_b) == (3, 2)
    assert came_to_both.reason == (
        "Safety and Violence had 1 seat at both boards' meetings in the twelve months to "
        "1 September 2024 (3 seats attended Safety's, 2 Violence's); both report to Top"
    )
    # the Youth Lead left Safety in June: no longer a seat on paper, but it came to both boards
    assert _pair(by_seats, "safety", "youth") is None
    youth = _pair(by_attendance, "safety", "youth")
    assert youth is not None and youth.shared_seats == ["Lead, Youth"]


def test_board_with_no_attendance_is_left_out_and_said(sample: Path) -> None:
    result = overlap(sample, ON, threshold=0.0, by="attendance")
    assert all("housing" not in (p.a, p.b) for p in result.pairs)  # its seats on paper are Violence's
    assert _pair(overlap(sample, ON, threshold=0.0), "housing", "violence") is not None
    assert "Left out, as their meetings in that time record no attendance: Housing." in result.note
    assert "4 meetings of 3 boards record attendance: Safety, Violence and Youth" in result.note


def test_busy_seats_and_bridges_by_attendance(sample: Path) -> None:
    result = overlap(sample, ON, threshold=0.0, by="attendance")
    busy = {b.label: b.boards for b in result.busy_seats}
    assert busy == {"Commander, Police": ["safety", "violence"], "Lead, Youth": ["safety", "youth"]}
    assert {o.label for o in result.busy_organisations} == {"Police", "Youth"}
    paper = {b.label for b in overlap(sample, ON, threshold=0.0).busy_seats}
    assert "Director, Council" in paper and "Director, Council" not in busy
    # the Youth Lead is the one link from Youth to the rest, by attendance
    bridge = next(b for b in result.bridges if b.label == "Lead, Youth")
    assert bridge.reason == (
        "Lead, Youth is the only seat, by attendance at meetings in the twelve months to "
        "1 September 2024, linking Youth with Safety"
    )


def test_the_twelve_month_window_edges(partnership: Path) -> None:
    """A meeting a year to the day before --as-of is outside; the day after it, and --as-of
    itself, are inside; a meeting after --as-of is not yet."""
    path = partnership / "data" / "boards" / "youth.yaml"
    record = json.loads(path.read_text())
    record["members"].append({"role": "Commander", "organisation": "police"})
    path.write_text(json.dumps(record, indent=1) + "\n")

    def commander_at_youth(date: str) -> bool:
        record["meetings"] = [held(date, came(SHARED[0]))]
        path.write_text(json.dumps(record, indent=1) + "\n")
        result = overlap(partnership, ON, threshold=0.0, by="attendance")
        return any(b.label == "Commander, Police" and "youth" in b.boards for b in result.busy_seats)

    assert not commander_at_youth("2023-09-01")
    assert commander_at_youth("2023-09-02")
    assert commander_at_youth("2024-09-01")
    assert not commander_at_youth("2024-09-02")


def test_no_attendance_recorded_is_never_no_overlap(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {
            "a": {"seats": SHARED, "meetings": [{"date": "2024-05-01", "status": "held"}]},
            "b": {"seats": SHARED},
        },
    )
    result = overlap(root, ON, threshold=0.0, by="attendance")
    assert result.pairs == [] and result.busy_seats == []
    assert result.note.startswith("No meeting held in the twelve months to 1 September 2024 records who")
    assert "nothing here says that they do not overlap" in result.note
    out = runner.invoke(app, ["overlap", "--root", str(root), "--as-of", "2024-09-01", "--by", "attendance"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("No meeting held in the twelve months to 1 September 2024 records")
    # an empty list says nothing here: never "none", but for the groups that may no longer be needed
    assert out.output.count("not known: no attendance is recorded") == 6
    assert out.output.count("  none") == 1
    args = ["overlap", "--root", str(root), "--as-of", "2024-09-01", "--by", "attendance"]
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).output)
    assert data["by"] == "attendance" and data["note"] == result.note
    assert data["attendance"]["boards_with_attendance"] == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "graphml", "dot", "mermaid"])
def test_every_format_says_the_basis(sample: Path, fmt: str) -> None:
    args = ["overlap", "--root", str(sample), "--as-of", "2024-09-01", "--threshold", "0", "--format", fmt]
    seats = runner.invoke(app, args)
    attendance = runner.invoke(app, [*args, "--by", "attendance"])
    default = runner.invoke(app, [*args, "--by", "seats"])
    assert attendance.exit_code == seats.exit_code == 0, attendance.output
    assert default.stdout == seats.stdout  # --by seats is the default, byte for byte
    text = attendance.stdout
    assert "by attendance" in text or "at both boards' meetings" in text
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert all("meetings in the twelve months to" in r["reason"] for r in rows)
        assert "Left out" in attendance.stderr
    if fmt == "json":
        data = json.loads(text)
        assert all("in the twelve months to 1 September 2024" in p["reason"] for p in data["pairs"])
        assert "by" not in json.loads(seats.stdout)  # the seats' JSON is as it always was
    if fmt in ("dot", "mermaid", "graphml", "table"):
        assert "Compared by attendance" in text


def test_unknown_basis_is_refused(sample: Path) -> None:
    out = runner.invoke(app, ["overlap", "--root", str(sample), "--by", "people"])
    assert out.exit_code == 2
    assert "people" in out.output


DRIVER = """
import json, sys
from typer.testing import CliRunner
from thp_cli.cli.app import app

root, out = sys.argv[1], sys.argv[2]
runs = {}
for fmt in ("table", "json", "csv", "graphml", "dot", "mermaid"):
    args = ["overlap", "--root", root, "--as-of", "2024-09-01", "--threshold", "0", "--by", "attendance"]
    runs[fmt] = CliRunner().invoke(app, [*args, "--format", fmt], env={"COLUMNS": "200"}).stdout
runs["report"] = CliRunner().invoke(
    app, ["report", "annual", "--root", root, "--as-of", "2024-09-01", "--format", "md"]
).stdout
open(out, "w").write(json.dumps(runs))
"""


def test_same_bytes_under_another_hash_seed(tmp_path: Path) -> None:
    """Overlap by attendance and the report's attendance, on a partnership of many boards whose
    meetings record who came, give the same bytes in two processes with different hash seeds."""
    import os
    import random
    import subprocess
    import sys

    from ..test_determinism import many_boards

    root = many_boards(tmp_path / "p", 120)
    rnd = random.Random(16)
    words = ["present", "present", "substitute", "apologies", "absent"]
    for path in sorted((root / "data" / "boards").glob("*.yaml")):
        record = json.loads(path.read_text())
        for meeting in record.get("meetings", []):
            meeting["attendance"] = [
                {k: seat[k] for k in ("organisation", "role", "person") if k in seat}
                | {"attended": rnd.choice(words)}
                for seat in record.get("members", [])
                if rnd.random() < 0.8
            ]
        path.write_text(json.dumps(record, indent=1) + "\n")
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", DRIVER, str(root), str(out)], env=env, check=True, timeout=600)
        runs.append(json.loads(out.read_text()))
    assert runs[0] == runs[1]
    assert "Compared by attendance" in runs[0]["table"] and "Attendance rate" in runs[0]["report"]
    assert json.loads(runs[0]["json"])["busy_seats"]
