"""Issue #11, conventions: ``thp init`` in a fresh clone, on main or master, with a README
on boards, seats, people and ``thp member``, and its placeholders flagged until replaced."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import git_env, write_partnership

ENV = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}


def thp(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env=ENV)


def _clone(tmp_path: Path, branch: str) -> Path:
    """A fresh clone of an empty repository whose default branch is ``branch``: only .git."""
    env = git_env(tmp_path)
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", branch, str(origin)], env=env, check=True)
    subprocess.run(
        ["git", "clone", "-q", str(origin), str(tmp_path / "riverside")],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return tmp_path / "riverside"


def _findings(root: Path) -> list[dict[str, Any]]:
    result = thp("validate", "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def test_init_in_a_fresh_clone_keeps_its_git_and_says_no_git_init(tmp_path: Path) -> None:
    clone = _clone(tmp_path, "master")
    git_before = sorted(p.relative_to(clone).as_posix() for p in (clone / ".git").rglob("*"))
    config = (clone / ".git" / "config").read_bytes()
    result = thp("init", str(clone), "--name", "Riverside Partnership")
    assert result.exit_code == 0, result.output
    assert "git init" not in result.stdout and "git add . && git commit" in result.stdout
    assert (clone / "data" / "partnership.yaml").is_file() and (clone / "README.md").is_file()
    assert sorted(p.relative_to(clone).as_posix() for p in (clone / ".git").rglob("*")) == git_before
    assert (clone / ".git" / "config").read_bytes() == config
    assert sorted(p.name for p in tmp_path.iterdir()) == ["origin.git", "riverside"]  # no staging left
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=clone, env=git_env(tmp_path), capture_output=True, text=True
    )
    assert "?? data/" in status.stdout and "?? README.md" in status.stdout
    assert thp("init", str(clone)).exit_code == 2  # now it holds a repository: refused, unchanged


def test_the_workflow_init_writes_runs_on_main_and_on_master(tmp_path: Path) -> None:
    assert thp("init", str(tmp_path / "p")).exit_code == 0
    workflow = tmp_path / "p" / ".github" / "workflows" / "thp.yml"
    flow = YAML(typ="safe", pure=True).load(workflow.read_text(encoding="utf-8"))
    on = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads "on" as true
    assert set(on["push"]["branches"]) == {"main", "master"} and "pull_request" in on
    jobs = flow["jobs"]
    assert jobs["check"]["if"] == "github.event_name == 'pull_request' || github.event_name == 'push'"
    assert jobs["report"]["needs"] == "check"
    # the report runs on a push to whichever branch is the repository's default, by name nowhere
    condition = jobs["report"]["if"]
    assert "github.ref_name == github.event.repository.default_branch" in condition
    assert not re.search(r"refs/heads/(main|master)|'main'|'master'", condition)


def test_the_readme_explains_boards_seats_people_and_thp_member(tmp_path: Path) -> None:
    assert thp("init", str(tmp_path / "p"), "--name", "Riverside Partnership").exit_code == 0
    text = (tmp_path / "p" / "README.md").read_text(encoding="utf-8")
    for phrase in (
        "**board**", "**seat**", "**people**", "people.yaml", "`person: <id>`", "`contact:`",
        "thp member add", "thp member set", "thp member remove", "placeholder",
    ):  # fmt: skip
        assert phrase in text, phrase
    assert "Tower Hamlets" not in text


def test_init_placeholders_are_warnings_until_replaced(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert thp("init", str(root), "--name", "Riverside Partnership").exit_code == 0
    found = _findings(root)
    assert found and {f["rule"] for f in found} == {"placeholder"}
    assert {f["severity"] for f in found} == {"warning"}
    files = {f["file"] for f in found}
    assert files == {
        "data/partnership.yaml", "data/calls_to_action.yaml", "data/organisations.yaml",
        "data/boards/partnership-board.yaml", "data/indicators/example-indicator.yaml",
    }  # fmt: skip
    example = ("id: example-indicator", "16.4}", "12.0}")  # the example's id and made-up figures
    for f in found:  # each on the line and column of the value itself
        line = (root / f["file"]).read_text(encoding="utf-8").splitlines()[f["line"] - 1]
        value = line[f["column"] - 1 :].lstrip("\"'")
        placeholder = value.startswith("Replace this with")
        assert placeholder or line.startswith(example[0]) or value.startswith(example[1:])
        assert "thp init" in f["message"]
    for path in (root / "data").rglob("*.yaml"):  # the officer writes the partnership's own words
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"Replace this with [^\n#]*?(?=\s*(#|$))", "Our own words", text, flags=re.M))
    # the example's id and made-up figures still warn until they are the partnership's own
    assert [f["rule"] for f in _findings(root)] == ["placeholder"] * 3
    old = root / "data" / "indicators" / "example-indicator.yaml"
    text = old.read_text(encoding="utf-8").replace("id: example-indicator", "id: crowding")
    (old.parent / "crowding.yaml").write_text(text.replace("16.4}", "16.9}").replace("12.0}", "11.0}"))
    old.unlink()
    # the indicator is now the partnership's own, so it is owed a recent value
    assert [f["rule"] for f in _findings(root)] == ["indicator-stale"]
    last_month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    recorded = thp(
        "indicator", "record", "crowding", "--date", last_month, "--value", "15", "--root", str(root)
    )
    assert recorded.exit_code == 0, recorded.output
    assert _findings(root) == []


def test_only_thp_inits_placeholders_are_flagged(tmp_path: Path) -> None:
    root = write_partnership(tmp_path / "p", {"top": {"kind": "partnership-board", "seats": ["a/Chair"]}})
    assert [f for f in _findings(root) if f["rule"] == "placeholder"] == []
    board = root / "data" / "boards" / "top.yaml"
    record = json.loads(board.read_text())
    record["name"] = "Replace this with the board's name"
    board.write_text(json.dumps(record, indent=1) + "\n")
    (found,) = [f for f in _findings(root) if f["rule"] == "placeholder"]
    assert found["file"] == "data/boards/top.yaml" and found["line"] == 3
    rules = thp("rules", "--format", "json")
    assert "placeholder" in {r["id"] for r in json.loads(rules.stdout)}
