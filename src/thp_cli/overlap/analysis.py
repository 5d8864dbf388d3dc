"""Duplication and overlap between boards, and groups that may no longer be needed.

What is compared, for every pair of boards that share anything:

* seats: the seats current on the as-of day (a seat is its person, else its
  organisation and role), as the Jaccard index |A∩B| / |A∪B| and the overlap
  coefficient |A∩B| / min(|A|, |B|); the second finds a board whose seats sit
  almost wholly inside another's, as an executive group's often sit inside
  the board it reports to;
* calls to action, actions and topics, each as a Jaccard index.

The score, in [0, 1], weighs seats most::

    seats   = (jaccard + overlap) / 2          weight 0.6
    actions = jaccard of the actions            weight 0.15
    topics  = jaccard of the topics             weight 0.15
    calls   = jaccard of the calls to action    weight 0.1

    score = sum(weight * value) / sum(weight), over the parts that either
    board has any data for (two boards with no topics recorded are not
    marked down for it).

Pairs are found from inverted indexes (seat -> boards, action -> boards,
topic -> boards), so the work grows with the number of shared seats, not
with the square of the number of boards. Sharing only a call to action does
not make a pair: a plan asks every partnership to contribute to its calls,
so a shared call is expected, not duplication.

Pairs where one board reports to the other (directly or through other
boards) are expected to share seats: they are listed after every other pair
and never clustered, so nothing advises merging a board into one it reports
to. Every sentence names boards, organisations and people by their names;
ids and coefficients stay in the JSON and CSV.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from .graph import PartnershipGraph, board_node, build_graph

if TYPE_CHECKING:
    from ..repository import Dataset

WEIGHTS = {"seats": 0.6, "actions": 0.15, "topics": 0.15, "calls": 0.1}
DEFAULT_THRESHOLD = 0.2
COMMON = 50  # an action or topic on more boards than this does not make a pair by itself
SHOWN = 5  # boards named in one sentence; the rest are counted


def _jaccard(a: set[Any], b: set[Any]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _named(
    ids: Iterable[str], name: Callable[[str], str], total: int | None = None, limit: int | None = SHOWN
) -> str:
    """Boards by their names, in the order of their names: 'A, B and 3 more boards'.

    ``total`` is how many there are when ``ids`` lists only some of them.
    """
    ordered = sorted(set(ids), key=lambda i: (name(i), i))
    shown = [name(i) for i in (ordered if limit is None else ordered[:limit])]
    rest = (len(ordered) if total is None else total) - len(shown)
    return _listing(shown + ([_plural(rest, "more board")] if rest > 0 else []))


def board_names(dataset: Dataset) -> dict[str, str]:
    """Each board's name as a sentence gives it: its name; where several boards share
    that name, the name and its short name, or its id where that does not tell them apart."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for board_id, located in sorted(dataset.boards.items()):
        by_name[located.record.name].append(board_id)
    out = {}
    for name, ids in by_name.items():
        shorts = Counter(dataset.boards[i].record.short_name for i in ids)
        for i in ids:
            short = dataset.boards[i].record.short_name
            if len(ids) == 1:
                out[i] = name
            else:
                out[i] = (
                    f"{name} ({short})" if short and shorts[short] == 1 and short != name else f"{name} ({i})"
                )
    return out


def _topic(slug: str) -> str:
    """A topic in plain words: 'domestic-abuse' reads 'domestic abuse'."""
    return " ".join(slug.split("-"))


def _numbered(numbers: list[str], one: str, many: str) -> str:
    """'action 1.1', 'actions 1.1 and 2.3'."""
    return f"{one if len(numbers) == 1 else many} {_listing(numbers)}"


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    score: float
    jaccard: float
    overlap: float
    shared_seats: list[str]
    shared_calls: list[int]
    shared_actions: list[str]
    shared_topics: list[str]
    related: str | None  # parent-child | reporting-line (one reports to the other through others)
    reason: str
    seats_a: int = 0
    seats_b: int = 0
    shared_chairs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "overlap": round(self.overlap, 4),
            "shared_seats": self.shared_seats,
            "shared_chairs": self.shared_chairs,
            "shared_calls": self.shared_calls,
            "shared_actions": self.shared_actions,
            "shared_topics": self.shared_topics,
            "related": self.related,
            "reason": self.reason,
            "seats_a": self.seats_a,
            "seats_b": self.seats_b,
        }


