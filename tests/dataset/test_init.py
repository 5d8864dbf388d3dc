"""``thp init``: a new partnership repository that passes thp validate at once."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from ruamel.yaml import YAML
from typer.testing import CliRunner

from thp_cli import __version__
from thp_cli.cli.app import app
from thp_cli.schema.kinds import KINDS, render
from thp_cli.schema.modelines import data_files
from thp_cli.yamlio.load import load_file

from ..conftest import REPO

runner = CliRunner()
ENV = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
FILES = [
    ".github/workflows/thp.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "data/boards/partnership-board.yaml",
    "data/calls_to_action.yaml",
    "data/indicators/example-indicator.yaml",
    "data/organisations.yaml",
    "data/partnership.yaml",
    *sorted(f"schemas/{k.file_name}" for k in KINDS),
]


def thp(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def made(tmp_path: Path) -> Path:
    folder = tmp_path / "hackney-partnership"
    result = thp("init", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def test_makes_the_repository(made: Path) -> None:
    assert tree(made) == FILES
    assert [p.name for p in made.parent.iterdir()] == ["hackney-partnership"]  # no staging folder left
    partnership = load_file(made / "data" / "partnership.yaml", "partnership.yaml").data
    assert partnership["name"] == "Hackney Partnership"  # from the folder's name


def test_validates_at_once_with_no_errors_and_warns_only_of_its_placeholders(made: Path) -> None:
    result = thp("validate", "--root", str(made), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["errors"] == 0 and data["warnings"] > 0
    assert {f["rule"] for f in data["findings"]} == {"placeholder"}


def test_schemas_and_modelines_are_current(made: Path) -> None:
    result = thp("schema", "--root", str(made), "--check", "--modelines")
    assert result.exit_code == 0, result.output
    for kind in KINDS:
        assert (made / "schemas" / kind.file_name).read_text(encoding="utf-8") == render(kind)
        assert (made / "schemas" / kind.file_name).read_bytes() == (
            REPO / "schemas" / kind.file_name
        ).read_bytes()


def test_data_files_follow_their_schemas(made: Path) -> None:
    found = list(data_files(made / "data"))
    assert len(found) == 5  # with the example indicator
    for path, kind in found:
        schema = json.loads((made / "schemas" / kind.file_name).read_text(encoding="utf-8"))
        data = load_file(path, path.name).data
        assert list(Draft7Validator(schema).iter_errors(data)) == [], path


def test_workflow_is_this_repositorys_installing_thp_from_pypi(made: Path) -> None:
    ours = (REPO / ".github" / "workflows" / "thp.yml").read_text(encoding="utf-8")
    theirs = (made / ".github" / "workflows" / "thp.yml").read_text(encoding="utf-8")
    assert "pip install .\n" not in theirs and "instead of `pip install .`" not in theirs
    assert (
        theirs.count(f"run: pip install thp-cli=={__version__}\n") == ours.count("run: pip install .\n") == 4
    )
    assert [line for line in theirs.splitlines() if "thp " in line and "run:" in line] == [
        line for line in ours.splitlines() if "thp " in line and "run:" in line
    ]
    YAML(typ="safe", pure=True).load(theirs)


def test_pre_commit_runs_the_installed_thp_with_no_placeholder(made: Path) -> None:
    text = (made / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    config = YAML(typ="safe", pure=True).load(text)
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    published = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text())
    (ours,) = published
    assert hook["id"] == ours["id"] == "thp-validate" and hook["entry"] == ours["entry"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert "PLACEHOLDER" not in text and "REPLACE" not in text


def test_readme_tells_officers_how_to_edit_validate_and_propose(made: Path) -> None:
    text = (made / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Hackney Partnership: governance as code\n")
    for phrase in ("pull request", "thp validate", "pip install thp-cli", "data/boards/"):
        assert phrase in text


def test_name_option_is_written_safely(tmp_path: Path) -> None:
    name = 'St Mary\'s: "Partnership" # 1'
    folder = tmp_path / "p"
    result = thp("init", str(folder), "--name", name)
    assert result.exit_code == 0, result.output
    partnership = load_file(folder / "data" / "partnership.yaml", "partnership.yaml").data
    board = load_file(folder / "data" / "boards" / "partnership-board.yaml", "b.yaml").data
    assert partnership["name"] == name
    assert board["name"] == f"{name} Board"
    assert thp("validate", "--root", str(folder)).exit_code == 0


@pytest.mark.parametrize("name", ["", "   ", "two\nlines"])
def test_bad_names_are_refused(tmp_path: Path, name: str) -> None:
    result = thp("init", str(tmp_path / "p"), "--name", name)
    assert result.exit_code == 2
    assert not (tmp_path / "p").exists()


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = thp("init", str(folder), "--name", "Test Partnership")
    assert result.exit_code == 0, result.output
    assert tree(folder) == FILES


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    (folder / "data").mkdir(parents=True)
    (folder / "notes.txt").write_text("keep me\n")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = thp("init", str(folder))
    assert result.exit_code == 2
    assert result.output == (
        f"thp: DIR {folder} is not empty; thp init makes a partnership repository in a new or empty "
        "folder, or in a fresh clone (a folder holding only .git)\n"
    )
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in folder.iterdir()) == ["data", "notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing"]


def test_a_hidden_file_counts_as_not_empty(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / ".git").mkdir()
    (tmp_path / "p" / ".env").write_text("x")
    assert thp("init", str(tmp_path / "p")).exit_code == 2


def test_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    result = thp("init", str(path))
    assert result.exit_code == 2
    assert path.read_text() == "x"


def test_files_get_the_usual_permissions(made: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert made.stat().st_mode & 0o777 == 0o777 & ~umask
    assert (made / "README.md").stat().st_mode & 0o777 == 0o666 & ~umask
