"""What the annual report says, as plain values: no formatting, no markup.

The templates (templates/annual.md.j2 and annual.html.j2) only lay these
values out; every judgement (what is overdue, which board covers which call
to action, whether a work programme was on time) is made here, once, and is
the same in both formats.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import duties
from .diagram import natural_key
from .duties import DUE_SOON_DAYS
from .model import Month, long_date, shift_year

if TYPE_CHECKING:
    from .findings import Finding
    from .model import Board, Member, Partnership, RecommendationAction, ReportSettings, Source
    from .overlap import Bridge, OverlapResult, Pair
    from .repository import Dataset

DEFAULT_COLOUR = "#1d70b8"
# what a statutory board whose data names no law says where the law would be
NO_STATUTORY_BASIS = "the law that requires it is not recorded"
# the sections of the report, in their default order, and their headings
SECTION_TITLES = {
    "glance": "The partnership at a glance",
    "structure": "How the partnership is organised",
    "coverage": "Delivering the plan: calls to action",
    "recommendations": "Recommendations and their actions",
    "boards": "The thematic boards",
    "changes": "Changes to membership in {year}",
    "overlap": "Duplication and overlap",
    "quality": "Data quality",
}

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
    board: str
    name: str
    cells: list[str]
    covers: bool


@dataclass(frozen=True)
class Link:
    """A link the data holds: its words, and its address (None when it is not https:
    or mailto:, so the words are shown without a link)."""

    text: str
    url: str | None


@dataclass(frozen=True)
class TreeItem:
    """A board in the structure as a nested list: the boards under it, and any other
    board it also reports to."""

    name: str
    also: str
    children: list[TreeItem]


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class BoardSection:
    id: str
    name: str
    statutory_basis: str | None
    chairs: str
    co_chaired: bool
    chairing_note: str | None  # what the partnership's co-chairing duty finds, in words
    update_summary: str | None
    achievements: list[str]
    challenges: list[str]
    escalations: list[str]
    meetings_held: int
    meetings_planned: int
    meetings_cancelled: int
    work_programme: str
    strategy: str | None
    links: list[Link] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)  # current seats, each with what sets it
    meetings_recorded: bool = True  # False: the data holds no meeting in the year, which says nothing


@dataclass(frozen=True)
class SeatCount:
    """A board's seats at the start and the end of the year; None: the board was not there."""

    board: str
    start: int | str | None  # words where the count is not known
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
    tracker: list[TrackerGroup]
    tracker_counts: list[Count]
    ratings_note: str
    boards: list[BoardSection]
    history_available: bool
    history_note: str
    changes: list[str]
    overlap_pairs: list[str]
    overlap_bridges: list[str]
    overlap_candidates: list[str]
    errors: int
    warnings: list[str]
    # the errors, each with its file and line: the internal edition's only (empty in a public one)
    error_lines: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # what the data's errors keep out, in words
    sections: list[Section] = field(default_factory=list)  # in order, as partnership.yaml's report: sets
    organisation: str | None = None
    colour: str = DEFAULT_COLOUR
    foreword: list[str] = field(default_factory=list)  # paragraphs
    approved: str | None = None
    structure_tree: list[TreeItem] = field(default_factory=list)
    structure_outline: list[tuple[int, str, str]] = field(default_factory=list)  # (depth, board, also)
    escalated_to: str = "Raised for the partnership to resolve"
    sources: list[Link] = field(default_factory=list)
    overlap_expected: list[str] = field(default_factory=list)  # pairs where one reports to the other
    overlap_intro: str = ""
    seat_counts: list[SeatCount] = field(default_factory=list)  # beside the changes, never instead
    seat_days: tuple[str, str] = ("", "")  # the days seat_counts counts on: the period's first and last
    history_notes: list[str] = field(default_factory=list)  # where the history is silent or incomplete
    data_read: str = ""  # which data the report read, in words (a commit for a past as-of day)
    as_of_notice: str = ""  # at the top: a past day whose data could not be read from git
    structure_unread: list[str] = field(default_factory=list)  # boards whose reporting line is unread
    call_links: list[Link] = field(default_factory=list)  # the sources of the calls to action
    organisation_links: list[Link] = field(default_factory=list)  # the organisations' sources
    # the sources of the people who hold a seat that day (never their contact details)
    people_links: list[Link] = field(default_factory=list)


