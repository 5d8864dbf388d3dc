"""Shared helpers: build a partnership folder from the base case plus a case's overlay."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
BASE = CASES / "base"
REPO = TESTS.parent
AS_OF = "2024-09-01"  # the day the base case is written for


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run without thp's cache (tests/cache/ turn it on), so that a second run in a test
    works everything out again and no test's folder gains a .thp-cache/."""
    from thp_cli import cache

    monkeypatch.setenv(cache.ENV, "1")
    monkeypatch.setattr(cache, "_disabled", False)


def build_case(case: Path, into: Path) -> Path:
    """Copy the base partnership into ``into``, lay the case's files over it,
    and remove the files its ``delete.txt`` names."""
    shutil.copytree(BASE / "data", into / "data")
    if (case / "data").is_dir():
        shutil.copytree(case / "data", into / "data", dirs_exist_ok=True)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text().splitlines():
            if line.strip():
                (into / line.strip()).unlink()
    return into


def copies_of_health(
    root: Path, count: int, change: Callable[[int, str], str] | None = None, prefix: str = "extra"
) -> list[str]:
    """``count`` more boards in the base case at ``root``: copies of its health board, each with an
    id of its own (``extra-000`` ...), the ``i``-th changed by ``change(i, text)``; their paths."""
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()
    paths = []
    for i in range(count):
        text = template.replace("id: health", f"id: {prefix}-{i:03d}")
        (boards / f"{prefix}-{i:03d}.yaml").write_text(change(i, text) if change else text)
        paths.append(f"data/boards/{prefix}-{i:03d}.yaml")
    return paths


def some_wrong(i: int, text: str) -> str:
    """Every 50th board of :func:`copies_of_health` with a kind that is none (a finding with a
    position), every 75th with a syntax error."""
    if i % 50 == 0:
        text = text.replace("kind: thematic-board", "kind: thematic")
    if i % 75 == 0:
        text += "bad: [unclosed\n"
    return text


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from now on (the loader's calls of load_entry), in order."""
    from thp_cli.dataset import load as loader

    seen: list[str] = []
    real = loader.load_entry

    def counted(file: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(file)
        return real(file, *args, **kwargs)

    monkeypatch.setattr(loader, "load_entry", counted)
    return seen


@pytest.fixture
def partnership(tmp_path: Path) -> Path:
    """A valid partnership to break in a test."""
    return build_case(BASE, tmp_path / "p")


def write_partnership(root: Path, boards: dict[str, dict[str, object]], calls: int = 2) -> Path:
    """A partnership made from a compact description, for tests that need many boards.

    ``boards`` maps a board id to its fields; ``seats`` is a list of
    ``"org/Role"`` strings (organisations are created as needed).
    """
    import json

    data = root / "data"
    (data / "boards").mkdir(parents=True, exist_ok=True)
    (data / "partnership.yaml").write_text("name: Test Partnership\n")
    lines = ["calls_to_action:"]
    for n in range(1, calls + 1):
        lines += [f"  - number: {n}", f"    title: Call {n}", "    actions:"]
        lines += [f'      - number: "{n}.{k}"\n        title: Action {n}.{k}' for k in (1, 2)]
    (data / "calls_to_action.yaml").write_text("\n".join(lines) + "\n")
    orgs: set[str] = set()
    for board_id, fields in boards.items():
        fields = dict(fields)
        seats = fields.pop("seats", [])
        members = []
        for seat in seats:  # type: ignore[attr-defined]
            org, role = seat.split("/", 1)
            orgs.add(org)
            members.append({"role": role, "organisation": org})
        record = {
            "id": board_id,
            "name": fields.pop("name", board_id.title()),
            "kind": fields.pop("kind", "thematic-board"),
            **fields,
        }
        if members:
            record["members"] = members
        # JSON is YAML 1.2: the simplest faithful way to write the record
        (data / "boards" / f"{board_id}.yaml").write_text(
            json.dumps(record, indent=1, ensure_ascii=False) + "\n"
        )
    (data / "organisations.yaml").write_text(
        "organisations:\n"
        + "".join(f"  - id: {o}\n    name: {o.title()}\n    sector: vcs\n" for o in sorted(orgs))
        if orgs
        else "organisations: []\n"
    )
    return root


# -- throwaway git repositories, for history tests ------------------------------
def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        HOME=str(home),
        GIT_CEILING_DIRECTORIES=str(home.parent),
        GIT_AUTHOR_NAME="Ann Officer",
        GIT_AUTHOR_EMAIL="ann.officer@example.org",
        GIT_COMMITTER_NAME="Ann Officer",
        GIT_COMMITTER_EMAIL="ann.officer@example.org",
    )
    return env


@pytest.fixture
def quiet_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """thp's own git runs see no system or user configuration either."""
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    for key, value in git_env(tmp_path).items():
        if key.startswith("GIT_") or key == "HOME":
            monkeypatch.setenv(key, value)


@dataclass
class Repo:
    root: Path  # the partnership's root (it may be a sub-folder of the repository)
    top: Path
    env: dict[str, str]

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.top, env=env or self.env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def commit(self, message: str, when: str) -> str:
        """Commit everything; ``when`` is an ISO date, or date and time with offset."""
        stamp = when if "T" in when else f"{when}T12:00:00+00:00"
        self.git("add", "-A", ".")
        env = {**self.env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")

    def short(self, rev: str) -> str:
        return self.git("rev-parse", "--short", rev)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text()
        assert text.count(old) == 1, f"{old!r} is not once in {rel}"
        path.write_text(text.replace(old, new))


def new_repo(top: Path, sub: str = "") -> Repo:
    top.mkdir(parents=True)
    env = git_env(top.parent)
    repo = Repo(top / sub if sub else top, top, env)
    repo.git("init", "-q", "-b", "main")
    repo.root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(BASE / "data", repo.root / "data")
    return repo
