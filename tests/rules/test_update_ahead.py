"""The update-ahead rule: a yearly update for a year still to come, or an action's update dated
after the day judged, is a warning (a typo such as 2052 for 2025, made by hand), on a made-up
partnership."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()
SAFETY = "data/boards/safety.yaml"
R1 = "data/recommendations/r1.yaml"


def findings(root: Path, as_of: str) -> list[dict[str, object]]:
    result = runner.invoke(
        app, ["validate", "--root", str(root), "--as-of", as_of, "--format", "json"], env={"THP_ROOT": ""}
    )
    assert result.exit_code == 0, result.stdout
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return [f for f in found if f["rule"] == "update-ahead"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_update_for_a_year_to_come_is_a_warning_at_its_year(partnership: Path) -> None:
    edit(partnership / SAFETY, "  - year: 2024\n", "  - year: 2052\n")
    assert findings(partnership, "2024-09-01") == [
        {
            "file": SAFETY,
            "line": 27,
            "column": 11,
            "rule": "update-ahead",
            "severity": "warning",
            "message": "the update for 2052 is for a year still to come (it is 2024-09-01); "
            "is the year a typo?",
        }
    ]
    assert findings(partnership, "2052-01-01") == []


def test_an_action_update_dated_after_the_day_is_a_warning_at_its_date(partnership: Path) -> None:
    edit(partnership / R1, "date: 2024-06-01", "date: 2099-01-01")
    found = findings(partnership, "2024-09-01")
    assert [(f["file"], f["line"], f["column"], f["severity"]) for f in found] == [(R1, 14, 15, "warning")]
    assert found[0]["message"] == (
        "action i's update of 2099-01-01 is dated after 2024-09-01, the day judged; is the date a typo?"
    )
    assert findings(partnership, "2099-01-01") == []


def test_the_partnership_as_written_has_nothing_ahead(partnership: Path) -> None:
    assert findings(partnership, "2024-09-01") == []
