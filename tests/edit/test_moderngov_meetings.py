"""Issue #10: thp import moderngov reads real GetMeetings answers, cancelled meetings included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_hostile_sheets import run_thp, snapshot, thp, write_town

AS_OF = "2024-06-01"
NS = "http://moderngov.co.uk/namespaces"


@pytest.fixture
def town(tmp_path: Path) -> Path:
    return write_town(
        tmp_path / "town", {"housing": [("council", "Housing Lead")], "youth": [("council", "Lead")]}
    )


def meeting(number: int, date: str, *, committee: int | None = 77, **fields: str) -> str:
    parts = [
        f"<meetingid>{number}</meetingid>",
        f"<meetingdate>{date}</meetingdate>",
        "<meetingtime>18:00</meetingtime>",
    ]
    if committee is not None:
        parts += [
            f"<committeeid>{committee}</committeeid>",
            "<committeetitle>Housing &amp;amp; Homes</committeetitle>",
        ]
    parts += [f"<{key}>{value}</{key}>" for key, value in fields.items()]
    return "<meeting>" + "".join(parts) + "</meeting>"


def answer(tmp_path: Path, *meetings: str, name: str = "meetings.xml") -> Path:
    """A GetMeetings answer as ModernGov sends it: a getmeetings root, meetingscount, meetings."""
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<getmeetings xmlns="{NS}">'
        f"<meetingscount>{len(meetings)}</meetingscount><meetings>{''.join(meetings)}</meetings></getmeetings>\n",
        encoding="utf-8",
    )
    return path


def import_(root: Path, path: Path, committee: int = 77, board: str = "housing") -> str:
    result = thp(
        "import", "moderngov", str(path), "--board", board, "--committee-id", str(committee),
        "--as-of", AS_OF, "--root", str(root),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def statuses(root: Path, board: str = "housing") -> dict[str, str]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((root / "data" / "boards" / f"{board}.yaml").read_text())
    return {str(m["date"]): m["status"] for m in data.get("meetings", [])}


def test_a_real_getmeetings_answer_imports_as_it_is(town: Path, tmp_path: Path) -> None:
    path = answer(
        tmp_path,
        meeting(1, "15/01/2024", meetingstatus="Confirmed"),
        meeting(2, "12/03/2024", meetingstatus="Confirmed; Budget Council"),
        meeting(3, "16/04/2024", meetingstatus="Cancelled"),
        meeting(4, "19/09/2024", meetingstatus="Confirmed"),
    )
    output = import_(town, path)
    assert output == (
        "recorded ModernGov committee 77\n"
        "added the meeting of 2024-01-15 (held): Housing & Homes\n"
        "added the meeting of 2024-03-12 (held): Housing & Homes\n"
        "added the meeting of 2024-04-16 (cancelled): Housing & Homes\n"
        "added the meeting of 2024-09-19 (planned): Housing & Homes\n"
        "wrote data/boards/housing.yaml\n"
    )
    assert statuses(town) == {
        "2024-01-15": "held",
        "2024-03-12": "held",
        "2024-04-16": "cancelled",
        "2024-09-19": "planned",
    }


def test_a_cancelled_meeting_is_recorded_cancelled_never_held(town: Path, tmp_path: Path) -> None:
    path = answer(
        tmp_path,
        meeting(1, "15/01/2024", meetingstatus="Cancelled"),
        meeting(2, "12/02/2024", meetingcancelled="True"),
        meeting(3, "12/03/2024", meetingstatus="Postponed", meetingcancelled="False"),
        meeting(4, "16/04/2024", meetingstatus="Confirmed", meetingcancelled="False"),
        meeting(5, "19/09/2024", meetingstatus="Cancelled"),
    )
    output = import_(town, path)
    assert "added the meeting of 2024-01-15 (cancelled): Housing & Homes\n" in output
    assert statuses(town) == {
        "2024-01-15": "cancelled",
        "2024-02-12": "cancelled",
        "2024-03-12": "cancelled",
        "2024-04-16": "held",
        "2024-09-19": "cancelled",
    }
    assert import_(town, path) == "nothing to change: housing already has every meeting of committee 77\n"


def test_a_planned_meeting_moderngov_cancels_becomes_cancelled(town: Path, tmp_path: Path) -> None:
    board = town / "data" / "boards" / "housing.yaml"
    board.write_text(
        board.read_text()
        + "meetings:\n  - date: 2024-03-12\n    status: planned\n  - date: 2024-09-19\n    status: planned\n"
    )
    path = answer(
        tmp_path,
        meeting(1, "12/03/2024", meetingstatus="Cancelled"),
        meeting(2, "19/09/2024", meetingcancelled="true"),
    )
    output = import_(town, path)
    assert "marked the meeting of 2024-03-12 cancelled: ModernGov marks it cancelled\n" in output
    assert "marked the meeting of 2024-09-19 cancelled: ModernGov marks it cancelled\n" in output
    assert statuses(town) == {"2024-03-12": "cancelled", "2024-09-19": "cancelled"}


def test_a_meeting_cancelled_and_held_on_one_day_is_held(town: Path, tmp_path: Path) -> None:
    path = answer(
        tmp_path,
        meeting(1, "12/03/2024", meetingstatus="Cancelled"),
        meeting(2, "12/03/2024 19:00:00", meetingstatus="Confirmed"),
    )
    import_(town, path)
    assert statuses(town) == {"2024-03-12": "held"}


def test_the_committee_of_the_element_around_the_meetings_applies_to_them(town: Path, tmp_path: Path) -> None:
    path = tmp_path / "committees.xml"
    path.write_text(
        f'<getmeetings xmlns="{NS}"><meetingscount>3</meetingscount>'
        "<committee><committeeid>77</committeeid><committeetitle>Housing Board</committeetitle><meetings>"
        f"{meeting(1, '15/01/2024', committee=None)}{meeting(2, '19/09/2024', committee=None)}"
        "</meetings></committee>"
        '<committee committeeid="78"><committeetitle>Licensing</committeetitle>'
        f"<meetings>{meeting(3, '20/01/2024', committee=None)}</meetings></committee></getmeetings>"
    )
    output = import_(town, path)
    assert output == (
        "recorded ModernGov committee 77\n"
        "added the meeting of 2024-01-15 (held): Housing Board\n"
        "added the meeting of 2024-09-19 (planned): Housing Board\n"
        "ignored 1 meeting(s) of other committees\n"
        "wrote data/boards/housing.yaml\n"
    )
    # the committee given as an attribute of its element counts too
    assert "added the meeting of 2024-01-20 (held): Licensing\n" in import_(town, path, 78, "youth")


def test_a_meeting_without_a_date_is_named_not_dropped(town: Path, tmp_path: Path) -> None:
    path = answer(
        tmp_path,
        meeting(1, "15/01/2024"),
        "<meeting><meetingid>9</meetingid><committeeid>77</committeeid></meeting>",
    )
    before = snapshot(town)
    result = thp(
        "import", "moderngov", str(path), "--board", "housing", "--committee-id", "77", "--root", str(town)
    )
    assert result.exit_code == 2
    assert "has meetingdate values that are not dates: meeting 9 (no meetingdate)" in result.output
    assert snapshot(town) == before


def test_an_answer_that_names_no_committee_says_so(town: Path, tmp_path: Path) -> None:
    path = answer(tmp_path, meeting(1, "15/01/2024", committee=None))
    result = thp(
        "import", "moderngov", str(path), "--board", "housing", "--committee-id", "77", "--root", str(town)
    )
    assert result.exit_code == 2
    assert "no meeting in meetings.xml names its committee" in result.output


def test_a_fifo_in_place_of_the_answer_is_refused_at_once(town: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "meetings.xml"
    os.mkfifo(fifo)
    done = run_thp(
        "import",
        "moderngov",
        str(fifo),
        "--board",
        "housing",
        "--committee-id",
        "77",
        "--root",
        str(town),
        timeout=20,
    )
    assert done.returncode == 2
    assert f"thp: {fifo} is a pipe (as a FIFO or <(...) in a shell is), not a file" in done.stderr


def test_a_planned_meeting_also_listed_cancelled_that_day_stays_planned(town: Path, tmp_path: Path) -> None:
    """ModernGov lists a meeting twice on one day, once cancelled, once confirmed: it is on."""
    board = town / "data" / "boards" / "housing.yaml"
    board.write_text(board.read_text() + "meetings:\n  - date: 2024-09-19\n    status: planned\n")
    path = answer(
        tmp_path,
        meeting(1, "19/09/2024", meetingstatus="Cancelled"),
        meeting(2, "19/09/2024", meetingstatus="Confirmed"),
    )
    assert import_(town, path) == "recorded ModernGov committee 77\nwrote data/boards/housing.yaml\n"
    assert statuses(town) == {"2024-09-19": "planned"}