def _holder(ds: Dataset, m: Member) -> str:
    """Who holds a seat, as the data names them: the person's name (people.yaml
    ``name``, never their contact details) where the seat records one, the role,
    and the organisation's name."""
    person = ds.people.get(m.person) if m.person else None
    org = ds.organisations.get(m.organisation) if m.organisation else None
    parts = [person.record.name] if person else []
    parts.append(m.role)
    if org:
        parts.append(org.record.name)
    return ", ".join(parts)


def _chairs(ds: Dataset, board: Board, on: dt.date) -> tuple[str, bool]:
    chairs = [m for m in board.members if m.position in ("chair", "co-chair") and m.current(on)]
    if not chairs:
        return "No chair recorded", False
    text = "; ".join(
        f"{_holder(ds, m)} ({'co-chair' if m.position == 'co-chair' else 'chair'}"
        f"{', elected member' if m.elected_member else ''})"
        for m in chairs
    )
    co = any(m.elected_member for m in chairs) and any(not m.elected_member for m in chairs)
    return text, co


def _work_programme(
    board: Board, partnership: Partnership | None, year: int, on: dt.date, judged: bool = True
) -> str:
    """The board's work programme for ``year``, judged as the work-programme rule judges it;
    only what is recorded when ``judged`` is False (the data's errors hide when the duty
    applies)."""
    published = duties.board_published(board)
    if partnership is None or partnership.work_programme_due is None or not judged:
        return f"Published {long_date(published)}" if published else "No work programme recorded"
    due = duties.work_programme_due(partnership, year, board)
    if due is None:
        start = duties.duty_start(partnership)
        since = f" (the terms of reference apply from {long_date(start)})" if start else ""
        if board.established and duties.work_programme_due(partnership, year) is not None:
            since = f" (the board was set up on {long_date(board.established)})"
        last = f"; the latest was published {long_date(published)}" if published else ""
        return f"None was due for {year}{since}{last}"
    by = f"due by {long_date(due)}"
    verdict = duties.judge_work_programme(published, due)
    if published is None:
        return f"No work programme recorded ({by})" if due <= on else f"Not yet published ({by})"
    if verdict == "on-time":
        return f"Published on time, {long_date(published)} ({by})"
    if verdict == "late" and published <= shift_year(due, 1):
        return f"Published late, {long_date(published)} ({by})"
    if verdict == "late":
        return (
            f"The latest recorded was published {long_date(published)}; the data does not say "
            f"whether one was published for {year} ({by})"
        )
    if due > on:
        return f"Not yet published for {year} ({by}); the last was {long_date(published)}"
    return f"Not published for {year}: the last was {long_date(published)} ({by})"


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


def _tracker(ds: Dataset, on: dt.date) -> list[TrackerGroup]:
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
                links=_source_links([*r.sources, *(src for a in r.actions for src in a.sources)]),
            )
        )
    return groups


def _coverage(ds: Dataset) -> tuple[list[tuple[int, str]], list[CoverageRow], list[str]]:
    calls = [(n, c.record.title) for n, c in sorted(ds.calls.items())]
    rows, covered = [], set()
    for board_id, located in sorted(
        ds.boards.items(), key=lambda kv: (natural_key(kv[1].record.name), kv[0])
    ):
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
        f"No board is named as delivering call to action {n} ({title})."
        for n, title in calls
        if n not in covered
    ]
    gaps += [f"No call to action is named as delivered by {row.name}." for row in rows if not row.covers]
    return calls, rows, gaps


