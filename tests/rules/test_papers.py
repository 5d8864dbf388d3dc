"""Issue #11, the papers' part: the tracker says only what is known, and the duties
one partnership's papers set (deadlines, co-chairing) come from its own data.

Every test here runs on a made-up partnership, never on the shipped one.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.report.annual import annual

from ..conftest import new_repo

runner = CliRunner()

PARTNERSHIP = """\
name: Riverside Together
vision: A fairer riverside
work_programme_due: "09-15"
annual_update_to: steering
"""
TERMS = """\
terms_of_reference:
  title: Riverside Together Charter
  applies_from: {applies_from}
"""
CO_CHAIRING = """\
co_chairing:
  kinds: [thematic-board]
  source: the Charter, clause 7
"""
CALLS = """\
calls_to_action:
  - number: 1
    title: Good jobs
    actions:
      - number: "1.1"
        title: Apprenticeships
"""
ORGS = """\
organisations:
  - id: borough
    name: Riverside Borough Council
    sector: council
  - id: college
    name: Riverside College
    sector: education
"""
TOP = """\
id: assembly
name: Riverside Assembly
kind: partnership-board
members:
  - role: Chair of the Assembly
    organisation: college
    position: chair
"""
STEERING = """\
id: steering
name: Steering Group
kind: executive
reports_to: [assembly]
work_programme:
  published: {published}
members:
  - role: Principal
    organisation: college
    position: chair
  - role: Councillor for Skills
    organisation: borough
    position: co-chair
    elected_member: true
"""
JOBS = """\
id: jobs
name: Jobs Board
kind: thematic-board
reports_to: [steering]
calls_to_action: [1]
work_programme:
  published: {published}
members:
  - role: {chair}
    organisation: borough
    position: chair
  - role: Principal
    organisation: college
    position: member
updates:
  - year: 2025
    summary: A first year.
"""
RECOMMENDATION = """\
id: fix-the-basics
number: 2
title: Fix the basics of governance
owner: steering
sro: Head of Policy
actions:
  - number: i
    title: Publish every agenda
    due: 2025-03
  - number: ii
    title: Hold a members' survey
    due: 2026-02
  - number: iii
    title: Refresh the website
    due: 2025-04
    status: in-progress
  - number: iv
    title: Train the chairs
    due: 2025-11
    updates:
      - date: 2025-05-01
        status: in-progress
        note: Two sessions held.
"""


def riverside(
    root: Path,
    *,
    terms_from: str | None = None,
    co_chairing: bool = True,
    chair: str = "Councillor for Jobs",
    published: str = "2025-09-01",
) -> Path:
    """A small partnership, nothing like Tower Hamlets: its own deadline (15
    September), its own charter, its own co-chairing clause."""
    data = root / "data"
    (data / "boards").mkdir(parents=True)
    (data / "recommendations").mkdir()
    text = PARTNERSHIP
    if terms_from:
        text += TERMS.format(applies_from=terms_from)
    if co_chairing:
        text += CO_CHAIRING
    (data / "partnership.yaml").write_text(text)
    (data / "calls_to_action.yaml").write_text(CALLS)
    (data / "organisations.yaml").write_text(ORGS)
    (data / "boards" / "assembly.yaml").write_text(TOP)
    (data / "boards" / "steering.yaml").write_text(STEERING.format(published=published))
    (data / "boards" / "jobs.yaml").write_text(JOBS.format(published=published, chair=chair))
    (data / "recommendations" / "fix-the-basics.yaml").write_text(RECOMMENDATION)
    return root


def validate(root: Path, as_of: str) -> list[dict[str, object]]:
    env = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}
    result = runner.invoke(app, ["validate", "--root", str(root), "--as-of", as_of, "-f", "json"], env=env)
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def by_rule(findings: list[dict[str, object]], rule: str) -> list[str]:
    return [str(f["message"]) for f in findings if f["rule"] == rule]


def tracker(md: str) -> dict[str, str]:
    """The tracker's rows, by action number: the whole row."""
    section = md.split("## 5.")[1].split("## 6.")[0]
    return {line.split("|")[1].strip(): line for line in section.splitlines() if line.startswith("| i")}


