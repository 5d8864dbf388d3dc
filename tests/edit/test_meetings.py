"""``thp meeting add|set|remove``: meetings recorded by command, in date order, every other byte kept.

Run on Example Borough (tests/cases/base), not the shipped data.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest

from thp_cli.cli.meeting import StatusChoice
from thp_cli.edit import meetings as lib
from thp_cli.yamlio.load import load_text

from .test_member import Run, snapshot, thp, valid

EXEC = "data/boards/exec.yaml"
SAFETY = "data/boards/safety.yaml"
HOUSING = "data/boards/housing-review.yaml"


def meeting(root: Path, *args: str) -> Run:
    return thp("meeting", *args, "--root", root)


def meetings(root: Path, name: str = EXEC) -> list[dict[str, Any]]:
    loaded = load_text(name, (root / name).read_bytes().decode("utf-8-sig"))
    assert loaded.data is not None, loaded.findings
    return list(loaded.data.get("meetings") or [])


def dates(root: Path, name: str = EXEC) -> list[str]:
    return [str(m["date"]) for m in meetings(root, name)]


# -- the commands and their help ------------------------------------------------------------
@pytest.mark.parametrize("command", [[], ["add"], ["set"], ["remove"]])
def test_every_meeting_command_has_help(command: list[str]) -> None:
    result = thp("meeting", *command, "--help")
    assert result.code == 0
    assert "Usage: thp meeting" in result.out
    assert "--root" in result.out or not command


def test_the_statuses_are_the_data_formats() -> None:
    from thp_cli.field_types import MeetingStatus

    assert [s.value for s in StatusChoice] == list(typing.get_args(MeetingStatus))
    assert typing.get_args(MeetingStatus) == lib.STATUSES


def test_a_new_key_goes_in_the_data_formats_order() -> None:
    from thp_cli.model import Meeting

    # attendance is written by no thp meeting option (nor cleared by a workbook row)
    assert list(lib.MEETING_KEYS) == [k for k in Meeting.model_fields if k not in ("sources", "attendance")]


# -- add ----------------------------------------------------------------------------------------
def test_add_goes_in_date_order_and_keeps_every_other_byte(partnership: Path) -> None:
    before = (partnership / EXEC).read_bytes()
    result = meeting(
        partnership, "add", "exec", "--date", "2024-09-12", "--time", "18:30",
        "--venue", "Town Hall, Room 2", "--agenda", "https://example.org/exec/2024-09-12/agenda",
        "--as-of", "2024-09-01",
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "added the meeting of 2024-09-12 to Executive Group (exec): planned, time 18:30, "
        "venue 'Town Hall, Room 2', agenda https://example.org/exec/2024-09-12/agenda\n"
    )
    assert (partnership / EXEC).read_bytes() == before.replace(
        b"  - date: 2024-11-10\n",
        b"  - date: 2024-09-12\n"
        b"    status: planned\n"
        b'    time: "18:30"\n'
        b"    venue: Town Hall, Room 2\n"
        b"    agenda: https://example.org/exec/2024-09-12/agenda\n"
        b"  - date: 2024-11-10\n",
    )
    assert valid(partnership)


def test_add_first_and_last_keep_the_order(partnership: Path) -> None:
    for day in ("2025-01-20", "2023-12-01", "2024-08-01"):
        assert meeting(partnership, "add", "exec", "--date", day, "--as-of", "2024-09-01").code == 0
    assert dates(partnership) == ["2023-12-01", "2024-07-10", "2024-08-01", "2024-11-10", "2025-01-20"]
    assert [m["status"] for m in meetings(partnership)] == ["held", "held", "held", "planned", "planned"]


@pytest.mark.parametrize(
    ("day", "status"), [("2024-08-31", "held"), ("2024-09-01", "held"), ("2024-09-02", "planned")]
)
def test_the_default_status_is_planned_only_after_the_as_of_day(
    partnership: Path, day: str, status: str
) -> None:
    result = meeting(partnership, "add", "health", "--date", day, "--as-of", "2024-09-01")
    assert result.code == 0, result.err
    assert result.out.endswith(f"Health Board (health): {status}\n")
    assert {"date": day, "status": status} in meetings(partnership, "data/boards/health.yaml")


def test_check_says_what_would_be_added_and_writes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    result = meeting(partnership, "add", "exec", "--date", "2024-09-12", "--check", "--as-of", "2024-09-01")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "added the meeting of 2024-09-12 to Executive Group (exec): planned\nnothing written (--check)\n"
    )
    assert snapshot(partnership) == before


def test_a_planned_meeting_in_the_past_is_recorded_with_a_warning(partnership: Path) -> None:
    result = meeting(
        partnership, "add", "exec", "--date", "2024-08-01", "--status", "planned", "--as-of", "2024-09-01"
    )
    assert result.code == 0
    assert result.out == "added the meeting of 2024-08-01 to Executive Group (exec): planned\n"
    assert result.err == (
        "thp: warning: the meeting of 2024-08-01 is still planned, though its date has passed; once you "
        "know, record it with thp meeting set exec --date 2024-08-01 --status held (or cancelled)\n"
    )
    assert {"date": "2024-08-01", "status": "planned"} in meetings(partnership)


def test_a_held_meeting_still_to_come_is_recorded_with_a_warning(partnership: Path) -> None:
    result = meeting(
        partnership, "add", "exec", "--date", "2024-10-01", "--status", "held", "--as-of", "2024-09-01"
    )
    assert result.code == 0
    assert (
        result.err
        == "thp: warning: the meeting of 2024-10-01 is recorded as held, though its date is still to come\n"
    )


def test_a_board_with_no_meetings_gets_its_list(partnership: Path) -> None:
    before = (partnership / HOUSING).read_bytes()
    result = meeting(partnership, "add", "housing-review", "--date", "2024-10-01", "--as-of", "2024-09-01")
    assert result.code == 0, result.err
    assert (
        partnership / HOUSING
    ).read_bytes() == before + b"meetings:\n  - date: 2024-10-01\n    status: planned\n"
    assert meeting(partnership, "remove", "housing-review", "--date", "2024-10-01").code == 0
    assert (partnership / HOUSING).read_bytes() == before


BLANKS = """id: health
name: Health Board
kind: thematic-board
reports_to: [exec]
meetings:

  - date: 2024-01-10   # the first
    status: held

  # moved from March
  - date: 2024-04-01
    status: held