def _chairing_note(p: Partnership | None, board: Board, on: dt.date) -> str | None:
    """What the partnership's co-chairing duty finds of ``board``, for a reader; None
    when the partnership asks no co-chairing of boards of its kind or it is met."""
    if p is None or not duties.co_chairing_applies(p, board):
        return None
    chairing = duties.judge_chairing(board, on)
    if chairing is None or chairing.verdict in ("co-chaired", "no-chair"):
        return None  # no chair recorded: the page says so already, and claims no more
    if chairing.verdict == "unmarked":
        return f"the data does not record whether {chairing.role} is an elected member"
    return f"not co-chaired by an elected member and a partner, as {duties.duty_source(p)} asks"


def _board_sections(ds: Dataset, year: int, on: dt.date) -> list[BoardSection]:
    p = ds.partnership.record if ds.partnership else None
    judged = ds.partnership is None or ds.partnership.judged("terms_of_reference", "work_programme_due")
    out = []
    for located in sorted(ds.boards.values(), key=lambda x: (natural_key(x.record.name), x.record.id)):
        b = located.record
        if b.kind != "thematic-board" or b.status == "closed":
            continue
        chairs, co = _chairs(ds, b, on)
        note = _chairing_note(p, b, on)
        update = next((u for u in b.updates if u.year == year), None)
        in_year = [m for m in b.meetings if m.date.year == year]
        out.append(
            BoardSection(
                id=b.id,
                name=b.name,
                statutory_basis=(b.statutory_basis or NO_STATUTORY_BASIS) if b.statutory else None,
                chairs=chairs,
                co_chaired=co,
                chairing_note=note,
                update_summary=(update.summary or "") if update else None,
                achievements=list(update.achievements) if update else [],
                challenges=list(update.challenges) if update else [],
                escalations=list(update.escalations) if update else [],
                meetings_held=sum(1 for m in in_year if m.status == "held"),
                meetings_planned=sum(1 for m in in_year if m.status == "planned"),
                meetings_cancelled=sum(1 for m in in_year if m.status == "cancelled"),
                work_programme=_work_programme(b, p, year, on, judged),
                strategy=b.strategy,
                links=_board_links(b, year, on),
                seats=_seats(ds, b, on),
                meetings_recorded=bool(in_year),
            )
        )
    return out


def _link(text: str, url: str | None) -> Link:
    from .render import safe_url

    return Link(text, safe_url(url) if url else None)


def _source_links(sources: Sequence[Source], prefix: str = "") -> list[Link]:
    """A link for each source that has an address, once each, in the data's order."""
    seen: dict[tuple[str, str], Link] = {}
    for src in sources:
        if src.url:
            seen.setdefault((src.title, src.url), _link(f"{prefix}{src.title}", src.url))
    return list(seen.values())


def _board_links(b: Board, year: int, on: dt.date) -> list[Link]:
    """Every link the board's record holds for the year: work programme, terms of
    reference, the year's agendas, minutes and their sources, and the sources of the
    board and of its current seats."""
    out = []
    if b.work_programme and b.work_programme.url:
        out.append(_link("Work programme", b.work_programme.url))
    if b.terms_of_reference and b.terms_of_reference.url:
        out.append(_link("Terms of reference", b.terms_of_reference.url))
    for m in sorted(b.meetings, key=lambda m: m.date):
        if m.date.year != year:
            continue
        if m.agenda:
            out.append(_link(f"Agenda, {long_date(m.date)}", m.agenda))
        if m.minutes:
            out.append(_link(f"Minutes, {long_date(m.date)}", m.minutes))
        out += _source_links(m.sources, "Source: ")
    seats = [src for seat in b.members if seat.current(on) for src in seat.sources]
    out += _source_links([*b.sources, *seats], "Source: ")
    return list(dict.fromkeys(out))


