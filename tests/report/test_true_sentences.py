"""Issue #11, a further hostile read: every sentence true on the Riverside Together
partnership, which thp was never tuned on (a statutory board, a task group, people named
on seats, a history in git that begins during the year)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import Repo, git_env

pytestmark = pytest.mark.usefixtures("quiet_git")

FILES = {
    "partnership.yaml": "name: Riverside Together\n",
    "calls_to_action.yaml": "calls_to_action:\n  - number: 1\n    title: Warm homes\n",
    "organisations.yaml": """organisations:
  - id: rbc
    name: Riverside Borough Council
    sector: council
  - id: met
    name: Riverside Police
    sector: police
""",
    "people.yaml": """people:
  - id: jo-bright
    name: Jo Bright
    contact:
      email: jo@secret.example
""",
    "boards/exec.yaml": """id: exec
name: Riverside Executive
kind: executive
calls_to_action: [1]
members:
  - {role: Chief Executive, organisation: rbc, position: chair, person: jo-bright}
  - {role: Borough Commander, organisation: met, position: member}
""",
    "boards/csp.yaml": """id: csp
name: Safer Riverside
kind: thematic-board
statutory: true
reports_to: [exec]
calls_to_action: [1]
members:
  - {role: Borough Commander, organisation: met, position: chair}
  - {role: Director of Community Safety, organisation: rbc, position: member}
""",
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / "data" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _thp(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _report(root: Path, out: Path, *args: str) -> str:
    _thp(
        "report",
        "annual",
        "--root",
        str(root),
        "--year",
        "2025",
        "--as-of",
        "2025-12-31",
        "--out",
        str(out),
        *args,
    )
    return out.read_text()


# -- a statutory board whose law is not recorded -------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_statutory_board_with_no_law_recorded_says_so(tmp_path: Path, fmt: str) -> None:
    """Said before: 'Safer Riverside: ' with nothing after the colon in the list of statutory
    boards, and nothing at all on the board's own section (as if it were not statutory)."""
    root = _write(tmp_path / "p", FILES)
    text = _report(root, tmp_path / f"r.{fmt}", "--allow-errors", "--format", fmt)
    said = "the law that requires it is not recorded"
    assert f"Safer Riverside: {said}" in text
    assert text.count(said) == 2  # the list of statutory boards, and the board's own section
    assert "Safer Riverside: \n" not in text and "Safer Riverside: </li>" not in text


def test_a_statutory_board_with_its_law_names_the_law(tmp_path: Path) -> None:
    files = dict(FILES)
    files["boards/csp.yaml"] = files["boards/csp.yaml"].replace(
        "statutory: true\n", "statutory: true\nstatutory_basis: Crime and Disorder Act 1998\n"
    )
    text = _report(_write(tmp_path / "p", files), tmp_path / "r.md")
    assert "- Safer Riverside: Crime and Disorder Act 1998" in text
    assert "- Statutory: Crime and Disorder Act 1998" in text
    assert "not recorded" not in text


# -- the internal edition's data quality lists the errors it read ---------------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_internal_data_quality_lists_each_error_with_its_place(tmp_path: Path, fmt: str) -> None:
    """Said before: 'The data has 1 errors; run thp validate to see them. Records that could
    not be read are left out of this report': bad grammar, a contradiction of the banner (no
    record was left out), and thp validate reads today's files, not the data as reported."""
    root = _write(tmp_path / "p", FILES)
    text = _report(root, tmp_path / f"r.{fmt}", "--allow-errors", "--internal", "--format", fmt)
    quality = text[text.index("Data quality", text.index("Data quality") + 1) :]
    assert "1 errors" not in text
    assert "could not be read are left out" not in quality
    assert "The data as this report read it has 1 error" in quality
    assert "data/boards/csp.yaml line " in quality
    assert "does not say under which law" in quality


def test_the_public_edition_lists_no_error_and_no_file(tmp_path: Path) -> None:
    root = _write(tmp_path / "p", FILES)
    text = _report(root, tmp_path / "r.md", "--allow-errors")
    assert "data/boards" not in text and "under which law" not in text


