"""Issue #11, publishable pages, in a real browser: the structure diagram and the
tables fit their column at 390 px (a phone) and 1280 px (a laptop), and on an A4
page in print, on a wide partnership that is not Tower Hamlets. axe-core still
finds no serious or critical problem.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from thp_cli.report.annual import annual

from ..conftest import write_partnership
from .test_browser import browser, open_page, serious  # noqa: F401 - the fixture

AS_OF = dt.date(2025, 11, 1)
A4_PX = 794  # 210 mm at 96 px to the inch


def wide_partnership(root: Path) -> Path:
    """Fourteen boards with long names under one executive, eight calls to action,
    recommendations with long titles: what overflows a phone if anything does."""
    boards: dict[str, dict[str, object]] = {
        "forum": {"name": "Greenfield Partnership Forum", "kind": "partnership-board"},
        "exec": {"name": "Greenfield Partnership Executive", "kind": "executive", "reports_to": ["forum"]},
    }
    for i in range(14):
        boards[f"board-{i}"] = {
            "name": f"Greenfield Neighbourhoods, Housing and Regeneration Delivery Board {i}",
            "reports_to": ["exec"],
            "calls_to_action": [1 + i % 8],
            "actions": [f"{1 + i % 8}.1", f"{1 + i % 8}.2"],
            "work_programme": {"published": "2025-03-01", "url": f"https://greenfield.example.org/wp/{i}"},
            "seats": [f"org-{i}/Director of Neighbourhoods and Community Wellbeing Services"],
        }
    boards["board-0"]["members"] = []
    boards["sub"] = {
        "name": "Greenfield Youth Voice Subgroup",
        "kind": "subgroup",
        "reports_to": ["board-1", "board-2"],
    }
    write_partnership(root, boards, calls=8)
    data = root / "data"
    (data / "partnership.yaml").write_text(
        "name: Greenfield Partnership\n"
        "report:\n"
        "  organisation: Greenfield District Council\n"
        '  colour: "#6f2c91"\n'
        "  foreword: The partnership's year, in figures and in words.\n"
        "  approved: {by: Greenfield Partnership Executive, on: 2025-07-14}\n",
        encoding="utf-8",
    )
    (data / "recommendations").mkdir()
    actions = [
        {
            "number": n,
            "title": "Agree a single, borough-wide approach to commissioning preventative "
            "neighbourhood services with every statutory and voluntary partner " * 2,
            "due": "2025-03",
            "owners": ["exec"],
            "status": "in-progress",
            "updates": [
                {"date": "2025-02-01", "status": "in-progress", "note": "Workshops held with partners " * 6}
            ],
        }
        for n in ("i", "ii", "iii")
    ]
    (data / "recommendations" / "r1.yaml").write_text(
        json.dumps({"id": "r1", "number": 1, "title": "Joined-up commissioning", "actions": actions}) + "\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def wide_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = wide_partnership(tmp_path_factory.mktemp("greenfield") / "p")
    out = root / "annual.html"
    out.write_text(annual(root, year=2025, as_of=AS_OF, fmt="html"), encoding="utf-8")
    return out


FITS = """() => {
  const main = document.querySelector('main').getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll('main table, main svg.structure, main ul.tree')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;  // not shown at this width
    if (box.left < main.left - 1 || box.right > main.right + 1 || el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.tagName}: ${box.left}-${box.right} in ${main.left}-${main.right}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_horizontal_scroll_and_every_table_and_the_diagram_fit_their_column(
    browser: Any,  # noqa: F811 - the fixture
    wide_report: Path,
    width: int,
) -> None:
    page, _ = open_page(browser, wide_report, viewport={"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate(FITS) == []
    assert page.locator("table").count() >= 4
    assert serious(page) == []


def test_the_diagram_is_legible_at_1280_and_a_nested_list_at_390(browser: Any, wide_report: Path) -> None:  # noqa: F811
    page, _ = open_page(browser, wide_report, viewport={"width": 1280, "height": 900})
    svg = page.locator("svg.structure")
    assert svg.is_visible()
    # the labels are drawn at 16 units; scaled to the column they stay at least 12 px
    scale = page.evaluate(
        "(() => { const s = document.querySelector('svg.structure');"
        " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()"
    )
    assert 16 * scale >= 12
    page, _ = open_page(browser, wide_report, viewport={"width": 390, "height": 900})
    assert not page.locator("svg.structure").is_visible()
    tree = page.locator("ul.tree")
    assert tree.is_visible()
    assert "Greenfield Youth Voice Subgroup (also reports to" in tree.inner_text()


def test_tables_reflow_on_a_phone_with_every_column_named(browser: Any, wide_report: Path) -> None:  # noqa: F811
    page, _ = open_page(browser, wide_report, viewport={"width": 390, "height": 900})
    cell = page.locator("table.tracker td[data-label='Latest update']").first
    assert cell.is_visible()
    box = cell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    owner = "table.tracker td[data-label='Owner']"
    label = page.evaluate(f"getComputedStyle(document.querySelector(\"{owner}\"), '::before').content")
    assert label == '"Owner: "'


def test_the_diagram_fits_an_a4_page_in_print(browser: Any, wide_report: Path) -> None:  # noqa: F811
    page, _ = open_page(browser, wide_report, viewport={"width": A4_PX, "height": 1123})
    page.emulate_media(media="print")
    assert page.locator("svg.structure").is_visible()
    assert page.evaluate(FITS) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
