"""thp export csv --sheet indicators and the workbook's sheet "Indicators": one row per value,
by indicator then oldest first, a row to fill in for an indicator with none, months kept as
months, figures as numbers, text never a formula, and the same bytes from run to run."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app

runner = CliRunner()

# three indicators whose files list them out of id order, one with its values out of date order
INDICATORS = {
    "waits": """\
id: waits
title: Days waited for a home adaptation
calls_to_action: [1]
owner: safety
unit: days
direction: down
baseline: {date: 2024-01-15, value: 120}
target: {date: 2025-12-31, value: 60}
""",
    "smoking": """\
id: smoking
title: "=Adults who smoke"
calls_to_action: [1]
owner: health
unit: percent
direction: down
baseline: {date: 2022-03, value: 20.0}
target: {date: 2025-03, value: 14.0}
values:
  - date: 2024-03
    value: 19.5
    note: -0.5 points on last year
""",
    "crime": """\
id: crime
title: Violent crimes reported
calls_to_action: [1]
owner: safety
unit: rate-per-1000
direction: down
baseline: {date: 2021-03, value: 12.0}
target: {date: 2026-03, value: 9.0}
values:
  - {date: 2024-06-30, value: 0.00001}
  - {date: 2023-03, value: 10.4, note: "Police figures, year to March"}
""",
}


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


@pytest.fixture
def town(partnership: Path) -> Path:
    folder = partnership / "data" / "indicators"
    folder.mkdir()
    for name, text in INDICATORS.items():
        (folder / f"{name}.yaml").write_text(text)
    return partnership


def test_the_csv_has_a_row_per_value_by_indicator_then_date(town: Path, tmp_path: Path) -> None:
    out = tmp_path / "values.csv"
    result = thp("export", "csv", "--sheet", "indicators", "--root", str(town), "--out", str(out))
    assert result.exit_code == 0, result.output
    # by id (crime, smoking, waits); crime's values oldest first, whatever its file's order;
    # waits has no value: one row to fill in; the note that starts with - gets its '
    assert out.read_bytes().decode("utf-8") == (
        "\ufeffindicator,title,owner,unit,date,value,note\r\n"
        'crime,Violent crimes reported,safety,rate-per-1000,2023-03,10.4,"Police figures, year to March"\r\n'
        "crime,Violent crimes reported,safety,rate-per-1000,2024-06-30,0.00001,\r\n"
        "smoking,'=Adults who smoke,health,percent,2024-03,19.5,'-0.5 points on last year\r\n"
        "waits,Days waited for a home adaptation,safety,days,,,\r\n"
    )


def test_the_seats_csv_is_still_the_default(town: Path) -> None:
    default = thp("export", "csv", "--root", str(town))
    seats = thp("export", "csv", "--sheet", "seats", "--root", str(town))
    assert default.exit_code == seats.exit_code == 0
    assert default.stdout == seats.stdout
    assert default.stdout.startswith("\ufeffboard,board_name,role,")


@pytest.mark.parametrize(
    "option", [["--current"], ["--as-of", "2024-09-01", "--current"], ["--as-of", "2024-09-01"]]
)
def test_seat_options_are_refused_with_the_indicators_sheet(town: Path, option: list[str]) -> None:
    out = town / "out.csv"
    result = thp("export", "csv", "--sheet", "indicators", *option, "--root", str(town), "--out", str(out))
    assert result.exit_code == 2
    assert "chooses seats" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_the_workbook_sheet_keeps_months_as_text_days_as_dates_figures_as_numbers(
    town: Path, tmp_path: Path
) -> None:
    out = tmp_path / "w.xlsx"
    result = thp("export", "xlsx", "--root", str(town), "--out", str(out))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["Indicators"]
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [c.value for c in rows[0]] == ["indicator", "title", "owner", "unit", "date", "value", "note"]
    assert [[c.value for c in row] for row in rows[1:]] == [
        [
            "crime",
            "Violent crimes reported",
            "safety",
            "rate-per-1000",
            "2023-03",
            10.4,
            "Police figures, year to March",
        ],
        [
            "crime",
            "Violent crimes reported",
            "safety",
            "rate-per-1000",
            dt.datetime(2024, 6, 30),
            0.00001,
            None,
        ],
        ["smoking", "=Adults who smoke", "health", "percent", "2024-03", 19.5, "-0.5 points on last year"],
        ["waits", "Days waited for a home adaptation", "safety", "days", None, None, None],
    ]
    month, day, empty = rows[1][4], rows[2][4], rows[4][4]
    assert month.data_type == "s" and month.number_format == "@"  # a month stays text, and so does one typed
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert empty.number_format == "@"  # the row to fill in: a month typed there is not made a date
    assert rows[3][1].data_type == "s"  # a title that looks like a formula is text, not a formula
    assert all(row[5].data_type == "n" for row in rows[1:4])


def test_an_indicator_with_errors_is_left_out_and_said(town: Path) -> None:
    (town / "data" / "indicators" / "waits.yaml").write_text(INDICATORS["waits"].replace("days", "weeks"))
    result = thp("export", "csv", "--sheet", "indicators", "--root", str(town))
    assert result.exit_code == 0
    assert "waits" not in result.stdout and "smoking," in result.stdout
    assert "the data has 1 error(s); records that could not be read are left out" in result.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_same_data_same_bytes_across_processes_and_hash_seeds(town: Path, tmp_path: Path, fmt: str) -> None:
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"{seed}.{fmt}"
        extra = ["--sheet", "indicators"] if fmt == "csv" else []
        command = [
            sys.executable,
            "-m",
            "thp_cli",
            "export",
            fmt,
            *extra,
            "--root",
            str(town),
            "--out",
            str(out),
        ]
        env = {**os.environ, "PYTHONHASHSEED": seed, "THP_ROOT": ""}
        subprocess.run(command, check=True, env=env, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0]) > 100
