"""Issue #15, the site in a real browser: on every page of the shipped partnership's
site and of a hostile one's, axe-core finds no serious or critical problem, nothing
scrolls sideways on a phone (390 px) or a laptop (1280 px), the skip link takes the
keyboard to the main content, and print hides the navigation.

One headless Chromium for the module; pages are opened from ``file://``, as a
reader who downloads the site would open them. Under CI a missing browser is a
failure (see tests/report/test_browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..report.test_browser import browser  # noqa: F401 - the fixture
from .walk import pages

WIDTHS = (390, 1280)
# the report's standard (tests/report/test_browser.py); violations only, which is quicker
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
ON_SCREEN = """(() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  return [e.textContent.trim(), r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth];
})()"""
IN_MAIN = """(() => {
  const main = document.querySelector('main');
  return [main !== null && main.contains(document.activeElement), document.querySelectorAll('main').length];
})()"""


@pytest.fixture(scope="module")
def tab(browser: Any) -> Iterator[Any]:  # noqa: F811 - the fixture
    """One tab, reused page after page (a context per page would cost seconds)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def visit(tab: Any, site: Path, page: str) -> None:
    tab.goto((site / page).as_uri())


def test_axe_finds_no_serious_or_critical_violation_on_any_page(tab: Any, site: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tab.set_viewport_size({"width": 1280, "height": 900})
    found = {}
    for page in pages(site):
        visit(tab, site, page)
        problems = [
            f"{v['impact']}: {v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})"
            for v in axe.run(tab, options=AXE_OPTIONS).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if problems:
            found[page] = problems
    assert found == {}
    assert tab.dialogs == []  # nothing hostile ran


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(tab: Any, site: Path, width: int) -> None:
    tab.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for page in pages(site):
        visit(tab, site, page)
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[page] = scroll
    assert wide == {}


def test_skip_link_takes_the_keyboard_to_the_main_content(tab: Any, site: Path) -> None:
    tab.set_viewport_size({"width": 1280, "height": 900})
    wrong = {}
    for page in pages(site):
        visit(tab, site, page)
        tab.keyboard.press("Tab")
        link = tab.evaluate(ON_SCREEN)
        if link != ["Skip to main content", True]:  # Enter on another link would leave the page
            wrong[page] = link
            continue
        tab.keyboard.press("Enter")
        main = tab.evaluate(IN_MAIN)
        if main != [True, 1]:
            wrong[page] = main
    assert wrong == {}


def test_print_hides_the_navigation(tab: Any, site: Path) -> None:
    tab.emulate_media(media="print")
    try:
        shown = {}
        for page in pages(site):
            visit(tab, site, page)
            navs = tab.evaluate(
                "[...document.querySelectorAll('nav')].filter(e => e.checkVisibility())"
                ".map(e => e.outerHTML.slice(0, 80))"
            )
            if navs or tab.locator("nav").count() == 0:
                shown[page] = navs
        assert shown == {}
    finally:
        tab.emulate_media(media="screen")


def test_nothing_is_fetched_from_outside_the_site(browser: Any, site: Path) -> None:  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for name in pages(site):
        page.goto((site / name).as_uri())
    context.close()
    assert [r for r in requests if not r.startswith(site.as_uri() + "/")] == []
