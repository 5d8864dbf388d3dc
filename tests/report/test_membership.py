"""Issue #11, membership changes from git: every sentence true on a partnership thp was
never tuned on.

The Riverside Partnership below is not Tower Hamlets and not the base test case: its
boards go into git during its first year, a seat changes holder, a seat comes and
goes inside the year, a board is set up and closed, and more changes follow the next
year. Each test builds that history in a throwaway repository with fixed dates.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.history import replay, state
from thp_cli.history.git import Rev
from thp_cli.history.period import changes_during
from thp_cli.history.sources import GitSource, dataset_on
from thp_cli.history.timelines import timeline
from thp_cli.report.annual import annual

from ..conftest import Repo, git_env

pytestmark = pytest.mark.usefixtures("quiet_git")

D = dt.date
TODAY = D(2099, 1, 1)
HOLDER = (
    "Amir Khan replaced Jane Smith as Borough Commander (Metropolitan Police) on Community "
    "Safety Partnership"
)  # the tests' "today" where one is passed: every as-of day is in the past

PARTNERSHIP = "name: Riverside Partnership\n"
CALLS = "calls_to_action:\n  - number: 1\n    title: A safe riverside\n"
ORGS = """organisations:
  - id: rbc
    name: Riverside Borough Council
    sector: council
  - id: met
    name: Metropolitan Police
    sector: police
  - id: rvs
    name: Riverside Voluntary Services
    sector: vcs
"""
PEOPLE = """people:
  - id: jsmith
    name: Jane Smith
    contact:
      email: jane.smith@riverside.example
      phone: "020 7946 0999"
  - id: akhan
    name: Amir Khan
    contact:
      email: amir.khan@riverside.example
"""


def board(board_id: str, name: str, seats: list[str], *, top: bool = False, extra: str = "") -> str:
    """A board file; each seat is 'org|role' or 'org|role|person'."""
    kind = "partnership-board" if top else "thematic-board"
    lines = [
        f"id: {board_id}",
        f"name: {name}",
        f"kind: {kind}",
        "reports_to: []" if top else "reports_to: [lsp]",
        "meets: quarterly",
    ]
    if extra:
        lines.append(extra)
    if seats:
        lines.append("members:")
    for seat in seats:
        org, role, *person = seat.split("|")
        lines += [f"  - role: {role}", f"    organisation: {org}"]
        if person:
            lines.append(f"    person: {person[0]}")
    return "\n".join(lines) + "\n"


LSP = ["rbc|Leader of the Council", "rvs|Chief Officer"]
CSP = ["met|Borough Commander|jsmith", "rbc|Cabinet Member for Safety", "rvs|Youth Representative"]
CSP_MORE = [*CSP, "rbc|Director of Public Health", "rbc|Head of Community Safety"]
CSP_AMIR = [s.replace("|jsmith", "|akhan") for s in CSP_MORE]


@dataclass
class Riverside:
    repo: Repo
    sha: dict[str, str]


def _repo(top: Path) -> Repo:
    top.mkdir(parents=True)
    repo = Repo(top, top, git_env(top.parent))
    repo.git("init", "-q", "-b", "main")
    return repo


def _write(repo: Repo, rel: str, text: str) -> None:
    path = repo.root / "data" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture(scope="module")
def riverside(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Riverside]:
    repo = _repo(tmp_path_factory.mktemp("riverside") / "repo")
    (repo.root / "README.md").write_text("Riverside\n")
    sha = {"readme": repo.commit("a readme, before any data", "2024-11-01")}
    for rel, text in [
        ("partnership.yaml", PARTNERSHIP),
        ("calls_to_action.yaml", CALLS),
        ("organisations.yaml", ORGS),
        ("people.yaml", PEOPLE),
        ("boards/lsp.yaml", board("lsp", "Riverside Partnership Board", LSP, top=True)),
    ]:
        _write(repo, rel, text)
    sha["lsp"] = repo.commit("the partnership board goes into git", "2025-02-10")
    _write(repo, "boards/csp.yaml", board("csp", "Community Safety Partnership", CSP))
    sha["csp"] = repo.commit("the community safety partnership, three seats", "2025-03-15")
    _write(repo, "boards/csp.yaml", board("csp", "Community Safety Partnership", CSP_MORE))
    sha["more"] = repo.commit("two more seats on the CSP", "2025-05-01")
    _write(repo, "boards/csp.yaml", board("csp", "Community Safety Partnership", CSP_AMIR))
    sha["holder"] = repo.commit("Amir Khan is the new Borough Commander", "2025-06-01")
    _write(
        repo,
        "boards/lsp.yaml",
        board("lsp", "Riverside Partnership Board", [*LSP, "met|Interim Adviser"], top=True),
    )
    sha["came"] = repo.commit("an interim adviser joins", "2025-07-01")
    _write(repo, "boards/lsp.yaml", board("lsp", "Riverside Partnership Board", LSP, top=True))
    sha["went"] = repo.commit("the interim adviser leaves", "2025-09-01")
    taf = "kind: task-and-finish\nends: 2026-03"
    _write(
        repo,
        "boards/review.yaml",
        board("review", "Bridge Review Group", ["rbc|Lead Officer"]).replace("kind: thematic-board", taf),
    )
    sha["review"] = repo.commit("a task-and-finish group", "2025-10-01")
    _write(
        repo,
        "boards/review.yaml",
        board("review", "Bridge Review Group", ["rbc|Lead Officer"], extra="status: closed")
        .replace("kind: thematic-board", taf)
        .replace(
            "    organisation: rbc\n", "    organisation: rbc\n    until: 2025-11-15\n"
        ),  # a closed board's seats end
    )
    sha["closed"] = repo.commit("the review group closes", "2025-11-15")
    _write(
        repo,
        "boards/csp.yaml",
        board("csp", "Community Safety Partnership", [*CSP_AMIR, "rvs|Faith Forum Chair"]),
    )
    _write(
        repo, "boards/hwb.yaml", board("hwb", "Health and Wellbeing Board", ["rbc|Director of Adult Care"])
    )
    sha["next"] = repo.commit("the next year", "2026-02-01")
    yield Riverside(repo, sha)


def section(text: str) -> str:
    """The report's membership section (Markdown)."""
    return text.split("## 7.")[1].split("## 8.")[0]