@dataclass(frozen=True)
class Cluster:
    boards: list[str]
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"boards": self.boards, "score": round(self.score, 4), "reason": self.reason}


@dataclass(frozen=True)
class Busy:
    """A seat or organisation on several boards."""

    id: str
    label: str
    boards: list[str]
    seats: int = 0

    def as_dict(self, key: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            key: self.id,
            "label": self.label,
            "count": len(self.boards),
            "boards": self.boards,
        }
        if key == "organisation":
            out["seats"] = self.seats
        return out


@dataclass(frozen=True)
class Bridge:
    seat: str
    label: str
    boards: list[str]
    cut_off: list[str]
    reason: str
    cut_off_count: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "seat": self.seat,
            "label": self.label,
            "boards": self.boards,
            "cut_off": self.cut_off,
            "cut_off_count": self.cut_off_count,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Candidate:
    board: str
    kind: str  # no-recent-meeting | remit-inside | ended
    reason: str
    other: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"board": self.board, "kind": self.kind, "other": self.other, "reason": self.reason}


@dataclass
class OverlapResult:
    as_of: dt.date
    threshold: float
    pairs: list[Pair] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    busy_seats: list[Busy] = field(default_factory=list)
    busy_organisations: list[Busy] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    data_errors: int = 0

    def name(self, board: str) -> str:
        """A board's name, for sentences; its id where the data gives no name."""
        return self.names.get(board, board)

    @property
    def duplicates(self) -> list[Pair]:
        """Pairs of boards neither of which reports to the other: the ones to act on."""
        return [p for p in self.pairs if p.related is None]

    @property
    def expected(self) -> list[Pair]:
        """Pairs where one board reports to the other: shared seats are expected."""
        return [p for p in self.pairs if p.related is not None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "threshold": self.threshold,
            "pairs": [p.as_dict() for p in self.pairs],
            "clusters": [c.as_dict() for c in self.clusters],
            "busy_seats": [b.as_dict("seat") for b in self.busy_seats],
            "busy_organisations": [b.as_dict("organisation") for b in self.busy_organisations],
            "bridges": [b.as_dict() for b in self.bridges],
            "candidates": [c.as_dict() for c in self.candidates],
        }


@dataclass
class _Profile:
    seats: set[str]
    calls: set[int]
    actions: set[str]
    topics: set[str]
    parents: set[str]
    name: str = ""
    chairs: set[str] = field(default_factory=set)  # seats that chair or co-chair it


def _profiles(
    pg: PartnershipGraph, dataset: Dataset, names: dict[str, str] | None = None
) -> dict[str, _Profile]:
    names = board_names(dataset) if names is None else names
    out = {}
    for board_id, located in dataset.boards.items():
        b = located.record
        if b.status == "closed" or (b.established is not None and b.established > pg.as_of):
            continue  # closed, or not yet set up on the as-of day
        node = board_node(board_id)
        calls = set(b.calls_to_action) | {int(a.split(".")[0]) for a in b.actions}
        seats = pg.seats_of(node)
        chairs = {s for s in seats if pg.graph.edges[s, node].get("position") in ("chair", "co-chair")}
        out[board_id] = _Profile(
            seats=seats,
            calls=calls,
            actions=set(b.actions),
            topics=set(b.topics),
            parents={t for t in b.reports_to if t in dataset.boards and t != board_id},
            name=names[board_id],
            chairs=chairs,
        )
    return out


