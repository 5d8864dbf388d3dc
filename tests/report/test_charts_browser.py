"""Issue #14, indicator charts in a real browser (headless Chromium, as test_browser.py):
a page of charts beside their tables, in the annual report's style sheet and under its
Content-Security-Policy, passes axe-core with nothing serious, runs nothing from a hostile
title, and at 390 px (a phone) nothing overflows and every word in a chart is 12 px or more."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest

from thp_cli.dates import Month
from thp_cli.report.charts import Figures, indicator_chart, indicator_table

from ..conftest import REPO
from .test_browser import browser, open_page, serious
from .test_charts import figures

__all__ = ["browser"]  # the module's browser fixture

CHARTS: dict[str, Figures] = {
    "overcrowding": figures(milestones=[(Month(2025, 3), 14.5)]),
    "employment": figures(
        [(Month(2023, 3), 61.2), (Month(2024, 3), 63.0), (Month(2025, 3), 64.8)],
        title="Employment rate of working-age residents",
        direction="up",
        baseline=(Month(2022, 3), 60.1),
        target=(Month(2027, 3), 66.0),
        rating="on track",
    ),
    "waiting": figures(
        [],
        title="Days waited for an adaptation to a home",
        unit="days",
        baseline=(dt.date(2024, 1, 15), 120),
        target=(dt.date(2024, 12, 31), 60),
        rating="no recent data",
    ),
    "grants": figures(
        [(Month(2023, 3), 1250000), (Month(2029, 3), 1900000)],
        title='Grants to community groups</title><script>document.title="ran"</script>',
        unit="gbp",
        direction="up",
        baseline=(Month(2022, 3), 1000000),
        target=(Month(2028, 3), 1800000),
        rating="target met",
    ),
}


def table_html(data: Figures) -> str:
    table = indicator_table(data)
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in table.head)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    return (
        f'<table class="reflow"><caption>{html.escape(table.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


# This page's headings hold the hostile title, one long word: they break it as cells do
# (report.css does so for td, p and li; a heading in the report will need the same)
HEADINGS = "h2 { overflow-wrap: anywhere; }"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    css = (REPO / "templates" / "report.css").read_text(encoding="utf-8")
    sections = "".join(
        f"<h2>{html.escape(data.title)}</h2><figure>{indicator_chart(data, key)}</figure>{table_html(data)}"
        for key, data in CHARTS.items()
    )
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Performance against the plan</title><style>{css}{HEADINGS}</style></head><body>"
        '<main id="main" class="width"><h1>Performance against the plan</h1>'
        f"{sections}</main></body></html>"
    )
    out = tmp_path_factory.mktemp("charts") / "charts.html"
    out.write_text(page, encoding="utf-8")
    return out


# Each chart's width against its column's, and the smallest word in any chart as drawn.
MEASURE = """() => {
  const main = document.querySelector('main').getBoundingClientRect();
  const wide = [], sizes = [];
  for (const svg of document.querySelectorAll('svg.indicator-chart')) {
    const box = svg.getBoundingClientRect();
    if (box.left < main.left - 1 || box.right > main.right + 1 || box.width < 200) wide.push(box.width);
    for (const text of svg.querySelectorAll('text'))
      sizes.push(parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a);
  }
  return {charts: document.querySelectorAll('svg.indicator-chart').length, wide,
          smallest: Math.min(...sizes), words: sizes.length};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_charts_and_tables_fit_and_pass_axe(browser: Any, page_file: Path, width: int) -> None:
    page, requests = open_page(browser, page_file, viewport={"width": width, "height": 900})
    assert requests == [page_file.as_uri()]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    drawn = page.evaluate(MEASURE)
    assert drawn["charts"] == 4 and drawn["wide"] == []
    assert drawn["words"] >= 40
    assert drawn["smallest"] >= 12, drawn
    assert serious(page) == []


def test_each_chart_is_an_image_named_by_its_title(browser: Any, page_file: Path) -> None:
    page, _ = open_page(browser, page_file)
    names = page.evaluate(
        "[...document.querySelectorAll('svg.indicator-chart')].map(s =>"
        " [s.getAttribute('role'), document.getElementById(s.getAttribute('aria-labelledby')).textContent,"
        " document.getElementById(s.getAttribute('aria-describedby')).textContent])"
    )
    assert [n[0] for n in names] == ["img"] * 4
    assert [n[1] for n in names] == [data.title for data in CHARTS.values()]
    assert names[2][2].startswith("Baseline 120 days on 15 January 2024; no value recorded yet")
    assert page.evaluate("document.scripts.length") == 0
    assert page.title() == "Performance against the plan"  # the hostile title ran nothing
