"""Issue #15: a link checker walks the whole built site, of the shipped partnership
and of a hostile one. Every internal link leads to a file and every ``#fragment`` to
an id on its page; nothing points into the local file system or at the site's root
(so the site works from ``file://`` and under any sub-path, as GitHub Pages serves a
project's site); every page can be reached from index.html and is in sitemap.xml;
the downloads are there and read as what they claim to be.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from ..conftest import REPO
from .conftest import LONG_ID
from .walk import css_links, is_external, pages, read_html, read_page, resolve

NOT_FOUND = "404.html"  # served for a missing address: linked from nowhere, listed nowhere
DOWNLOADS = ("calendar.ics", "partnership.json", "seats.csv")


def link_problems(site: Path) -> list[str]:
    """Every link of every page and stylesheet that does not lead where it says."""
    problems: list[str] = []
    cache: dict[str, set[str]] = {}

    def ids(page: str) -> set[str]:
        if page not in cache:
            cache[page] = read_page(site / page).ids
        return cache[page]

    sources = [(page, [a for _, a in read_page(site / page).links]) for page in pages(site)]
    sources += [(p.relative_to(site).as_posix(), css_links(p)) for p in sorted(site.rglob("*.css"))]
    for page, addresses in sources:
        for address in addresses:
            if is_external(address):
                continue
            if urlsplit(address).scheme or address.startswith(("/", "\\")):
                problems.append(f"{page}: {address!r} is not a relative link")
                continue
            target, fragment = resolve(page, address)
            if target.startswith("../") or not (site / target).is_file():
                problems.append(f"{page}: {address!r} leads to no file of the site")
            elif fragment and (not target.endswith(".html") or fragment not in ids(target)):
                problems.append(f"{page}: {address!r}: no id {fragment!r} on {target}")
    return problems


def reachable(site: Path) -> set[str]:
    """The pages a reader reaches from index.html by following links."""
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        page = todo.pop()
        for _, address in read_page(site / page).links:
            if is_external(address) or urlsplit(address).scheme:
                continue
            target, _ = resolve(page, address)
            if target.endswith(".html") and target not in seen and (site / target).is_file():
                seen.add(target)
                todo.append(target)
    return seen


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    assert len(pages(site)) >= 8
    assert link_problems(site) == []


def test_the_checker_finds_broken_links(shipped_site: Path, tmp_path: Path) -> None:
    """The checker itself: a site with a broken link, fragment and root link fails it."""
    copy = Path(shutil.copytree(shipped_site, tmp_path / "site"))
    index = copy / "index.html"
    bad = (
        '<a href="boards/no-such-board.html">x</a><a href="index.html#nowhere">y</a><a href="/boards/">z</a>'
    )
    index.write_text(index.read_text(encoding="utf-8").replace("</main>", bad + "</main>"), encoding="utf-8")
    assert sorted(link_problems(copy)) == [
        "index.html: '/boards/' is not a relative link",
        "index.html: 'boards/no-such-board.html' leads to no file of the site",
        "index.html: 'index.html#nowhere': no id 'nowhere' on index.html",
    ]


def test_no_address_or_path_of_the_machine_that_built_it(site: Path) -> None:
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8-sig")
        for local in (str(site.parent), str(REPO), "file:"):
            assert local not in text, f"{path.name} names {local!r}"


def test_hostile_values_are_neither_links_nor_markup(hostile_site: Path) -> None:
    for page in pages(hostile_site):
        for tag, address in read_page(hostile_site / page).links:
            scheme = urlsplit(address).scheme.lower()
            assert scheme in ("", "https", "http", "mailto"), f"{page}: <{tag}> {address!r}"
        text = (hostile_site / page).read_text(encoding="utf-8")
        assert "<script" not in text.lower() and "<b>bold" not in text, page
        # a bidi override would reorder the rest of its line for the reader: shown as \u202e
        assert re.search("[\u202a-\u202e\u2066-\u2069]", text) is None, page


def test_every_page_is_reachable_from_the_index(site: Path) -> None:
    everything = set(pages(site))
    assert {"index.html", NOT_FOUND} <= everything
    assert any(p.startswith("boards/") for p in everything)
    assert any(p.startswith("organisations/") for p in everything)
    assert everything - reachable(site) == {NOT_FOUND}


def test_the_long_id_board_has_its_page(hostile_site: Path) -> None:
    assert (hostile_site / "boards" / f"{LONG_ID}.html").is_file()
    assert f"boards/{LONG_ID}.html" in reachable(hostile_site)


def sitemap_pages(site: Path) -> list[str]:
    """The pages sitemap.xml lists, relative to the site's folder (a listed address
    is relative, or absolute and ending in the page's path)."""
    root = ET.fromstring((site / "sitemap.xml").read_bytes())  # well-formed, or this raises
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    found = []
    everything = set(pages(site))
    for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        address = (loc.text or "").strip()
        path = urlsplit(address).path
        matches = [p for p in everything if path == p or path.endswith("/" + p)]
        if path.endswith("/") or not path:
            matches = ["index.html"] if "index.html" in everything else []
        assert len(matches) == 1, f"sitemap.xml lists {address!r}, which is no one page of the site"
        found += matches
    return found


