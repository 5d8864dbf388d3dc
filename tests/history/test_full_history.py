"""History at full depth: every commit that changed ``data/`` is read, only the files each
one changed, and the answer is the one reading every commit's whole ``data/`` tree gives.

The history built here is longer than the 300 commits thp once stopped at, and has
what a real one has: merged branches (read first-parent: a merge is one step),
renamed, deleted and re-added files, a board file broken for a while and mended, a
record in a file named for another, a file in a sub-folder, a symbolic link,
people renamed, recommendations' actions moving on, and commits that change
nothing in ``data/`` or nothing a comparison looks at.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from thp_cli.history.changes import Change, changes_between
from thp_cli.history.period import changes_during
from thp_cli.history.sources import dataset_at
from thp_cli.history.state import State, carry, state_of
from thp_cli.history.timelines import timeline

from ..conftest import BASE, git_env

START = 1704110400  # 2024-01-01 12:00 UTC
HOUR = 3600
ROLES = ["Director", "Cabinet Member", "Chief Officer", "Lead", "Adviser", "Manager"]
ORGS = ["council", "police", "nhs-trust"]


@dataclass
class Built:
    """A repository built by :func:`build`, and the commits of its first-parent history
    that changed data/, oldest first (what the walk must read)."""

    top: Path
    env: dict[str, str]
    data_commits: list[str] = field(default_factory=list)


def _board(board_id: str, seats: list[tuple[str, str, str | None, str]]) -> str:
    lines = [
        f"id: {board_id}",
        f"name: Board {board_id.upper()}",
        "kind: thematic-board",
        "reports_to: [exec]",
        "members:",
    ]
    for role, org, person, position in seats:
        lines += [f"  - role: {role}", f"    organisation: {org}", f"    position: {position}"]
        if person:
            lines.append(f"    person: {person}")
    return "\n".join(lines) + "\n"


def _people(names: dict[str, str]) -> str:
    return "people:\n" + "".join(f"  - id: {pid}\n    name: {name}\n" for pid, name in sorted(names.items()))


def _rec(status: str) -> str:
    text = (BASE / "data" / "recommendations" / "r1.yaml").read_text()
    return text.replace("    status: in-progress\n    updates:", f"    status: {status}\n    updates:")


class _Script:
    """A ``git fast-import`` stream, commit by commit."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.mark = 0
        self.when = START

    def commit(self, ref: str, ops: list[str], parent: int | None = None, merge: int | None = None) -> int:
        self.mark += 1
        self.when += HOUR
        head = f"commit {ref}\nmark :{self.mark}\n"
        head += f"committer Ann <a@example.org> {self.when} +0000\ndata 4\nstep\n"
        if parent is not None:
            head += f"from :{parent}\n"
        if merge is not None:
            head += f"merge :{merge}\n"
        self.out.append(head + "".join(ops) + "\n")
        return self.mark


def _put(path: str, text: str, mode: str = "100644") -> str:
    data = text.encode()
    return f"M {mode} inline {path}\ndata {len(data)}\n{text}\n"


