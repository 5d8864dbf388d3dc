"""Issue #11, second round: every event of the year, on a partnership thp was never tuned on.

The Brookfield Partnership below is not Tower Hamlets: seats that start and end by their
own dates, a history that begins during the year, a past --as-of with no commit by then.
Each test builds its history in a throwaway repository with fixed dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.report.annual import annual

from ..conftest import Repo, git_env

pytestmark = pytest.mark.usefixtures("quiet_git")

ORGS = """organisations:
  - id: council
    name: Brookfield Council
    sector: council
  - id: nhs
    name: Brookfield NHS Trust
    sector: health
  - id: police
    name: Brookfield Police
    sector: police
"""
PEOPLE = """people:
  - id: pat-lee
    name: Pat Lee
    contact:
      email: pat.lee@brookfield.example
"""
TOP = """id: top
name: Top Board
kind: partnership-board
members:
  - {role: Leader, organisation: council, position: chair, elected_member: true}
  - {role: Interim Lead, organisation: nhs, position: member, until: 2025-05-01}
  - {role: New Lead, organisation: police, position: member, person: pat-lee, since: 2025-04-01}
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / "data" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _brookfield(root: Path, top: str = TOP) -> None:
    _write(
        root,
        {
            "partnership.yaml": "name: Brookfield Partnership\n",
            "calls_to_action.yaml": "calls_to_action:\n  - number: 1\n    title: A greener Brookfield\n",
            "organisations.yaml": ORGS,
            "people.yaml": PEOPLE,
            "boards/top.yaml": top,
        },
    )


def _repo(top: Path) -> Repo:
    top.mkdir(parents=True)
    repo = Repo(top, top, git_env(top.parent))
    repo.git("init", "-q", "-b", "main")
    return repo


