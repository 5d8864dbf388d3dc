"""The algorithms overlap runs without a graph library, checked against networkx and against
brute force on random inputs (fixed seeds): the same blocks, points, pairs and scores."""

from __future__ import annotations

import datetime as dt
import gc
import random
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from thp_cli.dataset.load import load_dataset
from thp_cli.overlap import analysis
from thp_cli.overlap.analysis import WEIGHTS, _candidate_pairs, _score, analyse, overlap
from thp_cli.overlap.bridges import biconnected, cuts
from thp_cli.overlap.profiles import Profile

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)


def _random_graph(rng: random.Random) -> nx.Graph[str]:
    """A random graph: sparse or dense, often in several pieces, with lone nodes and chains."""
    n = rng.randint(1, 60)
    g: nx.Graph[str] = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=rng.randrange(10**6))
    g = nx.relabel_nodes(g, {v: f"n{rng.randrange(10**6)}-{v}" for v in g})
    if rng.random() < 0.5:  # a chain hanging off the graph: a line of cut points
        tail = [f"t{i}" for i in range(rng.randint(1, 8))]
        nx.add_path(g, [next(iter(g)), *tail])
    return g


def _adjacency(g: nx.Graph[str]) -> dict[str, list[str]]:
    return {v: list(g[v]) for v in g}  # networkx's own order of nodes and neighbours


@pytest.mark.parametrize("seed", range(40))
def test_blocks_and_points_are_networkx_own_in_its_order(seed: int) -> None:
    g = _random_graph(random.Random(seed))
    blocks, points = biconnected(_adjacency(g))
    assert blocks == [list(b) for b in nx.biconnected_component_edges(g)]
    assert points == set(nx.articulation_points(g))