work_programme:
  published: 2024-05-01
actions: ["2.1"]
members:
  - role: Cabinet Member for Health
    organisation: council
    position: co-chair
    elected_member: true
  - role: Chief Executive
    organisation: nhs-trust
    position: co-chair
updates:
  - year: 2023
"""


@pytest.mark.parametrize(("crlf", "bom"), [(False, False), (True, True)])
def test_blank_lines_comments_and_line_endings_are_kept_both_ways(
    partnership: Path, crlf: bool, bom: bool
) -> None:
    health = partnership / "data/boards/health.yaml"
    text = BLANKS.replace("\n", "\r\n") if crlf else BLANKS
    original = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    health.write_bytes(original)
    for day in ("2024-02-10", "2023-12-01", "2024-05-01"):
        assert meeting(partnership, "add", "health", "--date", day).code == 0
    eol = "\r\n" if crlf else "\n"
    got = health.read_bytes()
    assert got.startswith(b"\xef\xbb\xbf" if bom else b"i")
    assert (
        got.decode("utf-8-sig")
        .replace(eol, "\n")
        .split("work_programme:")[0]
        .endswith(
            "meetings:\n\n"
            "  - date: 2023-12-01\n    status: held\n\n"
            "  - date: 2024-01-10   # the first\n    status: held\n\n"
            "  - date: 2024-02-10\n    status: held\n\n"
            "  # moved from March\n"
            "  - date: 2024-04-01\n    status: held\n"
            "  - date: 2024-05-01\n    status: held\n\n"
        )
    )
    assert got.count(b"\n") == got.count(b"\r\n") if crlf else b"\r" not in got
    for day in ("2024-05-01", "2023-12-01", "2024-02-10"):
        assert meeting(partnership, "remove", "health", "--date", day).code == 0
    assert health.read_bytes() == original


def test_a_flow_list_is_edited_in_flow_style(partnership: Path) -> None:
    board = partnership / "data/boards/board.yaml"
    text = board.read_text().replace(
        "meetings:\n  - date: 2024-03-01\n    status: held\n",
        "meetings: [{date: 2024-03-01, status: held}, {date: 2024-06-01, status: held}]  # this year\n",
    )
    board.write_text(text)
    assert (
        meeting(partnership, "add", "board", "--date", "2024-04-01", "--agenda", "https://example.org/a").code
        == 0
    )
    assert meeting(partnership, "set", "board", "--date", "2024-03-01", "--time", "09:30").code == 0
    assert board.read_text() == text.replace(
        "[{date: 2024-03-01, status: held}, ",
        '[{date: 2024-03-01, status: held, time: "09:30"}, '
        '{date: 2024-04-01, status: held, agenda: "https://example.org/a"}, ',
    )


# -- set ------------------------------------------------------------------------------------------
def test_set_changes_adds_and_removes_keys(partnership: Path) -> None:
    before = (partnership / EXEC).read_bytes()
    result = meeting(
        partnership, "set", "exec", "--date", "2024-07-10", "--agenda", "none",
        "--minutes", "https://example.org/exec/2024-07-10/minutes", "--venue", "Civic Centre",
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "changed the meeting of 2024-07-10 on Executive Group (exec): venue Civic Centre, "
        "agenda https://example.org/exec/2024-07-10/agenda removed, "
        "minutes https://example.org/exec/2024-07-10/minutes\n"
    )
    assert (partnership / EXEC).read_bytes() == before.replace(
        b"    agenda: https://example.org/exec/2024-07-10/agenda\n",
        b"    venue: Civic Centre\n    minutes: https://example.org/exec/2024-07-10/minutes\n",
    )
    assert valid(partnership)


def test_set_the_status_of_a_planned_meeting_once_held(partnership: Path) -> None:
    before = (partnership / EXEC).read_bytes()
    result = meeting(
        partnership, "set", "exec", "--date", "2024-11-10", "--status", "held", "--as-of", "2024-11-11"
    )
    assert (result.code, result.err) == (0, "")
    assert (
        result.out
        == "changed the meeting of 2024-11-10 on Executive Group (exec): status from planned to held\n"
    )
    assert (partnership / EXEC).read_bytes() == before.replace(
        b"2024-11-10\n    status: planned", b"2024-11-10\n    status: held"
    )


def test_set_that_leaves_a_past_meeting_planned_warns(partnership: Path) -> None:
    result = meeting(
        partnership, "set", "exec", "--date", "2024-11-10", "--time", "14:00", "--as-of", "2024-12-01"
    )
    assert result.code == 0
    assert (
        "thp: warning: the meeting of 2024-11-10 is still planned, though its date has passed" in result.err
    )


def test_set_to_what_is_there_changes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    result = meeting(
        partnership, "set", "exec", "--date", "2024-07-10", "--status", "held", "--minutes", "none"
    )
    assert result.code == 0
    assert (
        result.out
        == "nothing to change: the meeting of 2024-07-10 on Executive Group (exec) is already like that\n"
    )
    assert snapshot(partnership) == before


def test_set_check_writes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    result = meeting(partnership, "set", "exec", "--date", "2024-07-10", "--time", "10:00", "--check")
    assert result.code == 0
    assert result.out.endswith("time 10:00\nnothing written (--check)\n")
    assert snapshot(partnership) == before


# -- remove -----------------------------------------------------------------------------------------
def test_remove_takes_the_meetings_lines_only(partnership: Path) -> None:
    before = (partnership / EXEC).read_bytes()
    result = meeting(partnership, "remove", "exec", "--date", "2024-07-10")
    assert (result.code, result.out) == (
        0,
        "removed the meeting of 2024-07-10 (held) from Executive Group (exec)\n",
    )
    assert (partnership / EXEC).read_bytes() == before.replace(
        b"  - date: 2024-07-10\n    status: held\n    agenda: https://example.org/exec/2024-07-10/agenda\n",
        b"",
    )


def test_remove_check_writes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    result = meeting(partnership, "remove", "exec", "--date", "2024-07-10", "--check")
    assert result.out == (
        "removed the meeting of 2024-07-10 (held) from Executive Group (exec)\nnothing written (--check)\n"
    )
    assert snapshot(partnership) == before


# -- the library, as other code calls it ----------------------------------------------------------
def test_the_library_adds_sets_and_removes(partnership: Path) -> None:
    import datetime as dt

    fields = lib.MeetingFields(time="18:00", venue="Hall")
    done = lib.add_meeting(partnership, "exec", "2024-09-30", fields, as_of=dt.date(2024, 9, 1))
    assert (done.written, done.file, done.warnings) == (True, EXEC, ())
    assert {"date": "2024-09-30", "status": "planned", "time": "18:00", "venue": "Hall"} in meetings(
        partnership
    )
    done = lib.set_meeting(partnership, "exec", "2024-09-30", lib.MeetingFields(venue="none"), check=True)
    assert not done.written
    assert meetings(partnership)[1]["venue"] == "Hall"
    assert lib.remove_meeting(partnership, "exec", "2024-09-30").written
    assert dates(partnership) == ["2024-07-10", "2024-11-10"]


def test_the_library_names_fields_in_words(partnership: Path) -> None:
    from thp_cli.errors import ThpError

    with pytest.raises(ThpError) as raised:
        lib.add_meeting(partnership, "exec", "2024-09-30", lib.MeetingFields(status="hled"))
    assert (
        str(raised.value) == "status 'hled' is not a meeting status: give 'held', 'planned' or 'cancelled'; "
        "did you mean 'held'?"
    )
