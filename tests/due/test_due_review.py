"""``thp due`` after review: huge windows, closing an ended group, dormant boards,
data errors said in every format, and the board named in the heading."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

import pytest
from icalendar import Calendar

from thp_cli.validate import validate

from .riverside import AS_OF, write_riverside
from .test_due import items, thp


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    return write_riverside(tmp_path / "riverside")


@pytest.mark.parametrize("fmt", ["text", "md", "json", "ics"])
@pytest.mark.parametrize("within", ["2995000", "10000000", "99999999999999999999"])
def test_a_window_past_the_last_day_a_date_holds_ends_on_31_december_9999(
    riverside: Path, within: str, fmt: str
) -> None:
    run = thp("due", "--root", riverside, "--as-of", AS_OF, "--within", within, "--format", fmt)
    assert run.code == 0, run.err
    if fmt == "json":
        got = json.loads(run.out)
        assert got["until"] == "9999-12-31" and got["within"] == int(within)
        # every item there is, however far off: the same as a window to the last year data can give
        far = items(riverside, "--as-of", AS_OF, "--within", "400000")
        assert [i["key"] for i in got["items"]] == [i["key"] for i in far]
    elif fmt == "ics":
        assert Calendar.from_ical(run.out).walk("VEVENT")
    else:
        assert f"due in the next {within} days (to 31 December 9999)" in run.out


def _ended_group(root: Path) -> Path:
    """Riverside's review group, ended in March 2025, with seats: two still current, one ended."""
    board = root / "data" / "boards" / "review.yaml"
    board.write_text(
        board.read_text(encoding="utf-8")
        + "members:\n"
        + "  - {role: Chair, organisation: council, position: chair, person: person-0001}\n"
        + "  - {role: Analyst, organisation: police, until: 2026-01-31}\n"
        + "  - {role: Adviser, organisation: nhs, until: 2025-02-28}\n",
        encoding="utf-8",
    )
    return board


def _closed_seats(root: Path) -> list[str]:
    findings = validate(root, dt.date.fromisoformat(AS_OF)).findings
    return [f.message for f in findings if f.rule == "closed-board-seats"]


def test_following_the_advice_for_an_ended_group_leaves_validate_without_closed_board_seats(
    riverside: Path,
) -> None:
    board = _ended_group(riverside)
    [item] = [i for i in items(riverside, "--as-of", AS_OF) if i["kind"] == "task-and-finish"]
    steps = item["settle"].split("; ")
    assert steps == [
        "thp member set review --person person-0001 --until 2025-03-31",
        "thp member set review --role Analyst --organisation police --until 2025-03-31",
        "then edit data/boards/review.yaml: status: closed",
        "or give it a later ends",
    ]
    for step in steps[:2]:
        words = shlex.split(step)
        done = thp(*words[1:4], "--root", riverside, *words[4:])
        assert done.code == 0, done.err
    board.write_text(board.read_text(encoding="utf-8") + "status: closed\n", encoding="utf-8")
    assert _closed_seats(riverside) == []
    assert "task-and-finish" not in {i["kind"] for i in items(riverside, "--as-of", AS_OF)}


def test_closing_an_ended_group_without_ending_its_seats_is_what_the_advice_avoids(riverside: Path) -> None:
    board = _ended_group(riverside)
    board.write_text(board.read_text(encoding="utf-8") + "status: closed\n", encoding="utf-8")
    assert len(_closed_seats(riverside)) == 2


def test_an_ended_group_with_no_current_seat_is_closed_by_editing_its_file(riverside: Path) -> None:
    [item] = [i for i in items(riverside, "--as-of", AS_OF) if i["kind"] == "task-and-finish"]
    assert item["settle"] == "edit data/boards/review.yaml: status: closed; or give it a later ends"


DORMANT = """\
id: quiet
name: Quiet Board
kind: thematic-board
status: dormant
reports_to: [exec]
established: 2020-01-01
calls_to_action: [1]
meetings:
  - {date: 2025-04-20, status: held}
  - {date: 2025-04-25, status: planned}
  - {date: 2025-05-30, status: planned}
members:
  - {role: Chair, organisation: council, position: chair, until: 2025-06-01}
"""


def test_a_dormant_board_owes_its_meeting_and_seat_records_but_no_work_programme_or_update(
    riverside: Path,
) -> None:
    (riverside / "data" / "boards" / "quiet.yaml").write_text(DORMANT, encoding="utf-8")
    owed = [(i["kind"], i["date"]) for i in items(riverside, "--as-of", AS_OF) if i["boards"] == ["quiet"]]
    assert sorted(owed) == [
        ("agenda", "2025-05-26"),
        ("meeting", "2025-04-25"),
        ("minutes", "2025-05-04"),
        ("seat", "2025-06-01"),
    ]


def test_a_dormant_group_past_its_end_is_still_to_be_closed(riverside: Path) -> None:
    board = riverside / "data" / "boards" / "review.yaml"
    board.write_text(board.read_text(encoding="utf-8") + "status: dormant\n", encoding="utf-8")
    [item] = [i for i in items(riverside, "--as-of", AS_OF) if i["kind"] == "task-and-finish"]
    assert "still recorded as dormant" in item["what"]


def _broken(root: Path) -> Path:
    bad = root / "data" / "boards" / "broken.yaml"
    bad.write_text("id: broken\nname: Broken Board\nkind: no-such-kind\n", encoding="utf-8")
    return bad


def test_records_left_out_for_errors_are_said_in_every_format(riverside: Path) -> None:
    _broken(riverside)
    said = "The data has 1 error, in {}: what could not be read is left out of this list."

    text = thp("due", "--root", riverside, "--as-of", AS_OF)
    assert text.code == 0 and said.format("data/boards/broken.yaml") in text.out.splitlines()[1]
    assert "thp validate" in text.out

    md = thp("due", "--root", riverside, "--as-of", AS_OF, "--format", "md").out.splitlines()
    assert md[2].startswith("**Warning:** " + said.format("`data/boards/broken.yaml`"))
    assert md[2].endswith("Run `thp validate` to see the errors.")

    got = json.loads(thp("due", "--root", riverside, "--as-of", AS_OF, "--format", "json").out)
    assert got["data_errors"] == 1 and got["data_error_files"] == ["data/boards/broken.yaml"]

    ics = Calendar.from_ical(thp("due", "--root", riverside, "--as-of", AS_OF, "--format", "ics").out)
    assert said.format("data/boards/broken.yaml") in str(ics["X-WR-CALDESC"]).replace("\\,", ",")


def test_with_no_data_error_no_format_warns(riverside: Path) -> None:
    for fmt in ("text", "md", "ics"):
        run = thp("due", "--root", riverside, "--as-of", AS_OF, "--format", fmt)
        assert run.code == 0 and "could not be read" not in run.out + run.err
    got = json.loads(thp("due", "--root", riverside, "--as-of", AS_OF, "--format", "json").out)
    assert got["data_errors"] == 0 and got["data_error_files"] == []


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_the_heading_names_the_board_with_its_id(riverside: Path, fmt: str) -> None:
    run = thp("due", "--root", riverside, "--as-of", AS_OF, "--board", "safety", "--format", fmt)
    assert run.code == 0 and "for Safety Partnership (safety)" in run.out.splitlines()[0]