# -- thp history: what the oldest commit holds was already recorded ---------------------------------
def _repo(top: Path) -> Repo:
    top.mkdir(parents=True)
    repo = Repo(top, top, git_env(top.parent))
    repo.git("init", "-q", "-b", "main")
    return repo


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_history_does_not_say_the_first_commits_boards_were_set_up_that_day(tmp_path: Path, fmt: str) -> None:
    """Said before: 'Riverside Executive was set up, with 2 seats' and 'Jo Bright ... joined
    Riverside Executive as chair' on the day the data was first committed (the report already
    says such boards were already recorded). A board added later is still set up that day."""
    repo = _repo(tmp_path / "repo")
    first = {k: v for k, v in FILES.items() if k != "boards/csp.yaml"}
    _write(repo.root, first)
    repo.commit("the partnership as it stood", "2024-02-10")
    _write(repo.root, {"boards/csp.yaml": FILES["boards/csp.yaml"]})
    repo.commit("Safer Riverside", "2024-05-03")
    out = _thp("history", "--root", str(repo.root), "--format", fmt)
    assert "Riverside Executive was already recorded when the history begins, with 2 seats" in out
    assert (
        "Jo Bright, Chief Executive (Riverside Borough Council) was already recorded on "
        "Riverside Executive as chair" in out
    )
    assert "Riverside Executive was set up" not in out
    assert "joined Riverside Executive" not in out
    assert "Safer Riverside was set up, with 2 seats" in out
    assert "Borough Commander (Riverside Police) joined Safer Riverside as chair" in out
    assert "jo@secret" not in out


# -- reporting lines: boards by their names, a top board that is still open ----------------------
def _validate(root: Path) -> str:
    result = CliRunner().invoke(
        app, ["validate", "--root", str(root), "--format", "json"], env={"THP_ROOT": "", "NO_COLOR": "1"}
    )
    assert result.exit_code == 1, result.output
    return result.stdout


def _messages(root: Path, rule: str) -> list[str]:
    import json

    return [f["message"] for f in json.loads(_validate(root))["findings"] if f["rule"] == rule]


def test_a_board_with_no_reporting_line_is_named_and_pointed_at_an_open_top_board(tmp_path: Path) -> None:
    """Said before: 'tfg has no reports_to, ...; add reports_to: [closed-board]': the board by
    its id, and the top board chosen by id order even when that board is closed."""
    files = {k: v for k, v in FILES.items() if k != "boards/csp.yaml"}
    files["boards/aaa.yaml"] = "id: aaa\nname: Old Place Board\nkind: thematic-board\nstatus: closed\n"
    files["boards/tfg.yaml"] = (
        "id: tfg\nname: Cost of Living Task Group\nkind: task-and-finish\nends: 2026-03\n"
    )
    messages = _messages(_write(tmp_path / "p", files), "top-board")
    assert sorted(messages) == [
        "Cost of Living Task Group has no reports_to, but only the top board may have none; "
        "add reports_to: [exec] to report to Riverside Executive, or name the board it answers to",
        "Old Place Board has no reports_to, but only the top board may have none; "
        "add reports_to: [exec] to report to Riverside Executive, or name the board it answers to",
    ]


def test_a_reporting_circle_names_the_boards(tmp_path: Path) -> None:
    files = dict(FILES)
    files["boards/exec.yaml"] = files["boards/exec.yaml"].replace(
        "kind: executive\n", "kind: executive\nreports_to: [csp]\n"
    )
    files["boards/top.yaml"] = "id: top\nname: Riverside Partnership Board\nkind: partnership-board\n"
    messages = _messages(_write(tmp_path / "p", files), "reporting-cycle")
    assert messages == [
        "reporting lines go round in a circle: Safer Riverside, which reports to Riverside Executive, "
        "which reports back to Safer Riverside; every line must end at the top board"
    ]


# -- the figures at a glance: as at the report's day --------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_organisations_holding_seats_counts_only_those_holding_one_that_day(tmp_path: Path, fmt: str) -> None:
    """Said before: 'Organisations holding seats: 3' and a Voluntary sector row, when the
    voluntary organisation's only seat had ended during the year (every organisation listed
    was counted), and 'Seats currently held' on a report as at a past day."""
    files = dict(FILES)
    files["organisations.yaml"] += "  - id: rva\n    name: Riverside Voluntary Action\n    sector: vcs\n"
    files["boards/csp.yaml"] = (
        files["boards/csp.yaml"].replace(
            "statutory: true\n", "statutory: true\nstatutory_basis: Crime and Disorder Act 1998\n"
        )
        + "  - {role: VCS Lead, organisation: rva, position: member, until: 2025-02-01}\n"
    )
    text = _report(_write(tmp_path / "p", files), tmp_path / f"r.{fmt}", "--format", fmt)
    if fmt == "md":
        assert "- Seats held on 31 December 2025: 4\n" in text
        assert "- Organisations holding seats: 2\n" in text
        assert "| Voluntary and community sector |" not in text
    else:
        assert '<span class="figure">4</span> seats held on 31 December 2025' in text
        assert '<span class="figure">2</span> organisations holding seats' in text
        assert "Voluntary and community sector</th>" not in text
    assert "currently" not in text


