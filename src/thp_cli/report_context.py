"""What the annual report says, as plain values: no formatting, no markup.

The templates (templates/annual.md.j2 and annual.html.j2) only lay these
values out; every judgement (what is overdue, which board covers which call
to action, whether a work programme was on time) is made here, once, and is
the same in both formats.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Month, shift_year

if TYPE_CHECKING:
    from .findings import Finding
    from .model import Board, RecommendationAction
    from .overlap import OverlapResult
    from .repository import Dataset

DUE_SOON_DAYS = 90

KIND_LABELS = {
    "partnership-board": "Partnership board",
    "executive": "Executive group",
    "thematic-board": "Thematic board",
    "subgroup": "Subgroup",
    "task-and-finish": "Task-and-finish group",
    "congress": "Congress",
    "forum": "Forum",
}
SECTOR_LABELS = {
    "council": "Council",
    "health": "Health",
    "police": "Police",
    "fire": "Fire and rescue",
    "probation": "Probation",
    "education": "Education",
    "business": "Business",
    "vcs": "Voluntary and community sector",
    "faith": "Faith",
    "housing": "Housing",
    "government": "Government",
    "community": "Residents and community groups",
}
STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
# (key, label, order): the order puts what needs attention first
RAG = {
    "overdue": ("Overdue", 0),
    "due-soon": ("Due soon", 1),
    "on-track": ("On track", 2),
    "ongoing": ("Ongoing", 3),
    "done": ("Done", 4),
    "dropped": ("Dropped", 5),
}


def long_date(day: dt.date) -> str:
    """'23 November 2026', or 'November 2026' for a month."""
    if isinstance(day, Month):
        return f"{day:%B} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


def timescale(action: RecommendationAction) -> str:
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
    """Done; dropped; ongoing; overdue; due soon (within 90 days); on track."""
    if action.status == "done":
        return "done"
    if action.status == "dropped":
        return "dropped"
    if action.ongoing or action.due is None:
        return "ongoing"
    if action.due < on:
        return "overdue"
    if (action.due - on).days <= DUE_SOON_DAYS:
        return "due-soon"
    return "on-track"


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class TrackerRow:
    ref: str
    title: str
    timescale: str
    owner: str
    status: str
    latest: str
    rag: str
    rag_label: str


@dataclass(frozen=True)
class CoverageRow:
    board: str
    name: str
    cells: list[str]
    covers: bool


@dataclass(frozen=True)
class BoardSection:
    id: str
    name: str
    statutory_basis: str | None
    chairs: str
    co_chaired: bool
    update_summary: str | None
    achievements: list[str]
    challenges: list[str]
    escalations: list[str]
    meetings_held: int
    meetings_planned: int
    meetings_cancelled: int
    work_programme: str
    strategy: str | None


@dataclass(frozen=True)
class SeatCount:
    """A board's seats at the start and the end of the year; None: the board was not there."""

    board: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str


@dataclass
class AnnualReport:
    """Everything the annual report shows, for one year as of one day."""

    title: str
    partnership: str
    year: int
    as_of: str
    internal: bool
    vision: str | None
    plan: str | None
    boards_total: int
    boards_by_kind: list[Count]
    boards_by_status: list[Count]
    statutory_boards: list[tuple[str, str]]
    seats: int
    organisations_total: int
    organisations_by_sector: list[Count]
    structure_svg: str
    structure_mermaid: str
    structure_text: list[tuple[str, str]]  # (board, what it reports to)
    calls: list[tuple[int, str]]
    coverage: list[CoverageRow]
    coverage_gaps: list[str]
    tracker: list[TrackerRow]
    tracker_counts: list[Count]
    boards: list[BoardSection]
    history_available: bool
    history_note: str
    changes: list[str]
    overlap_pairs: list[str]
    overlap_bridges: list[str]
    overlap_candidates: list[str]
    errors: int
    warnings: list[str]
    contacts: list[Contact] = field(default_factory=list)
    seat_counts: list[SeatCount] = field(default_factory=list)  # beside the changes, never instead
    seat_days: tuple[str, str] = ("", "")  # the days seat_counts counts on: the period's first and last
    history_notes: list[str] = field(default_factory=list)  # where the history is silent or incomplete
    data_read: str = ""  # which data the report read, in words (a commit for a past as-of day)


