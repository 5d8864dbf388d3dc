"""A made-up partnership, Millbrook, for attendance, terms and vacancies: a top board and a
safety board, each given as YAML text by the test, with two councillors in people.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()

PEOPLE = """\
people:
  - {id: person-0001, name: Ada Khan}
  - {id: person-0002, name: Ben Ode}
"""

ORGANISATIONS = """\
organisations:
  - {id: council, name: Millbrook Council, sector: council}
  - {id: police, name: Millbrook Police, sector: police}
  - {id: nhs, name: Millbrook NHS Trust, sector: health}
  - {id: probation, name: Millbrook Probation, sector: probation}
"""

CALLS = """\
calls_to_action:
  - number: 1
    title: Safer streets
    actions:
      - {number: "1.1", title: Patrols}
"""

TOP = """\
id: top
name: Millbrook Board
kind: partnership-board
members:
  - {role: Leader of the Council, organisation: council, position: chair}
"""

SAFETY_HEAD = """\
id: safety
name: Safety Board
kind: thematic-board
reports_to: [top]
"""


def write(root: Path, safety: str, top: str = TOP) -> Path:
    """Millbrook with ``safety`` (the safety board's text after its id, name, kind and
    reports_to) and ``top`` (the top board's whole text)."""
    data = root / "data"
    (data / "boards").mkdir(parents=True)
    (data / "partnership.yaml").write_text("name: Millbrook Partnership\n")
    (data / "calls_to_action.yaml").write_text(CALLS)
    (data / "organisations.yaml").write_text(ORGANISATIONS)
    (data / "people.yaml").write_text(PEOPLE)
    (data / "boards" / "top.yaml").write_text(top)
    (data / "boards" / "safety.yaml").write_text(SAFETY_HEAD + safety)
    return root


def validate(root: Path, as_of: str) -> tuple[int, dict[str, Any]]:
    """``thp validate --format json``: its exit code and its answer."""
    result = runner.invoke(
        app, ["validate", "--root", str(root), "--as-of", as_of, "--format", "json"], env={"THP_ROOT": ""}
    )
    assert result.exit_code in (0, 1), result.output
    answer: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, answer


def found(root: Path, as_of: str, rule: str) -> list[dict[str, Any]]:
    """The findings of ``rule``."""
    return [f for f in validate(root, as_of)[1]["findings"] if f["rule"] == rule]


def where(findings: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    """Each finding's file, line, column and severity."""
    return [(f["file"], f["line"], f["column"], f["severity"]) for f in findings]
