"""The one walk of the data's history (``history.git.data_commits``): the commits that
changed ``data/``, newest first, stopping at a day when asked; ``thp history`` and the
annual report's period both read it, so they count the same commits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from thp_cli.history.git import Git, data_commits
from thp_cli.history.period import changes_during
from thp_cli.history.timelines import timeline

from ..conftest import Repo, new_repo


def _story(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    repo = new_repo(tmp_path / "repo")
    sha = {"first": repo.commit("the data", "2024-01-10")}
    (repo.top / "README.md").write_text("Not data.\n")
    sha["readme"] = repo.commit("a readme", "2024-02-01")
    partnership = repo.root / "data" / "partnership.yaml"
    for name, day in (("spring", "2024-06-01"), ("winter", "2025-02-01")):
        partnership.write_text(partnership.read_text() + f"# {name}\n")
        sha[name] = repo.commit(name, day)
    return repo, sha


def test_the_walk_reads_only_the_commits_that_changed_data(tmp_path: Path) -> None:
    repo, sha = _story(tmp_path)
    with Git(repo.root) as git:
        found = data_commits(git)
    assert [rev.full for rev, _ in found.newest_first] == [sha["winter"], sha["spring"], sha["first"]]
    assert found.before is None and found.shallow is None
    assert [change.path for change in found.newest_first[0][1]] == ["data/partnership.yaml"]


def test_the_walk_stops_at_the_first_commit_before_a_day(tmp_path: Path) -> None:
    repo, sha = _story(tmp_path)
    with Git(repo.root) as git:
        found = data_commits(git, dt.date(2024, 3, 1))
    assert [rev.full for rev, _ in found.newest_first] == [sha["winter"], sha["spring"]]
    assert found.before is not None and found.before.full == sha["first"]


def test_thp_history_and_the_period_walk_the_same_commits(tmp_path: Path) -> None:
    repo, _ = _story(tmp_path)
    period = changes_during(repo.root, dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert period is not None
    assert timeline(repo.root).walked == period.walked == 3