def _chairs(board: Board, on: dt.date) -> tuple[str, bool]:
    chairs = [m for m in board.members if m.position in ("chair", "co-chair") and m.current(on)]
    if not chairs:
        return "No chair recorded", False
    text = "; ".join(
        f"{m.role} ({'co-chair' if m.position == 'co-chair' else 'chair'}"
        f"{', elected member' if m.elected_member else ''})"
        for m in chairs
    )
    co = any(m.elected_member for m in chairs) and any(not m.elected_member for m in chairs)
    return text, co


def _work_programme(board: Board, due_day: str | None, year: int) -> str:
    published = board.work_programme.published if board.work_programme else None
    if due_day is None:
        return f"Published {long_date(published)}" if published else "No work programme recorded"
    month, day = (int(p) for p in due_day.split("-"))
    try:
        due = dt.date(year, month, day)
    except ValueError:
        due = dt.date(year, month, 28)
    if published is None:
        return f"No work programme recorded (due by {long_date(due)})"
    if shift_year(due, -1) < published <= due:
        return f"Published on time, {long_date(published)} (due by {long_date(due)})"
    if due < published <= shift_year(due, 1) and published.year == year:
        return f"Published late, {long_date(published)} (due by {long_date(due)})"
    return f"Not published for {year}: the last was {long_date(published)} (due by {long_date(due)})"


def _owner(ds: Dataset, rec_owner: str | None, owners: list[str]) -> str:
    ids = owners or ([rec_owner] if rec_owner else [])
    if not ids:
        return "Not named"
    return ", ".join(ds.boards[i].record.name if i in ds.boards else i for i in ids)


def _tracker(ds: Dataset, on: dt.date) -> list[TrackerRow]:
    rows = []
    for rec in sorted(ds.recommendations.values(), key=lambda r: r.record.number):
        r = rec.record
        for action in r.actions:
            key = rag(action, on)
            latest = ""
            if action.updates:
                last = max(action.updates, key=lambda u: u.date)
                status = f" ({STATUS_LABELS[last.status]})" if last.status else ""
                latest = f"{long_date(last.date)}{status}: {last.note or ''}".rstrip(": ")
            rows.append(
                (
                    RAG[key][1],
                    action.due or dt.date.max,
                    r.number,
                    action.number,
                    TrackerRow(
                        ref=f"R{r.number}.{action.number}",
                        title=action.title,
                        timescale=timescale(action),
                        owner=_owner(ds, r.owner, action.owners),
                        status=STATUS_LABELS.get(action.status or "", "Not reported"),
                        latest=latest or "None recorded",
                        rag=key,
                        rag_label=RAG[key][0],
                    ),
                )
            )
    rows.sort(key=lambda x: x[:4])
    return [row for *_, row in rows]


def _coverage(ds: Dataset) -> tuple[list[tuple[int, str]], list[CoverageRow], list[str]]:
    calls = [(n, c.record.title) for n, c in sorted(ds.calls.items())]
    rows, covered = [], set()
    for board_id, located in sorted(ds.boards.items(), key=lambda kv: kv[1].record.name):
        b = located.record
        if b.status != "active":
            continue
        delivered = set(b.calls_to_action) | {int(a.split(".")[0]) for a in b.actions}
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
        f"Call to action {n} ({title}) is delivered by no board." for n, title in calls if n not in covered
    ]
    gaps += [f"{row.name} names no call to action it delivers." for row in rows if not row.covers]
    return calls, rows, gaps


def _board_sections(ds: Dataset, year: int, on: dt.date) -> list[BoardSection]:
    due_day = ds.partnership.record.work_programme_due if ds.partnership else None
    out = []
    for located in sorted(ds.boards.values(), key=lambda x: x.record.name):
        b = located.record
        if b.kind != "thematic-board" or b.status == "closed":
            continue
        chairs, co = _chairs(b, on)
        update = next((u for u in b.updates if u.year == year), None)
        in_year = [m for m in b.meetings if m.date.year == year]
        out.append(
            BoardSection(
                id=b.id,
                name=b.name,
                statutory_basis=b.statutory_basis if b.statutory else None,
                chairs=chairs,
                co_chaired=co,
                update_summary=(update.summary or "") if update else None,
                achievements=list(update.achievements) if update else [],
                challenges=list(update.challenges) if update else [],
                escalations=list(update.escalations) if update else [],
                meetings_held=sum(1 for m in in_year if m.status == "held"),
                meetings_planned=sum(1 for m in in_year if m.status == "planned"),
                meetings_cancelled=sum(1 for m in in_year if m.status == "cancelled"),
                work_programme=_work_programme(b, due_day, year),
                strategy=b.strategy,
            )
        )
    return out


