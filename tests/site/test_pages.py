"""Each page type of ``thp site build`` on the base partnership: what a reader sees."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from thp_cli.errors import ThpError
from thp_cli.site.links import relative

from ..conftest import BASE, CASES, build_case
from .helpers import build, page, text_of


def _partnership(tmp_path: Path) -> Path:
    root = build_case(BASE, tmp_path / "p")
    shutil.copytree(CASES / "indicators" / "data", root / "data", dirs_exist_ok=True)
    safety = root / "data" / "boards" / "safety.yaml"
    text = safety.read_text()
    text = text.replace(
        "  - date: 2024-05-01\n    status: held\n",
        "  - date: 2024-05-01\n    status: held\n    agenda: https://example.org/safety-agenda\n"
        "  - date: 2024-08-15\n    status: planned\n",
    )
    text = text.replace(
        "strategy: Safety Plan\n", "strategy: Safety Plan\npurpose:\n  - To keep the borough safe\n"
    )
    safety.write_text(text)
    return root


def test_every_page_is_written(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    made = build(root)
    site = root / "site"
    boards = sorted(p.stem for p in (root / "data" / "boards").glob("*.yaml"))
    assert sorted(p.stem for p in (site / "boards").glob("*.html")) == boards
    for name in (
        "index.html", "calls-to-action.html", "recommendations.html", "changes.html", "publication.html",
        "accessibility.html", "404.html", "sitemap.xml", "site.css", "calendar.ics", "partnership.json",
        "seats.csv", ".thp-site.json",
    ):  # fmt: skip
        assert (site / name).is_file(), name
    assert made.pages == len(list(site.rglob("*.html")))
    assert made.errors == 0


def test_a_board_page_says_what_the_issue_asks(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    html = page(root / "site", "boards/safety.html")
    words = text_of(html)
    assert html.count("<h1>") == 1 and "<h1>Safety Partnership</h1>" in html
    assert "Crime and Disorder Act 1998" in words
    assert "To keep the borough safe" in words  # its purpose
    assert "Cabinet Member for Safety" in words and "Borough Commander" in words
    assert '<a href="https://example.org/safety-agenda">Agenda, 1 May 2024</a>' in html
    assert "15 August 2024" in words and "Planned" in words
    # judged as thp validate judges it: published 28 June, due 30 June
    assert "Published on time, 28 June 2024 (due by 30 June 2024)" in words
    assert '<a href="exec.html">' in html  # it reports to the executive, a relative link
    assert '<a href="housing-review.html">Housing Review Group</a>' in html  # which reports to it
    assert "1. " in words and "1.1: " in words  # the call and actions it delivers
    assert "not kept in git" in words  # the base case's data is not in git: said, not hidden


def test_a_board_that_others_report_to_links_them(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    html = page(root / "site", "boards/exec.html")
    assert '<a href="safety.html">Safety Partnership</a>' in html
    assert '<a href="health.html">Health Board</a>' in html


def test_a_board_page_shows_the_indicators_it_owns(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    owners = {}
    for path in (root / "data" / "indicators").glob("*.yaml"):
        owner = re.search(r"^owner: (\S+)", path.read_text(), re.M)
        title = re.search(r"^title: (.+)", path.read_text(), re.M)
        assert owner and title
        owners.setdefault(owner.group(1), []).append(title.group(1).strip())
    for board, titles in owners.items():
        words = text_of(page(root / "site", f"boards/{board}.html"))
        for title in titles:
            assert title in words
        assert "<svg" in page(root / "site", f"boards/{board}.html")
    quiet = next(b.stem for b in (root / "data" / "boards").glob("*.yaml") if b.stem not in owners)
    assert "The data records no indicator owned by this board" in text_of(
        page(root / "site", f"boards/{quiet}.html")
    )


def test_an_organisation_page_lists_every_seat_it_holds(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    html = page(root / "site", "organisations/council.html")
    words = text_of(html)
    for board_id in ("safety", "health"):
        assert f'href="../boards/{board_id}.html"' in html
    assert "Cabinet Member for Safety" in words and "Cabinet Member for Health" in words
    assert "on 1 September 2024" in words  # a count names its day


def test_the_index_links_everything_and_says_its_day(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    html = page(root / "site", "index.html")
    words = text_of(html)
    assert "Everyone in the borough lives well" in words
    assert "recorded on 1 September 2024" in words
    assert "<svg" in html and 'class="tree"' in html
    tree = html[html.index('<ul class="tree">') :]
    assert tree.startswith('<ul class="tree">\n  <li><a href="boards/board.html">Partnership Board</a>')
    for target in ("calls-to-action.html", "recommendations.html", "changes.html", "publication.html",
                   "accessibility.html", "calendar.ics", "partnership.json", "seats.csv",
                   "boards/safety.html", "organisations/council.html"):  # fmt: skip
        assert f'href="{target}"' in html, target


def test_calls_recommendations_publication_and_changes(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    site = root / "site"
    calls = page(site, "calls-to-action.html")
    assert 'id="call-1"' in calls and '<a href="boards/safety.html">Safety Partnership</a>' in calls
    recs = text_of(page(site, "recommendations.html"))
    assert "Recommendation 1" in recs
    publication = text_of(page(site, "publication.html"))
    assert "by 30 June" in publication
    assert "1 of 1" in publication  # the safety board's one meeting held has an agenda
    changes = text_of(page(site, "changes.html"))
    assert "not kept in git" in changes


def test_every_page_has_the_parts_every_page_needs(tmp_path: Path) -> None:
    root = _partnership(tmp_path)
    build(root)
    site = root / "site"
    for path in site.rglob("*.html"):
        html = path.read_text()
        assert '<html lang="en-GB">' in html
        assert html.count("<h1>") == 1, path
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
        assert '<nav class="site-nav" aria-label="Site">' in html
        assert "<script" not in html
        assert "default-src 'none'" in html
        for href in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not href.startswith(("/", "http:", "file:")), (path, href)
            if not href.startswith(("https:", "mailto:", "#")):
                target = (path.parent / href.split("#")[0]).resolve()
                assert target.is_file(), (path, href)


def test_relative_links() -> None:
    assert relative("index.html", "boards/a.html") == "boards/a.html"
    assert relative("boards/a.html", "boards/b.html") == "b.html"
    assert relative("boards/a.html", "organisations/o.html#seats") == "../organisations/o.html#seats"
    assert relative("organisations/o.html", "site.css") == "../site.css"


def test_the_sitemap_lists_every_page_with_the_address_given(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    listed = re.findall(r"<loc>([^<]*)</loc>", page(root / "site", "sitemap.xml"))
    pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html"))
    assert sorted(listed) == [p for p in pages if p != "404.html"]
    build(root, base_url="https://example.github.io/partnership")
    listed = re.findall(r"<loc>([^<]*)</loc>", page(root / "site", "sitemap.xml"))
    assert "https://example.github.io/partnership/boards/safety.html" in listed
    assert all(loc.startswith("https://example.github.io/partnership/") for loc in listed)
    assert 'href="boards/safety.html"' in page(root / "site", "index.html")  # the pages stay relative


def test_a_base_url_that_is_not_https_is_refused(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    for bad in ("http://example.org/", "javascript:alert(1)", "https://example.org/a b"):
        with pytest.raises(ThpError, match="not an https: address"):
            build(root, base_url=bad)
    assert not (root / "site").exists()