# -- duties of the papers apply to a board from the day it was set up ---------------------------
DUTIES = (
    "name: Riverside Together\n"
    "terms_of_reference:\n  title: Riverside Terms\n  applies_from: 2024-09\n"
    'work_programme_due: "07-31"\n'
    "annual_update_to: exec\n"
)


def _duty_files() -> dict[str, str]:
    files = dict(FILES)
    files["partnership.yaml"] = DUTIES
    files["boards/csp.yaml"] = files["boards/csp.yaml"].replace(
        "statutory: true\n",
        "statutory: true\nstatutory_basis: Crime and Disorder Act 1998\nestablished: 2025-09-01\n",
    )
    return files


def test_a_board_set_up_after_the_deadline_owed_nothing_before_it(tmp_path: Path) -> None:
    """Said before, of a board set up on 1 September 2025, on 1 October 2025: 'no published
    work programme recorded (due by 31 July 2025)' and 'no update ... for 2024 or 2025'."""
    root = _write(tmp_path / "p", _duty_files())
    result = CliRunner().invoke(
        app, ["validate", "--root", str(root), "--as-of", "2025-10-01"], env={"THP_ROOT": "", "NO_COLOR": "1"}
    )
    safer = [line for line in result.stdout.splitlines() if "Safer Riverside" in line]
    assert not [line for line in safer if "work-programme" in line or "annual-update" in line], safer
    assert (
        "Riverside Executive has no published work programme recorded (due by 31 July 2025" in result.stdout
    )
    _thp("report", "annual", "--root", str(root), "--as-of", "2025-10-01", "--out", str(tmp_path / "r.md"))
    text = (tmp_path / "r.md").read_text()
    assert "- Work programme: None was due for 2025 (the board was set up on 1 September 2025)" in text


def test_a_board_set_up_after_the_deadline_owes_the_next_one(tmp_path: Path) -> None:
    root = _write(tmp_path / "p", _duty_files())
    result = CliRunner().invoke(
        app, ["validate", "--root", str(root), "--as-of", "2026-09-02"], env={"THP_ROOT": "", "NO_COLOR": "1"}
    )
    assert "Safer Riverside has no published work programme recorded (due by 31 July 2026" in result.stdout
    assert "Safer Riverside has no update to Riverside Executive for 2025 or 2026" in result.stdout
    _thp("report", "annual", "--root", str(root), "--as-of", "2026-09-02", "--out", str(tmp_path / "r.md"))
    assert (
        "- Work programme: No work programme recorded (due by 31 July 2026)"
        in (tmp_path / "r.md").read_text()
    )


# -- thp diff: a recommendation that came or went is a change -------------------------------------
def test_diff_reports_a_recommendation_added_or_removed_even_with_no_actions(tmp_path: Path) -> None:
    """Said before: nothing at all for a new recommendation with no actions yet ('No changes'),
    and only its actions, never the recommendation, for one removed."""
    import json

    repo = _repo(tmp_path / "repo")
    files = dict(FILES)
    files["recommendations/r1.yaml"] = (
        "id: r1\nnumber: 1\ntitle: Simplify the boards\nowner: exec\n"
        "actions:\n  - number: i\n    title: Map the groups\n    due: 2025-03\n"
    )
    _write(repo.root, files)
    repo.commit("the partnership", "2025-01-10")
    (repo.root / "data" / "recommendations" / "r1.yaml").unlink()
    _write(
        repo.root, {"recommendations/r2.yaml": "id: r2\nnumber: 2\ntitle: Listen to residents\nactions: []\n"}
    )
    out = _thp("diff", "--root", str(repo.root), "HEAD", "--format", "text")
    assert "Recommendation 2: Listen to residents\n  - Recommendation 2 was added\n" in out
    assert "  - Recommendation 1 was removed\n  - Recommendation 1, action i was removed\n" in out
    assert out.rstrip().endswith("3 changes.")
    changes = json.loads(_thp("diff", "--root", str(repo.root), "HEAD", "--format", "json"))["changes"]
    assert {
        (c["kind"], c["recommendation"], c["change"]) for c in changes if c["kind"] == "recommendation"
    } == {
        ("recommendation", "r1", "removed"),
        ("recommendation", "r2", "added"),
    }


