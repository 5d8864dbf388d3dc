"""The shape of the partnership: reporting lines, statutory status, dates, links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..findings import Severity
from .base import DATA_FORMAT, Context, Problem, of_boards, problem, rule
from .notes import Table

if TYPE_CHECKING:
    from ..dataset.records import Located, Where

E = Severity.ERROR
W = Severity.WARNING


@rule("reports-to-self", E, "A board reports to itself", DATA_FORMAT, local=True)
def reports_to_self(ctx: Context) -> Iterable[Problem]:
    """A board's reports_to names the boards above it, never the board itself."""
    for board_id, board in ctx.dataset.boards.items():
        for i, target in enumerate(board.record.reports_to):
            if target == board_id:
                yield problem(
                    board.where,
                    f"{board_id} reports to itself; name the board above it instead",
                    "reports_to",
                    i,
                )


class _CycleReads:
    """reporting-cycle finds just the same after an edit that keeps a board's id, name and
    reporting lines; or that changes its reporting lines, in a partnership whose lines went
    round in no circle (it notes them all then), when none of the lines it now has leads back
    to it (a circle made by the edit would go through the board edited)."""

    def edit(self, note: object, ctx: Context, old: Located[Any], new: Located[Any]) -> tuple[bool, object]:
        from ..model import Board

        if not isinstance(new.record, Board):
            return True, note
        o, n = old.record, new.record
        if (o.id, o.name, tuple(o.reports_to)) == (n.id, n.name, tuple(n.reports_to)):
            return True, note
        if (
            not isinstance(note, Table)
            or (o.id, o.name) != (n.id, n.name)
            or _leads_to(note, n.reports_to, n.id)
        ):
            return False, note
        return True, note.changed({n.id: tuple(n.reports_to)})


def _leads_to(lines: Table, start: Iterable[str], goal: str) -> bool:
    """Whether following reporting ``lines`` (each board's, by its id) from the boards ``start``
    names reaches ``goal``; a board's line to itself, or to no board, is not followed."""
    todo = [b for b in start if b != goal]
    seen = set(todo)
    while todo:
        at = todo.pop()
        above = lines.get(at)
        if not isinstance(above, tuple):
            continue  # no board
        for nxt in above:
            if nxt == goal:
                return True
            if nxt != at and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


@rule("reporting-cycle", E, "Reporting lines go round in a circle", DATA_FORMAT, reads=_CycleReads())
def reporting_cycle(ctx: Context) -> Iterable[Problem]:
    """Following reports_to upwards from any board must reach the top board.
    A circle (A reports to B, B reports to A) means neither has anyone above
    it. Each circle is reported once, at the board with the first id in it.
    """
    boards = ctx.dataset.boards
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    cycles: list[list[str]] = []
    for start in sorted(boards):
        if start in state:
            continue
        # iterative depth-first search: no recursion, whatever the depth
        path: list[str] = [start]
        stack: list[Iterator[str]] = [iter(boards[start].record.reports_to)]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if nxt not in boards or nxt == path[-1]:
                continue  # unknown-reference and reports-to-self say those
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :])
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(boards[nxt].record.reports_to))
    if not cycles:
        ctx.note("reporting-cycle", lambda: Table.of({b: tuple(boards[b].record.reports_to) for b in boards}))
    seen: set[frozenset[str]] = set()
    for cycle in cycles:
        if frozenset(cycle) in seen:
            continue
        seen.add(frozenset(cycle))
        first = min(cycle)
        at = cycle.index(first)
        ordered = cycle[at:] + cycle[:at]
        # the boards by their names: a sentence meant for people (the finding gives the file)
        chain = ", which reports to ".join(boards[b].record.name for b in ordered)
        board = boards[first]
        target = ordered[1] if len(ordered) > 1 else first
        yield problem(
            board.where,
            f"reporting lines go round in a circle: {chain}, which reports back to "
            f"{board.record.name}; every line must end at the top board",
            "reports_to",
            board.record.reports_to.index(target),
        )


