"""Issue #11, the structure diagram in a real browser (headless Chromium): on partnerships
that are not Tower Hamlets, with many boards or long names, every word in the diagram is
drawn at 12 px or more at a laptop's 1280 px and inside its box, and nothing overflows
the page at 390 px or 1280 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from thp_cli.report.annual import annual

from .test_browser import browser, open_page  # noqa: F401 - the fixture
from .test_diagram import long_names, wide
from .test_pages_browser import FITS

AS_OF = dt.date(2025, 11, 1)

# Each word's size as drawn on the screen (its font size times the SVG's scale), and any
# line of a name that is not inside its box.
MEASURE = """() => {
  const sizes = [], outside = [];
  for (const text of document.querySelectorAll('svg.structure text')) {
    const scale = text.getScreenCTM().a;
    sizes.push(parseFloat(getComputedStyle(text).fontSize) * scale);
    const box = text.closest('g.board').querySelector('rect').getBoundingClientRect();
    const r = text.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5
        || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
      outside.push(text.textContent);
  }
  return {count: sizes.length, smallest: Math.min(...sizes), outside};
}"""


@pytest.fixture(scope="module", params=["24-boards-with-subgroups", "14-long-names"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    make = wide if request.param.startswith("24") else long_names
    root = make(tmp_path_factory.mktemp(request.param) / "p")
    out = root / "annual.html"
    out.write_text(annual(root, year=2025, as_of=AS_OF, fmt="html"), encoding="utf-8")
    return out


def test_every_word_in_the_diagram_is_at_least_12_px_and_inside_its_box_at_1280(
    browser: Any,  # noqa: F811 - the fixture
    report: Path,
) -> None:
    page, _ = open_page(browser, report, viewport={"width": 1280, "height": 900})
    assert page.locator("svg.structure").is_visible()
    drawn = page.evaluate(MEASURE)
    assert drawn["count"] >= 15
    assert drawn["smallest"] >= 12, drawn
    assert drawn["outside"] == []


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_overflows_the_page_or_its_column(browser: Any, report: Path, width: int) -> None:  # noqa: F811
    page, _ = open_page(browser, report, viewport={"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate(FITS) == []
