"""Issue #10, the output side: nothing thp prints or writes can be injected by the data.

Hostile values (workflow commands, terminal escapes, rich markup, Markdown and HTML,
formulas, control characters) go into a partnership, and every output is checked for
what a user (or GitHub, a terminal, a spreadsheet, an XML parser) would see.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from thp_cli import inert
from thp_cli.cli.app import app
from thp_cli.findings import Finding, Severity
from thp_cli.findings import Result as Findings
from thp_cli.reporters import step_summary
from thp_cli.templating import md_escape

from .conftest import AS_OF, REPO, Repo, new_repo, write_partnership

runner = CliRunner()
ESC = "\x1b]0;owned\x07\x1b[2J\x1b[31m"  # set the window title, clear the screen, red


def thp(*args: str, env: dict[str, str] | None = None) -> Result:
    base = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
    return runner.invoke(app, list(args), env={**base, **(env or {})})


def no_workflow_command(text: str) -> None:
    """No line GitHub's runner reads (it splits at CR and LF) is a workflow command."""
    for line in re.split(r"\r\n|\r|\n", text):
        assert not line.lstrip().startswith("::"), line
    assert "##[" not in text


def inert_text(text: str) -> None:
    """No control character (but line feed and tab), bidi control or line separator."""
    bad = re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", text)
    assert not bad, bad


def join_seat(repo: Repo, board: str, role: str) -> None:
    """Add a seat with ``role`` (YAML text) as the first under ``members:`` of ``board``."""
    repo.edit(
        f"data/boards/{board}.yaml",
        "members:\n",
        f"members:\n  - role: {role}\n    organisation: council\n    position: member\n",
    )


def hostile(root: Path, name: str, role: str) -> Path:
    """Two boards sharing three seats; ``name`` names the first, ``role`` is a shared seat's role."""
    seats = ["council/Chair", f"police/{role}", "health/Member"]
    return write_partnership(
        root,
        {
            "alpha": {"name": name, "calls_to_action": [1, 2], "seats": seats},
            "beta": {"name": "Beta Board", "reports_to": ["alpha"], "calls_to_action": [1], "seats": seats},
        },
    )


