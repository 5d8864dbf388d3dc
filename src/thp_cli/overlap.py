"""Duplication and overlap between boards (review R2 and its annex 1).

What is compared, for every pair of boards that share anything:

* seats: the seats current on the as-of day (a seat is its person, else its
  organisation and role), as the Jaccard index |A∩B| / |A∪B| and the overlap
  coefficient |A∩B| / min(|A|, |B|); the second finds a board whose seats sit
  almost wholly inside another's, as PEG's sit inside the Partnership Board's;
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
not make a pair: the review asks every partnership to contribute to all
five calls, so a shared call is expected, not duplication.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from .graph import PartnershipGraph, board_node, build_graph

if TYPE_CHECKING:
    from .repository import Dataset

WEIGHTS = {"seats": 0.6, "actions": 0.15, "topics": 0.15, "calls": 0.1}
DEFAULT_THRESHOLD = 0.2
COMMON = 50  # an action or topic on more boards than this does not make a pair by itself


def _jaccard(a: set[Any], b: set[Any]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


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
    related: str | None
    reason: str
    seats_a: int = 0
    seats_b: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "overlap": round(self.overlap, 4),
            "shared_seats": self.shared_seats,
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


def _profiles(pg: PartnershipGraph, dataset: Dataset) -> dict[str, _Profile]:
    out = {}
    for board_id, located in dataset.boards.items():
        b = located.record
        if b.status == "closed":
            continue
        node = board_node(board_id)
        calls = set(b.calls_to_action) | {int(a.split(".")[0]) for a in b.actions}
        out[board_id] = _Profile(
            seats=pg.seats_of(node),
            calls=calls,
            actions=set(b.actions),
            topics=set(b.topics),
            parents={t for t in b.reports_to if t in dataset.boards},
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


def _pair_reason(
    a: str, b: str, pa: _Profile, pb: _Profile, shared: dict[str, list[Any]], related: str | None
) -> str:
    seats = shared["seats"]
    if seats:
        small, big = (a, b) if len(pa.seats) <= len(pb.seats) else (b, a)
        n_small = len(pa.seats) if small == a else len(pb.seats)
        n_big = len(pb.seats) if small == a else len(pa.seats)
        text = f"{small} shares {len(seats)} of its {n_small} seats with {big} (which has {n_big})"
    else:
        text = f"{a} and {b} share no seats"
    extras = []
    if shared["topics"]:
        extras.append(
            f"the {'topic' if len(shared['topics']) == 1 else 'topics'} {_listing(shared['topics'])}"
        )
    if shared["actions"]:
        extras.append(
            f"{'action' if len(shared['actions']) == 1 else 'actions'} {_listing(shared['actions'])}"
        )
    if shared["calls"]:
        calls = [str(c) for c in shared["calls"]]
        extras.append(f"{'call' if len(calls) == 1 else 'calls'} to action {_listing(calls)}")
    if extras:
        text += (" and " if seats else ", but share ") + _listing(extras)
    if related:
        child, parent = (a, b) if b in pa.parents else (b, a)
        text += f"; {child} reports to {parent}"
    return text


def _pairs(pg: PartnershipGraph, profiles: dict[str, _Profile], threshold: float = 0.0) -> list[Pair]:
    pairs = []
    for a, b in _candidate_pairs(profiles):
        pa, pb = profiles[a], profiles[b]
        score, jaccard, overlap = _score(pa, pb)
        if score < threshold:
            continue  # scored first: names and reasons only for the pairs that are listed
        shared: dict[str, list[Any]] = {
            "seats": sorted(pg.label(s) for s in pa.seats & pb.seats),
            "calls": sorted(pa.calls & pb.calls),
            "actions": sorted(pa.actions & pb.actions),
            "topics": sorted(pa.topics & pb.topics),
        }
        related = "parent-child" if (b in pa.parents or a in pb.parents) else None
        pairs.append(
            Pair(
                a, b, score, jaccard, overlap,
                shared["seats"], shared["calls"], shared["actions"], shared["topics"],
                related, _pair_reason(a, b, pa, pb, shared, related),
                len(pa.seats), len(pb.seats),
            )
        )  # fmt: skip
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def _clusters(pairs: list[Pair], threshold: float) -> list[Cluster]:
    import networkx as nx

    strong = [p for p in pairs if p.score >= threshold]
    if not strong:
        return []
    g: nx.Graph[str] = nx.Graph()
    for p in strong:
        g.add_edge(p.a, p.b, score=p.score)
    scores = {(p.a, p.b): p.score for p in strong}
    clusters = []
    for community in nx.community.louvain_communities(g, weight="score", seed=1):
        members = sorted(community)
        if len(members) < 2:
            continue
        inside = [s for (a, b), s in scores.items() if a in community and b in community]
        mean = sum(inside) / len(inside) if inside else 0.0
        reason = (
            f"{_listing(members)} overlap (mean score {mean:.2f} over {_plural(len(inside), 'pair')}): "
            "look at them together, to merge them or give the shared work to one task-and-finish "
            "group (review annex 1, principles 1 and 2)"
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


def _bridges(pg: PartnershipGraph) -> list[Bridge]:
    """Seats whose removal cuts boards off from each other (see :mod:`.bridges`)."""
    from .bridges import cuts

    g = pg.board_seat_graph()
    out = []
    for cut in cuts(g, lambda n: pg.kind(str(n)) == "board", lambda n: pg.kind(str(n)) in ("seat", "person")):
        seat = str(cut.point)
        label = pg.label(seat)
        boards = sorted(str(b).removeprefix("board:") for b in g[seat])
        cut_off = [str(b).removeprefix("board:") for b in cut.cut_off]
        main = [str(b).removeprefix("board:") for b in cut.main_side]
        rest = cut.groups[0] - len(main)
        shown = _listing(main + ([f"{rest} more"] if rest > 0 else []))
        listed = _listing(
            cut_off
            + ([f"{cut.cut_off_count - len(cut_off)} more"] if cut.cut_off_count > len(cut_off) else [])
        )
        reason = f"{label} is the only seat linking {listed} to the other boards ({shown})"
        out.append(Bridge(seat, label, boards, cut_off, reason, cut.cut_off_count))
    out.sort(key=lambda x: (-x.cut_off_count, x.label, x.seat))
    return out


def _candidates(profiles: dict[str, _Profile], dataset: Dataset, as_of: dt.date) -> list[Candidate]:
    out = []
    for board_id, located in sorted(dataset.boards.items()):
        b = located.record
        if b.status != "active":
            continue
        quiet = b.quiet(as_of)
        if quiet is not None:
            last = f"last held {quiet.last_held.isoformat()}" if quiet.last_held else "none recorded as held"
            out.append(
                Candidate(
                    board_id,
                    "no-recent-meeting",
                    f"{board_id} held no meeting in the twelve months to {as_of.isoformat()} ({last}): "
                    "is it still needed? (review annex 1, principle 1)",
                )
            )
        if b.ends is not None and b.ends < as_of:
            out.append(
                Candidate(
                    board_id,
                    "ended",
                    f"{board_id} was due to end by {b.ends.isoformat()} but is still active: "
                    "close it or set a new end",
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


def _ancestors(board: str, profiles: dict[str, _Profile]) -> set[str]:
    seen: set[str] = set()
    todo = list(profiles[board].parents)
    while todo:
        up = todo.pop()
        if up in seen or up not in profiles:
            continue
        seen.add(up)
        todo.extend(profiles[up].parents)
    return seen


def _remit_inside(profiles: dict[str, _Profile], dataset: Dataset) -> list[Candidate]:
    """Subgroups whose whole remit sits inside another group's (not their own parents')."""
    remits = {b: _remit(p) for b, p in profiles.items()}
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
        skip = _ancestors(board_id, profiles) | {board_id}
        for other in sorted(index[rarest] - skip):
            if items <= remits[other]:
                shown = sorted(i.split(":", 1)[1] for i in items)
                out.append(
                    Candidate(
                        board_id,
                        "remit-inside",
                        f"the whole remit of {board_id} ({_listing(shown)}) sits inside {other}'s: "
                        "merge it, or make it a task-and-finish group (review annex 1)",
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
    profiles = _profiles(pg, dataset)
    pairs = _pairs(pg, profiles, threshold)
    clusters = _clusters(pairs, threshold)
    busy_seats, busy_orgs = _busy(pg, profiles, dataset)
    bridges = _bridges(pg)
    candidates = _candidates(profiles, dataset, as_of)
    if board is not None:
        pairs = [p for p in pairs if board in (p.a, p.b)]
        clusters = [c for c in clusters if board in c.boards]
        busy_seats = [s for s in busy_seats if board in s.boards]
        busy_orgs = [o for o in busy_orgs if board in o.boards]
        bridges = [b for b in bridges if board in b.boards or board in b.cut_off]
        candidates = [c for c in candidates if board in (c.board, c.other)]
    if top is not None:
        pairs = pairs[:top]
    names = {b: located.record.name for b, located in dataset.boards.items()}
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
    from .errors import ThpError
    from .findings import Severity
    from .history import dataset_on
    from .schema_errors import did_you_mean

    dataset = dataset_on(root, as_of).dataset
    if board is not None and board not in dataset.boards:
        raise ThpError(f"--board {board!r} is no board{did_you_mean(board, list(dataset.boards))}")
    if not 0.0 <= threshold <= 1.0:
        raise ThpError(f"--threshold must be between 0 and 1, not {threshold}")
    result = analyse(dataset, as_of, threshold, board, top)
    result.data_errors = sum(1 for f in dataset.findings if f.severity is Severity.ERROR)
    return result
