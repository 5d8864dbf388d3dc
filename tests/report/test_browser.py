"""The HTML report in a real browser: axe-core finds no serious or critical
accessibility problem, the keyboard works, nothing is fetched from elsewhere,
it reflows at 400% zoom and it prints without the navigation.

Runs in headless Chromium (Debian's package, /usr/bin/chromium) driven by
Playwright. `.ci/run` installs Chromium, and under CI a missing browser is a
failure, never a skip.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from thp_cli.report.annual import annual

from ..conftest import REPO
from .test_annual import hostile_partnership

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium() -> str:
    path = os.environ.get("THP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "Chromium is not installed (apt-get install chromium); the browser tests need it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "annual.html"
    out.write_text(annual(REPO, year=2026, as_of=dt.date(2026, 11, 23), fmt="html"), encoding="utf-8")
    return out


def open_page(browser: Any, path: Path, **options: Any) -> tuple[Any, list[str]]:
    context = browser.new_context(**options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return page, requests


def serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})  # fmt: skip
    return [
        f"{v['impact']}: {v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violation(browser: Any, report: Path) -> None:
    page, _ = open_page(browser, report, viewport={"width": 1280, "height": 900})
    assert serious(page) == []


def test_hostile_data_report_is_accessible_and_inert(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    root = hostile_partnership(tmp_path / "p")
    out.write_text(
        annual(root, year=2024, as_of=dt.date(2024, 9, 1), fmt="html", allow_errors=True), encoding="utf-8"
    )
    page, _ = open_page(browser, out)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.reload()
    assert page.evaluate("document.scripts.length") == 0
    assert dialogs == []
    assert serious(page) == []


def test_nothing_is_fetched_from_anywhere(browser: Any, report: Path) -> None:
    _, requests = open_page(browser, report)
    assert requests == [report.as_uri()]


def test_keyboard_skip_link_then_main(browser: Any, report: Path) -> None:
    page, _ = open_page(browser, report)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).left") == "0px"  # visible on focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_title_landmarks_and_heading_order(browser: Any, report: Path) -> None:
    page, _ = open_page(browser, report)
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert page.title() == "Tower Hamlets Partnership: annual report 2026"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    captions = page.evaluate("[...document.querySelectorAll('table')].every(t => t.caption)")
    assert captions


def test_reflows_at_400_percent_zoom(browser: Any, report: Path) -> None:
    # 1280 CSS pixels at 400% zoom is a 320 pixel wide viewport (WCAG 1.4.10)
    page, _ = open_page(browser, report, viewport={"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_rating_is_never_colour_alone(browser: Any, report: Path) -> None:
    page, _ = open_page(browser, report)
    tags = page.locator(".tag")
    assert tags.count() >= 19
    texts = set(tags.all_inner_texts())
    words = ("Overdue", "Due soon", "On track", "Ongoing", "Done", "Dropped", "No update recorded")
    assert all(text.startswith(words) for text in texts), texts


def test_print_hides_navigation(browser: Any, report: Path) -> None:
    page, _ = open_page(browser, report)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
