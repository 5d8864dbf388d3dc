"""Seats whose removal would cut boards off from each other.

In the graph of boards and the seats that sit on them, such a seat is an
articulation point. What it separates is read off the block-cut tree (one
node for each biconnected block, one for each articulation point), so the
whole analysis is linear in the size of the graph, not one search per seat.

Every set the analysis builds is walked in sorted order, so which boards are
named (when there are too many to name them all) is the same in every run,
whatever the hash seed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import networkx as nx

LISTED = 50  # boards named as cut off; the count is always exact
MAIN_LISTED = 3  # boards named from the side that stays together


@dataclass(frozen=True)
class Cut:
    """An articulation point and the groups of boards it holds together."""

    point: Hashable
    groups: list[int]  # boards on each side, largest first
    cut_off: list[Hashable]  # boards outside the largest side (at most LISTED)
    cut_off_count: int
    main_side: list[Hashable]  # a few boards of the largest side, to name it
    links: list[list[Hashable]] = field(default_factory=list)
    """The boards the point itself is joined to, side by side (the order of ``groups``)."""


def cuts(g: nx.Graph[Any], is_board: Callable[[Any], bool], keep: Callable[[Any], bool]) -> list[Cut]:
    """Every articulation point ``keep`` accepts that separates boards."""
    import networkx as nx

    points: set[Hashable] = set(nx.articulation_points(g))
    if not points:
        return []
    # the block-cut tree: ("b", i) for block i, ("a", v) for articulation point v
    tree: dict[tuple[str, object], list[tuple[str, object]]] = {}
    weight: dict[tuple[str, object], int] = {}
    members: dict[tuple[str, object], list[Hashable]] = {}
    # the neighbours of each articulation point inside each block: the edges of a block
    # name them, so finding them is linear in the edges, not a search per point
    touching: dict[tuple[Hashable, int], list[Hashable]] = {}
    blocks = cast("Iterable[list[tuple[Hashable, Hashable]]]", nx.biconnected_component_edges(g))
    for i, edges in enumerate(blocks):
        node: tuple[str, object] = ("b", i)
        block = {v for edge in edges for v in edge}
        for u, v in edges:
            for point, other in ((u, v), (v, u)):
                if point in points and is_board(other):
                    touching.setdefault((point, i), []).append(other)
        ordered = sorted(block, key=str)
        own = [v for v in ordered if v not in points and is_board(v)]
        weight[node], members[node] = len(own), own
        tree[node] = []
        for v in ordered:
            if v in points:
                a = ("a", v)
                if a not in tree:
                    tree[a], weight[a] = [], int(is_board(v))
                    members[a] = [v] if is_board(v) else []
                tree[node].append(a)
                tree[a].append(node)

    parent: dict[tuple[str, object], tuple[str, object] | None] = {}
    below: dict[tuple[str, object], int] = {}  # boards in each subtree
    total: dict[tuple[str, object], int] = {}  # boards in each tree component, by root
    root_of: dict[tuple[str, object], tuple[str, object]] = {}
    for root in tree:
        if root in parent:
            continue
        parent[root] = None
        order: list[tuple[str, object]] = []
        stack = [root]
        while stack:  # iterative: a long chain of boards must not exhaust the stack
            node = stack.pop()
            order.append(node)
            root_of[node] = root
            for nxt in tree[node]:
                if nxt not in parent:
                    parent[nxt] = node
                    stack.append(nxt)
        for node in reversed(order):
            below[node] = weight[node] + sum(below[c] for c in tree[node] if parent.get(c) == node)
        total[root] = below[root]

    def boards_of(
        start: tuple[str, object], avoid: tuple[str, object], limit: int = LISTED
    ) -> list[Hashable]:
        """Up to ``limit`` boards on the side of ``avoid`` that holds ``start``."""
        found: list[Hashable] = []
        seen, stack = {avoid, start}, [start]
        while stack and len(found) < limit:
            node = stack.pop()
            found.extend(members[node])
            for nxt in tree[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return found[:limit]

    out = []
    for point in sorted(points, key=str):
        if not keep(point):
            continue
        a = ("a", point)
        sides = [(below[c], c) for c in tree[a] if parent.get(c) == a]
        up = parent[a]
        if up is not None:
            sides.append((total[root_of[a]] - below[a], up))
        sides = [s for s in sides if s[0] > 0]
        if len(sides) < 2:
            continue  # only seats hang off it: no board is cut off
        sides.sort(key=lambda s: -s[0])
        links = [sorted(touching.get((point, cast("int", side[1])), []), key=str) for _, side in sides]
        cut_off: list[Hashable] = []
        for _, side in sides[1:]:
            if len(cut_off) < LISTED:
                cut_off.extend(boards_of(side, a))
        out.append(
            Cut(
                point,
                [n for n, _ in sides],
                sorted(cut_off[:LISTED], key=str),
                sum(n for n, _ in sides[1:]),
                sorted(boards_of(sides[0][1], a, MAIN_LISTED), key=str),
                links,
            )
        )
    return out
