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
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ..collector import paused
from ..text import plural
from .candidates import find_candidates
from .graph import Seating, board_node, build_seating
from .lines import ReportingLines
from .profiles import Profile, board_profiles
from .reasons import pair_reason
from .result import BASES, Basis, Bridge, Busy, Cluster, OverlapResult, Pair
from .wording import SHOWN, board_names, named_boards

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from .attendance import Window

WEIGHTS = {"seats": 0.6, "actions": 0.15, "topics": 0.15, "calls": 0.1}
DEFAULT_THRESHOLD = 0.2
SHARED_FROM = 1000  # boards from which the analysis is shared between the cores
COMMON = 50  # an action or topic on more boards than this does not make a pair by itself


def _jaccard(a: set[Any], b: set[Any]) -> float:
    if not (a or b):
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _candidate_pairs(profiles: dict[str, Profile]) -> dict[tuple[str, str], int]:
    """Pairs that share a seat, or a rare action or topic, from inverted indexes, each with
    how many seats the two boards share: counted from who sits where, so the work grows with
    the seats boards share, not with the square of the number of boards.

    An action or topic on more than :data:`COMMON` boards is too common to
    say two boards duplicate each other; it still counts in the score of a
    pair that shares seats, but does not make a pair by itself. Without this,
    one topic on a thousand boards would make half a million pairs.
    """
    seats: dict[str, list[str]] = defaultdict(list)
    work: dict[tuple[str, str], list[str]] = defaultdict(list)
    for board_id in sorted(profiles):  # each index's boards in order: each pair is (a, b), a < b
        p = profiles[board_id]
        for seat in p.seats:
            seats[seat].append(board_id)
        for action in p.actions:
            work["action", action].append(board_id)
        for topic in p.topics:
            work["topic", topic].append(board_id)
    shared: dict[tuple[str, str], int] = {}
    for boards in seats.values():
        if len(boards) > 1:
            for pair in combinations(boards, 2):
                shared[pair] = shared.get(pair, 0) + 1
    for boards in work.values():
        if 1 < len(boards) <= COMMON:
            for pair in combinations(boards, 2):
                shared.setdefault(pair, 0)
    return shared


def _score(pa: Profile, pb: Profile, shared: int) -> tuple[float, float, float]:
    """The pair's score, Jaccard index and overlap coefficient of seats, ``shared`` the
    number of seats the two boards share."""
    n_a, n_b = len(pa.seats), len(pb.seats)
    jaccard = shared / (n_a + n_b - shared) if n_a or n_b else 0.0
    smaller = min(n_a, n_b)
    overlap = shared / smaller if smaller else 0.0
    terms, weights = [], []
    if n_a or n_b:
        terms.append(WEIGHTS["seats"] * ((jaccard + overlap) / 2))
        weights.append(WEIGHTS["seats"])
    for key, a, b in (("actions", pa.actions, pb.actions), ("topics", pa.topics, pb.topics)):
        if a or b:
            terms.append(WEIGHTS[key] * _jaccard(a, b))
            weights.append(WEIGHTS[key])
    if pa.calls or pb.calls:
        terms.append(WEIGHTS["calls"] * _jaccard(pa.calls, pb.calls))
        weights.append(WEIGHTS["calls"])
    weight = sum(weights)
    return (sum(terms) / weight if weight else 0.0), jaccard, overlap


def find_pairs(
    seating: Seating,
    profiles: dict[str, Profile],
    threshold: float = 0.0,
    names: dict[str, str] | None = None,
    basis: Basis | None = None,
    lines: ReportingLines | None = None,
) -> list[Pair]:
    """Every pair scoring at least ``threshold``: pairs in one reporting line last. By
    attendance (``basis``), only pairs of boards that record attendance are compared."""

    def name(board: str) -> str:
        if board in profiles:
            return profiles[board].name
        return (names or {}).get(board) or seating.label(board_node(board))

    lines = ReportingLines(profiles) if lines is None else lines
    pairs = []
    compared = profiles if basis is None else {b: p for b, p in profiles.items() if b in basis.boards}
    for (a, b), count in _candidate_pairs(compared).items():
        pa, pb = profiles[a], profiles[b]
        score, jaccard, overlap = _score(pa, pb, count)
        if score < threshold:
            continue  # scored first: names and reasons only for the pairs that are listed
        shared: dict[str, list[Any]] = {
            "seats": sorted(seating.label(s) for s in pa.seats & pb.seats),
            "chairs": sorted(seating.label(s) for s in pa.chairs & pb.chairs),
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
                related, pair_reason(a, b, pa, pb, shared, line, name, basis),
                len(pa.seats), len(pb.seats), shared["chairs"],
            )
        )  # fmt: skip
    pairs.sort(key=lambda p: (p.related is not None, -p.score, p.a, p.b))
    return pairs


