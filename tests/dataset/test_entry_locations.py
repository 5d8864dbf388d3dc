"""Issue #10: every finding about a list entry is at that entry, whatever entries before it were dropped.

A record with a bad list entry is salvaged without it, so its lists are
shorter than the file's; findings about the entries after it must still name
the line and column where the file has them.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thp_cli.findings import Finding
from thp_cli.validate import validate

from ..conftest import AS_OF, BASE, build_case

ON = dt.date.fromisoformat(AS_OF)
PROBE = "data/boards/probe.yaml"
# the rules that speak of one entry: a reference to nothing, or a value the data format refuses
ENTRY_RULES = {"unknown-reference", "invalid-value", "invalid-date", "wrong-type", "missing-key"}


@dataclass(frozen=True)
class Entry:
    """One entry of a list as written, and whether (and naming what) a finding must be at it."""

    token: str  # a scalar as written, or a flow/block mapping's "key: value" pairs
    bad: bool  # a finding must be at it
    names: str | None = None  # an unknown-reference finding names this value
    pairs: tuple[tuple[str, str], ...] = ()  # for a seat: its keys and values as written
    aim: str = ""  # for a seat: the key whose value the finding is at


def scalar_entries(known: list[str], unknown: str, invalid: list[str]) -> st.SearchStrategy[list[Entry]]:
    """Lists of distinct entries: known references, unknown ones, and values that are not allowed."""

    def build(kinds: list[tuple[int, int]]) -> list[Entry]:
        free = list(known)
        out: list[Entry] = []
        for n, (kind, pick) in enumerate(kinds):
            if kind == 0 and free:
                out.append(Entry(free.pop(pick % len(free)), False))
            elif kind == 1:
                value = unknown.format(n=n)
                out.append(Entry(value, True, value.strip('"')))
            else:
                out.append(Entry(invalid[pick % len(invalid)].format(n=n), True))
        return out

    return st.lists(st.tuples(st.integers(0, 2), st.integers(0, 9)), min_size=1, max_size=7).map(build)


def seat_entries() -> st.SearchStrategy[list[Entry]]:
    """Seats with a known organisation, an unknown one, or a value the data format refuses."""

    def build(kinds: list[tuple[int, int]]) -> list[Entry]:
        out: list[Entry] = []
        for n, (kind, pick) in enumerate(kinds):
            org = ("council", "police", "nhs-trust")[pick % 3]
            if kind == 0:
                pairs, bad, names, aim = (("role", f"Role {n}"), ("organisation", org)), False, None, ""
            elif kind == 1:
                pairs, bad, names, aim = (
                    (("role", f"Role {n}"), ("organisation", f"nope-org-{n}")),
                    True,
                    f"nope-org-{n}",
                    "organisation",
                )
            elif pick % 2:
                pairs, bad, names, aim = (
                    (("role", f"Role {n}"), ("organisation", org), ("position", f"boss{n}")),
                    True,
                    None,
                    "position",
                )
            else:
                pairs, bad, names, aim = (
                    (("role", f"Role {n}"), ("organisation", org), ("since", f"2024-13-0{n % 9 + 1}")),
                    True,
                    None,
                    "since",
                )
            out.append(Entry("", bad, names, pairs, aim))
        return out

    return st.lists(st.tuples(st.integers(0, 2), st.integers(0, 9)), min_size=1, max_size=6).map(build)


class Writer:
    """Writes a board file line by line and notes where each entry's value lands (1-based)."""

    def __init__(self) -> None:
        self.lines: list[str] = ["id: probe", "name: Probe Group", "kind: forum"]
        self.expected: dict[tuple[int, int], Entry] = {}

    def scalars(self, key: str, entries: list[Entry], style: str) -> None:
        if style == "block":
            self.lines.append(f"{key}:")
            for entry in entries:
                self.lines.append(f"  - {entry.token}")
                self.note(len(self.lines), 5, entry)
        elif style == "flow":
            line = f"{key}: ["
            for i, entry in enumerate(entries):
                line += ", " if i else ""
                self.note(len(self.lines) + 1, len(line) + 1, entry)
                line += entry.token
            self.lines.append(line + "]")
        else:  # a flow list over several lines
            self.lines.append(f"{key}: [")
            for entry in entries:
                self.lines.append(f"    {entry.token},")
                self.note(len(self.lines), 5, entry)
            self.lines.append("  ]")

    def seats(self, entries: list[Entry], style: str) -> None:
        if style == "block":
            self.lines.append("members:")
            for entry in entries:
                for i, (k, v) in enumerate(entry.pairs):
                    self.lines.append(("  - " if i == 0 else "    ") + f"{k}: {v}")
                    if k == entry.aim:
                        self.note(len(self.lines), 7 + len(k), entry)
        else:
            line = "members: ["
            for n, entry in enumerate(entries):
                line += (", " if n else "") + "{"
                for i, (k, v) in enumerate(entry.pairs):
                    line += (", " if i else "") + f"{k}: "
                    if k == entry.aim:
                        self.note(len(self.lines) + 1, len(line) + 1, entry)
                    line += v
                line += "}"
            self.lines.append(line + "]")

    def note(self, line: int, column: int, entry: Entry) -> None:
        if entry.bad:
            self.expected[line, column] = entry

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


STYLES = st.sampled_from(["block", "flow", "flow-lines"])
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield build_case(BASE, Path(folder) / "p")