def _candidate_pairs(profiles: dict[str, _Profile]) -> set[tuple[str, str]]:
    """Pairs that share a seat, or a rare action or topic, from inverted indexes.

    An action or topic on more than :data:`COMMON` boards is too common to
    say two boards duplicate each other; it still counts in the score of a
    pair that shares seats, but does not make a pair by itself. Without this,
    one topic on a thousand boards would make half a million pairs.
    """
    index: dict[tuple[str, Any], list[str]] = defaultdict(list)
    for board_id, p in profiles.items():
        for seat in p.seats:
            index[("seat", seat)].append(board_id)
        for action in p.actions:
            index[("action", action)].append(board_id)
        for topic in p.topics:
            index[("topic", topic)].append(board_id)
    pairs: set[tuple[str, str]] = set()
    for (kind, _), boards in index.items():
        if len(boards) > 1 and (kind == "seat" or len(boards) <= COMMON):
            pairs.update(combinations(sorted(boards), 2))
    return pairs


def _score(pa: _Profile, pb: _Profile) -> tuple[float, float, float]:
    shared = len(pa.seats & pb.seats)
    smaller = min(len(pa.seats), len(pb.seats))
    jaccard = _jaccard(pa.seats, pb.seats)
    overlap = shared / smaller if smaller else 0.0
    parts = {
        "seats": ((jaccard + overlap) / 2, bool(pa.seats or pb.seats)),
        "actions": (_jaccard(pa.actions, pb.actions), bool(pa.actions or pb.actions)),
        "topics": (_jaccard(pa.topics, pb.topics), bool(pa.topics or pb.topics)),
        "calls": (_jaccard(pa.calls, pb.calls), bool(pa.calls or pb.calls)),
    }
    weight = sum(WEIGHTS[k] for k, (_, present) in parts.items() if present)
    total = sum(WEIGHTS[k] * value for k, (value, present) in parts.items() if present)
    return (total / weight if weight else 0.0), jaccard, overlap


def _line(low: str, high: str, profiles: dict[str, _Profile]) -> list[str] | None:
    """The boards from ``low`` up to ``high`` if ``low`` reports to ``high``, directly or
    through other boards (the shortest such line, the same in every run); else None."""
    back: dict[str, str | None] = {low: None}
    queue = deque([low])
    while queue:
        board = queue.popleft()
        for up in sorted(profiles[board].parents):
            if up in back or up not in profiles:
                continue
            back[up] = board
            if up == high:
                path = [up]
                while (below := back[path[-1]]) is not None:
                    path.append(below)
                return path[::-1]
            queue.append(up)
    return None


def _above(board: str, profiles: dict[str, _Profile]) -> set[str]:
    """Every board ``board`` reports to, directly or through others."""
    seen: set[str] = set()
    todo = list(profiles[board].parents)
    while todo:
        up = todo.pop()
        if up in seen or up not in profiles:
            continue
        seen.add(up)
        todo.extend(profiles[up].parents)
    return seen


