"""The command line, in-process with Typer's CliRunner: exit codes and exact output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli import __version__
from thp_cli.cli.app import app
from thp_cli.rules.catalogue import catalogue
from thp_cli.validate import validate

from ..conftest import AS_OF

runner = CliRunner()


def thp(*args: str, env: dict[str, str] | None = None) -> object:
    base = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}
    return runner.invoke(app, list(args), env={**base, **(env or {})})


def break_board(root: Path) -> None:
    path = root / "data" / "boards" / "safety.yaml"
    path.write_text(path.read_text().replace("reports_to: [exec]", "reports_to: [exce]"))


def test_version() -> None:
    result = thp("--version")
    assert result.exit_code == 0
    assert result.output == f"thp {__version__}\n"


@pytest.mark.parametrize(
    "command", [[], ["validate"], ["overlap"], ["report"], ["report", "annual"], ["rules"]]
)
def test_every_command_has_help(command: list[str]) -> None:
    result = thp(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command:
        assert "Show this message and exit." in result.output


def test_valid_data_exits_0(partnership: Path) -> None:
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "✓ valid: 0 errors, 0 warnings in 10 files"


def test_root_from_environment(partnership: Path) -> None:
    result = thp("validate", "--as-of", AS_OF, env={"THP_ROOT": str(partnership)})
    assert result.exit_code == 0, result.output


def test_errors_exit_1_with_file_line_column_and_suggestion(partnership: Path) -> None:
    break_board(partnership)
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "-f", "text")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "data/boards/safety.yaml",
        "  6:14  error  reports_to names 'exce', which is no board; did you mean 'exec'?  unknown-reference",
        "",
        "✗ not valid: 1 error, 0 warnings in 10 files",
    ]


def test_json_equals_the_library_result(partnership: Path) -> None:
    break_board(partnership)
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1
    api = validate(partnership, dt.date.fromisoformat(AS_OF)).as_dict()
    assert json.loads(result.output) == api
    assert api == {
        "ok": False,
        "errors": 1,
        "warnings": 0,
        "findings": [
            {
                "file": "data/boards/safety.yaml",
                "line": 6,
                "column": 14,
                "rule": "unknown-reference",
                "severity": "error",
                "message": "reports_to names 'exce', which is no board; did you mean 'exec'?",
            }
        ],
    }


def warn_only(root: Path) -> None:
    path = root / "data" / "boards" / "health.yaml"
    path.write_text(path.read_text().replace("  - year: 2023\n", "  - year: 2021\n"))


def test_warnings_pass_unless_strict(partnership: Path) -> None:
    warn_only(partnership)
    args = ("validate", "--root", str(partnership), "--as-of", AS_OF, "-f", "json")
    relaxed = thp(*args)
    assert relaxed.exit_code == 0
    assert json.loads(relaxed.output)["warnings"] == 1
    strict = thp(*args, "--strict")
    assert strict.exit_code == 1
    assert json.loads(strict.output)["ok"] is False


def test_no_data_folder_exits_2_with_a_plain_message(tmp_path: Path) -> None:
    result = thp("validate", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"thp: no 'data' folder in {tmp_path}" in result.output


def test_bad_option_exits_2(partnership: Path) -> None:
    assert thp("validate", "--root", str(partnership), "--format", "xml").exit_code == 2
    bad_date = thp("validate", "--root", str(partnership), "--as-of", "30/06/2024")
    assert bad_date.exit_code == 2
    assert "--as-of '30/06/2024' is not a date" in bad_date.output


def test_auto_format_is_github_under_actions(partnership: Path, tmp_path: Path) -> None:
    break_board(partnership)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = thp(
        "validate", "--root", str(partnership), "--as-of", AS_OF,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "::error file=data/boards/safety.yaml,line=6,col=14,title=unknown-reference::"
        "reports_to names 'exce', which is no board; did you mean 'exec'?"
    )
    assert lines[1].startswith("data/boards/safety.yaml:6:14: error [unknown-reference]")
    text = summary.read_text()
    assert text.startswith("earlier step\n## ❌ thp validate\n")
    assert "| data/boards/safety.yaml | 6:14 | error | `unknown-reference` |" in text


def test_github_annotates_ten_per_severity_and_logs_all(partnership: Path) -> None:
    boards = partnership / "data" / "boards"
    for i in range(12):
        (boards / f"extra-{i}.yaml").write_text(
            f"id: extra-{i}\nname: Extra\nkind: forum\nreports_to: [nowhere]\n"
        )
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "-f", "github")
    annotations = [line for line in result.output.splitlines() if line.startswith("::error")]
    logged = [line for line in result.output.splitlines() if ": error [unknown-reference]" in line]
    assert len(annotations) == 10
    assert len(logged) == 12
    assert "2 finding(s) are not annotated" in result.output


def test_github_escapes_properties_and_messages() -> None:
    from thp_cli.findings import Finding, Severity
    from thp_cli.reporters import annotation

    finding = Finding("data/a,b:c.yaml", 1, 2, "r", Severity.WARNING, "50% done")
    assert annotation(finding) == "::warning file=data/a%2Cb%3Ac.yaml,line=1,col=2,title=r::50%25 done"
    # a value from a file cannot start a workflow command of its own on a new line
    sneaky = Finding("f.yaml", 1, 1, "r", Severity.ERROR, "x\n::error::forged\r\x1b[2J")
    assert "\n" not in annotation(sneaky) and "\r" not in annotation(sneaky)
    assert "\x1b" not in annotation(sneaky)


def test_severity_can_be_changed_in_partnership_yaml(partnership: Path) -> None:
    warn_only(partnership)
    path = partnership / "data" / "partnership.yaml"
    path.write_text(path.read_text() + "rules:\n  annual-update: error\n")
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    assert [f["severity"] for f in json.loads(result.output)["findings"]] == ["error"]
    path.write_text(path.read_text().replace("annual-update: error", "annual-update: off"))
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "-f", "json")
    assert json.loads(result.output)["findings"] == []


def test_unexpected_failure_is_reported_once_without_traceback(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import thp_cli.validate as module

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(module, "validate", boom)
    result = thp("validate", "--root", str(partnership))
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "unexpected error: RuntimeError: disk on fire" in result.output
    assert "--debug" in result.output
    debug = thp("--debug", "validate", "--root", str(partnership))
    assert debug.exit_code == 3  # a bug is exit 3 with --debug too, never 1 ("data findings")
    assert "Traceback" in debug.output and "RuntimeError: disk on fire" in debug.output


def test_a_failing_check_does_not_hide_other_findings(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.rules.base import REGISTRY

    break_board(partnership)
    rule = REGISTRY["co-chairing"]

    def broken(ctx: object) -> list[object]:
        raise KeyError("oops")

    monkeypatch.setitem(REGISTRY, "co-chairing", type(rule)(**{**rule.__dict__, "check": broken}))
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "-f", "json")
    findings = json.loads(result.output)["findings"]
    assert sorted(f["rule"] for f in findings) == ["internal-error", "unknown-reference"]
    assert any("the check co-chairing failed" in f["message"] for f in findings)


def test_rules_lists_every_rule() -> None:
    result = thp("rules", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [r["id"] for r in listed] == [r.id for r in catalogue()]
    assert all(r["explanation"] and r["source"] for r in listed)
    text = thp("rules").output
    for rule in catalogue():
        assert f"{rule.id} ({rule.severity.value}" in text
