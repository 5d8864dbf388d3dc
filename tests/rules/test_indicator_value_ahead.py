"""Rule indicator-value-ahead: a value dated after the day judged (--as-of) is warned of at its
date's line and column; a month counts as over on its last day; on the small base partnership."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()
TEXT = """\
id: healthy-weight
title: Children of a healthy weight
actions: ["2.1"]
owner: health
unit: percent
direction: up
baseline: {date: 2022-03, value: 60}
target: {date: 2026-03, value: 70}
values:
  - {date: 2023-03, value: 61.5}
  - date: 2024-09
    value: 63.8
  - {date: 2024-10-02, value: 64.0}
"""


def warnings(root: Path, as_of: str) -> tuple[int, list[tuple[str, int, int, str, str]]]:
    result = runner.invoke(
        app, ["validate", "--root", str(root), "--as-of", as_of, "--format", "json"], env={"THP_ROOT": ""}
    )
    found = json.loads(result.stdout)["findings"]
    ahead = [
        (f["file"], f["line"], f["column"], f["severity"], f["message"])
        for f in found
        if f["rule"] == "indicator-value-ahead"
    ]
    return result.exit_code, ahead


def test_values_after_as_of_are_warned_of_at_their_dates(partnership: Path) -> None:
    (partnership / "data" / "indicators").mkdir()
    (partnership / "data" / "indicators" / "healthy-weight.yaml").write_text(TEXT)
    code, ahead = warnings(partnership, "2024-09-29")
    assert code == 0  # a warning: the data is still valid
    assert ahead == [
        (
            "data/indicators/healthy-weight.yaml",
            11,
            11,  # "  - date: " is 10 characters
            "warning",
            "the value for 2024-09 of indicator healthy-weight is dated after 2024-09-29: "
            "a value is recorded once its period has ended; correct its date",
        ),
        (
            "data/indicators/healthy-weight.yaml",
            13,
            12,  # the date inside {...}: "  - {date: " is 11 characters
            "warning",
            "the value for 2024-10-02 of indicator healthy-weight is dated after 2024-09-29: "
            "a value is recorded once its period has ended; correct its date",
        ),
    ]
    # September is over on its last day; the day in October is still ahead
    assert [line for _, line, *_ in warnings(partnership, "2024-09-30")[1]] == [13]
    assert warnings(partnership, "2024-10-02")[1] == []