class _Lines:
    """Which boards report to which, directly or through other boards.

    Where every board reports to at most one other (a tree, as most
    partnerships are), each board gets the span of a depth-first walk down the
    tree, and one board reports to another exactly when its span lies inside
    the other's: one comparison per pair, whatever the depth. Otherwise (a
    board reporting to several, or a loop in the data) the lines are walked.
    """

    def __init__(self, profiles: dict[str, _Profile]) -> None:
        self.profiles = profiles
        self.span = self._spans()

    def _spans(self) -> dict[str, tuple[int, int]] | None:
        children: dict[str, list[str]] = defaultdict(list)
        roots = []
        for board, p in sorted(self.profiles.items()):
            ups = [u for u in p.parents if u in self.profiles]
            if len(ups) > 1:
                return None
            if ups:
                children[ups[0]].append(board)
            else:
                roots.append(board)
        start: dict[str, int] = {}
        span: dict[str, tuple[int, int]] = {}
        clock = 0
        for root in roots:
            stack = [(root, False)]
            while stack:  # iterative: a long line of boards must not exhaust the stack
                board, leaving = stack.pop()
                clock += 1
                if leaving:
                    span[board] = (start[board], clock)
                    continue
                start[board] = clock
                stack.append((board, True))
                stack.extend((child, False) for child in reversed(children[board]))
        return span if len(span) == len(self.profiles) else None  # else a loop: walk instead

    def above(self, low: str, high: str) -> bool:
        """Does ``low`` report to ``high``, directly or through others?"""
        if self.span is None:
            return _line(low, high, self.profiles) is not None
        (a, b), (c, d) = self.span[low], self.span[high]
        return c < a and b < d

    def line(self, a: str, b: str) -> list[str] | None:
        """The line from one board of the pair up to the other, if one reports to the other."""
        if self.above(a, b):
            return _line(a, b, self.profiles)
        if self.above(b, a):
            return _line(b, a, self.profiles)
        return None

    def any_inside(self, boards: list[str]) -> bool:
        """Does any of ``boards`` report to another of them?"""
        if self.span is None:
            group = set(boards)
            return any(_above(x, self.profiles) & group for x in boards)
        ordered = sorted(boards, key=lambda x: self.span[x] if self.span else (0, 0))
        # a board's descendants follow it in the walk: the next board is one, if any is
        return any(self.above(low, high) for high, low in pairwise(ordered))


def _seats_clause(n_a: int, n_b: int, shared: int, first: str, second: str) -> str:
    if not shared:
        return "share no seats"
    if n_a == n_b:
        return "share their one seat" if n_a == 1 else f"share {shared} of their {n_a} seats"
    return f"share {_plural(shared, 'seat')} ({first} has {n_a}, {second} has {n_b})"


def _pair_reason(
    a: str,
    b: str,
    pa: _Profile,
    pb: _Profile,
    shared: dict[str, list[Any]],
    line: list[str] | None,
    name: Callable[[str], str],
) -> str:
    """Why two boards overlap, in plain words, naming boards by their names.

    For example: 'Safety Board and Violence Board share 3 of their 4 seats,
    share a chair (Chief Inspector, Police) and both work on domestic abuse,
    yet report to different boards (Executive and Partnership Board)'.
    """
    (first, p1), (second, p2) = sorted([(a, pa), (b, pb)], key=lambda x: (name(x[0]), x[0]))
    seats = len(shared["seats"])
    clauses = [_seats_clause(len(p1.seats), len(p2.seats), seats, name(first), name(second))]
    chairs = shared["chairs"]
    if chairs:
        clauses.append(
            f"share a chair ({chairs[0]})"
            if len(chairs) == 1
            else f"share {len(chairs)} chairs ({_listing(chairs)})"
        )
    work = [_topic(t) for t in shared["topics"]]
    if shared["actions"]:
        work.append(_numbered(shared["actions"], "action", "actions"))
    implied = {int(x.split(".")[0]) for x in shared["actions"]}
    calls = [str(c) for c in shared["calls"] if c not in implied]
    if calls:
        work.append(_numbered(calls, "call to action", "calls to action"))
    text = f"{name(first)} and {name(second)} "
    if seats:
        text += _listing(clauses + ([f"both work on {_listing(work)}"] if work else []))
    else:
        text += clauses[0] + (f", but both work on {_listing(work)}" if work else "")
    if line is not None:
        through = f" through {_listing([name(x) for x in line[1:-1]])}" if len(line) > 2 else ""
        return f"{text}; {name(line[0])} reports to {name(line[-1])}{through}"
    up1, up2 = p1.parents - {second}, p2.parents - {first}
    common = up1 & up2
    then = ", yet " if seats else "; "
    if common:
        return f"{text}; both report to {_named(common, name)}"
    if up1 and up2:
        if len(up1) == 1 and len(up2) == 1:
            return f"{text}{then}report to different boards ({name(min(up1))} and {name(min(up2))})"
        return (
            f"{text}{then}report to different boards ({name(first)} to {_named(up1, name)}; "
            f"{name(second)} to {_named(up2, name)})"
        )
    if up1 or up2:
        lower, ups, top = (first, up1, second) if up1 else (second, up2, first)
        return f"{text}{then}{name(lower)} reports to {_named(ups, name)} and {name(top)} to no other board"
    return text


