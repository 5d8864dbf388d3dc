"""thp export: each format read back with its own parser (csv, openpyxl, json, icalendar)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from icalendar import Calendar
from typer.testing import CliRunner, Result

from thp_cli.cli.app import app
from thp_cli.export.calendar import https, slug
from thp_cli.export.seats import SEAT_COLUMNS, Seat, neutralise

from ..conftest import AS_OF, REPO

runner = CliRunner()
HEADER = [
    "board", "board_name", "role", "organisation", "organisation_name",
    "position", "elected_member", "person", "since", "until",
]  # fmt: skip
HOSTILE = '=HYPERLINK("http://x")'
EMAIL, PHONE, ADDRESS = "a.person@example.org", "020 7946 0000", "1 Secret Street"


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


def export(root: Path, fmt: str, *args: str, out: Path | None = None) -> Result:
    extra = ["--out", str(out)] if out is not None else []
    result = thp("export", fmt, "--root", str(root), *args, *extra)
    assert result.exit_code == 0, result.output
    return result


def add_seat(root: Path, board: str, lines: str) -> None:
    """Put a seat first on ``board``."""
    path = root / "data" / "boards" / f"{board}.yaml"
    text = path.read_text()
    assert text.count("\nmembers:\n") == 1
    path.write_text(text.replace("\nmembers:\n", "\nmembers:\n" + lines))


def with_contacts(root: Path) -> None:
    (root / "data" / "people.yaml").write_text(
        "people:\n"
        "  - id: person-0001\n"
        "    name: A. Person\n"
        "    contact:\n"
        f"      email: {EMAIL}\n"
        f'      phone: "{PHONE}"\n'
        f"      address: {ADDRESS}\n"
    )


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


# -- CSV --------------------------------------------------------------------------------
def test_csv_one_row_per_seat_in_board_order(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "seats.csv"
    export(partnership, "csv", out=out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["board", "exec", "exec", "health", "health", "safety", "safety"]
    assert rows[3] == [
        "exec", "Executive Group", "Chief Executive", "nhs-trust", "Example NHS Trust",
        "co-chair", "false", "person-0001", "2023-05-01", "",
    ]  # fmt: skip
    assert rows[1][6] == "true"


def test_csv_printed_is_the_same_as_written(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "seats.csv"
    export(partnership, "csv", out=out)
    assert export(partnership, "csv").stdout_bytes == out.read_bytes()


def test_csv_current_keeps_only_seats_current_on_the_day(partnership: Path) -> None:
    former = "  - role: Former Chair\n    organisation: police\n    until: 2024-01-31\n"
    add_seat(partnership, "board", former)
    every = read_csv(export(partnership, "csv").stdout)
    current = read_csv(export(partnership, "csv", "--current", "--as-of", AS_OF).stdout)
    assert ["board", "Former Chair"] in [row[:1] + row[2:3] for row in every]
    assert "Former Chair" not in [row[2] for row in current]
    assert len(every) == len(current) + 1
    then = read_csv(export(partnership, "csv", "--current", "--as-of", "2024-01-31").stdout)
    assert "Former Chair" in [row[2] for row in then]


def test_as_of_without_current_is_refused(partnership: Path) -> None:
    result = thp("export", "csv", "--root", str(partnership), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "add --current" in result.stderr


@pytest.mark.parametrize("role", [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "'=1", "=cmd|' /C calc'!A0"])
def test_csv_neutralises_formulas(partnership: Path, tmp_path: Path, role: str) -> None:
    add_seat(partnership, "health", f"  - role: {json.dumps(role)}\n    organisation: police\n")
    rows = read_csv(export(partnership, "csv").stdout)
    health = [row[2] for row in rows if row[0] == "health"]
    assert health[0] == "'" + role
    out = tmp_path / "seats.xlsx"
    export(partnership, "xlsx", out=out)
    sheet = openpyxl.load_workbook(out)["Seats"]
    cells = [row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == "health"]
    # text, not a formula, and exact (but XML reads a carriage return as a line feed)
    assert cells[0].value == role.replace("\r", "\n") and cells[0].data_type == "s"


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Chief Executive") == "Chief Executive"
    assert neutralise("A = B") == "A = B"
    assert neutralise("-") == "'-"


# -- XLSX -------------------------------------------------------------------------------
def test_xlsx_has_the_csv_values_as_typed_cells(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "seats.xlsx"
    export(partnership, "xlsx", out=out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Seats", "Boards", "Meetings", "Recommendations", "Indicators", "Lists"]
    sheet = book["Seats"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER[:8], "person_name", *HEADER[8:]]
    rows = [(*row[:8], *row[9:]) for row in rows]  # the holder's name: see tests/export/test_workbook.py
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > 10
    exec_chief = rows[3]
    assert exec_chief[:8] == (
        "exec", "Executive Group", "Chief Executive", "nhs-trust", "Example NHS Trust",
        "co-chair", False, "person-0001",
    )  # fmt: skip
    assert isinstance(exec_chief[8], dt.datetime) and exec_chief[8].date() == dt.date(2023, 5, 1)
    assert exec_chief[9] is None
    assert rows[1][6] is True
    assert len(rows) == len(read_csv(export(partnership, "csv").stdout))
    boards = list(book["Boards"].iter_rows(values_only=True))
    assert boards[0] == ("id", "name", "kind", "statutory", "reports_to", "status")
    review = ("housing-review", "Housing Review Group", "task-and-finish", False, "safety, health", "active")
    assert review in boards
    assert ("safety", "Safety Partnership", "thematic-board", True, "exec", "active") in boards


def test_xlsx_same_data_same_bytes(partnership: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export(partnership, "xlsx", out=first)
    export(partnership, "xlsx", out=second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified


def test_xlsx_needs_out(partnership: Path) -> None:
    result = thp("export", "xlsx", "--root", str(partnership))
    assert result.exit_code == 2
    assert "needs --out" in result.stderr


def test_xlsx_leaves_out_a_role_validate_refuses(partnership: Path, tmp_path: Path) -> None:
    """A role with a control character is an error (a role is one line of plain text): the
    seat is left out of the sheet, never written mangled (U+FFFD) for an import to write back."""
    add_seat(partnership, "health", '  - role: "Bell\\aRinger"\n    organisation: police\n')
    out = tmp_path / "seats.xlsx"
    export(partnership, "xlsx", out=out)
    roles = [row[2] for row in openpyxl.load_workbook(out)["Seats"].iter_rows(values_only=True)]
    assert not any("Bell" in str(role) for role in roles)


# -- Popolo -----------------------------------------------------------------------------
def test_popolo(partnership: Path) -> None:
    data = json.loads(export(partnership, "popolo").stdout)
    assert list(data) == ["organizations", "memberships", "persons"]
    organizations = {o["id"]: o for o in data["organizations"]}
    assert organizations["exec"] == {
        "id": "exec", "name": "Executive Group", "classification": "executive", "parent_id": "board",
        "other_names": [{"name": "EG", "note": "short name"}],
    }  # fmt: skip
    assert organizations["housing-review"]["parent_id"] == "safety"
    assert "parent_id" not in organizations["board"]
    trust = {"id": "nhs-trust", "name": "Example NHS Trust", "classification": "health"}
    assert organizations["nhs-trust"] == trust
    assert len(data["memberships"]) == 7
    for membership in data["memberships"]:
        assert {"organization_id", "role"} <= set(membership)
        assert membership["organization_id"] in organizations
        assert membership["on_behalf_of_id"] in organizations
    named = [m for m in data["memberships"] if "person_id" in m]
    assert named == [
        {"organization_id": "exec", "role": "Chief Executive", "label": "co-chair",
         "on_behalf_of_id": "nhs-trust", "person_id": "person-0001", "start_date": "2023-05-01"},
    ]  # fmt: skip
    assert data["persons"] == [{"id": "person-0001", "name": "A. Person"}]


def test_popolo_keeps_board_and_organisation_ids_apart(partnership: Path) -> None:
    path = partnership / "data" / "organisations.yaml"
    path.write_text(path.read_text() + "  - id: exec\n    name: Exec Ltd\n    sector: business\n")
    add_seat(partnership, "health", "  - role: Director\n    organisation: exec\n")
    data = json.loads(export(partnership, "popolo").stdout)
    ids = [o["id"] for o in data["organizations"]]
    assert len(ids) == len(set(ids))
    assert "organisation:exec" in ids
    health = [m for m in data["memberships"] if m["organization_id"] == "health"]
    assert health[0]["on_behalf_of_id"] == "organisation:exec"


def test_popolo_to_a_file_is_what_is_printed(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "popolo.json"
    printed = export(partnership, "popolo").stdout
    export(partnership, "popolo", out=out)
    assert out.read_text(encoding="utf-8") == printed


# -- iCalendar --------------------------------------------------------------------------
def ics(root: Path, *args: str) -> bytes:
    return export(root, "ics", "--as-of", AS_OF, *args).stdout_bytes


def events(feed: bytes) -> list[Any]:
    return list(Calendar.from_ical(feed).walk("VEVENT"))


def test_ics_one_all_day_event_per_meeting(partnership: Path) -> None:
    feed = ics(partnership)
    calendar = Calendar.from_ical(feed)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"])
    assert str(calendar["x-wr-calname"]) == "Example Borough Partnership: meetings"
    found = {str(e["uid"]): e for e in events(feed)}
    assert sorted(found) == [
        "board-20240301@example-borough-partnership",
        "exec-20240710@example-borough-partnership",
        "exec-20241110@example-borough-partnership",
        "health-20240601@example-borough-partnership",
        "safety-20240501@example-borough-partnership",
    ]
    held = found["exec-20240710@example-borough-partnership"]
    assert held.decoded("dtstart") == dt.date(2024, 7, 10)
    assert held.decoded("dtend") == dt.date(2024, 7, 11)
    assert held.decoded("dtstamp") == dt.datetime(2024, 9, 1, tzinfo=dt.timezone.utc)
    assert str(held["summary"]) == "Executive Group"
    assert str(held["status"]) == "CONFIRMED"
    assert str(held["url"]) == "https://example.org/exec/2024-07-10/agenda"
    assert "https://example.org/exec/2024-07-10/agenda" in str(held["description"])
    planned = found["exec-20241110@example-borough-partnership"]
    assert str(planned["status"]) == "TENTATIVE" and int(planned["sequence"]) == 0
    assert "url" not in planned and "description" not in planned
    assert b"VTIMEZONE" not in feed


def test_ics_is_rfc_5545_text(partnership: Path) -> None:
    path = partnership / "data" / "boards" / "health.yaml"
    long_name = "Health and Wellbeing Board; Ümlaut, Ärzte, Öffentlichkeit — " * 3
    path.write_text(path.read_text().replace("name: Health Board", f"name: {json.dumps(long_name)}"))
    feed = ics(partnership)
    assert feed.endswith(b"\r\n")
    lines = feed[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a character
    summaries = [str(e["summary"]) for e in events(feed)]
    assert long_name in summaries  # escaping and folding undone by the parser


def test_ics_uids_stable_and_unique(partnership: Path) -> None:
    path = partnership / "data" / "boards" / "health.yaml"
    path.write_text(
        path.read_text().replace(
            "  - date: 2024-06-01\n    status: held\n",
            "  - date: 2024-06-01\n    status: held\n"
            "  - date: 2024-06-01\n    status: cancelled\n    agenda: http://example.org/insecure\n",
        )
    )
    first, second = ics(partnership), ics(partnership)
    assert first == second
    uids = [str(e["uid"]) for e in events(first)]
    assert len(uids) == len(set(uids)) == 6
    assert "health-20240601-2@example-borough-partnership" in uids
    cancelled = next(e for e in events(first) if str(e["uid"]).startswith("health-20240601-2"))
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 2
    assert "url" not in cancelled and "description" not in cancelled  # http is not shown


def test_ics_one_board(partnership: Path) -> None:
    feed = ics(partnership, "--board", "exec")
    assert [str(e["uid"]).split("@")[0] for e in events(feed)] == ["exec-20240710", "exec-20241110"]
    assert str(Calendar.from_ical(feed)["x-wr-calname"]) == "Example Borough Partnership: Executive Group"


def test_ics_unknown_board_suggests_one(partnership: Path) -> None:
    result = thp("export", "ics", "--root", str(partnership), "--board", "exce")
    assert result.exit_code == 2
    assert "did you mean 'exec'?" in result.stderr


def test_https_only() -> None:
    assert https("https://example.org/a") == "https://example.org/a"
    assert https("http://example.org/a") is None
    assert https("mailto:a@example.org") is None
    assert https("https://example.org/a b") is None
    assert https("https:///nohost") is None
    assert slug("Tōwer Hamlets  Partnership!") == "tower-hamlets-partnership"
    assert slug("!!!") == "partnership"


# -- every format ---------------------------------------------------------------------
FORMATS = ["csv", "xlsx", "popolo", "ics"]


def every_export(root: Path, tmp_path: Path) -> dict[str, str]:
    texts = {}
    for fmt in FORMATS:
        out = tmp_path / f"export.{fmt}"
        export(root, fmt, out=out)
        texts[fmt] = xlsx_text(out) if fmt == "xlsx" else out.read_text(encoding="utf-8")
    return texts


def test_no_contact_details_in_any_export(partnership: Path, tmp_path: Path) -> None:
    with_contacts(partnership)
    for fmt, text in every_export(partnership, tmp_path).items():
        for private in (EMAIL, PHONE, ADDRESS, "Secret", "020 7946"):
            assert private not in text, fmt
    assert "A. Person" in every_export(partnership, tmp_path)["popolo"]


def test_shipped_data_exports_cleanly(tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"export.{fmt}"
        result = export(REPO, fmt, out=out)
        assert result.stderr == ""
        assert out.stat().st_size > 0
    rows = read_csv((tmp_path / "export.csv").read_text(encoding="utf-8"))
    assert rows[0] == HEADER and len(rows) > 10
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])
    popolo = json.loads((tmp_path / "export.popolo").read_text(encoding="utf-8"))
    assert len(popolo["memberships"]) == len(rows) - 1
    assert events((tmp_path / "export.ics").read_bytes())
    assert openpyxl.load_workbook(tmp_path / "export.xlsx")["Seats"].max_row == len(rows)


def test_data_with_errors_exports_what_loaded_and_warns(partnership: Path) -> None:
    path = partnership / "data" / "boards" / "safety.yaml"
    path.write_text(path.read_text().replace("kind: thematic-board", "kind: thematic"))
    result = export(partnership, "csv")
    assert "thp: warning: the data has 1 error(s)" in result.stderr
    boards = {row[0] for row in read_csv(result.stdout)[1:]}
    assert boards == {"board", "exec", "health"}
    refused = thp("export", "ics", "--root", str(partnership), "--board", "safety")
    assert refused.exit_code == 2
    assert "has errors" in refused.stderr


def test_seat_fields_are_the_header() -> None:
    assert list(SEAT_COLUMNS) == HEADER
    assert list(Seat.__dataclass_fields__) == HEADER


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_command_has_help(fmt: str) -> None:
    result = thp("export", fmt, "--help")
    assert result.exit_code == 0
    assert "--root" in result.output


def test_export_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "import thp_cli.cli.export\n"
        "print(sorted(m for m in ('openpyxl', 'icalendar', 'pydantic') if m in sys.modules))\n"
        "from thp_cli.cli.app import app\n"
        "CliRunner().invoke(app, ['export', 'xlsx', '--help'])\n"
        "CliRunner().invoke(app, ['export', 'ics', '--help'])\n"
        "print(sorted(m for m in ('openpyxl', 'icalendar') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["[]", "[]"], done.stderr