def _seats(ds: Dataset, b: Board, on: dt.date) -> list[str]:
    """The board's current seats: who holds each (the person's name where the seat
    records one, never their contact details), its role and organisation. A seat
    whose every source is an Act the board is statutory under is labelled as set by
    that Act: no partnership paper names it."""
    out = []
    for m in b.members:
        if not m.current(on):
            continue
        text = _holder(ds, m)
        if m.position != "member":
            text += f" ({m.position.replace('-', ' ')})"
        titles = list(dict.fromkeys(src.title for src in m.sources))
        if b.statutory and b.statutory_basis and titles and all(t in b.statutory_basis for t in titles):
            text += f": a statutory seat, set by the {' and the '.join(titles)}, not by a partnership paper"
        out.append(text)
    return out


def _partnership_links(p: Partnership | None) -> list[Link]:
    """The partnership's terms of reference, where the data gives their address, and its sources."""
    if p is None:
        return []
    terms = p.terms_of_reference
    out = [_link(terms.title, terms.url)] if terms and terms.url else []
    return list(dict.fromkeys([*out, *_source_links(p.sources)]))


def _action_sources(call: Any) -> list[Source]:
    return [src for action in call.actions for src in action.sources]


TREE_DEPTH = 12
"""How deep the structure's nested list goes: boards further down a longer chain of
reporting lines are listed side by side under the last level, each naming the board it
reports to, so a chain of any length is read without deep recursion or unreadable indents."""


def _tree(nodes: list[Any], names: dict[str, str], unread: set[str] | None = None) -> list[TreeItem]:
    """The boards as a nested list: each under the board above it that is drawn
    nearest (its main line), with any other board it reports to named beside it."""
    from .diagram import primary_parents

    main = primary_parents(nodes)
    children: dict[str | None, list[Any]] = {}
    for node in nodes:
        children.setdefault(main[node.id], []).append(node)

    drawn = {node.id for node in nodes}  # a board reported to but not drawn is closed

    def under(parent: str | None) -> list[Any]:
        return sorted(children.get(parent, []), key=lambda n: (natural_key(n.label), n.id))

    def item(node: Any, kids: list[TreeItem], flattened: bool = False) -> TreeItem:
        ups = [p for p in node.parents if p != main[node.id] and p in names]
        others = sorted((names[p] for p in ups), key=natural_key)
        closed = sorted((names[p] for p in ups if p not in drawn), key=natural_key)
        # 'also' only beside the board it is drawn under: at the top, these are its only lines
        verb = "also reports to" if main[node.id] is not None else "reports to"
        also = f"{verb} {' and '.join(others)}" if others else ""
        if closed:
            also += f"; {' and '.join(closed)} {'is' if len(closed) == 1 else 'are'} closed"
        board = main[node.id]
        if flattened and board is not None and board in names:  # beside its board, not under it
            also = "; ".join(filter(None, [f"reports to {names[board]}", also]))
        if node.id in (unread or set()):
            line = "another of its reporting lines" if node.parents else "its reporting line"
            also = "; ".join(filter(None, [also, line + UNREAD]))
        return TreeItem(node.label, also, kids)

    def below(parent: str) -> list[TreeItem]:
        """Every board under ``parent`` at any depth, in list order, side by side."""
        out, stack = [], list(reversed(under(parent)))
        while stack:
            node = stack.pop()
            out.append(item(node, [], flattened=main[node.id] != parent))
            stack += reversed(under(node.id))
        return out

    def items(parent: str | None, depth: int) -> list[TreeItem]:
        if depth == TREE_DEPTH and parent is not None:
            return below(parent)
        return [item(node, items(node.id, depth + 1)) for node in under(parent)]

    return items(None, 0)


def _outline(items: list[TreeItem], depth: int = 0) -> list[tuple[int, str, str]]:
    """The nested list flattened, each board with its depth, for Markdown."""
    out = []
    for item in items:
        out.append((depth, item.name, item.also))
        out += _outline(item.children, depth + 1)  # at most TREE_DEPTH deep (see _tree)
    return out


UNREAD = " could not be read"  # how structure_text ends for a board whose reporting line is unread


