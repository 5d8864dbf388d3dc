"""``thp init``'s example indicator: a warning until replaced, never stale nor owed a value
while it is the example, and a real indicator (stale, owed) once its title is the partnership's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()
ENV = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
FILE = "data/indicators/example-indicator.yaml"


def thp(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


@pytest.fixture
def made(tmp_path: Path) -> Path:
    folder = tmp_path / "leeds-partnership"
    assert thp("init", str(folder)).exit_code == 0
    return folder


def indicator_findings(
    root: Path, as_of: str, name: str = "example-indicator.yaml"
) -> list[tuple[int, str, str]]:
    result = thp("validate", "--root", str(root), "--as-of", as_of, "--format", "json")
    data = json.loads(result.stdout)
    assert data["errors"] == 0, data["findings"]
    return [
        (f["line"], f["rule"], f["message"])
        for f in data["findings"]
        if f["file"] == f"data/indicators/{name}"
    ]


def test_the_example_is_a_placeholder_warning_and_nothing_else_years_later(made: Path) -> None:
    found = indicator_findings(made, "2029-01-01")
    # the id (line 4), the title (5), the made-up baseline (10) and target (11), the source (16)
    assert [(line, rule) for line, rule, _ in found] == [(n, "placeholder") for n in (4, 5, 10, 11, 16)]
    assert "what the indicator measures" in found[1][2]
    assert "made-up example thp init wrote (16.4 for 2025-03)" in found[2][2]
    due = json.loads(thp("due", "--root", str(made), "--as-of", "2029-01-01", "--format", "json").stdout)
    assert [i for i in due["items"] if i["kind"] == "indicator"] == []


def test_once_replaced_it_is_judged_like_any_other_and_takes_recorded_values(made: Path) -> None:
    path = made / FILE
    text = path.read_text().replace(
        "Replace this with what the indicator measures, such as overcrowded households",
        "Households living in overcrowded conditions",
    )
    path.write_text(text.replace("Replace this with the paper the figures come from", "Housing survey"))
    # a real title alone does not make it real: the example's id and made-up figures still warn
    found = indicator_findings(made, "2029-01-01")
    assert [(line, rule) for line, rule, _ in found] == [(n, "placeholder") for n in (4, 10, 11)]
    assert "still has the id of thp init's example" in found[0][2]
    text = path.read_text().replace("value: 16.4}", "value: 16.9}").replace("value: 12.0}", "value: 11.0}")
    path.write_text(text)
    assert [rule for _, rule, _ in indicator_findings(made, "2029-01-01")] == ["placeholder"]
    path.write_text(text.replace("id: example-indicator", "id: overcrowding"))
    path = path.rename(path.with_name("overcrowding.yaml"))
    assert [rule for _, rule, _ in indicator_findings(made, "2029-01-01", path.name)] == ["indicator-stale"]
    due = json.loads(thp("due", "--root", str(made), "--as-of", "2029-01-01", "--format", "json").stdout)
    assert [i["settle"] for i in due["items"] if i["kind"] == "indicator"] == [
        "thp indicator record overcrowding --date YYYY-MM --value N"
    ]
    result = thp(
        "indicator", "record", "overcrowding", "--date", "2028-09", "--value", "14",
        "--root", str(made), "--as-of", "2029-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "values:" in path.read_text() and "values: [{date: 2028-09, value: 14}]" in path.read_text()
    assert indicator_findings(made, "2029-01-01", path.name) == []
