"""``thp member add|remove|set``: byte-exact edits, refusals that change nothing, safe writes."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.cli.member import PositionChoice
from thp_cli.edit import plans
from thp_cli.yamlio import emit, locate, splice
from thp_cli.yamlio.load import load_text

from ..conftest import AS_OF, CASES, REPO

runner = CliRunner()
LAYOUTS = CASES / "member"
SAFETY = "data/boards/safety.yaml"
NEW_SEAT = ["--role", "Director of Public Health", "--organisation", "nhs-trust"]
NEW_LINES = ["- role: Director of Public Health", "organisation: nhs-trust", "position: member"]


class Run(typing.NamedTuple):
    code: int
    out: str
    err: str


def thp(*args: str | Path) -> Run:
    result = runner.invoke(
        app, [str(a) for a in args], env={"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": ""}
    )
    return Run(result.exit_code, result.stdout, result.stderr)


def member(root: Path, *args: str) -> Run:
    return thp("member", *args, "--root", root)


def valid(root: Path) -> bool:
    return thp("validate", "--root", root, "--as-of", AS_OF, "--format", "json").code == 0


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/, by path: what a refused command must leave as it was."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()
    }


def with_board(
    root: Path, layout: str, *, crlf: bool = False, bom: bool = False, name: str = SAFETY
) -> bytes:
    """Put a layout from tests/cases/member in place of a board file; its bytes."""
    raw = (LAYOUTS / layout).read_bytes()
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    (root / name).write_bytes(raw)
    return raw


def changes(before: bytes, after: bytes) -> list[tuple[str, list[str], list[str]]]:
    """The lines that differ, as difflib opcodes with the old and new lines."""
    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def only_inserted(before: bytes, after: bytes) -> list[str]:
    """The lines ``after`` adds to ``before``; fails unless that is its only difference."""
    found = changes(before, after)
    assert [tag for tag, _, _ in found] == ["insert"], found
    return found[0][2]


def seats(root: Path, name: str = SAFETY) -> list[dict[str, Any]]:
    loaded = load_text(name, (root / name).read_bytes().decode("utf-8"))
    assert loaded.data is not None, loaded.findings
    return list(loaded.data.get("members") or [])


# -- the commands and their help ------------------------------------------------------------
@pytest.mark.parametrize("command", [[], ["add"], ["remove"], ["set"]])
def test_every_member_command_has_help(command: list[str]) -> None:
    result = thp("member", *command, "--help")
    assert result.code == 0
    assert "Usage: " in result.out
    assert "--root" in result.out or not command


def test_positions_are_the_data_formats() -> None:
    from thp_cli.field_types import Position

    assert [p.value for p in PositionChoice] == list(typing.get_args(Position))


@pytest.mark.parametrize("first", ["thp_cli.cli.member", "thp_cli.cli"])
def test_either_module_imports_first_without_heavy_libraries(first: str) -> None:
    code = (
        "import sys\n"
        f"import {first}\n"
        "from thp_cli.cli.app import app\n"
        "print(sorted(m for m in ('pydantic', 'networkx', 'jinja2', 'ruamel.yaml') if m in sys.modules))\n"
        "from typer.testing import CliRunner\n"
        "assert CliRunner().invoke(app, ['member', 'add', '--help']).exit_code == 0\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


# -- add, remove, set on the base partnership ------------------------------------------------
def test_add_appends_the_seat_and_says_so(partnership: Path) -> None:
    before = (partnership / SAFETY).read_bytes()
    result = member(
        partnership, "add", "safety", *NEW_SEAT, "--position", "vice-chair", "--since", "2024-05-01"
    )
    assert (result.code, result.out, result.err) == (
        0,
        "added the seat Director of Public Health (nhs-trust) to Safety Partnership (safety) as vice-chair\n",
        "",
    )
    after = (partnership / SAFETY).read_bytes()
    assert after == before.replace(
        b"    position: co-chair\nupdates:",
        b"    position: co-chair\n"
        b"  - role: Director of Public Health\n"
        b"    organisation: nhs-trust\n"
        b"    position: vice-chair\n"
        b"    since: 2024-05-01\n"
        b"updates:",
    )
    assert valid(partnership)


def test_add_with_every_option(partnership: Path) -> None:
    result = member(
        partnership,
        "add",
        "safety",
        "--role",
        "Adviser on Safety",
        "--organisation",
        "council",
        "--position",
        "adviser",
        "--person",
        "person-0001",
        "--elected-member",
        "--since",
        "2024-01-01",
        "--until",
        "2026-01-01",
    )
    assert result.code == 0, result.err
    assert (
        result.out == "added the seat Adviser on Safety (council), held by person-0001, "
        "to Safety Partnership (safety) as adviser\n"
    )
    assert seats(partnership)[-1] == {
        "role": "Adviser on Safety",
        "organisation": "council",
        "position": "adviser",
        "elected_member": True,
        "person": "person-0001",
        "since": "2024-01-01",
        "until": "2026-01-01",
    }
    assert valid(partnership)


def test_remove_by_role_and_organisation(partnership: Path) -> None:
    result = member(
        partnership, "remove", "exec", "--role", "Leader of the Council", "--organisation", "council"
    )
    assert (result.code, result.out) == (
        0,
        "removed the seat Leader of the Council (council) from Executive Group (exec)\n",
    )
    assert [s["role"] for s in seats(partnership, "data/boards/exec.yaml")] == ["Chief Executive"]


def test_remove_by_person(partnership: Path) -> None:
    before = (partnership / "data/boards/exec.yaml").read_bytes()
    result = member(partnership, "remove", "exec", "--person", "person-0001")
    assert (result.code, result.out) == (
        0,
        "removed the seat Chief Executive (nhs-trust), held by person-0001, from Executive Group (exec)\n",
    )
    after = (partnership / "data/boards/exec.yaml").read_bytes()
    assert after == before[: before.index(b"  - role: Chief Executive")]


def test_add_then_remove_restores_the_shipped_form(partnership: Path) -> None:
    before = snapshot(partnership)
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert member(partnership, "remove", "safety", *NEW_SEAT).code == 0
    assert snapshot(partnership) == before


def test_set_changes_only_the_line_of_the_key(partnership: Path) -> None:
    path = partnership / "data/boards/exec.yaml"
    before = path.read_bytes()
    result = member(partnership, "set", "exec", "--person", "person-0001", "--position", "vice-chair")
    assert result.code == 0, result.err
    assert result.out == (
        "changed the seat Chief Executive (nhs-trust), held by person-0001, on Executive Group (exec): "
        "position from co-chair to vice-chair\n"
    )
    assert changes(before, path.read_bytes()) == [
        ("replace", ["    position: co-chair\n"], ["    position: vice-chair\n"])
    ]


def test_set_inserts_a_new_key_in_the_data_formats_order(partnership: Path) -> None:
    path = partnership / "data/boards/exec.yaml"
    before = path.read_bytes()
    result = member(
        partnership,
        "set",
        "exec",
        "--role",
        "Leader of the Council",
        "--organisation",
        "council",
        "--since",
        "2022-05-09",
        "--until",
        "2026-05-08",
    )
    assert result.code == 0, result.err
    assert result.out == (
        "changed the seat Leader of the Council (council) on Executive Group (exec): "
        "since 2022-05-09, until 2026-05-08\n"
    )
    assert only_inserted(before, path.read_bytes()) == ["    since: 2022-05-09\n", "    until: 2026-05-08\n"]
    lines = path.read_text().splitlines()
    assert lines[lines.index("    elected_member: true") + 1] == "    since: 2022-05-09"


def test_set_until_then_clear_it_restores_the_bytes(partnership: Path) -> None:
    path = partnership / "data/boards/exec.yaml"
    before = path.read_bytes()
    assert member(partnership, "set", "exec", "--person", "person-0001", "--until", "2025-04-30").code == 0
    assert only_inserted(before, path.read_bytes()) == ["    until: 2025-04-30\n"]
    result = member(partnership, "set", "exec", "--person", "person-0001", "--until", "none")
    assert result.out == (
        "changed the seat Chief Executive (nhs-trust), held by person-0001, on Executive Group (exec): "
        "until 2025-04-30 removed\n"
    )
    assert path.read_bytes() == before


def test_set_elected_member_both_ways(partnership: Path) -> None:
    path = partnership / SAFETY
    before = path.read_bytes()
    selector = ["--role", "Borough Commander", "--organisation", "police"]
    assert member(partnership, "set", "safety", *selector, "--elected-member").code == 0
    assert only_inserted(before, path.read_bytes()) == ["    elected_member: true\n"]
    assert member(partnership, "set", "safety", *selector, "--not-elected-member").code == 0
    assert changes(before, path.read_bytes()) == [("insert", [], ["    elected_member: false\n"])]


def test_set_new_role_is_quoted_where_yaml_would_misread_it(partnership: Path) -> None:
    path = partnership / SAFETY
    before = path.read_bytes()
    selector = ["--role", "Borough Commander", "--organisation", "police"]
    result = member(partnership, "set", "safety", *selector, "--new-role", "Commander: #1 'BCU'")
    assert result.code == 0, result.err
    assert changes(before, path.read_bytes()) == [
        ("replace", ["  - role: Borough Commander\n"], ["  - role: \"Commander: #1 'BCU'\"\n"])
    ]
    assert seats(partnership)[1]["role"] == "Commander: #1 'BCU'"


def test_set_a_new_person_and_remove_it(partnership: Path) -> None:
    path = partnership / SAFETY
    before = path.read_bytes()
    selector = ["--role", "Borough Commander", "--organisation", "police"]
    assert member(partnership, "set", "safety", *selector, "--new-person", "person-0001").code == 0
    assert only_inserted(before, path.read_bytes()) == ["    person: person-0001\n"]
    result = member(partnership, "set", "safety", "--person", "person-0001", "--new-person", "none")
    assert result.code == 0, result.err
    assert path.read_bytes() == before


def test_set_with_nothing_different_writes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    result = member(
        partnership,
        "set",
        "safety",
        "--role",
        "Borough Commander",
        "--organisation",
        "police",
        "--position",
        "co-chair",
        "--not-elected-member",
    )
    assert (result.code, result.out) == (
        0,
        "nothing to change: the seat Borough Commander (police) on Safety Partnership (safety) "
        "is already like that\n",
    )
    assert snapshot(partnership) == before


def test_an_unrelated_error_elsewhere_does_not_block_an_edit(partnership: Path) -> None:
    exec_board = partnership / "data/boards/exec.yaml"
    exec_board.write_text(exec_board.read_text().replace("reports_to: [board]", "reports_to: [bord]"))
    assert not valid(partnership)
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0


def test_an_error_already_in_the_board_does_not_block_an_edit(partnership: Path) -> None:
    path = partnership / SAFETY
    path.write_text(path.read_text().replace("reports_to: [exec]", "reports_to: [exce]"))
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 0, result.err


# -- the shipped Tower Hamlets data ----------------------------------------------------------
@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


def test_add_to_peg_in_the_shipped_data(shipped: Path) -> None:
    path = shipped / "data/boards/peg.yaml"
    before = path.read_bytes()
    result = member(
        shipped,
        "add",
        "peg",
        "--role",
        "Cabinet Member for Safer Communities",
        "--organisation",
        "lbth",
        "--position",
        "co-chair",
        "--elected-member",
    )
    assert result.out == (
        "added the seat Cabinet Member for Safer Communities (lbth) "
        "to Partnership Executive Group (peg) as co-chair\n"
    ), result.err
    assert only_inserted(before, path.read_bytes()) == [
        "  - role: Cabinet Member for Safer Communities\n",
        "    organisation: lbth\n",
        "    position: co-chair\n",
        "    elected_member: true\n",
    ]
    assert thp("validate", "--root", shipped, "--format", "json").code == 0
    assert member(shipped, "remove", "peg", "--role", "Cabinet Member for Safer Communities").code == 0
    assert path.read_bytes() == before


def test_every_shipped_board_round_trips(shipped: Path) -> None:
    before = snapshot(shipped)
    boards = sorted(p.stem for p in (shipped / "data/boards").glob("*.yaml"))
    for board in boards:
        seat = ["--role", 'Officer: "lead" #1', "--organisation", "lbth"]
        assert member(shipped, "add", board, *seat).code == 0, board
        assert member(shipped, "remove", board, *seat).code == 0, board
    assert snapshot(shipped) == before


def test_set_on_the_shipped_data_changes_one_line(shipped: Path) -> None:
    path = shipped / "data/boards/peg.yaml"
    before = path.read_bytes()
    result = member(
        shipped,
        "set",
        "peg",
        "--role",
        "Chief Executive",
        "--organisation",
        "lbth",
        "--position",
        "vice-chair",
    )
    assert result.code == 0, result.err
    found = changes(before, path.read_bytes())
    assert found == [("replace", ["    position: member\n"], ["    position: vice-chair\n"])]


# -- scalars and the property: add then remove restores the bytes ------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "on",
        "3.10",
        "1e3",
        "0x1f",
        "123",
        "null",
        "~",
        "a: b",
        "a #b",
        "- x",
        "*x",
        "&x",
        "!x",
        "%x",
        "@x",
        "`x",
        "'x",
        '"x"',
        " x",
        "x ",
        "[x]",
        "{x}",
        "x,y",
        "a\u2028b",
        "tab\there",
        "",
        "2024-05-01",
        "Chief Executive",
        "Directeur général",
        "Children’s Services",
    ],
)
def test_a_value_reads_back_as_itself(text: str) -> None:
    written = emit.scalar(text)
    loaded = load_text("x", f"key: {written}\n")
    assert loaded.findings == [] and loaded.data == {"key": text}, written


def test_plain_where_that_is_safe() -> None:
    assert emit.scalar("Chief Executive") == "Chief Executive"
    assert emit.scalar("barts-health") == "barts-health"
    assert emit.scalar("2024-05-01", "until") == "2024-05-01"
    assert emit.scalar("yes") == '"yes"'
    assert emit.scalar("3.10") == '"3.10"'


ROLES = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)
SLUGS = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
BODIES = [
    (LAYOUTS / name).read_bytes()
    for name in (
        "comments.yaml",
        "zero-offset.yaml",
        "members-last-no-final-line-ending.yaml",
        "no-members.yaml",
        "empty-flow-list.yaml",
        "four-space.yaml",
    )
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(role=ROLES, organisation=SLUGS, body=st.sampled_from(BODIES), crlf=st.booleans())
def test_add_then_remove_restores_any_value(role: str, organisation: str, body: bytes, crlf: bool) -> None:
    raw = body.replace(b"\n", b"\r\n") if crlf else body
    doc = splice.Document.decode(raw, "board")
    data = load_text("board", doc.body).data
    seat = {"role": role, "organisation": organisation, "position": "member"}
    added = plans.add_entry(doc, locate.locate(doc.body), data, seat)
    loaded = load_text("board", added.body)
    assert loaded.data == added.data
    assert loaded.data["members"][-1] == seat
    after = splice.Document.decode(doc.encode(added.body), "board")
    index = len(added.data["members"]) - 1
    removed = plans.remove_entry(after, locate.locate(after.body), added.data, index)
    assert after.encode(removed.body) == raw