def _structure(ds: Dataset, name: str) -> tuple[str, str, list[tuple[str, str]]]:
    from .diagram import mermaid, svg
    from .render import Built

    nodes = _nodes(ds)
    unread = unread_reporting_lines(ds)
    text = []
    for node in sorted(nodes, key=lambda n: (natural_key(n.label), n.id)):
        ups = [ds.boards[p].record.name for p in node.parents if p in ds.boards]
        if node.id in unread:  # never "no reporting line recorded": one was, and it could not be read
            where = (
                f"reports to {' and '.join(ups)}; another of its reporting lines"
                if ups
                else "its reporting line"
            )
            where += UNREAD
        elif ups:
            where = "reports to " + " and ".join(ups)
        elif ds.boards[node.id].record.kind == "partnership-board":
            where = "is at the top of the partnership"
        else:
            where = "has no reporting line recorded"
        text.append((node.label, where))
    description = "; ".join(
        f"{board}: {where}" if where.endswith(UNREAD) else f"{board} {where}" for board, where in text
    )
    description += "."
    picture = svg(nodes, f"How the boards of {name} report to each other", description)
    return Built(picture), Built(mermaid(nodes)), text


def _nodes(ds: Dataset) -> list[Any]:
    from .diagram import Node

    return [
        Node(board_id, located.record.name, tuple(t for t in located.record.reports_to if t in ds.boards))
        for board_id, located in sorted(ds.boards.items())
        if located.record.status != "closed"
    ]


def _sections(settings: ReportSettings | None, internal: bool, year: int) -> list[Section]:
    """The sections in order: as the report: block lists them, else all in the default
    order; data quality is for the people who keep the data, so a public report has
    it only when the report: block asks for it."""
    chosen: list[str] = list(dict.fromkeys(settings.sections)) if settings and settings.sections else []
    ids = chosen or [s for s in SECTION_TITLES if s != "quality" or internal]
    if internal and "quality" not in ids:
        ids.append("quality")
    return [Section(s, SECTION_TITLES[s].format(year=year)) for s in ids]


# what a co-chairing finding says, by the verdict it reports, where that is not the
# rule's title: a hint to mark a seat, or a board with no chair, is no failure to co-chair
CHAIRING_SAYS = {
    "unmarked": (
        "A chair's post sounds like an elected office, but the data does not say whether they "
        "are an elected member"
    ),
    "no-chair": "No chair or co-chair recorded",
}


def _says(finding: Finding, title: str, boards: dict[str, Board], on: dt.date) -> str:
    """What ``finding`` says, in a public report's words: its rule's title, unless
    the rule's findings say different things (a hint is not a failure)."""
    board = boards.get(finding.file)
    if finding.rule == "co-chairing" and board is not None:
        chairing = duties.judge_chairing(board, on)
        if chairing is not None and chairing.verdict in CHAIRING_SAYS:
            return CHAIRING_SAYS[chairing.verdict]
    return title


def _located(findings: list[Finding], severity: str) -> list[str]:
    """The findings of one severity, each with its file and line, for the internal edition:
    the data as this report read it (which may be a past commit that thp validate no longer sees)."""
    chosen = sorted(f for f in findings if f.severity.value == severity)
    return [f"{f.message} ({f.file} line {f.line})" for f in chosen]


def _quality(findings: list[Finding], internal: bool, ds: Dataset, on: dt.date) -> list[str]:
    """Warnings: in the internal edition each with its file and line (for the people
    who keep the data); in a public one, in plain words only, counted by what they
    say (a hint to add a detail is not counted as the failure its rule looks for)."""
    from .rules import get

    if internal:
        return _located(findings, "warning")
    warnings = sorted(f for f in findings if f.severity.value == "warning")
    boards = {located.where.file: located.record for located in ds.boards.values()}
    kinds = Counter(
        _says(f, r.title if (r := get(f.rule)) else "Other warnings", boards, on) for f in warnings
    )
    return [f"{title}: {n} {'case' if n == 1 else 'cases'}" for title, n in sorted(kinds.items())]


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def _colour(settings: ReportSettings | None) -> str:
    """The report: colour, or a darker shade of it when white text on it would fail
    WCAG 2.2 AA (the report-colour-contrast rule says so)."""
    from .rules.report import darkened

    return darkened(settings.colour) if settings and settings.colour else DEFAULT_COLOUR


