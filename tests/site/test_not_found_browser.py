"""Issue #15, 404.html as GitHub Pages serves it: at whatever address was asked for, however
deep under the site's sub-path. A local http.server stands in for Pages (the site under
/part/, 404.html with status 404 for anything missing); headless Chromium opens a missing
page two folders down. The page is styled (its styles are in it, allowed by the page's
Content-Security-Policy), axe-core finds no serious problem, and its links reach the site:
built with --base-url, by their full addresses (the https: address is routed to the local
server); without it, the page says how to reach the home page.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ..conftest import BASE, build_case
from ..report.test_browser import browser, serious  # noqa: F401 - the fixture
from .helpers import build

PUBLISHED = "https://example.github.io/part/"  # the address the site is built for, routed to the server
DEEP = "part/boards/gone/deeper/missing.html"


class PagesHandler(SimpleHTTPRequestHandler):
    """Serves the folder above the site (so the site is at /part/); a missing file gets
    the site's 404.html with status 404, as GitHub Pages does."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "part" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def pages_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The folder the site goes in (served at /part/), and the server's address."""
    top = tmp_path / "served"
    top.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(top)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield top / "part", f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _open(browser: Any, url: str, served: str) -> tuple[Any, Any, list[str]]:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 800})

    # the published https: address, answered by the local server
    def local(route: Any) -> None:
        route.fulfill(response=route.fetch(url=served + "part/" + route.request.url[len(PUBLISHED) :]))

    context.route(PUBLISHED + "**", local)
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda m: console.append(m.text))
    response = tab.goto(url)
    return context, response, console


def _styled(tab: Any) -> list[Any]:
    """The page's font, and whether the skip link is moved off the screen: what the styles do."""
    return tab.evaluate(
        "[getComputedStyle(document.body).fontFamily,"
        " document.querySelector('.skip-link').getBoundingClientRect().right <= 0]"
    )


def test_the_404_page_works_at_any_depth_with_the_address_given(
    browser: Any,  # noqa: F811 - the fixture
    pages_server: tuple[Path, str],
    tmp_path: Path,
) -> None:
    site, served = pages_server
    root = build_case(BASE, tmp_path / "p")
    build(root, site, base_url=PUBLISHED)
    context, response, console = _open(browser, PUBLISHED + DEEP[len("part/") :], served)
    tab = context.pages[0]
    try:
        assert response.status == 404
        assert tab.title().startswith("Page not found")
        font, skip_hidden = _styled(tab)
        assert "Arial" in font and skip_hidden
        assert [m for m in console if "Content Security Policy" in m] == []
        assert serious(tab) == []
        hrefs = tab.eval_on_selector_all("a[href]:not(.skip-link)", "els => els.map(e => e.href)")
        assert hrefs and all(h.startswith(PUBLISHED) for h in hrefs)
        tab.get_by_role("link", name="The home page of Example Borough Partnership").click()
        tab.wait_for_load_state()
        assert tab.url == PUBLISHED + "index.html"
        assert tab.locator("h1").inner_text() == "Example Borough Partnership"
        font, _ = _styled(tab)  # the home page's own stylesheet, found
        assert "Arial" in font
    finally:
        context.close()


def test_the_404_page_without_an_address_says_how_to_reach_home(
    browser: Any,  # noqa: F811 - the fixture
    pages_server: tuple[Path, str],
    tmp_path: Path,
) -> None:
    site, served = pages_server
    root = build_case(BASE, tmp_path / "p")
    build(root, site)
    context, response, console = _open(browser, served + DEEP, served)
    tab = context.pages[0]
    try:
        assert response.status == 404
        font, skip_hidden = _styled(tab)
        assert "Arial" in font and skip_hidden  # styled, though no stylesheet is at ../../../site.css
        assert [m for m in console if "Content Security Policy" in m] == []
        assert serious(tab) == []
        words = " ".join(tab.locator("main").inner_text().split())
        assert "go to the address this site is published at, up to the end of its folder" in words
        # at the top of the site, its links work
        tab.goto(served + "part/404.html")
        tab.get_by_role("link", name="The home page of Example Borough Partnership").click()
        tab.wait_for_load_state()
        assert tab.url == served + "part/index.html"
    finally:
        context.close()