def _clusters(
    pairs: list[Pair],
    threshold: float,
    profiles: dict[str, Profile],
    basis: Basis | None = None,
    lines: ReportingLines | None = None,
) -> list[Cluster]:
    """Groups of boards that overlap each other, none reporting to another in the pairs.

    Only pairs outside one reporting line make clusters: a board and one it
    reports to are expected to share seats, and merging them is never advised.
    """
    from .louvain import communities, weighted_graph

    strong = [p for p in pairs if p.score >= threshold and p.related is None]
    if not strong:
        return []
    found = communities(weighted_graph((p.a, p.b, p.score) for p in strong), seed=1)
    where = {board: i for i, community in enumerate(found) for board in community}
    inside: dict[int, list[float]] = defaultdict(list)  # each community's scores, in the pairs' order
    for p in strong:
        if where[p.a] == where[p.b]:
            inside[where[p.a]].append(p.score)
    lines = ReportingLines(profiles) if lines is None else lines
    clusters = []
    for i, community in enumerate(found):
        members = sorted(str(b) for b in community)
        if len(members) < 2:
            continue
        scores = inside[i]
        mean = sum(scores) / len(scores) if scores else 0.0
        in_line = lines.any_inside(members)
        advice = (
            "could one of them take on the work they share?"
            if in_line
            else "could they merge, or one of them take on the work they share?"
        )
        reason = (
            f"{named_boards(members, lambda x: profiles[x].name, limit=2 * SHOWN)} overlap each other"
            f"{basis.cluster_words if basis else ''} "
            f"({plural(len(scores), 'overlapping pair')}): look at them together: {advice}"
        )
        clusters.append(Cluster(members, mean, reason))
    clusters.sort(key=lambda c: (-len(c.boards), -c.score, c.boards))
    return clusters


def _busy(seating: Seating, profiles: dict[str, Profile], dataset: Dataset) -> tuple[list[Busy], list[Busy]]:
    """Seats and organisations on several boards. A board's seats are a set, so each seat is
    met once a board: a seat's boards need no set, and an organisation's seats are a count."""
    seat_boards: dict[str, list[str]] = defaultdict(list)
    org_boards: dict[str, set[str]] = defaultdict(set)
    org_seats: dict[str, int] = defaultdict(int)
    words = seating.seats
    for board_id, p in profiles.items():
        for seat in p.seats:
            seat_boards[seat].append(board_id)
            org = words[seat].organisation
            if org:
                org_boards[org].add(board_id)
                org_seats[org] += 1
    seats = [Busy(s, seating.label(s), sorted(b)) for s, b in seat_boards.items() if len(b) > 1]
    seats.sort(key=lambda x: (-len(x.boards), x.label, x.id))
    orgs = []
    for org, boards in org_boards.items():
        if len(boards) > 1:
            name = dataset.organisations[org].record.name if org in dataset.organisations else org
            orgs.append(Busy(org, name, sorted(boards), org_seats[org]))
    orgs.sort(key=lambda x: (-len(x.boards), -x.seats, x.label, x.id))
    return seats, orgs


def _bridges(seating: Seating, names: dict[str, str], basis: Basis | None = None) -> list[Bridge]:
    """Seats whose removal cuts boards off from each other (see :mod:`.bridges`).

    Each sentence names the boards the seat itself sits on, on each side of the
    cut, in the order of their names; and, when the seat's removal would cut
    off more boards than its own, how many.
    """
    from .bridges import cuts

    def name(board: str) -> str:
        return names.get(board) or seating.label(board_node(board))

    def ids(nodes: Iterable[object]) -> list[str]:
        return [str(b).removeprefix("board:") for b in nodes]

    def is_board(node: str) -> bool:
        return node.startswith("board:")

    def is_seat(node: str) -> bool:
        return not node.startswith("board:")

    g = seating.adjacency()
    out = []
    for cut in cuts(g, is_board, is_seat):
        seat = str(cut.point)
        label = seating.label(seat)
        boards = sorted(ids(g[seat]))
        cut_off = ids(cut.cut_off)
        main = ids(cut.links[0])
        linked = ids(b for side in cut.links[1:] for b in side)
        seat_words = basis.bridge_words if basis else "seat"
        reason = (
            f"{label} is the only {seat_words} linking {named_boards(linked, name)} "
            f"with {named_boards(main, name)}"
        )
        if cut.cut_off_count > len(linked):
            reason += (
                f"; without it, nothing would link {named_boards(cut_off, name, cut.cut_off_count)} "
                "to the other boards"
            )
        out.append(Bridge(seat, label, boards, cut_off, reason, cut.cut_off_count))
    out.sort(key=lambda x: (-x.cut_off_count, x.label, x.seat))
    return out


