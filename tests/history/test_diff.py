"""``thp diff`` and ``thp history`` in-process, on throwaway git repositories, and the CI workflow."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app
from thp_cli.history.changes import compare
from thp_cli.history.sources import dataset_at
from thp_cli.yamlio.load import load_text

from ..conftest import REPO, Repo, new_repo

pytestmark = pytest.mark.usefixtures("quiet_git")

runner = CliRunner()


def thp(*args: str, env: dict[str, str] | None = None) -> Result:
    base = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
    return runner.invoke(app, list(args), env={**base, **(env or {})})


def join_seat(repo: Repo, board: str, role: str, org: str = "council", position: str = "adviser") -> None:
    """Add a seat as the first under ``members:`` of ``board``."""
    repo.edit(
        f"data/boards/{board}.yaml",
        "members:\n",
        f"members:\n  - role: {role}\n    organisation: {org}\n    position: {position}\n",
    )


def chair_exec(repo: Repo) -> None:
    """The Leader of the Council, co-chair of exec, becomes its chair."""
    repo.edit(
        "data/boards/exec.yaml",
        "position: co-chair\n    elected_member",
        "position: chair\n    elected_member",
    )


# -- a pull request's changes ---------------------------------------------------------------
@dataclass
class PR:
    repo: Repo
    base: str
    head: str


@pytest.fixture(scope="module")
def pr(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PR]:
    """One commit that adds a seat, removes one, changes a position, closes a board and
    moves a recommendation action on."""
    repo = new_repo(tmp_path_factory.mktemp("pr") / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    join_seat(repo, "safety", "Director of Public Health")
    repo.edit(
        "data/boards/safety.yaml",
        "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n",
        "",
    )
    chair_exec(repo)
    repo.edit(
        "data/boards/housing-review.yaml", "kind: task-and-finish", "kind: task-and-finish\nstatus: closed"
    )
    repo.edit(
        "data/recommendations/r1.yaml",
        "    status: in-progress\n    updates:",
        "    status: done\n    updates:",
    )
    head = repo.commit("Changes for the new year", "2024-02-01")
    yield PR(repo, base, head)


def test_md_groups_by_board_in_plain_english(pr: PR) -> None:
    result = thp("diff", pr.base, pr.head, "--root", str(pr.repo.root), "--format", "md")
    assert result.exit_code == 0, result.output
    b, h = pr.repo.short(pr.base), pr.repo.short(pr.head)
    assert result.stdout == (
        "## Partnership changes\n"
        "\n"
        f"From {b} to {h}: 5 changes.\n"
        "\n"
        "### Executive Group\n"
        "\n"
        "- Leader of the Council (Example Borough Council) on "
        "Executive Group became chair\n"
        "\n"
        "### Housing Review Group\n"
        "\n"
        "- Housing Review Group was closed\n"
        "\n"
        "### Safety Partnership\n"
        "\n"
        "- Director of Public Health (Example Borough Council) joined Safety Partnership as an adviser\n"
        "- Borough Commander (Example Police) left Safety Partnership (the seat was removed)\n"
        "\n"
        "### Recommendation 1: Tackle duplication\n"
        "\n"
        "- Recommendation 1, action i: status in-progress -&gt; done\n"
    )
    assert result.stderr == ""


def test_text_names_the_revisions_as_given(pr: PR) -> None:
    b, h = pr.repo.short(pr.base), pr.repo.short(pr.head)
    pr.repo.git("tag", "-f", "before", pr.base)
    result = thp("diff", "before", pr.head, "--root", str(pr.repo.root), "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Changes to the partnership from before ({b}) to {h}:",
        "",
        "Executive Group",
        "  - Leader of the Council (Example Borough Council) on Executive Group became chair",
        "",
        "Housing Review Group",
        "  - Housing Review Group was closed",
        "",
        "Safety Partnership",
        "  - Director of Public Health (Example Borough Council) joined Safety Partnership as an adviser",
        "  - Borough Commander (Example Police) left Safety Partnership (the seat was removed)",
        "",
        "Recommendation 1: Tackle duplication",
        "  - Recommendation 1, action i: status in-progress -> done",
        "",
        "5 changes.",
    ]


def test_no_changes_says_so(pr: PR) -> None:
    result = thp("diff", pr.head, "HEAD", "--root", str(pr.repo.root), "--format", "text")
    assert result.exit_code == 0, result.output
    h = pr.repo.short(pr.head)
    assert result.stdout == f"No changes to the partnership from {h} to HEAD ({h}).\n"


def test_json_is_the_api_result(pr: PR) -> None:
    root = pr.repo.root
    result = thp("diff", pr.base, pr.head, "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = compare(dataset_at(root, pr.base), dataset_at(root, pr.head))
    assert data["changes"] == [c.as_dict() for c in expected]
    assert {"board", "change", "seat", "fields"} <= set(data["changes"][0])
    assert data["base"] == {
        "rev": pr.base,
        "how": None,
        "working_tree": False,
        "commit": {"sha": pr.repo.short(pr.base), "date": "2024-01-10", "author": "Ann Officer"},
        "has_data": True,
        "findings": [],
    }
    assert data["head"]["commit"]["date"] == "2024-02-01"
    assert "@" not in result.stdout and "example.org" not in result.stdout


def test_out_writes_a_file_and_summary_appends_md(pr: PR, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## thp validate\n\n")
    out = tmp_path / "changes.json"
    result = thp(
        "diff", pr.base, pr.head, "--root", str(pr.repo.root), "--out", str(out), "--summary",
        "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert len(json.loads(out.read_text())["changes"]) == 5
    text = summary.read_text()
    assert text.startswith("## thp validate\n\n## Partnership changes\n")
    assert "### Safety Partnership\n" in text
    unset = thp("diff", pr.base, pr.head, "--root", str(pr.repo.root), "--format", "md", "--summary")
    assert unset.exit_code == 0
    assert unset.stderr == "thp: GITHUB_STEP_SUMMARY is not set, so no job summary was written\n"


# -- the default base ----------------------------------------------------------------------
def test_default_base_is_where_the_branch_left_main_and_head_is_the_working_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(tmp_path / "repo")
    fork = repo.commit("the partnership", "2024-01-10")
    repo.git("checkout", "-q", "-b", "feature")
    join_seat(repo, "safety", "Director of Public Health")
    repo.commit("public health joins", "2024-02-01")
    repo.git("checkout", "-q", "main")
    join_seat(repo, "health", "Chief Constable", "police", "member")
    repo.commit("on main meanwhile: the police join health", "2024-02-02")
    repo.git("checkout", "-q", "feature")
    chair_exec(repo)  # not committed
    monkeypatch.chdir(repo.root)
    result = thp("diff", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["base"]["commit"]["sha"] == repo.short(fork)
    assert data["base"]["how"] == "the merge base of HEAD and main"
    assert data["head"]["working_tree"] is True and data["head"]["commit"] is None
    assert [c["summary"] for c in data["changes"]] == [
        "Leader of the Council (Example Borough Council) on Executive Group became chair",
        "Director of Public Health (Example Borough Council) joined Safety Partnership as an adviser",
    ]  # and not the police joining health on main
    text = thp("diff", "--format", "text").stdout
    assert text.splitlines()[0] == (
        f"Changes to the partnership from {repo.short(fork)} (the merge base of HEAD and main) "
        "to the working tree:"
    )


def test_default_base_prefers_origin_head_then_main_then_master(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.git("symbolic-ref", "HEAD", "refs/heads/master")
    first = repo.commit("the partnership", "2024-01-10")
    repo.git("checkout", "-q", "-b", "feature")
    chair_exec(repo)
    repo.commit("chair", "2024-02-01")

    def how() -> object:
        result = thp("diff", "--root", str(repo.root), "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["base"]["how"]

    assert how() == "the merge base of HEAD and master"
    repo.git("branch", "main", first)
    assert how() == "the merge base of HEAD and main"
    repo.git("update-ref", "refs/remotes/origin/trunk", first)
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    assert how() == "the merge base of HEAD and origin/trunk"


def test_on_main_itself_the_base_is_the_commit_before(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-01-10")
    result = thp("diff", "--root", str(repo.root), "--format", "text")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "thp: nothing to compare with: HEAD is on main itself, and HEAD is the first commit. "
        "Name the revision to compare with, for example: thp diff HEAD\n"
    )
    chair_exec(repo)
    previous = repo.git("rev-parse", "HEAD")
    repo.commit("chair", "2024-02-01")
    result = thp("diff", "--root", str(repo.root), "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        f"Changes to the partnership from {repo.short(previous)} (HEAD~1, the commit before HEAD: "
        "HEAD is on main itself) to the working tree:",
        "",
        "Executive Group",
        "  - Leader of the Council (Example Borough Council) on Executive Group became chair",
    ]


def test_working_tree_against_head(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-01-10")
    (repo.root / "data/boards/housing-review.yaml").unlink()
    result = thp("diff", "HEAD", "--root", str(repo.root), "--format", "md")
    assert result.exit_code == 0, result.output
    removed = "- Housing Review Group was removed from the data"
    assert f"\n### Housing Review Group\n\n{removed}\n" in result.stdout
    assert f"From HEAD ({repo.short('HEAD')}) to the working tree: 1 change.\n" in result.stdout


# -- when it cannot run, or a revision is broken -------------------------------------------------
def test_a_broken_revision_names_file_and_line_and_the_rest_still_diffs(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    repo.edit("data/boards/safety.yaml", "meets: quarterly", "meets: quarterly\n  bad: indent")
    chair_exec(repo)
    broken = repo.commit("a slip, and a new chair", "2024-02-01")
    result = thp("diff", base, broken, "--root", str(repo.root), "--format", "text")
    assert result.exit_code == 0, result.output
    b = repo.short(broken)
    err = result.stderr.splitlines()
    assert err[0] == f"thp: the data at {b} has 1 finding; what did not load is left out of the comparison:"
    assert err[1].startswith("data/boards/safety.yaml:9:3: error: this line is indented further")
    assert err[1].endswith("[yaml-syntax]")
    assert len(err) == 2
    assert result.stdout.splitlines() == [
        f"Changes to the partnership from {repo.short(base)} to {b}:",
        "",
        "Executive Group",
        "  - Leader of the Council (Example Borough Council) on Executive Group became chair",
        "",
        "1 change.",
        "",
        f"Note: The data at {b} (head) has 1 error, listed separately; records that did not load "
        "are left out of this comparison.",
    ]
    data = json.loads(thp("diff", base, broken, "--root", str(repo.root), "--format", "json").stdout)
    assert [(f["file"], f["line"], f["column"]) for f in data["head"]["findings"]] == [
        ("data/boards/safety.yaml", 9, 3)
    ]


def test_a_revision_without_data_is_an_empty_partnership(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    data = repo.root / "data"
    data.rename(tmp_path / "kept")
    (repo.root / "README.md").write_text("Soon.\n")
    empty = repo.commit("start", "2024-01-01")
    (tmp_path / "kept").rename(data)
    result = thp("diff", empty, "--root", str(repo.root), "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["base"]["has_data"] is False
    assert {c["change"] for c in out["changes"]} == {"added"}


@pytest.mark.parametrize("rev", ["nope", "--output=/tmp/x", "HEAD:data"])
def test_an_unknown_revision_exits_2_plainly(pr: PR, rev: str) -> None:
    result = thp("diff", "--root", str(pr.repo.root), "--", rev)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"thp: no revision '{rev}' in this repository\n"


def test_not_a_repository_exits_2_plainly(partnership: Path) -> None:
    for args in (["diff"], ["diff", "HEAD~1", "HEAD"], ["history", "exec"]):
        result = thp(*args, "--root", str(partnership))
        assert result.exit_code == 2, args
        assert (
            result.stderr == f"thp: {partnership} is not in a git repository (or not in its working tree)\n"
        )
        assert "Traceback" not in result.output


def test_no_commits_yet_exits_2(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    result = thp("diff", "--root", str(repo.root))
    assert result.exit_code == 2
    assert result.stderr == (
        "thp: this repository has no commits yet, so there is nothing to compare the data with\n"
    )


# -- Markdown is inert ---------------------------------------------------------------------------
def test_md_escapes_a_hostile_role_and_board_name(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    repo.edit("data/boards/health.yaml", "name: Health Board", "name: '# Health <script>'")
    join_seat(repo, "health", '"| [x](javascript:alert(1)) <b>"', position="member")
    result = thp("diff", base, "--root", str(repo.root), "--format", "md")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "### \\# Health &lt;script&gt;" in lines
    assert (
        "- \\| \\[x\\](javascript:alert(1)) &lt;b&gt; (Example Borough Council) joined # Health "
        "&lt;script&gt; as a member"
    ) in lines
    assert "<b>" not in result.stdout and "<script>" not in result.stdout
    assert not re.search(r"(?<!\\)\]\(", result.stdout)  # no link: every ] is escaped


# -- the GitHub Actions workflow -------------------------------------------------------------------
def test_the_workflow_checks_pull_requests_and_publishes_the_report() -> None:
    path = REPO / ".github" / "workflows" / "thp.yml"
    loaded = load_text(".github/workflows/thp.yml", path.read_text(encoding="utf-8"))
    assert loaded.findings == []
    flow = loaded.data
    assert set(flow["on"]) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert flow["on"]["push"]["branches"] == ["main", "master"]
    jobs = flow["jobs"]
    check, report = jobs["check"]["steps"], jobs["report"]["steps"]
    # pull requests and pushes are validated; the monthly to-do list is not a change to check
    assert jobs["check"]["if"] == "github.event_name == 'pull_request' || github.event_name == 'push'"
    assert "push" in jobs["report"]["if"] and jobs["report"]["needs"] == "check"

    def uses(steps: list[dict[str, Any]], action: str) -> dict[str, Any]:
        (step,) = [s for s in steps if str(s.get("uses", "")).startswith(action + "@")]
        return step

    def runs(steps: list[dict[str, Any]]) -> list[str]:
        return [s["run"] for s in steps if "run" in s]

    for steps in (check, report):
        assert uses(steps, "actions/checkout")["with"]["fetch-depth"] == 0
        assert uses(steps, "actions/setup-python")["with"]["python-version"] == "3.11"
        assert "pip install ." in runs(steps)
    assert any(r.startswith("thp validate --format github") for r in runs(check))
    (diff_step,) = [r for r in runs(check) if r.startswith("thp diff ")]
    assert "--summary" in diff_step and "HEAD" in diff_step
    bases = {s["env"]["BASE_SHA"] for s in check if "env" in s}
    assert bases == {"${{ github.event.pull_request.base.sha }}"}
    assert "thp report annual --format html --out annual-report.html" in runs(report)
    assert uses(report, "actions/upload-artifact")["with"]["path"] == "annual-report.html"


def test_the_workflow_diff_step_writes_md_to_the_summary(pr: PR, tmp_path: Path) -> None:
    """The workflow's own command, on a pull request's base and head."""
    flow = load_text("thp.yml", (REPO / ".github/workflows/thp.yml").read_text()).data
    (command,) = [
        s["run"] for s in flow["jobs"]["check"]["steps"] if str(s.get("run", "")).startswith("thp diff")
    ]
    summary = tmp_path / "summary.md"
    args = [a.strip('"').replace("$BASE_SHA", pr.base) for a in command.split()[1:]]
    result = thp(*args, "--root", str(pr.repo.root), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Changes to the partnership from ")
    assert summary.read_text().startswith("## Partnership changes\n")