def _report(root: Path, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["report", "annual", "--root", str(root), *args], env={"THP_ROOT": "", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _changes(text: str) -> str:
    return text.split("Changes to membership in", 1)[1]


def test_seats_that_start_and_end_by_their_dates_are_events(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _brookfield(repo.root)
    repo.commit("Brookfield's boards", "2024-06-01")
    text = _changes(annual(repo.root, year=2025, as_of=dt.date(2025, 12, 31)))
    assert "No changes to boards or seats were recorded" not in text
    joined = (
        "Pat Lee, New Lead (Brookfield Police) joined Top Board as a member "
        "(1 April 2025, from the seat's dates)"
    )
    left = (
        "Interim Lead (Brookfield NHS Trust) left Top Board, the last day of the seat "
        "(1 May 2025, from the seat's dates)"
    )
    assert joined in text and left in text
    assert text.index(joined) < text.index(left)  # oldest first
    assert "| Top Board | 2 | 2 |" in text  # Leader and Interim Lead; Leader and New Lead


def test_boards_in_the_first_commit_are_already_recorded_not_set_up(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _brookfield(
        repo.root,
        TOP.replace("kind: partnership-board\n", "kind: partnership-board\nestablished: 2019-01-01\n"),
    )
    _write(
        repo.root,
        {
            "boards/green.yaml": "id: green\nname: Green Board\nkind: thematic-board\nreports_to: [top]\n"
            "established: 2025-09-01\nmembers:\n  - {role: Chair, organisation: council, position: chair}\n"
        },
    )
    repo.commit("Brookfield's boards", "2025-10-15")
    text = _changes(annual(repo.root, year=2025, as_of=dt.date(2025, 12, 31)))
    assert "Top Board was set up" not in text
    assert "Already recorded when the history begins (15 October 2025): Green Board, Top Board." in text
    assert "Green Board was set up (1 September 2025, from its established date)" in text
    assert "| Top Board | not known (history begins 15 October 2025) | 2 |" in text
    assert "not set up" not in text


def test_a_past_as_of_before_the_history_says_so_at_the_top_and_on_stderr(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _brookfield(repo.root)
    _write(
        repo.root,
        {
            "boards/late.yaml": "id: late\nname: Late Board\nkind: thematic-board\nreports_to: [top]\n"
            "established: 2026-03-01\nmembers:\n  - {role: Chair, organisation: council, position: chair}\n",
            "partnership.yaml": "name: Brookfield Partnership\nreport:\n  sections: [glance, boards]\n",
        },
    )
    repo.commit("Brookfield's boards", "2025-02-01")
    result = CliRunner().invoke(
        app,
        ["report", "annual", "--root", str(repo.root), "--year", "2024", "--as-of", "2024-06-01"],
        env={"THP_ROOT": "", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    top = result.stdout.split("# ", 1)[0]
    assert "NOT THAT DAY'S DATA" in top and "1 June 2024" in top
    assert "git has no commit made on or before 1 June 2024" in top
    assert "1 June 2024" in result.stderr and "warning" in result.stderr
    assert "Late Board" not in result.stdout  # set up in 2026


def test_no_git_past_as_of_leaves_out_what_is_dated_later(tmp_path: Path) -> None:
    _brookfield(tmp_path)
    _write(
        tmp_path,
        {
            "recommendations/r1.yaml": "id: r1\nnumber: 1\ntitle: Clean the river\nactions:\n"
            "  - number: i\n    title: Survey the banks\n    due: 2025-06\n"
            "    updates:\n      - {date: 2026-02-01, status: done, note: Survey finished}\n"
            "  - number: ii\n    title: Plant trees\n    due: 2025-06\n    status: done\n"
            "    updates:\n      - {date: 2026-03-01, note: Trees planted}\n"
        },
    )
    text = _report(tmp_path, "--year", "2025", "--as-of", "2025-12-31")
    assert "NOT THAT DAY'S DATA" in text.split("# ", 1)[0]
    assert "Survey finished" not in text and "Trees planted" not in text
    assert "status as now recorded" in text.split("# ", 1)[0]
    assert "Done" not in text.split("As at 31 December 2025", 1)[1]


def test_a_year_before_the_history_is_not_said_to_have_no_changes(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _brookfield(repo.root)
    repo.commit("Brookfield's boards", "2025-02-01")
    text = _changes(annual(repo.root, year=2024, as_of=dt.date(2024, 12, 31)))
    assert "No changes to boards or seats were recorded" not in text
    assert "Git holds no commit of the data made by 31 December 2024" in text


def test_a_change_of_position_is_said_in_words_with_long_dates(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _brookfield(repo.root)
    repo.commit("Brookfield's boards", "2024-06-01")
    top = repo.root / "data" / "boards" / "top.yaml"
    top.write_text(
        top.read_text()
        .replace("organisation: police, position: member", "organisation: police, position: vice-chair")
        .replace(
            "position: chair, elected_member: true}",
            "position: chair, elected_member: true, until: 2026-06-01}",
        )
    )
    repo.commit("Pat Lee is vice-chair; the leader's seat ends", "2025-06-10")
    text = _changes(annual(repo.root, year=2025, as_of=dt.date(2025, 12, 31)))
    assert "Pat Lee, New Lead (Brookfield Police) on Top Board became vice-chair (10 June 2025)" in text
    # an end date set in advance: not said to have ended already
    assert (
        "The seat Leader (Brookfield Council) on Top Board was given an end date, 1 June 2026 (10 June 2025)"
        in text
    )
    assert "-&gt;" not in text and "->" not in text and "2026-06-01" not in text
    diff = CliRunner().invoke(
        app,
        ["diff", "HEAD~1", "HEAD", "--root", str(repo.root), "--format", "text"],
        env={"THP_ROOT": "", "NO_COLOR": "1"},
    )
    assert "became vice-chair" in diff.stdout and "->" not in diff.stdout, diff.output


def test_a_seat_that_ended_by_its_date_and_was_then_removed_is_one_event(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    _brookfield(repo.root)
    repo.commit("Brookfield's boards", "2024-06-01")
    top = repo.root / "data" / "boards" / "top.yaml"
    lines = top.read_text().splitlines(keepends=True)
    top.write_text("".join(line for line in lines if "Interim Lead" not in line))
    repo.commit("tidy: the interim lead's seat has ended", "2025-09-01")
    text = _changes(annual(repo.root, year=2025, as_of=dt.date(2025, 12, 31)))
    assert text.count("Interim Lead") == 1
    assert "left Top Board, the last day of the seat (1 May 2025, from the seat's dates)" in text