def _pairs(
    pg: PartnershipGraph,
    profiles: dict[str, _Profile],
    threshold: float = 0.0,
    names: dict[str, str] | None = None,
) -> list[Pair]:
    """Every pair scoring at least ``threshold``: pairs in one reporting line last."""

    def name(board: str) -> str:
        if board in profiles:
            return profiles[board].name
        return (names or {}).get(board) or pg.label(board_node(board))

    lines = _Lines(profiles)
    pairs = []
    for a, b in _candidate_pairs(profiles):
        pa, pb = profiles[a], profiles[b]
        score, jaccard, overlap = _score(pa, pb)
        if score < threshold:
            continue  # scored first: names and reasons only for the pairs that are listed
        shared: dict[str, list[Any]] = {
            "seats": sorted(pg.label(s) for s in pa.seats & pb.seats),
            "chairs": sorted(pg.label(s) for s in pa.chairs & pb.chairs),
            "calls": sorted(pa.calls & pb.calls),
            "actions": sorted(pa.actions & pb.actions),
            "topics": sorted(pa.topics & pb.topics),
        }
        line = lines.line(a, b)
        related = None if line is None else ("parent-child" if len(line) == 2 else "reporting-line")
        pairs.append(
            Pair(
                a, b, score, jaccard, overlap,
                shared["seats"], shared["calls"], shared["actions"], shared["topics"],
                related, _pair_reason(a, b, pa, pb, shared, line, name),
                len(pa.seats), len(pb.seats), shared["chairs"],
            )
        )  # fmt: skip
    pairs.sort(key=lambda p: (p.related is not None, -p.score, p.a, p.b))
    return pairs


def _clusters(pairs: list[Pair], threshold: float, profiles: dict[str, _Profile]) -> list[Cluster]:
    """Groups of boards that overlap each other, none reporting to another in the pairs.

    Only pairs outside one reporting line make clusters: a board and one it
    reports to are expected to share seats, and merging them is never advised.
    """
    import networkx as nx

    strong = [p for p in pairs if p.score >= threshold and p.related is None]
    if not strong:
        return []
    g: nx.Graph[str] = nx.Graph()
    for p in strong:
        g.add_edge(p.a, p.b, score=p.score)
    scores = {(p.a, p.b): p.score for p in strong}
    lines = _Lines(profiles)
    clusters = []
    for community in nx.community.louvain_communities(g, weight="score", seed=1):
        members = sorted(community)
        if len(members) < 2:
            continue
        inside = [s for (a, b), s in scores.items() if a in community and b in community]
        mean = sum(inside) / len(inside) if inside else 0.0
        in_line = lines.any_inside(members)
        advice = (
            "could one of them take on the work they share?"
            if in_line
            else "could they merge, or one of them take on the work they share?"
        )
        reason = (
            f"{_named(members, lambda x: profiles[x].name, limit=2 * SHOWN)} overlap each other "
            f"({_plural(len(inside), 'overlapping pair')}): look at them together: {advice}"
        )
        clusters.append(Cluster(members, mean, reason))
    clusters.sort(key=lambda c: (-len(c.boards), -c.score, c.boards))
    return clusters


