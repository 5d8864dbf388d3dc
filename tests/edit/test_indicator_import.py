"""thp import csv|xlsx of the indicators sheet: values added in date order, changed, their notes
removed, in each list's own style with every other byte kept; an unchanged export changes
nothing; any problem, named by sheet, row and column, writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app

runner = CliRunner()
AS_OF = "2024-09-01"

HEALTHY = """\
id: healthy-weight  # kept
title: Children of a healthy weight
actions: ["2.1"]
owner: health
unit: percent
direction: up
baseline: {date: 2022-03, value: 60}
target: {date: 2026-03, value: 70}
values:
  # measured each spring
  - {date: 2023-03, value: 61.5, note: School measurement}
  - {date: 2024-03, value: 63.8}
sources:
  - title: Child measurement programme
"""
CRIME = """\
id: crime
title: Violent crimes reported
calls_to_action: [1]
owner: safety
unit: rate-per-1000
direction: down
baseline: {date: 2021-03, value: 12.0}
target: {date: 2026-03, value: 9.0}
values:
  - date: 2022-03
    value: 11.1   # provisional
  - date: 2024-03
    value: 8.7
    note: Police figures
"""
WAITS = """\
id: waits
title: Days waited for a home adaptation
calls_to_action: [1]
owner: safety
unit: days
direction: down
baseline: {date: 2024-01-15, value: 120}
target: {date: 2025-12-31, value: 60}
"""
# the rows of the export, as a spreadsheet numbers them (the header is row 1)
CRIME_2022, CRIME_2024, HEALTHY_2023, HEALTHY_2024, WAITS_ROW = 2, 3, 4, 5, 6
COLUMN = {name: i for i, name in enumerate(("indicator", "title", "owner", "unit", "date", "value", "note"))}


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()
    }


@pytest.fixture
def town(partnership: Path) -> Path:
    folder = partnership / "data" / "indicators"
    folder.mkdir()
    for name, text in (("healthy-weight", HEALTHY), ("crime", CRIME), ("waits", WAITS)):
        (folder / f"{name}.yaml").write_text(text)
    return partnership


def text_of(root: Path, indicator: str) -> str:
    return (root / "data" / "indicators" / f"{indicator}.yaml").read_text()


def exported_csv(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "values.csv"
    result = thp("export", "csv", "--sheet", "indicators", "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def edited_csv(path: Path, edit: Callable[[list[list[str]]], None]) -> Path:
    """The CSV with its rows (the header is rows[0]) changed by ``edit``, saved as Excel saves one."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    edit(rows)
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    out = path.with_name("edited.csv")
    out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return out


def cells(**changes: dict[str, str]) -> Callable[[list[list[str]]], None]:
    """An edit that sets cells: cells(r3={"value": "8.5"}) sets row 3's value."""

    def edit(rows: list[list[str]]) -> None:
        for row, values in changes.items():
            for column, value in values.items():
                rows[int(row[1:]) - 1][COLUMN[column]] = value

    return edit


def imported(path: Path, root: Path, *extra: str, fmt: str = "csv") -> Result:
    return thp("import", fmt, str(path), "--root", str(root), "--as-of", AS_OF, *extra)


# -- round trips ------------------------------------------------------------------------------
def test_an_unchanged_csv_export_changes_no_byte(town: Path, tmp_path: Path) -> None:
    before = snapshot(town)
    result = imported(exported_csv(town, tmp_path), town)
    assert result.exit_code == 0, result.output
    assert result.output == "nothing to change: the sheet matches the data\n"
    assert snapshot(town) == before


