"""Issue #10, the sheets: thp import csv|xlsx under hostile sheets and files that are not files."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app
from thp_cli.edit.sheet_file import read_csv, read_xlsx, sheet_rows
from thp_cli.errors import ThpError

runner = CliRunner()
SHEET = "xl/worksheets/sheet1.xml"


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()
    }


def write_town(root: Path, roles: dict[str, list[tuple[str, str]]]) -> Path:
    """A partnership of the boards in ``roles`` (board id: its seats as (organisation, role)),
    written as block YAML as an officer would, each role a double-quoted YAML string."""
    import json

    data = root / "data"
    (data / "boards").mkdir(parents=True)
    (data / "partnership.yaml").write_text("name: Riverside Partnership\n")
    organisations = sorted({org for seats in roles.values() for org, _ in seats})
    (data / "organisations.yaml").write_text(
        "organisations:\n"
        + "".join(f"  - id: {o}\n    name: {o.title()}\n    sector: vcs\n" for o in organisations)
    )
    for board, seats in roles.items():
        lines = [f"id: {board}", f"name: {board.title()} Board", "kind: thematic-board", "members:"]
        for org, role in seats:
            lines += [f"  - role: {json.dumps(role)}", f"    organisation: {org}"]
        (data / "boards" / f"{board}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def town(tmp_path: Path) -> Path:
    """A small partnership of two boards, nothing like the shipped data."""
    return write_town(
        tmp_path / "town",
        {
            "housing": [
                ("landlords", "Housing Lead"),
                ("tenants", "Tenants' Voice"),
                ("council", "Portfolio Holder"),
            ],
            "youth": [("schools", "Head Teacher"), ("council", "Youth Officer")],
        },
    )


def export(root: Path, fmt: str, out: Path) -> Path:
    result = thp("export", fmt, "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def rewrite(workbook: Path, out: Path, change: Callable[[str], str], member: str = SHEET) -> Path:
    """A copy of ``workbook`` with one member's XML changed, as a hand-edited file would be."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    out.write_bytes(buffer.getvalue())
    return out


def dimension(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)


def cell(ref: str, xml_of_cell: str) -> Callable[[str], str]:
    """Replace the cell at ``ref`` by ``xml_of_cell``."""

    def change(xml: str) -> str:
        new, count = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml_of_cell, xml)
        assert count == 1
        return new

    return change


