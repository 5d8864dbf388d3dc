"""thp import csv|xlsx|moderngov: spreadsheets and ModernGov meetings back into the board files."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app
from thp_cli.edit import plans
from thp_cli.yamlio import splice

from ..conftest import AS_OF, REPO, TESTS

runner = CliRunner()
SAMPLE = TESTS / "import" / "getmeetings.xml"
SAFETY = Path("data/boards/safety.yaml")
HEALTH = Path("data/boards/health.yaml")


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


def snapshot(root: Path) -> dict[str, bytes]:
    files = sorted((root / "data").rglob("*"))
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def export(root: Path, fmt: str, out: Path) -> Path:
    result = thp("export", fmt, "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = True) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


def validate(root: Path) -> None:
    result = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", "text")
    assert result.exit_code == 0, result.output


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "shipped"
    shutil.copytree(REPO / "data", root / "data")
    return root


# -- round trips ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("which", ["shipped", "partnership"])
def test_importing_an_unchanged_export_changes_no_byte(
    fmt: str, which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    root: Path = request.getfixturevalue(which)
    before = snapshot(root)
    sheet = export(root, fmt, tmp_path / f"seats.{fmt}")
    result = thp("import", fmt, str(sheet), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.output == "nothing to change: the sheet matches the data\n"
    assert snapshot(root) == before


# -- edits ------------------------------------------------------------------------------------
def _edited_rows(root: Path, tmp_path: Path) -> list[list[str]]:
    rows = rows_of(export(root, "csv", tmp_path / "seats.csv"))
    header = rows[0]
    board, role, position = header.index("board"), header.index("role"), header.index("position")
    safety = [r for r in rows if r[board] == "safety"]
    assert [r[role] for r in safety] == ["Cabinet Member for Safety", "Borough Commander"]
    safety[0][position] = "chair"  # changed
    rows.remove(safety[1])  # removed
    rows.append(
        ["safety", "", "Director of Public Health", "council", "", "adviser", "false", "", "2024-01-01", ""]
    )
    return rows


EDITED_SAFETY = {
    "  - role: Cabinet Member for Safety\n    organisation: council\n    position: co-chair\n": (
        "  - role: Cabinet Member for Safety\n    organisation: council\n    position: chair\n"
    ),
    "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n": (
        "  - role: Director of Public Health\n    organisation: council\n    position: adviser\n"
        "    since: 2024-01-01\n"
    ),
}


def _expected_safety(root: Path) -> bytes:
    text = (root / SAFETY).read_text(encoding="utf-8")
    for old, new in EDITED_SAFETY.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    return text.encode("utf-8")


@pytest.mark.parametrize(("delimiter", "bom"), [(",", True), (";", True), (";", False), (",", False)])
def test_an_added_a_removed_and_a_changed_row_make_exactly_those_edits(
    partnership: Path, tmp_path: Path, delimiter: str, bom: bool
) -> None:
    before = snapshot(partnership)
    expected = _expected_safety(partnership)
    sheet = write_rows(tmp_path / "edited.csv", _edited_rows(partnership, tmp_path), delimiter, bom)
    result = thp("import", "csv", str(sheet), "--root", str(partnership))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "safety (data/boards/safety.yaml):\n"
        "  changed the seat Cabinet Member for Safety (council): position from co-chair to chair\n"
        "  added the seat Director of Public Health (council) as adviser\n"
        "  removed the seat Borough Commander (police)\n"
        "3 changes to 1 board written\n"
    )
    after = snapshot(partnership)
    assert after.pop(str(SAFETY)) == expected
    before.pop(str(SAFETY))
    assert after == before
    validate(partnership)


def test_check_shows_the_changes_and_writes_nothing(partnership: Path, tmp_path: Path) -> None:
    before = snapshot(partnership)
    sheet = write_rows(tmp_path / "edited.csv", _edited_rows(partnership, tmp_path))
    result = thp("import", "csv", str(sheet), "--check", "--root", str(partnership))
    assert result.exit_code == 0, result.output
    assert "removed the seat Borough Commander (police)" in result.output
    assert result.output.endswith("3 changes to 1 board; nothing written (--check)\n")
    assert snapshot(partnership) == before


def test_an_edited_workbook_is_imported(partnership: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = export(partnership, "xlsx", tmp_path / "seats.xlsx")
    book = load_workbook(sheet)
    seats = book["Seats"]
    header = [c.value for c in seats[1]]
    for row in seats.iter_rows(min_row=2):
        if row[0].value == "safety" and row[header.index("role")].value == "Borough Commander":
            row[header.index("position")].value = "vice-chair"
    book.save(sheet)
    result = thp("import", "xlsx", str(sheet), "--root", str(partnership))
    assert result.exit_code == 0, result.output
    assert "position from co-chair to vice-chair" in result.output
    text = (partnership / SAFETY).read_text()
    assert "  - role: Borough Commander\n    organisation: police\n    position: vice-chair\n" in text
    validate(partnership)


def test_a_board_absent_from_the_sheet_is_left_alone(partnership: Path, tmp_path: Path) -> None:
    rows = rows_of(export(partnership, "csv", tmp_path / "seats.csv"))
    rows = [rows[0], *(r for r in rows[1:] if r[0] != "safety")]
    before = snapshot(partnership)
    result = thp("import", "csv", str(write_rows(tmp_path / "s.csv", rows)), "--root", str(partnership))
    assert result.exit_code == 0, result.output
    assert snapshot(partnership) == before


# -- refusals -----------------------------------------------------------------------------------
def _refused(partnership: Path, tmp_path: Path, rows: list[list[str]]) -> str:
    before = snapshot(partnership)
    result = thp("import", "csv", str(write_rows(tmp_path / "bad.csv", rows)), "--root", str(partnership))
    assert result.exit_code == 2, result.output
    assert snapshot(partnership) == before
    return result.output


def _base_rows(partnership: Path, tmp_path: Path) -> list[list[str]]:
    return rows_of(export(partnership, "csv", tmp_path / "seats.csv"))


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("board", "safty", "row 2, column board: 'safty' is no board; did you mean 'safety'?"),
        (
            "organisation",
            "polise",
            "row 2, column organisation: 'polise' is no organisation in organisations.yaml; "
            "did you mean 'police'?",
        ),
        (
            "person",
            "person-0002",
            "row 2, column person: 'person-0002' is no person in people.yaml; did you mean 'person-0001'?",
        ),
        ("since", "31/02/2024", "row 2, column since: '31/02/2024' is not a date"),
        ("until", "2024-02-30", "row 2, column until: '2024-02-30' is not a date: February 2024 has 29 days"),
        ("position", "chiar", "row 2, column position: 'chiar' is not a position; did you mean 'chair'?"),
        ("elected_member", "maybe", "row 2, column elected_member: 'maybe' is not true or false"),
        ("role", "", "row 2, column role: empty: every seat needs its role"),
    ],
)
def test_a_bad_cell_is_refused_with_its_row_and_column(
    partnership: Path, tmp_path: Path, column: str, value: str, message: str
) -> None:
    rows = _base_rows(partnership, tmp_path)
    rows[1][rows[0].index(column)] = value
    output = _refused(partnership, tmp_path, rows)
    assert output.startswith("thp: nothing was imported: bad.csv has a problem:\n  ")
    assert message in output


def test_a_seat_twice_is_refused_with_both_rows(partnership: Path, tmp_path: Path) -> None:
    rows = _base_rows(partnership, tmp_path)
    rows.append(list(rows[1]))
    output = _refused(partnership, tmp_path, rows)
    assert f"row {len(rows)}, column role: the same seat of {rows[1][0]} as row 2" in output


def test_every_problem_is_reported_at_once(partnership: Path, tmp_path: Path) -> None:
    rows = _base_rows(partnership, tmp_path)
    rows[1][rows[0].index("since")] = "soon"
    rows[3][rows[0].index("position")] = "boss"
    output = _refused(partnership, tmp_path, rows)
    assert "has 2 problems" in output
    assert "row 2, column since" in output and "row 4, column position" in output


def test_an_unknown_column_is_refused(partnership: Path, tmp_path: Path) -> None:
    rows = _base_rows(partnership, tmp_path)
    rows[0][rows[0].index("until")] = "untill"
    output = _refused(partnership, tmp_path, rows)
    assert "row 1, column untill: thp does not know this column; did you mean 'until'?" in output


def test_a_sheet_that_is_not_utf8_is_refused(partnership: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "latin.csv"
    sheet.write_bytes("board,role\nsafety,Caf\xe9\n".encode("latin-1"))
    result = thp("import", "csv", str(sheet), "--root", str(partnership))
    assert result.exit_code == 2
    assert "is not UTF-8" in result.output


def test_an_import_that_would_bring_in_an_error_is_refused(partnership: Path, tmp_path: Path) -> None:
    with (partnership / "data/partnership.yaml").open("a") as handle:
        handle.write("rules:\n  co-chairing: error\n")
    rows = _base_rows(partnership, tmp_path)
    header = rows[0]
    for row in rows[1:]:
        if row[0] == "safety":
            row[header.index("position")] = "member"  # no co-chairs left
    before = snapshot(partnership)
    result = thp("import", "csv", str(write_rows(tmp_path / "s.csv", rows)), "--root", str(partnership))
    assert result.exit_code == 2, result.output
    assert "nothing was changed: the change would bring in an error it does not have now" in result.output
    assert "co-chairing" in result.output
    assert snapshot(partnership) == before


# -- ModernGov ----------------------------------------------------------------------------------
def moderngov(root: Path, *args: str, sample: Path = SAMPLE) -> Result:
    return thp("import", "moderngov", str(sample), "--board", "health", "--root", str(root), *args)


def test_moderngov_adds_the_committees_meetings_and_records_its_id(partnership: Path) -> None:
    before = (partnership / HEALTH).read_text()
    result = moderngov(partnership, "--committee-id", "321", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "recorded ModernGov committee 321\n"
        "added the meeting of 2024-01-15 (held): Health & Wellbeing Board\n"
        "added the meeting of 2024-05-01 (held): Health & Wellbeing Board\n"
        "added the meeting of 2024-09-19 (planned): Health & Wellbeing Board\n"
        "ignored 1 meeting(s) of other committees\n"
        "wrote data/boards/health.yaml\n"
    )
    expected = before.replace("kind: thematic-board\n", "kind: thematic-board\nmoderngov_committee_id: 321\n")
    expected = expected.replace(
        "  - date: 2024-06-01\n    status: held\n",
        "  - date: 2024-06-01\n    status: held\n"
        "  - date: 2024-01-15\n    status: held\n"
        "  - date: 2024-05-01\n    status: held\n"
        "  - date: 2024-09-19\n    status: planned\n",
    )
    assert (partnership / HEALTH).read_text() == expected
    assert "2024-03-12" not in expected  # the Licensing Committee's meeting
    validate(partnership)

    once = snapshot(partnership)
    again = moderngov(partnership, "--committee-id", "321", "--as-of", AS_OF)
    assert again.exit_code == 0, again.output
    assert again.output.startswith("nothing to change: health already has every meeting of committee 321")
    assert snapshot(partnership) == once

    later = moderngov(partnership, "--committee-id", "321", "--as-of", "2024-10-01")
    assert later.exit_code == 0, later.output
    assert "marked the meeting of 2024-09-19 held: its date has passed" in later.output
    assert (partnership / HEALTH).read_text() == expected.replace(
        "2024-09-19\n    status: planned", "2024-09-19\n    status: held"
    )
    validate(partnership)


def test_moderngov_check_writes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    result = moderngov(partnership, "--committee-id", "321", "--as-of", AS_OF, "--check")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("nothing written (--check)\n")
    assert snapshot(partnership) == before


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE getmeetings [<!ENTITY x "xx">]>',
        '<!doctype getmeetings SYSTEM "file:///etc/passwd">',
        '<!ENTITY x SYSTEM "https://example.org/">',
    ],
)
def test_moderngov_refuses_doctype_and_entities(partnership: Path, tmp_path: Path, prolog: str) -> None:
    text = SAMPLE.read_text().replace("<getmeetings", prolog + "\n<getmeetings", 1)
    sample = tmp_path / "evil.xml"
    sample.write_text(text)
    before = snapshot(partnership)
    result = moderngov(partnership, "--committee-id", "321", sample=sample)
    assert result.exit_code == 2
    assert "has a DOCTYPE or ENTITY declaration" in result.output
    assert "Save the plain GetMeetings answer" in result.output
    assert snapshot(partnership) == before


def test_moderngov_names_the_committees_when_none_match(partnership: Path) -> None:
    before = snapshot(partnership)
    result = moderngov(partnership, "--committee-id", "999")
    assert result.exit_code == 2
    assert "has no meetings of committee 999; it has meetings of: 321 Health & Wellbeing Board; " in (
        result.output
    )
    assert snapshot(partnership) == before


def test_moderngov_refuses_a_board_recorded_for_another_committee(partnership: Path) -> None:
    assert moderngov(partnership, "--committee-id", "321").exit_code == 0
    before = snapshot(partnership)
    result = moderngov(partnership, "--committee-id", "410")
    assert result.exit_code == 2
    assert "health is recorded as ModernGov committee 321, not 410" in result.output
    assert snapshot(partnership) == before


def test_moderngov_malformed_xml_is_refused(partnership: Path, tmp_path: Path) -> None:
    sample = tmp_path / "broken.xml"
    sample.write_text("<getmeetings><meeting>")
    result = moderngov(partnership, "--committee-id", "321", sample=sample)
    assert result.exit_code == 2
    assert "is not well-formed XML" in result.output


def test_titles_are_unescaped_twice_as_text() -> None:
    from thp_cli.edit.moderngov import read_meetings, unescape_title

    assert unescape_title("Health &amp;amp; Wellbeing") == "Health & Wellbeing"
    assert unescape_title("&amp;lt;script&amp;gt;") == "<script>"
    meetings = read_meetings(SAMPLE.read_bytes(), "sample")
    assert [(m.id, str(m.date), m.committee) for m in meetings] == [
        ("14021", "2024-01-15", 321),
        ("14022", "2024-05-01", 321),
        ("15110", "2024-09-19", 321),
        ("15002", "2024-03-12", 410),
    ]


# -- the editing layer's new piece ------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("id: a\nmeets: monthly  # said\nname: A\n", "id: a\nmeets: monthly  # said\nx: 5\nname: A\n"),
        ("id: a\nname: A", "id: a\nname: A\nx: 5"),
        ("id: a\r\nmeets: monthly\r\n", "id: a\r\nmeets: monthly\r\nx: 5\r\n"),
        ("id: a\nx: 4 # old\nname: A\n", "id: a\nx: 5 # old\nname: A\n"),
    ],
)
def test_plan_top_key_sets_or_inserts_one_line(before: str, after: str) -> None:
    doc = splice.Document.decode(before.encode(), "f.yaml")
    plan = plans.set_top_key(doc, {}, "x", 5, after=("meets",))
    assert plan.body == after
    assert plan.data == {"x": 5}


def test_the_import_commands_load_no_heavy_library_until_they_run() -> None:
    import subprocess
    import sys

    code = (
        "import sys, thp_cli.cli.imports\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'pydantic', 'ruamel'))\n"
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
