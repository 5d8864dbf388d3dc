"""Issue #10, the reviewer's round: names are one line of plain text, checked by one function;
an unchanged export imports as no change, a seat with errors included; one person may hold two
seats on a board; and no control character or noncharacter from the data reaches a web page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.model import Member
from thp_cli.report.diagram import Node, svg

from ..conftest import AS_OF, BASE, build_case

runner = CliRunner()


def thp(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})
    return done.exit_code, done.stdout, done.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()
    }


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# Each: how a YAML double-quoted string writes it, the character, the code point thp names, its kind
BAD = [
    ("\\e[31m", "\x1b", "U+001B", "control character"),
    ("\\a", "\x07", "U+0007", "control character"),
    ("\\t", "\t", "U+0009", "control character"),
    ("\\n::warning", "\n", "U+000A", "control character"),
    ("\\r", "\r", "U+000D", "control character"),
    ("\\x7f", "\x7f", "U+007F", "control character"),
    ("\\N", "\x85", "U+0085", "control character"),
    ("\\x9f", "\x9f", "U+009F", "control character"),
    ("\\L", "\u2028", "U+2028", "line separator"),
    ("\\P", "\u2029", "U+2029", "paragraph separator"),
    ("\\uFFFE", "\ufffe", "U+FFFE", "noncharacter"),
    ("\\uFDD0", "\ufdd0", "U+FDD0", "noncharacter"),
]


# -- D2: one line of plain text, one check ---------------------------------------------------------
# (file, the line as the base case has it, the key, the noun thp uses)
FIELDS = [
    ("data/boards/exec.yaml", "  - role: Leader of the Council", "role", "a role"),
    ("data/boards/exec.yaml", "name: Executive Group", "name", "a name"),
    ("data/boards/exec.yaml", "short_name: EG", "short_name", "a short name"),
    ("data/partnership.yaml", "name: Example Borough Partnership", "name", "a name"),
    ("data/partnership.yaml", "  title: Example Plan", "title", "a title"),
    ("data/people.yaml", "    name: A. Person", "name", "a name"),
    ("data/recommendations/r1.yaml", "title: Tackle duplication", "title", "a title"),
    ("data/recommendations/r1.yaml", "sro: Director of Strategy", "sro", "a sro"),
    ("data/recommendations/r1.yaml", "    title: Review the groups", "title", "a title"),
]


@pytest.mark.parametrize(("file", "line", "key", "noun"), FIELDS, ids=[f"{f[0]}:{f[2]}" for f in FIELDS])
@pytest.mark.parametrize(("escape", "char", "code", "kind"), [BAD[i] for i in (0, 3, 6, 8, 10)])
def test_validate_refuses_a_control_character_in_a_name_at_its_place(
    tmp_path: Path, file: str, line: str, key: str, noun: str, escape: str, char: str, code: str, kind: str
) -> None:
    root = build_case(BASE, tmp_path / "p")
    path = root / file
    text = path.read_text(encoding="utf-8")
    indent, value = line.split(f"{key}: ", 1)
    changed = f'{indent}{key}: "Ab{escape}{value}"'
    assert text.count(line + "\n") == 1
    path.write_text(text.replace(line + "\n", changed + "\n"), encoding="utf-8")
    code_, out, _ = thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert code_ == 1, out
    where = f"{line_of(path, changed)}:{len(indent) + len(key) + 3}"
    assert (
        f"{where}  error  {noun} is one line of plain text: remove the {kind} ({code}) at character 3" in out
    )


@pytest.mark.parametrize(("escape", "char", "code", "kind"), BAD)
def test_a_role_validate_refuses_the_import_refuses_with_the_same_words(
    tmp_path: Path, escape: str, char: str, code: str, kind: str
) -> None:
    """The model, the sheet's rows and thp member's options say the same sentence."""
    from thp_cli.field_types import one_line_problem

    role = "x" + char + "y"
    sentence = f"a role is one line of plain text: remove the {kind} ({code}) at character 2"
    assert one_line_problem(role, "a role") == sentence
    root = build_case(BASE, tmp_path / "p")
    sheet = tmp_path / "s.csv"
    code_, _, err = thp("export", "csv", "--root", str(root), "--out", str(sheet))
    assert code_ == 0, err
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    quoted = '"' + role.replace('"', '""') + '"'
    rows[1] = rows[1].replace("Leader of the Council", quoted, 1)
    sheet.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8", newline="")
    before = snapshot(root)
    code_, out, err = thp("import", "csv", str(sheet), "--root", str(root))
    assert code_ == 2, out
    assert "row 2, column role: " + sentence in err
    code_, out, err = thp(
        "member", "add", "exec", "--root", str(root), "--role", role, "--organisation", "council"
    )
    assert (code_, err) == (2, f"thp: --role: {sentence}\n")
    assert snapshot(root) == before


def test_free_text_may_run_over_lines() -> None:
    """Notes and descriptions are free text: a line break or a tab in them is no error; another
    control character is, in the same words as thp update add and thp action status say it."""
    from thp_cli.model import ActionUpdate, Principle

    assert ActionUpdate.model_validate({"date": "2024-01-01", "note": "one\ntwo three"}).note
    assert Principle.model_validate({"id": "p", "title": "P", "description": "a\nb"}).description
    with pytest.raises(
        ValueError, match=r"the note must be plain text: remove the control character \(U\+0007\)"
    ):
        ActionUpdate.model_validate({"date": "2024-01-01", "note": "one\ntwo\x07three"})
    assert ActionUpdate.model_validate({"date": "2024-01-01", "note": "one\ttwo"}).note


def test_a_role_of_only_spaces_is_refused_by_the_model_as_by_the_import() -> None:
    with pytest.raises(ValueError, match="a role must not be empty or only spaces"):
        Member.model_validate({"role": " \u3000 "})


# -- D1: an unchanged export of data with a bad seat changes nothing -------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unchanged_export_keeps_a_seat_that_has_errors(tmp_path: Path, fmt: str) -> None:
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "exec.yaml"
    with board.open("a", encoding="utf-8") as handle:
        handle.write(
            '  - role: "Bell\\aEsc\\e[31mRed"\n'
            "    organisation: council\n"
            "    since: 2024-01-01\n"
            "    sources: [{title: Letter}]  # keep me\n"
        )
    code, out, _ = thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert code == 1
    assert "a role is one line of plain text: remove the control character (U+0007) at character 5" in out
    before = snapshot(root)
    sheet = tmp_path / f"s.{fmt}"
    code, _, err = thp("export", fmt, "--root", str(root), "--out", str(sheet))
    assert code == 0, err
    code, out, err = thp("import", fmt, str(sheet), "--root", str(root))
    assert (code, out) == (0, "nothing to change: the sheet matches the data\n"), err
    assert snapshot(root) == before


# -- D3: one person, two seats ----------------------------------------------------------------------
@pytest.fixture
def two_seats(tmp_path: Path) -> Path:
    """The base case with person-0001 in a second seat on exec (they already hold another)."""
    root = build_case(BASE, tmp_path / "p")
    with (root / "data" / "boards" / "exec.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - {role: Director of Strategy, organisation: council, person: person-0001}\n")
    code, out, _ = thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert code == 0, out
    return root


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_person_in_two_seats_exports_and_imports_as_no_change(two_seats: Path, fmt: str) -> None:
    before = snapshot(two_seats)
    sheet = two_seats.parent / f"s.{fmt}"
    assert thp("export", fmt, "--root", str(two_seats), "--out", str(sheet))[0] == 0
    code, out, err = thp("import", fmt, str(sheet), "--root", str(two_seats), "--check")
    assert (code, out) == (0, "nothing to change: the sheet matches the data\n"), err
    code, out, err = thp("import", fmt, str(sheet), "--root", str(two_seats))
    assert (code, out) == (0, "nothing to change: the sheet matches the data\n"), err
    assert snapshot(two_seats) == before


def test_an_import_changes_one_of_a_persons_two_seats(two_seats: Path) -> None:
    sheet = two_seats.parent / "s.csv"
    assert thp("export", "csv", "--root", str(two_seats), "--out", str(sheet))[0] == 0
    text = sheet.read_text(encoding="utf-8-sig")
    old = "Director of Strategy,council,Example Borough Council,member,false,person-0001,,"
    assert old in text
    sheet.write_text(text.replace(old, old + "2025-03-31"), encoding="utf-8")
    code, out, err = thp("import", "csv", str(sheet), "--root", str(two_seats))
    assert code == 0, err
    assert "changed the seat Director of Strategy (council), held by person-0001" in out
    board = (two_seats / "data" / "boards" / "exec.yaml").read_text(encoding="utf-8")
    assert board.endswith(
        "  - {role: Director of Strategy, organisation: council, person: person-0001, until: 2025-03-31}\n"
    )
    assert "    person: person-0001\n    since: 2023-05-01\n" in board  # the other seat as it was


def test_a_sheet_with_the_same_seat_twice_names_the_earlier_row(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    sheet = tmp_path / "s.csv"
    assert thp("export", "csv", "--root", str(root), "--out", str(sheet))[0] == 0
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    chief = next(i for i, line in enumerate(lines) if line.startswith("exec,") and "person-0001" in line)
    lines.insert(chief + 1, lines[chief])  # rows chief+1 and chief+2 (row numbers count the header)
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = thp("import", "csv", str(sheet), "--root", str(root), "--check")
    assert code == 2
    assert (
        f"row {chief + 2}, column person: the same seat of exec as row {chief + 1} "
        "(Chief Executive (nhs-trust), held by person-0001)"
    ) in err


def test_a_sheet_may_list_a_seat_held_for_two_terms(tmp_path: Path) -> None:
    """Valid data (the same seat, two terms with their dates) is a valid sheet."""
    root = build_case(BASE, tmp_path / "p")
    with (root / "data" / "boards" / "exec.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - {role: Adviser, organisation: council, person: person-0001, until: 2022-12-31}\n"
            "  - {role: Adviser, organisation: council, person: person-0001, since: 2023-01-01}\n"
        )
    assert thp("validate", "--root", str(root), "--as-of", AS_OF)[0] == 0
    before = snapshot(root)
    sheet = tmp_path / "s.csv"
    assert thp("export", "csv", "--root", str(root), "--out", str(sheet))[0] == 0
    code, out, err = thp("import", "csv", str(sheet), "--root", str(root))
    assert (code, out) == (0, "nothing to change: the sheet matches the data\n"), err
    assert snapshot(root) == before


def test_member_add_takes_a_second_seat_for_the_same_person(two_seats: Path) -> None:
    code, out, err = thp(
        "member", "add", "exec", "--root", str(two_seats),
        "--person", "person-0001", "--role", "Other", "--organisation", "council",
    )  # fmt: skip
    assert code == 0, err
    assert out == "added the seat Other (council), held by person-0001, to Executive Group (exec) as member\n"
    assert thp("validate", "--root", str(two_seats), "--as-of", AS_OF)[0] == 0


def test_member_add_of_a_seat_that_exists_names_it_so_set_can_find_it(two_seats: Path) -> None:
    before = snapshot(two_seats)
    code, _, err = thp(
        "member", "add", "exec", "--root", str(two_seats),
        "--person", "person-0001", "--role", "Director of Strategy", "--organisation", "council",
    )  # fmt: skip
    assert code == 2
    assert err == (
        "thp: exec already has the seat Director of Strategy (council), held by person-0001; nothing was "
        "changed. To change that seat, use thp member set exec --person person-0001 --role "
        "'Director of Strategy' with what to change\n"
    )
    assert snapshot(two_seats) == before


def test_member_set_of_a_person_in_two_seats_says_how_to_tell_them_apart(two_seats: Path) -> None:
    before = snapshot(two_seats)
    code, _, err = thp(
        "member", "set", "exec", "--root", str(two_seats), "--person", "person-0001", "--until", "2025-01-01"
    )
    assert code == 2
    assert err == (
        "thp: 2 seats on exec are held by person-0001; say which with --role or --organisation, "
        "or change the file by hand:\n"
        "  Chief Executive (nhs-trust), held by person-0001\n"
        "  Director of Strategy (council), held by person-0001\n"
    )
    assert snapshot(two_seats) == before
    code, out, err = thp(
        "member", "set", "exec", "--root", str(two_seats),
        "--person", "person-0001", "--role", "Director of Strategy", "--until", "2025-01-01",
    )  # fmt: skip
    assert code == 0, err
    assert (
        out == "changed the seat Director of Strategy (council), held by person-0001, "
        "on Executive Group (exec): until 2025-01-01\n"
    )
    code, out, err = thp(
        "member",
        "remove",
        "exec",
        "--root",
        str(two_seats),
        "--person",
        "person-0001",
        "--organisation",
        "nhs-trust",
    )
    assert code == 0, err
    assert "Director of Strategy" in (two_seats / "data" / "boards" / "exec.yaml").read_text(encoding="utf-8")


# -- D5: nothing HTML or XML forbids reaches the page ------------------------------------------------
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(p + 0xFFFE) + chr(p + 0xFFFF) for p in range(0, 0x110000, 0x10000))
    + "]"
)
NASTY = "\\x01\\v\\e[31m\\x7f\\x80\\x9f\\uFFFE\\uFFFF\\uFDD0\\U0001FFFE"


def test_svg_text_is_well_formed_whatever_the_labels_hold() -> None:
    label = "\x01\x0b\x1b[31m\x7f\x80\x9f\ufffe\uffff\ufdd0\U0001fffe"
    nodes = [Node("a", "Board " + label, ()), Node("b", label + " two", ("a",))]
    picture = svg(nodes, "Title " + label, "Description " + label)
    ET.fromstring(picture)  # well-formed XML
    assert FORBIDDEN.search(picture) is None
    assert picture.count("\ufffd") >= 4 * 9  # (wrapping makes U+000B a space)


def test_the_html_report_holds_no_forbidden_character_from_free_text(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    data = root / "data"
    nasty = f'"x{NASTY}y"'
    partnership = (data / "partnership.yaml").read_text(encoding="utf-8")
    partnership = partnership.replace("vision: Everyone in the borough lives well", f"vision: {nasty}")
    partnership += f"report:\n  foreword: {nasty}\n  sections: [glance, structure, boards, recommendations]\n"
    partnership = partnership.replace(
        "    title: Evidence-led\n", f"    title: Evidence-led\n    description: {nasty}\n"
    )
    (data / "partnership.yaml").write_text(partnership, encoding="utf-8")
    health = (data / "boards" / "health.yaml").read_text(encoding="utf-8")
    health = health.replace(
        "kind: thematic-board\n",
        f"kind: thematic-board\nstrategy: {nasty}\nstatutory: true\nstatutory_basis: {nasty}\n",
    )
    health += (
        f"  - year: 2024\n    summary: {nasty}\n    achievements: [{nasty}]\n"
        f"    challenges: [{nasty}]\n    escalations: [{nasty}]\n"
    )
    (data / "boards" / "health.yaml").write_text(health, encoding="utf-8")
    r1 = (data / "recommendations" / "r1.yaml").read_text(encoding="utf-8")
    (data / "recommendations" / "r1.yaml").write_text(
        r1.replace("note: Started.", f"note: {nasty}"), encoding="utf-8"
    )
    # free text holds no control character but the line feed: validate refuses each, where it is
    code, out, _ = thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert code == 1, out
    assert out.count("must be plain text: remove the control character (U+0001) at character 2") == 10
    page = tmp_path / "report.html"
    code, _, err = thp(
        "report", "annual", "--root", str(root), "--as-of", AS_OF, "--format", "html", "--out", str(page)
    )
    assert (code, page.exists()) == (1, False), err
    code, _, err = thp(
        "report",
        "annual",
        "--root",
        str(root),
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "--out",
        str(page),
        "--allow-errors",
    )
    assert code == 0, err
    html = page.read_text(encoding="utf-8")  # the records that could not be read are left out
    found = FORBIDDEN.search(html)
    assert found is None, (
        f"U+{ord(found.group()):04X} near {html[max(0, found.start() - 60) : found.end()]!r}"
    )
    picture = re.search(r"<svg.*?</svg>", html, re.DOTALL)
    assert picture is not None
    ET.fromstring(picture.group())