def test_sitemap_lists_every_page_once(site: Path) -> None:
    listed = sitemap_pages(site)
    assert len(listed) == len(set(listed))
    assert set(listed) == set(pages(site)) - {NOT_FOUND}


def test_downloads_are_linked_from_the_index(site: Path) -> None:
    linked = {resolve("index.html", a)[0] for _, a in read_page(site / "index.html").links}
    assert set(DOWNLOADS) <= linked


def test_calendar_is_icalendar_with_a_uid_for_each_meeting(site: Path) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical((site / "calendar.ics").read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert events
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert all("DTSTAMP" in e and "DTSTART" in e and "SUMMARY" in e for e in events)


def test_partnership_json_is_popolo(site: Path) -> None:
    popolo = json.loads((site / "partnership.json").read_text(encoding="utf-8"))
    organizations = {o["id"] for o in popolo["organizations"]}
    assert popolo["memberships"]
    for membership in popolo["memberships"]:
        assert membership["organization_id"] in organizations


def test_seats_csv_reads_back(site: Path) -> None:
    text = (site / "seats.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and all(len(row) == len(rows[0]) for row in rows)


def test_seats_csv_holds_every_seat_of_the_largest_board(hostile_site: Path) -> None:
    text = (hostile_site / "seats.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert sum(1 for row in rows if LONG_ID in row) == 120  # the hostile board's 120 seats


# -- under a sub-path, over HTTP, as GitHub Pages serves a project's site -------------------------
class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    www = tmp_path / "www"

    def handler(*args: Any, **kwargs: Any) -> _Quiet:
        return _Quiet(*args, directory=str(www), **kwargs)

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", www
    finally:
        server.shutdown()
        server.server_close()


def test_site_works_under_a_sub_path(site: Path, served: tuple[str, Path]) -> None:
    origin, www = served
    shutil.copytree(site, www / "council" / "partnership")
    base = f"{origin}/council/partnership/"
    seen, todo, broken = {base + "index.html"}, [base + "index.html"], []
    while todo:
        url = todo.pop()
        with urlopen(url) as response:
            body = response.read().decode("utf-8")
        for _, address in read_html(body).links:
            if is_external(address):
                continue
            target = urldefrag(urljoin(url, address)).url
            if not target.startswith(base):
                broken.append(f"{url[len(base) :]}: {address!r} leaves the site's folder")
            elif target not in seen:
                seen.add(target)
                try:
                    with urlopen(target) as response:
                        response.read()
                except HTTPError as error:
                    broken.append(f"{url[len(base) :]}: {address!r} answers {error.code}")
                    continue
                if target.endswith(".html"):
                    todo.append(target)
    assert broken == []
    assert {u[len(base) :] for u in seen if u.endswith(".html")} == set(pages(site)) - {NOT_FOUND}