@rule(
    "top-board",
    E,
    "Only the top board has no reports_to",
    DATA_FORMAT,
    reads=of_boards(lambda ctx, b: (b.id, b.name, bool(b.reports_to), b.kind, b.status)),
)
def top_board(ctx: Context) -> Iterable[Problem]:
    """Every board reports to at least one other, except the one at the top
    (the board of kind partnership-board). A board with no reports_to is cut
    off from the partnership's reporting lines. A congress (an open gathering
    of residents and partners) may have none: papers often give it no
    reporting line, and the report then says that none is recorded.
    """
    boards = ctx.dataset.boards
    tops = sorted(
        b
        for b, board in boards.items()
        if not board.record.reports_to and board.judged("reports_to") and board.record.kind != "congress"
    )
    # the top board: a partnership board if there is one, and one still open before a closed one
    allowed = sorted(
        tops,
        key=lambda b: (boards[b].record.kind != "partnership-board", boards[b].record.status == "closed"),
    )[:1]
    for board_id in tops:
        if board_id in allowed:
            continue
        top = boards[allowed[0]].record
        suggestion = f"; add reports_to: [{top.id}] to report to {top.name}, or name the board it answers to"
        yield problem(
            boards[board_id].where,
            f"{boards[board_id].record.name} has no reports_to, but only the top board may have none"
            f"{suggestion}",
            "id",
        )


@rule("statutory-basis", E, "A statutory board does not name its statute", DATA_FORMAT, local=True)
def statutory_basis(ctx: Context) -> Iterable[Problem]:
    """A board marked statutory: true names the law that requires it in
    statutory_basis (for example the Crime and Disorder Act 1998 for a
    Community Safety Partnership).
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.statutory and not (b.statutory_basis or "").strip() and board.judged("statutory_basis"):
            yield problem(
                board.where,
                f"{b.name} is statutory but does not say under which law; add statutory_basis",
                "statutory",
            )


@rule("task-and-finish-end", E, "A task-and-finish group has no end", DATA_FORMAT, local=True)
def task_and_finish_end(ctx: Context) -> Iterable[Problem]:
    """A task-and-finish group exists for a defined time, so it says when
    it ends: ends: YYYY-MM.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.kind == "task-and-finish" and b.ends is None and board.judged("ends"):
            yield problem(
                board.where,
                f"{b.name} is a task-and-finish group but has no end; add ends: YYYY-MM",
                "kind",
            )


def _order(
    where: Where,
    earlier: dt.date | None,
    later: dt.date | None,
    first: str,
    second: str,
    *path: object,
) -> Iterator[Problem]:
    if earlier is not None and later is not None and later < earlier:
        yield problem(
            where,
            f"{second} ({later.isoformat()}) is before {first} ({earlier.isoformat()})",
            *path,
            second,
        )


@rule("date-order", E, "An end comes before its start", DATA_FORMAT, local=True)
def date_order(ctx: Context) -> Iterable[Problem]:
    """A seat's until is not before its since; a board does not end before it
    was established; a recommendation's action is not due before it starts.
    """
    ds = ctx.dataset
    for board in ds.boards.values():
        b = board.record
        yield from _order(board.where, b.established, b.ends, "established", "ends")
        members = b.members
        # the seats whose until is before their since, found at once (most boards have none)
        for i in [
            i
            for i, m in enumerate(members)
            if m.until is not None and m.since is not None and m.until < m.since
        ]:
            yield from _order(board.where, members[i].since, members[i].until, "since", "until", "members", i)
    for rec in ds.recommendations.values():
        for i, action in enumerate(rec.record.actions):
            yield from _order(rec.where, action.start, action.due, "start", "due", "actions", i)