# -- the tracker -------------------------------------------------------------------
def test_an_action_with_no_reported_status_is_no_update_recorded(tmp_path: Path) -> None:
    md = annual(riverside(tmp_path / "p"), year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    rows = tracker(md)
    # i: due March 2025, nothing reported: not "Overdue", which would say work is late
    assert "| No update recorded (due date passed) |" in rows["i"]
    assert "Overdue" not in rows["i"]
    # ii: due February 2026, nothing reported: not "On track", which nobody said
    assert "| No update recorded (due in 4 months) |" in rows["ii"]
    assert "On track" not in rows["ii"]
    # iii reports in-progress and its date passed: overdue is then what the data says
    assert "| In progress | Overdue |" in rows["iii"]
    # iv's status comes from its latest update
    assert "| In progress | Due soon |" in rows["iv"]
    assert "As at 1 October 2025: Overdue: 1; No update recorded: 2; Due soon: 1." in md


def test_the_tracker_shows_each_recommendation_with_its_owner_and_sro(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    section = md.split("## 5.")[1].split("## 6.")[0]
    heading = "### Recommendation 2: Fix the basics of governance"
    assert heading in section
    after = section.split(heading)[1]
    assert after.lstrip().startswith("Owner: Steering Group. Senior responsible officer: Head of Policy.")
    # its actions follow it, in their own order
    assert [line.split("|")[1].strip() for line in after.splitlines() if line.startswith("| i")] == [
        "i",
        "ii",
        "iii",
        "iv",
    ]
    html = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="html")
    assert "Recommendation 2: Fix the basics of governance</h3>" in html
    assert "Senior responsible officer: Head of Policy." in html
    assert 'class="tag tag-no-update">No update recorded (due date passed)<' in html
    # without an owner or an SRO, the page says the owner is not recorded and names no SRO
    rec = root / "data" / "recommendations" / "fix-the-basics.yaml"
    rec.write_text(rec.read_text().replace("owner: steering\nsro: Head of Policy\n", ""))
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    assert "Owner: No owning board recorded." in md
    assert "Senior responsible officer" not in md


def test_a_past_as_of_rates_the_actions_as_on_that_day(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    result = runner.invoke(
        app,
        ["report", "annual", "--root", str(root), "--year", "2025", "--as-of", "2025-01-10"],
        env={"NO_COLOR": "1", "THP_ROOT": ""},
    )
    assert result.exit_code == 0, result.output
    rows = tracker(result.output)
    assert "| No update recorded (due in 2 months) |" in rows["i"]
    assert "| In progress | On track |" in rows["iii"]  # in progress, due April 2025
    assert "As at 10 January 2025:" in result.output


# -- deadlines count from when the duty existed --------------------------------------
def test_no_work_programme_is_due_before_the_terms_of_reference_apply(tmp_path: Path) -> None:
    # the charter applies from October 2025: 15 September 2025 is not a deadline
    root = riverside(tmp_path / "p", terms_from="2025-10", published="2024-05-01")
    assert by_rule(validate(root, "2026-01-10"), "work-programme") == []
    md = annual(root, year=2025, as_of=dt.date(2026, 1, 10), fmt="md")
    assert "- Work programme: None was due for 2025 (the terms of reference apply from 1 October 2025" in md
    assert "Not published for 2025" not in md
    # a year later the first deadline, 15 September 2026, has passed: now it counts
    late = by_rule(validate(root, "2026-10-01"), "work-programme")
    assert len(late) == 2 and all("the next was due by 15 September 2026" in m for m in late)
    md = annual(root, year=2026, as_of=dt.date(2026, 10, 1), fmt="md")
    assert "Not published for 2026: the last was 1 May 2024 (due by 15 September 2026)" in md


def test_annual_updates_are_not_judged_before_a_year_of_the_terms(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", terms_from="2027-03-01")
    assert by_rule(validate(root, "2027-06-01"), "annual-update") == []
    [message] = by_rule(validate(root, "2028-04-01"), "annual-update")
    asks = "the terms of reference ask that thematic boards update Steering Group at least annually"
    assert asks in message


def test_the_rule_and_the_report_judge_a_work_programme_alike(tmp_path: Path) -> None:
    # published after the partnership's own deadline, 15 September
    root = riverside(tmp_path / "p", published="2025-09-20")
    late = by_rule(validate(root, "2025-10-01"), "work-programme")
    assert len(late) == 2 and all("was published on 2025-09-20, after 15 September 2025" in m for m in late)
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    assert "- Work programme: Published late, 20 September 2025 (due by 15 September 2025)" in md
    # before this year's deadline, a missing programme is not yet late
    root = riverside(tmp_path / "q", published="2024-09-10")
    md = annual(root, year=2025, as_of=dt.date(2025, 9, 1), fmt="md")
    assert "- Work programme: Not yet published for 2025 (due by 15 September 2025)" in md
    assert by_rule(validate(root, "2025-09-01"), "work-programme") == []


# -- neutral to the partnership ----------------------------------------------------------
def test_co_chairing_cites_the_partnerships_own_source(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", chair="Head of Economy")
    [message] = by_rule(validate(root, "2025-10-01"), "co-chairing")
    assert message == (
        "Jobs Board is chaired by Head of Economy with no elected member co-chair; the Charter, clause 7 "
        "asks for thematic boards to be co-chaired by an elected member and a partner"
    )
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    assert "not co-chaired by an elected member and a partner, as the Charter, clause 7 asks" in md


def test_a_partnership_that_asks_no_co_chairing_is_not_told_of_one(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", co_chairing=False, chair="Head of Economy")
    findings = validate(root, "2025-10-01")
    assert by_rule(findings, "co-chairing") == []
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    html = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="html")
    for text in [md, html, *(str(f["message"]) for f in findings)]:
        for foreign in ("PEG", "R3.i", "annex 1", "30 June", "co-chaired by an elected"):
            assert foreign not in text


def test_a_chair_in_an_elected_office_gets_a_hint_not_a_complaint(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", chair="Cabinet Member for Jobs")  # no elected_member: true
    [message] = by_rule(validate(root, "2025-10-01"), "co-chairing")
    assert "add elected_member: true to that seat" in message
    assert "no elected member co-chair" not in message
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    assert "the data does not record whether Cabinet Member for Jobs is an elected member" in md
    assert "not co-chaired" not in md
    # an officer of the Mayor's office holds no elected office: that is a real gap
    root = riverside(tmp_path / "q", chair="Head of the Mayor's Office")
    [message] = by_rule(validate(root, "2025-10-01"), "co-chairing")
    assert "with no elected member co-chair" in message


def test_a_quiet_board_is_asked_plainly_whether_it_is_needed(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    path = root / "data" / "boards" / "jobs.yaml"
    path.write_text(path.read_text() + "meetings:\n  - date: 2023-01-05\n    status: held\n")
    [message] = by_rule(validate(root, "2025-10-01"), "no-recent-meeting")
    assert message.endswith("(the last was on 2023-01-05); is it still needed?")
    assert "annex" not in message


def test_a_change_of_chair_in_git_is_judged_on_the_day_asked(tmp_path: Path, quiet_git: None) -> None:
    """History: the jobs board gains an elected co-chair during the year; the report
    as of a day before says it was not co-chaired, as of a day after, nothing."""
    repo = new_repo(tmp_path / "repo")
    shutil.rmtree(repo.root / "data")  # not the base case: Riverside's own data
    riverside(repo.root, chair="Head of Economy")
    repo.commit("the partnership", "2025-01-05")
    repo.edit(
        "data/boards/jobs.yaml",
        "    position: member\n",
        "    position: member\n  - role: Councillor for Jobs\n    organisation: borough\n"
        "    position: co-chair\n    elected_member: true\n    since: 2025-06-01\n",
    )
    repo.commit("an elected co-chair joins", "2025-06-02")
    before = annual(repo.root, year=2025, as_of=dt.date(2025, 5, 1), fmt="md")
    after = annual(repo.root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    assert "not co-chaired by an elected member and a partner, as the Charter, clause 7 asks" in before
    assert "not co-chaired" not in after
    assert by_rule(validate(repo.root, "2025-05-01"), "co-chairing")
    assert by_rule(validate(repo.root, "2025-10-01"), "co-chairing") == []


def test_a_new_partnership_is_given_no_one_elses_deadline(tmp_path: Path) -> None:
    """thp init sets no duty of its own: no 30 June, until the partnership's papers say."""
    folder = tmp_path / "new"
    result = runner.invoke(app, ["init", str(folder), "--name", "Hillside Partnership"], env={"THP_ROOT": ""})
    assert result.exit_code == 0, result.output
    text = (folder / "data" / "partnership.yaml").read_text()
    assert "06-30" not in text and "30 June" not in text
    assert by_rule(validate(folder, "2026-10-01"), "work-programme") == []


def test_a_broken_terms_of_reference_date_judges_no_deadline(tmp_path: Path) -> None:
    """When applies_from cannot be read, no one knows when the duty began: the error
    says where and why, and no work programme is called late on a guess."""
    root = riverside(tmp_path / "p", terms_from="autumn 2025", published="2024-05-01")
    findings = validate(root, "2026-01-10")
    [error] = [f for f in findings if f["severity"] == "error"]
    assert error["file"] == "data/partnership.yaml" and error["line"] == 7
    assert "autumn 2025" in str(error["message"])
    assert by_rule(findings, "work-programme") == []
    md = annual(root, year=2025, as_of=dt.date(2026, 1, 10), fmt="md", allow_errors=True)
    assert "- Work programme: Published 1 May 2024\n" in md
    assert "Not published for 2025" not in md


def test_a_board_with_no_chair_recorded_is_not_said_to_lack_co_chairs(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    path = root / "data" / "boards" / "jobs.yaml"
    path.write_text(path.read_text().replace("    position: chair\n", "    position: member\n"))
    [message] = by_rule(validate(root, "2025-10-01"), "co-chairing")
    assert message.startswith("Jobs Board has no chair or co-chair among its seats")  # for who keeps the data
    md = annual(root, year=2025, as_of=dt.date(2025, 10, 1), fmt="md")
    assert "- Chairing: No chair recorded\n" in md  # the page says only what the data says