def events(text: str) -> list[str]:
    return [line[2:] for line in section(text).splitlines() if line.startswith("- ")]


# -- the report lists every event of the year ------------------------------------------------
def test_report_lists_every_event_of_a_first_year_in_git(riverside: Riverside) -> None:
    out = annual(riverside.repo.root, year=2025, as_of=D(2025, 12, 31), fmt="md")
    assert events(out) == [
        "Already recorded when the history begins (10 February 2025): Riverside Partnership Board.",
        "Community Safety Partnership was set up, with 3 seats (15 March 2025)",
        "Director of Public Health (Riverside Borough Council) joined Community Safety Partnership "
        "as a member (1 May 2025)",
        "Head of Community Safety (Riverside Borough Council) joined Community Safety Partnership "
        "as a member (1 May 2025)",
        "Amir Khan replaced Jane Smith as Borough Commander (Metropolitan Police) on Community "
        "Safety Partnership (1 June 2025)",
        "Interim Adviser (Metropolitan Police) joined Riverside Partnership Board as a member (1 July 2025)",
        "Interim Adviser (Metropolitan Police) left Riverside Partnership Board (the seat was "
        "removed) (1 September 2025)",
        "Bridge Review Group was set up, with 1 seat (1 October 2025)",
        "Bridge Review Group was closed (15 November 2025)",
        "Lead Officer (Riverside Borough Council) left Bridge Review Group, the last day of the seat "
        "(15 November 2025, from the seat's dates)",
    ]
    text = section(out)
    assert "The data's history in git begins on 10 February 2025" in text
    assert "2026" not in text  # next year's changes are not this year's
    assert "riverside.example" not in out and "020 7946" not in out
    assert "csp" not in text and "jsmith" not in text  # names, not ids, for people


def test_seats_at_the_start_and_end_sit_beside_the_events(riverside: Riverside) -> None:
    text = section(annual(riverside.repo.root, year=2025, as_of=D(2025, 12, 31), fmt="md"))
    assert "| Board | Seats on 1 January 2025 | Seats on 31 December 2025 |" in text
    unknown = "not known (history begins 10 February 2025)"  # git's history begins after 1 January
    assert f"| Community Safety Partnership | {unknown} | 5 |" in text
    assert f"| Riverside Partnership Board | {unknown} | 2 |" in text  # came and went: events kept
    assert (
        "Interim Adviser (Metropolitan Police) joined" in text
        and f"| Bridge Review Group | {unknown} | 0 |" in text  # its seat ended when it closed
    )
    assert "not set up" not in text
    html = annual(riverside.repo.root, year=2025, as_of=D(2025, 12, 31), fmt="html")
    assert "Amir Khan replaced Jane Smith as Borough Commander" in html


def test_the_next_year_starts_from_the_year_before(riverside: Riverside) -> None:
    out = annual(riverside.repo.root, year=2026, as_of=D(2026, 12, 31), fmt="md")
    assert events(out) == [
        "Faith Forum Chair (Riverside Voluntary Services) joined Community Safety Partnership "
        "as a member (1 February 2026)",
        "Health and Wellbeing Board was set up, with 1 seat (1 February 2026)",
    ]
    assert "| Community Safety Partnership | 5 | 6 |" in section(out)
    assert "history in git begins" not in out


