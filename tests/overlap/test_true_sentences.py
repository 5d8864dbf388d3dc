"""Issue #11, overlap: every sentence ``thp overlap`` and the report's overlap section
publish is true for a partnership thp was never tuned on, and a reviewer can act on it.

The partnership here ("Riverside") is made up: its boards, names and reporting
lines have nothing of Tower Hamlets'.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.overlap.analysis import overlap
from thp_cli.report.annual import annual

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)
runner = CliRunner()

TOP = [f"org{i}/Member" for i in range(10)]  # the assembly's seats
CASE = [f"agency{i}/Lead" for i in range(9)]  # the two domestic abuse groups' seats


def set_members(root: Path, board: str, change: dict[int, dict[str, Any]]) -> None:
    """Change some seats of a board written by write_partnership (position, since, until)."""
    path = root / "data" / "boards" / f"{board}.yaml"
    record = json.loads(path.read_text())
    for index, fields in change.items():
        record["members"][index].update(fields)
    path.write_text(json.dumps(record, indent=1))


@pytest.fixture
def riverside(tmp_path: Path) -> Path:
    root = write_partnership(
        tmp_path / "riverside",
        {
            "assembly": {"name": "Riverside Assembly", "kind": "partnership-board", "seats": TOP},
            "steering": {"name": "Steering Group", "kind": "executive", "reports_to": ["assembly"],
                         "seats": TOP},
            "health-exec": {"name": "Health Executive", "reports_to": ["steering"],
                            "seats": [TOP[0], "nhs/Director"]},
            "community-exec": {"name": "Community Executive", "reports_to": ["steering"],
                               "seats": [TOP[1], "vcs/Director", "org-link/Liaison"]},
            "safety": {"name": "Riverside Safety Board", "reports_to": ["health-exec"], "seats": CASE,
                       "topics": ["domestic-abuse", "street-drinking"]},
            "abuse-forum": {"name": "Domestic Abuse Forum", "reports_to": ["community-exec"],
                            "seats": CASE, "topics": ["domestic-abuse"]},
            "allotments": {"name": "Allotments Forum", "reports_to": ["community-exec"],
                           "seats": ["org-link/Liaison", "growers/Secretary"]},
            "plots": {"name": "Plot Holders Group", "kind": "subgroup", "reports_to": ["allotments"],
                      "seats": ["growers/Secretary", "growers/Treasurer"]},
            "youth": {"name": "Youth Subgroup", "kind": "subgroup", "reports_to": ["safety"],
                      "topics": ["youth-violence"]},
            "knives": {"name": "Knife Crime Task Group", "kind": "task-and-finish", "reports_to": ["youth"],
                       "ends": "2030-03", "topics": ["youth-violence", "knife-crime"]},
            "winter": {"name": "Winter Pressures Group", "kind": "task-and-finish",
                       "reports_to": ["health-exec"], "ends": "2024-03", "topics": ["winter-pressures"],
                       "meetings": [{"date": "2023-01-05", "status": "held"}]},
        },
    )  # fmt: skip
    set_members(root, "safety", {0: {"position": "chair"}})
    set_members(root, "abuse-forum", {0: {"position": "co-chair"}})
    return root


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["overlap", *args], env={"NO_COLOR": "1", "THP_ROOT": "", "COLUMNS": "200"})


def pair(result: Any, a: str, b: str) -> Any:
    return next(p for p in result.pairs if {p.a, p.b} == {a, b})


# -- a board and one it reports to: expected overlap, listed apart and below -----------------------
def test_pairs_in_one_reporting_line_come_after_the_others_whatever_their_score(riverside: Path) -> None:
    result = overlap(riverside, ON, threshold=0.0)
    steering = pair(result, "assembly", "steering")
    siblings = pair(result, "abuse-forum", "safety")
    assert steering.score > siblings.score  # the executive sits wholly inside the assembly
    assert steering.related == "parent-child" and siblings.related is None
    assert result.pairs[0] == siblings
    first_expected = next(i for i, p in enumerate(result.pairs) if p.related)
    assert all(p.related for p in result.pairs[first_expected:])
    assert result.duplicates == result.pairs[:first_expected]


def test_a_board_and_one_it_reports_to_through_another_is_expected_overlap(riverside: Path) -> None:
    line = pair(overlap(riverside, ON, threshold=0.0), "assembly", "health-exec")
    assert line.related == "reporting-line"
    assert line.reason.endswith("; Health Executive reports to Riverside Assembly through Steering Group")


def test_no_advice_merges_a_board_with_one_above_or_below_it(riverside: Path) -> None:
    result = overlap(riverside, ON, threshold=0.5)
    assert [c.boards for c in result.clusters] == [["abuse-forum", "safety"]]
    # the youth subgroup's one topic is inside its own task group's: not a reason to fold it in
    assert not [c for c in result.candidates if c.board == "youth"]
    assert all(c.other != "knives" for c in result.candidates)


def test_the_table_lists_pairs_in_one_reporting_line_apart_and_below(riverside: Path) -> None:
    out = invoke("--root", str(riverside), "--as-of", "2024-09-01", "-f", "table").output
    apart = out.index("Boards where one reports to the other on 2024-09-01: shared seats expected")
    assert out.index("Boards that may duplicate each other on 2024-09-01") < apart
    assert out.index("Domestic Abuse Forum and Riverside Safety Board") < apart
    assert out.index("Riverside Assembly and Steering Group share") > apart


# -- reasons in plain words, with names --------------------------------------------------------------
def test_a_reason_says_what_is_shared_and_where_each_board_reports(riverside: Path) -> None:
    siblings = pair(overlap(riverside, ON, threshold=0.0), "abuse-forum", "safety")
    assert siblings.reason == (
        "Domestic Abuse Forum and Riverside Safety Board share 9 of their 9 seats, "
        "share a chair (Lead, Agency0) and both work on domestic abuse, "
        "yet report to different boards (Community Executive and Health Executive)"
    )
    assert siblings.shared_chairs == ["Lead, Agency0"]


def test_siblings_are_said_to_report_to_the_same_board(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {
            "hub": {"name": "Town Hub", "kind": "partnership-board"},
            "east": {"name": "East Area Board", "reports_to": ["hub"], "seats": CASE[:3]},
            "west": {"name": "West Area Board", "reports_to": ["hub"], "seats": CASE[:2]},
        },
    )
    assert overlap(root, ON).pairs[0].reason == (
        "East Area Board and West Area Board share 2 seats (East Area Board has 3, West Area Board has 2); "
        "both report to Town Hub"
    )


def test_coefficients_stay_in_json_and_csv(riverside: Path) -> None:
    table = invoke("--root", str(riverside), "--as-of", "2024-09-01", "-f", "table").output
    assert not re.search(r"\b[JO] \d\.\d\d", table)
    assert "jaccard" not in table.lower()
    data = json.loads(invoke("--root", str(riverside), "--as-of", "2024-09-01", "-f", "json").output)
    first = data["pairs"][0]
    assert (first["a"], first["b"]) == ("abuse-forum", "safety")  # ids stay in JSON
    assert first["jaccard"] == 1.0 and first["overlap"] == 1.0
    rows = list(
        csv.DictReader(io.StringIO(invoke("--root", str(riverside), "-f", "csv").output.lstrip("\ufeff")))
    )
    assert {"jaccard", "overlap"} <= set(rows[0])


def test_sentences_for_people_name_boards_not_ids(riverside: Path) -> None:
    result = overlap(riverside, ON, threshold=0.0)
    sentences = (
        [p.reason for p in result.pairs]
        + [c.reason for c in result.clusters]
        + [b.reason for b in result.bridges]
        + [c.reason for c in result.candidates]
    )
    ids = ["abuse-forum", "health-exec", "community-exec", "allotments", "winter", "safety", "steering"]
    for sentence in sentences:
        for board_id in ids:
            assert not re.search(rf"(?<![\w-]){board_id}(?![\w-])", sentence), (board_id, sentence)
    table = invoke("--root", str(riverside), "--as-of", "2024-09-01", "-f", "table").output
    assert "community-exec" not in table and "Community Executive" in table


def test_boards_that_share_a_name_are_told_apart(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {
            "north": {"name": "Safety Board", "short_name": "North SB", "kind": "partnership-board",
                      "seats": CASE[:2]},
            "south": {"name": "Safety Board", "short_name": "South SB", "seats": CASE[:2]},
        },
    )  # fmt: skip
    reason = overlap(root, ON).pairs[0].reason
    assert reason.startswith("Safety Board (North SB) and Safety Board (South SB) share 2 of their 2 seats")


# -- bridges --------------------------------------------------------------------------------------------
def test_a_bridge_names_the_boards_the_seat_sits_on(riverside: Path) -> None:
    bridges = {b.seat: b for b in overlap(riverside, ON).bridges}
    liaison = bridges["seat:org-link|Liaison"]
    assert liaison.reason == (
        "Liaison, Org-Link is the only seat linking Allotments Forum with Community Executive; "
        "without it, nothing would link Allotments Forum and Plot Holders Group to the other boards"
    )
    # a seat that sits on boards on both sides names them in the order of their names
    secretary = bridges["seat:growers|Secretary"]
    assert (
        secretary.reason
        == "Secretary, Growers is the only seat linking Plot Holders Group with Allotments Forum"
    )


def test_a_bridge_sentence_is_the_same_whatever_order_the_files_are_read(
    riverside: Path, tmp_path: Path
) -> None:
    renamed = write_partnership(
        tmp_path / "other",
        {
            "zz-hub": {"name": "Hub", "kind": "partnership-board", "seats": ["a/One", "a/Two"]},
            "aa-west": {"name": "West", "reports_to": ["zz-hub"], "seats": ["a/Two", "a/Link"]},
            "mm-east": {"name": "East", "reports_to": ["zz-hub"], "seats": ["a/One", "a/Link"]},
            "bb-far": {"name": "Far", "reports_to": ["zz-hub"], "seats": ["a/Link", "a/Far"]},
        },
    )
    link = next(b for b in overlap(renamed, ON).bridges if b.seat == "seat:a|Link")
    assert link.reason == "Link, A is the only seat linking Far with East and West"


# -- groups that may no longer be needed ------------------------------------------------------------
def test_candidates_say_their_test_in_plain_words(riverside: Path) -> None:
    reasons = [c.reason for c in overlap(riverside, ON).candidates]
    assert reasons == [
        "Winter Pressures Group: no meeting recorded as held in the twelve months to 1 September 2024 "
        "(the last was on 5 January 2023)",
        "Winter Pressures Group: its end date (March 2024) has passed, yet it is still recorded as active",
    ]
    table = invoke("--root", str(riverside), "--as-of", "2024-09-01", "-f", "table").output
    assert "Groups that may no longer be needed (no meeting recorded in a year, end date passed" in table
    for word in ("annex", "principle", "PEG", "R2", "review"):
        assert word not in table


def test_a_remit_inside_a_group_outside_its_line_is_said_plainly(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {
            "hub": {"name": "Town Hub", "kind": "partnership-board"},
            "housing": {"name": "Housing Board", "reports_to": ["hub"], "topics": ["damp", "mould"]},
            "care": {"name": "Care Board", "reports_to": ["hub"], "topics": ["carers"]},
            "damp": {"name": "Damp Subgroup", "kind": "subgroup", "reports_to": ["care"], "topics": ["damp"]},
        },
    )
    (candidate,) = overlap(root, ON).candidates
    assert (
        candidate.reason
        == "Damp Subgroup: everything recorded as its remit (damp) is also in Housing Board's"
    )


# -- mermaid ----------------------------------------------------------------------------------------------
def test_mermaid_is_a_document_and_the_report_fences_its_own(riverside: Path) -> None:
    out = invoke("--root", str(riverside), "--as-of", "2024-09-01", "-f", "mermaid").output
    assert out.startswith("flowchart LR\n") and "```" not in out
    assert '  b_abuse_forum["Domestic Abuse Forum"]' in out
    md = annual(riverside, year=2024, as_of=ON, fmt="md")
    assert "```mermaid\nflowchart TB\n" in md


# -- the annual report's overlap section -------------------------------------------------------------
def overlap_section(md: str) -> str:
    """The overlap section, whatever its number: up to the next section or the end."""
    start = re.search(r"^## \d+\. Duplication and overlap$", md, re.M)
    assert start is not None
    after = re.search(r"^## ", md[start.end() :], re.M)
    return md[start.start() : start.end() + after.start()] if after else md[start.start() :]


def test_report_section_lists_pairs_to_act_on_first_and_names_its_day(riverside: Path) -> None:
    section = overlap_section(annual(riverside, year=2024, as_of=ON, fmt="md"))
    assert "Boards that shared seats or work on 1 September 2024, the most overlapping first:" in section
    expected = section.index("Boards where one reports to the other, so shared seats are expected:")
    assert (
        section.index("- Domestic Abuse Forum and Riverside Safety Board share 9 of their 9 seats") < expected
    )
    assert section.index("- Riverside Assembly and Steering Group share") > expected
    assert "Groups that may no longer be needed" in section
    for jargon in ("score", "annex", "abuse-forum", "threshold", "J 1", "(O "):
        assert jargon not in section
    html = annual(riverside, year=2024, as_of=ON, fmt="html")
    assert "<h3>Boards where one reports to the other, so shared seats are expected</h3>" in html


def test_report_section_at_a_past_as_of_counts_only_what_held_then(tmp_path: Path) -> None:
    """A seat that came and went, and a board set up during the year."""
    root = write_partnership(
        tmp_path,
        {
            "hub": {"name": "Town Hub", "kind": "partnership-board"},
            "east": {"name": "East Area Board", "reports_to": ["hub"], "seats": CASE[:3]},
            "west": {"name": "West Area Board", "reports_to": ["hub"], "seats": CASE[:3]},
            "cost": {"name": "Cost of Living Board", "reports_to": ["hub"], "established": "2024-06-01",
                     "seats": CASE[:3]},
        },
    )  # fmt: skip
    set_members(root, "west", {i: {"since": "2023-01-01", "until": "2024-01-31"} for i in range(3)})

    def pairs(day: dt.date) -> set[tuple[str, str]]:
        return {(p.a, p.b) for p in overlap(root, day).pairs}

    assert pairs(dt.date(2023, 12, 1)) == {("east", "west")}
    assert pairs(dt.date(2024, 3, 1)) == set()  # west's seats have gone; the cost board is not set up
    assert pairs(dt.date(2024, 9, 1)) == {("cost", "east")}
    march = overlap_section(annual(root, year=2024, as_of=dt.date(2024, 3, 1), fmt="md"))
    assert "On 1 March 2024, no two boards shared enough seats or work to be listed here." in march
    assert "Cost of Living" not in march and "West Area Board" not in march


def test_report_section_says_when_no_seats_are_recorded(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {"hub": {"name": "Town Hub", "kind": "partnership-board"}, "east": {"reports_to": ["hub"]}},
    )
    section = overlap_section(annual(root, year=2024, as_of=ON, fmt="md"))
    assert (
        "No seats are recorded as held on 1 September 2024, so this report cannot say which boards share"
        in (section)
    )


def test_a_cluster_holding_a_board_and_one_it_reports_to_is_not_advised_to_merge(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {
            "hub": {"name": "Town Hub", "kind": "partnership-board"},
            "east": {"name": "East Area Board", "reports_to": ["hub"], "seats": CASE[:4]},
            "west": {"name": "West Area Board", "reports_to": ["hub"], "seats": CASE[:4]},
            "east-youth": {"name": "East Youth Group", "kind": "subgroup", "reports_to": ["east"],
                           "seats": CASE[:4]},
        },
    )  # fmt: skip
    (cluster,) = overlap(root, ON, threshold=0.5).clusters
    assert cluster.boards == ["east", "east-youth", "west"]
    assert "merge" not in cluster.reason
    assert cluster.reason == (
        "East Area Board, East Youth Group and West Area Board overlap each other (2 overlapping pairs): "
        "look at them together: could one of them take on the work they share?"
    )
