"""Issue #16, the annual report's attendance tables in headless Chromium (as test_browser.py): on a
made-up partnership whose boards record attendance, the page passes axe-core with nothing serious
or critical, fetches nothing, every table has a caption and row headers, and at 320 px (400% zoom)
nothing overflows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from thp_cli.report.annual import annual

from .test_attendance import town
from .test_browser import browser, open_page, serious

__all__ = ["browser", "town"]  # the fixtures this module uses


@pytest.fixture
def page_file(town: Path) -> Path:
    out = town / "annual.html"
    out.write_text(annual(town, year=2024, as_of=dt.date(2024, 9, 1), fmt="html"), encoding="utf-8")
    return out


@pytest.mark.parametrize("width", [320, 1280])
def test_the_attendance_tables_pass_axe_and_reflow(browser: Any, page_file: Path, width: int) -> None:
    page, requests = open_page(browser, page_file, viewport={"width": width, "height": 900})
    assert requests == [page_file.as_uri()]
    assert serious(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    section = page.locator("#attendance")
    assert section.locator("h3").all_inner_texts() == ["Safety", "Top"]
    table = section.locator("table")
    assert table.count() == 1
    assert table.locator("caption").inner_text() == "Safety: seats with apologies or absences in 2024"
    assert table.locator("tbody th[scope=row]").all_inner_texts() == [
        "Director, Council",
        "Station Manager, Fire",
    ]