def _work_out(
    dataset: Dataset, seating: Seating, threshold: float, names: dict[str, str], basis: Basis | None
) -> tuple[Any, ...]:
    """Pairs and clusters; busy seats and organisations, bridges and candidates: the two
    halves worked out on two cores where the partnership is big enough for that to pay."""
    from ..cores import fork_map

    profiles = board_profiles(seating, dataset, names)
    lines = ReportingLines(profiles)

    def half(index: int) -> tuple[Any, ...]:
        if index == 0:
            pairs = find_pairs(seating, profiles, threshold, names, basis, lines)
            return pairs, _clusters(pairs, threshold, profiles, basis, lines)
        busy_seats, busy_orgs = _busy(seating, profiles, dataset)
        bridges = _bridges(seating, names, basis)
        return busy_seats, busy_orgs, bridges, find_candidates(profiles, dataset, seating.as_of, names, lines)

    both = fork_map(half, 2) if len(profiles) >= SHARED_FROM else None
    first, second = both or (half(0), half(1))
    return (*first, *second)


def analyse(
    dataset: Dataset,
    as_of: dt.date,
    threshold: float = DEFAULT_THRESHOLD,
    board: str | None = None,
    top: int | None = None,
    by: str = "seats",
    window: Window | None = None,
) -> OverlapResult:
    """Every overlap finding for the partnership as it stands on ``as_of``: by its seats
    on paper (``by`` "seats"), or by who attended its boards' meetings in the twelve
    months to ``as_of`` ("attendance", see :mod:`.attendance`), or in ``window`` if given."""
    names = board_names(dataset)
    basis: Basis | None = None
    # the analysis makes many small objects and no cycles worth collecting, and each of the
    # collector's full passes walks every object of the loaded partnership
    with paused():
        if by == "attendance":
            from .attendance import attendance_seating

            seating, window = attendance_seating(dataset, as_of, window)
            basis = Basis(window, names)
        else:
            seating = build_seating(dataset, as_of)
        found = _work_out(dataset, seating, threshold, names, basis)
    pairs, clusters, busy_seats, busy_orgs, bridges, candidates = found
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
        as_of, threshold, pairs, clusters, busy_seats, busy_orgs, bridges, candidates, names, top=top,
        basis=basis,
    )  # fmt: skip


def overlap(
    root: Any,
    as_of: dt.date,
    threshold: float = DEFAULT_THRESHOLD,
    board: str | None = None,
    top: int | None = None,
    by: str = "seats",
) -> OverlapResult:
    """Load the partnership under ``root`` as it stood on ``as_of`` (a past day: from git,
    see :func:`thp_cli.history.sources.dataset_on`) and analyse it (see :func:`analyse`).

    From the files on disk, an earlier run's result is given again when no file it read
    has changed since and the options are the same (see :mod:`thp_cli.dataset.runs`)."""
    import os
    from pathlib import Path

    from ..dataset.runs import remembered
    from ..dataset.source import data_dir
    from ..validate import on_disk

    if not on_disk(root, as_of):
        from ..history.sources import dataset_on

        return _checked(dataset_on(root, as_of).dataset, as_of, threshold, board, top, by)
    where = Path(os.path.abspath(root))
    data_dir(where)

    def work(source: Any) -> OverlapResult:
        from ..dataset.load import load_source

        return _checked(load_source(where, source), as_of, threshold, board, top, by)

    options = (repr(threshold), repr(board), repr(top), repr(by))
    return remembered(where, "overlap", options, as_of.isoformat(), work, OverlapResult)


def _checked(
    dataset: Dataset, as_of: dt.date, threshold: float, board: str | None, top: int | None, by: str
) -> OverlapResult:
    """:func:`analyse` ``dataset``, once the board and threshold asked for are known to be sound."""
    from ..errors import Flag, ThpError
    from ..findings import Severity
    from ..text import did_you_mean, quote

    if board is not None and board not in dataset.boards:
        hint = did_you_mean(board, list(dataset.boards))
        raise ThpError(Flag("board"), f" {quote(board)} is no board{hint}")
    if not 0.0 <= threshold <= 1.0:
        raise ThpError(Flag("threshold"), f" must be between 0 and 1, not {threshold}")
    if by not in BASES:
        raise ThpError(Flag("by"), f" {quote(by)} is not a basis: give seats or attendance")
    result = analyse(dataset, as_of, threshold, board, top, by)
    result.data_errors = sum(1 for f in dataset.findings if f.severity is Severity.ERROR)
    return result
