"""Issue #11, publishable pages: what the annual report says and how it is laid out,
on a partnership that is not Tower Hamlets (built here, in each test)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.report.annual import annual

from ..conftest import write_partnership

runner = CliRunner()
AS_OF = dt.date(2025, 11, 1)

PARTNERSHIP = """\
name: Riverside Together
work_programme_due: "03-31"
annual_update_to: steering
sources:
  - title: Riverside compact 2024
    url: https://riverside.example.org/compact.pdf
"""

REPORT_BLOCK = """\
report:
  organisation: Riverside Borough Council
  colour: "#00703c"
  foreword: |
    Our second year together.

    Thanks to every partner.
  approved:
    by: Riverside Steering Group
    on: 2025-07-01
  sections: [boards, glance, quality]
"""


def riverside(root: Path, partnership: str = PARTNERSHIP) -> Path:
    """A small partnership whose boards have papers with links, and a warning or two."""
    write_partnership(
        root,
        {
            "assembly": {
                "name": "Riverside Assembly",
                "kind": "partnership-board",
                "seats": ["council/Leader"],
            },
            "steering": {"name": "Riverside Steering Group", "kind": "executive", "reports_to": ["assembly"]},
            "homes": {
                "name": "Homes Board",
                "reports_to": ["steering"],
                "calls_to_action": [1],
                "work_programme": {
                    "published": "2025-03-01",
                    "url": "https://riverside.example.org/homes-wp",
                },
                "terms_of_reference": {"url": "https://riverside.example.org/homes-tor"},
                "meetings": [
                    {
                        "date": "2025-05-02",
                        "status": "held",
                        "agenda": "https://riverside.example.org/homes/agenda-may",
                        "minutes": "https://riverside.example.org/homes/minutes-may",
                    }
                ],
                "sources": [{"title": "Homes board charter", "url": "https://riverside.example.org/charter"}],
                "updates": [{"year": 2025, "summary": "A good year.", "escalations": ["Voids backlog"]}],
            },
            "parks": {"name": "Parks Board", "reports_to": ["steering"]},  # no work programme: a warning
        },
        calls=2,
    )
    (root / "data" / "partnership.yaml").write_text(partnership, encoding="utf-8")
    return root


def test_public_report_holds_no_file_paths_line_numbers_rule_ids_or_yaml(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    for fmt in ("md", "html"):
        public = annual(root, year=2025, as_of=AS_OF, fmt=fmt)
        assert "Parks Board" in public
        for internal_only in (".yaml", "boards/", "work-programme", "thp validate", "reports_to", "calls_to"):
            assert internal_only not in public, (fmt, internal_only)
        assert not re.search(r"line \d", public)
        assert "Data quality" not in public
        inside = annual(root, year=2025, as_of=AS_OF, fmt=fmt, internal=True)
        assert "Data quality" in inside
        said = r"Parks Board has no published work programme recorded .*\(data/boards/parks\.yaml line \d+\)"
        assert re.search(said, inside)


def test_data_quality_in_a_public_report_when_asked_is_in_plain_words(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", PARTNERSHIP + "report:\n  sections: [glance, quality]\n")
    public = annual(root, year=2025, as_of=AS_OF, fmt="md")
    assert "## 2. Data quality" in public
    assert "No work programme published by the due date: 2 cases" in public
    assert ".yaml" not in public and "line 1" not in public and "work-programme" not in public


def test_report_block_sets_sections_order_foreword_approval_organisation_and_colour(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", PARTNERSHIP + REPORT_BLOCK)
    md = annual(root, year=2025, as_of=AS_OF, fmt="md")
    headings = re.findall(r"^## (.*)$", md, re.M)
    assert headings == [
        "Foreword",
        "Contents",
        "1. The thematic boards",
        "2. The partnership at a glance",
        "3. Data quality",
    ]
    assert "Our second year together.\n\nThanks to every partner." in md
    assert "**Approved by Riverside Steering Group on 1 July 2025.**" in md
    assert "Riverside Borough Council" in md
    html = annual(root, year=2025, as_of=AS_OF, fmt="html")
    assert "--brand: #00703c;" in html
    assert '<p class="organisation">Riverside Borough Council</p>' in html
    assert html.index('id="boards"') < html.index('id="glance"')
    assert 'id="coverage"' not in html and 'id="structure"' not in html


def test_a_colour_too_light_for_white_text_is_darkened_with_a_finding(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", PARTNERSHIP + 'report:\n  colour: "#ffdd00"\n')
    result = runner.invoke(
        app, ["validate", "--format", "json", "--as-of", AS_OF.isoformat(), "--root", str(root)]
    )
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "report-colour-contrast"]
    assert [(f["file"], f["line"], f["severity"]) for f in found] == [("data/partnership.yaml", 8, "warning")]
    assert "#ffdd00 has a contrast of only 1.3 to 1 with white text" in found[0]["message"]
    html = annual(root, year=2025, as_of=AS_OF, fmt="html")
    from thp_cli.rules.report import contrast

    used = re.search(r"--brand: (#[0-9a-f]{6});", html)
    assert used and used.group(1) != "#ffdd00"
    assert contrast(used.group(1), "#ffffff") >= 4.5


def test_links_the_data_holds_appear_as_links(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    html = annual(root, year=2025, as_of=AS_OF, fmt="html")
    md = annual(root, year=2025, as_of=AS_OF, fmt="md")
    for url in (
        "https://riverside.example.org/homes-wp",
        "https://riverside.example.org/homes-tor",
        "https://riverside.example.org/homes/agenda-may",
        "https://riverside.example.org/homes/minutes-may",
        "https://riverside.example.org/charter",
        "https://riverside.example.org/compact.pdf",
    ):
        assert f'href="{url}"' in html, url
        assert f"(<{url}>)" in md, url
    assert "[Agenda, 2 May 2025](<https://riverside.example.org/homes/agenda-may>)" in md


def test_no_sentence_claims_more_than_the_data_names(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    md = annual(root, year=2025, as_of=AS_OF, fmt="md")
    assert "No board is named as delivering call to action 2 (Call 2)." in md
    assert "No call to action is named as delivered by Parks Board." in md
    assert "delivered by no board" not in md
    # what a board brings up goes to the board partnership.yaml names, not "the executive group"
    assert "Brought to the Riverside Steering Group to resolve:" in md
    # nothing from another partnership's papers
    for other in ("R3.i", "executive group to resolve"):
        assert other not in md


def svg_boxes(html: str) -> dict[str, float]:
    """The centre across of each board's box in the structure diagram."""
    return {
        m.group(1): float(m.group(2)) + float(m.group(3)) / 2
        for m in re.finditer(
            r'<g class="board" id="node-([a-z0-9-]+)">\n<title>[^<]*</title>\n'
            r'<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"',
            html,
        )
    }


