"""The pages about publishing: which groups have published their work programme, agendas
and minutes (the terms of reference's duty, in one table), the changes to membership by
year, the accessibility statement and the page for an address that is not in the site."""

from __future__ import annotations

import datetime as dt
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


def on_time(site: Site) -> str:
    """How many of the active groups the work-programme duty asks had published by their last
    due date, judged as thp validate judges it; '' when no due date has passed or the data's
    errors hide when the duty applies."""
    located = site.ds.partnership
    if located is None or not located.judged("terms_of_reference", "work_programme_due"):
        return ""
    asked = on = 0
    for b in site.boards_sorted():
        if b.kind not in duties.WORK_PROGRAMME_KINDS or b.status != "active":
            continue
        due = duties.last_work_programme_due(site.p, site.on, b)
        if due is None:
            continue
        asked += 1
        on += duties.judge_work_programme(duties.board_published(b), due) == "on-time"
    if not asked:
        return ""
    return (
        f"On {site.day}, {on} of {asked} active groups asked for one had published their work "
        "programme by the last due date."
    )


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
        on_time=on_time(site),
        since=long_date(shift_year(site.on, -1) + dt.timedelta(days=1)),
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
