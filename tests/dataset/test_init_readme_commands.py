"""Every command the README of ``thp init`` shows works, as written, on the repository it made (#11).

A new "Eastbrook Partnership" is made in a fresh ``git init -b master``
folder. The README's fenced blocks are then followed in order, as an officer
would: each ``sh`` line is run (``thp`` is the thp under test; the line that
installs thp into a virtual environment is the one step left out), and each
``yaml`` block that names its file on its first line is written to that file.
Every command exits 0. Each ``thp ...`` the prose names in backticks is one of
those commands (or the start of one), or is run too.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from ..conftest import git_env

FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)
SPAN = re.compile(r"`(thp [^`]*)`")


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if argv[0] == "thp":
        argv = [sys.executable, "-m", "thp_cli", *argv[1:]]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _commands(line: str) -> list[list[str]]:
    """A shell line's commands, split at '&&', comments dropped."""
    words = shlex.split(line, comments=True)
    commands: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            commands.append([])
        else:
            commands[-1].append(word)
    return [c for c in commands if c]


def test_every_command_the_init_readme_shows_works_as_written(tmp_path: Path) -> None:
    env = git_env(tmp_path)
    repo = tmp_path / "eastbrook"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "master"], cwd=repo, env=env, check=True)
    made = _run(["thp", "init", ".", "--name", "Eastbrook Partnership"], repo, env)
    assert made.returncode == 0, made.stderr
    readme = (repo / "README.md").read_text(encoding="utf-8")

    ran: list[str] = ["thp init . --name 'Eastbrook Partnership'"]
    for lang, body in FENCE.findall(readme):
        if lang == "yaml":
            first = body.partition("\n")[0]
            assert first.startswith("# data/"), f"a yaml block names no file: {body!r}"
            (repo / first[2:].strip()).write_text(body, encoding="utf-8")
            continue
        assert lang == "sh", lang
        for line in body.splitlines():
            if not line.strip() or line.startswith("python3 -m venv"):
                continue  # installing thp: the thp under test stands in for it
            for argv in _commands(line):
                done = _run(argv, repo, env)
                assert done.returncode == 0, f"{shlex.join(argv)} exited {done.returncode}:\n{done.stderr}"
                ran.append(shlex.join(argv))
    assert any(c.startswith("thp member set") and "--new-person" in c for c in ran)
    assert any(c.startswith("thp diff") for c in ran) and any(c.startswith("thp history") for c in ran)

    for span in SPAN.findall(readme):
        if any(shlex.join(shlex.split(c)).startswith(span) for c in ran):
            continue
        done = _run(shlex.split(span), repo, env)
        assert done.returncode == 0, (
            f"`{span}`, as the README names it, exited {done.returncode}:\n{done.stderr}"
        )

    board = (repo / "data" / "boards" / "partnership-board.yaml").read_text(encoding="utf-8")
    assert "Chief Executive" not in board  # added, changed, given a person, then removed
    checked = _run(["thp", "validate"], repo, env)
    assert checked.returncode == 0, checked.stdout
