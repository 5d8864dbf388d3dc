"""The partnership at a git revision, or as it stood on a day.

:class:`GitSource` reads ``data/`` from the tree of a commit (``git ls-tree``
for the listing, one long-lived ``git cat-file --batch`` for the bytes), so a
revision loads through exactly the same loader as the disk: the same size cap
(checked on the blob's size before it is read), the same refusal of symbolic
links (git mode 120000), the same findings with file, line and column.
:func:`dataset_on` chooses which data a command reads "as of" a day.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..dataset.load import load_dataset, load_source
from ..dataset.records import Dataset
from ..dataset.source import DATA, Entry
from ..dates import long_date
from ..errors import ThpError
from ..text import clean
from ..yamlio.bounds import DEFAULT_LIMITS, Limits
from .git import SHALLOW_FIX, Commit, Git, Rev, in_git

_MODES: dict[str, Literal["file", "folder", "link", "other"]] = {
    "040000": "folder",
    "100644": "file",
    "100755": "file",
    "120000": "link",
}


class GitSource:
    """The files of ``root`` as they were at commit ``rev``: a :class:`~thp_cli.dataset.source.DataSource`.

    ``root`` may be a sub-folder of the repository; paths are relative to it.
    Pass ``git`` to share one repository handle (and its ``cat-file`` process)
    between revisions; otherwise the source opens its own: close it (or use
    ``with``).
    """

    def __init__(self, root: Path | str, rev: str, *, git: Git | None = None) -> None:
        if git is not None and git.root != Path(os.path.abspath(root)):
            raise ValueError(f"the git handle is for {git.root}, not {root}")
        self._own = git is None
        self.git = git or Git(root)
        try:
            self.commit = self.git.commit(rev)
            self._entries: dict[str, tuple[Entry, str]] = {}
            self._children: dict[str, list[str]] = {}
            self._list()
        except BaseException:
            self.close()
            raise

    def _list(self) -> None:
        base = self.git.prefix + DATA
        out = self.git.git("ls-tree", "-r", "-t", "-z", "--long", "--full-tree", self.commit, "--", base)
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, _, oid, size = meta.decode("ascii").split()
            path = raw_path.decode("utf-8", "replace")
            if path != base and not path.startswith(base + "/"):
                continue
            path = path[len(self.git.prefix) :]
            kind = _MODES.get(mode, "other")
            self._entries[path] = (Entry(kind, int(size) if kind == "file" else 0, oid), oid)
            parent, _, name = path.rpartition("/")
            if parent:
                self._children.setdefault(parent, []).append(name)

    def entry(self, path: str) -> Entry | None:
        """The kind and size of ``path`` at the commit; None if there is none."""
        found = self._entries.get(path)
        return found[0] if found else None

    def names(self, folder: str) -> list[str]:
        """The names in ``folder`` at the commit, sorted."""
        return sorted(self._children.get(folder, []))

    def read(self, path: str, limit: int) -> bytes:
        """The first ``limit`` bytes of file ``path`` (OSError if git has lost it)."""
        found = self._entries.get(path)
        blob = self.git.cat(found[1], limit) if found else None
        if blob is None:
            raise OSError(f"{path} is missing from the repository's objects")
        return blob[3]

    def close(self) -> None:
        """End the git handle, if this source opened its own."""
        if self._own:
            self.git.close()

    def __enter__(self) -> GitSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def no_data(source: GitSource, rev: str) -> ThpError | None:
    """Why ``source`` holds no partnership (no ``data/`` folder at ``rev``, or one that is
    not a folder), as the error to raise; None when its ``data/`` folder is there."""
    entry = source.entry(DATA)
    where = f"'{clean(rev, 100)}'"
    folder = source.git.prefix + DATA
    if entry is None:
        return ThpError(f"there is no '{folder}' folder at revision {where}")
    if entry.kind != "folder":
        return ThpError(f"'{folder}' is not a folder at revision {where}")
    return None


def dataset_at(root: Path | str, rev: str, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """The partnership under ``root`` as it was at revision ``rev``; problems become findings.

    ThpError if git cannot run, ``root`` is not in a repository, ``rev`` names no
    commit, or there was no ``data/`` folder at ``rev``.
    """
    with GitSource(root, rev) as source:
        problem = no_data(source, rev)
        if problem is not None:
            raise problem
        return load_source(source.git.root, source, limits)


def last_on(git: Git, day: dt.date) -> tuple[Rev | None, Rev | None]:
    """The last commit on the first-parent history of HEAD dated on or before ``day``
    (by committer date, in the committer's time zone), or None; and the oldest commit
    walked (None in a repository without commits)."""
    oldest: Rev | None = None
    with contextlib.closing(git.chain()) as chain:
        for rev in chain:
            oldest = rev
            if rev.commit.date is not None and rev.commit.date <= day:
                return rev, oldest
    return None, oldest


def revision_on(root: Path | str, day: dt.date) -> str | None:
    """The full id of :func:`last_on`'s commit for ``day`` in the repository of ``root``."""
    with Git(root) as git:
        found, _ = last_on(git, day)
    return found.full if found is not None else None


@dataclass(frozen=True)
class AsOf:
    """The partnership as it stood on a day, and which data that was, in words."""

    dataset: Dataset
    commit: Commit | None  # the commit read; None: the files on disk
    read: str  # 'the data as committed on 30 April 2024 (commit abc1234)', for people


def dataset_on(
    root: Path | str,
    day: dt.date,
    today: dt.date | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    load: bool = True,
) -> AsOf:
    """The partnership under ``root`` as it stood on ``day``.

    From ``today`` on, the files on disk (the working tree, committed or not).
    Before it, the ``data/`` tree of the last commit on HEAD's first-parent
    history dated on or before ``day``: a past day never sees later data. Not in
    git, with no commit that old, or with no ``data/`` folder then, the files on
    disk are all there is, and ``read`` says so. ``load=False`` only chooses
    (the dataset is then empty): :func:`as_of_note` says which data a command reads.
    """
    today = dt.date.today() if today is None else today

    def disk() -> Dataset:
        return load_dataset(root, limits) if load else Dataset(Path(os.path.abspath(root)))

    if day >= today:
        return AsOf(disk(), None, "the files on disk")
    if not in_git(root):
        return AsOf(
            disk(),
            None,
            f"the files on disk as they are now: they are not in a git repository, so how the data "
            f"stood on {long_date(day)} cannot be read",
        )
    with Git(root) as git:
        found, oldest = last_on(git, day)
        if found is None:  # the files on disk are all there is: say so
            said = f"git has no commit made on or before {long_date(day)}"
            if oldest is not None and oldest.commit.date is not None:
                said += (
                    f" (its history begins on {long_date(oldest.commit.date)}, commit {oldest.commit.sha})"
                )
            if oldest is not None and oldest.full in git.shallow():
                said += f" in this shallow clone ({SHALLOW_FIX})"
            return AsOf(
                disk(),
                None,
                f"the files on disk as they are now: {said}, so how the data stood then cannot be read",
            )
        with GitSource(git.root, found.full, git=git) as source:
            if no_data(source, found.full) is not None:
                return AsOf(
                    disk(),
                    None,
                    f"the files on disk as they are now: the partnership's data was not yet in git on "
                    f"{long_date(day)} (the last commit by then, {found.commit.sha}, holds none), so how "
                    "the data stood then cannot be read",
                )
            ds = load_source(git.root, source, limits) if load else Dataset(git.root)
    when = long_date(found.commit.date) if found.commit.date else "a day git cannot read"
    return AsOf(ds, found.commit, f"the data as committed on {when} (commit {found.commit.sha})")


def as_of_note(root: Path | str, day: dt.date, today: dt.date | None = None) -> str | None:
    """For a day before ``today``, which data a command reads as of ``day`` (see
    :func:`dataset_on`), as a sentence; None from today on (the files on disk), and
    outside git, where the files on disk are the only data there is."""
    if day >= (dt.date.today() if today is None else today) or not in_git(root):
        return None
    return f"as of {long_date(day)}, thp reads {dataset_on(root, day, today, load=False).read}"
