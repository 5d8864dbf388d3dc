"""A board's page: what it is and is for, who chairs it and sits on it, its meetings and
papers, its work programme judged by the duty ``thp validate`` judges, where it sits in the
structure, the plan it delivers, its indicators, its membership changes and its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import duties
from ..dates import long_date
from ..report.boards import NO_STATUTORY_BASIS, chairing_note, chairs_said, work_programme_said
from ..report.content import KIND_LABELS
from ..report.links import Link, link
from .links import board_page, organisation_page, to

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model import Board, Citation, Member
    from .context import Site
    from .links import PageLink

POSITIONS = {
    "chair": "Chair",
    "co-chair": "Co-chair",
    "vice-chair": "Vice-chair",
    "member": "Member",
    "adviser": "Adviser",
    "secretariat": "Secretariat",
}
MEETING_STATUS = {"held": "Held", "planned": "Planned", "cancelled": "Cancelled"}
MEETS = {
    "monthly": "Monthly",
    "bi-monthly": "Every two months",
    "quarterly": "Quarterly",
    "twice-yearly": "Twice a year",
    "annually": "Once a year",
    "as-needed": "As needed",
}


class SeatRow(NamedTuple):
    """A current seat: its role, organisation (a link to its page), holder, position and dates.
    A tuple, as each row of a page is, so the template takes its fields apart in one step."""

    role: str
    organisation: PageLink | None
    holder: str  # the person's name where the data names one, else ""
    position: str
    since: str
    until: str
    contact: str = ""  # the holder's contact details: the internal edition only


class MeetingRow(NamedTuple):
    """A meeting: its day, time, venue, status and papers."""

    date: str
    time: str
    venue: str
    status: str
    agenda: Link | None
    minutes: Link | None


@dataclass
class BoardPage:
    """Everything a board's page shows."""

    id: str
    name: str
    facts: list[tuple[str, str]]  # (what, value) in words
    purpose: list[str]
    chairs: str
    seats: list[SeatRow]
    meetings: list[MeetingRow]
    work_programme: str
    work_programme_link: Link | None
    work_programme_recorded: bool  # a work programme is recorded (with or without a link)
    terms: Link | None
    terms_reviewed: str
    reports_to: list[PageLink]
    reported_by: list[PageLink]
    reports_to_unread: bool  # the data's errors keep a reporting line out
    unread: list[str]  # the fields of the board's record its errors keep out
    calls: list[str]
    actions: list[str]
    indicators: list[Any]
    changes: list[str]
    changes_note: str
    history: bool  # whether the data's history could be read
    sources: list[Link] = field(default_factory=list)


def contact_words(site: Site, member: Member) -> str:
    """The seat holder's contact details in words, for the internal edition; else ''."""
    person = site.ds.people.get(member.person) if site.internal and member.person else None
    contact = person.record.contact if person else None
    if contact is None:
        return ""
    return "; ".join(x for x in (contact.email, contact.phone, contact.address) if x)


def seat_rows(site: Site, path: str, board: Board) -> list[SeatRow]:
    """The board's seats held on the site's day, as the board's file lists them."""
    rows = []
    for m in board.members:
        if not m.current(site.on):
            continue
        org = site.ds.organisations.get(m.organisation) if m.organisation else None
        person = site.ds.people.get(m.person) if m.person else None
        rows.append(
            SeatRow(
                role=m.role,
                organisation=to(path, organisation_page(org.record.id), org.record.name) if org else None,
                holder=person.record.name if person else "",
                position=POSITIONS[m.position] + (", elected member" if m.elected_member else ""),
                since=long_date(m.since) if m.since else "",
                until=long_date(m.until) if m.until else "",
                contact=contact_words(site, m),
            )
        )
    return rows


def meeting_rows(board: Board) -> list[MeetingRow]:
    """Every meeting the data records, the latest first."""
    return [
        MeetingRow(
            date=long_date(m.date),
            time=m.time or "",
            venue=m.venue or "",
            status=MEETING_STATUS[m.status],
            agenda=link(f"Agenda, {long_date(m.date)}", m.agenda) if m.agenda else None,
            minutes=link(f"Minutes, {long_date(m.date)}", m.minutes) if m.minutes else None,
        )
        for m in sorted(board.meetings, key=lambda m: m.date, reverse=True)
    ]


