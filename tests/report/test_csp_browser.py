"""Issue #10: the HTML report holds itself to "nothing fetched from elsewhere" in a browser.

The page carries a Content-Security-Policy: even markup that somehow got into
it could fetch nothing and run nothing, and the page still renders, with
axe-core finding nothing serious. Headless Chromium, as in test_report_browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from thp_cli.report.annual import annual

from ..conftest import BASE, build_case
from .test_browser import browser, open_page, serious

__all__ = ["browser"]  # the module's browser fixture


def page_of(tmp_path: Path) -> str:
    root = build_case(BASE, tmp_path / "p")
    return annual(root, year=2024, as_of=dt.date(2024, 9, 1), fmt="html")


def test_the_page_renders_under_its_policy_and_axe_finds_nothing_serious(
    browser: Any, tmp_path: Path
) -> None:
    out = tmp_path / "annual.html"
    out.write_text(page_of(tmp_path), encoding="utf-8")
    page, requests = open_page(browser, out, viewport={"width": 1280, "height": 900})
    assert requests == [out.as_uri()]
    assert page.evaluate("document.querySelector('h1').textContent").startswith("Example Borough Partnership")
    # the stylesheet applied: the skip link is moved off screen until it has the focus
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    assert serious(page) == []


def test_markup_slipped_into_the_page_fetches_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    slipped = (
        '<img src="https://example.invalid/pixel.png" alt="">'
        '<link rel="stylesheet" href="https://example.invalid/x.css">'
        "<style>@import url(https://example.invalid/y.css);</style>"
        "<script>document.title = 'ran'</script>"
    )
    out = tmp_path / "annual.html"
    out.write_text(page_of(tmp_path).replace("</main>", slipped + "</main>"), encoding="utf-8")
    page = browser.new_context().new_page()
    asked: list[str] = []
    blocked: list[tuple[str, str | None]] = []
    page.on("request", lambda request: asked.append(request.url))
    page.on("requestfailed", lambda request: blocked.append((request.url, request.failure)))
    page.goto(out.as_uri())
    # the browser refuses each address outside the page before a byte goes out: the policy's doing
    outside = sorted(url for url in asked if url != out.as_uri())
    assert outside == [f"https://example.invalid/{name}" for name in ("pixel.png", "x.css", "y.css")]
    assert sorted(blocked) == [(url, "csp") for url in outside]
    assert page.title() == "Example Borough Partnership: annual report 2024"  # the script never ran
