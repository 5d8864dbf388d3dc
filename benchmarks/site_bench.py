"""``thp site build`` alone: time, memory and time per board of a build into an empty
folder, and of a second build of the same data into the same folder (which rewrites
no page). Per board, 5,000 boards should cost no more than 1.2 times what 2,000 do
(issue #15: a 2,000-board site in under 60 s).

    python benchmarks/run.py --only site --boards 2000 5000

Results go to benchmarks/results/site.json and site.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from run import AS_OF, RESULTS, Caches, generated, rounds, thp


def site_build(root: Path, boards: int, repeat: int, work: Path) -> dict[str, Any]:
    """``thp site build`` into an empty folder (cache removed), then again over its own output."""
    out = work / f"site{boards}"
    caches = Caches(work)
    caches.roots.append(root)

    def empty() -> None:
        shutil.rmtree(out, ignore_errors=True)

    argv = thp("site", "build", "--root", str(root), "--out", str(out), "--as-of", AS_OF)
    got = rounds({"cold": (argv, caches.cold(empty)), "again": (argv, None)}, repeat, caches.env)
    cold = got["cold"]
    return {
        **got,
        "pages": sum(1 for _ in out.rglob("*.html")),
        "per_board_ms": 1000 * cold["seconds"] / boards,
        "cpu_per_board_ms": 1000 * cold["cpu_seconds"] / boards,
    }


def site_markdown(sizes: list[dict[str, Any]]) -> list[str]:
    """The site build's table, and how its time per board grows with the boards."""
    lines = [
        "`thp site build` (a fresh process into an empty folder, then again over its own output):",
        "",
        "| boards | pages | build | ms per board | processor time | processor ms per board "
        "| build again (nothing changed) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sizes:
        s = r["site_build"]
        cold, again = s["cold"], s["again"]
        lines.append(
            f"| {r['boards']:,} | {s['pages']:,} | {cold['seconds']:.2f} s, {cold['peak_mib']:.0f} MiB "
            f"| {s['per_board_ms']:.2f} | {cold['cpu_seconds']:.2f} s | {s['cpu_per_board_ms']:.2f} "
            f"| {again['seconds']:.2f} s, {again['peak_mib']:.0f} MiB |"
        )
    for a, b in itertools.pairwise(sizes):
        sa, sb = a["site_build"], b["site_build"]
        wall = sb["per_board_ms"] / sa["per_board_ms"]
        cpu = sb["cpu_per_board_ms"] / sa["cpu_per_board_ms"]
        lines += [
            "",
            f"Per board, {b['boards']:,} boards take {wall:.2f} times the wall time and {cpu:.2f} times "
            f"the processor time of {a['boards']:,} (flat: at most 1.2).",
        ]
    return lines


def site_only(args: argparse.Namespace) -> None:
    """The site build alone, at every size, into site.json and site.md."""
    sizes: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for n in args.boards:
            root = generated(n, args.seats, Path(folder))
            print(f"{n} boards: site build", flush=True)
            repeat = args.repeat if n <= 5000 else 1
            sizes.append({"boards": n, "site_build": site_build(root, n, repeat, Path(folder))})
    cpu = platform.processor() or platform.machine()
    header = (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, {cpu}, {platform.system()} "
        f"{platform.release()} (Python {platform.python_version()}); medians of fresh processes."
    )
    table = "\n".join([header, "", *site_markdown(sizes)]) + "\n"
    print(table)
    out = args.out or (None if args.quick else RESULTS)
    if out:
        out.mkdir(parents=True, exist_ok=True)
        (out / "site.json").write_text(json.dumps({"sizes": sizes}, indent=2) + "\n")
        (out / "site.md").write_text(table)
