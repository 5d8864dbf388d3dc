"""The review's recommendations in the annual report: the tracker of their actions,
rated as of the report's day, and which board delivers which call to action of the plan.

Every rating comes from :mod:`thp_cli.duties`, the one place the rules and the
report judge an action's timescale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import duties
from ..dates import Month, long_date
from ..duties import DUE_SOON_DAYS
from .diagram import natural_key
from .links import Link, source_links

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import RecommendationAction

STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


# (key, label, order): the order puts what needs attention first
RAG = {
    "overdue": ("Overdue", 0),
    "no-update": ("No update recorded", 1),
    "due-soon": ("Due soon", 2),
    "on-track": ("On track", 3),
    "ongoing": ("Ongoing", 4),
    "done": ("Done", 5),
    "dropped": ("Dropped", 6),
}


RATINGS_NOTE = (
    f"Ratings: overdue (due date passed, not done), due soon (due within {DUE_SOON_DAYS} days), "
    "on track, ongoing, done and dropped rest on a reported status; an action with no status "
    "reported is shown as no update recorded, with where it stands against its timescale."
)


def timescale(action: RecommendationAction) -> str:
    """The action's timescale in words: ongoing, not given, its due day, or its start and due days."""
    if action.ongoing:
        return "Ongoing"
    if action.due is None:
        return "Not given"
    due = long_date(action.due)
    if action.start is None:
        return due
    start = long_date(action.start)
    if (
        isinstance(action.start, Month)
        and isinstance(action.due, Month)
        and action.start.year == action.due.year
    ):
        return f"{action.start:%B} – {due}"
    return f"{start} – {due}"


def rag(action: RecommendationAction, on: dt.date) -> str:
    """The action's rating on ``on`` (duties.rate: one judgement for every output)."""
    return duties.rate(action, on)


@dataclass(frozen=True)
class TrackerRow:
    """An action in the tracker: its number, title, timescale, owner, status, latest update and rating."""

    ref: str
    title: str
    timescale: str
    owner: str
    status: str
    latest: str
    rag: str
    rag_label: str  # the rating, with where it stands beside it when no status is reported


@dataclass(frozen=True)
class TrackerGroup:
    """One recommendation: its title, owner and senior responsible officer, and its actions."""

    number: int
    title: str
    owner: str
    sro: str | None
    actions: list[TrackerRow]
    links: list[Link] = field(default_factory=list)  # the sources of the recommendation and its actions


@dataclass(frozen=True)
class CoverageRow:
    """A board in the coverage table: a cell for each call to action, and whether it delivers any."""

    board: str
    name: str
    cells: list[str]
    covers: bool


def _owner(ds: Dataset, rec_owner: str | None, owners: list[str]) -> str | None:
    """The owning boards' names (the action's own, else its recommendation's); None if none."""
    ids = owners or ([rec_owner] if rec_owner else [])
    if not ids:
        return None
    names = [ds.boards[i].record.name for i in ids if i in ds.boards]
    if len(names) < len(ids):  # a board the data's errors keep out is not named by its id
        names.append("an owner that could not be read" if names else "Could not be read")
    return ", ".join(names)


def _latest(action: RecommendationAction) -> str:
    if not action.updates:
        return "None recorded"
    last = max(action.updates, key=lambda u: u.date)
    status = f" ({STATUS_LABELS[last.status]})" if last.status else ""
    return f"{long_date(last.date)}{status}: {last.note or ''}".rstrip(": ")


def tracker_groups(ds: Dataset, on: dt.date) -> list[TrackerGroup]:
    """Every recommendation in number order, with its actions in theirs, rated as of ``on``."""
    groups = []
    for rec in sorted(ds.recommendations.values(), key=lambda r: (r.record.number, r.record.id)):
        r = rec.record
        rows = []
        for action in r.actions:
            key = rag(action, on)
            label = RAG[key][0]
            if key == "no-update":
                label = f"{label} ({duties.when_due(action, on)})"
            status = duties.reported_status(action)
            rows.append(
                TrackerRow(
                    ref=action.number,
                    title=action.title,
                    timescale=timescale(action),
                    owner=_owner(ds, r.owner, action.owners) or "Not recorded",
                    status=STATUS_LABELS[status] if status else "No status reported",
                    latest=_latest(action),
                    rag=key,
                    rag_label=label,
                )
            )
        groups.append(
            TrackerGroup(
                number=r.number,
                title=r.title,
                owner=_owner(ds, r.owner, []) or "No owning board recorded",
                sro=r.sro,
                actions=rows,
                links=source_links([*r.sources, *(src for a in r.actions for src in a.sources)]),
            )
        )
    return groups


def plan_coverage(ds: Dataset) -> tuple[list[tuple[int, str]], list[CoverageRow], list[str]]:
    """The calls to action; for each active board that delivers one (and each thematic
    board), which it delivers; and the gaps, in words: a call no board delivers, a board
    that names no call."""
    calls = [(n, c.record.title) for n, c in sorted(ds.calls.items())]
    rows, covered = [], set()
    for board_id, located in sorted(
        ds.boards.items(), key=lambda kv: (natural_key(kv[1].record.name), kv[0])
    ):
        b = located.record
        if b.status != "active":
            continue
        delivered = duties.calls_delivered(b)
        if not delivered and b.kind != "thematic-board":
            continue
        cells = []
        for number, _ in calls:
            actions = sorted(a for a in b.actions if a.split(".")[0] == str(number))
            if actions:
                cells.append("Yes: " + ", ".join(actions))
            elif number in delivered:
                cells.append("Yes")
            else:
                cells.append("No")
        covered |= delivered
        rows.append(CoverageRow(board_id, b.name, cells, bool(delivered)))
    gaps = [
        f"No board is named as delivering call to action {n} ({title})."
        for n, title in calls
        if n not in covered
    ]
    gaps += [f"No call to action is named as delivered by {row.name}." for row in rows if not row.covers]
    return calls, rows, gaps
