"""thp import xlsx of the whole workbook: seats, meetings and the recommendations tracker read
back with comments kept; an unchanged workbook changes no byte; any problem in any sheet, named
by sheet, row and column, writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app

runner = CliRunner()

EXEC = """\
# The executive group: kept by the partnership team.
id: exec
name: Executive Group
short_name: EG
kind: executive
reports_to: [board]
meets: bi-monthly
meetings:
  - date: 2024-07-10   # the summer meeting
    status: held
    agenda: https://example.org/exec/2024-07-10/agenda
  # the autumn meeting is not yet confirmed
  - date: 2024-11-10
    status: planned
    time: "18:30"
work_programme:
  published: 2024-06-20
  url: https://example.org/exec/work-programme
members:
  - role: Leader of the Council
    organisation: council
    position: co-chair
    elected_member: true
  - role: Chief Executive
    organisation: nhs-trust
    position: co-chair
    person: person-0001
    since: 2023-05-01
"""
R1 = """\
id: r1
number: 1
title: Tackle duplication
owner: exec
sro: Director of Strategy
actions:
  - number: i
    title: Review the groups
    start: 2024-05
    due: 2024-07
    owners: [exec]
    status: in-progress   # as reported to the executive
    updates:
      - date: 2024-06-01
        status: in-progress
        note: Started.
  # the ongoing action
  - number: ii
    title: Keep improving
    ongoing: true