def _busy(
    pg: PartnershipGraph, profiles: dict[str, _Profile], dataset: Dataset
) -> tuple[list[Busy], list[Busy]]:
    seat_boards: dict[str, set[str]] = defaultdict(set)
    org_boards: dict[str, set[str]] = defaultdict(set)
    org_seats: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for board_id, p in profiles.items():
        for seat in p.seats:
            seat_boards[seat].add(board_id)
            org = str(pg.graph.nodes[seat].get("organisation", ""))
            if org:
                org_boards[org].add(board_id)
                org_seats[org].add((board_id, seat))
    seats = [Busy(s, pg.label(s), sorted(b)) for s, b in seat_boards.items() if len(b) > 1]
    seats.sort(key=lambda x: (-len(x.boards), x.label, x.id))
    orgs = []
    for org, boards in org_boards.items():
        if len(boards) > 1:
            name = dataset.organisations[org].record.name if org in dataset.organisations else org
            orgs.append(Busy(org, name, sorted(boards), len(org_seats[org])))
    orgs.sort(key=lambda x: (-len(x.boards), -x.seats, x.label, x.id))
    return seats, orgs


def _bridges(pg: PartnershipGraph, names: dict[str, str]) -> list[Bridge]:
    """Seats whose removal cuts boards off from each other (see :mod:`.bridges`).

    Each sentence names the boards the seat itself sits on, on each side of the
    cut, in the order of their names; and, when the seat's removal would cut
    off more boards than its own, how many.
    """
    from .bridges import cuts

    def name(board: str) -> str:
        return names.get(board) or pg.label(board_node(board))

    def ids(nodes: Iterable[object]) -> list[str]:
        return [str(b).removeprefix("board:") for b in nodes]

    g = pg.board_seat_graph()
    out = []
    for cut in cuts(g, lambda n: pg.kind(str(n)) == "board", lambda n: pg.kind(str(n)) in ("seat", "person")):
        seat = str(cut.point)
        label = pg.label(seat)
        boards = sorted(ids(g[seat]))
        cut_off = ids(cut.cut_off)
        main = ids(cut.links[0])
        linked = ids(b for side in cut.links[1:] for b in side)
        reason = f"{label} is the only seat linking {_named(linked, name)} with {_named(main, name)}"
        if cut.cut_off_count > len(linked):
            reason += (
                f"; without it, nothing would link {_named(cut_off, name, cut.cut_off_count)} "
                "to the other boards"
            )
        out.append(Bridge(seat, label, boards, cut_off, reason, cut.cut_off_count))
    out.sort(key=lambda x: (-x.cut_off_count, x.label, x.seat))
    return out


def _candidates(
    profiles: dict[str, _Profile], dataset: Dataset, as_of: dt.date, names: dict[str, str]
) -> list[Candidate]:
    """Groups that may no longer be needed: no meeting recorded as held in a year, an end
    date passed, or everything recorded as their remit also in another group's."""
    from ..model import long_date

    out = []
    for board_id, located in sorted(dataset.boards.items()):
        b = located.record
        if b.status != "active" or board_id not in profiles:
            continue
        quiet = b.quiet(as_of)
        if quiet is not None:
            last = (
                f"the last was on {long_date(quiet.last_held)}"
                if quiet.last_held
                else "meetings are recorded, but none as held"
            )
            out.append(
                Candidate(
                    board_id,
                    "no-recent-meeting",
                    f"{names[board_id]}: no meeting recorded as held in the twelve months to "
                    f"{long_date(as_of)} ({last})",
                )
            )
        if b.ends is not None and b.ends < as_of:
            out.append(
                Candidate(
                    board_id,
                    "ended",
                    f"{names[board_id]}: its end date ({long_date(b.ends)}) has passed, "
                    "yet it is still recorded as active",
                )
            )
    out.extend(_remit_inside(profiles, dataset))
    return out


def _remit(p: _Profile) -> set[str]:
    called = {int(a.split(".")[0]) for a in p.actions}
    return (
        {f"action:{a}" for a in p.actions}
        | {f"call:{c}" for c in p.calls if c not in called}
        | {f"topic:{t}" for t in p.topics}
    )