@rule("update-ahead", W, "An update is for a year, or a day, still to come", DATA_FORMAT, local=True)
def update_ahead(ctx: Context) -> Iterable[Problem]:
    """A board's yearly update is for a year that has begun, and an action's
    progress is recorded once it is made: an update for a later year than the
    day judged, or an action's update dated after it, is most often a typo
    (2052 for 2025). Left as it is, it counts as the board's latest update, so
    an update owed is no longer reported, and every real update of the action
    dated before it is refused as out of order.
    """
    on = ctx.as_of
    for board in ctx.dataset.boards.values():
        if not board.judged("updates"):
            continue
        for i, update in enumerate(board.record.updates):
            if update.year > on.year:
                yield problem(
                    board.where,
                    f"the update for {update.year} is for a year still to come (it is {on.isoformat()}); "
                    "is the year a typo?",
                    "updates",
                    i,
                    "year",
                )
    for rec in ctx.dataset.recommendations.values():
        if not rec.judged("actions"):
            continue
        for i, action in enumerate(rec.record.actions):
            for j, entry in enumerate(action.updates):
                if entry.date > on:
                    yield problem(
                        rec.where,
                        f"action {action.number}'s update of {entry.date.isoformat()} is dated after "
                        f"{on.isoformat()}, the day judged; is the date a typo?",
                        "actions",
                        i,
                        "updates",
                        j,
                        "date",
                    )


_EARLIEST = dt.date.min
_LATEST = dt.date.max


def _overlapping(members: list[Any], indexes: list[int]) -> Iterator[tuple[int, int]]:
    """Pairs (first, second) in file order of seats among ``indexes`` whose terms share a day.

    Terms are swept in order of their start (an open start first) with the
    latest end seen so far, so a board of many seats costs n log n, not n².
    """
    order = sorted(indexes, key=lambda i: (members[i].since or _EARLIEST, i))
    latest: int | None = None  # the seat seen so far whose term ends last
    for i in order:
        since = members[i].since or _EARLIEST
        if latest is not None and (members[latest].until or _LATEST) >= since:
            yield min(latest, i), max(latest, i)
        if latest is None or (members[i].until or _LATEST) > (members[latest].until or _LATEST):
            latest = i


