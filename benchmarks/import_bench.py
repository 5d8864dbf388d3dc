"""How ``thp import csv`` and ``thp import moderngov`` scale with the rows they write.

    python benchmarks/import_bench.py [--seats 250 2000 8000] [--meetings 250 1000 4000] [--repeat 3]

For each size it copies the small partnership of the tests (tests/cases/base),
writes a sheet that adds that many seats to one board (or a saved GetMeetings
answer with that many meetings of one committee), and times a fresh ``thp
import`` process writing them (the median of --repeat runs, each on a fresh
copy). It prints the time and the time per row; when the work is linear the
time per row stays flat as the size doubles (it fell as the square before
issue #10: 400 seats took 40 s). The target: 2,000 seats or 1,000 meetings
in under 10 seconds.

Results go to benchmarks/results/import.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE.parent / "tests" / "cases" / "base" / "data"
RESULTS = HERE / "results"
BEFORE = (
    "Before issue #10 (commit f46e7b0, the same machine, one run each): 250 seats 12.45 s, "
    "500 seats 64.04 s; 250 meetings 17.78 s, 500 meetings 43.32 s."
)
COMMITTEE = 9001


def thp(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "thp_cli", *args], check=True, stdout=subprocess.DEVNULL)


def seats_sheet(root: Path, n: int) -> list[str]:
    thp("export", "csv", "--root", str(root), "--out", str(root / "seats.csv"))
    with (root / "seats.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows += [["safety", "", f"Member {i}", "council", "", "member", "false", "", "", ""] for i in range(n)]
    with (root / "big.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return ["import", "csv", str(root / "big.csv"), "--root", str(root)]


def meetings_answer(root: Path, n: int) -> list[str]:
    first = dt.date(2000, 1, 1)
    meetings = "".join(
        f"<meeting><meetingid>{i}</meetingid>"
        f"<meetingdate>{(first + dt.timedelta(days=7 * i)).strftime('%d/%m/%Y')}</meetingdate>"
        f"<committeeid>{COMMITTEE}</committeeid><committeetitle>Safety</committeetitle></meeting>\n"
        for i in range(n)
    )
    (root / "meetings.xml").write_text(f"<getmeetings><meetings>\n{meetings}</meetings></getmeetings>\n")
    return [
        "import", "moderngov", str(root / "meetings.xml"), "--board", "safety",
        "--committee-id", str(COMMITTEE), "--as-of", "2024-09-01", "--root", str(root),
    ]  # fmt: skip


def measure(kind: str, n: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            shutil.copytree(BASE, root / "data")
            argv = seats_sheet(root, n) if kind == "seats" else meetings_answer(root, n)
            start = time.perf_counter()
            thp(*argv)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, nargs="*", default=[250, 500, 1000, 2000, 8000])
    parser.add_argument("--meetings", type=int, nargs="*", default=[250, 500, 1000, 4000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = ["| import | rows | seconds | ms per row |", "|---|---:|---:|---:|"]
    for kind, sizes in (("seats", args.seats), ("meetings", args.meetings)):
        for n in sizes:
            seconds = measure(kind, n, args.repeat)
            lines.append(f"| {kind} | {n} | {seconds:.2f} | {1000 * seconds / n:.2f} |")
            print(lines[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import.md").write_text(
        "# thp import: time by rows written\n\n"
        f"Python {sys.version.split()[0]}, median of {args.repeat} fresh processes.\n\n"
        + "\n".join(lines)
        + f"\n\n{BEFORE}\n"
    )


if __name__ == "__main__":
    main()