# -- workflow commands in CI logs -----------------------------------------------------------------
def test_diff_text_starts_no_line_with_a_workflow_command(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    repo.edit("data/boards/health.yaml", "name: Health Board", "name: '::error::owned ##[warning]x'")
    join_seat(repo, "health", "'::add-mask::x'")
    result = thp("diff", base, "--root", str(repo.root), "--format", "text")
    assert result.exit_code == 0, result.output
    no_workflow_command(result.stdout)
    assert "\\u003a:error::owned #\\u0023[warning]x" in result.stdout.splitlines()


def test_history_text_carries_no_workflow_command_from_an_author(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-01-10")
    join_seat(repo, "health", "Adviser")
    repo.env["GIT_AUTHOR_NAME"] = "##[error]Mallory"
    repo.commit("a seat", "2024-02-10")
    result = thp("history", "health", "--root", str(repo.root), "--format", "text")
    assert result.exit_code == 0, result.output
    no_workflow_command(result.stdout)
    assert "#\\u0023[error]Mallory" in result.stdout


def test_validate_text_and_github_log_lines_carry_no_workflow_command(tmp_path: Path) -> None:
    root = hostile(tmp_path / "p", "Alpha", "Member")
    board = root / "data" / "boards" / "beta.yaml"
    board.write_text(board.read_text().replace('"alpha"', '"##[error]x::error::y"'))
    for fmt in ("text", "github"):
        result = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "#\\u0023[error]x::error::y" in result.stdout
        own = [line for line in result.stdout.splitlines() if line.startswith("::")]
        assert all(re.match(r"::(error|warning) file=", line) for line in own)  # thp's own annotations
        no_workflow_command("\n".join(line for line in result.stdout.splitlines() if line not in own))


def test_overlap_table_wraps_no_workflow_command_to_a_line_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    root = hostile(tmp_path / "p", "Alpha", "x" * 72 + " ::error::owned")
    result = thp("overlap", "--root", str(root), "--as-of", AS_OF, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "\\u003a:error::owned" in result.stdout  # the wrapped line, escaped
    no_workflow_command(result.stdout)


def test_json_printed_keeps_its_meaning() -> None:
    value = "::error::x\x1b[2J\u2028\udcff ##[warning]"
    printed = inert.lines(json.dumps({"v": value}, ensure_ascii=False))
    inert_text(printed)
    assert json.loads(printed) == {"v": value}


# -- CSV formulas ---------------------------------------------------------------------------------
def test_overlap_csv_neutralises_every_data_cell(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path / "p",
        {
            "alpha": {"name": "Alpha", "calls_to_action": [1], "seats": ["council/=HYPERLINK(1)", "a/B"]},
            "beta": {"name": "Beta", "reports_to": ["alpha"], "seats": ["council/=HYPERLINK(1)", "a/B"]},
        },
    )
    result = thp("overlap", "--root", str(root), "--as-of", AS_OF, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[1][5].startswith("'=HYPERLINK(1)")  # shared_seats
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# -- Markdown -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "forbidden"),
    [
        ("ping @octocat and @org/team", "@o"),
        ("see #12", "#1"),
        ("see owner/repo#12", "#1"),
        ("see GH-12", "GH-"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("![x](https://evil.example/p.png)", "]("),
        ("a\x1b[31mb\x9bc", "\x1b"),
        ("a\x1b[31mb\x9bc", "\x9b"),
        ("x\u202ey", "\u202e"),
        ("`code` and ``", "`c"),
    ],
)
def test_md_escape_leaves_nothing_live(value: str, forbidden: str) -> None:
    assert not re.search(r"(?<!\\)" + re.escape(forbidden), md_escape(value))


def test_job_summary_escapes_a_file_name_that_holds_backticks() -> None:
    finding = Finding("data/boards/x`<img src=x>`@octocat.yaml", 1, 1, "id-matches-file", Severity.ERROR, "m")
    text = step_summary(Findings.of([finding]))
    row = next(line for line in text.splitlines() if "x" in line and line.startswith("| "))
    assert "<img" not in text and "@octocat" not in text
    assert row.count("|") - row.count("\\|") == 6  # the table has its five cells, no more
    assert "\\`&lt;img src=x&gt;\\`" in row


def test_diff_md_has_no_live_mention(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    repo.edit("data/boards/health.yaml", "name: Health Board", "name: Health @security-team")
    join_seat(repo, "health", "Adviser")
    result = thp("diff", base, "--root", str(repo.root), "--format", "md")
    assert result.exit_code == 0, result.output
    assert "@\u2060security-team" in result.stdout
    assert "@security" not in result.stdout


def test_report_md_has_no_live_mention_or_markup(tmp_path: Path) -> None:
    from thp_cli.report.annual import annual

    # (a name cannot hold a control character: the model refuses it; a bidi control it can)
    root = hostile(tmp_path / "p", "Alpha @octocat <b>x</b> \u202e[2J", "Member")
    md = annual(root, year=2024, as_of=dt.date(2024, 9, 1), fmt="md")
    assert "Alpha @\u2060octocat &lt;b&gt;x&lt;/b&gt; \\\\u202e\\[2J" in md
    assert "@octocat" not in md and "<b>" not in md and "\u202e" not in md


# -- terminals: control characters and rich markup -------------------------------------------------
def test_validate_text_shows_markup_and_emoji_codes_as_written(tmp_path: Path) -> None:
    root = hostile(tmp_path / "p", "Alpha", "Member")
    board = root / "data" / "boards" / "beta.yaml"
    board.write_text(board.read_text().replace('"alpha"', '"[bold]x[/bold] :thumbs_up:"'))
    result = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", "text")
    assert result.exit_code == 1, result.output
    assert "[bold]x[/bold] :thumbs_up:" in result.stdout


def test_overlap_table_shows_markup_emoji_and_escapes_as_written(tmp_path: Path) -> None:
    root = hostile(tmp_path / "p", "Alpha", "[bold]x[/bold] :thumbs_up: \u202eowned\u2066")
    result = thp("overlap", "--root", str(root), "--as-of", AS_OF, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "[bold]x[/bold] :thumbs_up: \\u202eowned\\u2066" in result.stdout
    inert_text(result.stdout)


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_diff_printed_in_any_format_holds_no_escape(tmp_path: Path, fmt: str) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    # (names and roles cannot hold control characters, the model refuses them; bidi controls they can)
    name = json.dumps("Health \u2066\u202e")
    repo.edit("data/boards/health.yaml", "name: Health Board", f"name: {name}")
    join_seat(repo, "health", json.dumps("Adviser \u202a\u200f"))
    result = thp("diff", base, "--root", str(repo.root), "--format", fmt)
    assert result.exit_code == 0, result.output
    inert_text(result.stdout)
    if fmt == "json":
        assert json.loads(result.stdout)["changes"]  # still JSON


def test_an_error_message_quoting_an_option_is_one_inert_line(tmp_path: Path) -> None:
    root = hostile(tmp_path / "p", "Alpha", "Member")
    out = tmp_path / "missing" / f"x{ESC}\n::error::y.json"
    result = thp("overlap", "--root", str(root), "--as-of", AS_OF, "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("thp: cannot write ")
    assert result.stderr.count("\n") == 1
    inert_text(result.stderr)
    assert "\\u001b]0;owned\\u0007" in result.stderr


def test_an_unexpected_error_is_reported_in_inert_lines(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError(f"disk on fire\n::error::owned {ESC}")

    monkeypatch.setattr("thp_cli.validate.validate", boom)
    result = thp("validate", "--root", str(partnership))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("thp: unexpected error: RuntimeError: disk on fire\\u000a::error::owned")
    assert lines[1].startswith("This is a bug in thp")
    no_workflow_command(result.stderr)
    inert_text(result.stderr)


# -- XML ------------------------------------------------------------------------------------------
def test_graphml_is_well_formed_whatever_the_names_hold(tmp_path: Path) -> None:
    """A name holding characters XML forbids is refused by validate (a name is one line of plain
    text), so its board is left out; the GraphML stays well-formed."""
    root = hostile(tmp_path / "p", "Alpha\x00\x07\x0b\x1b end", "Member")
    result = thp("overlap", "--root", str(root), "--as-of", AS_OF, "--format", "graphml")
    assert result.exit_code == 0, result.output
    tree = ET.fromstring(result.stdout.encode("utf-8"))
    labels = [e.text for e in tree.iter() if e.tag.endswith("data") and e.text]
    assert not any("Alpha" in label for label in labels)


def test_xml_text_replaces_every_character_xml_forbids() -> None:
    text = "".join(map(chr, range(0x20))) + "\ud800\udcff\ufffe\uffff ok"
    ET.fromstring(f"<a>{inert.xml_text(text)}</a>".encode("utf-8", "surrogatepass"))


def test_xlsx_holds_names_with_characters_xml_forbids(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    """A name holding characters XML forbids is refused by validate, so its board is left
    out of the sheet (with a warning), never written mangled."""
    root = hostile(tmp_path / "p", "Alpha\x0b\x1b end", "Member")
    out = tmp_path / "seats.xlsx"
    result = thp("export", "xlsx", "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "records that could not be read are left out" in result.stderr
    sheet = load_workbook(out)["Seats"]
    assert [c.value for c in sheet["B"]][1:] == ["Beta Board"] * 3


# -- file names that are not UTF-8, whatever the output encoding -----------------------------------
@pytest.fixture(scope="module")
def bad_name(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile(tmp_path_factory.mktemp("bad") / "p", "Alpha", "Member")
    boards = os.fsencode(root / "data" / "boards")
    os.rename(boards + b"/beta.yaml", boards + b"/b\xffeta\x1b[2J.yaml")
    return root


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1"])
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(
    bad_name: Path, tmp_path: Path, encoding: str, fmt: str
) -> None:
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PYTHONIOENCODING": encoding,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "",
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "thp_cli", "validate", "--root", str(bad_name), "--as-of", AS_OF, "-f", fmt],
        capture_output=True,
        env=env,
        cwd=REPO,
    )
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"unexpected" not in done.stderr
    out = done.stdout.decode("ascii" if encoding == "ascii" else encoding)
    inert_text(out)
    if fmt == "json":
        files = {f["file"] for f in json.loads(out)["findings"]}
        assert "data/boards/b\udcffeta\\u001b[2J.yaml" in files
    elif fmt == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out)["runs"][0]["results"]
        }
        assert "data/boards/b%FFeta%5Cu001b%5B2J.yaml" in uris
    else:
        assert "data/boards/b\\udcffeta\\u001b[2J.yaml" in out
    if fmt == "github":
        assert "b\\\\udcffeta" in summary.read_text(encoding="utf-8")  # md_escape doubles the backslash


# -- $GITHUB_STEP_SUMMARY that cannot be written -----------------------------------------------------
@pytest.mark.parametrize("where", ["folder", "missing folder"])
def test_a_job_summary_that_cannot_be_written_is_a_warning(
    partnership: Path, tmp_path: Path, where: str
) -> None:
    path = tmp_path if where == "folder" else tmp_path / "missing" / "summary.md"
    env = {"GITHUB_STEP_SUMMARY": str(path)}
    result = thp("validate", "--root", str(partnership), "--as-of", AS_OF, "--format", "github", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("thp validate: valid: 0 errors, 0 warnings in 10 files\n")
    assert result.stderr.startswith("thp: warning: cannot write the job summary to GITHUB_STEP_SUMMARY")
    assert result.stderr.count("\n") == 1


def test_a_job_summary_that_is_a_fifo_is_a_warning_not_a_hang(partnership: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "summary"
    os.mkfifo(fifo)
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(fifo), "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "thp_cli", "validate", "--root", str(partnership), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("thp: warning: cannot write the job summary to GITHUB_STEP_SUMMARY")


def test_diff_summary_to_a_folder_is_a_warning(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    env = {"GITHUB_STEP_SUMMARY": str(tmp_path)}
    result = thp("diff", base, "--root", str(repo.root), "--format", "text", "--summary", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("No changes to the partnership")
    assert "thp: warning: cannot write the job summary" in result.stderr


# -- messages are one line -----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_message_quoting_a_line_separator_is_one_line(tmp_path: Path, fmt: str) -> None:
    root = hostile(tmp_path / "p", "Alpha", "Member")
    board = root / "data" / "boards" / "beta.yaml"
    board.write_text(board.read_text().replace('"alpha"', '"x\\u2028::error::y\\u2029z\\u0085w"'))
    result = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == result.stdout.split("\n")[:-1]  # no other line break
    assert "x\\u2028::error::y\\u2029z" in result.stdout


# -- every format printed -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        *(
            ["overlap", "--format", f, "--as-of", AS_OF]
            for f in ("table", "json", "csv", "graphml", "dot", "mermaid")
        ),
        ["export", "csv"],
        ["export", "popolo"],
        ["export", "ics", "--as-of", AS_OF],
        ["report", "annual", "--year", "2024", "--as-of", AS_OF],
    ],
    ids=lambda command: "-".join(command[:3]),
)
def test_every_format_printed_holds_no_escape(tmp_path: Path, command: list[str]) -> None:
    # (a name or role cannot hold a control character, the model refuses it; bidi controls it can)
    root = hostile(tmp_path / "p", "Alpha \u2066 \u202eevil", "Member \u202b\u2069")
    result = thp(*command, "--root", str(root))
    assert result.exit_code == 0, result.output
    inert_text(result.stdout)
    no_workflow_command(result.stdout)


def test_init_reports_a_folder_name_escaped(tmp_path: Path) -> None:
    result = thp("init", str(tmp_path / f"new{ESC}"), "--name", "Test Partnership")
    inert_text(result.stdout + result.stderr)
    assert "\\u001b]0;owned\\u0007" in result.stdout + result.stderr
