"""The site's own links: every page's path in the site, and relative links between pages,
so the site works from ``file://`` and under any sub-path."""

from __future__ import annotations

from dataclasses import dataclass

INDEX = "index.html"
CALLS = "calls-to-action.html"
RECOMMENDATIONS = "recommendations.html"
CHANGES = "changes.html"
PUBLICATION = "publication.html"
ACCESSIBILITY = "accessibility.html"
NOT_FOUND = "404.html"
STYLESHEET = "site.css"
CALENDAR = "calendar.ics"
POPOLO = "partnership.json"
SEATS = "seats.csv"
SITEMAP = "sitemap.xml"

# the navigation, in order: (page, words)
NAV = [
    (INDEX, "Home"),
    (CALLS, "Calls to action"),
    (RECOMMENDATIONS, "Recommendations"),
    (CHANGES, "Changes"),
    (PUBLICATION, "Publication"),
    (ACCESSIBILITY, "Accessibility"),
]


def board_page(board_id: str) -> str:
    """A board's page (ids are slugs: letters, digits and hyphens, safe in a path)."""
    return f"boards/{board_id}.html"


def organisation_page(organisation_id: str) -> str:
    """An organisation's page."""
    return f"organisations/{organisation_id}.html"


def relative(page: str, target: str) -> str:
    """The link from ``page`` to ``target`` (both paths in the site, such as
    ``boards/a.html``), relative to ``page``'s folder; a ``#fragment`` of ``target`` is kept.
    Worked out from the paths alone (no file system): the site's paths have no ``..``."""
    path, _, fragment = target.partition("#")
    here, there = page.split("/")[:-1], path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    shown = "/".join([".."] * (len(here) - common) + there[common:]) if path else ""
    return f"{shown}#{fragment}" if fragment else shown


@dataclass(frozen=True)
class PageLink:
    """A link from one page of the site to another: its words and its relative address."""

    text: str
    href: str


def to(page: str, target: str, text: str) -> PageLink:
    """A link on ``page`` to ``target``, with ``text``."""
    return PageLink(text, relative(page, target))