def _structure(ds: Dataset, name: str) -> tuple[str, str, list[tuple[str, str]]]:
    from .diagram import Node, mermaid, svg

    nodes = [
        Node(board_id, located.record.name, tuple(t for t in located.record.reports_to if t in ds.boards))
        for board_id, located in sorted(ds.boards.items())
        if located.record.status != "closed"
    ]
    text = []
    for node in sorted(nodes, key=lambda n: n.label):
        ups = [ds.boards[p].record.name for p in node.parents if p in ds.boards]
        where = "reports to " + " and ".join(ups) if ups else "is at the top of the partnership"
        text.append((node.label, where))
    description = "; ".join(f"{board} {where}" for board, where in text) + "."
    picture = svg(nodes, f"How the boards of {name} report to each other", description)
    return picture, mermaid(nodes), text


def build(
    ds: Dataset,
    *,
    year: int,
    as_of: dt.date,
    findings: list[Finding],
    overlap: OverlapResult | None,
    changes: list[str] | None,
    history_note: str,
    internal: bool = False,
    seat_counts: list[tuple[str, int | None, int | None]] | None = None,
    history_notes: list[str] | None = None,
    data_read: str = "",
    seat_days: tuple[str, str] = ("", ""),
) -> AnnualReport:
    """The annual report's content for ``year``, as it stands on ``as_of``."""
    p = ds.partnership.record if ds.partnership else None
    name = p.name if p else "The partnership"
    plan = None
    if p and p.plan:
        period = ""
        if p.plan.start and p.plan.end:
            period = f", {long_date(p.plan.start)} to {long_date(p.plan.end)}"
        plan = f"{p.plan.title}{period}"
    boards = [b.record for b in ds.boards.values()]
    live = [b for b in boards if b.status != "closed"]
    kinds = Counter(b.kind for b in boards)
    statuses = Counter(b.status for b in boards)
    seats = sum(1 for b in live for m in b.members if m.current(as_of))
    sectors = Counter(o.record.sector for o in ds.organisations.values())
    calls, coverage, gaps = _coverage(ds)
    tracker = _tracker(ds, as_of)
    rag_counts = Counter(row.rag for row in tracker)
    svg, mermaid, text = _structure(ds, name)
    warnings = sorted(f for f in findings if f.severity.value == "warning")
    contacts: list[Contact] = []
    if internal:
        for person in sorted(ds.people.values(), key=lambda x: x.record.name):
            contact = person.record.contact
            if contact:
                contacts.append(Contact(person.record.name, contact.email or "", contact.phone or ""))
    return AnnualReport(
        title=f"{name}: annual report {year}",
        partnership=name,
        year=year,
        as_of=long_date(as_of),
        internal=internal,
        vision=p.vision if p else None,
        plan=plan,
        boards_total=len(boards),
        boards_by_kind=[
            Count(KIND_LABELS[k], n) for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        boards_by_status=[Count(s.capitalize(), n) for s, n in sorted(statuses.items())],
        statutory_boards=sorted((b.name, b.statutory_basis or "") for b in live if b.statutory),
        seats=seats,
        organisations_total=len(ds.organisations),
        organisations_by_sector=[
            Count(SECTOR_LABELS[s], n) for s, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        structure_svg=svg,
        structure_mermaid=mermaid,
        structure_text=text,
        calls=calls,
        coverage=coverage,
        coverage_gaps=gaps,
        tracker=tracker,
        tracker_counts=[Count(label, rag_counts[key]) for key, (label, _) in RAG.items() if rag_counts[key]],
        boards=_board_sections(ds, year, as_of),
        history_available=changes is not None,
        history_note=history_note,
        changes=changes or [],
        overlap_pairs=[f"{x.reason} (score {x.score:.2f})" for x in (overlap.pairs[:5] if overlap else [])],
        overlap_bridges=[b.reason for b in (overlap.bridges[:5] if overlap else [])],
        overlap_candidates=[c.reason for c in (overlap.candidates if overlap else [])],
        errors=sum(1 for f in findings if f.severity.value == "error"),
        warnings=[f"{f.file} line {f.line}: {f.message}" for f in warnings],
        contacts=contacts,
        seat_counts=[SeatCount(*row) for row in seat_counts or []],
        history_notes=list(history_notes or []),
        data_read=data_read,
        seat_days=seat_days,
    )