# -- the structure as a list: a board whose only line is to a closed board ------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_board_reporting_only_to_a_closed_board_does_not_also_report(tmp_path: Path, fmt: str) -> None:
    """Said before: 'Safer Riverside (also reports to Old Place Board)', at the top of the
    list, as if it reported to some other board as well; the closed board was not named so."""
    files = dict(FILES)
    files["boards/csp.yaml"] = (
        files["boards/csp.yaml"]
        .replace("reports_to: [exec]", "reports_to: [old]")
        .replace("statutory: true\n", "statutory: true\nstatutory_basis: Crime and Disorder Act 1998\n")
    )
    files["boards/old.yaml"] = (
        "id: old\nname: Old Place Board\nkind: thematic-board\nstatus: closed\nreports_to: [exec]\n"
    )
    text = _report(_write(tmp_path / "p", files), tmp_path / f"r.{fmt}", "--allow-errors", "--format", fmt)
    assert "also reports to Old Place Board" not in text
    assert "reports to Old Place Board; Old Place Board is closed" in text


# -- every link the data holds: the sources of the people on seats --------------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_sources_of_people_on_seats_are_links(tmp_path: Path, fmt: str) -> None:
    """Said before: nothing; a person's sources (the paper naming them to their seat) were
    the one kind of source the report never showed. Someone holding no seat that day is not
    brought into the report by their sources, and contact details never appear."""
    files = dict(FILES)
    files["boards/csp.yaml"] = files["boards/csp.yaml"].replace(
        "statutory: true\n", "statutory: true\nstatutory_basis: Crime and Disorder Act 1998\n"
    )
    files["people.yaml"] = (
        "people:\n"
        "  - id: jo-bright\n    name: Jo Bright\n"
        "    sources: [{title: Appointment of the Chief Executive, url: 'https://riverside.example/ce'}]\n"
        "    contact:\n      email: jo@secret.example\n"
        "  - id: al-gone\n    name: Al Gone\n"
        "    sources: [{title: Farewell to Al Gone, url: 'https://riverside.example/gone'}]\n"
    )
    text = _report(_write(tmp_path / "p", files), tmp_path / f"r.{fmt}", "--format", fmt)
    if fmt == "md":
        assert "- [Appointment of the Chief Executive](<https://riverside.example/ce>)" in text
    else:
        assert '<a href="https://riverside.example/ce"' in text
    assert "riverside.example/gone" not in text and "Al Gone" not in text
    assert "jo@secret" not in text


# -- the command a report's refusal points to shows the errors it counted ----------------------
def test_a_past_report_points_to_validate_as_of_that_day(tmp_path: Path) -> None:
    """Said before: 'the data has 1 error ... Run thp validate to see and fix them', but thp
    validate reads today's data, which has none: the error was in the commit of that day."""
    repo = _repo(tmp_path / "repo")
    _write(repo.root, FILES)  # Safer Riverside is statutory with no law named: an error
    repo.commit("the partnership", "2025-01-10")
    repo.edit(
        "data/boards/csp.yaml",
        "statutory: true\n",
        "statutory: true\nstatutory_basis: Crime and Disorder Act 1998\n",
    )
    repo.commit("the law", "2025-06-01")
    env = {"THP_ROOT": "", "NO_COLOR": "1"}
    args = [
        "report",
        "annual",
        "--root",
        str(repo.root),
        "--as-of",
        "2025-03-01",
        "--out",
        str(tmp_path / "r.md"),
    ]
    refused = CliRunner().invoke(app, args, env=env)
    assert refused.exit_code == 1, refused.output
    assert "Run thp validate --as-of 2025-03-01 to see and fix them" in refused.stderr
    allowed = CliRunner().invoke(app, [*args, "--allow-errors"], env=env)
    assert "Run thp validate --as-of 2025-03-01 to see the errors" in allowed.stderr
    shown = CliRunner().invoke(app, ["validate", "--root", str(repo.root), "--as-of", "2025-03-01"], env=env)
    assert "does not say under which law" in shown.stdout
    today = CliRunner().invoke(app, ["validate", "--root", str(repo.root)], env=env)
    assert "does not say under which law" not in today.stdout