def work_programme_words(site: Site, board: Board) -> str:
    """The board's work programme judged as ``thp validate``'s work-programme rule judges it:
    against the last due date passed (or this year's), for the kinds of board the duty asks."""
    p = site.p
    located = site.ds.partnership
    judged = located is None or located.judged("terms_of_reference", "work_programme_due")
    if board.kind not in duties.WORK_PROGRAMME_KINDS:
        published = duties.board_published(board)
        said = f"Published {long_date(published)}" if published else "No work programme recorded"
        if p is not None and p.work_programme_due:
            kind = KIND_LABELS[board.kind].lower()
            said += f" (the partnership asks it of executive groups and thematic boards, not of a {kind})"
        return said
    last = duties.last_work_programme_due(p, site.on, board)
    year = last.year if last is not None else site.on.year
    return work_programme_said(board, p, year, site.on, judged)


def _facts(site: Site, board: Board) -> list[tuple[str, str]]:
    facts = [("Kind", KIND_LABELS[board.kind]), ("Status", board.status.capitalize())]
    if board.short_name:
        facts.append(("Short name", board.short_name))
    if board.statutory:
        facts.append(("Statutory", board.statutory_basis or NO_STATUTORY_BASIS))
    if board.strategy:
        facts.append(("Leads", board.strategy))
    if board.established:
        facts.append(("Set up", long_date(board.established)))
    if board.ends:
        facts.append(("Ends", long_date(board.ends)))
    facts.append(("Meets", MEETS[board.meets] if board.meets else "Not recorded"))
    note = chairing_note(site.p, board, site.on)
    if note:
        facts.append(("Chairing", note[:1].upper() + note[1:]))
    return facts


def _calls(site: Site, board: Board) -> tuple[list[str], list[str]]:
    calls = [
        f"{n}. {site.ds.calls[n].record.title}" if n in site.ds.calls else f"{n}. (not in the plan's data)"
        for n in sorted(duties.calls_delivered(board))
    ]
    actions = [
        f"{a}: {site.ds.actions[a].record.title}" if a in site.ds.actions else a
        for a in sorted(board.actions, key=lambda a: tuple(int(x) for x in a.split(".")))
    ]
    return calls, actions


def _sources(site: Site, board: Board) -> list[Link]:
    """The sources of the board, of its current seats and of its meetings, once each."""
    seats = [src for m in board.members if m.current(site.on) for src in m.sources]
    meetings = [src for m in sorted(board.meetings, key=lambda m: m.date) for src in m.sources]
    return cited([*board.sources, *seats, *meetings])


def cited(sources: Sequence[Citation]) -> list[Link]:
    """Every source, once, in the data's order: its title (and page), linked where its
    address is safe to follow; a source with no address is named all the same."""
    out: dict[Link, None] = {}
    for src in sources:
        words = src.title + (f", page {src.page}" if src.page not in (None, "") else "")
        out.setdefault(link(words, src.url) if src.url else Link(words, None))
    return list(out)


def board_context(site: Site, board: Board) -> dict[str, Any]:
    """The context of ``board``'s page."""
    path = board_page(board.id)
    chairs, _ = chairs_said(site.ds, board, site.on)
    calls, actions = _calls(site, board)
    wp = board.work_programme
    terms = board.terms_of_reference
    ups = [to(path, board_page(b), site.board_name(b)) for b in board.reports_to if b in site.ds.boards]
    downs = [to(path, board_page(b), site.board_name(b)) for b in site.reported_by.get(board.id, [])]
    page = BoardPage(
        id=board.id,
        name=board.name,
        facts=_facts(site, board),
        purpose=list(board.purpose),
        chairs=chairs,
        seats=seat_rows(site, path, board),
        meetings=meeting_rows(board),
        work_programme=work_programme_words(site, board),
        work_programme_link=link("The work programme", wp.url) if wp and wp.url else None,
        work_programme_recorded=wp is not None,
        terms=link("Terms of reference", terms.url) if terms and terms.url else None,
        terms_reviewed=long_date(terms.reviewed) if terms and terms.reviewed else "",
        reports_to=ups,
        reported_by=downs,
        reports_to_unread=board.id in site.unread_lines,
        unread=sorted(site.ds.boards[board.id].dropped) if board.id in site.ds.boards else [],
        calls=calls,
        actions=actions,
        indicators=site.indicators.get(board.id, []),
        changes=site.changes.get(board.id, []),
        changes_note=site.history.board_note(),
        history=site.history.available,
        sources=_sources(site, board),
    )
    return site.page(path, board.name, b=page)