def probe(root: Path, text: str) -> list[Finding]:
    (root / PROBE).write_text(text, encoding="utf-8")
    try:
        findings = validate(root, ON).findings
    finally:
        (root / PROBE).unlink()
    assert not [f for f in findings if f.rule == "internal-error"]
    return [f for f in findings if f.file == PROBE and f.rule in ENTRY_RULES]


def check_places(writer: Writer, findings: list[Finding]) -> None:
    """One finding at each bad entry's value, none elsewhere, each naming the value it is at."""
    text_lines = writer.text().splitlines()
    at = {(f.line, f.column): f for f in findings}
    assert sorted(at) == sorted(writer.expected), "\n".join(
        [writer.text(), *(f"{f.line}:{f.column} {f.message}" for f in findings)]
    )
    assert len(findings) == len(at)  # one finding per entry
    for place, finding in at.items():
        entry = writer.expected[place]
        if finding.rule == "unknown-reference":
            assert entry.names is not None and f"'{entry.names}'" in finding.message
            line, column = place
            assert text_lines[line - 1][column - 1 :].lstrip('"').startswith(entry.names)


@SETTINGS
@given(
    reports=scalar_entries(["board", "exec", "safety"], "nope-{n}", ["Bad_Id{n}", "7{n}", '"Not An Id {n}"']),
    calls=scalar_entries(["1", "2"], "9{n}", ['"x{n}"', "0", "-{n}"]),
    actions=scalar_entries(['"1.1"', '"1.10"', '"2.1"'], '"9.{n}"', ['"x{n}"', "1.{n}5"]),
    styles=st.tuples(STYLES, STYLES, STYLES),
)
def test_each_finding_about_a_list_entry_is_at_that_entry(
    root: Path, reports: list[Entry], calls: list[Entry], actions: list[Entry], styles: tuple[str, str, str]
) -> None:
    writer = Writer()
    writer.scalars("reports_to", reports, styles[0])
    writer.scalars("calls_to_action", calls, styles[1])
    writer.scalars("actions", actions, styles[2])
    check_places(writer, probe(root, writer.text()))


@SETTINGS
@given(seats=seat_entries(), style=st.sampled_from(["block", "flow"]))
def test_each_finding_about_a_seat_is_at_that_seat(root: Path, seats: list[Entry], style: str) -> None:
    writer = Writer()
    writer.scalars("reports_to", [Entry("exec", False)], "flow")
    writer.seats(seats, style)
    check_places(writer, probe(root, writer.text()))


def test_the_reviewers_examples_are_placed_at_the_value_they_name(root: Path) -> None:
    text = 'id: probe\nname: Probe\nkind: forum\nreports_to: [Bad_Id, nope]\ncalls_to_action: ["x", 9]\n'
    places = {(f.line, f.column, f.rule) for f in probe(root, text)}
    assert (4, 22, "unknown-reference") in places  # 'nope', not 'Bad_Id' before it
    assert (5, 24, "unknown-reference") in places  # 9, not "x" before it


def test_a_rule_about_a_later_seat_of_a_salvaged_board_names_that_seat(root: Path) -> None:
    """Not only references: a check of a seat kept after a dropped one is at the seat kept."""
    text = (
        "id: probe\nname: Probe\nkind: forum\nreports_to: [exec]\nmembers:\n"
        "  - role: Chair\n    organisation: council\n    position: boss\n"
        "  - role: Member\n    organisation: police\n    since: 2024-05-01\n    until: 2024-01-01\n"
    )
    (root / PROBE).write_text(text, encoding="utf-8")
    try:
        findings = [f for f in validate(root, ON).findings if f.file == PROBE]
    finally:
        (root / PROBE).unlink()
    later = [f for f in findings if "until" in f.message and f.rule != "invalid-value"]
    assert later, findings
    assert all(f.line >= 9 for f in later), later  # the second seat, lines 9-12, not the first


def test_an_action_kept_after_a_dropped_one_is_placed_at_its_own_number(tmp_path: Path) -> None:
    """Records inside list files (calls and their actions) keep their places too."""
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "calls_to_action.yaml").write_text(
        "calls_to_action:\n"
        "  - number: 1\n    title: Everyone is safe\n    actions:\n"
        '      - number: "1.1"\n        title: 7\n'
        '      - number: "2.5"\n        title: Safer homes\n'
        "  - number: 2\n    title: Everyone is healthy\n    actions:\n"
        '      - number: "2.1"\n        title: Healthy lives\n'
    )
    findings = validate(root, ON).findings
    wrong = [f for f in findings if f.rule == "action-number"]
    assert [(f.file, f.line, f.column) for f in wrong] == [("data/calls_to_action.yaml", 7, 17)]


def test_an_owner_of_a_recommendation_action_kept_after_a_dropped_one_is_at_its_place(tmp_path: Path) -> None:
    """Paths that go deeper than the dropped entry (actions[i].owners[j]) are mapped too."""
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "recommendations" / "r1.yaml").write_text(
        "id: r1\nnumber: 1\ntitle: Tackle duplication\nowner: exec\nactions:\n"
        "  - number: i\n    title: Review the groups\n    status: stalled\n"
        "  - number: ii\n    title: Keep improving\n    ongoing: true\n    owners: [exec, nope]\n"
    )
    found = [(f.line, f.column, f.rule) for f in validate(root, ON).findings if f.file.endswith("r1.yaml")]
    assert (12, 20, "unknown-reference") in found, found  # nope, on the second action
    assert (8, 13, "invalid-value") in found, found