@rule("duplicate-seat", E, "The same seat is listed twice on a board", DATA_FORMAT, local=True)
def duplicate_seat(ctx: Context) -> Iterable[Problem]:
    """A seat (the same organisation, role and person) is listed once on a
    board. Listed twice, it is counted twice: in the board's size, in the
    overlap between boards and in the reports. The second listing is
    reported. The same person holding the same seat again later is not a
    duplicate: give each term its since and until dates.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if len({(m.organisation, m.role, m.person) for m in b.members}) == len(b.members):
            continue  # every seat listed once
        groups: dict[tuple[str | None, str, str | None], list[int]] = {}
        for i, member in enumerate(b.members):
            groups.setdefault((member.organisation, member.role, member.person), []).append(i)
        pairs: dict[int, int] = {}  # second listing -> first
        for indexes in groups.values():
            if len(indexes) > 1:
                for first, second in _overlapping(b.members, indexes):
                    pairs.setdefault(second, first)
        for second, first in sorted(pairs.items()):
            member = b.members[second]
            line, _ = board.where.position("members", first)
            held = f", held by {member.person}" if member.person else ""
            of = f" of {member.organisation}" if member.organisation else ""
            yield problem(
                board.where,
                f"the seat '{member.role}'{of}{held} is already listed on {b.name} (line {line}); "
                "remove one, or if the seat was held twice give each term its since and until",
                "members",
                second,
            )


@rule("duplicate-meeting", E, "A board has two meetings on one date", DATA_FORMAT, local=True)
def duplicate_meeting(ctx: Context) -> Iterable[Problem]:
    """A board has one meeting a day: a meeting is named by its board and its
    date, as thp meeting set and remove and the workbook's Meetings sheet name
    it. Two listed on one date cannot be told apart, so thp cannot change or
    remove either of them, and both are counted. The second is reported: remove
    one (a meeting moved to another day is one meeting, with the new date).
    """
    for board in ctx.dataset.boards.values():
        meetings = board.record.meetings
        if len({meeting.date for meeting in meetings}) == len(meetings):
            continue  # a meeting a day
        first: dict[dt.date, int] = {}
        for i, meeting in enumerate(meetings):
            if meeting.date not in first:
                first[meeting.date] = i
                continue
            line, _ = board.where.position("meetings", first[meeting.date])
            yield problem(
                board.where,
                f"{board.record.name} already has a meeting on {meeting.date.isoformat()} (line {line}); "
                "a board has one meeting a day: remove one, or give it the date it was moved to",
                "meetings",
                i,
                "date",
            )


@rule("closed-board-seats", E, "A closed board still has current seats", DATA_FORMAT, local=True)
def closed_board_seats(ctx: Context) -> Iterable[Problem]:
    """A board with status: closed has no current seats: give each seat an
    until date, or reopen the board.
    """
    for board in ctx.dataset.boards.values():
        b = board.record
        if b.status != "closed":
            continue
        for i, member in enumerate(b.members):
            if member.current(ctx.as_of):
                yield problem(
                    board.where,
                    f"{b.name} is closed but the seat '{member.role}' is still current; "
                    "give it an until date",
                    "members",
                    i,
                )


def _sources(where: Any, path: tuple[object, ...], sources: list[Any]) -> Iterator[Link]:
    for i, source in enumerate(sources):
        if source.url is not None:
            yield where, (*path, "sources", i, "url"), source.url


Link = tuple[Any, tuple[object, ...], str]
CONTACT_PAGE = ("website", "accessibility_contact")  # a web page: an email address is not enough


def _links(ctx: Context) -> Iterator[Link]:
    """Every link in the data, with where it is: sources, meetings, work programmes, terms."""
    ds = ctx.dataset
    if ds.partnership:
        yield from _sources(ds.partnership.where, (), ds.partnership.record.sources)
        website = ds.partnership.record.website
        if website is not None and website.accessibility_contact is not None:
            yield ds.partnership.where, CONTACT_PAGE, website.accessibility_contact
    for table in (ds.calls, ds.organisations, ds.people, ds.recommendations):
        for item in table.values():
            yield from _sources(item.where, (), item.record.sources)
    for call in ds.calls.values():
        for i, action in enumerate(call.record.actions):
            yield from _sources(call.where, ("actions", i), action.sources)
    for rec in ds.recommendations.values():
        for i, rec_action in enumerate(rec.record.actions):
            yield from _sources(rec.where, ("actions", i), rec_action.sources)
    for board in ds.boards.values():
        b, where = board.record, board.where
        yield from _sources(where, (), b.sources)
        for i, meeting in enumerate(b.meetings):
            if meeting.sources:
                yield from _sources(where, ("meetings", i), meeting.sources)
            if meeting.agenda is not None:
                yield where, ("meetings", i, "agenda"), meeting.agenda
            if meeting.minutes is not None:
                yield where, ("meetings", i, "minutes"), meeting.minutes
        for name in ("work_programme", "terms_of_reference"):
            part = getattr(b, name)
            if part is not None and part.url is not None:
                yield where, (name, "url"), part.url
        # most seats cite no source: only those that do are looked at again
        for i in [i for i, member in enumerate(b.members) if member.sources]:
            yield from _sources(where, ("members", i), b.members[i].sources)


@rule("link-scheme", E, "A link is not https: or mailto:", DATA_FORMAT, local=True)
def link_scheme(ctx: Context) -> Iterable[Problem]:
    """Links in published reports must be safe to follow: https: for web
    pages and mailto: for e-mail. http: links are open to tampering, and
    other schemes (javascript:, file:) are never right in a public report.
    The website's accessibility contact is a contact page (https:), never an email address.
    """
    for where, path, url in _links(ctx):
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme == "https" and parts.netloc:
            continue
        if scheme == "mailto" and parts.path and path != CONTACT_PAGE:
            continue
        if path == CONTACT_PAGE and scheme == "mailto":
            yield problem(
                where,
                f"'{url}' is an email address; the accessibility contact is the https: address of "
                "the partnership's or the council's contact page, published on its website",
                *path,
            )
            continue
        if scheme == "http":
            hint = f"; use https://{url.strip()[7:]}"
        elif not scheme and "@" in url and "/" not in url and " " not in url.strip() and path != CONTACT_PAGE:
            hint = f"; write mailto:{url.strip()}"  # an e-mail address
        elif not scheme:
            hint = f"; write the whole address, https://{url.strip()}" if "." in url else ""
        else:
            hint = ""
        yield problem(
            where,
            f"'{url}' is not an https: or mailto: link{hint}",
            *path,
        )
