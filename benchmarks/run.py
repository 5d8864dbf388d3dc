"""thp's benchmark suite: one run, the same generated data, ratios against baselines.

    pip install -e '.[bench]'
    python benchmarks/run.py                      # N = 2,000, 5,000 and 20,000 boards, K = 15
    python benchmarks/run.py --boards 2000 --repeat 5

Every measurement is a fresh process (cold start, as in CI), timed by wall
clock, with its peak memory (maximum resident set size from ``wait4``); the
median of ``--repeat`` runs is reported. Ratios compare thp with:

* ``validate``: the C-parse floor (PyYAML's CSafeLoader loading the same files
  in one process), check-jsonschema with thp's board schema, and
  ruamel.yaml's round-trip loader;
* ``overlap`` (with its default threshold; it also clusters, finds bridges
  and candidates): the pipeline a data analyst would write (CSafeLoader, a
  networkx bipartite graph, ``overlap_weighted_projected_graph``), checking
  that both find the same pairs of boards sharing seats (at threshold 0);
* ``--help``: ``python -c "import typer"``;
* ``report annual``: no baseline; time and memory.
* ``site build``: no baseline; time, memory and time per board of a build into
  an empty folder, and of a second build of the same data into the same folder
  (which rewrites no page). Per board, 5,000 boards should cost no more than
  1.2 times what 2,000 do (issue #15: a 2,000-board site in under 60 s).

    python benchmarks/run.py --only site --boards 2000 5000   # the site alone

Results go to benchmarks/results/results.json and results.md (``--only site``:
site.json and site.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
AS_OF = "2025-12-31"

FLOOR = """
import sys, glob, yaml
for f in sorted(glob.glob(sys.argv[1] + "/data/**/*.yaml", recursive=True)):
    with open(f, "rb") as h:
        yaml.load(h, Loader=yaml.CSafeLoader)
"""
RUAMEL_RT = """
import sys, glob
from ruamel.yaml import YAML
yaml = YAML(typ="rt")
for f in sorted(glob.glob(sys.argv[1] + "/data/**/*.yaml", recursive=True)):
    with open(f, "rb") as h:
        yaml.load(h)
"""
DIY_OVERLAP = """
import sys, glob, json, yaml, networkx as nx
g = nx.Graph()
boards = []
for f in sorted(glob.glob(sys.argv[1] + "/data/boards/*.yaml")):
    with open(f, "rb") as h:
        b = yaml.load(h, Loader=yaml.CSafeLoader)
    boards.append(b["id"])
    g.add_node(b["id"], bipartite=0)
    for m in b.get("members") or []:
        seat = m.get("person") or (m.get("organisation"), m["role"])
        g.add_node(seat, bipartite=1)
        g.add_edge(b["id"], seat)
p = nx.bipartite.overlap_weighted_projected_graph(g, boards, jaccard=False)
json.dump(sorted(sorted(e) for e in p.edges()), open(sys.argv[2], "w"))
"""


def measure(
    argv: list[str], repeat: int, env: dict[str, str] | None = None, empty: Path | None = None
) -> dict[str, float]:
    """Median wall time (s), median processor time (s, user and system, the child's
    children included) and peak memory (MiB) of ``repeat`` fresh runs of ``argv``
    (``empty``: a folder removed before each run, so each starts from nothing).
    On a shared machine the processor time is the steadier of the two."""
    times, cpus, peaks = [], [], []
    for _ in range(repeat):
        if empty is not None:
            shutil.rmtree(empty, ignore_errors=True)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            error = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            raise SystemExit(f"{' '.join(argv[:4])} ... failed: {error}")
        times.append(elapsed)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
    median = statistics.median
    return {"seconds": median(times), "cpu_seconds": median(cpus), "peak_mib": max(peaks)}


def thp(*args: str) -> list[str]:
    return [sys.executable, "-m", "thp_cli", *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def board_schema(folder: Path) -> Path:
    """thp's exported board schema (made in a child process, see run_size)."""
    path = folder / "board.schema.json"
    subprocess.run(thp("schema", "--out", str(folder), "--root", str(folder.parent)), check=True)
    return path


