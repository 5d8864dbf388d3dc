"""``thp history`` in-process on a throwaway git repository: a board's, a seat's and a person's
history in every format, never an e-mail address, each data tree loaded once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from thp_cli.history import replay
from thp_cli.history.timelines import timeline

from ..conftest import Repo, new_repo
from .test_diff import join_seat, thp


# -- thp history -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repo]:
    repo = new_repo(tmp_path_factory.mktemp("story") / "repo")
    repo.commit("the partnership", "2024-01-10")
    join_seat(repo, "safety", "Director of Public Health")
    repo.commit("public health joins safety", "2024-02-01")
    repo.edit(
        "data/boards/exec.yaml",
        "    person: person-0001\n",
        "    person: person-0001\n    until: 2024-06-30\n",
    )
    (repo.top / "notes.txt").write_text("not data\n")
    repo.commit("notes, and the chief executive's seat ends", "2024-03-01")
    repo.commit("nothing in data/", "2024-03-15")
    repo.edit(
        "data/boards/safety.yaml",
        "  - role: Director of Public Health\n    organisation: council\n    position: adviser\n",
        "",
    )
    repo.commit("public health leaves safety", "2024-04-01")
    yield repo


def sha(repo: Repo, message: str) -> str:
    return repo.git("log", "--format=%h", "-1", f"--grep={message}")


def test_history_of_a_board(story: Repo) -> None:
    result = thp("history", "safety", "--root", str(story.root), "--format", "text")
    assert result.exit_code == 0, result.output
    first, joins, leaves = (sha(story, m) for m in ("the partnership", "joins safety", "leaves safety"))
    assert result.stdout.splitlines() == [
        "History of Safety Partnership, oldest first:",
        "",
        f"2024-01-10  {first}  Ann Officer",
        "  - Safety Partnership was already recorded when the history begins, with 2 seats",
        "  - Cabinet Member for Safety (Example Borough Council) was already recorded on Safety "
        "Partnership as co-chair",
        "  - Borough Commander (Example Police) was already recorded on Safety Partnership as co-chair",
        "",
        f"2024-02-01  {joins}  Ann Officer",
        "  - Director of Public Health (Example Borough Council) joined Safety Partnership as an adviser",
        "",
        f"2024-04-01  {leaves}  Ann Officer",
        "  - Director of Public Health (Example Borough Council) left Safety "
        "Partnership (the seat was removed)",
    ]


def test_history_of_a_seat_in_md(story: Repo) -> None:
    result = thp(
        "history", "--seat", "council", "director of public health", "--root", str(story.root), "-f", "md"
    )
    assert result.exit_code == 0, result.output
    joins, leaves = sha(story, "joins safety"), sha(story, "leaves safety")
    assert result.stdout == (
        "## History of the seat Director of Public Health (Example Borough Council)\n"
        "\n"
        "| Date | Commit | Author | Change |\n"
        "|---|---|---|---|\n"
        f"| 2024-02-01 | {joins} | Ann Officer | Director of Public Health (Example "
        "Borough Council) joined Safety Partnership "
        "as an adviser |\n"
        f"| 2024-04-01 | {leaves} | Ann Officer | Director of Public Health (Example "
        "Borough Council) left Safety Partnership "
        "(the seat was removed) |\n"
    )


def test_history_of_everything_and_of_nothing(story: Repo, tmp_path: Path) -> None:
    lines = thp("history", "--root", str(story.root), "-f", "text").stdout.splitlines()
    assert lines[0] == "History of the partnership, oldest first:"
    assert "  - Partnership Board was already recorded when the history begins, with 1 seat" in lines
    assert (
        lines[-1] == "  - Director of Public Health (Example Borough Council) left Safety "
        "Partnership (the seat was removed)"
    )
    empty = new_repo(tmp_path / "repo")
    result = thp("history", "--root", str(empty.root), "-f", "text")
    assert (result.exit_code, result.stdout) == (
        0,
        "No changes to the partnership in the history of data/.\n",
    )


def test_history_of_a_person_in_json_has_no_email(story: Repo) -> None:
    result = thp("history", "--person", "person-0001", "--root", str(story.root), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    events = [(e["commit"]["date"], e["board"], e["change"], e["fields"]) for e in data["events"]]
    assert events == [
        ("2024-01-10", "exec", "added", {}),
        ("2024-03-01", "exec", "changed", {"until": [None, "2024-06-30"]}),
    ]
    assert data["events"][1]["commit"] == {
        "sha": sha(story, "seat ends"), "date": "2024-03-01", "author": "Ann Officer",
    }  # fmt: skip
    assert data["walked"] == 4 and "capped" not in data


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_history_never_shows_an_email(story: Repo, fmt: str) -> None:
    for args in (["history"], ["history", "exec"], ["history", "--person", "person-0001"]):
        result = thp(*args, "--root", str(story.root), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "@" not in result.output and "example.org" not in result.output


def test_history_of_an_unknown_board_suggests_one(story: Repo) -> None:
    result = thp("history", "saftey", "--root", str(story.root))
    assert result.exit_code == 2
    assert result.stderr == "thp: no board 'saftey' in the history of data/; did you mean 'safety'?\n"
    result = thp("history", "--seat", "council", "Leader of the Counsil", "--root", str(story.root))
    assert result.exit_code == 2
    assert result.stderr == (
        "thp: no seat 'Leader of the Counsil' of 'council' in the history of data/; "
        "did you mean 'Leader of the Council'?\n"
    )
    result = thp("history", "--person", "person-0002", "--root", str(story.root))
    assert result.exit_code == 2
    assert "did you mean 'person-0001'?" in result.stderr


def test_history_loads_each_data_tree_once(story: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[str] = []
    load = replay.load_source

    def spy(root: Path, source: Any, *args: Any) -> Any:
        loads.append(source.commit)
        return load(root, source, *args)

    monkeypatch.setattr(replay, "load_source", spy)
    monkeypatch.setenv("THP_NO_CACHE", "1")  # a walk read afresh (the cache of earlier tests' walks is off)
    assert timeline(story.root).walked == 4
    assert len(loads) == len(set(loads)) == 4  # the commit that changed nothing in data/ is not loaded


# -- the commands import nothing heavy until they run ---------------------------------------------
def test_cli_history_imports_lightly() -> None:
    code = (
        "import sys\n"
        "import thp_cli.cli.history as h\n"
        "assert [n for n, _ in h.COMMANDS] == ['diff', 'history'], h.COMMANDS\n"
        "print(sorted(m for m in ('pydantic', 'networkx', 'jinja2', 'ruamel.yaml') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
