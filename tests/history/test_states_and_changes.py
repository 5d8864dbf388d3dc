"""The partnership at a git revision, the changes between two states, and over a period.

Every test builds its own throwaway repository with a fixed identity and fixed
dates, so nothing depends on the machine's git configuration or clock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from thp_cli.dataset.load import load_dataset
from thp_cli.errors import ThpError
from thp_cli.history.changes import Change, compare
from thp_cli.history.git import Git, in_git
from thp_cli.history.period import changes_during
from thp_cli.history.sources import dataset_at

from ..conftest import BASE, Repo, new_repo

D = dt.date


pytestmark = pytest.mark.usefixtures("quiet_git")


# -- a year of changes, one commit each --------------------------------------------
STEPS = ["base", "join", "end", "position", "close", "actions", "break", "mend", "delete"]


@dataclass
class Story:
    repo: Repo
    sha: dict[str, str]  # step -> full commit id


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    repo = new_repo(tmp_path_factory.mktemp("story") / "repo")
    sha = {"base": repo.commit("the partnership", "2024-01-10")}
    repo.edit(
        "data/boards/safety.yaml",
        "updates:",
        "  - role: Director of Public Health\n    organisation: council\n    position: adviser\nupdates:",
    )
    sha["join"] = repo.commit("Public health joins the safety partnership", "2024-02-01")
    repo.edit(
        "data/boards/health.yaml",
        "    organisation: nhs-trust\n    position: co-chair\n",
        "    organisation: nhs-trust\n    position: co-chair\n    until: 2024-02-29\n",
    )
    sha["end"] = repo.commit("The trust's seat on health ends", "2024-03-01")
    repo.edit(
        "data/boards/exec.yaml",
        "position: co-chair\n    elected_member",
        "position: chair\n    elected_member",
    )
    sha["position"] = repo.commit("The Leader chairs the executive", "2024-04-01")
    repo.edit(
        "data/boards/housing-review.yaml",
        "reports_to: [safety, health]",
        "reports_to: [safety]\nstatus: closed",
    )
    sha["close"] = repo.commit("Housing review closed", "2024-05-01")
    repo.edit("data/recommendations/r1.yaml", "    due: 2024-07\n", "    due: 2024-09\n")
    repo.edit(
        "data/recommendations/r1.yaml",
        "    status: in-progress\n    updates:",
        "    status: done\n    updates:",
    )
    (repo.root / "data/recommendations/r1.yaml").write_text(
        (repo.root / "data/recommendations/r1.yaml").read_text()
        + "  - number: iii\n    title: Publish the map\n    due: 2024-12\n"
    )
    sha["actions"] = repo.commit("R1 progress", "2024-06-01")
    repo.edit("data/boards/safety.yaml", "meets: quarterly", "meets: quarterly\n  bad: indent")
    sha["break"] = repo.commit("A slip", "2024-07-01")
    repo.edit("data/boards/safety.yaml", "meets: quarterly\n  bad: indent", "meets: quarterly")
    repo.edit(
        "data/boards/safety.yaml",
        "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n",
        "",
    )
    sha["mend"] = repo.commit("Mended; the police seat goes", "2024-08-01")
    (repo.root / "data/boards/housing-review.yaml").unlink()
    sha["delete"] = repo.commit("Housing review removed", "2024-09-01")
    yield Story(repo, sha)


def rows(changes: list[Change]) -> list[tuple[object, ...]]:
    return [(c.kind, c.board or c.recommendation, c.change, c.fields, c.summary) for c in changes]


def step(story: Story, name: str) -> list[Change]:
    """What the commit ``name`` changed, compared with the commit before it."""
    before = STEPS[STEPS.index(name) - 1]
    root = story.repo.root
    return compare(dataset_at(root, story.sha[before]), dataset_at(root, story.sha[name]))


def test_a_revision_loads_like_the_disk_and_ignores_uncommitted_edits(story: Story) -> None:
    root = story.repo.root
    at_head = dataset_at(root, "HEAD")
    on_disk = load_dataset(root)
    assert at_head.findings == on_disk.findings == []
    assert at_head.files == on_disk.files == 9
    assert sorted(at_head.boards) == sorted(on_disk.boards) == ["board", "exec", "health", "safety"]
    assert at_head.boards["exec"].record == on_disk.boards["exec"].record
    assert sorted(dataset_at(root, story.sha["base"]).boards) == [
        "board", "exec", "health", "housing-review", "safety",
    ]  # fmt: skip
    assert dataset_at(root, story.sha["base"]).root == Path(os.path.abspath(root))


def test_a_seat_joining(story: Story) -> None:
    assert rows(step(story, "join")) == [
        (
            "seat",
            "safety",
            "added",
            {},
            "Director of Public Health (Example Borough Council) joined Safety Partnership as an adviser",
        ),
    ]
    (change,) = step(story, "join")
    assert change.seat == {
        "role": "Director of Public Health", "organisation": "council", "person": None,
        "position": "adviser", "elected_member": False, "since": None, "until": None,
    }  # fmt: skip


def test_a_seat_ending(story: Story) -> None:
    assert rows(step(story, "end")) == [
        (
            "seat", "health", "changed", {"until": (None, D(2024, 2, 29))},
            "the seat Chief Executive (Example NHS Trust) on Health Board was given an end date, "
            "29 February 2024",
        ),
    ]  # fmt: skip


def test_a_position_changing(story: Story) -> None:
    assert rows(step(story, "position")) == [
        (
            "seat", "exec", "changed", {"position": ("co-chair", "chair")},
            "Leader of the Council (Example Borough Council) on "
            "Executive Group became chair",
        ),
    ]  # fmt: skip


def test_a_board_closing_and_reporting_elsewhere(story: Story) -> None:
    assert rows(step(story, "close")) == [
        (
            "board", "housing-review", "changed",
            {"status": ("active", "closed"), "reports_to": (("safety", "health"), ("safety",))},
            "Housing Review Group was closed; now reports to Safety Partnership "
            "(was Safety Partnership and Health Board)",
        ),
    ]  # fmt: skip


def test_recommendation_actions(story: Story) -> None:
    assert rows(step(story, "actions")) == [
        (
            "recommendation-action", "r1", "changed",
            {"status": ("in-progress", "done"), "due": (D(2024, 7, 31), D(2024, 9, 30))},
            "Recommendation 1, action i: status in-progress -> done; due 2024-07 -> 2024-09",
        ),
        (
            "recommendation-action", "r1", "added", {},
            "Recommendation 1, action iii was added: Publish the map",
        ),
    ]  # fmt: skip
    assert [c.action for c in step(story, "actions")] == ["i", "iii"]


def test_a_broken_revision_has_findings_and_no_invented_changes(story: Story, tmp_path: Path) -> None:
    broken = dataset_at(story.repo.root, story.sha["break"])
    # the same bytes on disk give the same findings: file relative to the root, line, column
    story.repo.git("worktree", "add", "-q", "--detach", str(tmp_path / "wt"), story.sha["break"])
    try:
        assert broken.findings == load_dataset(tmp_path / "wt").findings
    finally:
        story.repo.git("worktree", "remove", "--force", str(tmp_path / "wt"))
    assert [(f.file, f.line, f.column, f.rule) for f in broken.findings] == [
        ("data/boards/safety.yaml", 9, 3, "yaml-syntax")
    ]
    assert "safety" not in broken.boards
    # a board whose file does not load is not "removed", nor "added" when mended: what
    # changed in it cannot be told from a side where it did not load
    assert step(story, "break") == []
    assert step(story, "mend") == []
    # compared with the last state where it loaded, the mending commit's change shows
    root = story.repo.root
    assert rows(compare(dataset_at(root, story.sha["actions"]), dataset_at(root, story.sha["mend"]))) == [
        (
            "seat",
            "safety",
            "removed",
            {},
            "Borough Commander (Example Police) left Safety Partnership (the seat was removed)",
        ),
    ]


def test_a_board_file_deleted(story: Story) -> None:
    assert rows(step(story, "delete")) == [
        ("board", "housing-review", "removed", {}, "Housing Review Group was removed from the data"),
    ]


def test_change_as_dict_is_json_with_iso_dates_and_no_contact_details(story: Story) -> None:
    (change,) = step(story, "end")
    assert change.as_dict() == {
        "kind": "seat",
        "board": "health",
        "recommendation": None,
        "action": None,
        "change": "changed",
        "seat": {
            "role": "Chief Executive", "organisation": "nhs-trust", "person": None,
            "position": "co-chair", "elected_member": False, "since": None, "until": "2024-02-29",
        },
        "fields": {"until": [None, "2024-02-29"]},
        "summary": "the seat Chief Executive (Example NHS Trust) on Health Board was given an end date, "
        "29 February 2024",
    }  # fmt: skip
    everything = compare(dataset_at(story.repo.root, story.sha["base"]), dataset_at(story.repo.root, "HEAD"))
    months = [c.as_dict() for c in everything if c.kind == "recommendation-action"]
    assert months[0]["fields"]["due"] == ["2024-07", "2024-09"]
    text = json.dumps([c.as_dict() for c in everything])
    assert "@" not in text and "example.org" not in text


def test_compare_of_the_same_state_is_empty_and_order_is_stable(story: Story) -> None:
    root = story.repo.root
    assert compare(dataset_at(root, "HEAD"), load_dataset(root)) == []
    first = compare(dataset_at(root, story.sha["base"]), dataset_at(root, "HEAD"))
    again = compare(dataset_at(root, story.sha["base"]), dataset_at(root, "HEAD"))
    assert first == again
    assert [(c.kind, c.board or c.recommendation) for c in first] == [
        ("seat", "exec"),
        ("seat", "health"),
        ("board", "housing-review"),
        ("seat", "safety"),
        ("seat", "safety"),
        ("recommendation-action", "r1"),
        ("recommendation-action", "r1"),
    ]


# -- revisions and their errors --------------------------------------------------------
@pytest.mark.parametrize("rev", ["nope", "--output=/tmp/x", "HEAD:data", "HEAD\nHEAD", "deadbeef" * 5])
def test_an_unknown_revision_is_a_plain_error(story: Story, rev: str) -> None:
    with pytest.raises(ThpError) as error:
        dataset_at(story.repo.root, rev)
    assert str(error.value).startswith("no revision '")
    assert str(error.value).endswith("' in this repository")
    assert "\n" not in str(error.value)


def test_a_revision_without_data_is_a_plain_error(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    shutil.rmtree(repo.root / "data")
    (repo.root / "README.md").write_text("Soon.\n")
    first = repo.commit("start", "2024-01-01")
    with pytest.raises(ThpError, match=r"^there is no 'data' folder at revision 'HEAD'$"):
        dataset_at(repo.root, "HEAD")
    shutil.copytree(BASE / "data", repo.root / "data")
    repo.commit("the partnership", "2024-01-02")
    assert dataset_at(repo.root, "HEAD").findings == []
    with pytest.raises(ThpError, match="no 'data' folder"):
        dataset_at(repo.root, first)


def test_outside_a_repository(tmp_path: Path) -> None:
    shutil.copytree(BASE / "data", tmp_path / "p" / "data")
    assert in_git(tmp_path / "p") is False
    assert changes_during(tmp_path / "p", D(2024, 1, 1), D(2024, 12, 31)) is None
    with pytest.raises(ThpError, match="is not in a git repository"):
        dataset_at(tmp_path / "p", "HEAD")
    assert in_git(tmp_path / "missing") is False


def test_without_git_installed(story: Story, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no git in it
    assert in_git(story.repo.root) is False
    with pytest.raises(ThpError, match="git is not installed"):
        dataset_at(story.repo.root, "HEAD")


def test_a_partnership_in_a_sub_folder_names_files_from_its_root(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", sub="governance/lsp")
    repo.edit("data/boards/exec.yaml", "kind: executive", "kind: executive\nchair: someone")
    (repo.top / "data").mkdir()  # a data/ folder elsewhere in the repository is not read
    (repo.top / "data" / "partnership.yaml").write_text("name: [\n")
    repo.commit("in a sub-folder", "2024-01-01")
    found = dataset_at(repo.root, "HEAD").findings
    assert [(f.file, f.line, f.column, f.rule) for f in found] == [
        ("data/boards/exec.yaml", 5, 1, "unknown-key")
    ]
    assert dataset_at(repo.root, "HEAD").findings == load_dataset(repo.root).findings


def test_a_symbolic_link_in_a_revision_is_refused_unread(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo.top / "secret.txt").write_text("password: hunter2\n")
    (repo.root / "data" / "boards" / "linked.yaml").symlink_to("../../secret.txt")
    repo.commit("a link", "2024-01-01")
    found = dataset_at(repo.root, "HEAD").findings
    assert [(f.file, f.line, f.rule) for f in found] == [("data/boards/linked.yaml", 1, "unreadable-file")]
    assert "symbolic link" in found[0].message
    assert "hunter2" not in found[0].message
    assert found == load_dataset(repo.root).findings  # exactly as on disk


def test_an_oversized_blob_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo.root / "data" / "boards" / "big.yaml").write_bytes(b"a: [" + b"1," * (3 * 1024 * 1024) + b"1]\n")
    repo.commit("a big file", "2024-01-01")
    big = repo.git("rev-parse", "HEAD:data/boards/big.yaml")
    asked: list[tuple[str, int]] = []
    cat = Git.cat

    def spy(self: Git, name: str, limit: int) -> tuple[str, str, int, bytes] | None:
        asked.append((name, limit))
        return cat(self, name, limit)

    monkeypatch.setattr(Git, "cat", spy)
    found = dataset_at(repo.root, "HEAD").findings
    assert [(f.file, f.rule) for f in found] == [("data/boards/big.yaml", "file-too-large")]
    assert "6.0 MiB" in found[0].message
    assert asked and big not in [name for name, _ in asked]


def test_one_cat_file_process_serves_a_whole_revision(story: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    popen = subprocess.Popen

    def spy(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(list(args))
        return popen(args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(subprocess, "Popen", spy)
    assert dataset_at(story.repo.root, "HEAD").files == 9
    assert [a[1:3] for a in started if a[1] == "cat-file"] == [["cat-file", "--batch"]]
