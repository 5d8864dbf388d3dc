"""The partnership's states along its history, each read once.

:class:`States` loads each ``data/`` tree once, and each file once (by its blob
id): a commit re-reads only the files it changed. :func:`walk` applies the
commits of :func:`~.git.data_commits` one after another, the one way both
``thp history`` and the annual report's period step through the history,
reading ahead the files of hundreds of commits in one go (:mod:`.blobs`).
What was read is kept between runs by :mod:`.stepcache`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel

from ..dataset.load import Memo, load_source
from ..dataset.source import DATA, Entry
from ..errors import ThpError
from ..yamlio.bounds import Limits
from .git import FileChange, Git, Rev, has_folder
from .sources import GitSource, no_data
from .state import State, carry, state_of

_PREFETCH = 500
"""Commits whose changed files are read from git in one go (see :mod:`.blobs`)."""

_LONG_WAY = "long way"
"""A step read the long way: the whole ``data/`` tree of its commit."""


class States:
    """Partnership states by revision, each ``data/`` tree loaded once, each file
    parsed once (by its blob id: a commit re-reads only the files it changed).

    What each commit changed, as read, is kept by commit id (``parts``) and each
    tree's state by tree id (``by_tree``): :mod:`.stepcache` keeps both between
    runs, so a later run reads from git only the commits it has not seen.
    """

    def __init__(self, git: Git, limits: Limits) -> None:
        self.git = git
        self.limits = limits
        self.by_tree: dict[str, State] = {}
        self.parts: dict[str, State | str] = {}  # commit id -> its changed files' state, or _LONG_WAY
        self.memo: Memo = {}
        self.blobs: dict[str, tuple[int, bytes | None]] = {}
        self.fresh = False  # whether anything was read from git that the cache does not hold
        self.pool: dict[Hashable, Any] = {}  # seats and actions by value (see shared)

    def tree(self, sha: str) -> str | None:
        """The id of ``data/`` at commit ``sha``, or None if there is none.

        ThpError if there is one git cannot read (a damaged or partial copy of the
        repository): a missing tree must not read as ``data/`` removed.
        """
        found = self.git.cat(f"{sha}:{self.git.prefix}{DATA}", 0)
        if found is None:
            prefix = self.git.prefix.rstrip("/")
            parent = self.git.cat(f"{sha}:{prefix}" if prefix else f"{sha}^{{tree}}", 1 << 24)
            lost = parent is None and not prefix  # the commit's own tree is gone
            if parent is not None and parent[1] == "tree":  # it lists a data/ folder git cannot read
                lost = has_folder(parent[3], DATA, len(parent[0]) // 2)
            if lost:
                raise ThpError(
                    f"git cannot read the files of commit {sha[:12]}: an object of it is missing or "
                    "damaged (git fsck names it)"
                )
        return f"{found[1]} {found[0]}" if found else None

    def begin(self, rev: Rev | None) -> State:
        """The state at commit ``rev``, where a walk starts; an empty partnership for None."""
        return self.at(rev.full, self.tree(rev.full)) if rev else State()

    def at(self, sha: str, tree: str | None) -> State:
        """The state at commit ``sha``, whose ``data/`` is ``tree`` (see :meth:`tree`)."""
        if tree is None:
            return State()
        if tree not in self.by_tree:
            with GitSource(self.git.root, sha, git=self.git) as source:
                if no_data(source, sha) is not None:
                    state = State()
                else:
                    state = state_of(load_source(self.git.root, source, self.limits, self.memo))
            self.by_tree[tree] = self.shared(state)
            self.fresh = True
        return self.by_tree[tree]

    def shared(self, state: State) -> State:
        """``state`` with each seat and action equal to one read before replaced by that one:
        a long history holds each once, in memory and in the cache. (They are values, never
        changed and never told apart by identity; boards are, so each stays its own.)"""
        for board_id, board in state.boards.items():
            if board.seats:
                seats = {k: _one(v, self.pool) for k, v in board.seats.items()}
                state.boards[board_id] = replace(board, seats=seats)
        for rec_id, rec in state.recs.items():
            if rec.actions:
                state.recs[rec_id] = replace(
                    rec, actions={k: _one(v, self.pool) for k, v in rec.actions.items()}
                )
        return state

    def prefetch(self, steps: Sequence[tuple[Rev, list[FileChange]]]) -> None:
        """Read from git, in one go, the files the commits of ``steps`` changed that a step
        will read (none for a commit already read, in this run or an earlier one)."""
        from .blobs import read_blobs

        wanted = []
        for rev, raw in steps:
            changed = self._plan(raw)
            if isinstance(changed, dict) and rev.full not in self.parts:
                wanted += [
                    c.oid for rel, c in changed.items() if c.mode != "000000" and c.oid not in self.blobs
                ]
        self.blobs.update(read_blobs(self.git, wanted, self.limits.max_bytes + 1))

    def _plan(self, raw: list[FileChange]) -> dict[str, FileChange] | str | None:
        """What a step must read: the files it changed that compare looks at (by path from
        the root), _LONG_WAY for the whole tree, or None when it changed nothing compare
        looks at. Anything but plain files of boards/, recommendations/ and the people and
        organisations lists (a link, a folder made a file, a file in a sub-folder) is read
        the long way."""
        top = self.git.prefix + DATA + "/"
        changed: dict[str, FileChange] = {}
        for item in raw:
            if not item.path.startswith(top):
                return _LONG_WAY
            rel = item.path[len(self.git.prefix) :]
            parts = rel.split("/")
            plain = item.mode in ("100644", "100755", "000000")
            listed = rel in (f"{DATA}/people.yaml", f"{DATA}/organisations.yaml")
            if plain and (listed or (len(parts) == 3 and parts[1] in ("boards", "recommendations"))):
                changed[rel] = item
            elif parts[1] != "indicators" and not (len(parts) == 2 and plain and rel.endswith(".yaml")):
                return _LONG_WAY
            # else nothing compare looks at: partnership.yaml, calls_to_action.yaml, indicators/
        return changed or None

    def _part(self, rev: Rev, changed: dict[str, FileChange]) -> State | str:
        """The state of the files ``rev`` changed, or _LONG_WAY when a record in them is
        named unlike its file (kept by commit id: read once, here or by an earlier run)."""
        known = self.parts.get(rev.full)
        if known is not None:
            return known
        source = ChangedFiles(self.git, rev.full, changed, self.blobs)
        part: State | str = self.shared(state_of(load_source(self.git.root, source, self.limits, self.memo)))
        assert isinstance(part, State)
        stems = _stems(changed)
        if (
            part.misnamed
            or not (set(part.boards) | part.unknown_boards) <= stems["boards"]
            or not (set(part.recs) | part.unknown_recs) <= stems["recommendations"]
        ):  # a record named unlike its file: read the long way
            part = _LONG_WAY
        self.parts[rev.full] = part
        self.fresh = True
        return part

    def advance(self, prev: State, rev: Rev, raw: list[FileChange]) -> State:
        """The state after commit ``rev``, from the one before it and what ``rev`` changed
        (``git log --raw``): only the files it changed are read (see :meth:`_plan`)."""
        changed = self._plan(raw)
        if changed is None:  # what changed is nothing compare looks at (partnership.yaml, indicators/)
            return prev
        if prev.misnamed:  # which file holds which record is known only from a whole tree
            changed = _LONG_WAY
        part = _LONG_WAY if isinstance(changed, str) else self._part(rev, changed)
        if isinstance(part, str) or isinstance(changed, str):
            return carry(prev, self.at(rev.full, self.tree(rev.full)))
        stems = _stems(changed)
        now = State(
            {k: v for k, v in prev.boards.items() if k not in stems["boards"]},
            {k: v for k, v in prev.recs.items() if k not in stems["recommendations"]},
            prev.unknown_boards - stems["boards"],
            prev.unknown_recs - stems["recommendations"],
            part.people if f"{DATA}/people.yaml" in changed else prev.people,
            part.orgs if f"{DATA}/organisations.yaml" in changed else prev.orgs,
        )
        now.boards.update(part.boards)
        now.recs.update(part.recs)
        now.unknown_boards |= part.unknown_boards
        now.unknown_recs |= part.unknown_recs
        return carry(prev, now)


def _one(item: BaseModel, pool: dict[Hashable, Any]) -> Any:
    """The value in ``pool`` equal to ``item`` (``item`` itself, kept, if none is)."""
    values = tuple(tuple(v) if isinstance(v, list) else v for v in item.__dict__.values())
    key: Hashable = (type(item), values)
    try:
        hash(key)
    except TypeError:  # a value inside that cannot be hashed: its full text
        key = (type(item), repr(item))
    return pool.setdefault(key, item)


def _stems(changed: dict[str, FileChange]) -> dict[str, set[str]]:
    """The ids the changed files of boards/ and recommendations/ are named for."""
    return {
        kind: {PurePosixPath(rel).stem for rel in changed if rel.split("/")[1] == kind}
        for kind in ("boards", "recommendations")
    }


class ChangedFiles:
    """The files one commit changed, as a :class:`~thp_cli.dataset.source.DataSource`: loading it loads
    only them (a file it deleted is absent)."""

    def __init__(
        self,
        git: Git,
        commit: str,
        changed: dict[str, FileChange],
        blobs: dict[str, tuple[int, bytes | None]] | None = None,
    ) -> None:
        self.git = git
        self.commit = commit
        self.files = {rel: item for rel, item in changed.items() if item.mode != "000000"}
        self.sizes: dict[str, int] = {}
        self.blobs = {} if blobs is None else blobs  # read ahead, by id (see States.prefetch)

    def entry(self, path: str) -> Entry | None:
        """A changed file's entry, or a folder holding one; None for anything else."""
        item = self.files.get(path)
        if item is not None:
            if path not in self.sizes and item.oid in self.blobs:
                self.sizes[path] = self.blobs[item.oid][0]
            if path not in self.sizes:
                found = self.git.cat(item.oid, 0)
                if found is None:
                    return None
                self.sizes[path] = found[2]
            return Entry("file", self.sizes[path], item.oid)
        if path == DATA or any(rel.startswith(path + "/") for rel in self.files):
            return Entry("folder")
        return None

    def names(self, folder: str) -> list[str]:
        """The changed files directly in ``folder``."""
        return sorted(rel[len(folder) + 1 :] for rel in self.files if rel.rpartition("/")[0] == folder)

    def read(self, path: str, limit: int) -> bytes:
        """The first ``limit`` bytes of a changed file (OSError if git has lost it)."""
        item = self.files.get(path)
        ahead = self.blobs.get(item.oid) if item else None
        if (
            ahead is not None
            and ahead[1] is not None
            and (len(ahead[1]) >= limit or len(ahead[1]) == ahead[0])
        ):
            return ahead[1][:limit]
        blob = self.git.cat(item.oid, limit) if item else None
        if blob is None:
            raise OSError(f"{path} is missing from the repository's objects")
        return blob[3]


def walk(
    states: States, start: State, steps: Iterable[tuple[Rev, list[FileChange]]]
) -> Iterator[tuple[Rev, State, State]]:
    """Each commit of ``steps`` (oldest first, with what it changed) applied in turn from
    ``start``: (the commit, the state before it, the state after it)."""
    before = start
    steps = list(steps)
    for at, (rev, raw) in enumerate(steps):
        if at % _PREFETCH == 0:
            states.blobs.clear()  # read ahead in batches: memory stays bounded
            states.prefetch(steps[at : at + _PREFETCH])
        after = states.advance(before, rev, raw)
        yield rev, before, after
        before = after
