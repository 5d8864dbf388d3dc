"""The pages about publishing: which groups have published their work programme, agendas
and minutes (the terms of reference's duty, in one table), the changes to membership by
year, the accessibility statement and the page for an address that is not in the site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import duties
from ..dates import long_date, shift_year
from ..report.content import KIND_LABELS
from .boards import work_programme_words
from .links import ACCESSIBILITY, CHANGES, INDEX, NOT_FOUND, PUBLICATION, PageLink, board_page, to

if TYPE_CHECKING:
    from ..model import Board
    from .context import Site


@dataclass(frozen=True)
class PublicationRow:
    """A group's row: its work programme, and its agendas and minutes over the last year."""

    board: PageLink
    kind: str
    work_programme: str
    agendas: str
    minutes: str


def _papers(board: Board, site: Site) -> tuple[str, str]:
    """How many of the meetings held in the twelve months to the site's day have an agenda
    and minutes recorded, in words."""
    since = shift_year(site.on, -1)
    held = [m for m in board.meetings if m.status == "held" and since < m.date <= site.on]
    if not held:
        return "No meeting recorded as held", "No meeting recorded as held"
    agendas = sum(1 for m in held if m.agenda)
    minutes = sum(1 for m in held if m.minutes)
    return f"{agendas} of {len(held)}", f"{minutes} of {len(held)}"


def publication_context(site: Site) -> dict[str, Any]:
    """Every group that is not closed, with what it has published."""
    rows = []
    for b in site.boards_sorted():
        if b.status == "closed":
            continue
        agendas, minutes = _papers(b, site)
        rows.append(
            PublicationRow(
                to(PUBLICATION, board_page(b.id), b.name),
                KIND_LABELS[b.kind],
                work_programme_words(site, b),
                agendas,
                minutes,
            )
        )
    p = site.p
    due = "The partnership's data sets no day by which work programmes are due."
    if p is not None and p.work_programme_due:
        day = duties.due_in(p.work_programme_due, site.on.year)
        due = (
            "The partnership asks its executive groups and thematic boards to publish their work "
            f"programme each year by {day.day} {day:%B}."
        )
    return site.page(
        PUBLICATION,
        "Publication of work programmes, agendas and minutes",
        rows=rows,
        due=due,
        since=long_date(shift_year(site.on, -1)),
    )


def changes_context(site: Site) -> dict[str, Any]:
    """Changes to boards and seats, by year, from git."""
    return site.page(
        CHANGES,
        "Changes to membership",
        available=site.history.available,
        note=site.history.note,
        notes=site.history.notes,
        years=site.history.by_year(),
    )


def accessibility_context(site: Site) -> dict[str, Any]:
    """The accessibility statement."""
    return site.page(ACCESSIBILITY, "Accessibility statement")


def not_found_context(site: Site) -> dict[str, Any]:
    """The page shown for an address that is not in the site."""
    return site.page(NOT_FOUND, "Page not found", home=to(NOT_FOUND, INDEX, f"The home page of {site.name}"))