def test_blocks_of_a_cycle_a_tree_and_lone_nodes() -> None:
    adjacency = {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b", "d"], "d": ["c"], "e": []}
    blocks, points = biconnected(adjacency)
    assert [sorted(map(sorted, b)) for b in blocks] == [[["c", "d"]], [["a", "b"], ["a", "c"], ["b", "c"]]]
    assert points == {"c"}


def _boards_cut_off(g: nx.Graph[str], point: str) -> list[int]:
    """By brute force: the boards on each side once ``point`` is gone, largest first."""
    h = g.copy()
    component = nx.node_connected_component(g, point)
    h.remove_node(point)
    sides = []
    for part in nx.connected_components(h.subgraph(component - {point})):
        boards = sum(1 for v in part if v.startswith("b"))
        if boards:
            sides.append(boards)
    return sorted(sides, reverse=True)


@pytest.mark.parametrize("seed", range(15))
def test_each_cut_separates_the_boards_it_says_it_does(seed: int) -> None:
    rng = random.Random(seed)
    boards, seats = [f"b{i}" for i in range(rng.randint(2, 30))], [f"s{i}" for i in range(40)]
    g: nx.Graph[str] = nx.Graph()
    for board in boards:
        for seat in rng.sample(seats, rng.randint(1, 3)):
            g.add_edge(board, seat)
    adjacency = {v: sorted(g[v]) for v in sorted(g)}
    found = {c.point: c for c in cuts(adjacency, lambda v: v.startswith("b"), lambda v: v.startswith("s"))}
    for seat in (s for s in seats if s in g):
        sides = _boards_cut_off(g, seat)
        if len(sides) < 2:
            assert seat not in found
        else:
            assert found[seat].groups == sides
            assert found[seat].cut_off_count == sum(sides[1:])


def _reference_score(pa: Profile, pb: Profile) -> tuple[float, float, float]:
    """The score as the formula in analysis.py's docstring gives it, from the sets themselves."""

    def jaccard(a: set[Any], b: set[Any]) -> float:
        union = len(a | b)
        return len(a & b) / union if union else 0.0

    seat_j = jaccard(pa.seats, pb.seats)
    smaller = min(len(pa.seats), len(pb.seats))
    seat_o = len(pa.seats & pb.seats) / smaller if smaller else 0.0
    parts = {
        "seats": ((seat_j + seat_o) / 2, bool(pa.seats or pb.seats)),
        "actions": (jaccard(pa.actions, pb.actions), bool(pa.actions or pb.actions)),
        "topics": (jaccard(pa.topics, pb.topics), bool(pa.topics or pb.topics)),
        "calls": (jaccard(pa.calls, pb.calls), bool(pa.calls or pb.calls)),
    }
    weight = sum(WEIGHTS[k] for k, (_, present) in parts.items() if present)
    total = sum(WEIGHTS[k] * value for k, (value, present) in parts.items() if present)
    return (total / weight if weight else 0.0), seat_j, seat_o


def _random_profiles(rng: random.Random) -> dict[str, Profile]:
    seats = [f"seat:{i}" for i in range(rng.randint(1, 40))]
    topics = [f"t{i}" for i in range(6)]
    out = {}
    for i in range(rng.randint(2, 40)):
        out[f"b{rng.randrange(1000):03d}-{i}"] = Profile(
            seats=set(rng.sample(seats, rng.randint(0, min(8, len(seats))))),
            calls=set(rng.sample([1, 2, 3], rng.randint(0, 3))),
            actions=set(rng.sample(["1.1", "1.2", "2.1"], rng.randint(0, 2))),
            topics=set(rng.sample(topics, rng.randint(0, 3))),
            parents=set(),
        )
    return out


@pytest.mark.parametrize("seed", range(30))
def test_pairs_from_who_sits_where_are_every_pair_sharing_seats_or_work(seed: int) -> None:
    profiles = _random_profiles(random.Random(seed))
    found = _candidate_pairs(profiles)
    for a, b in combinations(sorted(profiles), 2):
        pa, pb = profiles[a], profiles[b]
        shares = pa.seats & pb.seats or pa.actions & pb.actions or pa.topics & pb.topics
        assert ((a, b) in found) == bool(shares)  # a shared call alone makes no pair
        if (a, b) in found:
            assert found[a, b] == len(pa.seats & pb.seats)
            assert _score(pa, pb, found[a, b]) == _reference_score(pa, pb)  # to the last bit


def test_a_work_item_on_many_boards_makes_no_pair_by_itself() -> None:
    many = range(analysis.COMMON + 1)
    common = {f"b{i:03d}": Profile(set(), set(), set(), {"health"}, set()) for i in many}
    assert _candidate_pairs(common) == {}
    fewer = dict(list(common.items())[: analysis.COMMON])
    assert len(_candidate_pairs(fewer)) == analysis.COMMON * (analysis.COMMON - 1) // 2


@pytest.fixture
def busy(tmp_path: Path) -> Path:
    rng = random.Random(3)
    pool = [f"org{i}/Role {j}" for i in range(12) for j in range(3)]
    top = {"kind": "partnership-board", "seats": rng.sample(pool, 6)}
    boards: dict[str, dict[str, object]] = {"b00": top}
    for i in range(1, 40):
        boards[f"b{i:02d}"] = {
            "kind": rng.choice(["thematic-board", "subgroup", "task-and-finish"]),
            "reports_to": [f"b{rng.randrange(i):02d}"],
            "seats": rng.sample(pool, rng.randint(1, 6)),
            "topics": rng.sample(["health", "safety", "youth"], rng.randint(0, 2)),
        }
    return write_partnership(tmp_path, boards)


def test_the_same_findings_on_two_cores_as_on_one(busy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = overlap(busy, ON, threshold=0.0)
    calls = []
    from thp_cli import cores

    original = cores.fork_map

    def spy(work: Any, count: int) -> Any:
        calls.append(count)
        return original(work, count)

    monkeypatch.setattr(cores, "fork_map", spy)
    monkeypatch.setattr(analysis, "SHARED_FROM", 2)
    two = overlap(busy, ON, threshold=0.0)
    assert calls == [2]
    assert two.as_dict() == one.as_dict()
    assert one.pairs and one.bridges and one.busy_seats


def test_the_collector_is_left_as_it_was(busy: Path) -> None:
    dataset = load_dataset(busy)
    assert gc.isenabled()
    analyse(dataset, ON)
    assert gc.isenabled()
    gc.disable()
    try:
        analyse(dataset, ON)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_remit_inside_is_found_past_groups_that_hold_only_part_of_it(tmp_path: Path) -> None:
    """The rarest item of the subgroup's remit is also on a group sorted before the one that
    holds all of it: the one that holds all of it is named."""
    root = write_partnership(
        tmp_path,
        {
            "top": {"kind": "partnership-board"},
            "a-part": {"reports_to": ["top"], "topics": ["rare"]},
            "b-whole": {"reports_to": ["top"], "topics": ["rare", "common"]},
            "c-other": {"reports_to": ["top"], "topics": ["common"]},
            "d-other": {"reports_to": ["top"], "topics": ["common"]},
            "sub": {"kind": "subgroup", "reports_to": ["c-other"], "topics": ["rare", "common"]},
        },
    )
    inside = [c for c in overlap(root, ON).candidates if c.kind == "remit-inside"]
    assert [(c.board, c.other) for c in inside] == [("sub", "b-whole")]


def _weighted(rng: random.Random) -> list[tuple[str, str, float]]:
    """Random weighted edges like overlap's strong pairs: boards by id, scores in (0, 1]."""
    n = rng.randint(2, 70)
    boards = [f"board-{rng.randrange(10**5):05d}" for _ in range(n)]
    edges = {}
    for _ in range(rng.randint(1, 3 * n)):
        a, b = rng.sample(boards, 2) if len(set(boards)) > 1 else (boards[0], boards[0] + "x")
        if a != b:
            edges[min(a, b), max(a, b)] = rng.choice([rng.random(), round(rng.random(), 2), 1.0, 0.6])
    return [(a, b, w) for (a, b), w in sorted(edges.items(), key=lambda e: (-e[1], e[0]))]


@pytest.mark.parametrize("seed", range(60))
def test_louvain_finds_networkx_own_communities(seed: int) -> None:
    from thp_cli.overlap.louvain import communities, weighted_graph

    edges = _weighted(random.Random(seed))
    g: nx.Graph[str] = nx.Graph()
    for a, b, w in edges:
        g.add_edge(a, b, score=w)
    theirs = nx.community.louvain_communities(g, weight="score", seed=1)
    assert communities(weighted_graph(edges), seed=1) == theirs
