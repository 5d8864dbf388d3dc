"""The partnership's own pages: the home page (the partnership at a glance), the calls to
action and the boards that deliver them, and the recommendations' tracker."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import duties
from ..report.content import KIND_LABELS, plan_words, structure_fields
from ..report.links import call_links, partnership_links
from ..report.tracker import RAG, RATINGS_NOTE, tracker_groups
from ..text import plural
from .links import (
    CALENDAR,
    CALLS,
    CHANGES,
    INDEX,
    POPOLO,
    PUBLICATION,
    RECOMMENDATIONS,
    SEATS,
    PageLink,
    board_page,
    organisation_page,
    to,
)

if TYPE_CHECKING:
    from .context import Site


@dataclass(frozen=True)
class KindGroup:
    """The boards of one kind, each a link with its status where it is not active."""

    kind: str
    boards: list[tuple[PageLink, str]]


def _kinds(site: Site) -> list[KindGroup]:
    groups: dict[str, list[tuple[PageLink, str]]] = {}
    for b in site.boards_sorted():
        status = "" if b.status == "active" else b.status
        groups.setdefault(b.kind, []).append((to(INDEX, board_page(b.id), b.name), status))
    return [KindGroup(KIND_LABELS[k], groups[k]) for k in KIND_LABELS if k in groups]


def index_context(site: Site) -> dict[str, Any]:
    """The home page: the partnership at a glance, and links to every page."""
    boards = site.boards_sorted()
    held = {m.organisation for b in boards if b.status != "closed" for m in b.members if m.current(site.on)}
    orgs = sorted(site.ds.organisations.values(), key=lambda o: (o.record.name.casefold(), o.record.id))
    statuses = Counter(b.status for b in boards)
    counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    structure = structure_fields(site.ds, site.name)
    return site.page(
        INDEX,
        site.name,
        r={
            "vision": site.p.vision if site.p else None,
            "plan": plan_words(site.p),
            "boards_count": f"{plural(len(boards), 'board')} recorded on {site.day}"
            + (f" ({counts})" if counts else ""),
            "organisations_count": f"{plural(len([o for o in orgs if o.record.id in held]), 'organisation')} "
            f"holding seats on {site.day}",
            "structure_svg": structure["structure_svg"],
            "structure_tree": structure["structure_tree"],
            "board_pages": {b.id: to(INDEX, board_page(b.id), b.name).href for b in boards},
            "structure_unread": structure["structure_unread"],
            "calls": [(n, c.record.title) for n, c in sorted(site.ds.calls.items())],
            "calls_page": to(INDEX, CALLS, "").href,
            "kinds": _kinds(site),
            "organisations": [to(INDEX, organisation_page(o.record.id), o.record.name) for o in orgs],
            "latest": site.history.latest(),
            "history_note": site.history.note,
            "errors": site.errors,
            "as_of_note": site.as_of_note,
            "left_out": site.left_out,
            "sources": partnership_links(site.p),
            "pages": [
                to(INDEX, CALLS, "The calls to action and the boards that deliver them"),
                to(INDEX, RECOMMENDATIONS, "The review's recommendations and their actions"),
                to(INDEX, CHANGES, "Changes to membership, by year"),
                to(
                    INDEX,
                    PUBLICATION,
                    "Which groups have published their work programme, agendas and minutes",
                ),
            ],
            "downloads": [
                to(INDEX, CALENDAR, "Meetings, as a calendar (calendar.ics)"),
                to(INDEX, POPOLO, "The partnership as open data, in the Popolo format (partnership.json)"),
                to(INDEX, SEATS, "Every seat, as a spreadsheet (seats.csv)"),
            ],
        },
    )


@dataclass(frozen=True)
class CallPage:
    """A call to action: its actions, each with the boards that deliver it, and the boards
    that deliver the call."""

    number: int
    title: str
    actions: list[tuple[str, str, list[PageLink]]]  # (number, title, boards)
    boards: list[PageLink]


def calls_context(site: Site) -> dict[str, Any]:
    """The calls to action, and which boards deliver each call and each action."""
    by_call: dict[int, list[PageLink]] = {}
    by_action: dict[str, list[PageLink]] = {}
    for b in site.boards_sorted():
        if b.status == "closed":
            continue
        here = to(CALLS, board_page(b.id), b.name)
        for n in sorted(duties.calls_delivered(b)):
            by_call.setdefault(n, []).append(here)
        for a in dict.fromkeys(b.actions):
            by_action.setdefault(a, []).append(here)
    calls = [
        CallPage(
            n,
            c.record.title,
            [(a.number, a.title, by_action.get(a.number, [])) for a in c.record.actions],
            by_call.get(n, []),
        )
        for n, c in sorted(site.ds.calls.items())
    ]
    return site.page(CALLS, "Calls to action", calls=calls, sources=call_links(site.ds))


def recommendations_context(site: Site) -> dict[str, Any]:
    """The review's recommendations and their actions, rated as of the site's day (as the report)."""
    tracker = tracker_groups(site.ds, site.on)
    rags = Counter(row.rag for group in tracker for row in group.actions)
    counts = [(label, rags[key]) for key, (label, _) in RAG.items() if rags[key]]
    return site.page(
        RECOMMENDATIONS,
        "Recommendations and their actions",
        tracker=tracker,
        counts=counts,
        note=RATINGS_NOTE,
    )
