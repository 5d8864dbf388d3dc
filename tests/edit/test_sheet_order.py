"""Data integrity of thp import csv|xlsx: a sheet whose rows an officer sorted or reordered is
still the same seats, so importing it changes no byte (#10, "Data loss and integrity")."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_hostile_sheets import snapshot, thp

BOARD = """\
id: ferry
name: Ferry Board
kind: thematic-board
members:
  - role: Harbour Master
    organisation: port
    person: person-a
    since: 2023-01-01
    until: 2023-12-31
    sources:
      - title: Minutes of 2023-01-10  # the first term's appointment
  - role: Harbour Master
    organisation: port
    person: person-a
    since: 2024-01-01
    sources:
      - title: Minutes of 2024-01-09  # the second term's
  - role: Ferry Lead
    organisation: port
    since: 2022-04-01
    until: 2022-12-31
  - role: Ferry Lead
    organisation: port
    since: 2023-04-01
"""


def _riverside(root: Path) -> Path:
    data = root / "data"
    (data / "boards").mkdir(parents=True)
    (data / "partnership.yaml").write_text("name: Riverside Partnership\n")
    (data / "organisations.yaml").write_text(
        "organisations:\n  - id: port\n    name: Port Trust\n    sector: vcs\n"
    )
    (data / "calls_to_action.yaml").write_text(
        "calls_to_action:\n  - number: 1\n    title: Safe crossings\n"
        '    actions:\n      - number: "1.1"\n        title: New pier\n'
    )
    (data / "people.yaml").write_text("people:\n  - id: person-a\n    name: Ada Quay\n")
    (data / "boards" / "ferry.yaml").write_text(BOARD)
    return root


def _exported(root: Path, fmt: str) -> Path:
    out = root / f"seats.{fmt}"
    result = thp("export", fmt, "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def _rows_reversed(sheet: Path) -> None:
    """The sheet's data rows in the opposite order, as a sort in a spreadsheet leaves them."""
    if sheet.suffix == ".csv":
        text = sheet.read_text(encoding="utf-8-sig")
        header, *rows = text.splitlines()
        sheet.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
        return
    from openpyxl import Workbook, load_workbook

    book = load_workbook(sheet)
    header, *rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    new = Workbook()
    new.active.title = "Seats"
    for row in [header, *reversed(rows)]:
        new.active.append(row)
    new.save(sheet)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_sorted_sheet_of_seats_held_for_two_terms_changes_nothing(tmp_path: Path, fmt: str) -> None:
    root = _riverside(tmp_path / "p")
    assert thp("validate", "--root", str(root)).exit_code == 0
    sheet = _exported(root, fmt)
    _rows_reversed(sheet)
    before = snapshot(root)
    result = thp("import", fmt, str(sheet), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "nothing to change" in result.output
    assert snapshot(root) == before


def test_a_term_changed_in_a_sorted_sheet_changes_that_term_only(tmp_path: Path) -> None:
    """The second term given an end, in a sheet sorted newest first: the seat with those dates
    gets the end, and each term keeps its own sources and comments."""
    root = _riverside(tmp_path / "p")
    sheet = _exported(root, "csv")
    _rows_reversed(sheet)
    text = sheet.read_text(encoding="utf-8")
    text = text.replace("person-a,2024-01-01,", "person-a,2024-01-01,2024-12-31")
    sheet.write_text(text, encoding="utf-8")
    result = thp("import", "csv", str(sheet), "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "1 change to 1 board written" in result.output
    expected = BOARD.replace("    since: 2024-01-01\n", "    since: 2024-01-01\n    until: 2024-12-31\n")
    assert (root / "data" / "boards" / "ferry.yaml").read_text() == expected


# -- thp member add: another term of a seat is a seat of its own -----------------------------
def _snapshot_after(root: Path, *args: str) -> tuple[int, str, dict[str, bytes]]:
    result = thp(*args, "--root", str(root))
    return result.exit_code, result.output, snapshot(root)


def test_member_add_records_another_term_of_a_seat_that_validate_accepts(tmp_path: Path) -> None:
    root = _riverside(tmp_path / "p")
    code, output, _ = _snapshot_after(
        root, "member", "add", "ferry", "--role", "Ferry Lead", "--organisation", "port",
        "--since", "2021-01-01", "--until", "2021-12-31",
    )  # fmt: skip
    assert code == 0, output
    assert (root / "data" / "boards" / "ferry.yaml").read_text() == BOARD + (
        "  - role: Ferry Lead\n    organisation: port\n    position: member\n"
        "    since: 2021-01-01\n    until: 2021-12-31\n"
    )
    assert thp("validate", "--root", str(root)).exit_code == 0


@pytest.mark.parametrize(
    "term",
    [
        ("--since", "2022-06-01", "--until", "2022-07-01"),  # inside the first term
        ("--since", "2024-01-01"),  # the open second term
        ("--until", "2022-04-01"),  # open start, ending on the first term's first day
        ("--since", "2022-04"),  # not a date: refused for itself, never guessed at
    ],
)
def test_member_add_refuses_a_term_that_overlaps_one_the_seat_has(
    tmp_path: Path, term: tuple[str, ...]
) -> None:
    root = _riverside(tmp_path / "p")
    before = snapshot(root)
    code, output, after = _snapshot_after(
        root, "member", "add", "ferry", "--role", "Ferry Lead", "--organisation", "port", *term
    )
    assert code == 2
    assert "nothing was changed" in output or "YYYY-MM-DD" in output
    assert after == before


def test_member_add_of_a_seat_with_two_terms_never_suggests_a_command_that_fails(tmp_path: Path) -> None:
    root = _riverside(tmp_path / "p")
    code, output, _ = _snapshot_after(
        root,
        "member",
        "add",
        "ferry",
        "--role",
        "Ferry Lead",
        "--organisation",
        "port",
        "--since",
        "2024-01-01",
    )
    assert code == 2
    assert "Ferry Lead (port) from 2023-04-01;" in " ".join(output.split())
    assert "thp member set" not in output  # two seats answer to it: the command would be refused
    assert "by hand" in output


def test_member_set_may_give_a_term_to_the_holder_of_another_term(tmp_path: Path) -> None:
    """The open term of the Ferry Lead (from 2023-04-01) passed to the person who held it in
    2022: two terms of one seat, which validate accepts. Moved to start inside the 2022 term as
    well, it would overlap: refused, and nothing changes."""
    root = _riverside(tmp_path / "p")
    board = root / "data" / "boards" / "ferry.yaml"
    board.write_text(
        BOARD.replace("    since: 2022-04-01\n", "    person: person-a\n    since: 2022-04-01\n")
    )
    seat = ["member", "set", "ferry", "--role", "Ferry Lead", "--organisation", "port", "--person", ""]
    before = snapshot(root)
    code, output, after = _snapshot_after(root, *seat, "--new-person", "person-a", "--since", "2022-06-01")
    assert code == 2
    assert "would then have this seat twice" in output
    assert after == before
    code, output, _ = _snapshot_after(root, *seat, "--new-person", "person-a")
    assert code == 0, output
    assert board.read_text().count("    person: person-a\n") == 4
    assert thp("validate", "--root", str(root)).exit_code == 0


# -- a document closed by an end marker (...): a new key goes inside the document --------------
CLOSED = """\
id: ferry
name: Ferry Board
kind: thematic-board
...
"""

MEETINGS = """\
<getmeetings><meetings>
<meeting><meetingid>1</meetingid><committeeid>7</committeeid><meetingdate>2024-05-01</meetingdate></meeting>
</meetings></getmeetings>
"""


@pytest.mark.parametrize("ending", ["...\n", "...", "...\r\n# the end of the board\r\n"])
@pytest.mark.parametrize("command", ["member add", "import csv", "import moderngov"])
def test_a_first_seat_or_meeting_goes_inside_a_document_closed_by_an_end_marker(
    tmp_path: Path, ending: str, command: str
) -> None:
    root = _riverside(tmp_path / "p")
    text = CLOSED.replace("...\n", ending)
    if "\r\n" in ending:
        text = text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    board = root / "data" / "boards" / "ferry.yaml"
    board.write_bytes(text.encode())
    assert thp("validate", "--root", str(root)).exit_code == 0
    if command == "member add":
        args = ["member", "add", "ferry", "--role", "Pier Lead", "--organisation", "port"]
    elif command == "import csv":
        sheet = root / "seats.csv"
        sheet.write_text(
            "board,role,organisation,position,elected_member,person,since,until\n"
            "ferry,Pier Lead,port,member,false,,,\n"
        )
        args = ["import", "csv", str(sheet)]
    else:
        xml = root / "meetings.xml"
        xml.write_text(MEETINGS)
        args = ["import", "moderngov", str(xml), "--board", "ferry", "--committee-id", "7"]
        args += ["--as-of", "2024-09-01"]
    result = thp(*args, "--root", str(root))
    assert result.exit_code == 0, result.output
    after = board.read_bytes().decode()
    head, marker, tail = after.partition("...")
    assert marker and tail == ending[3:]  # the marker and what follows it, byte for byte
    assert head.startswith(text.partition("...")[0])  # the lines before it, as they were
    assert ("Pier Lead" if command != "import moderngov" else "2024-05-01") in head
    assert thp("validate", "--root", str(root)).exit_code == 0
