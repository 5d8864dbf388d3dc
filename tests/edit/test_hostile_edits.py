"""Issue #10, the edit path: nothing lost (flow-style lists, a seat's other keys), linear imports,
anchors refused on every kind of node, and an existing seat is not added twice."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from ..conftest import AS_OF

runner = CliRunner()
SAFETY = "data/boards/safety.yaml"
SEATS = (
    "members:\n"
    "  - role: Cabinet Member for Safety\n    organisation: council\n    position: co-chair\n"
    "    elected_member: true\n"
    "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n"
)
CABINET = "{role: Cabinet Member for Safety, organisation: council, position: co-chair, elected_member: true}"
COMMANDER = "{role: Borough Commander, organisation: police, position: co-chair}"
NEW_SEAT = ["--role", "Director of Public Health", "--organisation", "nhs-trust"]
NEW_FLOW = "{role: Director of Public Health, organisation: nhs-trust, position: member}"


def thp(*args: str | Path) -> Result:
    return runner.invoke(app(), [str(a) for a in args], env={"THP_ROOT": "", "NO_COLOR": "1"})


def app() -> Any:
    from thp_cli.cli.app import app

    return app


def member(root: Path, *args: str) -> Result:
    return thp("member", *args, "--root", root)


def snapshot(root: Path) -> dict[str, bytes]:
    files = sorted((root / "data").rglob("*"))
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def valid(root: Path) -> None:
    result = thp("validate", "--root", root, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output


def with_seats(root: Path, seats: str) -> str:
    """The safety board with ``seats`` in place of its members list; the file's text."""
    path = root / SAFETY
    text = path.read_text()
    assert SEATS in text
    text = text.replace(SEATS, seats)
    path.write_text(text)
    return text


