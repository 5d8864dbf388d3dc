"""Issue #11: ``thp history`` and ``thp diff`` name boards, people and organisations by the names
the data gives them in every line meant for people; the ids stay in the JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import Repo, new_repo

pytestmark = pytest.mark.usefixtures("quiet_git")

runner = CliRunner()


def thp(*args: str) -> str:
    env = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repo]:
    """Safety gains a seat held by a named person; later the board is renamed."""
    repo = new_repo(tmp_path_factory.mktemp("names") / "repo")
    repo.commit("the partnership", "2024-01-10")
    repo.edit(
        "data/boards/safety.yaml",
        "members:\n",
        "members:\n  - role: Director of Public Health\n    organisation: nhs-trust\n"
        "    position: adviser\n    person: person-0001\n",
    )
    repo.commit("public health joins safety", "2024-02-01")
    repo.edit("data/boards/safety.yaml", "name: Safety Partnership", "name: Safer Borough Partnership")
    repo.commit("safety renamed", "2024-03-01")
    yield repo


def first_line(*args: str) -> str:
    return thp(*args).splitlines()[0]


@pytest.mark.parametrize(
    ("args", "text", "md"),
    [
        (
            ["safety"],
            "History of Safer Borough Partnership, oldest first:",
            "## History of Safer Borough Partnership",
        ),
        (["--person", "person-0001"], "History of A. Person, oldest first:", "## History of A. Person"),
        (
            ["--seat", "nhs-trust", "director of public health"],
            "History of the seat Director of Public Health (Example NHS Trust), oldest first:",
            "## History of the seat Director of Public Health (Example NHS Trust)",
        ),
        (
            ["safety", "--person", "person-0001"],
            "History of A. Person on Safer Borough Partnership, oldest first:",
            "## History of A. Person on Safer Borough Partnership",
        ),
        (
            ["safety", "--seat", "nhs-trust", "Director of public health", "--person", "person-0001"],
            "History of the seat Director of Public Health (Example NHS Trust) held by A. Person "
            "on Safer Borough Partnership, oldest first:",
            "## History of the seat Director of Public Health (Example NHS Trust) held by A. Person "
            "on Safer Borough Partnership",
        ),
    ],
)
def test_the_subject_of_a_history_is_named_as_the_newest_data_names_it(
    story: Repo, args: list[str], text: str, md: str
) -> None:
    root = ["--root", str(story.root)]
    assert first_line("history", *args, *root, "-f", "text") == text
    assert first_line("history", *args, *root, "-f", "md") == md
    everything = thp("history", *args, *root, "-f", "text") + thp("history", *args, *root, "-f", "md")
    assert "a.person@example.org" not in everything  # a person by name, never by contact details


def test_a_history_with_no_changes_names_its_subject_too(story: Repo) -> None:
    out = thp("history", "board", "--person", "person-0001", "--root", str(story.root), "-f", "text")
    assert out.startswith("No changes to A. Person on Partnership Board in the history of data/.")


def test_the_json_of_a_history_keeps_the_ids(story: Repo) -> None:
    args = ["safety", "--seat", "nhs-trust", "director of public health", "--person", "person-0001"]
    data = json.loads(thp("history", *args, "--root", str(story.root), "-f", "json"))
    assert (data["board"], data["person"]) == ("safety", "person-0001")
    assert data["seat"] == {"organisation": "nhs-trust", "role": "director of public health"}


def test_a_person_the_data_does_not_name_is_called_by_id(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("start", "2024-01-10")
    repo.edit(
        "data/boards/health.yaml",
        "    position: co-chair\nupdates:",
        "    position: co-chair\n    person: p-9\nupdates:",
    )
    repo.commit("a holder people.yaml does not list", "2024-02-01")
    assert first_line("history", "--person", "p-9", "--root", str(repo.root), "-f", "text") == (
        "History of person p-9, oldest first:"
    )


# -- thp diff: a board's heading is its name; an id only tells two of one name apart ---------------
def test_diff_headings_name_boards_without_their_ids(story: Repo) -> None:
    base = story.git("rev-parse", "HEAD~2")
    root = ["--root", str(story.root)]
    text = thp("diff", base, "HEAD", *root, "-f", "text").splitlines()
    md = thp("diff", base, "HEAD", *root, "-f", "md").splitlines()
    assert "Safer Borough Partnership" in text and "(safety)" not in "\n".join(text)
    assert "### Safer Borough Partnership" in md


def test_diff_headings_tell_two_boards_of_one_name_apart_by_id(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.edit("data/boards/health.yaml", "name: Health Board", "name: Executive Group")
    repo.commit("start", "2024-01-10")
    for board in ("exec", "health"):
        repo.edit(
            f"data/boards/{board}.yaml", "members:\n", "members:\n  - role: Clerk\n    organisation: police\n"
        )
    text = thp("diff", "HEAD", "--root", str(repo.root), "-f", "text").splitlines()
    assert "Executive Group (exec)" in text and "Executive Group (health)" in text
