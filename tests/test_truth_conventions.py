"""Issue #11, conventions: what a pipe or a file gets is what a terminal gets.

Run on a partnership made up here (not the shipped data), with its own git history.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Repo, new_repo

PYTHON = [sys.executable, "-m", "thp_cli"]


@pytest.fixture
def changed(tmp_path: Path) -> tuple[Repo, str, str]:
    """Example Borough's data, then a change: a seat leaves the safety board."""
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("Start", "2024-01-10")
    board = repo.root / "data" / "boards" / "safety.yaml"
    text = board.read_text()
    cut = text.index("  - role:", text.index("members:"))
    end = text.find("  - role:", cut + 1)
    board.write_text(text[:cut] + (text[end:] if end != -1 else ""))
    head = repo.commit("A seat leaves the safety board", "2024-02-01")
    return repo, base, head


def _env(repo: Repo) -> dict[str, str]:
    env = {k: v for k, v in repo.env.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    return {**env, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def _piped(repo: Repo, *args: str) -> str:
    done = subprocess.run(
        [*PYTHON, *args], cwd=repo.root, env=_env(repo), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _at_terminal(repo: Repo, *args: str) -> str:
    """What the command prints when its stdout is a terminal (a pseudo-terminal)."""
    main, child = pty.openpty()
    try:
        done = subprocess.run(
            [*PYTHON, *args], cwd=repo.root, env=_env(repo), stdout=child, stderr=subprocess.PIPE,
            check=False, timeout=120,
        )  # fmt: skip
        os.close(child)
        child = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        if child != -1:
            os.close(child)
    assert done.returncode == 0, done.stderr
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(
    "command",
    [
        ("diff", "{base}", "{head}"),
        ("history", "safety"),
        ("overlap", "--as-of", "2024-09-01"),
    ],
)
def test_a_pipe_and_a_file_get_the_text_a_terminal_gets(
    changed: tuple[Repo, str, str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    repo, base, head = changed
    args = tuple(a.format(base=base, head=head) for a in command)
    terminal = _at_terminal(repo, *args)
    piped = _piped(repo, *args)
    assert piped == terminal
    assert not piped.lstrip().startswith(("{", "[")), piped[:200]
    out = tmp_path / "change.txt"
    assert _piped(repo, *args, "--out", str(out)) == ""
    assert out.read_text(encoding="utf-8") == terminal


def test_diff_into_a_file_is_plain_english_and_json_only_when_asked(changed: tuple[Repo, str, str]) -> None:
    repo, base, head = changed
    text = _piped(repo, "diff", base, head)
    assert text.startswith("Changes to the partnership from ")
    assert "removed" in text
    data = json.loads(_piped(repo, "diff", base, head, "--format", "json"))
    assert data["changes"]
    assert json.loads(_piped(repo, "overlap", "--format", "json", "--as-of", "2024-09-01"))
    assert json.loads(_piped(repo, "history", "--format", "json"))
