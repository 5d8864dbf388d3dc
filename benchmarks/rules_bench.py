"""The checks' cost, rule by rule: each rule's processor time on one loaded partnership.

    python benchmarks/rules_bench.py ROOT [--as-of 2025-12-31] [--rounds 3] [--profile N]

Loads ROOT's data/ once (no cache), then times, in this one process:
the work shared by the rules that is done once before the checks (the
Context's indexes), each rule's check (best of ``--rounds``), their sum,
and the whole of ``validate.run_checks`` as ``thp validate`` runs it (the
checks shared between the cores: wall and processor time, the workers'
included). ``--profile N`` prints cProfile's N most costly functions of one
pass of every check in one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path


def _cpu() -> float:
    """Processor time of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("root", type=Path)
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)

    from thp_cli import cache

    cache.disable()
    from thp_cli.dataset.load import load_dataset
    from thp_cli.rules.base import Context
    from thp_cli.rules.catalogue import catalogue
    from thp_cli.validate import run_checks

    dataset = load_dataset(args.root)  # its records kept out of the collector's sight, as thp does
    checks = [r for r in catalogue() if r.check is not None]
    times: dict[str, float] = {}
    counts: dict[str, int] = {}
    shared = float("inf")
    for _ in range(args.rounds):
        start = time.process_time()
        ctx = Context(dataset, as_of)
        ctx.prepare()
        shared = min(shared, time.process_time() - start)
        for rule in checks:
            start = time.process_time()
            counts[rule.id] = sum(1 for _ in rule.findings(ctx))
            spent = time.process_time() - start
            times[rule.id] = min(times.get(rule.id, spent), spent)
    width = max(len(r) for r in times)
    print(f"{dataset.files:,} files, as of {as_of}; best of {args.rounds} (processor time, one process)")
    print(f"{'(shared, before the checks)':<{width}}  {shared * 1000:8.1f} ms")
    for rule_id, spent in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"{rule_id:<{width}}  {spent * 1000:8.1f} ms  {counts[rule_id]:>6} found")
    print(f"{'sum':<{width}}  {(shared + sum(times.values())) * 1000:8.1f} ms")

    walls, cpus = [], []
    for _ in range(args.rounds):
        cpu, wall = _cpu(), time.perf_counter()
        run_checks(dataset, as_of)
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    wall, cpu = min(walls) * 1000, min(cpus) * 1000
    print(f"run_checks as thp validate runs it: {wall:.1f} ms wall, {cpu:.1f} ms processor")

    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        ctx = Context(dataset, as_of)
        for rule in checks:
            list(rule.findings(ctx))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