# -- a past --as-of reads the data as it stood then ---------------------------------------------
def test_a_past_as_of_reads_that_day_from_git_everywhere_in_the_report(riverside: Riverside) -> None:
    repo = riverside.repo
    (repo.root / "data" / "boards" / "csp.yaml").write_text(
        board("csp", "Renamed On Disk Partnership", CSP_AMIR)
    )  # an uncommitted edit, after the day asked about
    try:
        out = annual(repo.root, year=2025, as_of=D(2025, 4, 30), fmt="md")
    finally:
        repo.git("checkout", "--", "data")
    assert events(out) == [
        "Already recorded when the history begins (10 February 2025): Riverside Partnership Board.",
        "Community Safety Partnership was set up, with 3 seats (15 March 2025)",
    ]
    short = repo.short(riverside.sha["csp"])
    assert f"This report reads the data as committed on 15 March 2025 (commit {short})." in out
    assert "Renamed On Disk" not in out and "Health and Wellbeing" not in out and "Bridge Review" not in out
    assert "Amir Khan" not in out and "Director of Public Health" not in out
    assert "| Community Safety Partnership | not known (history begins 10 February 2025) | 3 |" in section(
        out
    )
    assert "| Board | Seats on 1 January 2025 | Seats on 30 April 2025 |" in section(out)


def test_dataset_on_a_day_is_the_last_commit_by_then(riverside: Riverside) -> None:
    root = riverside.repo.root
    read = dataset_on(root, D(2025, 6, 15), today=TODAY)
    assert read.commit is not None and read.commit.sha == riverside.repo.short(riverside.sha["holder"])
    assert sorted(read.dataset.boards) == ["csp", "lsp"]
    now = dataset_on(root, TODAY, today=TODAY)
    assert now.commit is None and now.read == "the files on disk"
    assert sorted(now.dataset.boards) == ["csp", "hwb", "lsp", "review"]
    early = dataset_on(root, D(2024, 12, 1), today=TODAY)
    assert early.commit is None  # a commit that old exists, but it has no data/: said so
    short = riverside.repo.short(riverside.sha["readme"])
    assert early.read == (
        f"the files on disk as they are now: the partnership's data was not yet in git on 1 December "
        f"2024 (the last commit by then, {short}, holds none), so how the data stood then cannot be read"
    )


def test_with_no_commit_that_old_the_report_says_so(riverside: Riverside) -> None:
    read = dataset_on(riverside.repo.root, D(2020, 1, 1), today=TODAY)
    assert read.commit is None
    assert read.read.startswith(
        "the files on disk as they are now: git has no commit made on or before 1 January 2020"
    )
    assert "its history begins on 1 November 2024" in read.read


# -- history is read in full, and only the commits that changed data/ -------------------------
def test_history_is_not_capped(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "many")
    for rel, text in [
        ("partnership.yaml", PARTNERSHIP),
        ("calls_to_action.yaml", CALLS),
        ("organisations.yaml", ORGS),
        ("boards/lsp.yaml", board("lsp", "Riverside Partnership Board", LSP, top=True)),
    ]:
        _write(repo, rel, text)
    repo.commit("start", "2025-01-02")
    script = "".join(
        f"commit refs/heads/main\ncommitter Ann <a@x> {1736000000 + i * 3600} +0000\n"
        f"data 4\nstep\n{'' if i else 'from refs/heads/main^0' + chr(10)}"
        f"M 100644 inline data/boards/lsp.yaml\ndata <<EOF\n"
        + board(
            "lsp", "Riverside Partnership Board", [*LSP, *(f"rvs|Member {k}" for k in range(i + 1))], top=True
        )
        + "EOF\n\n"
        for i in range(320)
    )
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=repo.top, input=script.encode(), env=repo.env, check=True
    )
    repo.git("reset", "-q", "--hard", "main")
    tl = timeline(repo.root, board="lsp")
    assert tl.walked == 321  # every commit that changed data/, not the last 300
    assert tl.events[3].change.summary == (
        "Member 0 (Riverside Voluntary Services) joined Riverside Partnership Board as a member"
    )
    assert len(tl.events) == 3 + 320
    period = changes_during(repo.root, D(2025, 1, 1), D(2025, 12, 31))
    assert period is not None and period.walked == 321
    assert len([c for c in period.changes if c.change == "added" and c.kind == "seat"]) == 2 + 320


