"""Issue #14, the annual report's "Performance against the plan", on a made-up partnership
(tests/cases/indicators: the base partnership with four indicators): an indicator whose
lower is better and whose target is met early, one with no value, one behind its milestone
and one off track that measures two calls. Each call lists its indicators with owner,
baseline, latest value, target and rating; the ratings are counted per call and per owning
board; each board's section lists what it owns; the Markdown has the HTML's numbers and no
chart; with no indicators, one sentence says so from the data."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from thp_cli.report.annual import annual

from ..conftest import CASES, build_case, write_partnership

ON = dt.date(2024, 9, 1)


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return build_case(CASES / "indicators", tmp_path / "p")


def section(md: str, heading: str) -> str:
    """A section of the Markdown report, its escapes undone (20\\.0% is 20.0%)."""
    start = re.search(rf"^## \d+\. {heading}$", md, re.M)
    assert start, heading
    rest = md[start.end() :]
    end = re.search(r"^## \d+\. ", rest, re.M)
    return re.sub(r"\\(.)", r"\1", rest[: end.start() if end else None])


def rows(text: str) -> list[list[str]]:
    """The summary tables' rows (six cells), in order."""
    found = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 6 and cells[0] != "Indicator":
            found.append(cells)
    return found


SMOKING = ["Adults who smoke", "Health Board", "20.0% (March 2022)", "19.5% (March 2024)",
           "14.0% (March 2025)", "off track"]  # fmt: skip
WAIT = ["Days waited for a home adaptation", "Safety Partnership", "120 days (15 January 2024)",
        "none recorded", "60 days (31 December 2025)", "no recent data"]  # fmt: skip
CRIME = ["Violent crimes reported", "Safety Partnership", "12.0 per 1,000 (March 2021)",
         "8.7 per 1,000 (March 2024)", "9.0 per 1,000 (March 2026)", "target met"]  # fmt: skip
WEIGHT = ["Children of a healthy weight", "Health Board", "60.0% (March 2022)", "63.8% (March 2024)",
          "70.0% (March 2026)", "behind"]  # fmt: skip


def test_each_call_lists_its_indicators_figures_and_ratings(case: Path) -> None:
    text = section(annual(case, year=2024, as_of=ON, fmt="md"), "Performance against the plan")
    assert "4 indicators measure the plan, each rated as at 1 September 2024" in text
    call1, call2 = text.split("### Call 2: Everyone is healthy")
    assert "### Call 1: Everyone is safe" in call1
    # direction down and met early; no value at all; an action's indicator behind its milestone
    assert rows(call1) == [SMOKING, WAIT, CRIME]
    assert rows(call2) == [SMOKING, WEIGHT]
    assert "Ratings: 1 off track, 1 target met and 1 no recent data." in call1
    assert "Ratings: 1 behind and 1 off track." in call2
    assert "- Health Board: 1 behind and 1 off track" in call2
    assert "- Safety Partnership: 1 target met and 1 no recent data" in call2
    # the figures behind the judgement, with the milestone and a value's note
    assert "| Milestone | March 2024 | 64.0% |  |" in call2
    assert "| Recorded | March 2023 | 61.5% | School measurement |" in call2
    assert "Children of a healthy weight: figures (rated behind):" in call2


def test_each_board_lists_the_indicators_it_owns(case: Path) -> None:
    boards = section(annual(case, year=2024, as_of=ON, fmt="md"), "The thematic boards")
    health, safety = boards.split("### Safety Partnership")
    owned = "- Indicators it owns:\n  - Adults who smoke: off track\n  - Children of a healthy weight: behind"
    assert owned in health
    assert "Violent crimes" not in health
    owned = "  - Days waited for a home adaptation: no recent data\n  - Violent crimes reported: target met"
    assert owned in safety


def test_a_year_on_old_values_are_no_recent_data_never_a_stale_rating(case: Path) -> None:
    md = annual(case, year=2025, as_of=dt.date(2025, 9, 1), fmt="md")
    text = section(md, "Performance against the plan")
    # every latest value is from March 2024 or earlier: more than 15 months before the day
    assert [r[5] for r in rows(text)] == ["no recent data"] * 5
    assert [r[3] for r in rows(text)][1:3] == ["none recorded", "8.7 per 1,000 (March 2024)"]
    assert "Ratings: 3 no recent data." in text and "target met" not in text