def test_diagram_draws_children_under_their_parent_and_scales(tmp_path: Path) -> None:
    # sorting each layer by name would put Bravo (under Zulu) left of Yankee (under Alpha)
    # and cross their lines
    write_partnership(
        tmp_path / "p",
        {
            "top": {"name": "Top Board", "kind": "partnership-board"},
            "alpha": {"name": "Alpha Board", "reports_to": ["top"]},
            "zulu": {"name": "Zulu Board", "reports_to": ["top"]},
            "yankee": {"name": "Yankee Group", "kind": "subgroup", "reports_to": ["alpha"]},
            "bravo": {"name": "Bravo Group", "kind": "subgroup", "reports_to": ["zulu"]},
        },
    )
    html = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="html")
    x = svg_boxes(html)
    assert x["alpha"] < x["zulu"]
    assert x["yankee"] < x["bravo"]
    assert x["yankee"] == x["alpha"] and x["bravo"] == x["zulu"]
    svg = re.search(r"<svg [^>]*>", html)
    assert svg and "viewBox=" in svg.group()
    # the nested list shows the same structure (what a phone shows instead of the picture)
    tree = html[html.index('<ul class="tree">') :]
    assert (
        tree.index("Alpha Board")
        < tree.index("Yankee Group")
        < tree.index("Zulu Board")
        < tree.index("Bravo Group")
    )


def test_many_boards_under_one_stay_narrow_enough_to_read(tmp_path: Path) -> None:
    boards: dict[str, dict[str, object]] = {"top": {"name": "Top Board", "kind": "partnership-board"}}
    boards.update({f"b{i:02d}": {"name": f"Board number {i}", "reports_to": ["top"]} for i in range(14)})
    write_partnership(tmp_path / "p", boards)
    html = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="html")
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', html).group(1))  # type: ignore[union-attr]
    # 14 boards side by side would be over 2,600 units wide: scaled into a 980 px column
    # their 16 px labels would be about 6 px high
    assert width <= 980


def test_a_congress_with_no_reporting_line_is_said_to_have_none(tmp_path: Path) -> None:
    write_partnership(
        tmp_path / "p",
        {
            "top": {"name": "Hillside Board", "kind": "partnership-board"},
            "homes": {"name": "Homes Board", "reports_to": ["top"]},
            "congress": {"name": "Hillside Residents' Congress", "kind": "congress"},
        },
    )
    result = runner.invoke(
        app, ["validate", "--format", "json", "--as-of", AS_OF.isoformat(), "--root", str(tmp_path / "p")]
    )
    assert json.loads(result.stdout)["errors"] == 0, result.stdout
    for fmt in ("md", "html"):
        text = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt=fmt)
        assert "No reporting line is recorded for: Hillside Residents" in text
        assert "Congress is at the top" not in text and "Congress reports to" not in text


def test_statutory_seats_from_an_act_are_labelled_and_silence_is_not_zero(tmp_path: Path) -> None:
    write_partnership(
        tmp_path / "p",
        {
            "top": {"name": "Lakeside Board", "kind": "partnership-board"},
            "safety": {
                "name": "Lakeside Safety Partnership",
                "reports_to": ["top"],
                "statutory": True,
                "statutory_basis": "Crime and Disorder Act 1998 (s.5)",
                "members": [
                    {
                        "role": "Chief Inspector",
                        "organisation": "police",
                        "sources": [{"title": "Crime and Disorder Act 1998"}],
                    },
                    {
                        "role": "Youth worker",
                        "organisation": "police",
                        "sources": [{"title": "Lakeside compact 2023"}],
                    },
                ],
            },
        },
    )
    (tmp_path / "p" / "data" / "organisations.yaml").write_text(
        "organisations:\n  - {id: police, name: Lakeside Police, sector: police}\n", encoding="utf-8"
    )
    md = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="md")
    assert (
        "  - Chief Inspector, Lakeside Police: a statutory seat, set by the Crime and Disorder Act 1998, "
        "not by a partnership paper\n  - Youth worker, Lakeside Police\n"
    ) in md
    # no meeting is recorded for the year: that is not "0 held"
    assert "- Meetings in 2025: none recorded" in md
    assert "0 held" not in md