def same_pairs(root: Path, work: Path) -> bool:
    """thp overlap and the analyst's pipeline find the same pairs of boards sharing seats."""
    diy = work / "diy.json"
    subprocess.run(python(DIY_OVERLAP, str(root), str(diy)), check=True)
    out = subprocess.run(
        thp("overlap", "--root", str(root), "--format", "json", "--threshold", "0", "--as-of", AS_OF),
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    ours = sorted(sorted((p["a"], p["b"])) for p in json.loads(out.stdout)["pairs"] if p["shared_seats"])
    theirs = sorted(sorted(pair) for pair in json.loads(diy.read_text()))
    return ours == theirs


def site_build(root: Path, boards: int, repeat: int, work: Path) -> dict[str, object]:
    """``thp site build`` into an empty folder, then again over its own output."""
    out = work / f"site{boards}"
    argv = thp("site", "build", "--root", str(root), "--out", str(out), "--as-of", AS_OF)
    cold = measure(argv, repeat, empty=out)
    again = measure(argv, repeat)
    pages = sum(1 for _ in out.rglob("*.html"))
    return {
        "cold": cold,
        "again": again,
        "pages": pages,
        "per_board_ms": 1000 * cold["seconds"] / boards,
        "cpu_per_board_ms": 1000 * cold["cpu_seconds"] / boards,
    }


def generated(boards: int, seats: int, work: Path) -> Path:
    root = work / f"p{boards}"
    if not root.is_dir():
        generator = [sys.executable, str(HERE / "generate.py"), str(root), "--boards", str(boards)]
        subprocess.run([*generator, "--seats", str(seats)], check=True)
    return root


def run_size(boards: int, seats: int, repeat: int, work: Path, baselines: bool) -> dict[str, object]:
    # Everything heavy happens in child processes: a forked child starts with its
    # parent's memory, so a big parent would inflate every peak measured here.
    root = generated(boards, seats, work)
    files = [str(p) for p in sorted((root / "data" / "boards").glob("*.yaml"))]
    result: dict[str, object] = {"boards": boards, "seats_per_board": seats, "repeat": repeat}
    print(f"{boards} boards: validate", flush=True)
    validate = measure(thp("validate", "--root", str(root), "--format", "json", "--as-of", AS_OF), repeat)
    floor = measure(python(FLOOR, str(root)), repeat)
    result["validate"] = validate
    result["c_parse_floor"] = floor
    if baselines:
        print(f"{boards} boards: check-jsonschema, ruamel round-trip", flush=True)
        schema = board_schema(root / "schemas")
        result["check_jsonschema"] = measure(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *files], 1
        )
        result["ruamel_round_trip"] = measure(python(RUAMEL_RT, str(root)), 1)
    print(f"{boards} boards: overlap", flush=True)
    result["overlap"] = measure(
        thp("overlap", "--root", str(root), "--format", "json", "--as-of", AS_OF), repeat
    )
    result["diy_overlap"] = measure(python(DIY_OVERLAP, str(root), str(work / "diy.json")), repeat)
    result["same_pairs"] = same_pairs(root, work)
    print(f"{boards} boards: report annual", flush=True)
    result["report_annual"] = measure(
        thp("report", "annual", "--root", str(root), "--as-of", AS_OF, "--year", "2025"), 1
    )
    print(f"{boards} boards: site build", flush=True)
    result["site_build"] = site_build(root, boards, 1, work)
    result["validate_per_board_ms"] = 1000 * validate["seconds"] / boards
    return result


def ratio(a: object, b: object) -> str:
    if not isinstance(a, dict) or not isinstance(b, dict):
        return "-"
    return f"{a['seconds'] / b['seconds']:.2f}x"


