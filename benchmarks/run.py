"""thp's benchmark suite: every target of issue #17, cold and warm, with its ratio or
figure, the target and whether it was met, in one run on the same generated data.

    pip install -e '.[bench]'
    python benchmarks/run.py                       # 2,000, 5,000 and 20,000 boards
    python benchmarks/run.py --boards 2000 5000    # some sizes
    python benchmarks/run.py --quick               # tiny sizes, one repeat: to try it
    python benchmarks/run.py --only site --boards 2000 5000   # the site build alone

Every measurement is a fresh process (thp run as its installed ``thp`` command, as
officers and CI run it), timed by wall clock, with its processor time
(user and system) and its peak memory (maximum resident set size from ``wait4``);
the median of ``--repeat`` rounds is reported (one round at 20,000 boards). Within a
round, a command and its baseline run one after the other, so the ratios compare
runs made side by side on the same machine at the same moment.

*Cold* runs with thp's cache removed first (``.thp-cache/`` in the partnership and
the user's cache folder, which the run points at a folder of its own); *warm* is the
run straight after, nothing changed; *one file changed* edits one board's file,
then runs: three times, once its prose (a yearly update's summary), once a seat's
role, once its reporting line (to the top board and back); ``thp validate`` amends
its last answer for each, as for any edit that changes nothing the checks across
records read, or that they can judge from what the last run noted. Where thp has
no cache, warm is simply a second cold run. The
site is built cold and warm into an empty folder; *again* builds it over the site
the last build left, nothing changed.

Targets (issue #17; ratios are thp's time over the baseline's):

* ``thp validate``: cold <= 0.8x the C-parse floor (PyYAML's CSafeLoader loading the
  same files in one process, checking nothing), warm <= 0.15x, one file changed <= 0.25x;
* ``thp overlap``: cold <= 0.8x the pipeline an analyst would write (CSafeLoader, a
  networkx bipartite graph, ``overlap_weighted_projected_graph``), warm <= 0.3x, with
  the same pairs and overlap coefficients (at threshold 0);
* ``thp report annual`` under 20 s and ``thp site build`` (where thp has it) under 60 s
  at 20,000 boards, and every command under 1 GiB of memory there (smaller sizes are
  measured and shown, but judged only at 20,000 boards);
* full history of ``--commits`` (2,000) data-changing commits: ``thp history BOARD``
  under 3 s, the annual report (which holds the membership section) under 5 s;
* ``thp --help`` <= 1.15x ``python -c "import typer"``.

Results go to benchmarks/results/ (results.json, results.md) and to the README's
Performance section, between its ``<!-- benchmarks:performance -->`` markers. A
``--quick`` run writes nothing unless given ``--out`` or ``--readme``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE.parent / "README.md"
MARK = "benchmarks:performance"
AS_OF = "2025-12-31"
GIB = 1024.0

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
json.dump(sorted([*sorted((u, v)), round(w, 4)] for u, v, w in p.edges(data="weight")),
          open(sys.argv[2], "w"))
"""

Run = dict[str, float]
Job = tuple[list[str], Callable[[], None] | None]
"""A command to time, and what to do before each run of it (remove the cache, edit a file)."""


