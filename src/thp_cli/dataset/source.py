"""Where a partnership's files are read from: the disk, or (in ``history``) a git revision.

Both kinds of :class:`DataSource` give each file's kind and size before its
bytes, so the loader applies the same bounds wherever the data comes from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import Flag, ThpError
from ..yamlio.bounds import FileKind, disk_kind, read_regular

DATA = "data"


@dataclass(frozen=True)
class Entry:
    """What a path is, known before reading it: its kind and, for a file, its size in bytes.

    ``key``, where the source has one (git's object id), names the content:
    two files with the same key and path load the same, so loading many
    revisions can reuse what an earlier one loaded.
    """

    kind: FileKind
    size: int = 0
    key: str | None = None
    to_folder: bool = False  # a link that leads to a folder (outside the root: one inside is the folder)


class DataSource(Protocol):
    """Where a partnership's files are read from (not a source cited by the data: that is a model record).

    Paths are relative to the root and use forward slashes (``data/boards``).
    """

    def entry(self, path: str) -> Entry | None:
        """The kind and size of ``path`` (a symbolic link is ``link``), or None if absent."""
        ...

    def names(self, folder: str) -> list[str]:
        """The names of the entries of ``folder``, sorted."""
        ...

    def read(self, path: str, limit: int) -> bytes:
        """At most ``limit`` bytes of the file at ``path``; may raise ``OSError``."""
        ...


class DiskSource:
    """Files under a folder on disk.

    A symbolic link to a folder counts as the folder (``data/boards`` may be
    one); any other link is reported as a link, so the loader refuses it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = os.fspath(root)  # joined as text: a Path made for each of 20,000 files costs
        self.real_root = os.path.realpath(root)

    def entry(self, path: str) -> Entry | None:
        """The kind and size of ``path``; a link to a folder outside the root says so."""
        full = os.path.join(self.base, path)
        try:
            info = os.lstat(full)
        except OSError:
            return None
        self.seen(path, info)
        kind = disk_kind(info)
        if kind == "link" and os.path.isdir(full):
            return Entry("folder") if self.inside(full) else Entry("link", to_folder=True)
        return Entry(kind, info.st_size if kind == "file" else 0)

    def seen(self, path: str, info: os.stat_result) -> None:
        """``path`` was looked at, and is as ``info`` says (:class:`~thp_cli.dataset.trace.TracedDisk`
        keeps it)."""

    def inside(self, path: str | Path) -> bool:
        """Whether ``path``, links followed, is inside the root (a link to a folder elsewhere is not)."""
        real = os.path.realpath(path)
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def names(self, folder: str) -> list[str]:
        """The names in ``folder``, sorted."""
        return sorted(os.listdir(os.path.join(self.base, folder)))

    def read(self, path: str, limit: int) -> bytes:
        """At most ``limit`` bytes of the regular file at ``path``."""
        return read_regular(os.path.join(self.base, path), limit)

    def noted(self, path: str, limit: int, data: bytes) -> None:
        """``data`` was read of ``path`` for this source, elsewhere (by a worker process)."""


def data_dir(root: Path) -> Path:
    """The ``data/`` folder of ``root``; ThpError, with a hint, when there is none."""
    folder = root / DATA
    # os.path's tests answer False for a name the system refuses (too long); Path's raise on 3.11
    if not os.path.isdir(folder):
        looks_like_data = os.path.isfile(root / "partnership.yaml") or os.path.isdir(root / "boards")
        hint = (
            (f"; {root} looks like the data folder itself: use ", Flag("root"), f" {root.parent}")
            if looks_like_data
            else ()
        )
        raise ThpError(
            f"no '{DATA}' folder in {root}; run thp in a partnership repository or point at one with ",
            Flag("root"),
            " DIR (or THP_ROOT)",
            *hint,
        )
    return folder