# the kinds of record, as Dataset names them: (one, several) in words
RECORD_WORDS = {
    "boards": ("board", "boards"),
    "organisations": ("organisation", "organisations"),
    "people": ("person", "people"),
    "calls": ("call to action", "calls to action"),
    "actions": ("action", "actions"),
    "recommendations": ("recommendation", "recommendations"),
}
SHOWN_ID = 60  # characters of a record's id a banner shows
# the fields of a record, in words a reader of the report understands (no YAML keys)
FIELD_WORDS = {
    "name": "its name",
    "short_name": "its short name",
    "kind": "what kind of board it is",
    "statutory": "whether it is statutory",
    "statutory_basis": "what makes it statutory",
    "reports_to": "who it reports to",
    "status": "whether it is active",
    "established": "when it was set up",
    "ends": "when it ends",
    "meets": "how often it meets",
    "meetings": "its meetings",
    "moderngov_committee_id": "its committee number on the council's website",
    "work_programme": "its work programme",
    "terms_of_reference": "its terms of reference",
    "calls_to_action": "the calls to action it delivers",
    "actions": "its actions",
    "topics": "what it works on",
    "strategy": "the strategy it leads",
    "members": "its seats",
    "seat_holders": "who holds some of its seats",
    "updates": "its annual updates",
    "sources": "its sources",
    "sector": "its sector",
    "title": "its title",
    "number": "its number",
    "owner": "its owning board",
    "action_owners": "the owners of some of its actions",
    "sro": "its senior responsible officer",
    "vision": "its vision",
    "plan": "its plan",
    "principles": "its principles",
    "work_programme_due": "when work programmes are due",
    "annual_update_to": "which board receives annual updates",
    "co_chairing": "which boards are to be co-chaired",
    "report": "how this report is laid out",
}


def _shown(key: object) -> str:
    """A record's id as a banner shows it: on one line, control characters written
    out (``\\x1b``), cut short if long."""
    text = "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in " ".join(str(key).split())
    )
    return text if len(text) <= SHOWN_ID else text[: SHOWN_ID - 1] + "…"


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _could_not_read(fields: Sequence[str]) -> str:
    """What could not be read, in words: 'how often it meets, and who it reports to,
    could not be read'."""
    words = [FIELD_WORDS.get(f, f.replace("_", " ")) for f in fields]
    if len(words) == 1:
        return f"{words[0]} could not be read"
    return ", ".join(words[:-1]) + f", and {words[-1]}, could not be read"


def _record_name(kind: str, record: Any, key: object) -> str:
    """A record as a reader knows it: a board or an organisation by its name, a
    recommendation or a call to action by its number and title; its id only when
    it has none of these."""
    if kind == "recommendations":
        return _shown(f"Recommendation {record.number} ({record.title})")
    if kind == "calls":
        return _shown(f"Call to action {record.number} ({record.title})")
    if kind == "actions":
        return _shown(f"Action {record.number} ({record.title})")
    name = getattr(record, "name", None)
    return _shown(name) if name else f"the {RECORD_WORDS[kind][0]} {_shown(key)}"


def unread_reporting_lines(ds: Dataset) -> set[str]:
    """The boards whose reporting line the data's errors keep out: reports_to could
    not be read, or names a board that is not in the data (or could not be read)."""
    return {
        board_id
        for board_id, located in ds.boards.items()
        if "reports_to" in located.dropped or any(t not in ds.boards for t in located.record.reports_to)
    }


