"""``thp member add|remove|set`` refused: exit 2, a plain message, and nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_member import LAYOUTS, NEW_SEAT, SAFETY, member, snapshot

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