def test_only_commits_that_changed_data_are_read(
    riverside: Riverside, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[str] = []
    load = replay.load_source

    def spy(root: Path, source: GitSource, *args: object) -> object:
        loaded.append(source.commit)
        return load(root, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(replay, "load_source", spy)
    monkeypatch.setenv("THP_NO_CACHE", "1")  # a walk read afresh (the cache of earlier tests' walks is off)
    tl = timeline(riverside.repo.root)
    assert tl.walked == 9  # the readme commit changed no data/
    assert riverside.sha["readme"] not in loaded
    assert len(loaded) == len(set(loaded)) == 9  # each once, and only what it changed


# -- thp history and thp diff: names, one event per change of holder ---------------------------
def test_history_of_a_person_shows_the_change_of_holder_once(riverside: Riverside) -> None:
    result = CliRunner().invoke(
        app, ["history", "--person", "jsmith", "--root", str(riverside.repo.root), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(e["change"], e["summary"]) for e in data["events"]] == [
        (
            "added",
            "Jane Smith, Borough Commander (Metropolitan Police) joined Community Safety Partnership "
            "as a member",
        ),
        (
            "changed",
            HOLDER,
        ),
    ]
    assert data["events"][1]["fields"]["person"] == ["jsmith", "akhan"]  # ids stay in JSON
    assert "riverside.example" not in result.stdout


def test_diff_says_a_change_of_holder_in_one_sentence(riverside: Riverside) -> None:
    sha = riverside.sha
    result = CliRunner().invoke(
        app, ["diff", sha["more"], sha["holder"], "--root", str(riverside.repo.root), "-f", "text"]
    )
    assert result.exit_code == 0, result.output
    assert HOLDER in result.stdout
    assert "left" not in result.stdout and "joined" not in result.stdout
    assert "1 change." in result.stdout


def test_a_role_renamed_where_no_one_is_named_is_one_event(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "rename")
    for rel, text in [
        ("partnership.yaml", PARTNERSHIP),
        ("calls_to_action.yaml", CALLS),
        ("organisations.yaml", ORGS),
        ("boards/lsp.yaml", board("lsp", "Riverside Partnership Board", LSP, top=True)),
    ]:
        _write(repo, rel, text)
    repo.commit("start", "2025-01-02")
    _write(
        repo,
        "boards/lsp.yaml",
        board("lsp", "Riverside Partnership Board", ["rbc|Mayor", "rvs|Chief Officer"], top=True),
    )
    repo.commit("the leader's seat is now the mayor's", "2025-05-02")
    period = changes_during(repo.root, D(2025, 1, 3), D(2025, 12, 31))
    assert period is not None
    assert [c.summary for c in period.changes] == [
        "the seat Leader of the Council (Riverside Borough Council) on Riverside Partnership "
        "Board became Mayor"
    ]


# -- every command that takes --as-of reads the data as it stood that day ---------------------
def test_validate_overlap_and_export_read_a_past_day_from_git(riverside: Riverside) -> None:
    repo, root = riverside.repo, str(riverside.repo.root)
    short = repo.short(riverside.sha["csp"])
    said = f"thp: as of 30 April 2025, thp reads the data as committed on 15 March 2025 (commit {short})\n"
    (repo.root / "data" / "boards" / "csp.yaml").write_text("id: csp\nname: [\n")  # broken, uncommitted
    try:
        runner = CliRunner()
        checked = runner.invoke(app, ["validate", "--root", root, "--as-of", "2025-04-30", "-f", "json"])
        assert checked.stderr == said
        assert json.loads(checked.stdout)["errors"] == 0  # the broken file on disk is not that day's
        today = runner.invoke(app, ["validate", "--root", root, "-f", "json"])
        assert today.exit_code == 1 and today.stderr == ""  # today: the files on disk
        shared = runner.invoke(app, ["overlap", "--root", root, "--as-of", "2025-04-30", "-f", "json"])
        assert shared.exit_code == 0, shared.output
        assert shared.stderr == said
        assert "hwb" not in shared.stdout and "review" not in shared.stdout
        seats = runner.invoke(app, ["export", "csv", "--root", root, "--current", "--as-of", "2025-04-30"])
        assert seats.exit_code == 0, seats.output
        assert seats.stderr == said
        assert "Borough Commander" in seats.stdout and "Director of Public Health" not in seats.stdout
        assert "Health and Wellbeing" not in seats.stdout
    finally:
        repo.git("checkout", "--", "data")


def test_reading_only_what_changed_agrees_with_reading_every_tree(
    riverside: Riverside, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = timeline(riverside.repo.root)
    year = changes_during(riverside.repo.root, D(2025, 1, 1), D(2026, 12, 31))

    def whole(self: replay.States, prev: state.State, rev: Rev, raw: object) -> state.State:
        return state.carry(prev, self.at(rev.full, self.tree(rev.full)))

    monkeypatch.setattr(replay.States, "advance", whole)
    assert timeline(riverside.repo.root) == quick
    assert changes_during(riverside.repo.root, D(2025, 1, 1), D(2026, 12, 31)) == year
