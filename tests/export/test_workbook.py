"""thp export xlsx as the workbook an officer keeps: holders' names, drop-down lists, and the
Meetings and Recommendations sheets, read with openpyxl."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()
EMAIL = "a.person@example.org"  # the base case's contact detail for person-0001


def workbook(root: Path, out: Path) -> openpyxl.Workbook:
    result = runner.invoke(
        app, ["export", "xlsx", "--root", str(root), "--out", str(out)], env={"THP_ROOT": ""}
    )
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def rows(book: openpyxl.Workbook, sheet: str) -> list[tuple[object, ...]]:
    return list(book[sheet].iter_rows(values_only=True))


def test_seats_name_their_holders_but_never_their_contact_details(partnership: Path, tmp_path: Path) -> None:
    book = workbook(partnership, tmp_path / "w.xlsx")
    seats = rows(book, "Seats")
    header = list(seats[0])
    assert header[7:9] == ["person", "person_name"]
    held = [row for row in seats[1:] if row[7] == "person-0001"]
    assert [row[8] for row in held] == ["A. Person"]
    assert all(row[8] is None for row in seats[1:] if row[7] is None)
    every_cell = {str(v) for sheet in book.sheetnames for row in rows(book, sheet) for v in row}
    assert not any(EMAIL in cell for cell in every_cell)


def test_position_organisation_and_statuses_are_chosen_from_lists(partnership: Path, tmp_path: Path) -> None:
    book = workbook(partnership, tmp_path / "w.xlsx")
    lists = book["Lists"]
    assert lists.sheet_state == "hidden"
    columns = {col[0].value: [c.value for c in col[1:] if c.value is not None] for col in lists.iter_cols()}
    assert columns["position"] == ["chair", "co-chair", "vice-chair", "member", "adviser", "secretariat"]
    assert columns["organisation"] == ["council", "nhs-trust", "police"]
    assert columns["meeting status"] == ["held", "planned", "cancelled"]
    assert columns["action status"] == ["not-started", "in-progress", "done", "dropped"]

    def validations(sheet: str) -> dict[str, str]:
        found = book[sheet].data_validations.dataValidation
        return {str(v.sqref).split(":")[0]: v.formula1 for v in found if v.type == "list"}

    assert validations("Seats") == {"F2": "=Lists!$A$2:$A$7", "D2": "=Lists!$B$2:$B$4"}
    assert validations("Meetings") == {"C2": "=Lists!$C$2:$C$4"}
    assert validations("Recommendations") == {"E2": "=Lists!$D$2:$D$5"}


def test_meetings_sheet_has_every_meeting_by_board_and_date(partnership: Path, tmp_path: Path) -> None:
    exec_file = partnership / "data" / "boards" / "exec.yaml"
    exec_file.write_text(
        exec_file.read_text().replace(
            "  - date: 2024-11-10\n    status: planned\n",
            '  - date: 2024-11-10\n    status: planned\n    time: "18:30"\n    venue: Civic Centre, Room 2\n',
        )
    )
    meetings = rows(workbook(partnership, tmp_path / "w.xlsx"), "Meetings")
    assert meetings[0] == ("board", "date", "status", "time", "venue", "agenda", "minutes")
    assert meetings[1:] == [
        ("board", dt.datetime(2024, 3, 1), "held", None, None, None, None),
        (
            "exec",
            dt.datetime(2024, 7, 10),
            "held",
            None,
            None,
            "https://example.org/exec/2024-07-10/agenda",
            None,
        ),
        ("exec", dt.datetime(2024, 11, 10), "planned", "18:30", "Civic Centre, Room 2", None, None),
        ("health", dt.datetime(2024, 6, 1), "held", None, None, None, None),
        ("safety", dt.datetime(2024, 5, 1), "held", None, None, None, None),
    ]


def test_recommendations_sheet_is_the_tracker(partnership: Path, tmp_path: Path) -> None:
    tracker = rows(workbook(partnership, tmp_path / "w.xlsx"), "Recommendations")
    assert tracker[0] == ("recommendation", "action", "title", "due", "status", "last_update", "note")
    assert tracker[1:] == [
        (
            "r1",
            "i",
            "Review the groups",
            dt.datetime(2024, 7, 31),
            "in-progress",
            dt.datetime(2024, 6, 1),
            "Started.",
        ),
        ("r1", "ii", "Keep improving", "ongoing", None, None, None),
    ]


def test_workbook_is_the_same_bytes_in_other_processes(partnership: Path, tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"w{seed}.xlsx"
        env = {**os.environ, "PYTHONHASHSEED": seed, "THP_ROOT": ""}
        command = [
            sys.executable,
            "-m",
            "thp_cli",
            "export",
            "xlsx",
            "--root",
            str(partnership),
            "--out",
            str(out),
        ]
        subprocess.run(command, check=True, env=env, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
