"""A build that would write nothing makes no page: it says what the last build said. Any
change to what the site is made from, or to the site's own files, builds it as before; so
does a damaged cache or --no-cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from thp_cli import cache, templating
from thp_cli.site import render
from thp_cli.site.build import SiteBuilt

from ..conftest import BASE, build_case
from .helpers import build, files

OLD = 1_000_000_000  # a modification time long ago


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The cache on; a list that counts the pieces of pages made in this process."""
    monkeypatch.delenv(cache.ENV, raising=False)
    count: list[int] = []
    real = render.Files.make

    def make(self: render.Files, index: int) -> list[tuple[str, str]]:
        count.append(index)
        return real(self, index)

    monkeypatch.setattr(render.Files, "make", make)
    return count


def _said(built: SiteBuilt) -> tuple[object, ...]:
    return built.pages, built.errors, built.left_out, built.notice, built.sitemap


def test_a_build_with_nothing_changed_makes_no_page_and_says_the_same(
    tmp_path: Path, made: list[int]
) -> None:
    root = build_case(BASE, tmp_path / "p")
    first = build(root, base_url="https://example.org/p/")
    site = files(root / "site")
    made.clear()
    again = build(root, base_url="https://example.org/p/")
    assert made == []
    assert _said(again) == _said(first)
    assert again.written.written == [] and again.written.unchanged == len(site) - 1  # all but the manifest
    assert files(root / "site") == site


def test_another_edition_or_day_is_built(tmp_path: Path, made: list[int]) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    made.clear()
    internal = build(root, internal=True)
    assert made and internal.written.written  # every page now says it is internal
    made.clear()
    build(root, base_url="https://example.org/p/")
    assert made


def test_data_changed_in_the_same_second_with_the_same_size_is_built(tmp_path: Path, made: list[int]) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    health = root / "data" / "boards" / "health.yaml"
    stat = health.stat()
    text = health.read_text()
    assert "name: Health Board" in text
    health.write_text(text.replace("name: Health Board", "name: Wealth Board"))  # the same length
    os.utime(health, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    made.clear()
    again = build(root)
    assert made and "boards/health.html" in again.written.written
    assert "Wealth Board" in (root / "site" / "boards" / "health.html").read_text()


@pytest.mark.parametrize("how", ["edited", "deleted", "manifest"])
def test_a_site_changed_by_hand_is_built_and_put_right(tmp_path: Path, made: list[int], how: str) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    site = files(root / "site")
    page = root / "site" / "boards" / "health.html"
    if how == "edited":
        stat = page.stat()
        page.write_bytes(page.read_bytes().replace(b"Health", b"Wealth", 1))
        os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif how == "deleted":
        page.unlink()
    else:
        manifest = root / "site" / ".thp-site.json"
        manifest.write_text(manifest.read_text().replace('"format"', '"format" ', 1))
    made.clear()
    build(root)
    assert made
    # every page as thp made it (a full build rewrites no manifest when no page changes)
    assert {p: b for p, b in files(root / "site").items() if p != ".thp-site.json"} == {
        p: b for p, b in site.items() if p != ".thp-site.json"
    }


def test_a_damaged_cache_is_not_an_error(tmp_path: Path, made: list[int]) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    kept = list((root / ".thp-cache" / "site").glob("*"))
    assert kept
    for entry in kept:
        entry.write_bytes(entry.read_bytes()[:40])
    made.clear()
    again = build(root)
    assert made and again.written.written == []


def test_no_cache_builds_every_page(tmp_path: Path, made: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    monkeypatch.setenv(cache.ENV, "1")
    made.clear()
    build(root)
    assert made


def test_a_changed_template_is_built(
    tmp_path: Path, made: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(templating.default_templates(), templates)
    monkeypatch.setattr(templating, "default_templates", lambda: templates)
    root = build_case(BASE, tmp_path / "p")
    build(root)
    footer = templates / "site" / "layout.html.j2"
    footer.write_text(footer.read_text().replace("Made by thp", "Built by thp"))
    made.clear()
    again = build(root)
    assert made and "index.html" in again.written.written
    assert "Built by thp" in (root / "site" / "index.html").read_text()
