"""``thp member add|remove|set`` on every layout of a board file: byte-exact round trips,
indentation, comments, blank lines and flow-style lists kept as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thp_cli.yamlio.load import load_text

from .test_member import NEW_LINES, NEW_SEAT, SAFETY, changes, member, only_inserted, seats, valid, with_board

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
