"""Louvain communities of the overlapping pairs, without a graph library.

A port of networkx 3's ``louvain_communities`` (Blondel et al., 2008) for an
undirected weighted graph, step for step: the same passes in the same order,
the same random shuffles from the same seed, the same sums in the same order,
so it finds exactly the communities networkx finds (tests/overlap compare
the two on random graphs). It keeps ``thp overlap`` from importing networkx,
which took as long as the clustering itself.

A graph here is a dict of each node's neighbours and the weight of the edge to
each, in the order networkx would hold them: each edge added in turn.
"""

# This module is derived from networkx's louvain_communities
# (networkx/algorithms/community/louvain.py), used under its licence:
#
# Copyright (c) 2004-2025, NetworkX Developers
# Aric Hagberg <hagberg@lanl.gov>
# Dan Schult <dschult@colgate.edu>
# Pieter Swart <swart@lanl.gov>
# All rights reserved.
#
# Redistribution and use in source and binary forms, with or without
# modification, are permitted provided that the following conditions are
# met:
#
#   * Redistributions of source code must retain the above copyright
#     notice, this list of conditions and the following disclaimer.
#
#   * Redistributions in binary form must reproduce the above
#     copyright notice, this list of conditions and the following
#     disclaimer in the documentation and/or other materials provided
#     with the distribution.
#
#   * Neither the name of the NetworkX Developers nor the names of its
#     contributors may be used to endorse or promote products derived
#     from this software without specific prior written permission.
#
# THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
# "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
# LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
# A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT
# OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
# SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
# LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
# DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
# THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
# (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
# OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator

Graph = dict[Hashable, dict[Hashable, float]]
RESOLUTION = 1
THRESHOLD = 0.0000001


def weighted_graph(edges: Iterable[tuple[Hashable, Hashable, float]]) -> Graph:
    """The graph of ``edges``, each added in turn (a later weight replaces an earlier one)."""
    g: Graph = {}
    for u, v, weight in edges:
        g.setdefault(u, {})[v] = weight
        g.setdefault(v, {})[u] = weight
    return g


def _edges(g: Graph) -> Iterator[tuple[Hashable, Hashable, float]]:
    """Every edge once, in the order networkx reports a graph's edges."""
    seen: set[Hashable] = set()
    for n, neighbours in g.items():
        for other, weight in neighbours.items():
            if other not in seen:
                yield n, other, weight
        seen.add(n)


def _degree(g: Graph, n: Hashable) -> float:
    neighbours = g[n]
    return sum(neighbours.values()) + (n in neighbours and neighbours[n])


def modularity(g: Graph, communities: list[set[Hashable]]) -> float:
    """The modularity of ``communities`` in ``g``, summed as networkx sums it."""
    degree = {n: _degree(g, n) for n in g}
    deg_sum = sum(degree.values())
    m = deg_sum / 2
    norm = 1 / deg_sum**2

    def inside(comm: set[Hashable]) -> Iterator[float]:
        seen: set[Hashable] = set()
        for n in [n for n in comm if n in g]:
            for other, weight in g[n].items():
                if other not in seen and other in comm:
                    yield weight
            seen.add(n)

    def contribution(community: set[Hashable]) -> float:
        comm = set(community)
        l_c = sum(inside(comm))
        degree_sum = sum(degree[u] for u in comm)
        return float(l_c / m - RESOLUTION * degree_sum * degree_sum * norm)

    return sum(map(contribution, communities))


def _merged(g: Graph, inner: list[set[Hashable]], members: dict[Hashable, set[Hashable]]) -> Graph:
    """The graph of the communities ``inner``: one node for each, edges summed; ``members``
    becomes what each new node stands for."""
    node2com: dict[Hashable, int] = {}
    held: dict[Hashable, set[Hashable]] = {}
    h: Graph = {}
    for i, part in enumerate(inner):
        nodes: set[Hashable] = set()
        for node in part:
            node2com[node] = i
            nodes.update(members.get(node, {node}))
        held[i] = nodes
        h[i] = {}
    for u, v, weight in _edges(g):
        a, b = node2com[u], node2com[v]
        h[a][b] = h[b][a] = weight + h[a].get(b, 0)
    members.clear()
    members.update(held)
    return h


def _one_level(
    g: Graph,
    m: float,
    partition: list[set[Hashable]],
    members: dict[Hashable, set[Hashable]],
    rng: random.Random,
) -> tuple[list[set[Hashable]], list[set[Hashable]], bool]:
    """One pass of moving each node to the neighbouring community that gains most."""
    node2com = {u: i for i, u in enumerate(g)}
    inner = [{u} for u in g]
    degrees = {u: _degree(g, u) for u in g}
    totals = list(degrees.values())
    neighbours = {u: {v: w for v, w in g[u].items() if v != u} for u in g}
    order = list(g)
    rng.shuffle(order)
    moves, improvement = 1, False
    while moves > 0:
        moves = 0
        for u in order:
            best_mod: float = 0
            best_com = node2com[u]
            weights: defaultdict[int, float] = defaultdict(float)
            for other, weight in neighbours[u].items():
                weights[node2com[other]] += weight
            degree = degrees[u]
            totals[best_com] -= degree
            remove_cost = -weights[best_com] / m + RESOLUTION * (totals[best_com] * degree) / (2 * m**2)
            for com, weight in weights.items():
                gain = remove_cost + weight / m - RESOLUTION * (totals[com] * degree) / (2 * m**2)
                if gain > best_mod:
                    best_mod, best_com = gain, com
            totals[best_com] += degree
            if best_com != node2com[u]:
                moved = members.get(u, {u})
                partition[node2com[u]].difference_update(moved)
                inner[node2com[u]].remove(u)
                partition[best_com].update(moved)
                inner[best_com].add(u)
                improvement = True
                moves += 1
                node2com[u] = best_com
    return list(filter(len, partition)), list(filter(len, inner)), improvement


def communities(g: Graph, seed: int) -> list[set[Hashable]]:
    """The communities of ``g`` as ``networkx.community.louvain_communities(g, seed=seed)``
    finds them (weights as given, resolution 1, threshold 1e-7, every level)."""
    rng = random.Random(seed)
    partition: list[set[Hashable]] = [{u} for u in g]
    if not any(g.values()):
        return partition
    mod = modularity(g, partition)
    graph: Graph = {n: {} for n in g}  # a copy: its nodes in g's order, its edges as g reports them
    for u, v, weight in _edges(g):
        graph[u][v] = graph[v][u] = weight
    m = sum(_degree(graph, n) for n in graph) / 2
    members: dict[Hashable, set[Hashable]] = {}
    partition, inner, improvement = _one_level(graph, m, partition, members, rng)
    improvement = True
    found = partition
    while improvement:
        found = [s.copy() for s in partition]
        new_mod = modularity(graph, inner)
        if new_mod - mod <= THRESHOLD:
            break
        mod = new_mod
        graph = _merged(graph, inner, members)
        partition, inner, improvement = _one_level(graph, m, partition, members, rng)
    return found
