"""What the annual report says, as plain values: no formatting, no markup.

The templates (templates/annual.md.j2 and annual.html.j2) only lay these
values out. :func:`build` gathers the sections: the tracker and the plan's
coverage (:mod:`.tracker`), the boards' pages (:mod:`.boards`), the structure
(:mod:`.structure`), what the errors leave out (:mod:`.left_out`), and here
the glance, overlap and data quality. Every judgement (what is overdue, which
board covers which call to action, whether a work programme was on time) is
made once, in :mod:`thp_cli.duties` where a rule makes it too, and is the
same in both formats.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .. import duties
from ..dates import long_date
from ..text import plural
from .attendance import Attendance, attendance, basis_sentence
from .boards import NO_STATUTORY_BASIS, BoardSection, board_sections
from .diagram import natural_key
from .left_out import left_out
from .links import Link, call_links, organisation_links, partnership_links, people_links
from .performance import Performance, performance
from .structure import (
    UNREAD,
    Drawing,
    TreeItem,
    board_nodes,
    structure_drawing,
    structure_outline,
    structure_tree,
    unread_reporting_lines,
)
from .tracker import RAG, RATINGS_NOTE, CoverageRow, TrackerGroup, plan_coverage, tracker_groups

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..findings import Finding
    from ..model import Board, Partnership, ReportSettings
    from ..overlap.result import Bridge, OverlapResult, Pair

DEFAULT_COLOUR = "#1d70b8"
_Key = TypeVar("_Key", bound=str)
# the sections of the report, in their default order, and their headings
SECTION_TITLES = {
    "glance": "The partnership at a glance",
    "structure": "How the partnership is organised",
    "coverage": "Delivering the plan: calls to action",
    "performance": "Performance against the plan",
    "recommendations": "Recommendations and their actions",
    "boards": "The thematic boards",
    "changes": "Changes to membership in {year}",
    "attendance": "Attendance at meetings in {year}",
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


@dataclass(frozen=True)
class Count:
    """A label and how many records it counts."""

    label: str
    count: int


@dataclass(frozen=True)
class Section:
    """A section of the report: its id (as the report: block names it) and its heading."""

    id: str
    title: str


@dataclass(frozen=True)
class SeatCount:
    """A board's seats at the start and the end of the year; None: the board was not there."""

    board: str
    start: int | str | None  # words where the count is not known
    end: int | None


@dataclass(frozen=True)
class Contact:
    """A person's contact details, for the internal edition only."""

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
    structure_drawing: Drawing  # the pictures, drawn when a template first shows one
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
    performance: Performance = field(default_factory=lambda: Performance(""))  # the plan's indicators
    attendance: Attendance = field(default_factory=Attendance)  # each board's meetings, as attended
    overlap_basis: str = ""  # whether the overlap section compared boards by attendance or by seats

    @property
    def structure_svg(self) -> str:
        """The structure as an SVG picture (the HTML report's)."""
        return self.structure_drawing.svg

    @property
    def structure_mermaid(self) -> str:
        """The structure as a Mermaid flowchart (the Markdown report's)."""
        return self.structure_drawing.mermaid


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
    from ..rules.catalogue import get

    if internal:
        return _located(findings, "warning")
    warnings = sorted(f for f in findings if f.severity.value == "warning")
    boards = {located.where.file: located.record for located in ds.boards.values()}
    kinds = Counter(
        _says(f, r.title if (r := get(f.rule)) else "Other warnings", boards, on) for f in warnings
    )
    return [f"{title}: {plural(n, 'case')}" for title, n in sorted(kinds.items())]


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def _colour(settings: ReportSettings | None) -> str:
    """The report: colour, or a darker shade of it when white text on it would fail
    WCAG 2.2 AA (the report-colour-contrast rule says so)."""
    from ..rules.report import darkened

    return darkened(settings.colour) if settings and settings.colour else DEFAULT_COLOUR


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
    if overlap.basis is not None:
        if overlap.duplicates:
            return (
                "Boards that had the same seats at their meetings, or share work, the most overlapping first:"
            )
        besides = ", other than boards where one reports to the other" if overlap.expected else ""
        return (
            "No two boards had enough of the same seats at their meetings, or shared enough work, "
            f"to be listed here{besides}."
        )
    silent = f"No seats are recorded as held on {day}, so this report cannot say which boards share members"
    if overlap.duplicates:
        listed = f"oards that shared seats or work on {day}, the most overlapping first:"
        return f"{silent}. B{listed}" if not seats else f"B{listed}"
    if not seats:
        return f"{silent}, and no two boards shared enough of their work to be listed here."
    besides = ", other than boards where one reports to the other" if overlap.expected else ""
    return f"On {day}, no two boards shared enough seats or work to be listed here{besides}."


def plan_words(p: Partnership | None) -> str | None:
    """The partnership's plan in words: its title, and its period where the data gives both ends."""
    if not (p and p.plan):
        return None
    period = ""
    if p.plan.start and p.plan.end:
        period = f", {long_date(p.plan.start)} to {long_date(p.plan.end)}"
    return f"{p.plan.title}{period}"


