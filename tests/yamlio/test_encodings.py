"""Issue #10: a file in the wrong encoding is told in plain words, the same way everywhere.

One sniffer (:mod:`thp_cli.yamlio.textbytes`) says what is wrong with bytes that are
not UTF-8 text: UTF-16 or UTF-32 with or without a byte order mark, a zero
byte, a byte that is not UTF-8 at its line and column. The data loader,
templates and stylesheets, CSV sheets and ModernGov XML all use it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from thp_cli.yamlio.load import load_bytes
from thp_cli.yamlio.textbytes import sniff

from ..edit.test_hostile_sheets import HEADER, snapshot, thp, write_town
from ..edit.test_moderngov_meetings import AS_OF, NS, meeting, statuses

TEXT = "board,role\nhousing,Chair\nyouth,Lead\n"


# -- the sniffer -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (TEXT.encode("utf-16-le"), "it looks like UTF-16 without a byte order mark"),
        (TEXT.encode("utf-16-be"), "it looks like UTF-16 without a byte order mark"),
        (TEXT.encode("utf-16"), "it is UTF-16: it starts with UTF-16's byte order mark"),
        (TEXT.encode("utf-32-le"), "it looks like UTF-32 without a byte order mark"),
        (TEXT.encode("utf-32-be"), "it looks like UTF-32 without a byte order mark"),
        (TEXT.encode("utf-32"), "it is UTF-32: it starts with UTF-32's byte order mark"),
        # a script with no zero bytes of its own still has one beside each Latin letter
        ("কমিটি, board\nhousing\n".encode("utf-16-le"), "it looks like UTF-16 without a byte order mark"),
    ],
)
def test_utf16_and_utf32_are_named_with_or_without_a_byte_order_mark(raw: bytes, says: str) -> None:
    trouble = sniff(raw)
    assert trouble is not None and trouble.whole
    assert trouble.said.startswith(says) and trouble.here == trouble.said
    assert ("UTF-32" in trouble.said) == ("utf-32" in (trouble.encoding or ""))


def test_a_zero_byte_and_a_byte_that_is_not_utf8_are_placed() -> None:
    zero = sniff("id: x\nname: Zoë\x00\n".encode())
    assert zero is not None and (zero.line, zero.column) == (2, 10)
    assert zero.said == "line 2 column 10 has a zero byte (NUL), which text never holds"
    latin = sniff("id: x\nname: Zoë\n".encode("latin-1"))
    assert latin is not None and (latin.line, latin.column) == (2, 9)
    assert latin.said == "line 2 column 9 has the byte 0xEB, perhaps ë saved in an older Windows encoding"
    assert latin.here == "here it has the byte 0xEB, perhaps ë saved in an older Windows encoding"


def test_utf8_is_text_with_or_without_a_byte_order_mark() -> None:
    assert sniff("name: Zoë → ok\n".encode()) is None
    assert sniff(b"\xef\xbb\xbf" + "name: Zoë\n".encode()) is None
    bom_then_bad = sniff(b"\xef\xbb\xbfab\xff")
    assert bom_then_bad is not None and (bom_then_bad.line, bom_then_bad.column) == (1, 3)


# -- data files -------------------------------------------------------------------------------
def test_a_utf32_data_file_is_called_utf32_not_utf16() -> None:
    for codec in ("utf-32-le", "utf-32-be", "utf-32"):
        loaded = load_bytes("data/people.yaml", "people:\n  - id: a\n    name: A\n".encode(codec))
        [finding] = loaded.findings
        assert finding.rule == "invalid-encoding"
        assert "not UTF-8" in finding.message and "UTF-32" in finding.message
        assert "UTF-16" not in finding.message


# -- CSV sheets --------------------------------------------------------------------------------
@pytest.fixture
def town(tmp_path: Path) -> Path:
    return write_town(tmp_path / "town", {"housing": [("council", "Housing Lead")]})


@pytest.mark.parametrize(
    ("codec", "name"), [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")]
)
def test_a_utf16_sheet_is_one_plain_message_not_a_column_per_letter(
    town: Path, tmp_path: Path, codec: str, name: str
) -> None:
    sheet = tmp_path / "seats.csv"
    sheet.write_bytes((HEADER + "housing,,Housing Lead,council,,,,,,\r\n").encode(codec))
    before = snapshot(town)
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    zeros = "there is a zero byte" if name == "UTF-16" else "there are three zero bytes"
    assert result.output == (
        f"thp: seats.csv is not UTF-8 (it looks like {name} without a byte order mark: {zeros} beside "
        "every letter); in Excel choose Save As, then CSV UTF-8 (Comma delimited), and try again\n"
    )
    assert "does not know this column" not in result.output
    assert snapshot(town) == before


def test_a_utf16_sheet_with_a_mark_is_named_too(town: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "seats.csv"
    sheet.write_bytes((HEADER + "housing,,Housing Lead,council,,,,,,\r\n").encode("utf-16"))
    result = thp("import", "csv", str(sheet), "--root", str(town))
    assert result.exit_code == 2
    assert result.output.startswith("thp: seats.csv is not UTF-8 (it is UTF-16: it starts with UTF-16's")


# -- ModernGov XML -----------------------------------------------------------------------------
def xml_answer(declared: str) -> str:
    meetings = meeting(1, "15/01/2024", meetingstatus="Confirmed") + meeting(2, "16/07/2024")
    return (
        f'<?xml version="1.0" encoding="{declared}"?>\n<getmeetings xmlns="{NS}">'
        f"<meetingscount>2</meetingscount><meetings>{meetings}</meetings></getmeetings>\n"
    )


def import_xml(root: Path, path: Path) -> tuple[int, str]:
    result = thp(
        "import", "moderngov", str(path), "--board", "housing", "--committee-id", "77",
        "--as-of", AS_OF, "--root", str(root),
    )  # fmt: skip
    return result.exit_code, result.output


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_a_utf16_answer_imports_with_or_without_a_mark(town: Path, tmp_path: Path, codec: str) -> None:
    path = tmp_path / "meetings.xml"
    path.write_bytes(xml_answer("utf-16").encode(codec))
    code, output = import_xml(town, path)
    assert code == 0, output
    assert "DOCTYPE" not in output
    assert statuses(town) == {"2024-01-15": "held", "2024-07-16": "planned"}


def test_a_utf16_answer_with_a_doctype_is_still_refused_for_its_doctype(town: Path, tmp_path: Path) -> None:
    path = tmp_path / "meetings.xml"
    doctype = '\n<!DOCTYPE getmeetings [<!ENTITY x "x">]>\n<getmeetings'
    text = xml_answer("utf-16").replace("\n<getmeetings", doctype)
    path.write_bytes(text.encode("utf-16-le"))
    code, output = import_xml(town, path)
    assert code == 2
    assert output.startswith("thp: meetings.xml has a DOCTYPE or ENTITY declaration, which thp does not read")


def test_a_latin1_byte_in_a_utf8_answer_is_placed(town: Path, tmp_path: Path) -> None:
    path = tmp_path / "meetings.xml"
    text = xml_answer("utf-8").replace("Housing &amp;amp; Homes", "Housing &amp;amp; Homes é", 1)
    path.write_bytes(text.encode("latin-1"))
    before = snapshot(town)
    code, output = import_xml(town, path)
    assert code == 2
    line, column = 2, text.splitlines()[1].index("é") + 1
    assert output.startswith(
        f"thp: meetings.xml is not UTF-8 text (line {line} column {column} has the byte 0xE9, perhaps é saved"
    ), output
    assert "not well-formed" not in output and "invalid token" not in output
    assert snapshot(town) == before


def test_an_answer_in_the_encoding_it_declares_is_read(town: Path, tmp_path: Path) -> None:
    path = tmp_path / "meetings.xml"
    text = xml_answer("windows-1252").replace("Housing &amp;amp; Homes", "Housing &amp;amp; Homes – é", 1)
    path.write_bytes(text.encode("cp1252"))
    code, output = import_xml(town, path)
    assert code == 0, output
    assert "Homes – é" in output


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32"])
def test_a_utf32_answer_is_called_utf32(town: Path, tmp_path: Path, codec: str) -> None:
    path = tmp_path / "meetings.xml"
    path.write_bytes(xml_answer("utf-32").encode(codec))
    code, output = import_xml(town, path)
    assert code == 2
    assert output.startswith("thp: meetings.xml is not UTF-8 or UTF-16, which thp reads (it ")
    assert "UTF-32" in output and "DOCTYPE" not in output