def run_once(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    """One fresh process of ``argv``: wall and processor seconds, peak MiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        error = proc.stderr.read().decode()[-2000:] if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv[:4])} ... failed: {error}")
    if proc.stderr:
        proc.stderr.close()
    return {
        "seconds": elapsed,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
    }


def rounds(jobs: dict[str, Job], repeat: int, env: dict[str, str], cwd: Path | None = None) -> dict[str, Run]:
    """Run every job once per round, in order, for ``repeat`` rounds: the medians of
    each job's times and its highest peak."""
    runs: dict[str, list[Run]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, (argv, before) in jobs.items():
            if before is not None:
                before()
            runs[name].append(run_once(argv, env, cwd))
    return {
        name: {
            "seconds": statistics.median(r["seconds"] for r in got),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in got),
            "peak_mib": max(r["peak_mib"] for r in got),
        }
        for name, got in runs.items()
    }


def thp(*args: str) -> list[str]:
    """thp as officers and CI run it: the ``thp`` command pip installed beside this Python
    (``python -m thp_cli`` costs ~10 ms more, runpy finding the module), if it is there."""
    script = Path(sys.executable).with_name("thp.exe" if os.name == "nt" else "thp")
    return [str(script), *args] if script.is_file() else [sys.executable, "-m", "thp_cli", *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


class Caches:
    """thp's cache folders for one run: in each partnership and the user's (``XDG_CACHE_HOME``
    pointed at a folder of the run's own). :meth:`clear` makes the next run cold."""

    def __init__(self, work: Path) -> None:
        self.user = work / "user-cache"
        # PYTHONDONTWRITEBYTECODE left out: an installed thp (and PyYAML, the floor's) has its
        # modules compiled, so neither side should compile its modules afresh in every run
        skip = ("THP_NO_CACHE", "PYTHONDONTWRITEBYTECODE")
        self.env = {k: v for k, v in os.environ.items() if k not in skip and not k.startswith("GIT_")}
        self.env.update(XDG_CACHE_HOME=str(self.user), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
        self.roots: list[Path] = []

    def clear(self) -> None:
        for folder in [self.user, *(root / ".thp-cache" for root in self.roots)]:
            shutil.rmtree(folder, ignore_errors=True)

    def cold(self, also: Callable[[], None] | None = None) -> Callable[[], None]:
        def before() -> None:
            self.clear()
            if also is not None:
                also()

        return before


def generated(boards: int, seats: int, work: Path) -> Path:
    root = work / f"p{boards}"
    if not root.is_dir():
        generator = [sys.executable, str(HERE / "generate.py"), str(root), "--boards", str(boards)]
        subprocess.run([*generator, "--seats", str(seats)], check=True)
    return root


def _reporting_line(text: str, n: int) -> str:
    """The board's reporting line to the top board on odd edits, back on even ones."""
    line = re.search(r"reports_to: \[[^\]]*\]", text)
    assert line, "the reporting-line edit found no reports_to"
    kept = re.search(r"# was (reports_to: \[[^\]]*\])\n", text)
    if n % 2:
        return text.replace(line[0], "reports_to: [board-00000]", 1) + f"# was {line[0]}\n"
    assert kept, "the reporting-line edit lost the line it moved"
    return text.replace(line[0], kept[1], 1).replace(kept[0], "")


EDITS: dict[str, Callable[[str, int], str]] = {
    # a yearly update's summary: prose, the usual edit
    "prose": lambda text, n: re.sub(
        r"summary: A year of work.*", f"summary: A year of work, edit {n}", text, count=1
    ),
    # the first seat's role: more than prose, spelt as no other seat is
    "seat": lambda text, n: re.sub(r'(  - role: "[^"]*?)( edit [0-9]+)?"', rf'\1 edit {n}"', text, count=1),
    # the board's reporting line, to the top board and back
    "line": _reporting_line,
}
"""What each kind of edit of one board's file does to its text on the ``n``th edit."""


def editor(root: Path, kind: str = "prose") -> Callable[[], None]:
    """An edit of one board's file (``kind``: see :data:`EDITS`), new bytes each call."""
    path = sorted((root / "data" / "boards").glob("*.yaml"))[
        len(list((root / "data" / "boards").glob("*.yaml"))) // 2
    ]
    count = [0]

    def edit() -> None:
        count[0] += 1
        text = path.read_text()
        changed = EDITS[kind](text, count[0])
        assert changed != text, f"the {kind} edit found nothing to change in {path}"
        path.write_text(changed)

    return edit


COMPARE = """
import json, sys
pairs = [p for p in json.load(open(sys.argv[1]))["pairs"] if p["shared_seats"]]
ours = {tuple(sorted((p["a"], p["b"]))): p["overlap"] for p in pairs}
theirs = {(a, b): w for a, b, w in json.load(open(sys.argv[2]))}
same = set(ours) == set(theirs)
close = same and all(abs(ours[k] - theirs[k]) < 1e-4 for k in ours)
print(json.dumps({"pairs": same, "coefficients": close}))
"""


def same_pairs(root: Path, work: Path, env: dict[str, str]) -> dict[str, bool]:
    """Whether thp overlap and the analyst's pipeline find the same pairs of boards sharing
    seats, and give each the same overlap coefficient. Both outputs are compared in a child
    process: read here, they would make this process as big as they are, and every command
    started after would be measured with this process's peak memory (a child started by
    vfork or fork counts its parent's peak as its own)."""
    diy = work / "diy.json"
    ours = work / "thp-overlap.json"
    subprocess.run(python(DIY_OVERLAP, str(root), str(diy)), check=True, env=env)
    argv = thp("overlap", "--root", str(root), "--format", "json", "--threshold", "0", "--as-of", AS_OF)
    with ours.open("wb") as out:
        subprocess.run(argv, check=True, stdout=out, env=env)
    done = subprocess.run(python(COMPARE, str(ours), str(diy)), check=True, capture_output=True, env=env)
    answer: dict[str, bool] = json.loads(done.stdout)
    return answer


def has_command(words: list[str], env: dict[str, str]) -> bool:
    done = subprocess.run(thp(*words, "--help"), capture_output=True, env=env)
    return done.returncode == 0


def measure_size(boards: int, seats: int, repeat: int, work: Path, baselines: bool) -> dict[str, Any]:
    # Everything heavy happens in child processes: a forked child starts with its
    # parent's memory, so a big parent would inflate every peak measured here.
    root = generated(boards, seats, work)
    caches = Caches(work)
    caches.roots.append(root)
    env = caches.env
    where = ("--root", str(root), "--as-of", AS_OF)
    result: dict[str, Any] = {"boards": boards, "seats_per_board": seats, "repeat": repeat}
    print(f"{boards:,} boards: validate", flush=True)
    validate = thp("validate", *where, "--format", "json")
    result["validate"] = rounds(
        {
            "floor": (python(FLOOR, str(root)), None),
            "cold": (validate, caches.cold()),
            "warm": (validate, None),
            "one_file_changed": (validate, editor(root)),
            "one_seat_changed": (validate, editor(root, "seat")),
            "one_line_changed": (validate, editor(root, "line")),
        },
        repeat,
        env,
    )
    if baselines:
        print(f"{boards:,} boards: check-jsonschema, ruamel round-trip", flush=True)
        subprocess.run(
            thp("schema", "--out", str(root / "schemas"), "--root", str(root)),
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        files = [str(p) for p in sorted((root / "data" / "boards").glob("*.yaml"))]
        schema = str(root / "schemas" / "board.schema.json")
        result["validate"] |= rounds(
            {
                "check_jsonschema": (
                    [sys.executable, "-m", "check_jsonschema", "--schemafile", schema, *files],
                    None,
                ),
                "ruamel_round_trip": (python(RUAMEL_RT, str(root)), None),
            },
            1,
            env,
        )
    print(f"{boards:,} boards: overlap", flush=True)
    overlap = thp("overlap", *where, "--format", "json")
    result["overlap"] = rounds(
        {
            "analyst": (python(DIY_OVERLAP, str(root), str(work / "diy.json")), None),
            "cold": (overlap, caches.cold()),
            "warm": (overlap, None),
        },
        repeat,
        env,
    )
    result["overlap"]["same"] = same_pairs(root, work, env)
    print(f"{boards:,} boards: report annual", flush=True)
    report = thp("report", "annual", *where, "--year", "2025", "--out", str(work / "report.md"))
    result["report_annual"] = rounds({"cold": (report, caches.cold()), "warm": (report, None)}, repeat, env)
    if has_command(["site", "build"], env):
        print(f"{boards:,} boards: site build", flush=True)
        out = work / f"site{boards}"

        def empty() -> None:
            shutil.rmtree(out, ignore_errors=True)

        site = thp("site", "build", *where, "--out", str(out))
        result["site_build"] = rounds(
            # again: the same build over the site the last one left, nothing changed
            {"cold": (site, caches.cold(empty)), "warm": (site, empty), "again": (site, None)},
            repeat,
            env,
        )
        result["site_build"]["pages"] = sum(1 for _ in out.rglob("*.html"))
    caches.clear()
    return result


def measure_history(commits: int, boards: int, repeat: int, work: Path) -> dict[str, Any]:
    """``thp history BOARD`` and the annual report on a repository whose data/ changed in
    ``commits`` commits (built by history_bench.py), cold and warm, against ``git log --raw``."""
    sys.path.insert(0, str(HERE))
    from history_bench import build

    print(f"history: {commits:,} commits", flush=True)
    top = build(work / f"h{commits}", commits, boards)
    caches = Caches(work)
    caches.roots.append(top)
    history = thp("history", "b001", "--format", "json")
    report = thp("report", "annual", "--year", "2025", "--as-of", "2025-12-31", "--out", str(work / "h.md"))
    got = rounds(
        {
            "git_log": (["git", "log", "--first-parent", "--raw", "--", "data"], None),
            "history_cold": (history, caches.cold()),
            "history_warm": (history, None),
            "report_cold": (report, caches.cold()),
            "report_warm": (report, None),
        },
        repeat,
        caches.env,
        cwd=top,
    )
    caches.clear()
    return {"commits": commits, "boards": boards, **got}


def measure_help(repeat: int, work: Path) -> dict[str, Run]:
    print("thp --help", flush=True)
    env = Caches(work).env
    return rounds({"typer": (python("import typer"), None), "thp": (thp("--help"), None)}, repeat, env)


Target = dict[str, Any]


def target(
    what: str, size: str, value: float, limit: float, unit: str, detail: str, judged: bool = True
) -> Target:
    """One row: what was measured, at what size, the figure against its limit."""
    shown = (
        f"{value:.2f}x" if unit == "x" else f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"
    )
    wanted = f"<= {limit:g}x" if unit == "x" else f"< {limit:g} {unit}"
    met = (value <= limit if unit == "x" else value < limit) if judged else None
    return {
        "what": what,
        "size": size,
        "value": value,
        "shown": shown,
        "target": wanted,
        "met": met,
        "detail": detail,
    }


def secs(run: Run) -> str:
    return f"{run['seconds']:.2f} s"


def cpu(run: Run, baseline: Run) -> str:
    """The ratio of processor times (user and system, both cores): steadier than wall time
    on a shared machine."""
    return f"{run['cpu_seconds'] / baseline['cpu_seconds']:.2f}x"


def size_targets(r: dict[str, Any], judge_at: int) -> list[Target]:
    """The targets one size measures: ratios at every size; times and memory judged only
    at ``judge_at`` boards or more."""
    n = r["boards"]
    size = f"{n:,} boards"
    v, o, rep = r["validate"], r["overlap"], r["report_annual"]
    rows = []
    for key, what, limit in (
        ("cold", "cold", 0.8),
        ("warm", "warm", 0.15),
        ("one_file_changed", "one file changed (its prose)", 0.25),
        ("one_seat_changed", "one file changed (a seat's role)", 0.25),
        ("one_line_changed", "one file changed (its reporting line)", 0.25),
    ):
        if key not in v:  # a run from before this edit was measured
            continue
        rows.append(
            target(
                f"validate {what} vs C-parse floor",
                size,
                v[key]["seconds"] / v["floor"]["seconds"],
                limit,
                "x",
                f"{secs(v[key])} vs {secs(v['floor'])}; processor {cpu(v[key], v['floor'])}",
            )
        )
    same = o["same"]
    agree = (
        "same pairs and coefficients"
        if same["coefficients"]
        else "same pairs, coefficients DIFFER"
        if same["pairs"]
        else "pairs DIFFER"
    )
    for key, limit in (("cold", 0.8), ("warm", 0.3)):
        ratio = o[key]["seconds"] / o["analyst"]["seconds"]
        rows.append(
            target(
                f"overlap {key} vs analyst pipeline",
                size,
                ratio,
                limit,
                "x",
                f"{secs(o[key])} vs {secs(o['analyst'])}; processor {cpu(o[key], o['analyst'])}; {agree}",
            )
        )
        if not same["coefficients"]:
            rows[-1]["met"] = False
    judged = n >= judge_at
    for key in ("cold", "warm"):
        rows.append(
            target(
                f"report annual {key}",
                size,
                rep[key]["seconds"],
                20,
                "s",
                f"{rep[key]['peak_mib']:.0f} MiB",
                judged,
            )
        )
    if "site_build" in r:
        s = r["site_build"]
        for key in [k for k in ("cold", "warm", "again") if k in s]:
            rows.append(
                target(
                    f"site build {key}",
                    size,
                    s[key]["seconds"],
                    60,
                    "s",
                    f"{s[key]['peak_mib']:.0f} MiB, {s['pages']:,} pages",
                    judged,
                )
            )
    runs = [
        run
        for group in ("validate", "overlap", "report_annual", "site_build")
        for key, run in r.get(group, {}).items()
        if key in ("cold", "warm", "again", "one_file_changed", "one_seat_changed", "one_line_changed")
    ]
    rows.append(
        target(
            "peak memory, every thp command", size, max(x["peak_mib"] for x in runs), GIB, "MiB", "", judged
        )
    )
    return rows


def history_targets(h: dict[str, Any]) -> list[Target]:
    size = f"{h['commits']:,} commits"
    git = f"git log --raw {secs(h['git_log'])}"
    return [
        target("history BOARD cold", size, h["history_cold"]["seconds"], 3, "s", git),
        target("history BOARD warm", size, h["history_warm"]["seconds"], 3, "s", git),
        target(
            "report annual (membership section) cold",
            size,
            h["report_cold"]["seconds"],
            5,
            "s",
            "whole report",
        ),
        target(
            "report annual (membership section) warm",
            size,
            h["report_warm"]["seconds"],
            5,
            "s",
            "whole report",
        ),
    ]


def all_targets(results: dict[str, Any]) -> list[Target]:
    h = results["help"]
    rows = [
        target(
            "thp --help vs import typer",
            "-",
            h["thp"]["seconds"] / h["typer"]["seconds"],
            1.15,
            "x",
            f"{h['thp']['seconds'] * 1000:.0f} ms vs {h['typer']['seconds'] * 1000:.0f} ms; processor "
            f"{h['thp']['cpu_seconds'] / h['typer']['cpu_seconds']:.2f}x",
        )
    ]
    for r in results["sizes"]:
        rows += size_targets(r, results["judge_at"])
    if results.get("history"):
        rows += history_targets(results["history"])
    return rows


def markdown(results: dict[str, Any]) -> str:
    rows = all_targets(results)
    met = sum(1 for t in rows if t["met"] is True)
    missed = sum(1 for t in rows if t["met"] is False)
    lines = [
        f"Measured {results['date']} on {results['machine']} (Python {results['python']}); "
        + (f"medians of {results['repeat']} rounds" if results["repeat"] != 1 else "one round")
        + " of fresh processes (one above 5,000 boards), wall time. "
        f"{met} targets met, {missed} missed"
        + (f"; times and memory are judged at {results['judge_at']:,} boards." if missed + met else "."),
        "",
        "| target | size | measured | target | met | detail |",
        "|---|---|---|---|---|---|",
    ]
    word = {True: "met", False: "**missed**", None: "-"}
    lines += [
        f"| {t['what']} | {t['size']} | {t['shown']} | {t['target']} | {word[t['met']]} | {t['detail']} |"
        for t in rows
    ]
    extra = [r for r in results["sizes"] if "check_jsonschema" in r["validate"]]
    if extra:
        lines += ["", "Other baselines for `thp validate` (cold):", ""]
        for r in extra:
            v = r["validate"]
            lines.append(
                f"- {r['boards']:,} boards: {v['cold']['seconds'] / v['check_jsonschema']['seconds']:.2f}x "
                f"check-jsonschema, {v['cold']['seconds'] / v['ruamel_round_trip']['seconds']:.2f}x "
                "ruamel.yaml's round-trip loader."
            )
    return "\n".join(lines) + "\n"


def write_readme(readme: Path, table: str) -> None:
    """Put ``table`` between the README's performance markers (all other bytes kept)."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {MARK} -->\n).*?(<!-- /{MARK} -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{readme} has no <!-- {MARK} --> section")
    new = pattern.sub(lambda m: m.group(1) + table + m.group(2), text)
    temporary = readme.with_name(readme.name + ".tmp")
    temporary.write_text(new, encoding="utf-8")
    os.replace(temporary, readme)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--boards", type=int, nargs="+", help="sizes (default 2000 5000 20000; --quick: 30 60)"
    )
    parser.add_argument("--seats", type=int, default=15)
    parser.add_argument(
        "--repeat", type=int, help="rounds per size up to 5,000 boards (default 3; --quick: 1)"
    )
    parser.add_argument(
        "--commits", type=int, help="data-changing commits of the history target (default 2000)"
    )
    parser.add_argument(
        "--judge-at", type=int, default=20000, help="boards at which times and memory are judged"
    )
    parser.add_argument(
        "--baselines-up-to",
        type=int,
        default=5000,
        help="run check-jsonschema and ruamel round-trip (slow) only up to this many boards",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round; writes only where told")
    parser.add_argument(
        "--out", type=Path, help="folder for results.json and results.md (default benchmarks/results)"
    )
    parser.add_argument(
        "--readme", type=Path, help="README whose Performance section to rewrite (default README.md)"
    )
    parser.add_argument("--only", choices=["site"], help="measure only this command (see site_bench)")
    args = parser.parse_args()
    quick = args.quick
    args.boards = args.boards or ([30, 60] if quick else [2000, 5000, 20000])
    args.repeat = args.repeat or (1 if quick else 3)
    args.commits = args.commits if args.commits is not None else (20 if quick else 2000)
    if not quick:
        args.out = args.out or RESULTS
        args.readme = args.readme or README
    return args


def main() -> None:
    args = arguments()
    if args.only == "site":
        from site_bench import site_only

        site_only(args)
        return
    cpu = platform.processor() or platform.machine()
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "repeat": args.repeat,
        "judge_at": args.judge_at,
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results["help"] = measure_help(max(args.repeat, 11), work)
        results["sizes"] = [
            measure_size(n, args.seats, args.repeat if n <= 5000 else 1, work, n <= args.baselines_up_to)
            for n in args.boards
        ]
        if args.commits:
            results["history"] = measure_history(args.commits, 30, args.repeat, work)
    results["targets"] = all_targets(results)
    table = markdown(results)
    print(table)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
        (args.out / "results.md").write_text(table)
    if args.readme:
        write_readme(args.readme, table)


if __name__ == "__main__":
    main()
