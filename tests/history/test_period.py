"""The partnership's changes over a period: the revision on a day, each change named by the
commit that made it, changes undone within the period, merges and the working tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thp_cli.errors import ThpError
from thp_cli.history.git import Commit
from thp_cli.history.period import changes_during
from thp_cli.history.sources import revision_on

from ..conftest import new_repo
from .test_states_and_changes import D, Story, story  # noqa: F401 - the fixture


# -- points in time and periods -------------------------------------------------------
def test_revision_on_a_day(story: Story) -> None:  # noqa: F811 - the fixture
    root = story.repo.root
    assert revision_on(root, D(2024, 1, 9)) is None
    assert revision_on(root, D(2024, 1, 10)) == story.sha["base"]
    assert revision_on(root, D(2024, 1, 31)) == story.sha["base"]
    assert revision_on(root, D(2024, 6, 15)) == story.sha["actions"]
    assert revision_on(root, D(2030, 1, 1)) == story.sha["delete"]


def test_revision_on_uses_the_committers_own_day(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    late = repo.commit("late in New York", "2024-03-01T23:30:00-05:00")  # 2024-03-02 in London
    assert revision_on(repo.root, D(2024, 3, 1)) == late
    assert revision_on(repo.root, D(2024, 2, 29)) is None


def test_changes_during_a_period_name_the_commit_that_made_each(story: Story) -> None:  # noqa: F811 - the fixture
    sha = story.sha
    period = changes_during(story.repo.root, D(2024, 2, 1), D(2024, 8, 31))
    assert period is not None
    assert (period.before, period.after) == (
        Commit(story.repo.short(sha["base"]), D(2024, 1, 10), "Ann Officer"),
        Commit(story.repo.short(sha["mend"]), D(2024, 8, 1), "Ann Officer"),
    )
    made = [(c.summary, commit.sha if commit else None) for c, commit in period.made_by()]
    short = {step: story.repo.short(full) for step, full in sha.items()}
    assert made == [  # oldest first, one commit at a time
        (
            "Director of Public Health (Example Borough Council) joined Safety Partnership as an adviser",
            short["join"],
        ),
        (
            "the seat Chief Executive (Example NHS Trust) on Health Board was given an end date, "
            "29 February 2024",
            short["end"],
        ),
        (
            "Leader of the Council (Example Borough Council) on Executive Group became chair",
            short["position"],
        ),
        (
            "Housing Review Group was closed; now reports to Safety Partnership "
            "(was Safety Partnership and Health Board)",
            short["close"],
        ),
        ("Recommendation 1, action i: status in-progress -> done; due 2024-07 -> 2024-09", short["actions"]),
        ("Recommendation 1, action iii was added: Publish the map", short["actions"]),
        (
            "Borough Commander (Example Police) left Safety Partnership (the seat was removed)",
            short["mend"],
        ),
    ]
    assert (period.walked, period.working_tree) == (7, False)
    as_json = json.dumps(period.as_dict())
    assert "ann.officer" not in as_json and "@" not in as_json
    assert period.as_dict()["changes"][0]["commit"] == {
        "sha": story.repo.short(sha["join"]), "date": "2024-02-01", "author": "Ann Officer",
    }  # fmt: skip


def test_a_change_undone_within_the_period_is_two_events(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-01-10")
    repo.edit(
        "data/boards/exec.yaml",
        "position: co-chair\n    elected_member",
        "position: chair\n    elected_member",
    )
    chair = repo.commit("chair", "2024-02-01")
    repo.edit(
        "data/boards/exec.yaml",
        "position: chair\n    elected_member",
        "position: co-chair\n    elected_member",
    )
    again = repo.commit("co-chair again", "2024-03-01")
    repo.edit("data/boards/exec.yaml", "kind: executive", "kind: executive\nstatus: dormant")
    status = repo.commit("dormant", "2024-04-01")
    period = changes_during(repo.root, D(2024, 1, 11), D(2024, 12, 31))
    assert period is not None
    seat = "Leader of the Council (Example Borough Council) on Executive Group"
    assert [(c.summary, m.sha if m else None) for c, m in period.made_by()] == [
        (f"{seat} became chair", repo.short(chair)),
        (f"{seat} became co-chair", repo.short(again)),
        ("Executive Group became dormant", repo.short(status)),
    ]


def test_with_nothing_before_the_period_everything_is_added(story: Story) -> None:  # noqa: F811 - the fixture
    period = changes_during(story.repo.root, D(2024, 1, 1), D(2024, 1, 31))
    assert period is not None and period.before is None
    assert period.after == Commit(story.repo.short(story.sha["base"]), D(2024, 1, 10), "Ann Officer")
    boards = [c.summary for c in period.changes if c.kind == "board"]
    assert boards == [  # with its seats on the day it was set up
        "Partnership Board was set up, with 1 seat",
        "Executive Group was set up, with 2 seats",
        "Health Board was set up, with 2 seats",
        "Housing Review Group was set up, with no seats recorded",
        "Safety Partnership was set up, with 2 seats",
    ]
    assert "Leader of the Council (Example Borough Council) joined Partnership Board as chair" in [
        c.summary for c in period.changes
    ]
    assert {c.change for c in period.changes} == {"added"}
    assert {m.sha if m else None for m in period.commits} == {story.repo.short(story.sha["base"])}


def test_a_period_with_no_commits_has_no_changes(story: Story) -> None:  # noqa: F811 - the fixture
    period = changes_during(story.repo.root, D(2023, 1, 1), D(2023, 12, 31))
    assert period is not None
    assert (period.before, period.after, period.changes) == (None, None, [])
    quiet = changes_during(story.repo.root, D(2024, 9, 2), D(2024, 12, 31))
    assert quiet is not None and quiet.changes == [] and quiet.before == quiet.after


def test_working_tree_changes_have_no_commit(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-01-10")
    repo.edit("data/boards/health.yaml", "reports_to: [exec]", "reports_to: [board]")
    made = repo.commit("health reports to the board", "2024-02-01")
    repo.edit(
        "data/boards/exec.yaml",
        "position: co-chair\n    elected_member",
        "position: chair\n    elected_member",
    )
    committed = changes_during(repo.root, D(2024, 1, 11), D(2024, 12, 31))
    assert committed is not None
    assert [c.summary for c in committed.changes] == [
        "Health Board now reports to Partnership Board (was Executive Group)"
    ]
    period = changes_during(repo.root, D(2024, 1, 11), D(2024, 12, 31), working_tree=True)
    assert period is not None and period.working_tree and period.after is None
    assert [(c.summary, m.sha if m else None) for c, m in period.made_by()] == [
        ("Health Board now reports to Partnership Board (was Executive Group)", repo.short(made)),
        (
            "Leader of the Council (Example Borough Council) on Executive Group became chair",
            None,
        ),
    ]


def test_a_merged_branch_counts_as_its_merge_commit(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-01-10")
    repo.git("checkout", "-q", "-b", "side")
    repo.edit(
        "data/boards/exec.yaml",
        "position: co-chair\n    elected_member",
        "position: chair\n    elected_member",
    )
    repo.commit("chair", "2024-02-01")
    repo.git("checkout", "-q", "main")
    env = {
        **repo.env,
        "GIT_AUTHOR_DATE": "2024-03-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-03-01T12:00:00+00:00",
    }
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", env=env)
    period = changes_during(repo.root, D(2024, 1, 11), D(2024, 12, 31))
    assert period is not None
    assert [m.sha if m else None for m in period.commits] == [repo.short("HEAD")]


def test_a_period_that_ends_before_it_starts_is_an_error(story: Story) -> None:  # noqa: F811 - the fixture
    with pytest.raises(ThpError, match="starts"):
        changes_during(story.repo.root, D(2024, 2, 1), D(2024, 1, 1))