def test_an_unchanged_workbook_with_indicators_changes_no_byte(town: Path, tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"
    assert thp("export", "xlsx", "--root", str(town), "--out", str(out)).exit_code == 0
    before = snapshot(town)
    result = imported(out, town, fmt="xlsx")
    assert result.exit_code == 0, result.output
    assert result.output == "nothing to change: the sheet matches the data\n"
    assert snapshot(town) == before


def test_a_sheet_saved_with_figures_as_excel_writes_them_is_no_change(town: Path, tmp_path: Path) -> None:
    """15.90 and 8.70 are the figures 15.9 and 8.7; a month and its last day are one date."""
    before = snapshot(town)
    sheet = edited_csv(
        exported_csv(town, tmp_path),
        cells(r3={"value": "8.70", "date": "2024-03-31"}, r5={"value": "63.80"}),
    )
    result = imported(sheet, town)
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert snapshot(town) == before


def test_a_value_ahead_of_as_of_exports_and_imports_unchanged(town: Path, tmp_path: Path) -> None:
    """thp validate warns of a value whose period is not over; an unchanged export of it is no
    change, while a new value for a period not over is refused (below)."""
    ahead = CRIME + "  - date: 2024-12\n    value: 8.1\n"
    (town / "data" / "indicators" / "crime.yaml").write_text(ahead)
    before = snapshot(town)
    result = imported(exported_csv(town, tmp_path), town)
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert snapshot(town) == before
    changed = edited_csv(exported_csv(town, tmp_path), cells(r4={"value": "8.2"}))
    refused = imported(changed, town)
    assert refused.exit_code == 2
    assert "row 4, column date: 2024-12, which ends on 2024-12-31, is after 2024-09-01" in refused.output
    assert snapshot(town) == before


# -- what a row does --------------------------------------------------------------------------
def test_new_values_go_in_date_order_in_each_lists_own_style(town: Path, tmp_path: Path) -> None:
    def add(rows: list[list[str]]) -> None:
        rows[WAITS_ROW - 1][4:7] = ["2024-06-30", "98", "First count"]  # the row to fill in
        rows.append(["crime", "", "", "", "2023-03", "9.9", ""])  # between 2022-03 and 2024-03
        rows.append(["healthy-weight", "", "", "", "2022-09", "60.5", "Autumn: all schools"])  # first

    result = imported(edited_csv(exported_csv(town, tmp_path), add), town)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "indicator crime (data/indicators/crime.yaml):\n"
        "  added the value 9.9 for 2023-03\n"
        "indicator healthy-weight (data/indicators/healthy-weight.yaml):\n"
        "  added the value 60.5 for 2022-09 (Autumn: all schools)\n"
        "indicator waits (data/indicators/waits.yaml):\n"
        "  added the value 98 for 2024-06-30 (First count)\n"
        "3 changes to 3 indicators written\n"
    )
    assert text_of(town, "crime") == CRIME.replace(
        "  - date: 2024-03\n", "  - date: 2023-03\n    value: 9.9\n  - date: 2024-03\n"
    )
    assert text_of(town, "healthy-weight") == HEALTHY.replace(
        "  # measured each spring\n",
        '  # measured each spring\n  - {date: 2022-09, value: 60.5, note: "Autumn: all schools"}\n',
    )
    assert text_of(town, "waits") == WAITS + (
        "values:\n  - date: 2024-06-30\n    value: 98\n    note: First count\n"
    )
    assert thp("validate", "--root", str(town), "--as-of", AS_OF).exit_code == 0


def test_a_changed_figure_and_a_removed_note_change_only_their_keys(town: Path, tmp_path: Path) -> None:
    sheet = edited_csv(
        exported_csv(town, tmp_path),
        cells(
            r2={"value": "11.4"},  # the provisional figure revised: its comment stays
            r3={"note": ""},  # the note removed
            r4={"note": "School measurement programme"},
        ),
    )
    result = imported(sheet, town)
    assert result.exit_code == 0, result.output
    assert "  changed the value for 2022-03: value 11.1 -> 11.4\n" in result.output
    assert "  changed the value for 2024-03: note removed\n" in result.output
    assert "  changed the value for 2023-03: note: School measurement programme\n" in result.output
    assert text_of(town, "crime") == CRIME.replace("11.1", "11.4").replace("    note: Police figures\n", "")
    assert text_of(town, "healthy-weight") == HEALTHY.replace(
        "note: School measurement}", "note: School measurement programme}"
    )


def test_a_value_with_no_row_is_kept(town: Path, tmp_path: Path) -> None:
    def drop(rows: list[list[str]]) -> None:
        del rows[CRIME_2022 - 1 : HEALTHY_2024]  # every value's row gone

    before = snapshot(town)
    result = imported(edited_csv(exported_csv(town, tmp_path), drop), town)
    assert result.exit_code == 0 and "nothing to change" in result.output
    assert snapshot(town) == before


