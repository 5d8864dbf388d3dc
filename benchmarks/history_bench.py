"""How ``thp history`` and the annual report's membership changes scale with the
commits that changed ``data/``, read in full, cold and warm.

    python benchmarks/history_bench.py [--commits 500 2000] [--boards 30] [--repeat 3]

For each size it builds a repository with ``git fast-import``: a partnership of
``--boards`` boards (the base test case's other files), then that many commits,
each changing one board (a seat joins, a seat leaves, or a seat changes holder),
one every four hours through 2025, with a commit that touches only README.md
after every fourth (history must skip those). It times fresh processes of:

* ``thp history b005 --format json`` (one board's story: every commit that
  changed data/ is read), cold (``THP_NO_CACHE=1``: nothing kept from an
  earlier run) and warm (the cache of the run before: no commit is new);
* the annual report's membership section alone (``report.membership``'s
  ``membership_changes`` for 2025, timed inside a fresh process), cold and warm;
* ``thp report annual --year 2025 --as-of 2025-12-31``, cold and warm;
* the old capped walk: ``thp history b005`` as thp read it before issue #11
  (``--capped-rev``, the last commit whose walk stopped at 300 commits), when
  that revision is in this repository;
* the baseline: ``git log --first-parent --raw -- data`` on the same repository,
  the least any tool reading that history must do.

The targets (issue #17): on 2,000 data-changing commits, ``thp history BOARD``
under 3 s and the membership section under 5 s, cold. Wall time is the median of
``--repeat`` runs; processor time (user + system) is given beside it, the steadier
figure on a shared machine. Results go to benchmarks/results/history.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE.parent / "tests" / "cases" / "base" / "data"
RESULTS = HERE / "results"
START = 1735732800  # 2025-01-01 12:00 UTC
STEP = 4 * 3600  # 2,000 commits fit in 2025


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, HOME=str(home))
    return env


def _board(i: int, seats: list[tuple[str, str | None]]) -> str:
    lines = [
        f"id: b{i:03d}",
        f"name: Board {i}",
        "kind: thematic-board",
        "reports_to: [board]",
        "meets: quarterly",
        "members:",
    ]
    for role, person in seats:
        lines += [f"  - role: {role}", "    organisation: council"]
        if person:
            lines.append(f"    person: {person}")
    return "\n".join(lines) + "\n"


def _blob(path: str, text: str) -> str:
    data = text.encode()
    return f"M 100644 inline {path}\ndata {len(data)}\n{text}\n"


def build(top: Path, commits: int, boards: int) -> Path:
    """A repository whose ``data/`` changed in ``commits`` commits (plus the first)."""
    top.mkdir(parents=True)
    env = _env(top.parent)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=top, env=env, check=True)
    people = (BASE / "people.yaml").read_text()  # the base case's people, whom its boards name
    people += "".join(f"  - id: p{k}\n    name: Person {k}\n" for k in range(4))
    first = [_blob("data/people.yaml", people)]
    for path in sorted(BASE.rglob("*.yaml")):
        if path.name != "people.yaml":
            first.append(_blob(f"data/{path.relative_to(BASE).as_posix()}", path.read_text()))
    state = {i: [(f"Role {i}.{k}", "p0" if k == 0 else None) for k in range(5)] for i in range(boards)}
    first += [_blob(f"data/boards/b{i:03d}.yaml", _board(i, s)) for i, s in state.items()]
    out = []

    def commit(n: int, when: int, changes: list[str]) -> None:
        out.append(
            f"commit refs/heads/main\nmark :{n + 1}\ncommitter Bench <b@example.org> {when} +0000\n"
            f"data 5\nstep\n{''.join(changes)}\n"
        )

    commit(0, START - 86400, first)
    when = START
    for n in range(1, commits + 1):
        i = n % boards
        seats = state[i]
        kind = n % 3
        if kind == 0:
            seats.append((f"Role {i}.{len(seats)}-{n}", None))
        elif kind == 1 and len(seats) > 2:
            seats.pop(1)
        else:
            seats[0] = (seats[0][0], f"p{n % 4}" if seats[0][1] != f"p{n % 4}" else f"p{(n + 1) % 4}")
        commit(n, when, [_blob(f"data/boards/b{i:03d}.yaml", _board(i, seats))])
        when += STEP
        if n % 4 == 0:
            out.append(
                f"commit refs/heads/main\ncommitter Bench <b@example.org> {when} +0000\n"
                f"data 5\nother\n{_blob('README.md', f'step {n}')}\n"
            )
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=top, env=env, input="".join(out).encode(), check=True
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=top, env=env, check=True)
    return top


MEMBERSHIP = """
import datetime as dt, sys, time
from pathlib import Path
start = time.perf_counter()
from thp_cli.report.membership import membership_changes
found = membership_changes(Path.cwd(), 2025, dt.date(2025, 12, 31), dt.date(2026, 6, 1))
assert found.changes, found.note
print(time.perf_counter() - start)
"""
"""The membership section alone, in a fresh process: the time from importing it to its answer."""


def measure(
    argv: list[str], cwd: Path, repeat: int, env: dict[str, str] | None = None, inner: bool = False
) -> tuple[float, float]:
    """Median wall time and processor time (s, user + system, git's included) of ``repeat``
    fresh runs of ``argv``; with ``inner``, the wall time the process prints (its own)."""
    times, cpus = [], []
    for _ in range(repeat):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, cwd=cwd, env=env or _env(cwd.parent), stdout=out, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                raise SystemExit(f"{' '.join(argv[:5])} ... failed")
            out.seek(0)
            said = out.read().decode()
        times.append(float(said.split()[-1]) if inner else elapsed)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def capped(rev: str, work: Path) -> Path | None:
    """thp's source as it was at ``rev`` (the walk capped at 300 commits), or None."""
    repo = HERE.parent
    done = subprocess.run(["git", "archive", "--format=tar", rev, "src"], cwd=repo, capture_output=True)
    if done.returncode != 0:
        return None
    folder = work / "capped"
    folder.mkdir()
    subprocess.run(["tar", "-x", "-C", str(folder)], input=done.stdout, check=True)
    return folder / "src"


def run_size(n: int, args: argparse.Namespace, work: Path, old: Path | None) -> dict[str, float]:
    print(f"{n} commits: building", flush=True)
    top = build(work / f"r{n}", n, args.boards)
    thp = [sys.executable, "-m", "thp_cli"]
    cold = {**_env(top.parent), "THP_NO_CACHE": "1"}
    warm = _env(top.parent)
    history = [*thp, "history", "b005", "--format", "json"]
    report = [
        *thp,
        "report",
        "annual",
        "--year",
        "2025",
        "--as-of",
        "2025-12-31",
        "--out",
        str(work / "r.md"),
    ]
    section = [sys.executable, "-c", MEMBERSHIP]
    row: dict[str, float] = {"commits": n}
    for name, argv, inner in (
        ("history", history, False),
        ("section", section, True),
        ("report", report, False),
    ):
        row[f"{name}_cold"], row[f"{name}_cold_cpu"] = measure(argv, top, args.repeat, cold, inner)
        measure(argv, top, 1, warm, inner)  # fills the cache
        row[f"{name}_warm"], row[f"{name}_warm_cpu"] = measure(argv, top, args.repeat, warm, inner)
    if old is not None:
        env = {**cold, "PYTHONPATH": str(old)}
        row["capped"], row["capped_cpu"] = measure(history, top, args.repeat, env)
    row["git"], _ = measure(["git", "log", "--first-parent", "--raw", "--", "data"], top, args.repeat)
    print(", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--boards", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--capped-rev", default="cb827fd^", help="thp before issue #11: the walk capped at 300"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        old = capped(args.capped_rev, work)
        rows = [run_size(n, args, work, old) for n in args.commits]
    RESULTS.mkdir(exist_ok=True)
    text = markdown(rows, args, old is not None)
    (RESULTS / "history.md").write_text(text)
    print(text)


def _cell(row: dict[str, float], key: str) -> str:
    return f"{row[key]:.2f} ({row[key + '_cpu']:.2f})"


def markdown(rows: list[dict[str, float]], args: argparse.Namespace, old: bool) -> str:
    lines = [
        "# thp history: time by commits that changed data/, read in full",
        "",
        f"Python {platform.python_version()}, {args.boards} boards, {os.cpu_count()} cores; median of "
        f"{args.repeat} fresh processes, wall seconds (processor seconds, user + system, in brackets). "
        "Cold: `THP_NO_CACHE=1`; warm: the cache of the run before, no commit new. The membership "
        "section is timed inside its process (no start-up). Targets (#17) at 2,000 commits, cold: "
        "`thp history BOARD` under 3 s, the membership section under 5 s.",
        "",
        "| commits | history BOARD cold | warm | membership section cold | warm | report annual cold "
        "| warm | git log --raw |" + (" capped walk (300) | full cold / capped |" if old else ""),
        "|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if old else ""),
    ]
    for r in rows:
        cells = [f"{r['commits']:.0f}"]
        cells += [_cell(r, k) for k in ("history_cold", "history_warm", "section_cold", "section_warm")]
        cells += [_cell(r, k) for k in ("report_cold", "report_warm")]
        cells.append(f"{r['git']:.3f}")
        if old:
            cells += [_cell(r, "capped"), f"{r['history_cold'] / r['capped']:.2f}x"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "The capped walk is thp before issue #11 on the same repository: it read only the last 300",
        "commits that changed data/, each by loading its whole data/ tree. Today every commit is read,",
        "only the files each one changed (all of them fetched in one `git cat-file --batch`), each",
        "file parsed once, and what was read is kept in `.thp-cache/` by commit id for the next run.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