def _counts(counter: Counter[_Key], labels: dict[str, str]) -> list[Count]:
    """Each kind counted, labelled, the most common first (then in order of key)."""
    return [Count(labels[k], n) for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _statutory(live: list[Board]) -> list[tuple[str, str]]:
    """The statutory boards that are not closed, each with the law that makes it so, by name."""
    return sorted(
        ((b.name, b.statutory_basis or NO_STATUTORY_BASIS) for b in live if b.statutory),
        key=lambda nb: (natural_key(nb[0]), nb),
    )


def _approved(settings: ReportSettings | None) -> str | None:
    """Who approved the report and when, as the report: block records it."""
    if settings and settings.approved:
        return f"Approved by {settings.approved.by} on {long_date(settings.approved.on)}."
    return None


def _escalated_to(ds: Dataset, p: Partnership | None) -> str:
    """Who resolves what a board escalates: the board that receives annual updates, if the data names it."""
    if p and p.annual_update_to and p.annual_update_to in ds.boards:
        return f"Brought to the {ds.boards[p.annual_update_to].record.name} to resolve"
    return "Raised for the partnership to resolve"


def _contacts(ds: Dataset) -> list[Contact]:
    """The people's contact details, by name: for the internal edition only."""
    contacts: list[Contact] = []
    for person in sorted(ds.people.values(), key=lambda x: x.record.name):
        contact = person.record.contact
        if contact:
            contacts.append(Contact(person.record.name, contact.email or "", contact.phone or ""))
    return contacts


def structure_fields(ds: Dataset, name: str) -> dict[str, Any]:
    """The structure section's fields: picture (SVG and Mermaid), sentences and nested list."""
    fields = _structure(ds, name)
    drawing = fields.pop("structure_drawing")
    return {"structure_svg": drawing.svg, "structure_mermaid": drawing.mermaid, **fields}


def _structure(ds: Dataset, name: str) -> dict[str, Any]:
    """The structure section's fields of :class:`AnnualReport`: the pictures (drawn when
    first shown), the sentences and the nested list."""
    nodes = board_nodes(ds)
    unread = unread_reporting_lines(ds)
    drawing, text = structure_drawing(ds, name, nodes, unread)
    names = {b: x.record.name for b, x in ds.boards.items()}
    tree = structure_tree(nodes, names, unread)
    return {
        "structure_drawing": drawing,
        "structure_text": text,
        "structure_unread": [board for board, where in text if where.endswith(UNREAD)],
        "structure_tree": tree,
        "structure_outline": structure_outline(tree),
    }


def _boards(ds: Dataset, year: int, on: dt.date) -> dict[str, Any]:
    """The boards' sections of :class:`AnnualReport`: the thematic boards' pages, and attendance."""
    return {"boards": board_sections(ds, year, on), "attendance": attendance(ds, year, on)}


def _overlap(
    ds: Dataset, overlap: OverlapResult | None, seats: int, year: int, on: dt.date
) -> dict[str, Any]:
    """The overlap section's fields of :class:`AnnualReport`."""
    return {
        "overlap_basis": basis_sentence(ds, overlap, year, on),
        "overlap_pairs": _listed(overlap.duplicates if overlap else [], "pairs of boards that overlap less"),
        "overlap_bridges": _listed(overlap.bridges if overlap else [], "such seats"),
        "overlap_candidates": [c.reason for c in (overlap.candidates if overlap else [])],
        "overlap_expected": _listed(overlap.expected if overlap else [], "such pairs"),
        "overlap_intro": _overlap_intro(overlap, seats, on),
    }


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
    boards = [b.record for b in ds.boards.values()]
    live = [b for b in boards if b.status != "closed"]
    held = [m for b in live for m in b.members if m.current(as_of)]
    # the organisations holding a seat that day (not every organisation the data lists)
    holders = {m.organisation for m in held if m.organisation}
    sectors = Counter(o.record.sector for o in ds.organisations.values() if o.record.id in holders)
    calls, coverage, gaps = plan_coverage(ds)
    tracker = tracker_groups(ds, as_of)
    rag_counts = Counter(row.rag for group in tracker for row in group.actions)
    settings = p.report if p else None
    return AnnualReport(
        title=f"{name}: annual report {year}",
        partnership=name,
        year=year,
        as_of=long_date(as_of),
        internal=internal,
        vision=p.vision if p else None,
        plan=plan_words(p),
        boards_total=len(boards),
        boards_by_kind=_counts(Counter(b.kind for b in boards), KIND_LABELS),
        boards_by_status=[
            Count(s.capitalize(), n) for s, n in sorted(Counter(b.status for b in boards).items())
        ],
        statutory_boards=_statutory(live),
        seats=len(held),
        organisations_total=len(holders),
        organisations_by_sector=_counts(sectors, SECTOR_LABELS),
        calls=calls,
        coverage=coverage,
        coverage_gaps=gaps,
        tracker=tracker,
        tracker_counts=[Count(label, rag_counts[key]) for key, (label, _) in RAG.items() if rag_counts[key]],
        ratings_note=RATINGS_NOTE,
        **_boards(ds, year, as_of),
        history_available=changes is not None,
        history_note=history_note,
        changes=changes or [],
        errors=sum(1 for f in findings if f.severity.value == "error"),
        warnings=_quality(findings, internal, ds, as_of),
        error_lines=_located(findings, "error") if internal else [],
        contacts=_contacts(ds) if internal else [],
        left_out=left_out(ds),
        sections=_sections(settings, internal, year),
        organisation=settings.organisation if settings else None,
        colour=_colour(settings),
        foreword=_paragraphs(settings.foreword if settings else None),
        approved=_approved(settings),
        escalated_to=_escalated_to(ds, p),
        sources=partnership_links(p),
        call_links=call_links(ds),
        organisation_links=organisation_links(ds),
        people_links=people_links(ds, held),
        performance=performance(ds, as_of),
        seat_counts=[SeatCount(*row) for row in seat_counts or []],
        history_notes=list(history_notes or []),
        data_read=data_read,
        seat_days=seat_days,
        as_of_notice=as_of_notice,
        **_structure(ds, name),
        **_overlap(ds, overlap, len(held), year, as_of),
    )