def test_the_help_says_how_to_remove_a_value() -> None:
    result = thp("import", "csv", "--help")
    assert "the sheet never removes one; remove one by deleting its line" in " ".join(result.output.split())


def test_check_says_what_it_would_do_and_writes_nothing(town: Path, tmp_path: Path) -> None:
    before = snapshot(town)
    sheet = edited_csv(exported_csv(town, tmp_path), cells(r6={"date": "2024-06", "value": "90"}))
    result = imported(sheet, town, "--check")
    assert result.exit_code == 0, result.output
    assert "added the value 90 for 2024-06" in result.output
    assert "1 change to 1 indicator; nothing written (--check)" in result.output
    assert snapshot(town) == before


@pytest.mark.parametrize(
    ("as_of", "accepted"), [("2024-09-29", False), ("2024-09-30", True)], ids=["month-not-over", "month-over"]
)
def test_a_month_is_recorded_once_it_has_ended(
    town: Path, tmp_path: Path, as_of: str, accepted: bool
) -> None:
    sheet = edited_csv(exported_csv(town, tmp_path), cells(r6={"date": "2024-09", "value": "90"}))
    result = thp("import", "csv", str(sheet), "--root", str(town), "--as-of", as_of)
    assert (result.exit_code == 0) is accepted, result.output
    if not accepted:
        assert "row 6, column date: 2024-09, which ends on 2024-09-30, is after 2024-09-29" in result.output


@pytest.mark.parametrize(
    ("figure", "accepted"), [("0", True), ("100", True), ("100.01", False), ("-0.5", False)]
)
def test_a_percent_lies_from_0_to_100(town: Path, tmp_path: Path, figure: str, accepted: bool) -> None:
    before = snapshot(town)
    result = imported(edited_csv(exported_csv(town, tmp_path), cells(r5={"value": figure})), town)
    assert (result.exit_code == 0) is accepted, result.output
    if accepted:
        assert f"value: {figure}}}" in text_of(town, "healthy-weight")
    else:
        assert f"row 5, column value: {figure} is not a percent: healthy-weight is measured in percent" in (
            result.output
        )
        assert snapshot(town) == before


# -- refusals: each named by row and column, nothing written ------------------------------------
ROW6 = "row 6, column"


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (cells(r6={"indicator": "wiats", "date": "2024-06", "value": "90"}),
         f"{ROW6} indicator: 'wiats' is no indicator; did you mean 'waits'?"),
        (cells(r6={"date": "2024-13", "value": "90"}), f"{ROW6} date: '2024-13' is not a month"),
        (cells(r6={"date": "June 2024", "value": "90"}),
         f"{ROW6} date: 'June 2024' is not a month or a date: write YYYY-MM; did you mean 2024-06?"),
        (cells(r6={"date": "2024-10", "value": "90"}),
         f"{ROW6} date: 2024-10, which ends on 2024-10-31, is after 2024-09-01"),
        (cells(r6={"date": "2024-09-02", "value": "90"}), f"{ROW6} date: 2024-09-02 is after 2024-09-01"),
        (cells(r6={"date": "2024-06", "value": "90 days"}), f"{ROW6} value: '90 days' is not a number"),
        (cells(r6={"date": "2024-06", "value": "1,200"}), f"{ROW6} value: '1,200' is not a number"),
        (cells(r6={"date": "2024-06", "value": "-3"}),
         f"{ROW6} value: -3 is below 0, which a number of days cannot be"),
        (cells(r6={"date": "", "value": "90"}), f"{ROW6} date: empty: give the month (YYYY-MM)"),
        (cells(r6={"date": "2024-06", "value": ""}), f"{ROW6} value: empty: give the value in figures"),
        (cells(r3={"date": "2022-03-31"}),
         "row 3, column date: the same value as row 2: one row per indicator and date"),
        (cells(r4={"note": "a\x07bell"}), "row 4, column note: the note must be plain text"),
        (lambda rows: rows.append(["crime", "", "", "", "2024-03", "8.2", ""]),
         "row 7, column date: the same value as row 3: one row per indicator and date"),
    ],
    ids=["unknown", "month-13", "in-words", "month-ahead", "day-ahead", "units", "thousands", "negative",
         "no-date", "no-value", "twice", "control-character", "twice-one-as-recorded"],
)  # fmt: skip
def test_each_refusal_names_its_row_and_column_and_writes_nothing(
    town: Path, tmp_path: Path, edit: Callable[[list[list[str]]], None], said: str
) -> None:
    # a good change elsewhere in the sheet is not made either
    sheet = edited_csv(edited_csv(exported_csv(town, tmp_path), cells(r2={"value": "11.4"})), edit)
    before = snapshot(town)
    result = imported(sheet, town)
    assert result.exit_code == 2, result.output
    assert "nothing was imported: edited.csv has a problem:" in result.output
    assert said in result.output and "Traceback" not in result.output
    assert snapshot(town) == before


