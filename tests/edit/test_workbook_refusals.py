"""thp import xlsx refuses, with nothing written, what would record what nobody did: a second row
for a meeting (a second meeting on one day), a sheet missing a column (every cell of it read as
cleared), and a note or date cleared (read as progress)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from thp_cli.export.workbook import MEETING_COLUMNS, TRACKER_COLUMNS

from .test_workbook_import import EXEC, R1, edited, exported, snapshot, thp, town

__all__ = ["town"]  # the fixture, a partnership with an executive group and a recommendation


def refused(town: Path, book: Path, said: str) -> None:
    before = snapshot(town)
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 2, result.output
    assert "nothing was imported: " in result.output
    assert said in result.output, result.output
    assert snapshot(town) == before


def test_a_second_row_for_a_meeting_is_refused_not_added(town: Path, tmp_path: Path) -> None:
    # row 4 is exec's meeting of 2024-11-10; a row appended (row 7) for the same day as a second one
    book = edited(
        exported(town, tmp_path), {}, {"Meetings": ["exec", dt.datetime(2024, 11, 10), "cancelled"]}
    )
    refused(
        town,
        book,
        "  sheet Meetings, row 7, column date: the same meeting as row 4; each meeting has one row",
    )
    assert (town / "data" / "boards" / "exec.yaml").read_text() == EXEC


def test_two_rows_for_a_new_meeting_are_refused(town: Path, tmp_path: Path) -> None:
    day = dt.datetime(2025, 1, 20)
    book = edited(exported(town, tmp_path), {}, {"Meetings": ["health", day, "planned"]})
    book = edited(book, {}, {"Meetings": ["health", day, "cancelled"]})
    refused(
        town,
        book,
        "  sheet Meetings, row 8, column date: the same meeting as row 7; each meeting has one row",
    )


def test_one_date_on_two_boards_is_two_meetings(town: Path, tmp_path: Path) -> None:
    book = edited(
        exported(town, tmp_path), {}, {"Meetings": ["health", dt.datetime(2024, 11, 10), "planned"]}
    )
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert "  added the meeting of 2024-11-10: planned\n" in result.output
    assert (town / "data" / "boards" / "exec.yaml").read_text() == EXEC


def test_a_row_changes_the_meeting_of_its_day(town: Path, tmp_path: Path) -> None:
    book = edited(exported(town, tmp_path), {"Meetings": {"C4": "cancelled"}})
    result = thp("import", "xlsx", str(book), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert "changed the meeting of 2024-11-10: status from planned to cancelled" in result.output
    assert "added" not in result.output
    text = (town / "data" / "boards" / "exec.yaml").read_text()
    assert text.count("2024-11-10") == 1
    assert thp("validate", "--root", str(town)).exit_code == 0


def test_validate_reports_two_meetings_of_one_board_on_one_date(town: Path) -> None:
    doubled = EXEC.replace(
        "work_programme:", "  - date: 2024-07-10\n    status: cancelled\nwork_programme:", 1
    )
    (town / "data" / "boards" / "exec.yaml").write_text(doubled)
    result = thp("validate", "--root", str(town))
    assert result.exit_code == 1, result.output
    assert "data/boards/exec.yaml\n" in result.output
    assert "  16:11  error  Executive Group already has a meeting on 2024-07-10 (line 9)" in result.output
    assert "duplicate-meeting\n" in result.output


def without(book: Path, sheet: str, column: str) -> Path:
    """The workbook with the column ``column`` of ``sheet`` deleted."""
    loaded = openpyxl.load_workbook(book)
    header = [cell.value for cell in loaded[sheet][1]]
    loaded[sheet].delete_cols(header.index(column) + 1)
    out = book.with_name(f"without-{column}.xlsx")
    loaded.save(out)
    return out


@pytest.mark.parametrize(
    ("sheet", "column"),
    [("Meetings", c) for c in MEETING_COLUMNS] + [("Recommendations", c) for c in TRACKER_COLUMNS],
)
def test_a_sheet_missing_a_column_is_refused(town: Path, tmp_path: Path, sheet: str, column: str) -> None:
    book = without(exported(town, tmp_path), sheet, column)
    refused(
        town,
        book,
        f"  sheet {sheet}, row 1: the header lacks the column(s) {column}; start from thp export xlsx",
    )


def test_a_cleared_note_or_date_records_no_progress(town: Path, tmp_path: Path) -> None:
    for cells in ({"G2": None}, {"F2": None}, {"F2": None, "G2": None}):
        book = edited(exported(town, tmp_path), {"Recommendations": cells})
        before = snapshot(town)
        result = thp("import", "xlsx", str(book), "--root", str(town), "--as-of", "2024-09-15")
        assert result.exit_code == 0, result.output
        assert result.output == "nothing to change: the sheet matches the data\n", cells
        assert snapshot(town) == before


def test_a_new_status_with_the_note_cleared_records_the_status_only(town: Path, tmp_path: Path) -> None:
    book = edited(exported(town, tmp_path), {"Recommendations": {"E2": "done", "G2": None}})
    result = thp("import", "xlsx", str(book), "--root", str(town), "--as-of", "2024-09-15")
    assert result.exit_code == 0, result.output
    assert (town / "data" / "recommendations" / "r1.yaml").read_text() == R1.replace(
        "    status: in-progress   # as reported", "    status: done   # as reported"
    ).replace(
        "        note: Started.\n",
        "        note: Started.\n      - date: 2024-09-15\n        status: done\n",
    )