def run_thp(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """thp in its own process, so that a hang is a failed test, not a stuck run."""
    return subprocess.run(
        [sys.executable, "-m", "thp_cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "THP_ROOT": ""},
    )


# -- xlsx: the rows the sheet has, not the range it declares ------------------------------------
def test_a_stale_small_dimension_hides_no_row_or_column(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    stale = rewrite(sheet, tmp_path / "stale.xlsx", dimension("A1:B2"))
    before = snapshot(town)
    result = thp("import", "xlsx", str(stale), "--root", str(town))
    assert result.exit_code == 0, result.output
    assert result.output == "nothing to change: the sheet matches the data\n"
    assert snapshot(town) == before


def test_a_huge_declared_range_with_a_few_rows_imports_at_once(town: Path, tmp_path: Path) -> None:
    """The dimension says the whole sheet, and a styled empty cell sits in its last corner."""
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")

    def huge(xml: str) -> str:
        xml = dimension("A1:XFD1048576")(xml)
        return xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>')

    workbook = rewrite(sheet, tmp_path / "huge.xlsx", huge)
    started = time.monotonic()
    done = run_thp("import", "xlsx", str(workbook), "--root", str(town))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "nothing to change: the sheet matches the data\n"
    assert time.monotonic() - started < 10  # it used to fill a million rows of 16384 cells


def test_a_formula_without_a_value_is_reported_as_a_formula(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    workbook = rewrite(sheet, tmp_path / "formula.xlsx", cell("C3", '<c r="C3"><f>A3&amp;"!"</f></c>'))
    result = thp("import", "xlsx", str(workbook), "--root", str(town))
    assert result.exit_code == 2
    assert "row 3, column role: a formula saved without its value" in result.output


def test_a_formula_with_its_value_is_read_as_that_value(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    before = snapshot(town)
    # the role of row 2 (housing, first seat) as a formula that shows it
    formula = '<c r="C2" t="str"><f>"Housing "&amp;"Lead"</f><v>Housing Lead</v></c>'
    workbook = rewrite(sheet, tmp_path / "cached.xlsx", cell("C2", formula))
    result = thp("import", "xlsx", str(workbook), "--root", str(town))
    assert result.output == "nothing to change: the sheet matches the data\n"
    assert snapshot(town) == before


def test_a_cell_showing_an_error_is_reported_at_its_row_and_column(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    workbook = rewrite(
        sheet, tmp_path / "error.xlsx", cell("D4", '<c r="D4" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    )
    result = thp("import", "xlsx", str(workbook), "--root", str(town))
    assert result.exit_code == 2
    assert "row 4, column organisation: the cell shows the error #DIV/0!" in result.output


def test_a_workbook_whose_xml_is_broken_is_refused_in_words(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    workbook = rewrite(
        sheet, tmp_path / "broken.xlsx", lambda xml: xml.replace("Housing Lead", "Housing\uffffLead")
    )
    result = thp("import", "xlsx", str(workbook), "--root", str(town))
    assert result.exit_code == 2
    assert "broken.xlsx cannot be read as an Excel workbook (.xlsx)" in result.output
    assert "unexpected error" not in result.output


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_reading(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/padding.bin", b"\0" * (101 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 1024 * 1024
    result = thp("import", "xlsx", str(bomb), "--root", str(town))
    assert result.exit_code == 2
    assert "bomb.xlsx unpacks to more than 100 MB; thp does not read it" in result.output


def test_a_value_in_a_column_with_no_heading_is_reported_not_dropped(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    stray = '<c r="M5" t="inlineStr"><is><t>remember this</t></is></c>'
    workbook = rewrite(
        sheet,
        tmp_path / "stray.xlsx",
        lambda xml: re.sub(r'(<row r="5"[^>]*>.*?)</row>', rf"\1{stray}</row>", xml, count=1),
    )
    result = thp("import", "xlsx", str(workbook), "--root", str(town))
    assert result.exit_code == 2
    assert "row 5, column M: this cell has a value but its column has no heading" in result.output


# -- csv: every error at its row ------------------------------------------------------------------
HEADER = "board,board_name,role,organisation,organisation_name,position,elected_member,person,since,until\r\n"


def write_csv(path: Path, text: str) -> Path:
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("bad_line", "said"),
    [
        (
            'housing,,"Housing "Lead",landlords,,member,false,,,\r\n',
            'a quote (") inside a cell must be doubled',
        ),
        (
            'housing,,"Housing Lead,landlords,,member,false,,,\r\n',
            'a cell opens a quote (") that is never closed',
        ),
    ],
)
def test_a_csv_line_that_cannot_be_read_is_named_by_its_row(
    town: Path, tmp_path: Path, bad_line: str, said: str
) -> None:
    good = "housing,,Housing Lead,landlords,,member,false,,,\r\n"
    sheet = write_csv(
        tmp_path / "bad.csv", HEADER + good + '"youth",,"Head\r\nTeacher",schools,,member,,,,\r\n' + bad_line
    )
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    assert "bad.csv has a problem:\n  row 4, column role: cannot be read as CSV (line 5): " in result.output
    assert said in result.output


def test_a_value_under_an_empty_heading_is_reported_with_its_column(town: Path, tmp_path: Path) -> None:
    header = HEADER.replace("organisation_name,", ",")
    sheet = write_csv(
        tmp_path / "gap.csv", header + "housing,,Housing Lead,landlords,kept?,member,false,,,\r\n"
    )
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    assert "row 2, column E: this cell has a value but its column has no heading" in result.output


def test_more_cells_than_the_header_are_named_by_column(town: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "wide.csv", HEADER + "housing,,Housing Lead,landlords,,member,false,,,,,extra\r\n"
    )
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    assert "row 2, column L: this cell has a value but its column has no heading" in result.output


def test_a_heading_cannot_drive_the_terminal(town: Path, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "ansi.csv", HEADER.replace("until", "\x1b[31muntil") + "housing,,R,landlords,,,,,,\r\n"
    )
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "column \\u001b[31muntil: thp does not know this column" in result.output


def test_a_sheet_that_is_not_utf8_names_the_line(town: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "latin.csv"
    sheet.write_bytes(
        (
            HEADER + "housing,,Housing Lead,landlords,,member,false,,,\r\nyouth,,Caf\xe9,council,,,,,,\r\n"
        ).encode("latin-1")
    )
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    assert "latin.csv is not UTF-8 (line 3 column 11 has the byte 0xE9, perhaps é saved" in result.output


# -- files that are not files ---------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_fifo_is_refused_at_once(town: Path, tmp_path: Path, fmt: str) -> None:
    fifo = tmp_path / f"seats.{fmt}"
    os.mkfifo(fifo)
    done = run_thp("import", fmt, str(fifo), "--root", str(town), timeout=20)
    assert done.returncode == 2
    assert f"thp: {fifo} is a pipe (as a FIFO or <(...) in a shell is), not a file" in done.stderr


def test_a_process_substitution_is_refused_in_words(town: Path, tmp_path: Path) -> None:
    """``thp import csv <(cat seats.csv)``: the shell passes /dev/fd/N, a link to a pipe."""
    sheet = export(town, "csv", tmp_path / "seats.csv")
    read, write = os.pipe()
    try:
        os.write(write, sheet.read_bytes()[:1000])
        done = subprocess.run(
            [sys.executable, "-m", "thp_cli", "import", "csv", f"/dev/fd/{read}", "--root", str(town)],
            capture_output=True,
            text=True,
            timeout=20,
            pass_fds=(read,),
            env={**os.environ, "NO_COLOR": "1", "THP_ROOT": ""},
        )
    finally:
        os.close(read)
        os.close(write)
    assert done.returncode == 2
    assert done.stderr == (
        f"thp: /dev/fd/{read} is a symbolic link to a pipe (as a FIFO or <(...) in a shell is); "
        "save what it holds as a file, import that\n"
    )


def test_a_symbolic_link_is_refused_naming_the_file_it_points_to(town: Path, tmp_path: Path) -> None:
    sheet = export(town, "csv", tmp_path / "seats.csv")
    link = tmp_path / "link.csv"
    link.symlink_to(sheet)
    result = thp("import", "csv", str(link), "--root", str(town))
    assert result.exit_code == 2
    assert result.output == (
        f"thp: {link} is a symbolic link; thp does not follow links: import the file itself, {sheet}\n"
    )


def test_a_device_is_refused(town: Path) -> None:
    result = thp("import", "csv", "/dev/zero", "--root", str(town))
    assert result.exit_code == 2
    assert (
        result.output == "thp: /dev/zero is a device, not a file; save what it holds as a file, import that\n"
    )


def test_a_file_swapped_for_a_fifo_after_any_check_is_refused(
    town: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is on what was opened: a FIFO put in place just before the open is still refused."""
    from thp_cli.edit import sheet_file as importing

    sheet = export(town, "csv", tmp_path / "seats.csv")
    opened = os.open

    def swap_then_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path) == sheet:
            sheet.unlink()
            os.mkfifo(sheet)
        return opened(path, flags, *args)

    monkeypatch.setattr(importing.os, "open", swap_then_open)
    with pytest.raises(importing.ThpError, match="is a pipe"):
        importing.read_input(sheet, 1000)


# -- anything at all as a sheet: a table or a refusal in words, never a crash ---------------------
CSV_TEXT = st.text(alphabet=st.sampled_from(['"', ",", ";", "\n", "\r", "a", "'", "=", " ", "\x00", "é"]))


@settings(max_examples=400, deadline=None)
@given(text=CSV_TEXT)
@example(text='board,role\nx,"a"b\n')
def test_any_csv_is_read_or_refused_at_a_row(text: str) -> None:
    try:
        table = read_csv(("board,role\n" + text).encode("utf-8"), "s.csv")
    except ThpError as error:
        said = str(error)
        assert re.search(r"\n  row \d+(, column [a-zA-Z]+)?: cannot be read as CSV \(lines? \d+", said), said
        if "quote" in said:
            assert ", column " in said, said  # a quoting error is always in some cell
    else:
        sheet_rows(table)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_a_workbook_are_refused_in_words(raw: bytes) -> None:
    with pytest.raises(ThpError, match=r"cannot be read as an Excel workbook \(\.xlsx\)"):
        read_xlsx(raw, "s.xlsx")


def test_a_workbook_with_more_cells_than_thp_reads_is_refused(
    town: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.edit import sheet_file as importing

    sheet = export(town, "xlsx", tmp_path / "seats.xlsx")
    monkeypatch.setattr(importing, "MAX_CELLS", 12)
    with pytest.raises(ThpError, match=r"^seats.xlsx holds more than 12 cells; thp does not read it$"):
        read_xlsx(sheet.read_bytes(), "seats.xlsx")
