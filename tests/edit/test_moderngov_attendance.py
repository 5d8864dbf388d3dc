"""``thp import moderngov`` reads a saved GetMeeting answer's attendees into the meeting's attendance,
mapping each to a seat by its person's name or its role, and never inventing a seat."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app
from thp_cli.dataset.load import load_dataset
from thp_cli.edit.moderngov_attendance import attended_word

runner = CliRunner()
BOARD = """\
id: health
name: Health and Wellbeing Board
kind: thematic-board
meetings:
  - date: 2024-01-10
    status: held
members:
  - role: Cabinet Member for Health
    organisation: council
    person: jane-smith
    elected_member: true
  - role: Director of Public Health
    organisation: council
  - role: Chief Executive
    organisation: nhs
"""


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


@pytest.fixture
def town(tmp_path: Path) -> Path:
    data = tmp_path / "town" / "data"
    (data / "boards").mkdir(parents=True)
    (data / "partnership.yaml").write_text("name: Riverside Partnership\n")
    (data / "calls_to_action.yaml").write_text("calls_to_action:\n  - number: 1\n    title: Healthy lives\n")
    (data / "organisations.yaml").write_text(
        "organisations:\n"
        + "".join(f"  - id: {o}\n    name: {o.upper()}\n    sector: health\n" for o in ("council", "nhs"))
    )
    (data / "people.yaml").write_text("people:\n  - id: jane-smith\n    name: Jane Smith\n")
    (data / "boards" / "health.yaml").write_text(BOARD)
    return tmp_path / "town"


def get_meeting(tmp_path: Path, date: str, attendees: str, committee: str = "") -> Path:
    """A saved GetMeeting answer: one meeting, its attendees (as ModernGov gives them, attributes
    memberid, name and attendance), and an agenda item."""
    path = tmp_path / "meeting.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<meeting>\n'
        f"  <meetingid>17355</meetingid>\n  <meetingdate>{date}</meetingdate>\n"
        f"  <meetingtime>19:00</meetingtime>\n  <meetingstatus>Confirmed</meetingstatus>\n{committee}"
        f"  <attendees>\n{attendees}  </attendees>\n"
        "  <agendaitems><agendaitem><agendaitemid>1</agendaitemid>"
        "<agendaitemtitle>Apologies for absence</agendaitemtitle></agendaitem></agendaitems>\n"
        "</meeting>\n",
        encoding="utf-8",
    )
    return path


def attendee(member: int, name: str, attendance: str) -> str:
    return f'    <attendee memberid="{member}" name="{name}" attendance="{attendance}"/>\n'


MARCH = (
    attendee(101, "Councillor Jane Smith", "Present")
    + attendee(102, "Director of Public Health", "Apologies")
    + attendee(103, "Councillor Ravi Patel", "Present")
    + attendee(104, "Sam Jones", "Present, as substitute")
    + attendee(105, "Chief Executive", "In attendance")
)


def run(town: Path, xml: Path, *more: str) -> Result:
    return thp(
        "import", "moderngov", str(xml), "--board", "health", "--committee-id", "88",
        "--as-of", "2024-06-01", "--root", str(town), *more,
    )  # fmt: skip


def _file(town: Path) -> Path:
    return town / "data" / "boards" / "health.yaml"


def test_attendees_become_the_meetings_attendance(town: Path, tmp_path: Path) -> None:
    result = run(town, get_meeting(tmp_path, "04/03/2024", MARCH))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "added the meeting of 2024-03-04 (held)" in out
    assert (
        "recorded the attendance of the meeting of 2024-03-04: 2 of its seats (1 apologies, 1 present)" in out
    )
    for left in (
        "2024-03-04: Councillor Ravi Patel (Present): no seat of the board that day is held by a person of "
        "that name, or has it as its role",
        "2024-03-04: Sam Jones (Present, as substitute): they sat as a substitute, and ModernGov does not "
        "say for which seat",
        "2024-03-04: Chief Executive (In attendance): ModernGov records them as in attendance, "
        "not as a member",
    ):
        assert f"not mapped to a seat, so left out: {left}" in out, left
    added = (
        "  - date: 2024-03-04\n    status: held\n    attendance:\n"
        "      - person: jane-smith\n        attended: present\n"
        "      - organisation: council\n        role: Director of Public Health\n"
        "        attended: apologies\n"
    )
    assert _file(town).read_text() == BOARD.replace(
        "kind: thematic-board\n", "kind: thematic-board\nmoderngov_committee_id: 88\n"
    ).replace("members:\n", added + "members:\n")
    march = load_dataset(town).boards["health"].record.meetings[1]
    assert [(a.person or a.role, a.attended) for a in march.attendance] == [
        ("jane-smith", "present"), ("Director of Public Health", "apologies"),
    ]  # fmt: skip
    assert thp("validate", "--root", str(town)).exit_code == 0
    written = _file(town).read_bytes()
    again = run(town, get_meeting(tmp_path, "04/03/2024", MARCH))
    assert again.exit_code == 0 and "nothing to change" in again.output
    assert _file(town).read_bytes() == written


def test_an_existing_meeting_gets_its_attendance_and_check_writes_nothing(town: Path, tmp_path: Path) -> None:
    xml = get_meeting(tmp_path, "10/01/2024", attendee(7, "Cllr. Jane  Smith", "Apologies, sent substitute"))
    before = _file(town).read_bytes()
    checked = run(town, xml, "--check")
    assert checked.exit_code == 0 and "nothing written (--check)" in checked.output
    assert _file(town).read_bytes() == before
    result = run(town, xml)
    assert result.exit_code == 0, result.output
    assert _file(town).read_text() == BOARD.replace(
        "    status: held\n",
        "    status: held\n    attendance:\n      - person: jane-smith\n        attended: substitute\n",
    ).replace("kind: thematic-board\n", "kind: thematic-board\nmoderngov_committee_id: 88\n")


def test_attendance_already_recorded_is_kept(town: Path, tmp_path: Path) -> None:
    _file(town).write_text(
        BOARD.replace("    status: held\n", "    status: held\n    attendance:\n"
                      "      - {person: jane-smith, attended: absent}\n")
    )  # fmt: skip
    result = run(town, get_meeting(tmp_path, "10/01/2024", attendee(7, "Jane Smith", "Present")))
    assert result.exit_code == 0, result.output
    assert "kept the attendance already recorded for the meeting of 2024-01-10" in result.output
    assert (
        "attended: absent" in _file(town).read_text() and "attended: present" not in _file(town).read_text()
    )


def test_a_meeting_not_held_gets_no_attendance(town: Path, tmp_path: Path) -> None:
    result = run(town, get_meeting(tmp_path, "09/09/2024", attendee(7, "Jane Smith", "Expected")))
    assert result.exit_code == 0, result.output
    assert "added the meeting of 2024-09-09 (planned)" in result.output
    assert "left out the attendees of the meeting of 2024-09-09: it is not recorded as held" in result.output
    assert "attendance" not in _file(town).read_text()


def test_one_seat_named_twice_and_a_committee_that_differs(town: Path, tmp_path: Path) -> None:
    twice = attendee(1, "Jane Smith", "Present") + attendee(2, "Councillor Jane Smith", "Absent")
    xml = get_meeting(tmp_path, "04/03/2024", twice, committee="  <committeeid>88</committeeid>\n")
    result = run(town, xml)
    assert result.exit_code == 0, result.output
    assert "Councillor Jane Smith (Absent): the same seat as Jane Smith" in result.output
    other = get_meeting(tmp_path, "05/03/2024", twice, committee="  <committeeid>99</committeeid>\n")
    refused = run(town, other)
    assert refused.exit_code == 2 and "has no meetings of committee 88" in refused.output


def test_attendees_as_child_elements_are_read(town: Path, tmp_path: Path) -> None:
    child = (
        "    <attendee><memberid>9</memberid><name>Director of Public Health</name>"
        "<attendance>Absent</attendance></attendee>\n"
    )
    result = run(town, get_meeting(tmp_path, "04/03/2024", child))
    assert result.exit_code == 0, result.output
    assert "role: Director of Public Health\n        attended: absent\n" in _file(town).read_text()


@pytest.mark.parametrize(
    ("said", "word"),
    [
        ("Present", "present"), ("Present, virtual", "present"), ("Attended", "present"),
        ("Apologies", "apologies"), ("Apologies, sent substitute", "substitute"), ("Absent", "absent"),
        ("Present, as substitute", None), ("In attendance", None), ("Expected", None), ("", None),
        ("Late", None),
    ],
)  # fmt: skip
def test_modern_govs_words(said: str, word: str | None) -> None:
    assert attended_word(said)[0] == word