def test_an_indicator_with_errors_is_said_to_have_them(town: Path, tmp_path: Path) -> None:
    sheet = edited_csv(exported_csv(town, tmp_path), cells(r6={"date": "2024-06", "value": "90"}))
    (town / "data" / "indicators" / "waits.yaml").write_text(WAITS.replace("unit: days", "unit: weeks"))
    before = snapshot(town)
    result = imported(sheet, town)
    assert result.exit_code == 2
    assert (
        "row 6, column indicator: 'waits' has errors and could not be read; run thp validate" in result.output
    )
    assert snapshot(town) == before


# -- which sheet a CSV file is ------------------------------------------------------------------
def test_a_seats_csv_still_reads_as_seats(town: Path, tmp_path: Path) -> None:
    out = tmp_path / "seats.csv"
    assert thp("export", "csv", "--root", str(town), "--out", str(out)).exit_code == 0
    rows = out.read_bytes().decode("utf-8-sig").split("\r\n")
    rows[1] = rows[1].replace(",chair,", ",co-chair,", 1)
    out.write_bytes("\r\n".join(rows).encode("utf-8-sig"))
    result = imported(out, town)
    assert result.exit_code == 0, result.output
    assert (
        "position from chair to co-chair" in result.output and "1 change to 1 board written" in result.output
    )