"""


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()
    }


@pytest.fixture
def town(partnership: Path) -> Path:
    (partnership / "data" / "boards" / "exec.yaml").write_text(EXEC)
    (partnership / "data" / "recommendations" / "r1.yaml").write_text(R1)
    return partnership


def exported(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "workbook.xlsx"
    result = thp("export", "xlsx", "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def edited(
    path: Path, edits: dict[str, dict[str, object]], append: dict[str, list[object]] | None = None
) -> Path:
    """The workbook with cells set ({sheet: {"C3": value}}) and rows added at the end."""
    book = openpyxl.load_workbook(path)
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            book[sheet][ref] = value
    for sheet, row in (append or {}).items():
        book[sheet].append(row)
    out = path.with_name("edited.xlsx")
    book.save(out)
    return out


def test_an_unchanged_workbook_changes_no_byte(town: Path, tmp_path: Path) -> None:
    before = snapshot(town)
    result = thp("import", "xlsx", str(exported(town, tmp_path)), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert result.output == "nothing to change: the sheet matches the data\n"
    assert snapshot(town) == before


def test_edits_in_every_sheet_are_made_with_comments_kept(town: Path, tmp_path: Path) -> None:
    book = edited(
        exported(town, tmp_path),
        {
            "Seats": {"F3": "chair"},  # exec's Leader of the Council (row 3: after board's one seat)
            "Meetings": {
                "C4": "held",
                "D4": None,
                "E4": "Town Hall",
                "G4": "https://example.org/exec/minutes",
            },
            "Recommendations": {"E2": "done", "F2": dt.datetime(2024, 8, 30), "G2": "Review finished."},
        },
        {"Meetings": ["health", dt.datetime(2025, 1, 20), "planned", "9:30", "Civic Centre", None, None]},
    )
    result = thp("import", "xlsx", str(book), "--root", str(town), "--as-of", "2024-09-01")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "exec (data/boards/exec.yaml):\n"
        "  changed the seat Leader of the Council (council): position from co-chair to chair\n"
        "  changed the meeting of 2024-11-10: status from planned to held, time 18:30 removed, "
        "venue Town Hall, minutes https://example.org/exec/minutes\n"
        "health (data/boards/health.yaml):\n"
        "  added the meeting of 2025-01-20: planned, time 09:30, venue 'Civic Centre'\n"
        "recommendation r1 (data/recommendations/r1.yaml):\n"
        "  recorded progress on action i on 2024-08-30, status in-progress -> done: Review finished.\n"
        "4 changes to 2 boards and 1 recommendation written\n"
    )
    exec_text = (town / "data" / "boards" / "exec.yaml").read_text()
    assert exec_text == EXEC.replace(
        '    status: planned\n    time: "18:30"\n',
        "    status: held\n    venue: Town Hall\n    minutes: https://example.org/exec/minutes\n",
    ).replace(
        "    position: co-chair\n    elected_member: true", "    position: chair\n    elected_member: true"
    )
    assert (
        '  - date: 2025-01-20\n    status: planned\n    time: "09:30"\n    venue: Civic Centre\n'
        in (town / "data" / "boards" / "health.yaml").read_text()
    )
    assert (town / "data" / "recommendations" / "r1.yaml").read_text() == R1.replace(
        "    status: in-progress   # as reported to the executive\n",
        "    status: done   # as reported to the executive\n",
    ).replace(
        "        note: Started.\n",
        "        note: Started.\n"
        "      - date: 2024-08-30\n        status: done\n        note: Review finished.\n",
    )
    assert thp("validate", "--root", str(town)).exit_code == 0


def test_progress_without_a_new_date_is_dated_as_of(town: Path, tmp_path: Path) -> None:
    book = edited(
        exported(town, tmp_path), {"Recommendations": {"E3": "in-progress", "G3": "Self-review set up"}}
    )
    result = thp("import", "xlsx", str(book), "--root", str(town), "--as-of", "2024-09-15")
    assert result.exit_code == 0, result.output
    assert (
        "  recorded progress on action ii on 2024-09-15, status in-progress: Self-review set up\n"
        in result.output
    )
    assert (town / "data" / "recommendations" / "r1.yaml").read_text() == R1 + (
        "    status: in-progress\n"
        "    updates:\n"
        "      - date: 2024-09-15\n"
        "        status: in-progress\n"
        "        note: Self-review set up\n"
    )


def test_a_meeting_row_taken_out_keeps_the_meeting(town: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(exported(town, tmp_path))
    book["Meetings"].delete_rows(3)  # exec's 2024-07-10
    out = tmp_path / "fewer.xlsx"
    book.save(out)
    before = snapshot(town)
    result = thp("import", "xlsx", str(out), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert snapshot(town) == before


def test_check_writes_nothing(town: Path, tmp_path: Path) -> None:
    book = edited(exported(town, tmp_path), {"Meetings": {"C4": "cancelled"}})
    before = snapshot(town)
    result = thp("import", "xlsx", str(book), "--root", str(town), "--check")
    assert result.exit_code == 0, result.output
    assert "changed the meeting of 2024-11-10: status from planned to cancelled" in result.output
    assert result.output.endswith("1 change to 1 board; nothing written (--check)\n")
    assert snapshot(town) == before


M, R = "Meetings", "Recommendations"


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "said"),
    [
        (M, "A2", "bored", "row 2, column board: 'bored' is no board; did you mean 'board'?"),
        (M, "B3", "2024-13-01", "row 3, column date: "),
        (M, "C4", "postponed", "row 4, column status: 'postponed' is not a status"),
        (M, "D4", "25:00", "row 4, column time: '25:00' is not a time of day"),
        (M, "F3", "http://example.org/a", "row 3, column agenda: 'http://example.org/a' is not an https://"),
        (R, "A2", "r9", "row 2, column recommendation: 'r9' is no recommendation"),
        (R, "B3", "iii", "row 3, column action: r1 has no action 'iii'"),
        (R, "E2", "finished", "row 2, column status: 'finished' is not a status"),
        (R, "E2", None, "row 2, column status: empty, but r1 i is recorded as in-progress"),
        (R, "F2", dt.datetime(2024, 1, 1), "row 2, column last_update: 2024-01-01 is before the last update"),
        (R, "H1", "owner", "row 1, column owner: thp does not know this column"),
    ],
)
def test_a_problem_in_any_sheet_writes_nothing(
    town: Path, tmp_path: Path, sheet: str, cell: str, value: object, said: str
) -> None:
    edits = {sheet: {cell: value}, "Seats": {"F3": "chair"}}  # a sound change elsewhere is not made either
    book = edited(exported(town, tmp_path), edits)
    before = snapshot(town)
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 2, result.output
    assert "nothing was imported: edited.xlsx has a problem:\n" in result.output
    assert f"  sheet {sheet}, {said}" in result.output
    assert snapshot(town) == before


def test_a_workbook_of_only_seats_still_imports(town: Path, tmp_path: Path) -> None:
    """An export from before the workbook had meetings (no person_name, one sheet) reads as ever."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    header = ["board", "board_name", "role", "organisation", "organisation_name"]
    header += ["position", "elected_member", "person", "since", "until"]
    sheet.append(header)
    sheet.append(["exec", "Executive Group", "Leader of the Council", "council", "", "chair", True])
    sheet.append(
        ["exec", "", "Chief Executive", "nhs-trust", "", "co-chair", False, "person-0001", "2023-05-01"]
    )
    out = tmp_path / "old.xlsx"
    book.save(out)
    result = thp("import", "xlsx", str(out), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert (
        "changed the seat Leader of the Council (council): position from co-chair to chair" in result.output
    )
    assert (town / "data" / "boards" / "exec.yaml").read_text() == EXEC.replace(
        "    position: co-chair\n    elected_member: true", "    position: chair\n    elected_member: true"
    )


def test_updates_written_in_flow_style_take_the_next_in_flow_style(town: Path, tmp_path: Path) -> None:
    """As thp action status records it: the same edit, whichever command makes it."""
    path = town / "data" / "recommendations" / "r1.yaml"
    flow = "    updates: [{date: 2024-06-01, status: in-progress, note: Started.}]\n"
    path.write_text(
        R1.replace(
            "    updates:\n      - date: 2024-06-01\n        status: in-progress\n        note: Started.\n",
            flow,
        )
    )
    book = edited(
        exported(town, tmp_path), {"Recommendations": {"E2": "done", "F2": dt.datetime(2024, 8, 1)}}
    )
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert (
        "    status: done   # as reported to the executive\n"
        "    updates: [{date: 2024-06-01, status: in-progress, note: Started.}, "
        "{date: 2024-08-01, status: done}]\n" in path.read_text()
    )


def test_an_updates_list_thp_cannot_edit_safely_stops_the_whole_import(town: Path, tmp_path: Path) -> None:
    path = town / "data" / "recommendations" / "r1.yaml"
    path.write_text(R1 + "    updates: [\n    ]\n")
    book = edited(
        exported(town, tmp_path), {"Recommendations": {"E3": "in-progress"}, "Meetings": {"C4": "held"}}
    )
    before = snapshot(town)
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 2, result.output
    assert "thp cannot edit data/recommendations/r1.yaml safely" in result.output
    assert "updates are an empty list written over several lines" in result.output
    assert snapshot(town) == before


def test_a_link_already_in_the_data_does_not_stop_an_import(town: Path, tmp_path: Path) -> None:
    """An http agenda already recorded is thp validate's to report; the workbook's other rows import."""
    path = town / "data" / "boards" / "exec.yaml"
    path.write_text(EXEC.replace("https://example.org/exec/2024-07-10/agenda", "http://example.org/agenda"))
    book = edited(exported(town, tmp_path), {"Meetings": {"C4": "held"}})
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert "changed the meeting of 2024-11-10: status from planned to held" in result.output
    assert "agenda: http://example.org/agenda\n" in path.read_text()


def test_a_meeting_added_by_the_sheet_goes_in_date_order_as_thp_meeting_add_puts_it(
    town: Path, tmp_path: Path
) -> None:
    """The same edit as thp meeting add: before the first later meeting and the comment above it,
    made after the row that changes that later meeting."""
    book = edited(
        exported(town, tmp_path),
        {"Meetings": {"C4": "cancelled"}},
        {"Meetings": ["exec", dt.datetime(2024, 9, 15), "held", None, "Town Hall", None, None]},
    )
    result = thp("import", "xlsx", str(book), "--root", str(town), "--as-of", "2024-12-01")
    assert result.exit_code == 0, result.output
    assert (
        "  changed the meeting of 2024-11-10: status from planned to cancelled\n"
        "  added the meeting of 2024-09-15: held, venue 'Town Hall'\n" in result.output
    )
    assert (town / "data" / "boards" / "exec.yaml").read_text() == EXEC.replace(
        "  # the autumn meeting is not yet confirmed\n",
        "  - date: 2024-09-15\n    status: held\n    venue: Town Hall\n"
        "  # the autumn meeting is not yet confirmed\n",
    ).replace("    status: planned\n", "    status: cancelled\n")