def test_markdown_has_the_htmls_numbers_and_no_chart(case: Path) -> None:
    md = section(annual(case, year=2024, as_of=ON, fmt="md"), "Performance against the plan")
    page = annual(case, year=2024, as_of=ON, fmt="html")
    part = page.split('<section id="performance"')[1].split("</section>")[0]
    assert "<svg" not in md and "svg" not in md
    assert part.count('<svg xmlns="http://www.w3.org/2000/svg"') == 5  # one per indicator per call
    assert part.count('role="img"') == 5 and part.count("<table") == 7  # a table beside each chart
    cells = [
        [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", part)
    ]
    assert [c for c in cells if len(c) == 6 and c[0] != "Indicator"] == rows(md)
    assert "Baseline 12.0 per 1,000 in March 2021; latest 8.7 per 1,000 in March 2024" in part
    # ids unique although Adults who smoke is charted under both calls
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_with_no_indicators_one_sentence_names_the_plan_and_the_terms(case: Path) -> None:
    for name in ("adult-smoking", "adaptation-wait", "healthy-weight", "violent-crime"):
        (case / "data" / "indicators" / f"{name}.yaml").unlink()
    text = section(annual(case, year=2024, as_of=ON, fmt="md"), "Performance against the plan")
    assert text.strip() == (
        "An annual report shows performance against the partnership's plan, Example Plan, as well "
        "as activities; no indicators of performance are recorded yet, so this report cannot show "
        "it yet. The duties this report checks are set by the terms of reference, Example terms of reference."
    )


def test_with_no_plan_or_terms_recorded_the_sentence_claims_neither(tmp_path: Path) -> None:
    root = write_partnership(tmp_path / "p", {"care": {"name": "Care Board"}})
    md = annual(root, year=2024, as_of=ON, fmt="md", allow_errors=True)
    text = section(md, "Performance against the plan")
    assert text.strip() == (
        "An annual report shows performance against the partnership's plan as well as activities; "
        "no indicators of performance are recorded yet, so this report cannot show it yet."
    )


def test_indicators_recorded_but_unreadable_are_not_said_to_be_missing(case: Path) -> None:
    for name in ("adult-smoking", "adaptation-wait", "violent-crime"):
        (case / "data" / "indicators" / f"{name}.yaml").unlink()
    (case / "data" / "indicators" / "healthy-weight.yaml").write_text("id: healthy-weight\ntitle: [broken\n")
    text = section(
        annual(case, year=2024, as_of=ON, fmt="md", allow_errors=True), "Performance against the plan"
    )
    assert "no indicators" not in text.lower()
    assert (
        "indicators of performance are recorded, but none could be read, so this report cannot show it"
        in text
    )


def test_one_indicator_is_not_said_to_be_each_rated(case: Path) -> None:
    for name in ("adult-smoking", "adaptation-wait", "violent-crime"):
        (case / "data" / "indicators" / f"{name}.yaml").unlink()
    text = section(annual(case, year=2024, as_of=ON, fmt="md"), "Performance against the plan")
    assert "1 indicator measures the plan, rated as at 1 September 2024 from its latest value" in text
    assert "each" not in text.split(".")[0]


def test_an_example_indicator_is_left_out_with_a_sentence_not_rated(case: Path) -> None:
    folder = case / "data" / "indicators"
    text = (folder / "healthy-weight.yaml").read_text()
    # a real title, but still the example's id: the example placeholder, not a rating
    (folder / "healthy-weight.yaml").unlink()
    (folder / "example-indicator.yaml").write_text(
        text.replace("id: healthy-weight", "id: example-indicator")
    )
    md = section(
        annual(case, year=2024, as_of=ON, fmt="md", allow_errors=True), "Performance against the plan"
    )
    assert "3 indicators measure the plan" in md
    assert "1 example indicator, still to be replaced with the partnership's own, is left out." in md
    assert "Children of a healthy weight" not in md
    for name in ("adult-smoking", "adaptation-wait", "violent-crime"):
        (folder / f"{name}.yaml").unlink()
    md = section(
        annual(case, year=2024, as_of=ON, fmt="md", allow_errors=True), "Performance against the plan"
    )
    assert "the only indicator recorded is an example still to be replaced with the partnership's own" in md


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_section_names_no_file_or_folder_of_the_data(case: Path, fmt: str) -> None:
    """A public page holds nothing meant for the people who keep the data: with indicators
    or without, the section names no file or folder."""
    with_some = section(annual(case, year=2024, as_of=ON, fmt="md"), "Performance against the plan")
    for name in ("adult-smoking", "adaptation-wait", "healthy-weight", "violent-crime"):
        (case / "data" / "indicators" / f"{name}.yaml").unlink()
    page = annual(case, year=2024, as_of=ON, fmt=fmt)
    for text in (with_some, page):
        assert "data/" not in text and ".yaml" not in text


def test_an_indicator_that_cannot_be_read_is_named_among_what_is_left_out(case: Path) -> None:
    (case / "data" / "indicators" / "healthy-weight.yaml").write_text("id: healthy-weight\ntitle: [broken\n")
    md = annual(case, year=2024, as_of=ON, fmt="md", allow_errors=True)
    banner = md.split("\n\n## ", 1)[0]
    assert "the indicator healthy-weight" in banner
