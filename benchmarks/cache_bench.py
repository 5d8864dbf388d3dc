"""Cold, warm and one-file-changed runs of ``thp validate`` and ``thp overlap``, with the cache.

    python benchmarks/cache_bench.py ROOT [--repeat 5]

ROOT is a partnership made by generate.py. Each measurement is a fresh
process; the baselines (the C-parse floor, the analyst's overlap pipeline) run
interleaved with thp's runs, so a busy machine slows both alike. Cold: no
``.thp-cache/``. Warm: nothing changed since the last run. One changed: one
board's file differs from the last run's (a comment added or taken away).
Prints each median and its ratio to the baseline, and checks that every run's
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


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:5])} failed: {done.stderr.decode()[-2000:]}")
    return elapsed, done.stdout


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
        same = True
        for i in range(args.repeat):
            times["baseline"].append(timed(theirs)[0])
            shutil.rmtree(cache, ignore_errors=True)
            t, out = timed(ours)
            times["cold"].append(t)
            same &= out == expected
            t, out = timed(ours)
            times["warm"].append(t)
            same &= out == expected
            board.write_bytes(original + f"# edited {i}\n".encode())
            t, out = timed(ours)
            times["one changed"].append(t)
            board.write_bytes(original)
            timed(ours)  # back to the original, cached
        base = statistics.median(times["baseline"])
        print(f"{name}: baseline {base:.2f} s; outputs the same as without the cache: {same}")
        for case in ("cold", "warm", "one changed"):
            median = statistics.median(times[case])
            print(f"  {case}: {median:.2f} s = {median / base:.2f}x")
    board.write_bytes(original)


if __name__ == "__main__":
    main()
