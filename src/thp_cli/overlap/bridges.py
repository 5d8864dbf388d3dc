"""Seats whose removal would cut boards off from each other.

In the graph of boards and the seats that sit on them, such a seat is an
articulation point. One depth-first walk (Hopcroft and Tarjan's, iterative, as
networkx's ``biconnected_component_edges`` walks: the same blocks in the same
order) finds the points and the biconnected blocks; what each point separates
is read off the block-cut tree (one node for each block, one for each point),
so the whole analysis is linear in the size of the graph, not one search per seat.

Every set the analysis builds is walked in sorted order, so which boards are
named (when there are too many to name them all) is the same in every run,
whatever the hash seed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

Adjacency = Mapping[Any, Iterable[Any]]
"""A graph as each node's neighbours: the nodes and each one's neighbours in a fixed order."""
Edge = tuple[Any, Any]

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


Node = tuple[str, object]
"""A node of the block-cut tree: ``("b", i)`` for block i, ``("a", v)`` for articulation point v."""


@dataclass
class _Tree:
    """The block-cut tree of a graph, with how many boards each part holds."""

    tree: dict[Node, list[Node]] = field(default_factory=dict)
    weight: dict[Node, int] = field(default_factory=dict)
    members: dict[Node, list[Hashable]] = field(default_factory=dict)
    # the neighbours of each articulation point inside each block: the edges of a block
    # name them, so finding them is linear in the edges, not a search per point
    touching: dict[tuple[Hashable, int], list[Hashable]] = field(default_factory=dict)
    parent: dict[Node, Node | None] = field(default_factory=dict)
    below: dict[Node, int] = field(default_factory=dict)  # boards in each subtree
    total: dict[Node, int] = field(default_factory=dict)  # boards in each tree component, by root
    root_of: dict[Node, Node] = field(default_factory=dict)

    def boards_of(self, start: Node, avoid: Node, limit: int = LISTED) -> list[Hashable]:
        """Up to ``limit`` boards on the side of ``avoid`` that holds ``start``."""
        found: list[Hashable] = []
        seen, stack = {avoid, start}, [start]
        while stack and len(found) < limit:
            node = stack.pop()
            found.extend(self.members[node])
            for nxt in self.tree[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return found[:limit]


def biconnected(adj: Adjacency) -> tuple[list[list[Edge]], set[Any]]:
    """The biconnected blocks of ``adj`` (each as its edges) and its articulation points.

    One iterative depth-first walk from each node not yet reached, in the order of
    ``adj``: the blocks come out as networkx's ``biconnected_component_edges`` gives them,
    and the points are its ``articulation_points``. Iterative, so a long chain of
    boards does not exhaust Python's stack."""
    blocks: list[list[Edge]] = []
    points: set[Any] = set()
    discovery: dict[Any, int] = {}
    low: dict[Any, int] = {}
    for start in adj:
        if start in discovery:
            continue
        discovery[start] = low[start] = len(discovery)
        root_children = 0
        edges: list[Edge] = []
        # each frame: the node walked from, the node, its neighbours left, where its edge is in edges
        stack = [(start, start, iter(adj[start]), 0)]
        while stack:
            grandparent, parent, children, at = stack[-1]
            for child in children:
                if child == grandparent:
                    continue
                if child not in discovery:
                    low[child] = discovery[child] = len(discovery)
                    stack.append((parent, child, iter(adj[child]), len(edges)))
                    edges.append((parent, child))
                    break
                if discovery[child] <= discovery[parent]:  # an edge back up the walk
                    low[parent] = min(low[parent], discovery[child])
                    edges.append((parent, child))
            else:
                stack.pop()
                if len(stack) > 1:
                    if low[parent] >= discovery[grandparent]:
                        blocks.append(edges[at:])
                        del edges[at:]
                        points.add(grandparent)
                    low[grandparent] = min(low[parent], low[grandparent])
                elif stack:  # the walk's first node is grandparent
                    root_children += 1
                    blocks.append(edges[at:])
                    del edges[at:]
        if root_children > 1:
            points.add(start)
    return blocks, points


def _block_cut_tree(
    blocks: list[list[Edge]], points: set[Hashable], is_board: Callable[[Any], bool]
) -> _Tree:
    """The block-cut tree of the blocks, each block weighed by the boards only it holds."""
    t = _Tree()
    tree, weight, members, touching = t.tree, t.weight, t.members, t.touching
    for i, edges in enumerate(blocks):
        node: Node = ("b", i)
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
    _count_below(t)
    return t


def _count_below(t: _Tree) -> None:
    """Root each component of the tree, and count the boards below every node."""
    tree, parent, below = t.tree, t.parent, t.below
    for root in tree:
        if root in parent:
            continue
        parent[root] = None
        order: list[Node] = []
        stack = [root]
        while stack:  # iterative: a long chain of boards must not exhaust the stack
            node = stack.pop()
            order.append(node)
            t.root_of[node] = root
            for nxt in tree[node]:
                if nxt not in parent:
                    parent[nxt] = node
                    stack.append(nxt)
        for node in reversed(order):
            below[node] = t.weight[node] + sum(below[c] for c in tree[node] if parent.get(c) == node)
        t.total[root] = below[root]


def cuts(adj: Adjacency, is_board: Callable[[Any], bool], keep: Callable[[Any], bool]) -> list[Cut]:
    """Every articulation point of the graph ``adj`` that ``keep`` accepts and that separates boards."""
    blocks, points = biconnected(adj)
    if not points:
        return []
    t = _block_cut_tree(blocks, points, is_board)
    out = []
    for point in sorted(points, key=str):
        if not keep(point):
            continue
        a = ("a", point)
        sides = [(t.below[c], c) for c in t.tree[a] if t.parent.get(c) == a]
        up = t.parent[a]
        if up is not None:
            sides.append((t.total[t.root_of[a]] - t.below[a], up))
        sides = [s for s in sides if s[0] > 0]
        if len(sides) < 2:
            continue  # only seats hang off it: no board is cut off
        sides.sort(key=lambda s: -s[0])
        links = [sorted(t.touching.get((point, cast("int", side[1])), []), key=str) for _, side in sides]
        cut_off: list[Hashable] = []
        for _, side in sides[1:]:
            if len(cut_off) < LISTED:
                cut_off.extend(t.boards_of(side, a))
        out.append(
            Cut(
                point,
                [n for n, _ in sides],
                sorted(cut_off[:LISTED], key=str),
                sum(n for n, _ in sides[1:]),
                sorted(t.boards_of(sides[0][1], a, MAIN_LISTED), key=str),
                links,
            )
        )
    return out