def markdown(results: dict[str, object]) -> str:
    lines = [
        f"Measured {results['date']} on {results['machine']} (Python {results['python']}); "
        "medians of fresh processes, seconds and peak MiB.",
        "",
        "| boards | validate | ms per board | vs C-parse floor | vs check-jsonschema "
        "| vs ruamel round-trip | overlap | vs analyst pipeline | same pairs | report annual |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:  # type: ignore[attr-defined]
        v, o, rep = r["validate"], r["overlap"], r["report_annual"]
        lines.append(
            f"| {r['boards']:,} | {v['seconds']:.2f} s, {v['peak_mib']:.0f} MiB "
            f"| {r['validate_per_board_ms']:.2f} "
            f"| {ratio(v, r['c_parse_floor'])} | {ratio(v, r.get('check_jsonschema'))} "
            f"| {ratio(v, r.get('ruamel_round_trip'))} | {o['seconds']:.2f} s, {o['peak_mib']:.0f} MiB "
            f"| {ratio(o, r['diy_overlap'])} | {'yes' if r['same_pairs'] else 'NO'} "
            f"| {rep['seconds']:.2f} s, {rep['peak_mib']:.0f} MiB |"
        )
    h: dict[str, dict[str, float]] = results["help"]  # type: ignore[assignment]
    lines += [
        "",
        f"`thp --help`: {h['thp']['seconds'] * 1000:.0f} ms against `import typer` "
        f"{h['typer']['seconds'] * 1000:.0f} ms ({ratio(h['thp'], h['typer'])}).",
        "",
        *site_markdown(results["sizes"]),  # type: ignore[arg-type]
    ]
    return "\n".join(lines) + "\n"


def site_markdown(sizes: list[dict[str, object]]) -> list[str]:
    """The site build's table, and how its time per board grows with the boards."""
    sizes = [r for r in sizes if "site_build" in r]
    lines = [
        "`thp site build` (a fresh process into an empty folder, then again over its own output):",
        "",
        "| boards | pages | build | ms per board | processor time | processor ms per board "
        "| build again (nothing changed) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sizes:
        s: dict[str, dict[str, float]] = r["site_build"]  # type: ignore[assignment]
        cold, again = s["cold"], s["again"]
        lines.append(
            f"| {r['boards']:,} | {s['pages']:,} | {cold['seconds']:.2f} s, {cold['peak_mib']:.0f} MiB "
            f"| {s['per_board_ms']:.2f} | {cold['cpu_seconds']:.2f} s | {s['cpu_per_board_ms']:.2f} "
            f"| {again['seconds']:.2f} s, {again['peak_mib']:.0f} MiB |"
        )
    for a, b in itertools.pairwise(sizes):
        sa: dict[str, float] = a["site_build"]  # type: ignore[assignment]
        sb: dict[str, float] = b["site_build"]  # type: ignore[assignment]
        wall = sb["per_board_ms"] / sa["per_board_ms"]
        cpu = sb["cpu_per_board_ms"] / sa["cpu_per_board_ms"]
        lines += [
            "",
            f"Per board, {b['boards']:,} boards take {wall:.2f} times the wall time and {cpu:.2f} times "
            f"the processor time of {a['boards']:,} (flat: at most 1.2).",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--boards", type=int, nargs="+", default=[2000, 5000, 20000])
    parser.add_argument("--seats", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baselines-up-to",
        type=int,
        default=5000,
        help="run check-jsonschema and ruamel round-trip (slow) only up to this many boards",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--only", choices=["site"], help="measure only this command")
    args = parser.parse_args()
    if args.only == "site":
        site_only(args)
        return
    cpu = platform.processor() or platform.machine()
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "help": {
            "thp": measure(thp("--help"), max(args.repeat, 5)),
            "typer": measure(python("import typer"), max(args.repeat, 5)),
        },
    }
    sizes = []
    with tempfile.TemporaryDirectory() as folder:
        for n in args.boards:
            repeat = args.repeat if n <= 5000 else 1
            sizes.append(run_size(n, args.seats, repeat, Path(folder), n <= args.baselines_up_to))
    results["sizes"] = sizes
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (args.out / "results.md").write_text(table)
    print(table)


def site_only(args: argparse.Namespace) -> None:
    """``--only site``: the site build alone, at every size, into site.json and site.md."""
    sizes: list[dict[str, object]] = []
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
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "site.json").write_text(json.dumps({"sizes": sizes}, indent=2) + "\n")
    (args.out / "site.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
