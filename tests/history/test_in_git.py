"""Whether a folder is in a git work tree: known without starting git when no .git is in
reach, and asked of git otherwise (GIT_DIR and GIT_WORK_TREE included)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from thp_cli.history import git


def counting(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    real = subprocess.run

    def run(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(git.subprocess, "run", run)
    return calls


def test_a_folder_with_no_git_in_reach_is_not_in_git_without_asking_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if any((parent / ".git").exists() for parent in [tmp_path, *tmp_path.parents]):
        pytest.fail("the test's folder is inside a git repository")  # pragma: no cover
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    calls = counting(monkeypatch)
    (tmp_path / "p" / "data").mkdir(parents=True)
    assert git.in_git(tmp_path / "p") is False and calls == []


def test_a_repository_and_its_subfolders_are_in_git_and_a_git_folder_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    (tmp_path / "repo" / "data" / "boards").mkdir(parents=True)
    calls = counting(monkeypatch)
    assert git.in_git(tmp_path / "repo") and git.in_git(tmp_path / "repo" / "data" / "boards")
    assert not git.in_git(tmp_path / "repo" / ".git")  # git says so: not a work tree
    assert len(calls) == 3


def test_git_dir_set_is_asked_of_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "repo" / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "elsewhere"))
    calls = counting(monkeypatch)
    assert git.in_git(tmp_path / "elsewhere") and len(calls) == 1


def test_a_link_to_a_folder_inside_a_repository_is_in_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    (tmp_path / "repo" / "p" / "data").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "link").symlink_to(tmp_path / "repo" / "p")
    if any((parent / ".git").exists() for parent in [tmp_path, *tmp_path.parents]):
        pytest.fail("the test's folder is inside a git repository")  # pragma: no cover
    assert git.in_git(tmp_path / "outside" / "link")  # git follows the link; so must thp