class _Story:
    """The partnership as it changes, and the fast-import operations of each change."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seats: dict[str, list[tuple[str, str, str | None, str]]] = {
            f"t{i}": [(f"{ROLES[k]} {i}", ORGS[k % 3], None, "member") for k in range(3)] for i in range(5)
        }
        self.people = {f"p{k}": f"Person {k}" for k in range(4)}
        self.gone: set[str] = set()

    def first(self) -> list[str]:
        ops = [
            _put(f"data/{p.relative_to(BASE / 'data').as_posix()}", p.read_text())
            for p in sorted((BASE / "data").rglob("*.yaml"))
            if p.name != "people.yaml"
        ]
        ops.append(_put("data/people.yaml", _people(self.people)))
        return ops + [_put(f"data/boards/{b}.yaml", _board(b, s)) for b, s in self.seats.items()]

    def seat_change(self, n: int) -> list[str]:
        board = self.rng.choice(sorted(set(self.seats) - self.gone))
        seats = self.seats[board]
        kind = self.rng.randrange(4)
        if kind == 0 or len(seats) < 2:
            seats.append((f"{self.rng.choice(ROLES)} {n}", self.rng.choice(ORGS), None, "member"))
        elif kind == 1:
            seats.pop(self.rng.randrange(len(seats)))
        elif kind == 2:
            at = self.rng.randrange(len(seats))
            role, org, _, position = seats[at]
            seats[at] = (role, org, f"p{self.rng.randrange(4)}", position)
        else:
            at = self.rng.randrange(len(seats))
            role, org, person, position = seats[at]
            seats[at] = (role, org, person, "chair" if position == "member" else "member")
        return [_put(f"data/boards/{board}.yaml", _board(board, seats))]

    def odd(self, n: int) -> list[str]:
        """A change of some other kind, chosen by ``n``."""
        kind = n % 12
        live = sorted(set(self.seats) - self.gone)
        board = live[n % len(live)]
        text = _board(board, self.seats[board])
        if kind == 0:  # broken for a while: mended by its next seat change or re-write
            return [_put(f"data/boards/{board}.yaml", text + "members: [oops\n")]
        if kind == 1:  # a field that does not load
            return [_put(f"data/boards/{board}.yaml", text.replace("kind: thematic-board", "kind: nonsense"))]
        if kind == 2 and len(live) > 2:  # deleted, and later added again
            self.gone.add(board)
            return [f"D data/boards/{board}.yaml\n"]
        if kind == 3 and self.gone:
            back = sorted(self.gone)[0]
            self.gone.discard(back)
            return [_put(f"data/boards/{back}.yaml", _board(back, self.seats[back]))]
        if kind == 4:  # renamed: the record is named unlike its new file, then put back
            return [f"R data/boards/{board}.yaml data/boards/{board}-old.yaml\n"]
        if kind == 5:
            self.people[f"p{n % 4}"] = f"Person {n % 4} ({n})"
            return [_put("data/people.yaml", _people(self.people))]
        if kind == 6:
            return [
                _put("data/recommendations/r1.yaml", _rec(["not-started", "complete", "in-progress"][n % 3]))
            ]
        if kind == 7:  # nothing a comparison looks at
            return [
                _put("data/partnership.yaml", (BASE / "data" / "partnership.yaml").read_text() + f"# {n}\n")
            ]
        if kind == 8:  # a file in a sub-folder, and a link: the whole tree is read
            return [
                _put(f"data/boards/sub/{n}.yaml", "id: x\n"),
                _put("data/boards/zz.yaml", "t0.yaml", "120000"),
            ]
        if kind == 10:  # a copy of a board in a file named for another: the whole tree is read
            return [
                _put(f"data/boards/{board}-copy.yaml", text.replace("position: member", "position: adviser"))
            ]
        if kind == 9:
            return [f"D data/boards/sub/{n - 1}.yaml\n", "D data/boards/zz.yaml\n"]
        return [_put("README.md", f"step {n}\n")]  # not in data/ (kind 2 or 3 with nothing to do)

    def tidy(self) -> list[str]:
        """Every live board written as it should be (mends what odd broke or renamed)."""
        return [
            _put(f"data/boards/{b}.yaml", _board(b, s)) for b, s in self.seats.items() if b not in self.gone
        ] + [f"D data/boards/{b}-old.yaml\n" for b in self.seats]


def build(top: Path, steps: int, seed: int = 17) -> Built:
    """A repository whose first-parent history changes data/ in about ``steps`` commits."""
    top.mkdir(parents=True)
    env = git_env(top.parent)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=top, env=env, check=True)
    story, script = _Story(random.Random(seed)), _Script()
    tip = script.commit("refs/heads/main", story.first())
    for n in range(1, steps):
        if n % 40 == 0:  # a branch of three commits, merged: one first-parent step
            side = tip
            changes: list[str] = []
            for _ in range(3):
                ops = story.seat_change(n)
                changes += ops
                side = script.commit("refs/heads/side", ops, parent=side)
            tip = script.commit("refs/heads/main", changes, parent=tip, merge=side)
        elif n % 7 == 0:
            tip = script.commit("refs/heads/main", story.odd(n), parent=tip)
        elif n % 7 == 1 and n > 1:
            tip = script.commit("refs/heads/main", story.tidy() + story.seat_change(n), parent=tip)
        else:
            tip = script.commit("refs/heads/main", story.seat_change(n), parent=tip)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=top, env=env, input="".join(script.out).encode(), check=True
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=top, env=env, check=True)
    listed = subprocess.run(
        ["git", "rev-list", "--first-parent", "--reverse", "HEAD", "--", "data"],
        cwd=top, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return Built(top, env, listed)


def truth(built: Built, *, recommendations: bool, begins: bool) -> list[tuple[str, Change]]:
    """Each change and the id of the commit that made it, by loading every commit's whole
    data/ tree afresh (no step reads only what changed, nothing is cached); ``begins``:
    the first commit's records are said to be already recorded, as ``thp history`` says."""
    out: list[tuple[str, Change]] = []
    before = State()
    for n, sha in enumerate(built.data_commits):
        now = carry(before, state_of(dataset_at(built.top, sha)))
        for change in changes_between(before, now, begins and n == 0, recommendations=recommendations):
            out.append((sha, change))
        before = now
    return out


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("long") / "repo", 330)


@pytest.fixture(autouse=True)
def _cache_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's cache folder is the test's own; the cache is on unless a test turns it off."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("THP_NO_CACHE", raising=False)


def _full(built: Built, short: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", short], cwd=built.top, env=built.env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_walk_reads_every_commit_past_300_and_agrees_with_reading_each_tree_whole(
    long_history: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THP_NO_CACHE", "1")
    assert len(long_history.data_commits) > 300
    expected = [
        (sha, c)
        for sha, c in truth(long_history, recommendations=False, begins=True)
        if c.kind in ("board", "seat")
    ]
    tl = timeline(long_history.top)
    assert tl.walked == len(long_history.data_commits)
    got = [(_full(long_history, e.commit.sha), e.change) for e in tl.events]
    kinds = {(c.kind, c.change) for _, c in expected}
    assert {("board", "added"), ("board", "removed"), ("seat", "added"), ("seat", "removed")} <= kinds
    assert len(got) == len(expected)
    assert got == expected


def test_the_year_s_changes_agree_with_reading_each_tree_whole(
    long_history: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THP_NO_CACHE", "1")
    period = changes_during(long_history.top, dt.date(2023, 1, 1), dt.date(2030, 12, 31))
    assert period is not None and period.walked == len(long_history.data_commits)
    expected = truth(long_history, recommendations=True, begins=False)
    assert any(c.kind == "recommendation-action" for _, c in expected)
    got = [(_full(long_history, commit.sha), c) for c, commit in period.made_by() if commit is not None]
    assert got == expected
