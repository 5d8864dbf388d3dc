"""``thp due``: what a partnership owes and by when, against lists worked out by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import REPO
from .riverside import AS_OF, CONTACT, EXPECTED, PARTNERSHIP, write_riverside

runner = CliRunner()


class Run(typing.NamedTuple):
    code: int
    out: str
    err: str


def thp(*args: str | Path) -> Run:
    result = runner.invoke(
        app, [str(a) for a in args], env={"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    )
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    return write_riverside(tmp_path / "riverside")


def items(root: Path, *args: str) -> list[dict[str, Any]]:
    run = thp("due", "--root", root, "--format", "json", *args)
    assert run.code == 0, run.err
    found: list[dict[str, Any]] = json.loads(run.out)["items"]
    return found


def summary(found: list[dict[str, Any]]) -> list[tuple[str, list[str], str, int]]:
    return [(i["kind"], i["boards"], i["date"], i["days"]) for i in found]


def test_riverside_owes_what_was_worked_out_by_hand_overdue_first_then_by_date(riverside: Path) -> None:
    found = items(riverside, "--as-of", AS_OF)
    assert summary(found) == [(kind, boards, day, days) for kind, boards, day, days, _ in EXPECTED]
    for item, (*_, settle) in zip(found, EXPECTED, strict=True):
        assert item["settle"].startswith(settle), item
    assert [i["overdue"] for i in found] == [days < 0 for *_, days, _ in EXPECTED]


def test_each_item_says_what_is_owed_in_words(riverside: Path) -> None:
    whats = {(i["kind"], i["date"]): i["what"] for i in items(riverside, "--as-of", AS_OF)}
    assert whats[("work-programme", "2024-06-30")] == (
        "Safety Partnership's work programme for the year, due by 30 June 2024 (none is recorded)"
    )
    assert whats[("work-programme", "2025-06-30")] == (
        "Executive Group's work programme for the year, due by 30 June 2025 "
        "(the last was published on 10 June 2024)"
    )
    assert whats[("update", "2024-12-31")] == (
        "Safety Partnership's yearly update to Executive Group, due by 31 December 2024 "
        "(the last was for 2023)"
    )
    assert whats[("action", "2025-03-31")] == (
        "R1.i Map the groups: past its timescale with no update recorded, timescale March 2025"
    )
    assert whats[("action", "2024-12-31")] == (
        "R1.vi Share data: past its timescale (status: in-progress), timescale December 2024"
    )
    assert whats[("agenda", "2025-05-16")] == (
        "the agenda of Executive Group's meeting on 20 May 2025, to publish by 16 May 2025 "
        "(3 clear days before)"
    )
    assert whats[("minutes", "2025-05-09")] == (
        "the minutes of Safety Partnership's meeting on 25 April 2025, due by 9 May 2025 (14 days after)"
    )
    assert whats[("seat", "2025-05-01")] == (
        "Sam Lee, Chief Executive (Riverside NHS Trust) on Executive Group: the term ends on 1 May 2025; "
        "renew it or let it end"
    )


def test_the_window_is_the_as_of_day_to_within_days_after_it(riverside: Path) -> None:
    # a day later, the window takes in 1 July: the agenda for 5 July and the seat ending 1 July;
    # the seat that ended on 1 May has left it
    later = summary(items(riverside, "--as-of", "2025-05-02"))
    assert ("agenda", ["exec"], "2025-07-01", 60) in later
    assert ("seat", ["exec"], "2025-07-01", 60) in later
    assert not any(kind == "seat" and day == "2025-05-01" for kind, _, day, _ in later)
    # no window: only what is overdue and what is due that very day
    today = summary(items(riverside, "--as-of", AS_OF, "--within", "0"))
    assert today == [(k, b, d, n) for k, b, d, n, _ in EXPECTED if n <= 0]


def test_board_keeps_what_that_board_owes(riverside: Path) -> None:
    found = summary(items(riverside, "--as-of", AS_OF, "--board", "safety"))
    assert found == [(k, b, d, n) for k, b, d, n, _ in EXPECTED if b == ["safety"]]
    assert items(riverside, "--as-of", AS_OF, "--board", "health") == []


def test_an_unknown_board_is_refused_with_a_suggestion(riverside: Path) -> None:
    run = thp("due", "--root", riverside, "--as-of", AS_OF, "--board", "saftey")
    assert run.code == 2
    assert "--board 'saftey' is no board; did you mean 'safety'?" in run.err


def test_exit_code_is_0_when_things_are_overdue_unless_strict(riverside: Path) -> None:
    assert thp("due", "--root", riverside, "--as-of", AS_OF).code == 0
    assert thp("due", "--root", riverside, "--as-of", AS_OF, "--strict").code == 1
    # due, but nothing overdue: --strict passes
    assert thp("due", "--root", riverside, "--as-of", AS_OF, "--board", "health", "--strict").code == 0


def test_agenda_and_minutes_days_default_to_5_clear_days_and_28_days(tmp_path: Path) -> None:
    plain = PARTNERSHIP.replace("agenda_days_before: 3\n", "").replace("minutes_days_after: 14\n", "")
    root = write_riverside(tmp_path / "r", plain)
    found = summary(items(root, "--as-of", AS_OF, "--within", "90"))
    assert ("agenda", ["exec"], "2025-05-14", 13) in found  # 20 May less 5 clear days, less the day itself
    assert ("minutes", ["safety"], "2025-04-07", -24) in found  # 10 March and 28 days
    assert ("minutes", ["safety"], "2025-05-23", 22) in found  # 25 April and 28 days


def test_text_lists_overdue_then_due_with_days_board_and_command(riverside: Path) -> None:
    run = thp("due", "--root", riverside, "--as-of", AS_OF)
    lines = run.out.splitlines()
    assert lines[0] == (
        "What Riverside Partnership owes as at 1 May 2025: overdue, and due in the next 60 days "
        "(to 30 June 2025)"
    )
    assert lines[1] == "7 items overdue, 7 due."
    assert lines[3] == "Overdue (7)"
    assert lines[4] == "  2024-06-30  305 days overdue  Safety Partnership"
    assert "  2025-05-01  due today  Executive Group" in lines
    assert "  2025-05-09  8 days left  Safety Partnership" in lines
    assert "    settle: thp meeting set safety --date 2025-04-25 --minutes URL" in lines
    assert lines.index("Due (7)") > lines.index("Overdue (7)")


def test_md_is_an_issue_checklist_stating_the_as_of_day(riverside: Path) -> None:
    out = thp("due", "--root", riverside, "--as-of", AS_OF, "--format", "md").out
    assert out.startswith("What Riverside Partnership owes as at 1 May 2025")
    assert "## Overdue (7)" in out and "## Due (7)" in out
    boxes = [line for line in out.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) == len(EXPECTED)
    assert boxes[0].startswith("- [ ] **2024-06-30** (305 days overdue) · Safety Partnership: ")
    assert boxes[0].endswith("`thp work-programme set safety --published YYYY-MM-DD --url URL`")
    assert out.endswith("Made by `thp due --as-of 2025-05-01 --within 60 --format md`.\n")
    one = thp("due", "--root", riverside, "--as-of", AS_OF, "--board", "exec", "--format", "md").out
    assert one.endswith("Made by `thp due --as-of 2025-05-01 --within 60 --board exec --format md`.\n")


def test_md_makes_no_link_mention_or_html_from_the_data(tmp_path: Path) -> None:
    root = write_riverside(tmp_path / "r")
    board = root / "data/boards/review.yaml"
    board.write_text(
        board.read_text().replace("name: Review Group", "name: '[Review](https://evil.example) @team <b>'")
    )
    out = thp("due", "--root", root, "--as-of", AS_OF, "--format", "md").out
    line = next(x for x in out.splitlines() if "Review" in x)
    assert "](" not in line.replace("\\](", "") and "<b>" not in line and "@team" not in line


def test_no_contact_detail_appears_in_any_format(riverside: Path) -> None:
    for fmt in ("text", "md", "json", "ics"):
        run = thp("due", "--root", riverside, "--as-of", AS_OF, "--format", fmt)
        assert run.code == 0 and CONTACT not in run.out and "7946" not in run.out, fmt


def test_ics_parses_with_icalendar_one_all_day_event_an_item(riverside: Path) -> None:
    from icalendar import Calendar

    text = thp("due", "--root", riverside, "--as-of", AS_OF, "--format", "ics").out
    events = Calendar.from_ical(text).walk("VEVENT")
    assert [str(e["dtstart"].dt) for e in events] == [day for _, _, day, _, _ in EXPECTED]
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids) and all(u.endswith("@riverside-partnership") for u in uids)
    assert "action-r1-i@riverside-partnership" in uids
    assert {e["dtstamp"].dt.isoformat() for e in events} == {"2025-05-01T00:00:00+00:00"}
    assert all(e["dtend"].dt - e["dtstart"].dt == __import__("datetime").timedelta(days=1) for e in events)


def test_ics_with_nothing_owed_is_still_a_valid_calendar(riverside: Path) -> None:
    from icalendar import Calendar

    text = thp("due", "--root", riverside, "--as-of", AS_OF, "--board", "health", "--format", "ics").out
    calendar = Calendar.from_ical(text)
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE")
    assert "nothing is owed" in str(calendar["x-wr-caldesc"])


def test_ics_is_the_same_bytes_across_processes_and_hash_seeds(riverside: Path, tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"due-{seed}.ics"
        env = {**os.environ, "PYTHONHASHSEED": seed, "THP_ROOT": ""}
        done = subprocess.run(
            [sys.executable, "-m", "thp_cli", "due", "--root", str(riverside), "--as-of", AS_OF,
             "--format", "ics", "--out", str(out)],
            env=env, capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"BEGIN:VEVENT") == len(EXPECTED)


def test_on_the_shipped_data_r2_i_r2_ii_and_r3_i_are_past_their_timescale_with_no_update() -> None:
    found = items(REPO, "--as-of", "2024-04-30")
    actions = {i["ref"]: i["what"] for i in found if i["kind"] == "action"}
    assert sorted(actions) == ["R2.i", "R2.ii", "R3.i"]
    assert all("past its timescale with no update recorded" in what for what in actions.values())
    assert all(i["overdue"] for i in found if i["kind"] == "action")


@pytest.mark.parametrize("on", ["2024-06-29", "2024-06-30", "2024-07-01", "2024-12-31", "2025-01-01", AS_OF])
def test_due_and_validate_judge_work_programmes_and_updates_alike(riverside: Path, on: str) -> None:
    """One judgement (duties.py): what validate warns is missing, due lists as overdue."""
    import datetime as dt

    from thp_cli.validate import validate

    findings = validate(riverside, dt.date.fromisoformat(on)).findings
    warned = {
        (f.rule, Path(f.file).stem)
        for f in findings
        if f.rule == "annual-update" or (f.rule == "work-programme" and ", after " not in f.message)
    }
    # validate warns of a work programme from its due day; an update is missed after its last day
    last = {"update": ("annual-update", -1), "work-programme": ("work-programme", 0)}
    overdue = {
        (last[i["kind"]][0], i["boards"][0])
        for i in items(riverside, "--as-of", on, "--within", "0")
        if i["kind"] in last and i["days"] <= last[i["kind"]][1]
    }
    assert overdue == warned


def test_a_window_before_the_as_of_day_is_refused(riverside: Path) -> None:
    run = thp("due", "--root", riverside, "--as-of", AS_OF, "--within", "-1")
    assert run.code == 2 and "--within -1 is before the as-of day" in run.err


def test_an_update_owed_for_years_is_settled_by_the_command_it_names(riverside: Path) -> None:
    """Long overdue, the update to give is last year's or this year's: the command ``thp due``
    names settles it, and the item is gone the next time."""
    later = "2027-03-01"
    owed = [i for i in items(riverside, "--as-of", later) if i["kind"] == "update"]
    assert owed and all(i["overdue"] for i in owed)
    for item in owed:
        words = item["settle"].replace("TEXT", "A year of work").split()
        assert words[:3] == ["thp", "update", "add"] and words[words.index("--year") + 1] == "2026"
        done = thp(*words[1:4], "--root", riverside, *words[4:6], "--summary", "A year of work")
        assert done.code == 0, done.err
    assert [i for i in items(riverside, "--as-of", later) if i["kind"] == "update"] == []
