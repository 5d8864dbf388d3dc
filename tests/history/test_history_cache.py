"""The history's cache: a second walk reads from git only the commits it has not seen, and
never answers from what another history, another thp or a damaged file left behind."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli import cache
from thp_cli.cli.app import app
from thp_cli.history import replay
from thp_cli.history.period import changes_during
from thp_cli.history.timelines import timeline

from .test_full_history import Built, build


@pytest.fixture(autouse=True)
def _cache_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's cache folder is the test's own; the cache is on unless a test turns it off
    (and ``--no-cache`` in one test does not turn it off for the next)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("THP_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_disabled", False)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commits whose files a walk read from git (each load of changed files or a tree)."""
    seen: list[str] = []
    load = replay.load_source

    def spy(root: Path, source: Any, *args: Any) -> Any:
        seen.append(source.commit)
        return load(root, source, *args)

    monkeypatch.setattr(replay, "load_source", spy)
    return seen


def _story(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``thp history`` as JSON, read afresh with the cache off (the truth to compare with)."""
    with monkeypatch.context() as m:
        m.setenv("THP_NO_CACHE", "1")
        return timeline(root).as_dict()


def _git(built: Built, *args: str, when: str = "2030-01-01T12:00:00+00:00") -> str:
    env = {**built.env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", *args], cwd=built.top, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _add_seat(built: Built, board: str, role: str) -> None:
    path = built.top / "data" / "boards" / f"{board}.yaml"
    path.write_text(path.read_text() + f"  - role: {role}\n    organisation: council\n    position: member\n")
    _git(built, "commit", "-q", "-am", f"{role} joins {board}")


@pytest.fixture
def built(tmp_path: Path) -> Built:
    return build(tmp_path / "repo", 40)


def test_a_second_walk_reads_nothing_from_git_and_says_the_same(
    built: Built, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = _story(built.top, monkeypatch)
    loads.clear()
    assert timeline(built.top).as_dict() == truth
    assert len(loads) > 30  # the first walk read the commits
    assert (built.top / ".thp-cache" / "history").is_dir()
    loads.clear()
    assert timeline(built.top).as_dict() == truth
    assert loads == []
    board = _story_of(built, "t1", monkeypatch)
    loads.clear()
    assert timeline(built.top, board="t1").as_dict() == board
    assert loads == []


def _story_of(built: Built, board: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    with monkeypatch.context() as m:
        m.setenv("THP_NO_CACHE", "1")
        return timeline(built.top, board=board).as_dict()


def test_new_commits_are_the_only_ones_read(
    built: Built, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline(built.top)
    _add_seat(built, "t2", "Youth Worker")
    _add_seat(built, "t3", "Carer")
    _git(built, "commit", "-q", "--allow-empty", "-m", "nothing in data/")
    loads.clear()
    got = timeline(built.top).as_dict()
    assert len(loads) == 2
    assert got == _story(built.top, monkeypatch)
    assert [e["summary"] for e in got["events"][-2:]] == [
        "Youth Worker (Example Borough Council) joined Board T2 as a member",
        "Carer (Example Borough Council) joined Board T3 as a member",
    ]


def test_a_rewritten_branch_is_read_as_it_now_is(
    built: Built, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline(built.top)  # kept under the newest commit
    base = _git(built, "rev-parse", "HEAD")
    _add_seat(built, "t2", "Youth Worker")
    timeline(built.top)  # kept under the new newest commit, which holds the first
    _git(built, "reset", "-q", "--hard", base)
    _add_seat(built, "t2", "Play Worker")  # the same file, the same parent: a different commit
    loads.clear()
    got = timeline(built.top).as_dict()
    read = len(loads)
    assert got == _story(built.top, monkeypatch)
    assert got["events"][-1]["summary"] == "Play Worker (Example Borough Council) joined Board T2 as a member"
    assert "Youth Worker" not in json.dumps(got)
    assert read > 30  # nothing kept is known to hold the rewritten branch's commits: read afresh


def test_a_cache_written_by_another_thp_is_not_read(
    built: Built, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline(built.top)
    monkeypatch.setattr(cache, "__version__", "0.0.0-another")
    loads.clear()
    assert timeline(built.top).as_dict() == _story(built.top, monkeypatch)
    assert len(loads) > 30


def test_a_truncated_cache_file_is_read_afresh_and_mended(
    built: Built, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = _story(built.top, monkeypatch)
    timeline(built.top)
    files = list((built.top / ".thp-cache" / "history").glob("*.pickle"))
    assert len(files) == 1
    whole = files[0].read_bytes()
    files[0].write_bytes(whole[: len(whole) // 2])
    loads.clear()
    assert timeline(built.top).as_dict() == truth
    assert len(loads) > 30
    loads.clear()
    assert timeline(built.top).as_dict() == truth
    assert loads == []  # written whole again


def test_an_entry_of_the_wrong_shape_is_ignored(
    built: Built, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.history.git import Git
    from thp_cli.history.replay import States
    from thp_cli.history.stepcache import StepCache
    from thp_cli.yamlio.bounds import DEFAULT_LIMITS

    with Git(built.top) as git:
        store = StepCache(States(git, DEFAULT_LIMITS))
        assert store.cache is not None
        store.cache.put(store.key(_git(built, "rev-parse", "HEAD")), ({"x": 1}, {}))
    loads.clear()
    assert timeline(built.top).as_dict() == _story(built.top, monkeypatch)
    assert len(loads) > 30


def test_the_year_s_changes_after_thp_history_are_the_ones_read_afresh(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeline(built.top)  # the cache now holds every commit
    start, end = dt.date(2024, 1, 1), dt.date(2024, 1, 2)  # from the middle of the history
    warm = changes_during(built.top, start, end)
    with monkeypatch.context() as m:
        m.setenv("THP_NO_CACHE", "1")
        cold = changes_during(built.top, start, end)
    assert warm is not None and cold is not None
    assert warm.as_dict() == cold.as_dict()
    assert 0 < warm.walked < 40


@pytest.mark.parametrize("off", [["--no-cache"], []])
def test_no_cache_writes_nothing(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, off: list[str]
) -> None:
    if not off:
        monkeypatch.setenv("THP_NO_CACHE", "1")
    result = CliRunner().invoke(app, [*off, "history", "t1", "--root", str(built.top), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["events"]
    assert not (built.top / ".thp-cache").exists()
    assert not (tmp_path / "user-cache").exists()
    assert _git(built, "status", "--porcelain") == ""
