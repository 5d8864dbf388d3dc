"""Cold, warm and one-file-changed runs of ``thp validate`` and ``thp overlap``, with the cache.

    python benchmarks/cache_bench.py ROOT [--repeat 5]

ROOT is a partnership made by generate.py. Each measurement is a fresh
process; the baselines (the C-parse floor, the analyst's overlap pipeline) run
interleaved with thp's runs, so a busy machine slows both alike. Cold: no
``.thp-cache/``. Warm: nothing changed since the last run. One changed: one
board's file differs from the last run's (a comment added or taken away).
Prints each median and its ratio to the baseline (wall clock, and processor
time, which a busy machine disturbs less), and checks that every run's
output is the same bytes as a run without the cache (``THP_NO_CACHE=1``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import AS_OF, DIY_OVERLAP, FLOOR

CPU: list[float] = []  # the processor seconds (user and system, with workers) of each run, in order


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, bytes]:
    """Wall seconds and standard output of one fresh run of ``argv``; its processor time goes to CPU."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(argv[:5])} failed")
        out.seek(0)
        CPU.append(usage.ru_utime + usage.ru_stime)
        return elapsed, out.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root: Path = args.root.resolve()
    cache = root / ".thp-cache"
    boards = sorted((root / "data" / "boards").glob("*.yaml"))
    board = boards[len(boards) // 2]
    original = board.read_bytes()
    py = sys.executable
    diy = os.path.join(tempfile.gettempdir(), "diy-cache-bench.json")
    thp = [py, "-m", "thp_cli"]
    options = ["--root", str(root), "--format", "json", "--as-of", AS_OF]
    commands = {
        "validate": ([*thp, "validate", *options], [py, "-c", FLOOR, str(root)]),
        "overlap": ([*thp, "overlap", *options], [py, "-c", DIY_OVERLAP, str(root), diy]),
    }
    off = {**os.environ, "THP_NO_CACHE": "1"}
    for name, (ours, theirs) in commands.items():
        expected = timed(ours, off)[1]
        times: dict[str, list[float]] = {"cold": [], "warm": [], "one changed": [], "baseline": []}
        cpu: dict[str, list[float]] = {case: [] for case in times}
        same = True
        for i in range(args.repeat):
            times["baseline"].append(timed(theirs)[0])
            cpu["baseline"].append(CPU[-1])
            shutil.rmtree(cache, ignore_errors=True)
            t, out = timed(ours)
            times["cold"].append(t)
            cpu["cold"].append(CPU[-1])
            same &= out == expected
            t, out = timed(ours)
            times["warm"].append(t)
            cpu["warm"].append(CPU[-1])
            same &= out == expected
            board.write_bytes(original + f"# edited {i}\n".encode())
            t, out = timed(ours)
            times["one changed"].append(t)
            cpu["one changed"].append(CPU[-1])
            board.write_bytes(original)
            timed(ours)  # back to the original, cached
        base, base_cpu = statistics.median(times["baseline"]), statistics.median(cpu["baseline"])
        print(f"{name}: baseline {base:.2f} s ({base_cpu:.2f} s of processor time); same output: {same}")
        for case in ("cold", "warm", "one changed"):
            median, used = statistics.median(times[case]), statistics.median(cpu[case])
            print(f"  {case}: {median:.2f} s = {median / base:.2f}x ({used:.2f} s = {used / base_cpu:.2f}x)")
    board.write_bytes(original)


if __name__ == "__main__":
    main()
