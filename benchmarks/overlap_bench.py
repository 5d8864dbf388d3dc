"""Benchmark ``thp overlap`` on a generated partnership of thousands of boards.

    python benchmarks/overlap_bench.py [--boards 1000 3000] [--repeat 3]

For each size it builds one partnership in memory (boards drawing seats from
a shared pool, a few seats each, as real boards do), then times

* thp's pair finding (inverted index from seats to boards), and
* networkx's ``bipartite.overlap_weighted_projected_graph`` on the same
  board-seat graph, the baseline,

checks that both give the same pairs with the same overlap coefficients, and
prints the ratio thp / networkx (below 1 means thp is faster). It also times
the whole analysis (pairs, clusters, busy seats, bridges, candidates).
Timing uses the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx

from thp_cli import model as m
from thp_cli.dataset.records import Dataset, Located, Where
from thp_cli.overlap.analysis import analyse, find_pairs
from thp_cli.overlap.graph import build_seating
from thp_cli.overlap.profiles import board_profiles
from thp_cli.yamlio.keypath import SourceMap

ON = dt.date(2025, 1, 1)


def generate(boards: int, seed: int = 1) -> Dataset:
    """A partnership with ``boards`` boards; seats per board 3-15 from a pool of 4 per board."""
    rng = random.Random(seed)
    pool = [(f"org-{i % (boards // 4 + 1)}", f"Role {i}") for i in range(boards * 4)]
    ds = Dataset(Path("."))
    where = Where("generated", SourceMap())
    for i in range(boards):
        parent = [] if i == 0 else [f"board-{rng.randrange(0, max(1, i // 10) + 1)}"]
        members = [
            m.Member(role=role, organisation=org) for org, role in rng.sample(pool, rng.randint(3, 15))
        ]
        board = m.Board(
            id=f"board-{i}", name=f"Board {i}", kind="partnership-board" if i == 0 else "subgroup",
            reports_to=parent, members=members,
        )  # fmt: skip
        ds.boards[board.id] = Located(board, where)
    for org in {org for org, _ in pool}:
        ds.organisations[org] = Located(m.Organisation(id=org, name=org, sector="vcs"), where)
    return ds


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--boards", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'boards':>7} {'pairs':>8} {'thp s':>8} {'networkx s':>11} {'ratio':>6} {'whole analysis s':>17}")
    for size in args.boards:
        ds = generate(size)
        seating = build_seating(ds, ON)
        profiles = board_profiles(seating, ds)
        ours_time, ours = best(partial(find_pairs, seating, profiles), args.repeat)
        bipartite: nx.Graph[str] = nx.Graph()
        bipartite.add_edges_from((u, v) for u, vs in seating.adjacency().items() for v in vs)
        boards = [n for n in bipartite if n.startswith("board:")]
        project = partial(nx.bipartite.overlap_weighted_projected_graph, bipartite, boards, jaccard=False)
        nx_time, projected = best(project, args.repeat)
        mine = {(p.a, p.b): p.overlap for p in ours}
        theirs = {
            tuple(sorted((u.removeprefix("board:"), v.removeprefix("board:")))): w
            for u, v, w in projected.edges(data="weight")
        }
        if set(mine) != set(theirs) or any(abs(mine[k] - theirs[k]) > 1e-9 for k in mine):
            raise SystemExit(f"{size} boards: thp and networkx disagree on the pairs")
        whole_time, _ = best(partial(analyse, ds, ON, threshold=0.2), 1)
        print(
            f"{size:>7} {len(mine):>8} {ours_time:>8.3f} {nx_time:>11.3f} "
            f"{ours_time / nx_time:>6.2f} {whole_time:>17.3f}"
        )


if __name__ == "__main__":
    main()
