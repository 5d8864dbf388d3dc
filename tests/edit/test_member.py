"""``thp member add|remove|set``: byte-exact edits, refusals that change nothing, safe writes."""

from __future__ import annotations

import difflib
import errno
import os
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

from thp_cli import editing
from thp_cli.cli import app
from thp_cli.cli_member import PositionChoice
from thp_cli.loader import load_text

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
    from thp_cli.model import Position

    assert [p.value for p in PositionChoice] == list(typing.get_args(Position))


@pytest.mark.parametrize("first", ["thp_cli.cli_member", "thp_cli.cli"])
def test_either_module_imports_first_without_heavy_libraries(first: str) -> None:
    code = (
        "import sys\n"
        f"import {first}\n"
        "from thp_cli.cli import app\n"
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


# -- byte-exact round trips on every layout --------------------------------------------------
ROUND_TRIPS = [
    ("comments.yaml", False, False),
    ("comments.yaml", True, False),
    ("comments.yaml", False, True),
    ("comments.yaml", True, True),
    ("four-space.yaml", False, False),
    ("zero-offset.yaml", False, False),
    ("zero-offset.yaml", True, True),
    ("dash-on-its-own-line.yaml", False, False),
    ("blank-lines-between-seats.yaml", False, False),
    ("members-last-no-final-line-ending.yaml", False, False),
    ("members-last-no-final-line-ending.yaml", True, False),
    ("no-members.yaml", False, False),
    ("no-members-no-final-line-ending.yaml", True, True),
    ("empty-flow-list.yaml", False, False),
    ("empty-flow-list.yaml", True, True),
]


@pytest.mark.parametrize(("layout", "crlf", "bom"), ROUND_TRIPS)
def test_add_then_remove_gives_back_the_same_bytes(
    partnership: Path, layout: str, crlf: bool, bom: bool
) -> None:
    original = with_board(partnership, layout, crlf=crlf, bom=bom)
    assert valid(partnership)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 0, result.err
    added = (partnership / SAFETY).read_bytes()
    assert added.startswith(b"\xef\xbb\xbf") == bom
    assert (b"\r\n" in added) == crlf
    assert added.count(b"\n") == added.count(b"\r\n") or not crlf
    assert added.endswith(b"\n") == original.endswith(b"\n")
    assert [s["role"] for s in seats_of(added)][-1] == "Director of Public Health"
    assert valid(partnership)
    result = member(partnership, "remove", "safety", *NEW_SEAT)
    assert result.code == 0, result.err
    assert (partnership / SAFETY).read_bytes() == original


def seats_of(raw: bytes) -> list[dict[str, Any]]:
    loaded = load_text("board", raw.decode("utf-8-sig"))
    assert loaded.data is not None, loaded.findings
    return list(loaded.data["members"])


@pytest.mark.parametrize(
    ("layout", "lines"),
    [
        ("comments.yaml", ["  - role: Director of Public Health", "    organisation: nhs-trust"]),
        ("four-space.yaml", ["    -   role: Director of Public Health", "        organisation: nhs-trust"]),
        ("zero-offset.yaml", ["- role: Director of Public Health", "  organisation: nhs-trust"]),
        ("dash-on-its-own-line.yaml", ["  - role: Director of Public Health", "    organisation: nhs-trust"]),
        (
            "no-members.yaml",
            ["members:", "  - role: Director of Public Health", "    organisation: nhs-trust"],
        ),
    ],
)
def test_a_new_seat_follows_the_files_indentation(partnership: Path, layout: str, lines: list[str]) -> None:
    original = with_board(partnership, layout)
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    inserted = only_inserted(original, (partnership / SAFETY).read_bytes())
    assert [line.rstrip("\n") for line in inserted[: len(lines)]] == lines


def test_a_seat_goes_after_the_last_seat_and_before_comments_that_follow(partnership: Path) -> None:
    original = with_board(partnership, "comments.yaml")
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    text = (partnership / SAFETY).read_text()
    assert "    position: co-chair  # rotates yearly\n  - role: Director of Public Health\n" in text
    assert "    position: member\n# Updates go to exec every year.\n" in text
    assert len(only_inserted(original, text.encode())) == 3


def test_the_file_keeps_ending_without_a_line_ending(partnership: Path) -> None:
    original = with_board(partnership, "members-last-no-final-line-ending.yaml")
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    after = (partnership / SAFETY).read_bytes()
    assert (
        after
        == original
        + b"\n"
        + "\n".join(
            f"  {NEW_LINES[0]}" if i == 0 else f"    {line}" for i, line in enumerate(NEW_LINES)
        ).encode()
    )


def test_a_blank_line_between_seats_is_copied(partnership: Path) -> None:
    original = with_board(partnership, "blank-lines-between-seats.yaml")
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert (partnership / SAFETY).read_bytes() == original.replace(
        b"    position: co-chair\n\nupdates:",
        b"    position: co-chair\n\n"
        b"  - role: Director of Public Health\n    organisation: nhs-trust\n    position: member\n\nupdates:",
    )


def test_an_empty_list_at_the_end_of_the_file_goes_with_its_last_seat(partnership: Path) -> None:
    """After add, members: [] at the end of a file looks just like members added to a board
    that had none, so removing the seat removes the key, as it would there."""
    original = with_board(partnership, "empty-flow-list-last.yaml")
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert member(partnership, "remove", "safety", *NEW_SEAT).code == 0
    assert (partnership / SAFETY).read_bytes() == original.removesuffix(b"\nmembers: []")
    assert valid(partnership)


def test_an_empty_flow_list_becomes_a_block_list(partnership: Path) -> None:
    with_board(partnership, "empty-flow-list.yaml")
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    text = (partnership / SAFETY).read_text()
    assert "members:  # seats to be confirmed\n  - role: Director of Public Health\n" in text


def test_removing_the_last_seat_of_an_empty_value_leaves_an_empty_list(partnership: Path) -> None:
    original = with_board(partnership, "empty-value.yaml")
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert member(partnership, "remove", "safety", *NEW_SEAT).code == 0
    assert (partnership / SAFETY).read_bytes() == original.replace(b"members:\n", b"members: []\n")


def test_a_flow_list_of_seats_keeps_its_style_when_a_seat_is_added(partnership: Path) -> None:
    original = with_board(partnership, "flow-list.yaml")
    assert valid(partnership)
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert valid(partnership)
    assert (partnership / SAFETY).read_bytes() == original.replace(
        b"position: co-chair}]\n",
        b"position: co-chair}, "
        b"{role: Director of Public Health, organisation: nhs-trust, position: member}]\n",
    )


def test_set_on_a_flow_list(partnership: Path) -> None:
    with_board(partnership, "flow-list.yaml")
    result = member(
        partnership,
        "set",
        "safety",
        "--role",
        "Borough Commander",
        "--organisation",
        "police",
        "--until",
        "2025-01-01",
    )
    assert result.code == 0, result.err
    assert seats(partnership)[1]["until"] == "2025-01-01"
    assert valid(partnership)


def test_a_seat_in_flow_style_is_changed_in_place(partnership: Path) -> None:
    path = partnership / SAFETY
    text = path.read_text().replace(
        "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n",
        "  -   {role: Borough Commander, organisation: police,\n       position: co-chair}  # the BCU\n",
    )
    path.write_text(text)
    selector = ["--role", "Borough Commander", "--organisation", "police"]
    assert member(partnership, "set", "safety", *selector, "--until", "2025-01-01").code == 0
    assert path.read_text() == text.replace(
        "position: co-chair}  # the BCU\n", "position: co-chair, until: 2025-01-01}  # the BCU\n"
    )
    assert valid(partnership)


def test_a_flow_style_seat_is_removed_whole(partnership: Path) -> None:
    path = partnership / SAFETY
    original = path.read_text()
    text = original.replace(
        "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n",
        "  - {role: Borough Commander, organisation: police, position: co-chair}\n"
        "  - {role: Chief Executive, organisation: nhs-trust}\n",
    )
    path.write_text(text)
    assert member(partnership, "remove", "safety", "--role", "Chief Executive").code == 0
    assert path.read_text() == text.replace("  - {role: Chief Executive, organisation: nhs-trust}\n", "")


def test_clearing_the_key_beside_the_dash_moves_the_next_key_up(partnership: Path) -> None:
    path = partnership / SAFETY
    text = path.read_text().replace(
        "  - role: Borough Commander\n", "  - person: person-0001\n    role: Borough Commander\n"
    )
    path.write_text(text)
    result = member(partnership, "set", "safety", "--person", "person-0001", "--new-person", "none")
    assert result.code == 0, result.err
    assert path.read_text() == text.replace("- person: person-0001\n    role:", "- role:")


def test_remove_keeps_comments_around_the_seat_and_takes_its_own(partnership: Path) -> None:
    original = with_board(partnership, "comments.yaml")
    result = member(
        partnership, "remove", "safety", "--role", "Cabinet Member for Safety", "--organisation", "council"
    )
    assert result.code == 0, result.err
    found = changes(original, (partnership / SAFETY).read_bytes())
    assert found == [
        (
            "delete",
            [
                "  - role: Cabinet Member for Safety   # since the 2022 election\n",
                "    organisation: council\n",
                "    position: co-chair\n",
                "    # elected, so the council side of the co-chairing\n",
                "    elected_member: true\n",
            ],
            [],
        )
    ]


def test_remove_a_seat_set_apart_by_blank_lines(partnership: Path) -> None:
    original = with_board(partnership, "blank-lines-between-seats.yaml")
    assert member(partnership, "remove", "safety", "--role", "Borough Commander").code == 0
    expected = original.replace(
        b"\n\n  - role: Borough Commander\n    organisation: police\n    position: co-chair\n", b"\n"
    )
    assert (partnership / SAFETY).read_bytes() == expected


def test_remove_every_seat_then_add_them_back(partnership: Path) -> None:
    path = partnership / SAFETY
    original = path.read_bytes()
    assert member(partnership, "remove", "safety", "--role", "Cabinet Member for Safety").code == 0
    assert member(partnership, "remove", "safety", "--role", "Borough Commander").code == 0
    assert b"members: []\nupdates:" in path.read_bytes()
    assert (
        member(
            partnership,
            "add",
            "safety",
            "--role",
            "Cabinet Member for Safety",
            "--organisation",
            "council",
            "--position",
            "co-chair",
            "--elected-member",
        ).code
        == 0
    )
    assert (
        member(
            partnership,
            "add",
            "safety",
            "--role",
            "Borough Commander",
            "--organisation",
            "police",
            "--position",
            "co-chair",
        ).code
        == 0
    )
    assert path.read_bytes() == original


# -- refusals: exit 2, a plain message, nothing changed -----------------------------------
REFUSALS = [
    (["add", "safty", *NEW_SEAT], "thp: there is no board 'safty'; did you mean 'safety'?"),
    (
        ["add", "safety", "--role", "Chief Executive", "--organisation", "nhs-trsut"],
        "thp: --organisation names 'nhs-trsut', which is no organisation in organisations.yaml; "
        "did you mean 'nhs-trust'?",
    ),
    (
        ["add", "safety", "--role", "Chief Executive", "--organisation", "fire"],
        "thp: --organisation names 'fire', which is no organisation in organisations.yaml; "
        "add it to organisations.yaml first",
    ),
    (
        ["add", "safety", *NEW_SEAT, "--person", "person-0002"],
        "thp: --person names 'person-0002', which is no person in people.yaml; did you mean 'person-0001'?",
    ),
    (
        ["add", "safety", "--role", "Borough Commander", "--organisation", "police"],
        "thp: safety already has the seat Borough Commander (police); nothing was changed. To change "
        "that seat, use thp member set safety --role 'Borough Commander' --organisation police "
        "with what to change",
    ),
    (
        [
            "add",
            "exec",
            "--role",
            "Chief Executive",
            "--organisation",
            "nhs-trust",
            "--person",
            "person-0001",
        ],
        "thp: exec already has the seat Chief Executive (nhs-trust), held by person-0001, from "
        "2023-05-01; nothing was changed. To change that seat, use thp member set exec --person "
        "person-0001 with what to change; to add another term of it, give --since and --until "
        "outside this one",
    ),
    (
        ["add", "safety", *NEW_SEAT, "--since", "2024-02-30"],
        "thp: --since: '2024-02-30' is not a date: February 2024 has 29 days",
    ),
    (
        ["add", "safety", *NEW_SEAT, "--until", "30/06/2025"],
        "thp: --until: '30/06/2025' is not a date: write it as YYYY-MM-DD; did you mean 2025-06-30?",
    ),
    (["add", "safety", "--role", "  ", "--organisation", "police"], "thp: --role must not be empty"),
    (
        ["add", "safety", "--role", "Two\nlines", "--organisation", "police"],
        "thp: --role: a role is one line of plain text: remove the control character (U+000A) at character 4",
    ),
    (
        ["add", "safety", *NEW_SEAT, "--since", "2025-01-01", "--until", "2024-01-01"],
        "thp: nothing was changed: the change would bring in an error it does not have now "
        "(lines as the file would be):\n"
        "  data/boards/safety.yaml:30:12  until (2024-01-01) is before since (2025-01-01)  date-order",
    ),
    (
        ["remove", "safety", "--role", "Borough Comander", "--organisation", "police"],
        "thp: safety has no seat Borough Comander (police); did you mean 'Borough Commander'?",
    ),
    (["remove", "safety", "--person", "person-0001"], "thp: safety has no seat held by person-0001"),
    (["remove", "safety"], "thp: name the seat: --person ID, or --role ROLE --organisation ORG"),
    (
        ["remove", "safety", "--person", "person-0001", "--role", "Borough Commander"],
        "thp: safety has no seat Borough Commander, held by person-0001",
    ),
    (
        ["remove", "housing-review", "--role", "Chair"],
        "thp: housing-review has no seat Chair",
    ),
    (
        ["set", "safety", "--role", "Borough Commander"],
        "thp: say what to change: --position, --elected-member or --not-elected-member, --since, --until, "
        "--new-role, --new-organisation or --new-person",
    ),
    (
        [
            "set",
            "safety",
            "--role",
            "Borough Commander",
            "--new-role",
            "Cabinet Member for Safety",
            "--new-organisation",
            "council",
        ],
        "thp: safety would then have this seat twice: it is Cabinet Member for Safety (council); "
        "nothing was changed",
    ),
    (
        ["set", "safety", "--role", "Borough Commander", "--until", "soon"],
        "thp: --until: 'soon' is not a date: write it as YYYY-MM-DD, for example 2024-06-30, "
        "or none to remove it",
    ),
    (
        ["set", "safety", "--role", "Borough Commander", "--new-organisation", "none"],
        "thp: --new-organisation cannot be none: a seat added by thp always names its organisation",
    ),
    (
        ["set", "safety", "--role", "Borough Commander", "--new-organisation", "Police"],
        "thp: --new-organisation 'Police' is not an id: "
        "ids are lower-case letters and digits joined by hyphens",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS, ids=[" ".join(a)[:60] for a, _ in REFUSALS])
def test_a_refused_command_changes_nothing(partnership: Path, args: list[str], message: str) -> None:
    before = snapshot(partnership)
    result = member(partnership, *args)
    assert (result.code, result.err, result.out) == (2, message + "\n", "")
    assert snapshot(partnership) == before


def test_a_bad_position_is_a_usage_error(partnership: Path) -> None:
    before = snapshot(partnership)
    result = member(partnership, "add", "safety", *NEW_SEAT, "--position", "chiar")
    assert result.code == 2
    assert "'chiar' is not one of 'chair', 'co-chair', 'vice-chair', 'member', 'adviser', 'secretariat'" in (
        result.err
    )
    assert snapshot(partnership) == before


def test_no_data_folder(tmp_path: Path) -> None:
    result = member(tmp_path, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert result.err.startswith("thp: no 'data' folder in ")


def test_two_seats_with_one_role_need_an_organisation(partnership: Path) -> None:
    before = snapshot(partnership)
    result = member(
        partnership, "remove", "exec", "--role", "Leader of the Council", "--organisation", "council"
    )
    assert result.code == 0
    assert (
        member(partnership, "add", "exec", "--role", "Chief Executive", "--organisation", "council").code == 0
    )
    result = member(partnership, "remove", "exec", "--role", "Chief Executive")
    assert result.code == 2
    assert result.err == (
        "thp: 2 seats on exec are Chief Executive; say which with --organisation or --person, "
        "or change the file by hand:\n"
        "  Chief Executive (nhs-trust), held by person-0001\n"
        "  Chief Executive (council)\n"
    )
    assert snapshot(partnership) != before  # the two edits above, and nothing from the refusal


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ((LAYOUTS / "anchors.yaml").read_bytes(), "uses YAML anchors (&name) or aliases (*name)"),
        (
            b"{id: safety, name: Safety, kind: thematic-board, reports_to: [exec]}\n",
            "it is not written as block YAML",
        ),
        (
            b"id: safety\rname: Safety\rkind: thematic-board\rreports_to: [exec]\r",
            "a carriage return on its own",
        ),
    ],
)
def test_layouts_thp_does_not_edit_are_refused(partnership: Path, content: bytes, why: str) -> None:
    (partnership / SAFETY).write_bytes(content)
    before = snapshot(partnership)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert why in result.err
    assert snapshot(partnership) == before


def test_a_board_that_cannot_be_read_is_refused(partnership: Path) -> None:
    (partnership / SAFETY).write_bytes(b"id: safety\nname: [unclosed\n")
    before = snapshot(partnership)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert result.err == (
        "thp: data/boards/safety.yaml cannot be read as a board; "
        "run thp validate, fix what it says, and try again\n"
    )
    assert snapshot(partnership) == before


# -- faults while writing: the old file stays whole and no temporary file is left ------------
def files_in_boards(root: Path) -> list[str]:
    return sorted(os.listdir(root / "data" / "boards"))


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _HalfWriter:
    """A file whose write puts down half the bytes, then finds the disk full."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


@pytest.mark.parametrize("fault", ["fsync", "half-written", "replace"])
def test_a_failed_write_leaves_the_file_whole(
    partnership: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    before, names = snapshot(partnership), files_in_boards(partnership)
    if fault == "fsync":
        monkeypatch.setattr(os, "fsync", _enospc)
    elif fault == "replace":
        monkeypatch.setattr(os, "replace", _enospc)
    else:
        real = os.fdopen

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real(fd, mode, *args, **kwargs)
            return _HalfWriter(handle) if mode == "wb" else handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert (
        result.err
        == "thp: cannot write data/boards/safety.yaml: No space left on device; nothing was changed\n"
    )
    assert snapshot(partnership) == before
    assert files_in_boards(partnership) == names


def test_a_file_changed_while_thp_edits_it_is_not_overwritten(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = partnership / SAFETY
    names = files_in_boards(partnership)
    someone_else = path.read_bytes() + b"# an officer's own edit, saved meanwhile\n"
    real = editing.Session._check_partnership

    def meanwhile(self: editing.Session, new: bytes) -> None:
        real(self, new)
        path.write_bytes(someone_else)

    monkeypatch.setattr(editing.Session, "_check_partnership", meanwhile)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert result.err == (
        "thp: data/boards/safety.yaml changed on disk while thp was editing it; nothing was changed: "
        "run the command again\n"
    )
    assert path.read_bytes() == someone_else
    assert files_in_boards(partnership) == names


def test_the_files_mode_is_kept(partnership: Path) -> None:
    path = partnership / SAFETY
    path.chmod(0o640)
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert path.stat().st_mode & 0o777 == 0o640


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
    written = editing.scalar(text)
    loaded = load_text("x", f"key: {written}\n")
    assert loaded.findings == [] and loaded.data == {"key": text}, written


def test_plain_where_that_is_safe() -> None:
    assert editing.scalar("Chief Executive") == "Chief Executive"
    assert editing.scalar("barts-health") == "barts-health"
    assert editing.scalar("2024-05-01", "until") == "2024-05-01"
    assert editing.scalar("yes") == '"yes"'
    assert editing.scalar("3.10") == '"3.10"'


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
    doc = editing.Document.decode(raw, "board")
    data = load_text("board", doc.body).data
    seat = {"role": role, "organisation": organisation, "position": "member"}
    added = editing.plan_add(doc, editing.locate(doc.body), data, seat)
    loaded = load_text("board", added.body)
    assert loaded.data == added.data
    assert loaded.data["members"][-1] == seat
    after = editing.Document.decode(doc.encode(added.body), "board")
    index = len(added.data["members"]) - 1
    removed = editing.plan_remove(after, editing.locate(after.body), added.data, index)
    assert after.encode(removed.body) == raw
