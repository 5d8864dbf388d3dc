"""A small reader of a built site, for the link checker and the browser checks:
every page, the links and ids in each, and where each link leads."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
EXTERNAL = ("https:", "http:", "mailto:")


@dataclass
class Page:
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, address)
    ids: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.page.links.append((tag, value))
            elif name == "srcset":
                self.page.links += [(tag, part.split()[0]) for part in value.split(",") if part.strip()]


def read_html(text: str) -> Page:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def read_page(path: Path) -> Page:
    return read_html(path.read_text(encoding="utf-8"))


def css_links(path: Path) -> list[str]:
    """The addresses a stylesheet's ``url(...)`` and ``@import`` name."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text)
    return found + re.findall(r"@import\s+['\"]([^'\"]+)['\"]", text)


def pages(site: Path) -> list[str]:
    """Every HTML page of the site, as a path relative to its folder."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def is_external(address: str) -> bool:
    return address.lower().startswith(EXTERNAL)


def resolve(page: str, address: str) -> tuple[str, str]:
    """A relative ``address`` on ``page`` as (the file it names, relative to the
    site's folder, and its fragment); the file is ``page`` itself for ``#x``."""
    parts = urlsplit(address)
    target = unquote(parts.path)
    if not target:
        return page, unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    return joined, unquote(parts.fragment)