def test_a_header_that_is_neither_sheet_is_refused_naming_each_sheets_columns(
    town: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "other.csv"
    sheet.write_text("name,email\nA. Person,a@example.org\n")
    before = snapshot(town)
    result = imported(sheet, town)
    assert result.exit_code == 2
    words = " ".join(result.output.split())
    assert "neither a seats sheet's nor an indicators sheet's" in words
    assert "a seats sheet needs the columns board, role, organisation, position" in words
    assert "an indicators sheet needs indicator, date, value, note" in words
    assert snapshot(town) == before


def test_an_indicators_header_without_the_note_column_is_refused(town: Path, tmp_path: Path) -> None:
    def drop_notes(rows: list[list[str]]) -> None:
        for row in rows:
            del row[COLUMN["note"]]

    before = snapshot(town)
    result = imported(edited_csv(exported_csv(town, tmp_path), drop_notes), town)
    assert result.exit_code == 2
    assert "row 1: the header lacks the column(s) note" in result.output
    assert snapshot(town) == before


# -- the workbook: seats and indicators in one go, or not at all -----------------------------------
def workbook(root: Path, tmp_path: Path, edits: dict[str, dict[str, object]]) -> Path:
    out = tmp_path / "w.xlsx"
    assert thp("export", "xlsx", "--root", str(root), "--out", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    for sheet, changes in edits.items():
        for ref, value in changes.items():
            book[sheet][ref] = value
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    return edited


def test_the_workbook_changes_a_boards_seats_and_an_indicator_in_one_go(town: Path, tmp_path: Path) -> None:
    board = (town / "data" / "boards" / "board.yaml").read_text()
    assert "position: chair" in board
    sheet = workbook(
        town,
        tmp_path,
        {
            "Seats": {"F2": "co-chair"},  # the board's one seat
            "Indicators": {"E6": dt.datetime(2024, 6, 30), "F6": 98, "F3": 8.5},
        },
    )
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 0, result.output
    assert "position from chair to co-chair" in result.output
    assert "  changed the value for 2024-03: value 8.7 -> 8.5\n" in result.output
    assert "  added the value 98 for 2024-06-30\n" in result.output
    assert "3 changes to 1 board and 2 indicators written" in result.output
    assert (town / "data" / "boards" / "board.yaml").read_text() == board.replace(
        "position: chair", "position: co-chair", 1
    )
    assert text_of(town, "crime") == CRIME.replace("value: 8.7", "value: 8.5")
    assert text_of(town, "waits") == WAITS + "values:\n  - date: 2024-06-30\n    value: 98\n"


def test_a_problem_in_the_indicators_sheet_leaves_the_seats_unwritten_too(town: Path, tmp_path: Path) -> None:
    sheet = workbook(town, tmp_path, {"Seats": {"F2": "co-chair"}, "Indicators": {"F5": 101}})
    before = snapshot(town)
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 2
    assert "sheet Indicators, row 5, column value: 101 is not a percent" in result.output
    assert snapshot(town) == before


def test_a_month_typed_in_the_workbook_stays_a_month(town: Path, tmp_path: Path) -> None:
    sheet = workbook(town, tmp_path, {"Indicators": {"E6": "2024-06", "F6": 90}})
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 0, result.output
    assert text_of(town, "waits").endswith("values:\n  - date: 2024-06\n    value: 90\n")


def test_a_month_excel_turned_into_a_date_is_refused_not_added(town: Path, tmp_path: Path) -> None:
    # 2024-03 typed, saved by Excel as the date cell 1 March 2024: not a second value for March
    sheet = workbook(town, tmp_path, {"Indicators": {f"E{CRIME_2024}": dt.datetime(2024, 3, 1)}})
    before = snapshot(town)
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 2 and snapshot(town) == before
    assert (
        f"sheet Indicators, row {CRIME_2024}, column date: 2024-03-01 falls in the month 2024-03, for "
        "which crime already has a value: a spreadsheet may have turned the month into a date"
    ) in " ".join(result.output.split())
    # the month's last day is the month itself: that changes the value, as 2024-03 would
    sheet = workbook(
        town, tmp_path, {"Indicators": {f"E{CRIME_2024}": dt.datetime(2024, 3, 31), f"F{CRIME_2024}": 8.5}}
    )
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 0, result.output
    assert text_of(town, "crime") == CRIME.replace("value: 8.7", "value: 8.5")


def test_a_figure_beyond_a_spreadsheets_precision_exported_unchanged_is_no_change(
    town: Path, tmp_path: Path
) -> None:
    path = town / "data" / "indicators" / "crime.yaml"
    path.write_text(
        CRIME.replace("unit: rate-per-1000", "unit: count").replace("8.7", "12345678901234567890")
    )
    before = snapshot(town)
    out = tmp_path / "w.xlsx"
    assert thp("export", "xlsx", "--root", str(town), "--out", str(out)).exit_code == 0
    result = imported(out, town, fmt="xlsx")
    assert result.exit_code == 0, result.output
    assert "changed" not in result.output and snapshot(town) == before
    # a real change is said with the figures as the file holds them
    sheet = workbook(town, tmp_path, {"Indicators": {f"F{CRIME_2024}": 5}})
    result = imported(sheet, town, fmt="xlsx")
    assert "changed the value for 2024-03: value 12345678901234567890 -> 5" in result.output


def test_a_huge_figure_is_read_as_csv_and_the_command_read_it(town: Path, tmp_path: Path) -> None:
    sheet = workbook(town, tmp_path, {"Indicators": {f"F{CRIME_2024}": 1e300}})
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 0, result.output
    assert "value 8.7 -> 1" + "0" * 300 + "\n" in result.output  # said in figures, as the sheet shows
    assert "value: 1e+300" in text_of(town, "crime")
    assert "cannot edit safely" not in result.output


def test_a_figure_that_is_no_finite_number_is_refused_at_its_row_and_column(
    town: Path, tmp_path: Path
) -> None:
    before = snapshot(town)
    path = edited_csv(exported_csv(town, tmp_path), cells(r3={"value": "1e400"}))
    result = imported(path, town)
    assert result.exit_code == 2 and snapshot(town) == before
    assert "row 3, column value: '1e400' is too large to be a figure: check it for a typo" in result.output


def test_a_seats_problem_in_a_workbook_names_the_seats_sheet(town: Path, tmp_path: Path) -> None:
    sheet = workbook(town, tmp_path, {"Seats": {"F2": "emperor"}})
    result = imported(sheet, town, fmt="xlsx")
    assert result.exit_code == 2
    assert "sheet Seats, row 2, column position: 'emperor' is not a position" in result.output
