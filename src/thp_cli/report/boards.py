"""The thematic boards' pages of the annual report: chairs, seats, meetings, the
year's update, the work programme and links, each judged through
:mod:`thp_cli.duties` as the rules judge it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import duties
from ..dates import long_date, shift_year
from .diagram import natural_key
from .links import Link, link, source_links

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Board, Member, Partnership

# what a statutory board whose data names no law says where the law would be
NO_STATUTORY_BASIS = "the law that requires it is not recorded"


@dataclass(frozen=True)
class BoardSection:
    """A thematic board's page: chairs, the year's update, meetings, work programme, links and seats."""

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


def holder(ds: Dataset, m: Member) -> str:
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


def chairs_said(ds: Dataset, board: Board, on: dt.date) -> tuple[str, bool]:
    """The board's current chairs in words, and whether it is co-chaired (duties judges it)."""
    chairs = [m for _, m in duties.current_chairs(board, on)]
    if not chairs:
        return "No chair recorded", False
    text = "; ".join(
        f"{holder(ds, m)} ({'co-chair' if m.position == 'co-chair' else 'chair'}"
        f"{', elected member' if m.elected_member else ''})"
        for m in chairs
    )
    return text, duties.is_co_chaired(board, on)


def work_programme_said(
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


def chairing_note(p: Partnership | None, board: Board, on: dt.date) -> str | None:
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


def board_sections(ds: Dataset, year: int, on: dt.date) -> list[BoardSection]:
    """A page for each thematic board that is not closed, in natural order of name."""
    p = ds.partnership.record if ds.partnership else None
    judged = ds.partnership is None or ds.partnership.judged("terms_of_reference", "work_programme_due")
    out = []
    for located in sorted(ds.boards.values(), key=lambda x: (natural_key(x.record.name), x.record.id)):
        b = located.record
        if b.kind != "thematic-board" or b.status == "closed":
            continue
        chairs, co = chairs_said(ds, b, on)
        note = chairing_note(p, b, on)
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
                work_programme=work_programme_said(b, p, year, on, judged),
                strategy=b.strategy,
                links=_board_links(b, year, on),
                seats=_seats(ds, b, on),
                meetings_recorded=bool(in_year),
            )
        )
    return out


def _board_links(b: Board, year: int, on: dt.date) -> list[Link]:
    """Every link the board's record holds for the year: work programme, terms of
    reference, the year's agendas, minutes and their sources, and the sources of the
    board and of its current seats."""
    out = []
    if b.work_programme and b.work_programme.url:
        out.append(link("Work programme", b.work_programme.url))
    if b.terms_of_reference and b.terms_of_reference.url:
        out.append(link("Terms of reference", b.terms_of_reference.url))
    for m in sorted(b.meetings, key=lambda m: m.date):
        if m.date.year != year:
            continue
        if m.agenda:
            out.append(link(f"Agenda, {long_date(m.date)}", m.agenda))
        if m.minutes:
            out.append(link(f"Minutes, {long_date(m.date)}", m.minutes))
        out += source_links(m.sources, "Source: ")
    seats = [src for seat in b.members if seat.current(on) for src in seat.sources]
    out += source_links([*b.sources, *seats], "Source: ")
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
        text = holder(ds, m)
        if m.position != "member":
            text += f" ({m.position.replace('-', ' ')})"
        titles = list(dict.fromkeys(src.title for src in m.sources))
        if b.statutory and b.statutory_basis and titles and all(t in b.statutory_basis for t in titles):
            text += f": a statutory seat, set by the {' and the '.join(titles)}, not by a partnership paper"
        out.append(text)
    return out