def _remit_words(items: set[str]) -> str:
    """A remit in plain words: its topics, then its actions, then its calls to action."""
    topics = sorted(_topic(i.split(":", 1)[1]) for i in items if i.startswith("topic:"))
    actions = sorted(i.split(":", 1)[1] for i in items if i.startswith("action:"))
    calls = sorted((i.split(":", 1)[1] for i in items if i.startswith("call:")), key=int)
    return _listing(
        topics
        + ([_numbered(actions, "action", "actions")] if actions else [])
        + ([_numbered(calls, "call to action", "calls to action")] if calls else [])
    )


def _remit_inside(profiles: dict[str, _Profile], dataset: Dataset) -> list[Candidate]:
    """Subgroups whose whole recorded remit sits inside another active group's.

    Never a group in the same reporting line (a board it reports to, or one
    that reports to it): merging a board into one above or below it is never
    advised.
    """
    remits = {b: _remit(p) for b, p in profiles.items()}
    lines = _Lines(profiles)
    index: dict[str, set[str]] = defaultdict(set)
    for board_id, items in remits.items():
        for item in items:
            index[item].add(board_id)
    out = []
    for board_id, items in sorted(remits.items()):
        kind = dataset.boards[board_id].record.kind
        if kind not in ("subgroup", "task-and-finish") or not items:
            continue
        rarest = min(items, key=lambda i: (len(index[i]), i))
        for other in sorted(index[rarest] - {board_id}):
            if dataset.boards[other].record.status != "active" or not items <= remits[other]:
                continue
            if lines.above(board_id, other) or lines.above(other, board_id):
                continue
            out.append(
                Candidate(
                    board_id,
                    "remit-inside",
                    f"{profiles[board_id].name}: everything recorded as its remit ({_remit_words(items)}) "
                    f"is also in {profiles[other].name}'s",
                    other,
                )
            )
            break
    return out


def analyse(
    dataset: Dataset,
    as_of: dt.date,
    threshold: float = DEFAULT_THRESHOLD,
    board: str | None = None,
    top: int | None = None,
) -> OverlapResult:
    """Every overlap finding for the partnership as it stands on ``as_of``."""
    pg = build_graph(dataset, as_of)
    names = board_names(dataset)
    profiles = _profiles(pg, dataset, names)
    pairs = _pairs(pg, profiles, threshold, names)
    clusters = _clusters(pairs, threshold, profiles)
    busy_seats, busy_orgs = _busy(pg, profiles, dataset)
    bridges = _bridges(pg, names)
    candidates = _candidates(profiles, dataset, as_of, names)
    if board is not None:
        pairs = [p for p in pairs if board in (p.a, p.b)]
        clusters = [c for c in clusters if board in c.boards]
        busy_seats = [s for s in busy_seats if board in s.boards]
        busy_orgs = [o for o in busy_orgs if board in o.boards]
        bridges = [b for b in bridges if board in b.boards or board in b.cut_off]
        candidates = [c for c in candidates if board in (c.board, c.other)]
    if top is not None:
        pairs = pairs[:top]
    return OverlapResult(
        as_of, threshold, pairs, clusters, busy_seats, busy_orgs, bridges, candidates, names,
    )  # fmt: skip


def overlap(
    root: Any,
    as_of: dt.date,
    threshold: float = DEFAULT_THRESHOLD,
    board: str | None = None,
    top: int | None = None,
) -> OverlapResult:
    """Load the partnership under ``root`` as it stood on ``as_of`` (a past day: from git,
    see :func:`history.dataset_on`) and analyse it (see :func:`analyse`)."""
    from ..errors import ThpError
    from ..findings import Severity
    from ..history import dataset_on
    from ..text import did_you_mean, quote

    dataset = dataset_on(root, as_of).dataset
    if board is not None and board not in dataset.boards:
        raise ThpError(f"--board {quote(board)} is no board{did_you_mean(board, list(dataset.boards))}")
    if not 0.0 <= threshold <= 1.0:
        raise ThpError(f"--threshold must be between 0 and 1, not {threshold}")
    result = analyse(dataset, as_of, threshold, board, top)
    result.data_errors = sum(1 for f in dataset.findings if f.severity is Severity.ERROR)
    return result
