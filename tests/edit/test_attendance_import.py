"""``thp import attendance``: a meeting's attendance from a sheet, with the seats sheet's guarantees."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app
from thp_cli.dataset.load import load_dataset
from thp_cli.edit.attendance import ATTENDED

runner = CliRunner()
HEADER = ["organisation", "role", "person", "attended", "substitute"]
BOARD = """\
# The Safety Board, as the clerk keeps it
id: safety
name: Safety Board
kind: thematic-board
meetings:
  - date: 2024-03-01   # the spring meeting
    status: held
    venue: Town Hall

  - date: 2024-06-01
    status: cancelled

  - {date: 2024-07-01, status: held}
  - date: 2024-10-01
    status: planned
members:
  - role: Commander
    organisation: police
  - role: Director
    organisation: council
    person: pat-lee
  - {role: Chief Nurse, organisation: health}
  - role: Youth Lead
    organisation: council
    since: 2024-05-01
"""


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


@pytest.fixture
def town(tmp_path: Path) -> Path:
    data = tmp_path / "town" / "data"
    (data / "boards").mkdir(parents=True)
    (data / "partnership.yaml").write_text("name: Riverside Partnership\n")
    (data / "organisations.yaml").write_text(
        "organisations:\n"
        + "".join(
            f"  - id: {o}\n    name: {o.title()}\n    sector: vcs\n" for o in ("council", "health", "police")
        )
    )
    (data / "people.yaml").write_text("people:\n  - id: pat-lee\n    name: Pat Lee\n")
    (data / "calls_to_action.yaml").write_text("calls_to_action:\n  - number: 1\n    title: Safer streets\n")
    (data / "boards" / "safety.yaml").write_text(BOARD)
    assert thp("validate", "--root", str(tmp_path / "town")).exit_code == 0
    return tmp_path / "town"


def sheet(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([header, *rows])
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return path


def record(town: Path, file: Path, date: str = "2024-03-01", *more: str) -> Result:
    return thp(
        "import", "attendance", str(file), "--board", "safety", "--date", date, "--root", str(town), *more
    )


GOOD = [
    ["police", "Commander", "", "present", ""],
    ["", "", "pat-lee", "substitute", "Deputy Director"],
    ["health", "Chief Nurse", "", "Apologies", ""],
]


def _file(town: Path) -> Path:
    return town / "data" / "boards" / "safety.yaml"


def test_attendance_is_recorded_in_the_meeting_and_nothing_else_changes(town: Path, tmp_path: Path) -> None:
    before = _file(town).read_text()
    result = record(town, sheet(tmp_path / "a.csv", GOOD))
    assert result.exit_code == 0, result.output
    assert "recorded the attendance of the meeting of 2024-03-01 on Safety Board (safety): 3 seats " \
           "(1 present, 1 apologies, 1 substitute)" in result.output  # fmt: skip
    after = _file(town).read_text()
    added = (
        "    attendance:\n"
        "      - organisation: police\n        role: Commander\n        attended: present\n"
        "      - person: pat-lee\n        attended: substitute\n        substitute: Deputy Director\n"
        "      - organisation: health\n        role: Chief Nurse\n        attended: apologies\n"
    )
    assert after == before.replace("    venue: Town Hall\n", "    venue: Town Hall\n" + added)
    meeting = load_dataset(town).boards["safety"].record.meetings[0]
    assert [(a.person or a.role, a.attended, a.substitute) for a in meeting.attendance] == [
        ("Commander", "present", None), ("pat-lee", "substitute", "Deputy Director"),
        ("Chief Nurse", "apologies", None),
    ]  # fmt: skip
    # the Youth Lead's seat began in May: not a seat that day, so not said to be missing
    assert "recorded as not there" not in result.output
    assert thp("validate", "--root", str(town)).exit_code == 0


def test_the_same_sheet_again_changes_no_byte(town: Path, tmp_path: Path) -> None:
    file = sheet(tmp_path / "a.csv", GOOD)
    assert record(town, file).exit_code == 0
    written = _file(town).read_bytes()
    again = record(town, file)
    assert again.exit_code == 0 and "nothing to change" in again.output
    assert _file(town).read_bytes() == written


def test_a_new_sheet_replaces_the_attendance_and_names_seats_with_no_row(town: Path, tmp_path: Path) -> None:
    assert record(town, sheet(tmp_path / "a.csv", GOOD)).exit_code == 0
    result = record(town, sheet(tmp_path / "b.csv", [["police", "Commander", "", "absent", ""]]))
    assert result.exit_code == 0, result.output
    assert "replaced the attendance of the meeting of 2024-03-01" in result.output
    assert (
        "recorded as not there (no row): Director (council), held by pat-lee; Chief Nurse (health)"
        in result.output
    )
    text = _file(town).read_text()
    assert text.count("attended:") == 1 and "attended: absent" in text
    assert text.startswith("# The Safety Board, as the clerk keeps it\n") and "# the spring meeting" in text


def test_a_workbook_and_a_flow_style_meeting(town: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet_ = book.active
    assert sheet_ is not None
    for row in [
        HEADER,
        ["council", "Youth Lead", "", "present", ""],
        ["police", "Commander", "", "absent", ""],
    ]:
        sheet_.append(row)
    book.save(tmp_path / "july.xlsx")
    before = _file(town).read_text()
    result = record(town, tmp_path / "july.xlsx", "2024-07-01")
    assert result.exit_code == 0, result.output
    after = _file(town).read_text()
    assert after == before.replace(
        "  - {date: 2024-07-01, status: held}\n",
        "  - {date: 2024-07-01, status: held, attendance: [{organisation: council, role: Youth Lead, "
        "attended: present}, {organisation: police, role: Commander, attended: absent}]}\n",
    )
    july = load_dataset(town).boards["safety"].record.meetings[2]
    assert [a.attended for a in july.attendance] == ["present", "absent"]


def test_check_writes_nothing(town: Path, tmp_path: Path) -> None:
    before = _file(town).read_bytes()
    result = record(town, sheet(tmp_path / "a.csv", GOOD), "2024-03-01", "--check")
    assert result.exit_code == 0 and "nothing written (--check)" in result.output
    assert _file(town).read_bytes() == before


def test_every_bad_row_is_refused_by_row_and_column(town: Path, tmp_path: Path) -> None:
    rows = [
        ["police", "Commander", "", "presnt", ""],  # row 2
        ["health", "Chief Nurse", "", "present", "Deputy"],  # row 3: a substitute, yet present
        ["police", "Comander", "", "present", ""],  # row 4: no such role
        ["", "", "sam-poe", "present", ""],  # row 5: no such person
        ["council", "Youth Lead", "", "present", ""],  # row 6: the seat began after the meeting
        ["police", "Commander", "", "absent", ""],  # row 7: the Commander again
        ["", "", "", "present", ""],  # row 8: no seat named
        ["council", "Chief Nurse", "", "present", ""],  # row 9: the role, of another organisation
    ]
    before = _file(town).read_bytes()
    result = record(town, sheet(tmp_path / "bad.csv", rows))
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "nothing was imported: bad.csv has 8 problems" in out
    for expected in (
        "row 2, column attended: 'presnt' is not one of present, apologies, absent or substitute; "
        "did you mean 'present'?",
        "row 3, column substitute: names who came instead, but attended is 'present'",
        "row 4, column role: Safety Board on 2024-03-01 had no seat 'Comander' of police; "
        "did you mean 'Commander'?",
        "row 5, column person: 'sam-poe' is no person in people.yaml",
        "row 6, column role: Safety Board on 2024-03-01 had no seat 'Youth Lead' of council",
        "row 7, column role: the same seat as row 2",
        "row 8, column role: empty: name the seat by its role (and organisation), or by its person",
        "row 9, column organisation: Safety Board on 2024-03-01 had no seat 'Chief Nurse' of council: "
        "its seat of that role is of health",
    ):
        assert expected in out, expected
    assert _file(town).read_bytes() == before


@pytest.mark.parametrize(
    ("date", "said"),
    [
        ("2024-06-01", "is cancelled, not held"),
        ("2024-10-01", "thp meeting set safety --date 2024-10-01 --status held"),
        ("2024-03-02", "has no meeting on 2024-03-02; the nearest recorded are on 2024-03-01"),
        ("1 March", "date"),
    ],
)
def test_a_meeting_not_held_or_not_there_is_refused(town: Path, tmp_path: Path, date: str, said: str) -> None:
    before = _file(town).read_bytes()
    result = record(town, sheet(tmp_path / "a.csv", GOOD), date)
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    assert _file(town).read_bytes() == before


def test_hostile_cells_are_refused_or_kept_as_text(town: Path, tmp_path: Path) -> None:
    before = _file(town).read_bytes()
    broken = record(town, sheet(tmp_path / "a.csv", [["police", "Commander\nx: y", "", "present", ""]]))
    assert broken.exit_code == 2 and "row 2, column role" in broken.output
    assert _file(town).read_bytes() == before
    # a formula-like cell neutralised as thp export writes it comes back as the text it was;
    # text that YAML would read as something else is quoted, and reads back exactly
    rows = [["health", "Chief Nurse", "", "substitute", "'=HYPERLINK(\"http://x\")"],
            ["police", "Commander", "", "substitute", "Lead: #1, [acting]"]]  # fmt: skip
    result = record(town, sheet(tmp_path / "b.csv", rows))
    assert result.exit_code == 0, result.output
    meeting = load_dataset(town).boards["safety"].record.meetings[0]
    assert [a.substitute for a in meeting.attendance] == ['=HYPERLINK("http://x")', "Lead: #1, [acting]"]


def test_a_header_without_its_columns_is_refused(town: Path, tmp_path: Path) -> None:
    result = record(town, sheet(tmp_path / "a.csv", [["police", "present"]], ["organisation", "attendd"]))
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "row 1, column attendd: thp does not know this column; did you mean 'attended'?" in out
    empty = record(town, sheet(tmp_path / "b.csv", []))
    assert empty.exit_code == 2 and "no rows under its header" in empty.output


def test_the_words_are_the_models() -> None:
    from typing import get_args

    from thp_cli.field_types import Attended

    assert get_args(Attended) == ATTENDED


def test_an_import_that_would_bring_in_an_error_is_refused(town: Path, tmp_path: Path) -> None:
    """The partnership makes an inactive seat an error: recording the Commander absent from a
    third held meeting in a row would bring one in, so nothing is written."""
    assert (
        thp(
            "meeting", "add", "safety", "--date", "2024-01-15", "--status", "held", "--root", str(town)
        ).exit_code
        == 0
    )
    away = sheet(tmp_path / "away.csv", [["police", "Commander", "", "absent", ""], GOOD[2]])
    assert record(town, away, "2024-01-15").exit_code == 0
    assert record(town, away, "2024-03-01").exit_code == 0
    with (town / "data" / "partnership.yaml").open("a") as handle:
        handle.write("rules:\n  inactive-seat: error\n")
    before = _file(town).read_bytes()
    result = record(town, away, "2024-07-01")
    assert result.exit_code == 2, result.output
    assert (
        "nothing was changed: the change would bring in" in result.output and "inactive-seat" in result.output
    )
    assert _file(town).read_bytes() == before
    everyone = [GOOD[0], ["", "", "pat-lee", "present", ""], ["health", "Chief Nurse", "", "present", ""]]
    assert record(town, sheet(tmp_path / "here.csv", everyone), "2024-07-01").exit_code == 0


def test_a_flow_style_meetings_list(town: Path, tmp_path: Path) -> None:
    flow = BOARD.split("meetings:")[0] + (
        "meetings: [{date: 2024-03-01, status: held},  # spring\n"
        "  {date: 2024-07-01, status: held}]\n"
    ) + "members:" + BOARD.split("members:")[1]  # fmt: skip
    _file(town).write_text(flow)
    result = record(town, sheet(tmp_path / "a.csv", [GOOD[0]]), "2024-07-01")
    assert result.exit_code == 0, result.output
    assert _file(town).read_text() == flow.replace(
        "{date: 2024-07-01, status: held}]",
        "{date: 2024-07-01, status: held, attendance: [{organisation: police, role: Commander, "
        "attended: present}]}]",
    )


CELL = st.text(
    alphabet=st.sampled_from(
        ['"', "'", ",", ":", "#", "-", "=", "\n", "\t", "\u202e", "\x00", "a", "é", " ", "["]
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(substitute=CELL)
@example(substitute="'")
@example(substitute="'\t")
@example(substitute="''=1+1")
@example(substitute="a\u202eb")
def test_any_substitute_cell_is_refused_by_row_and_column_or_read_back_exactly(
    town: Path, tmp_path: Path, substitute: str
) -> None:
    """Whatever a substitute cell holds, the import either refuses it, naming row 2 and its column
    and changing no byte, or records it so that it reads back as the text the sheet gave."""
    before = _file(town).read_bytes()
    raw = io.StringIO(newline="")
    csv.writer(raw).writerows([HEADER, ["police", "Commander", "", "substitute", substitute]])
    path = tmp_path / "h.csv"
    path.write_bytes(raw.getvalue().encode("utf-8", "surrogatepass"))
    result = record(town, path)
    # the ' thp export puts before a cell a spreadsheet would run is taken off; then spaces
    rest = substitute.lstrip("'")
    undone = (
        substitute[1:] if substitute.startswith("'") and rest[:1] and rest[0] in "=+-@\t\r" else substitute
    )
    try:
        if result.exit_code == 0:
            meeting = load_dataset(town).boards["safety"].record.meetings[0]
            assert [a.substitute for a in meeting.attendance] == [undone.strip() or None], result.output
        else:
            assert result.exit_code == 2, result.output
            assert "Traceback" not in result.output
            assert "row 2, column substitute" in result.output or "cannot be read as CSV" in result.output
            assert _file(town).read_bytes() == before
    finally:
        _file(town).write_bytes(before)