def _unread_references(ds: Dataset, kind: str, record: Any) -> set[str]:
    """The fields of a record that name a record not in the data (it does not exist,
    or could not be read): what they say could not be read either."""
    out = set()
    if kind == "boards":
        if any(
            (m.organisation and m.organisation not in ds.organisations)
            or (m.person and m.person not in ds.people)
            for m in record.members
        ):
            out.add("seat_holders")
        if any(n not in ds.calls for n in record.calls_to_action):
            out.add("calls_to_action")
        if any(a not in ds.actions for a in record.actions):
            out.add("actions")
    if kind == "recommendations":
        if record.owner and record.owner not in ds.boards:
            out.add("owner")
        if any(o not in ds.boards for a in record.actions for o in a.owners):
            out.add("action_owners")
    return out


def _natural(key: str) -> tuple[int, int, str]:
    """Numbers in order (2 before 10), then other ids."""
    return (0, len(key), key) if key.isdigit() else (1, 0, key)


def _people_records(n: int) -> str:
    return "one person's record" if n == 1 else f"the records of {n} people"


def left_out(ds: Dataset) -> list[str]:
    """The records the data's errors keep out of the report, or out of it in part, in
    words a reader of the report understands: no file names, no rule ids.

    People are counted, never named: who they are is not the report's to say.
    """
    out: list[str] = []
    if ds.partnership is None:
        out.append("the partnership's own record (its name, vision and plan)")
    for kind, (one, many) in RECORD_WORDS.items():
        index: dict[object, Any] = getattr(ds, kind)
        broken = ds.broken.get(kind, set())
        if "*" in broken:
            out.append(f"every {one} (the list of {many} could not be read)")
            continue
        present = {str(key) for key in index}
        gone = sorted((k for k in broken if k not in present and not k.endswith(".")), key=_natural)
        if kind == "people" and gone:
            out.append(_people_records(len(gone)))
        else:
            out.extend(f"the {one} {_shown(key)}" for key in gone)
        unread = unread_reporting_lines(ds) if kind == "boards" else set()
        partly = []
        for key, located in index.items():
            fields = set(located.dropped)
            if key in unread:
                fields.add("reports_to")
            fields |= _unread_references(ds, kind, located.record)
            if fields:
                partly.append((_record_name(kind, located.record, key), str(key), sorted(fields)))
        partly.sort(key=lambda item: (natural_key(item[0]), _natural(item[1])))
        if kind == "people" and partly:
            out.append("part of " + _people_records(len(partly)))
            continue
        out.extend(f"{name}: {_could_not_read(fields)}" for name, _, fields in partly)
    if ds.partnership is not None and ds.partnership.dropped:
        out.append(f"the partnership's own record: {_could_not_read(sorted(ds.partnership.dropped))}")
    return out


OVERLAP_LISTED = 5  # findings of each kind the report lists; the rest are counted


def _listed(findings: Sequence[Pair | Bridge], more: str) -> list[str]:
    """The first few findings' sentences, and how many more there are."""
    lines = [f.reason for f in findings[:OVERLAP_LISTED]]
    if len(findings) > OVERLAP_LISTED:
        lines.append(f"And {len(findings) - OVERLAP_LISTED} more {more}.")
    return lines


