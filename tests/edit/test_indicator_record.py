"""thp indicator record: a value added last to an indicator's values, the rest of the file kept
byte for byte, and every refusal a plain sentence with not a byte changed; on the small made-up
base partnership."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()
FILE = "data/indicators/healthy-weight.yaml"
FLOW = """\
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
sources:
  - title: Child measurement programme
"""


def run(root: Path, *args: str, as_of: str = "2024-09-01") -> tuple[int, str]:
    result = runner.invoke(
        app, ["indicator", "record", *args, "--as-of", as_of, "--root", str(root)], env={"NO_COLOR": "1"}
    )
    return result.exit_code, result.stdout + result.stderr


def written(root: Path, text: str) -> Path:
    (root / "data" / "indicators").mkdir(exist_ok=True)
    (root / FILE).write_text(text)
    return root / FILE


def test_a_value_goes_last_in_the_lists_own_style_and_validates(partnership: Path) -> None:
    path = written(partnership, FLOW)
    code, out = run(
        partnership, "healthy-weight", "--date", "2024-03", "--value", "63.8", "--note", "Spring: all"
    )
    assert code == 0, out
    assert "recorded 63.8 for 2024-03 as a value of the indicator healthy-weight" in out
    assert path.read_text() == FLOW.replace(
        "sources:", '  - {date: 2024-03, value: 63.8, note: "Spring: all"}\nsources:'
    )
    check = runner.invoke(app, ["validate", "--root", str(partnership), "--as-of", "2024-09-01"])
    assert check.exit_code == 0, check.stdout


def test_a_first_value_makes_the_list_after_the_target(partnership: Path) -> None:
    text = FLOW.replace(
        "values:\n  # measured each spring\n  - {date: 2023-03, value: 61.5, note: School measurement}\n", ""
    )
    path = written(partnership, text)
    assert run(partnership, "healthy-weight", "--date", "2022-06-30", "--value", "60")[0] == 0
    assert path.read_text() == text.replace(
        "sources:", "values:\n  - date: 2022-06-30\n    value: 60\nsources:"
    )


def test_check_says_what_it_would_do_and_writes_nothing(partnership: Path) -> None:
    path = written(partnership, FLOW)
    code, out = run(partnership, "healthy-weight", "--date", "2024-03", "--value", "63", "--check")
    assert code == 0 and "would have recorded 63 for 2024-03" in out and "nothing written" in out
    assert path.read_text() == FLOW


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("healthy-weigth", "--date", "2024-03", "--value", "1"),
            "no indicator 'healthy-weigth'; did you mean 'healthy-weight'?",
        ),
        (
            ("healthy-weight", "--date", "2024-13", "--value", "1"),
            "--date: '2024-13' is not a month: there is no month 13",
        ),
        (("healthy-weight", "--date", "March 2024", "--value", "1"), "did you mean 2024-03?"),
        (("healthy-weight", "--date", "2024-03", "--value", "62%"), "--value '62%' is not a number"),
        (("healthy-weight", "--date", "2024-03", "--value", "about 62"), "is not a number"),
        (("healthy-weight", "--date", "2024-03", "--value", "100.5"), "is not a percent"),
        (("healthy-weight", "--date", "2024-03", "--value", "-1"), "is not a percent"),
        (("healthy-weight", "--date", "2023-03", "--value", "62"), "already has a value for 2023-03"),
        (
            ("healthy-weight", "--date", "2022-12", "--value", "62"),
            "has a value for 2023-03, after --date 2022-12",
        ),
        (
            ("healthy-weight", "--date", "2024-09", "--value", "62"),
            "2024-09, which ends on 2024-09-30, is after 2024-09-01",
        ),
        (("healthy-weight", "--date", "2024-03", "--value", "62", "--note", " "), "--note must not be empty"),
    ],
)
def test_refusals_are_plain_and_change_no_byte(partnership: Path, args: tuple[str, ...], said: str) -> None:
    path = written(partnership, FLOW)
    before = path.read_bytes()
    code, out = run(partnership, *args)
    assert code == 2, out
    assert said in out and "Traceback" not in out
    assert path.read_bytes() == before


def test_a_count_cannot_be_negative_but_may_exceed_100(partnership: Path) -> None:
    path = written(partnership, FLOW.replace("unit: percent", "unit: count"))
    before = path.read_bytes()
    code, out = run(partnership, "healthy-weight", "--date", "2024-03", "--value", "-3")
    assert code == 2 and "below 0" in out and path.read_bytes() == before
    assert run(partnership, "healthy-weight", "--date", "2024-03", "--value", "140")[0] == 0
    assert "value: 140}" in path.read_text()


def test_thp_due_names_the_command_that_settles_a_value_owed(partnership: Path) -> None:
    written(partnership, FLOW)
    result = runner.invoke(app, ["due", "--root", str(partnership), "--as-of", "2024-09-01"])
    assert "thp indicator record healthy-weight --date YYYY-MM --value N" in result.stdout


def test_an_indicator_with_an_error_is_not_said_to_be_missing(partnership: Path) -> None:
    path = written(partnership, FLOW.replace("unit: percent", "unit: percentage"))
    before = path.read_bytes()
    code, out = run(partnership, "healthy-weight", "--date", "2024-03", "--value", "62")
    assert code == 2 and "cannot be read as it stands; run thp validate" in out
    assert "no indicator" not in out and path.read_bytes() == before


def test_an_empty_flow_list_stays_flow_and_a_month_is_written_plain(partnership: Path) -> None:
    text = FLOW.replace(
        "values:\n  # measured each spring\n  - {date: 2023-03, value: 61.5, note: School measurement}\n",
        "values: []  # none yet\n",
    )
    path = written(partnership, text)
    assert run(partnership, "healthy-weight", "--date", "2024-03", "--value", "63")[0] == 0
    assert path.read_text() == text.replace("values: []", "values: [{date: 2024-03, value: 63}]")


def test_a_month_and_its_last_day_are_said_to_be_one_period(partnership: Path) -> None:
    path = written(partnership, FLOW)
    code, out = run(partnership, "healthy-weight", "--date", "2023-03-31", "--value", "62")
    assert code == 2 and path.read_text() == FLOW
    assert "already has a value for 2023-03, which is the same period as --date 2023-03-31" in out
    assert "after" not in out


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("1e-400", "'1e-400' is too small to keep as written: it would be stored as 0"),
        ("1e400", "'1e400' is too large to be a figure: check it for a typo"),
    ],
)
def test_a_figure_that_would_not_be_kept_as_written_is_refused(
    partnership: Path, value: str, said: str
) -> None:
    path = written(partnership, FLOW)
    code, out = run(partnership, "healthy-weight", "--date", "2024-03", "--value", value)
    assert code == 2 and path.read_text() == FLOW
    assert said in " ".join(out.split())


def test_what_is_said_recorded_is_what_the_file_holds(partnership: Path) -> None:
    path = written(partnership, FLOW)
    code, out = run(partnership, "healthy-weight", "--date", "2024-03", "--value", " 15.90")
    assert code == 0, out
    assert "recorded 15.9 for 2024-03" in out and "value: 15.9}" in path.read_text()
    assert run(partnership, "healthy-weight", "--date", "2024-04", "--value", "0.0")[0] == 0
