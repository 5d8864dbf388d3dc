"""Indicators as data: data/indicators/<id>.yaml loaded, checked and placed at file:line:column
(rules indicator-plan, -dates, -range, -stale and unknown-reference), given a schema and a
modeline, and owed in thp due; on the small made-up base partnership."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import AS_OF

runner = CliRunner()
FILE = "data/indicators/healthy-weight.yaml"
SOUND = """\
id: healthy-weight
title: Children of a healthy weight
actions: ["2.1"]
owner: health
unit: percent
direction: up
baseline: {date: 2022-03, value: 60}
target: {date: 2026-03, value: 70}
milestones:
  - {date: 2024-03, value: 64}
values:
  - {date: 2023-03, value: 61.5, note: School measurement}
  - {date: 2024-03, value: 63.8}
sources:
  - title: Child measurement programme
"""


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})
    return result.exit_code, result.stdout


def findings(root: Path, as_of: str = AS_OF) -> list[tuple[int, int, str, str, str]]:
    """(line, column, rule, severity, message) of each finding about the indicators."""
    code, out = run("validate", "--root", str(root), "--as-of", as_of, "--format", "json")
    assert code in (0, 1), out
    return [
        (f["line"], f["column"], f["rule"], f["severity"], f["message"])
        for f in json.loads(out)["findings"]
        if f["file"].startswith("data/indicators/")
    ]


def write(root: Path, text: str, name: str = "healthy-weight.yaml") -> Path:
    folder = root / "data" / "indicators"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def test_a_sound_indicator_is_valid_and_the_folder_is_optional(partnership: Path) -> None:
    assert run("validate", "--root", str(partnership), "--as-of", AS_OF)[0] == 0
    write(partnership, SOUND)
    assert findings(partnership) == []
    assert run("validate", "--root", str(partnership), "--as-of", AS_OF)[0] == 0


def test_owner_calls_and_actions_must_exist_with_a_suggestion(partnership: Path) -> None:
    text = SOUND.replace("owner: health", "owner: helth").replace('actions: ["2.1"]', 'actions: ["2.7"]')
    write(partnership, text.replace("title: Children", "calls_to_action: [9]\ntitle: Children"))
    assert findings(partnership) == [
        (2, 19, "unknown-reference", "error", "calls_to_action names '9', which is no call to action "
         "in calls_to_action.yaml"),
        (4, 11, "unknown-reference", "error", "actions names '2.7', which is no action in "
         "calls_to_action.yaml; did you mean '2.1'?"),
        (5, 8, "unknown-reference", "error", "owner names 'helth', which is no board; "
         "did you mean 'health'?"),
    ]  # fmt: skip


def test_an_indicator_must_measure_a_call_or_an_action(partnership: Path) -> None:
    write(partnership, SOUND.replace('actions: ["2.1"]\n', ""))
    assert findings(partnership) == [
        (1, 5, "indicator-plan", "error", "indicator healthy-weight measures nothing in the plan: add "
         'calls_to_action: [N] or actions: ["N.N"] for what it measures'),
    ]  # fmt: skip


def test_values_in_date_order_one_per_date_and_the_target_after_the_baseline(partnership: Path) -> None:
    text = SOUND.replace("target: {date: 2026-03", "target: {date: 2021-03").replace(
        "  - {date: 2024-03, value: 63.8}\n",
        "  - {date: 2023-03, value: 62}\n  - {date: 2022-09, value: 60.5}\n",
    )
    write(partnership, text)
    assert findings(partnership) == [
        (8, 16, "indicator-dates", "error", "the target's date (2021-03) must come after "
         "the baseline's (2022-03)"),
        (10, 12, "indicator-dates", "error", "milestone 2024-03 must come after 2022-03 and "
         "before the target (2021-03)"),
        (11, 1, "indicator-stale", "warning", "indicator healthy-weight has no value since March 2023 (more "
         "than 15 months before 2024-09-01); add the latest figure to its values"),
        (13, 12, "indicator-dates", "error", "there are two values for 2023-03 (the first is "
         "value 1); keep one value per date"),
        (14, 12, "indicator-dates", "error", "the value for 2022-09 comes after the one for "
         "2023-03; list values oldest first"),
    ]  # fmt: skip


def test_numbers_are_numbers_and_a_percent_lies_between_0_and_100(partnership: Path) -> None:
    write(partnership, SOUND.replace("value: 63.8}", "value: 163.8}"))
    assert findings(partnership) == [
        (13, 28, "indicator-range", "error", "163.8 is out of range: a percent is between 0 and 100"),
    ]
    write(partnership, SOUND.replace("value: 63.8}", 'value: "63.8"}'))
    [(line, column, _, severity, message)] = findings(partnership)
    assert (line, column, severity) == (13, 28, "error")
    assert "must be a number" in message and "63.8" in message


def test_a_count_below_zero_is_out_of_range(partnership: Path) -> None:
    write(partnership, SOUND.replace("unit: percent", "unit: count").replace("value: 60}", "value: -60}"))
    assert findings(partnership) == [
        (7, 34, "indicator-range", "error", "-60 is out of range: a count is 0 or more")
    ]


def test_a_value_older_than_15_months_is_a_warning_as_of_the_day(partnership: Path) -> None:
    write(partnership, SOUND)
    assert findings(partnership, "2025-06-30") == []
    assert findings(partnership, "2025-07-01") == [
        (11, 1, "indicator-stale", "warning", "indicator healthy-weight has no value since "
         "March 2024 (more than 15 months before 2025-07-01); add the latest figure to its values"),
    ]  # fmt: skip
    code, _ = run("validate", "--root", str(partnership), "--as-of", "2025-07-01")
    assert code == 0  # a warning only


def test_the_schema_has_an_indicator_kind_and_modelines_reach_indicators(partnership: Path) -> None:
    path = write(partnership, SOUND)
    code, out = run("schema", "--root", str(partnership), "--modelines")
    assert code == 0, out
    assert (partnership / "schemas" / "indicator.schema.json").is_file()
    assert path.read_text() == "# yaml-language-server: $schema=../../schemas/indicator.schema.json\n" + SOUND
    schema = json.loads((partnership / "schemas" / "indicator.schema.json").read_text())
    assert schema["properties"]["direction"]["enum"] == ["up", "down"]
    assert {"id", "owner", "unit", "direction", "baseline", "target"} <= set(schema["required"])


def test_thp_due_lists_a_value_owed_12_months_after_the_latest(partnership: Path) -> None:
    write(partnership, SOUND)
    code, out = run("due", "--root", str(partnership), "--as-of", "2025-04-15", "--format", "json")
    assert code == 0, out
    items = [i for i in json.loads(out)["items"] if i["kind"] == "indicator"]
    assert [(i["date"], i["overdue"], i["boards"], i["settle"]) for i in items] == [
        ("2025-03-31", True, ["health"], "thp indicator record healthy-weight --date YYYY-MM --value N")
    ]
    assert "due by 31 March 2025 (the latest is for March 2024)" in items[0]["what"]
    code, out = run(
        "due", "--root", str(partnership), "--as-of", "2024-09-01", "--within", "30", "--format", "json"
    )
    assert [i for i in json.loads(out)["items"] if i["kind"] == "indicator"] == []


def test_a_target_on_the_worse_side_of_the_baseline_is_an_error_at_the_target(partnership: Path) -> None:
    write(partnership, SOUND.replace("value: 70}", "value: 50}"))  # up is better, yet 60 -> 50
    found = [f for f in findings(partnership) if f[2] == "indicator-target-side"]
    assert found == [
        (8, 32, "indicator-target-side", "error",  # at the 50
         "the target, 50, is worse than the baseline, 60, for indicator healthy-weight, whose "
         "direction is up (higher is better): check the direction, or the target's value"),
    ]  # fmt: skip
    write(partnership, SOUND.replace("value: 70}", "value: 60}"))  # holding a level is a target
    assert [f for f in findings(partnership) if f[2] == "indicator-target-side"] == []


def test_a_figure_that_is_no_finite_number_is_said_in_plain_english(partnership: Path) -> None:
    write(partnership, SOUND.replace("value: 61.5", "value: .nan").replace("value: 70}", "value: 1e400}"))
    said = "'value' is not a finite number: write a number in figures, e.g. 12.5"
    found = [(line, col, message) for line, col, _, _, message in findings(partnership)]
    assert (8, 32, said) in found and (12, 28, said) in found  # at the 1e400 and the .nan
    path = partnership / "data" / "partnership.yaml"
    path.write_text(path.read_text() + "indicator_tolerance: .nan\n")
    code, out = run("validate", "--root", str(partnership), "--as-of", AS_OF)
    assert code == 1
    assert "'indicator_tolerance' is not a finite number: write a number in figures" in out
    assert "Input should" not in out
