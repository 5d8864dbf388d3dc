"""Docs stay true to the code, and the installed ``thp`` works outside the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


def test_readme_generated_sections_are_current() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import readme  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "tools"))
    current = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.render(current) == current, "README is stale: run python tools/readme.py"


def test_every_rule_has_an_explanation_and_a_source() -> None:
    from thp_cli.rules.catalogue import catalogue

    for rule in catalogue():
        assert len(rule.explanation) > 40, rule.id
        assert rule.source, rule.id


def test_pre_commit_hook_follows_the_convention() -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    for line in (
        "id: thp-validate",
        "entry: thp validate",
        "language: python",
        "files: ^data/",
        "types: [yaml]",
        "pass_filenames: false",
        "require_serial: true",
    ):
        assert line in text


def _installed_thp() -> str:
    candidate = Path(sys.executable).parent / "thp"
    found = str(candidate) if candidate.exists() else shutil.which("thp")
    if not found:
        pytest.fail("the thp entry point is not installed: pip install -e '.[test]'")
    return found


def test_installed_entry_point_validates_the_shipped_data(tmp_path: Path) -> None:
    env = {**os.environ, "THP_ROOT": str(REPO), "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    done = subprocess.run(
        [_installed_thp(), "validate", "--format", "json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"errors": 0' in done.stdout


def test_installed_entry_point_exit_2_without_data(tmp_path: Path) -> None:
    env = {**os.environ, "THP_ROOT": "", "NO_COLOR": "1"}
    done = subprocess.run(
        [_installed_thp(), "validate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert "no 'data' folder" in done.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from thp_cli.cli.app import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "print(sorted(m for m in ('pydantic', 'networkx', 'jinja2', 'ruamel.yaml') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_readme_tour_shows_real_output() -> None:
    """The lines the README's tour shows are what thp validate prints on the shipped data."""
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tour = readme.split("```console\n$ thp validate\n", 1)[1].split("```", 1)[0]
    real = (
        CliRunner()
        .invoke(app, ["validate", "--root", str(REPO), "-f", "text"], env={"NO_COLOR": "1", "THP_ROOT": ""})
        .output
    )
    shown = [line for line in tour.splitlines() if line.strip() and line.strip() != "..."]
    # the as-of date moves with the clock: compare what does not depend on it
    for line in shown:
        stable = line.split(" (due by")[0]
        assert stable in real, line


def _shown(readme: str, command: str) -> list[str]:
    """The lines the README shows under ``$ command`` in a console block, "..." left out."""
    block = readme.split(f"```console\n$ {command}\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and line.strip() != "..."]


def test_readme_indicator_tour_shows_real_output(tmp_path: Path) -> None:
    """The README's tour of indicators shows what thp prints on the example partnership it
    tells the reader to build (tests/cases/base with tests/cases/indicators' indicators)."""
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    build = next(line for line in readme.splitlines() if line.startswith("mkdir -p /tmp/example "))
    root = tmp_path / "example"
    subprocess.run(["bash", "-c", build.replace("/tmp/example", str(root))], cwd=REPO, check=True)
    assert sorted(p.name for p in (root / "data" / "indicators").iterdir()) == sorted(
        p.name for p in (REPO / "tests" / "cases" / "indicators" / "data" / "indicators").iterdir()
    )
    env = {"NO_COLOR": "1", "THP_ROOT": "", "COLUMNS": "200"}
    for command in ("thp report annual --year 2025 --as-of 2025-06-30", "thp due --as-of 2025-06-30"):
        args = [*command.split()[1:], "--root", str(root)]
        real = CliRunner().invoke(app, args, env=env).output
        shown = _shown(readme, command)
        assert len(shown) >= 3, command
        for line in shown:
            assert line in real.splitlines(), (command, line)
