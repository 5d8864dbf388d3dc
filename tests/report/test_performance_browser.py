"""Issue #14, "Performance against the plan" in the real annual report, in headless Chromium
(as test_browser.py): on the made-up partnership with indicators, and a call to action whose
title is one long word, the page passes axe-core with nothing serious, fetches nothing, and at
390 px (a phone) nothing overflows: the headings break the long word, each chart fits its
column and its words are 12 px or more."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from thp_cli.report.annual import annual

from ..conftest import CASES, build_case
from .test_browser import browser, open_page, serious
from .test_charts_browser import MEASURE

__all__ = ["browser"]  # the module's browser fixture

LONG = "Saferstreetsestatesparksplaygroundsandhomesacrossthewholeborough"  # no break in it


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_case(CASES / "indicators", tmp_path_factory.mktemp("performance") / "p")
    calls = root / "data" / "calls_to_action.yaml"
    calls.write_text(calls.read_text(encoding="utf-8").replace("Everyone is safe", LONG), encoding="utf-8")
    out = root / "annual.html"
    out.write_text(annual(root, year=2024, as_of=dt.date(2024, 9, 1), fmt="html"), encoding="utf-8")
    return out


@pytest.mark.parametrize("width", [390, 1280])
def test_the_section_fits_a_phone_and_passes_axe(browser: Any, page_file: Path, width: int) -> None:
    page, requests = open_page(browser, page_file, viewport={"width": width, "height": 900})
    assert requests == [page_file.as_uri()]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    heading = page.evaluate(
        "(() => { const h = document.getElementById('performance-call-1');"
        " return [h.textContent, h.scrollWidth <= h.clientWidth]; })()"
    )
    assert heading == [f"Call 1: {LONG}", True]
    drawn = page.evaluate(MEASURE)
    assert drawn["charts"] == 5 and drawn["wide"] == []
    assert drawn["smallest"] >= 12, drawn
    assert serious(page) == []


def test_each_chart_is_named_and_sits_beside_its_table(browser: Any, page_file: Path) -> None:
    page, _ = open_page(browser, page_file, viewport={"width": 1280, "height": 900})
    pairs = page.evaluate(
        "[...document.querySelectorAll('#performance .indicator')].map(d => {"
        " const svg = d.querySelector('svg'), table = d.querySelector('table');"
        " const a = svg.getBoundingClientRect(), b = table.getBoundingClientRect();"
        " return [document.getElementById(svg.getAttribute('aria-labelledby')).textContent,"
        " table.querySelector('caption').textContent, b.left >= a.right - 1]; })"
    )
    assert [p[0] for p in pairs] == [
        "Adults who smoke", "Days waited for a home adaptation", "Violent crimes reported",
        "Adults who smoke", "Children of a healthy weight",
    ]  # fmt: skip
    assert [p[1] for p in pairs][-1] == "Children of a healthy weight: figures (rated behind)"
    assert all(p[2] for p in pairs)  # on a laptop, the table beside the chart, not under it
