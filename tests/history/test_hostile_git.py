"""thp diff, thp history and thp report annual on histories git itself would not make:
commits with impossible time zones, years past 9999, negative or unreadable dates,
malformed author idents and names that are not UTF-8; and shallow clones, whose
history stops short. No crash, no traceback, and text that says what is known.

The hostile commits are raw commit objects written with ``git hash-object
--literally``, over trees that ``git write-tree`` made from real data.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.history.git import commit_day

from ..conftest import Repo, new_repo

pytestmark = pytest.mark.usefixtures("quiet_git")

runner = CliRunner()
ENV = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}


def thp(root: Path, *args: str) -> object:
    return runner.invoke(app, [*args, "--root", str(root)], env=ENV)


def no_crash(result: object) -> str:
    output = result.output  # type: ignore[attr-defined]
    assert "Traceback" not in output and "unexpected error" not in output, output
    assert result.exit_code == 0, output  # type: ignore[attr-defined]
    return str(output)


# -- the day of a committer date, as git stores it -----------------------------------------
@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("1717284600 +0000", dt.date(2024, 6, 1)),  # 23:30 UTC
        ("1717284600 +0100", dt.date(2024, 6, 2)),  # 00:30 the next day, in the committer's zone
        ("1717200000 -1200", dt.date(2024, 5, 31)),
        ("1717284600 +9999", dt.date(2024, 6, 1)),  # no place has +99:99: UTC
        ("1717284600 +0075", dt.date(2024, 6, 1)),  # nor 75 minutes
        ("1717284600 -1300", dt.date(2024, 6, 1)),  # nor UTC-13
        ("-100000 +0000", dt.date(1969, 12, 30)),  # before 1970: newer git reads these
        ("253402300800 +0000", None),  # 10000-01-01: past what a date can hold
        ("99999999999999999999 +0000", None),
        ("-99999999999999999999 +0000", None),
        ("", None),  # git could not read the ident
        ("%cd", None),
        ("1717284600", None),
        ("1717284600 +01", None),
        ("\uff11\uff17 +0000", None),  # digits, but not ASCII ones
    ],
)
def test_commit_day(raw: str, day: dt.date | None) -> None:
    assert commit_day(raw) == day


# -- a hostile history ------------------------------------------------------------------
@dataclass
class Hostile:
    repo: Repo
    sha: dict[str, str]


def _tree(repo: Repo) -> str:
    repo.git("add", "-A", ".")
    return repo.git("write-tree")


def _raw_commit(repo: Repo, tree: str, parent: str | None, author: bytes, committer: bytes) -> str:
    body = b"tree " + tree.encode() + b"\n"
    if parent:
        body += b"parent " + parent.encode() + b"\n"
    body += b"author " + author + b"\ncommitter " + committer + b"\n\nA change\n"
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
        cwd=repo.top,
        env=repo.env,
        input=body,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


# (name, edit, author ident, committer ident), oldest first
HOSTILE: list[tuple[str, tuple[str, str, str] | None, bytes, bytes]] = [
    ("base", None, b"Ann Officer <ann@example.org> 1690000000 +0000", b"Ann <a@x> 1690000000 +0000"),
    (
        "odd-zone",  # 2024-02-01 12:00 UTC, in a zone that does not exist
        ("data/boards/safety.yaml", "updates:", "  - role: Youth Mayor\n    organisation: council\nupdates:"),
        b"Zed Zone <z@x> 1706788800 +9999",
        b"Zed Zone <z@x> 1706788800 +9999",
    ),
    (
        "year-10000",
        (
            "data/boards/exec.yaml",
            "position: co-chair\n    elected_member",
            "position: chair\n    elected_member",
        ),
        b"Far Future <f@x> 253402300800 +0000",
        b"Far Future <f@x> 253402300800 +0000",
    ),
    (
        "malformed",  # no email, no date: git cannot read either ident
        (
            "data/boards/housing-review.yaml",
            "reports_to: [safety, health]",
            "reports_to: [safety]\nstatus: closed",
        ),
        b"Broken ident",
        b"no email here 123",
    ),
    (
        "latin-1",  # a name written in Latin-1, not UTF-8, a day with a zone east of UTC
        ("data/boards/safety.yaml", "  - role: Youth Mayor\n    organisation: council\n", ""),
        b"Jos\xe9 \xff\xfe <j@x> 1717284600 +0100",
        b"Jos\xe9 \xff\xfe <j@x> 1717284600 +0100",
    ),
]


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    repo = new_repo(tmp_path / "repo")
    sha: dict[str, str] = {}
    parent = None
    for name, edit, author, committer in HOSTILE:
        if edit is not None:
            repo.edit(*edit)
        parent = sha[name] = _raw_commit(repo, _tree(repo), parent, author, committer)
    repo.git("update-ref", "refs/heads/main", sha["latin-1"])
    repo.git("reset", "-q", "--hard", "main")
    return Hostile(repo, sha)


def test_history_json_says_what_git_can_and_cannot_read(hostile: Hostile) -> None:
    data = json.loads(no_crash(thp(hostile.repo.root, "history", "--format", "json")))
    commits = {e["commit"]["sha"]: e["commit"] for e in data["events"]}
    short = {name: hostile.repo.short(sha) for name, sha in hostile.sha.items()}
    assert commits[short["odd-zone"]]["date"] == "2024-02-01"
    assert commits[short["odd-zone"]]["author"] == "Zed Zone"
    assert commits[short["year-10000"]]["date"] is None
    assert commits[short["malformed"]] == {"sha": short["malformed"], "date": None, "author": None}
    assert commits[short["latin-1"]] == {
        "sha": short["latin-1"],
        "date": "2024-06-02",
        "author": "Jos\ufffd \ufffd\ufffd",
    }
    assert "ann@example.org" not in json.dumps(data)
    summaries = [e["summary"] for e in data["events"]]
    assert "Youth Mayor (Example Borough Council) joined Safety Partnership as a member" in summaries
    assert "Youth Mayor (Example Borough Council) left Safety Partnership (the seat was removed)" in summaries


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_history_for_people_says_date_unknown_and_unknown_author(hostile: Hostile, fmt: str) -> None:
    out = no_crash(thp(hostile.repo.root, "history", "--format", fmt))
    malformed = hostile.repo.short(hostile.sha["malformed"])
    line = next(x for x in out.splitlines() if malformed in x)
    assert "date unknown" in line and "unknown author" in line
    assert "2024-02-01" in out and "2024-06-02" in out
    assert "@" not in out


def test_diff_across_the_hostile_commits(hostile: Hostile) -> None:
    out = no_crash(thp(hostile.repo.root, "diff", hostile.sha["base"], "HEAD", "--format", "text"))
    assert "Housing Review Group was closed" in out
    assert "Leader of the Council (Example Borough Council) on Executive Group" in out
    data = json.loads(no_crash(thp(hostile.repo.root, "diff", "--format", "json")))
    assert data["base"]["commit"] == {
        "sha": hostile.repo.short(hostile.sha["malformed"]),
        "date": None,
        "author": None,
    }


def test_the_annual_report_over_the_hostile_commits(hostile: Hostile) -> None:
    out = no_crash(thp(hostile.repo.root, "report", "annual", "--as-of", "2024-12-31"))
    changes = out.split("## 7.")[1].split("## 8.")[0]
    assert (
        "- Housing Review Group was closed; now reports to Safety Partnership "
        "(was Safety Partnership and Health Board) (on a day git cannot read)" in changes
    )
    assert "on Executive Group became chair (on a day git cannot read)" in changes


def test_a_commit_dated_past_9999_is_not_in_any_period(hostile: Hostile) -> None:
    from thp_cli.history.period import changes_during
    from thp_cli.history.sources import revision_on

    root = hostile.repo.root
    assert revision_on(root, dt.date(2024, 3, 1)) == hostile.sha["odd-zone"]
    period = changes_during(root, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period is not None
    assert [
        commit.date if commit else None for change, commit in period.made_by() if change.board == "exec"
    ] == [None]


# -- shallow clones -----------------------------------------------------------------------
@pytest.fixture
def full(tmp_path: Path) -> Repo:
    """Four commits in 2024: the partnership, a seat joins, a board closes, a seat leaves."""
    repo = new_repo(tmp_path / "origin")
    repo.commit("the partnership", "2024-01-10")
    repo.edit(
        "data/boards/safety.yaml", "updates:", "  - role: Youth Mayor\n    organisation: council\nupdates:"
    )
    repo.commit("a seat joins", "2024-03-01")
    repo.edit(
        "data/boards/housing-review.yaml",
        "reports_to: [safety, health]",
        "reports_to: [safety]\nstatus: closed",
    )
    repo.commit("housing review closes", "2024-05-01")
    repo.edit("data/boards/safety.yaml", "  - role: Youth Mayor\n    organisation: council\n", "")
    repo.commit("the seat leaves", "2024-07-01")
    return repo


def shallow_clone(full: Repo, depth: int) -> Path:
    into = full.top.parent / f"clone-{depth}"
    subprocess.run(
        ["git", "clone", "-q", f"--depth={depth}", f"file://{full.top}", str(into)],
        env=full.env,
        capture_output=True,
        check=True,
    )
    return into


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_history_of_a_shallow_clone_says_it_is_incomplete(full: Repo, fmt: str) -> None:
    root = shallow_clone(full, 2)
    out = no_crash(thp(root, "history", "--format", fmt))
    assert "was added" not in out  # the boards were there before the clone's history begins
    assert "joined" not in out
    assert "was closed" not in out  # closed in the clone's oldest commit: before its history
    assert "Youth Mayor (Example Borough Council) left Safety Partnership" in out
    assert "shallow clone" in out and "fetch-depth: 0" in out and "git fetch --unshallow" in out


def test_history_json_of_a_shallow_clone(full: Repo) -> None:
    root = shallow_clone(full, 2)
    data = json.loads(no_crash(thp(root, "history", "--format", "json")))
    assert data["shallow"]["date"] == "2024-05-01"
    assert [e["change"] for e in data["events"]] == ["removed"]
    assert json.loads(no_crash(thp(full.root, "history", "--format", "json")))["shallow"] is None


def test_history_of_one_commit_clone_adds_nothing(full: Repo) -> None:
    root = shallow_clone(full, 1)
    out = no_crash(thp(root, "history", "safety", "--format", "text"))
    assert out.startswith("No changes to Safety Partnership in the history of data/.")
    assert "shallow clone" in out and "fetch-depth: 0" in out


def test_report_of_a_shallow_clone_says_the_history_is_incomplete(full: Repo) -> None:
    root = shallow_clone(full, 2)
    out = no_crash(thp(root, "report", "annual", "--as-of", "2024-12-31"))
    changes = out.split("## 7.")[1].split("## 8.")[0]
    assert "was added" not in changes
    assert "Youth Mayor (Example Borough Council) left Safety Partnership" in changes
    assert "shallow clone" in changes and "fetch-depth: 0" in changes


def test_report_for_a_year_before_a_shallow_clone_begins(full: Repo) -> None:
    root = shallow_clone(full, 1)
    full_out = no_crash(thp(full.root, "report", "annual", "--year", "2023", "--as-of", "2025-03-01"))
    assert "Git holds no commit of the data made by 31 December 2023" in full_out  # it began in 2024
    out = no_crash(thp(root, "report", "annual", "--year", "2023", "--as-of", "2025-03-01"))
    changes = out.split("## 7.")[1].split("## 8.")[0]
    assert "No changes to boards or seats were recorded" not in changes
    assert "No change made in 2023 is in this clone" in changes and "fetch-depth: 0" in changes


def test_diff_in_a_one_commit_clone_says_it_is_shallow(full: Repo) -> None:
    root = shallow_clone(full, 1)
    result = thp(root, "diff", "--format", "text")
    assert result.exit_code == 2
    assert "first commit" not in result.output
    assert "this clone is shallow" in result.output and "fetch-depth: 0" in result.output


def test_diff_from_a_commit_the_clone_lacks_says_it_is_shallow(full: Repo) -> None:
    root = shallow_clone(full, 1)
    first = full.git("rev-list", "--max-parents=0", "HEAD")
    result = thp(root, "diff", first, "--format", "text")
    assert result.exit_code == 2
    assert f"no revision '{first}' in this repository; this clone is shallow" in result.output
    assert "fetch-depth: 0" in result.output


def test_diff_within_a_shallow_clone_still_compares(full: Repo) -> None:
    root = shallow_clone(full, 2)
    out = no_crash(thp(root, "diff", "HEAD~1", "HEAD", "--format", "text"))
    assert "Youth Mayor (Example Borough Council) left Safety Partnership" in out


# -- a commit missing from the middle of the history -------------------------------------
def _lose_a_commit(full: Repo) -> None:
    middle = full.git("rev-parse", "HEAD~2")
    (full.top / ".git" / "objects" / middle[:2] / middle[2:]).unlink()


def test_history_with_a_missing_commit_says_so_instead_of_starting_there(full: Repo) -> None:
    _lose_a_commit(full)
    result = thp(full.root, "history", "--format", "text")
    assert result.exit_code == 2
    assert result.output == (
        "thp: git could not read the whole history of HEAD: a commit in it is missing or damaged "
        "(git fsck names it)\n"
    )


def test_report_with_a_missing_commit_is_written_and_says_so(full: Repo) -> None:
    _lose_a_commit(full)
    out = no_crash(thp(full.root, "report", "annual", "--as-of", "2024-12-31"))
    changes = out.split("## 7.")[1].split("## 8.")[0]
    assert "was added" not in changes
    assert (
        "The history of the data could not be read from git: git could not read the whole history" in changes
    )


def test_a_negative_timestamp_is_read_or_unknown_never_a_crash(tmp_path: Path) -> None:
    """git 2.39 cannot read a committer date before 1970; newer git reads it as 1969."""
    repo = new_repo(tmp_path / "repo")
    base = _raw_commit(repo, _tree(repo), None, b"Ann <a@x> 1690000000 +0000", b"Ann <a@x> 1690000000 +0000")
    repo.edit(
        "data/boards/safety.yaml", "updates:", "  - role: Youth Mayor\n    organisation: council\nupdates:"
    )
    ident = b"Old Timer <o@x> -100000 +0000"
    head = _raw_commit(repo, _tree(repo), base, ident, ident)
    repo.git("update-ref", "refs/heads/main", head)
    repo.git("reset", "-q", "--hard", "main")
    data = json.loads(no_crash(thp(repo.root, "history", "--format", "json")))
    last = data["events"][-1]
    assert last["summary"] == "Youth Mayor (Example Borough Council) joined Safety Partnership as a member"
    assert last["commit"]["date"] in (None, "1969-12-30")
    assert "Youth Mayor" in no_crash(thp(repo.root, "diff", base, "HEAD", "--format", "text"))
    no_crash(thp(repo.root, "report", "annual", "--as-of", "2024-12-31"))


def test_a_missing_data_tree_is_not_read_as_data_removed(full: Repo) -> None:
    tree = full.git("rev-parse", "HEAD~1:data")
    (full.top / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    result = thp(full.root, "history", "--format", "text")
    assert result.exit_code == 2
    assert result.output == (
        "thp: git could not read the whole history of HEAD: a commit in it is missing or damaged "
        "(git fsck names it)\n"
    )
    out = no_crash(thp(full.root, "report", "annual", "--as-of", "2024-12-31"))
    assert (
        "was removed" not in out and "could not be read from git: git could not read the whole history" in out
    )


def test_commits_before_data_existed_are_still_read(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo", sub="partnership")
    (repo.top / "README.md").write_text("a repository that gained a partnership later\n")
    repo.git("add", "README.md")
    repo.git(
        "commit", "-q", "-m", "readme", env={**repo.env, "GIT_COMMITTER_DATE": "2023-01-01T12:00:00+00:00"}
    )
    repo.commit("the partnership", "2024-01-10")
    out = no_crash(thp(repo.root, "history", "safety", "--format", "text"))
    assert "Safety Partnership was already recorded when the history begins, with 2 seats" in out


@pytest.mark.parametrize("command", [["history"], ["diff"]])
def test_a_root_name_the_system_refuses_is_no_folder(tmp_path: Path, command: list[str]) -> None:
    root = tmp_path / ("z" * 300)
    result = thp(root, *command)
    assert result.exit_code == 2
    assert result.output.startswith(f"thp: no folder {tmp_path}/zzz")
