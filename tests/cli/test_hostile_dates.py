"""--as-of and --year under hostile values: every command refuses what is not a day or
year it can judge, with exit 2 and one sentence, and what it accepts never overflows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.dates import shift_year

from ..conftest import write_partnership

runner = CliRunner()
ENV = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}

# Every command that takes --as-of, with what else it needs to run.
AS_OF_COMMANDS = [
    ["validate"],
    ["overlap", "--format", "json"],
    ["report", "annual"],
    ["export", "csv", "--current"],
    ["export", "xlsx", "--current", "--out", "seats.xlsx"],
    ["export", "ics"],
    ["import", "moderngov", "meetings.xml", "--board", "alpha", "--committee-id", "7", "--check"],
]


BOARD = """id: alpha
name: Alpha Board
kind: partnership-board
meetings:
  - date: 2024-01-01
    status: held
members:
  - role: Chair
    organisation: acme
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write_partnership(tmp_path / "p", {"alpha": {"kind": "partnership-board", "seats": ["acme/Chair"]}})
    (tmp_path / "p" / "data" / "boards" / "alpha.yaml").write_text(BOARD)
    (tmp_path / "p" / "meetings.xml").write_text(
        "<getmeetings><meetings><meeting><meetingid>1</meetingid><meetingdate>05/03/2024</meetingdate>"
        "<committeeid>7</committeeid></meeting></meetings></getmeetings>\n"
    )
    return tmp_path / "p"


def thp(root: Path, *args: str) -> object:
    return runner.invoke(app, [*args, "--root", str(root)], env=ENV)


@pytest.mark.parametrize("command", AS_OF_COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("20240101", "is not a date written YYYY-MM-DD; did you mean --as-of 2024-01-01?"),
        ("2024W011", "is not a date written YYYY-MM-DD; for example --as-of 2024-06-30"),
        ("2024-W01-1", "is not a date written YYYY-MM-DD"),
        ("0001-01-01", "out of range: give a day from 1900-01-01 to 2999-12-31"),
        ("9999-12-31", "out of range: give a day from 1900-01-01 to 2999-12-31"),
        ("1899-12-31", "out of range"),
        ("3000-01-01", "out of range"),
        ("2023-02-29", "is not a day of the calendar: that month has no day 29"),
        ("2024-13-01", "is not a day of the calendar: there is no month 13"),
        ("\uff12\uff10\uff12\uff14-01-01", "is not a date written YYYY-MM-DD"),  # full-width digits
    ],
)
def test_as_of_is_refused_with_exit_2_and_a_sentence(
    root: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], value: str, says: str
) -> None:
    monkeypatch.chdir(root)
    result = thp(root, *command, "--as-of", value)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert result.output.startswith("thp: --as-of ")
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    assert not (root / "seats.xlsx").exists()


@pytest.mark.parametrize("command", AS_OF_COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("value", ["1900-01-01", "2999-12-31"])
def test_the_first_and_last_days_run(
    root: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], value: str
) -> None:
    monkeypatch.chdir(root)
    result = thp(root, *command, "--as-of", value)
    assert result.exit_code == 0, result.output
    assert "unexpected error" not in result.output


@pytest.mark.parametrize("value", ["0", "-5", "1899", "3000", "99999999999999999999"])
def test_year_out_of_range_is_refused(root: Path, value: str) -> None:
    result = thp(root, "report", "annual", "--year", value, "--as-of", "2999-12-31")
    assert result.exit_code == 2, result.output
    assert result.output == f"thp: --year {value} is out of range: give a year from 1900 to 2999\n"


def test_year_zero_is_not_taken_for_the_default(root: Path) -> None:
    """--year 0 once meant "the as-of year", silently."""
    result = thp(root, "report", "annual", "--year", "0", "--as-of", "2024-09-01")
    assert result.exit_code == 2
    assert "# " not in result.output


@pytest.mark.parametrize(("year", "as_of"), [("1900", "1900-01-01"), ("2999", "2999-12-31")])
def test_the_first_and_last_years_make_a_report(root: Path, year: str, as_of: str) -> None:
    result = thp(root, "report", "annual", "--year", year, "--as-of", as_of)
    assert result.exit_code == 0, result.output
    assert f"in {year}" in result.output


def test_a_year_after_the_as_of_day_is_refused(root: Path) -> None:
    result = thp(root, "report", "annual", "--year", "2999", "--as-of", "2024-09-01")
    assert result.exit_code == 2
    assert "--year 2999 is not a year up to the as-of date (2024-09-01)" in result.output


def test_a_year_later_or_earlier_never_overflows() -> None:
    assert shift_year(dt.date.max, 1) == dt.date.max
    assert shift_year(dt.date.min, -1) == dt.date.min
    assert shift_year(dt.date(9999, 2, 28), -1) == dt.date(9998, 2, 28)
    assert shift_year(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)


def test_the_library_judges_a_board_on_the_last_day_python_holds(root: Path) -> None:
    """overlap (and the rules) look a year back and forth from the as-of day."""
    from thp_cli.overlap.analysis import overlap
    from thp_cli.validate import validate

    for day in (dt.date.min, dt.date.max):
        validate(root, day)
        overlap(root, day, 0.2, None, None)