def export_rows(root: Path, into: Path) -> list[list[str]]:
    result = thp("export", "csv", "--root", root, "--out", into / "seats.csv")
    assert result.exit_code == 0, result.output
    with (into / "seats.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def import_rows(root: Path, into: Path, rows: list[list[str]]) -> Result:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    (into / "edited.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return thp("import", "csv", into / "edited.csv", "--root", root)


# -- flow-style lists are edited in place: every comment and byte not asked to change is kept --
MULTI_LINE = (
    "members: [  # the board's seats\n"
    f"  {CABINET},  # the Mayor's lead\n"
    "  # the police\n"
    f"  {COMMANDER}  # BCU\n"
    "]  # end of seats\n"
)


def test_adding_to_a_flow_list_keeps_its_comments(partnership: Path) -> None:
    text = with_seats(partnership, MULTI_LINE)
    assert member(partnership, "add", "safety", *NEW_SEAT).exit_code == 0
    assert (partnership / SAFETY).read_text() == text.replace(
        f"  {COMMANDER}  # BCU\n", f"  {COMMANDER},  # BCU\n  {NEW_FLOW}\n"
    )
    valid(partnership)


def test_removing_from_a_flow_list_takes_only_the_seats_own_line(partnership: Path) -> None:
    text = with_seats(partnership, MULTI_LINE)
    result = member(partnership, "remove", "safety", "--role", "Cabinet Member for Safety")
    assert result.exit_code == 0, result.output
    assert (partnership / SAFETY).read_text() == text.replace(f"  {CABINET},  # the Mayor's lead\n", "")
    result = member(partnership, "remove", "safety", "--role", "Borough Commander")
    assert result.exit_code == 0, result.output
    assert (partnership / SAFETY).read_text() == text.replace(
        f"  {CABINET},  # the Mayor's lead\n", ""
    ).replace(f"  {COMMANDER}  # BCU\n", "")
    valid(partnership)


def test_setting_a_key_in_a_flow_list_changes_that_value_only(partnership: Path) -> None:
    text = with_seats(partnership, MULTI_LINE)
    selector = ["--role", "Cabinet Member for Safety", "--organisation", "council"]
    result = member(partnership, "set", "safety", *selector, "--position", "chair", "--until", "2025-01-01")
    assert result.exit_code == 0, result.output
    assert (partnership / SAFETY).read_text() == text.replace(
        "position: co-chair, elected_member: true}",
        "position: chair, elected_member: true, until: 2025-01-01}",
    )
    result = member(partnership, "set", "safety", *selector, "--until", "none", "--not-elected-member")
    assert result.exit_code == 0, result.output
    assert (partnership / SAFETY).read_text() == text.replace(
        "position: co-chair, elected_member: true}", "position: chair, elected_member: false}"
    )
    valid(partnership)


@pytest.mark.parametrize(
    ("role", "left"),
    [
        ("Cabinet Member for Safety", f"members: [{COMMANDER}]  # two seats\n"),
        ("Borough Commander", f"members: [{CABINET}]  # two seats\n"),
    ],
)
def test_removing_from_a_flow_list_on_one_line(partnership: Path, role: str, left: str) -> None:
    text = with_seats(partnership, f"members: [{CABINET}, {COMMANDER}]  # two seats\n")
    assert member(partnership, "remove", "safety", "--role", role).exit_code == 0
    assert (partnership / SAFETY).read_text() == text.replace(
        f"members: [{CABINET}, {COMMANDER}]  # two seats\n", left
    )
    valid(partnership)


def test_an_import_into_a_flow_list_keeps_its_comments(partnership: Path, tmp_path: Path) -> None:
    text = with_seats(partnership, MULTI_LINE)
    rows = export_rows(partnership, tmp_path)
    header = rows[0]
    role, position = header.index("role"), header.index("position")
    for row in rows:
        if row[role] == "Borough Commander":
            row[position] = "member"
    rows = [row for row in rows if row[role] != "Cabinet Member for Safety"]
    rows.append(["safety", "", "Director of Public Health", "nhs-trust", "", "member", "false", "", "", ""])
    result = import_rows(partnership, tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert (partnership / SAFETY).read_text() == text.replace(
        f"  {CABINET},  # the Mayor's lead\n", ""
    ).replace(
        f"  {COMMANDER}  # BCU\n",
        f"  {COMMANDER.replace('co-chair', 'member')},  # BCU\n  {NEW_FLOW}\n",
    )
    valid(partnership)


def test_moderngov_into_a_flow_list_of_meetings_keeps_its_comment(partnership: Path, tmp_path: Path) -> None:
    path = partnership / SAFETY
    old = "meetings:\n  - date: 2024-05-01\n    status: held\n"
    text = path.read_text()
    assert old in text
    text = text.replace(old, "meetings: [{date: 2024-05-01, status: held}]  # from the minutes\n")
    path.write_text(text)
    answer = tmp_path / "meetings.xml"
    answer.write_text(
        "<getmeetings><meetings>"
        + "".join(
            f"<meeting><meetingid>{n}</meetingid><meetingdate>{day}</meetingdate>"
            f"<committeeid>77</committeeid><committeetitle>Safety</committeetitle></meeting>"
            for n, day in enumerate(["01/05/2024", "01/08/2024", "01/11/2024"])
        )
        + "</meetings></getmeetings>"
    )
    result = thp(
        "import", "moderngov", answer, "--board", "safety", "--committee-id", "77", "--as-of", AS_OF,
        "--root", partnership,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_text() == text.replace(
        "meets: quarterly\n", "meets: quarterly\nmoderngov_committee_id: 77\n"
    ).replace(
        "{date: 2024-05-01, status: held}]",
        "{date: 2024-05-01, status: held}, {date: 2024-08-01, status: held}, "
        "{date: 2024-11-01, status: planned}]",
    )
    valid(partnership)


# -- a change of who holds a seat keeps the seat's other keys and comments --------------------
SOURCED = (
    "members:\n"
    "  - role: Cabinet Member for Safety\n    organisation: council\n    position: co-chair\n"
    "    elected_member: true\n"
    "  # the commander changes with each posting\n"
    "  - role: Borough Commander  # BCU lead\n    organisation: police\n    position: co-chair\n"
    "    person: person-0001\n"
    "    sources:\n      - title: Terms of reference\n        page: 4\n        note: named in annex A\n"
)


def add_person(root: Path, person: str) -> None:
    path = root / "data/people.yaml"
    path.write_text(path.read_text() + f"  - id: {person}\n    name: B. Person\n")


@pytest.mark.parametrize("new_person", ["person-0002", ""])
def test_an_import_changing_a_seats_person_keeps_its_sources_and_comments(
    partnership: Path, tmp_path: Path, new_person: str
) -> None:
    add_person(partnership, "person-0002")
    text = with_seats(partnership, SOURCED)
    rows = export_rows(partnership, tmp_path)
    header = rows[0]
    role, person = header.index("role"), header.index("person")
    for row in rows:
        if row[role] == "Borough Commander":
            row[person] = new_person
    result = import_rows(partnership, tmp_path, rows)
    assert result.exit_code == 0, result.output
    change = "person from person-0001 to person-0002" if new_person else "person person-0001 removed"
    assert f"changed the seat Borough Commander (police), held by person-0001: {change}" in result.output
    expected = "    person: person-0002\n" if new_person else ""
    assert (partnership / SAFETY).read_text() == text.replace("    person: person-0001\n", expected)
    valid(partnership)


def test_an_import_naming_the_holder_of_a_vacant_seat_keeps_its_sources(
    partnership: Path, tmp_path: Path
) -> None:
    text = with_seats(partnership, SOURCED.replace("    person: person-0001\n", ""))
    rows = export_rows(partnership, tmp_path)
    header = rows[0]
    role, person = header.index("role"), header.index("person")
    for row in rows:
        if row[role] == "Borough Commander":
            row[person] = "person-0001"
    result = import_rows(partnership, tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert (partnership / SAFETY).read_text() == text.replace(
        "    position: co-chair\n    sources:",
        "    position: co-chair\n    person: person-0001\n    sources:",
    )


# -- imports do work in proportion to their rows ---------------------------------------------
def count_parses(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count every round-trip parse (compose or scan) of a file's text with ruamel.yaml."""
    from ruamel.yaml import YAML

    counts = {"parses": 0}
    for name in ("compose", "scan"):
        real = getattr(YAML, name)

        def counted(self: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            counts["parses"] += 1
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(YAML, name, counted)
    return counts


@pytest.mark.parametrize("kind", ["seats", "meetings"])
def test_an_import_parses_the_file_a_fixed_number_of_times_whatever_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    from ..conftest import BASE, build_case

    counts = count_parses(monkeypatch)
    seen = []
    for n in (3, 40):
        root = build_case(BASE, tmp_path / f"p{n}")
        if kind == "seats":
            rows = export_rows(root, tmp_path)
            rows += [
                ["safety", "", f"Member {i}", "council", "", "member", "false", "", "", ""] for i in range(n)
            ]
            before = counts["parses"]
            result = import_rows(root, tmp_path, rows)
        else:
            answer = tmp_path / "meetings.xml"
            answer.write_text(
                "<getmeetings>"
                + "".join(
                    f"<meeting><meetingdate>{1 + i % 28:02d}/{1 + i // 28:02d}/2023</meetingdate>"
                    "<committeeid>5</committeeid></meeting>"
                    for i in range(n)
                )
                + "</getmeetings>"
            )
            before = counts["parses"]
            result = thp(
                "import", "moderngov", answer, "--board", "safety", "--committee-id", "5", "--as-of", AS_OF,
                "--root", root,
            )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.output.count("added") == n
        seen.append(counts["parses"] - before)
    assert seen[0] == seen[1], f"round-trip parses grow with the rows: {seen}"


# -- anchors and aliases, on any kind of node, are refused ----------------------------------
ANCHORED = {
    "a scalar": SEATS.replace("organisation: police", "organisation: &org police"),
    "an alias": SEATS.replace("    elected_member: true\n", "    elected_member: &yes true\n").replace(
        "  - role: Borough Commander\n", "  - role: Borough Commander\n    elected_member: *yes\n"
    ),
    "a key": SEATS.replace("    organisation: police", "    &k organisation: police"),
    "a block mapping": SEATS.replace("  - role: Borough", "  - &seat\n    role: Borough"),
    "a flow mapping": SEATS.replace(
        "  - role: Borough Commander\n    organisation: police\n    position: co-chair\n",
        f"  - &seat {COMMANDER}\n",
    ),
    "a block sequence": SEATS.replace("members:\n", "members: &seats\n"),
    "a flow sequence": f"members: &seats [{CABINET}, {COMMANDER}]\n",
    "the members key": SEATS.replace("members:", "&list members:"),
    "a tag, then an anchor": SEATS.replace("role: Borough Commander", "role: !!str &r Borough Commander"),
    "an anchor, then a tag": SEATS.replace("role: Borough Commander", "role: &r !!str Borough Commander"),
    "a tagged mapping": SEATS.replace("  - role: Borough", "  - !!map &seat\n    role: Borough"),
    "an empty value": SEATS.replace("    position: co-chair\n", "    position: co-chair\n    until: &u\n", 1),
    "a merge key": SEATS.replace(
        "    elected_member: true\n", "    elected_member: true\n  - &base\n    role: X\n"
    ).replace("  - role: Borough Commander\n", "  - <<: *base\n    role: Borough Commander\n"),
}


@pytest.mark.parametrize("where", list(ANCHORED))
@pytest.mark.parametrize(
    "command",
    [
        ["add", "safety", *NEW_SEAT],
        ["remove", "safety", "--role", "Cabinet Member for Safety"],
        ["set", "safety", "--role", "Cabinet Member for Safety", "--until", "2025-01-01"],
    ],
)
def test_a_members_list_with_an_anchor_on_any_node_is_refused(
    partnership: Path, where: str, command: list[str]
) -> None:
    with_seats(partnership, ANCHORED[where])
    before = snapshot(partnership)
    result = member(partnership, *command)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"thp: thp cannot edit {SAFETY} safely: its members list uses YAML anchors (&name) or aliases "
        "(*name), which thp leaves to be edited by hand; make this change by hand. Nothing was changed.\n"
    )
    assert snapshot(partnership) == before


def test_a_meetings_list_with_an_anchor_is_refused_by_name(partnership: Path, tmp_path: Path) -> None:
    path = partnership / SAFETY
    path.write_text(path.read_text().replace("  - date: 2024-05-01\n", "  - date: &d 2024-05-01\n"))
    before = snapshot(partnership)
    answer = tmp_path / "meetings.xml"
    answer.write_text(
        "<getmeetings><meeting><meetingdate>01/08/2024</meetingdate><committeeid>5</committeeid></meeting>"
        "</getmeetings>"
    )
    result = thp(
        "import", "moderngov", answer, "--board", "safety", "--committee-id", "5", "--root", partnership
    )
    assert result.exit_code == 2, result.output
    assert "its meetings list uses YAML anchors (&name) or aliases (*name)" in result.stderr
    assert snapshot(partnership) == before


# -- member add of a seat the board has --------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "command"),
    [
        (
            ["--role", "Borough Commander", "--organisation", "police"],
            "thp member set safety --role 'Borough Commander' --organisation police",
        ),
        (
            ["--role", "Chief's Adviser", "--organisation", "police", "--person", "person-0001"],
            "thp member set safety --person person-0001",
        ),
    ],
)
def test_adding_a_seat_the_board_has_refuses_and_suggests_member_set(
    partnership: Path, args: list[str], command: str
) -> None:
    if "--person" in args:
        assert member(partnership, "add", "safety", *args).exit_code == 0
    before = snapshot(partnership)
    result = member(partnership, "add", "safety", *args, "--position", "chair")
    assert result.exit_code == 2
    assert f"nothing was changed. To change that seat, use {command} with what to change\n" in result.stderr
    assert snapshot(partnership) == before


FLOW_LAYOUTS = {
    "one line": f"members: [{CABINET}, {COMMANDER}]  # c\n",
    "trailing comma": f"members: [{CABINET}, {COMMANDER},]\n",
    "spaced": f"members: [ {CABINET} , {COMMANDER} ]\n",
    "a line each": f"members: [\n  {CABINET},  # a\n  # between\n  {COMMANDER}  # b\n]  # end\n",
    "a line each, trailing comma": f"members: [\n  {CABINET},\n  {COMMANDER},\n]\n",
    "leading commas": f"members: [\n  {CABINET}\n  , {COMMANDER}\n]\n",
    "continued": f"members: [{CABINET},  # a\n  {COMMANDER}]\n",
    "on the next line": f"members:\n  [{CABINET}, {COMMANDER}]\n",
}
SHEET_EDITS = {
    "remove every seat, add one": (["Cabinet Member for Safety", "Borough Commander"], True),
    "remove the last, add one": (["Borough Commander"], True),
    "remove the first, add one": (["Cabinet Member for Safety"], True),
    "add one": ([], True),
}


@pytest.mark.parametrize("edit", list(SHEET_EDITS))
@pytest.mark.parametrize("layout", list(FLOW_LAYOUTS))
def test_any_import_into_any_flow_layout_is_made_and_keeps_its_comments(
    partnership: Path, tmp_path: Path, layout: str, edit: str
) -> None:
    from thp_cli.edit.sheets import import_seats
    from thp_cli.yamlio.load import load_text

    text = with_seats(partnership, FLOW_LAYOUTS[layout])
    removed, add = SHEET_EDITS[edit]
    rows = export_rows(partnership, tmp_path)
    role = rows[0].index("role")
    rows = [row for row in rows if row[role] not in removed]
    if add:
        rows.append(["safety", "", "Director, Public Health", "nhs-trust", "", "member", "false", "", "", ""])
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    (tmp_path / "edited.csv").write_text(buffer.getvalue(), encoding="utf-8")
    import_seats(partnership, tmp_path / "edited.csv", "csv")
    after = (partnership / SAFETY).read_text()
    roles = [seat["role"] for seat in load_text(SAFETY, after).data["members"]]  # type: ignore[index]
    kept = [r for r in ("Cabinet Member for Safety", "Borough Commander") if r not in removed]
    assert roles == kept + (["Director, Public Health"] if add else [])
    for comment in ("# c", "# between", "# end"):
        assert (comment in after) == (comment in text)
    assert after[: after.index("members")] == text[: text.index("members")]
    valid(partnership)


MEMBER_EDITS = {
    "add": (["add", "safety", "--role", "Director, Public Health", "--organisation", "nhs-trust"], None),
    "remove the first": (["remove", "safety", "--role", "Cabinet Member for Safety"], None),
    "remove the last": (["remove", "safety", "--role", "Borough Commander"], None),
    "set": (
        [
            "set",
            "safety",
            "--role",
            "Borough Commander",
            "--new-role",
            "Commander, BCU",
            "--since",
            "2020-01-01",
        ],
        {"role": "Commander, BCU", "since": "2020-01-01"},
    ),
}


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("edit", list(MEMBER_EDITS))
@pytest.mark.parametrize("layout", list(FLOW_LAYOUTS))
def test_any_member_edit_of_any_flow_layout_is_made_in_place(
    partnership: Path, layout: str, edit: str, crlf: bool
) -> None:
    from thp_cli.yamlio.load import load_text

    text = with_seats(partnership, FLOW_LAYOUTS[layout])
    if crlf:
        (partnership / SAFETY).write_bytes(text.replace("\n", "\r\n").encode())
    args, changed = MEMBER_EDITS[edit]
    before = load_text(SAFETY, text).data["members"]  # type: ignore[index]
    result = member(partnership, *args)
    assert result.exit_code == 0, result.output
    raw = (partnership / SAFETY).read_bytes()
    assert (b"\r\n" in raw) == crlf and b"\r\r" not in raw
    after = raw.decode().replace("\r\n", "\n")
    seats = load_text(SAFETY, after).data["members"]  # type: ignore[index]
    if edit == "add":
        assert seats == [
            *before,
            {"role": "Director, Public Health", "organisation": "nhs-trust", "position": "member"},
        ]
    elif edit.startswith("remove"):
        assert seats == [s for s in before if s["role"] != args[-1]]
    else:
        assert seats == [before[0], {**before[1], **(changed or {})}]
    assert "members: [" in after or "members:\n  [" in after  # still a flow list
    for comment in ("# c", "# between", "# end"):
        assert (comment in after) == (comment in text)
    assert after[: after.index("members")] == text[: text.index("members")]
    valid(partnership)