def _overlap_intro(overlap: OverlapResult | None, seats: int, on: dt.date) -> str:
    """The day the overlap section describes, and, where the data is silent, that it is."""
    if overlap is None:
        return "Overlap between boards was not looked at for this report."
    day = long_date(on)
    silent = f"No seats are recorded as held on {day}, so this report cannot say which boards share members"
    if overlap.duplicates:
        listed = f"oards that shared seats or work on {day}, the most overlapping first:"
        return f"{silent}. B{listed}" if not seats else f"B{listed}"
    if not seats:
        return f"{silent}, and no two boards shared enough of their work to be listed here."
    besides = ", other than boards where one reports to the other" if overlap.expected else ""
    return f"On {day}, no two boards shared enough seats or work to be listed here{besides}."


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
    seat_counts: list[tuple[str, int | str | None, int | None]] | None = None,
    history_notes: list[str] | None = None,
    data_read: str = "",
    seat_days: tuple[str, str] = ("", ""),
    as_of_notice: str = "",
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
    held = [m for b in live for m in b.members if m.current(as_of)]
    seats = len(held)
    # the organisations holding a seat that day (not every organisation the data lists)
    holders = {m.organisation for m in held if m.organisation}
    sectors = Counter(o.record.sector for o in ds.organisations.values() if o.record.id in holders)
    calls, coverage, gaps = _coverage(ds)
    tracker = _tracker(ds, as_of)
    rag_counts = Counter(row.rag for group in tracker for row in group.actions)
    svg, mermaid, text = _structure(ds, name)
    settings = p.report if p else None
    tree = _tree(_nodes(ds), {b: x.record.name for b, x in ds.boards.items()}, unread_reporting_lines(ds))
    escalated = "Raised for the partnership to resolve"
    if p and p.annual_update_to and p.annual_update_to in ds.boards:
        escalated = f"Brought to the {ds.boards[p.annual_update_to].record.name} to resolve"
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
        statutory_boards=sorted(
            ((b.name, b.statutory_basis or NO_STATUTORY_BASIS) for b in live if b.statutory),
            key=lambda nb: (natural_key(nb[0]), nb),
        ),
        seats=seats,
        organisations_total=len(holders),
        organisations_by_sector=[
            Count(SECTOR_LABELS[s], n) for s, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        structure_svg=svg,
        structure_mermaid=mermaid,
        structure_text=text,
        structure_unread=[board for board, where in text if where.endswith(UNREAD)],
        calls=calls,
        coverage=coverage,
        coverage_gaps=gaps,
        tracker=tracker,
        tracker_counts=[Count(label, rag_counts[key]) for key, (label, _) in RAG.items() if rag_counts[key]],
        ratings_note=RATINGS_NOTE,
        boards=_board_sections(ds, year, as_of),
        history_available=changes is not None,
        history_note=history_note,
        changes=changes or [],
        overlap_pairs=_listed(overlap.duplicates if overlap else [], "pairs of boards that overlap less"),
        overlap_bridges=_listed(overlap.bridges if overlap else [], "such seats"),
        overlap_candidates=[c.reason for c in (overlap.candidates if overlap else [])],
        errors=sum(1 for f in findings if f.severity.value == "error"),
        warnings=_quality(findings, internal, ds, as_of),
        error_lines=_located(findings, "error") if internal else [],
        contacts=contacts,
        left_out=left_out(ds),
        sections=_sections(settings, internal, year),
        organisation=settings.organisation if settings else None,
        colour=_colour(settings),
        foreword=_paragraphs(settings.foreword if settings else None),
        approved=(
            f"Approved by {settings.approved.by} on {long_date(settings.approved.on)}."
            if settings and settings.approved
            else None
        ),
        structure_tree=tree,
        structure_outline=_outline(tree),
        escalated_to=escalated,
        sources=_partnership_links(p),
        call_links=_source_links(
            [
                src
                for _, c in sorted(ds.calls.items())
                for src in (*c.record.sources, *_action_sources(c.record))
            ]
        ),
        organisation_links=_source_links(
            [
                src
                for o in sorted(
                    ds.organisations.values(), key=lambda o: (natural_key(o.record.name), o.record.id)
                )
                for src in o.record.sources
            ],
        ),
        people_links=_source_links(
            [
                src
                for person in sorted(
                    (x for x in ds.people.values() if x.record.id in {m.person for m in held}),
                    key=lambda x: (natural_key(x.record.name), x.record.id),
                )
                for src in person.record.sources
            ],
        ),
        overlap_expected=_listed(overlap.expected if overlap else [], "such pairs"),
        overlap_intro=_overlap_intro(overlap, seats, as_of),
        seat_counts=[SeatCount(*row) for row in seat_counts or []],
        history_notes=list(history_notes or []),
        data_read=data_read,
        seat_days=seat_days,
        as_of_notice=as_of_notice,
    )
