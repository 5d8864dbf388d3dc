"""A record of everything a load asked of the disk, and the check that the disk still answers the same.

A whole run's answer (``thp validate``'s findings, ``thp overlap``'s result)
depends only on what the loader was told: which entries each folder lists,
each path's kind and size, and each file's bytes. :class:`TracedDisk` is the
disk, noting each answer (a file's bytes as their hash); :func:`changes`
asks every question again. The same answers mean the same data, so the run's
answer still holds; any difference, however small (a file edited in the same
second, to the same size), means it does not. Light: nothing here parses.

A file's bytes are read again and hashed unless the file is, by its status,
untouched since before the load began, as git tells a file it need not read
(its "racy git" rule): the same size, modification and change times to the
nanosecond, inode and device as the load saw, with both times more than
:data:`RACY` before the load began. Any write to a file sets its change time
to the moment of the write, which no program can set back; a write after the
load began is later than the status the load kept, and a status kept from
within :data:`RACY` of its start (a file written just before, on a disk whose
clock ticks coarsely) is never trusted. When the load began is told by the
disk's own clock as well as this machine's, the earlier (the cache touches a
file of its own: :meth:`~thp_cli.cache.Cache.clock`), so a network disk whose
clock runs behind is not misread; only files on that disk are trusted. Where a
change time is not the last write's (Windows, where it is when the file was
made) or the disk's clock cannot be read, every file is read, as before.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .source import DiskSource, Entry

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_NOCTTY", 0)

Answer = tuple[Any, ...]
"""One question and its answer: ``(op, path, argument, answer)``."""

Status = tuple[int, int, int, int, int]
"""A regular file's size, modification and change times (ns), inode and device."""

RACY = 2_000_000_000
"""How long (ns) before a load began a file's status must date from to be trusted (see the
module): more than the coarsest clock of a disk thp may meet (two seconds, FAT's)."""


def _status(info: os.stat_result) -> Status:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _failed(error: OSError) -> tuple[str, int | None, str]:
    return ("failed", error.errno, str(error.strerror or error))


def _bytes_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


class TracedDisk(DiskSource):
    """The disk under ``root``, noting every answer it gives (see the module's docstring)."""

    def __init__(self, root: Path, clock: tuple[int, int] | None = None) -> None:
        """``clock``: the time now by the clock of the disk the files are on, and its device
        (:meth:`~thp_cli.cache.Cache.clock`); None: no file's status will be trusted."""
        super().__init__(root)
        # before anything is looked at, by the earlier of this machine's clock and the disk's
        self.since = min(time.time_ns(), clock[0]) if clock is not None else 0
        self.device = clock[1] if clock is not None else -1
        self.answers: dict[tuple[str, str, int], Any] = {}
        self.statuses: dict[str, Status] = {}
        self.steady = True  # False: a question asked twice got two answers (the data changed meanwhile)

    def seen(self, path: str, info: os.stat_result) -> None:
        """Keep a regular file's status (see the module)."""
        if stat.S_ISREG(info.st_mode):
            self.statuses[path] = _status(info)

    def _note(self, op: str, path: str, argument: int, answer: Any) -> None:
        key = (op, path, argument)
        if key in self.answers and self.answers[key] != answer:
            self.steady = False
        self.answers.setdefault(key, answer)

    def entry(self, path: str) -> Any:
        """The kind and size of ``path``, noted."""
        found = super().entry(path)
        self._note("entry", path, 0, found)
        return found

    def names(self, folder: str) -> list[str]:
        """The names in ``folder``, noted (and a failure to list them)."""
        try:
            listed = super().names(folder)
        except OSError as error:
            self._note("names", folder, 0, _failed(error))
            raise
        self._note("names", folder, 0, tuple(listed))
        return listed

    def read(self, path: str, limit: int) -> bytes:
        """At most ``limit`` bytes of ``path``, noted as their hash (and a failure to read)."""
        try:
            data = super().read(path, limit)
        except OSError as error:
            self._note("read", path, limit, _failed(error))
            raise
        self._note("read", path, limit, _bytes_hash(data))
        return data

    def noted(self, path: str, limit: int, data: bytes) -> None:
        """``data`` was read of ``path`` by a worker process: noted as though read here."""
        self._note("read", path, limit, _bytes_hash(data))

    def trace(self) -> Trace | None:
        """Every question and its answer, in a stable order; None if an answer changed during the run."""
        if not self.steady:
            return None
        answers = dict(self.answers)
        files: list[tuple[str, int, int]] = []
        hashes: list[bytes] = []
        statuses: list[Status | None] = []
        whole = hashlib.blake2b(digest_size=32)
        reads = sorted(key for key in answers if key[0] == "read")
        once = {path for _, path, _ in reads}
        if len(once) == len(reads):  # each file read once, with one limit: the usual load
            for key in reads:
                _, path, limit = key
                found, hashed = answers.get(("entry", path, 0)), answers[key]
                if (
                    isinstance(found, Entry)
                    and found == Entry("file", found.size)
                    and isinstance(hashed, bytes)
                ):
                    files.append((path, limit, found.size))
                    hashes.append(hashed)
                    status = self.statuses.get(path)
                    statuses.append(status if status is not None and status[0] == found.size else None)
                    whole.update(hashed)
                    del answers[("entry", path, 0)], answers[key]
        rest = [(*key, answer) for key, answer in sorted(answers.items(), key=lambda kv: kv[0])]
        return Trace(
            tuple(files), whole.digest(), rest, tuple(hashes), tuple(statuses), self.since, self.device
        )


@dataclass(frozen=True)
class Trace:
    """What a load asked of the disk: ``files``, the regular files it read whole (each path,
    the limit it was read with and its size), with one hash of all their bytes and each
    one's (``hashes``, in the same order); ``rest``, every other question and its answer
    (folders' listings, links, failures)."""

    files: tuple[tuple[str, int, int], ...]
    digest: bytes
    rest: list[Answer]
    hashes: tuple[bytes, ...] = ()
    statuses: tuple[Status | None, ...] = ()
    """Each file's status as the load saw it (None: not kept; see the module)."""
    since: int = 0
    """When the load began (ns since the epoch, by the disk's clock or this machine's, the
    earlier; 0: unknown, no status is trusted)."""
    device: int = -1
    """The device whose clock ``since`` was read on: only a file on it is trusted."""

    def trusted(self, index: int) -> Status | None:
        """The status of file ``index`` that tells it is unchanged, if the trace keeps one it may
        trust (both its times more than :data:`RACY` before the load began)."""
        if len(self.statuses) != len(self.files):
            return None
        status = self.statuses[index]
        if status is None or status[4] != self.device or max(status[1], status[2]) >= self.since - RACY:
            return None
        return status

    def amended(self, now: dict[int, tuple[int, bytes]]) -> Trace:
        """This trace with the files at the indexes of ``now`` read again: each one's new size
        and hash."""
        files, hashes = list(self.files), list(self.hashes)
        statuses = list(self.statuses) if len(self.statuses) == len(self.files) else []
        for index, (size, hashed) in now.items():
            path, limit, _ = files[index]
            files[index], hashes[index] = (path, limit, size), hashed
            if statuses:
                statuses[index] = None  # read since the load began: its status is never trusted
        whole = hashlib.blake2b(digest_size=32)
        for hashed in hashes:
            whole.update(hashed)
        return Trace(
            tuple(files),
            whole.digest(),
            list(self.rest),
            tuple(hashes),
            tuple(statuses),
            self.since,
            self.device,
        )

    def agrees(self, disk: TracedDisk, now: dict[int, tuple[int, bytes]]) -> bool:
        """Whether every answer ``disk`` noted is one of this trace's, the files at the indexes
        of ``now`` as they are now (a load of part of the data asks nothing a whole load does
        not, and must have been told the same)."""
        if not disk.steady or len(self.hashes) != len(self.files):
            return False
        at = {path: index for index, (path, _, _) in enumerate(self.files)}
        rest = {tuple(item[:3]): item[3] for item in self.rest if isinstance(item, tuple) and len(item) == 4}
        for (op, path, argument), answer in disk.answers.items():
            index = at.get(path)
            if index is None or op not in ("read", "entry"):
                if (op, path, argument) not in rest or rest[op, path, argument] != answer:
                    return False
                continue
            size, hashed = now.get(index, (self.files[index][2], self.hashes[index]))
            if op == "entry" and answer != Entry("file", size):
                return False
            if op == "read" and (argument != self.files[index][1] or answer != hashed):
                return False
        return True


def changes(root: Path, trace: object) -> dict[int, tuple[int, bytes]] | None:
    """The files of ``trace`` whose bytes the disk under ``root`` now gives otherwise, by their
    index in ``trace.files``, each with its size and hash now: empty when the disk gives every
    answer again. None when it differs in more than the bytes of regular files: a folder lists
    other names, a file is gone, is no longer a regular file or cannot be read, or the trace
    keeps no hash of each file (then any change at all is None)."""
    if not isinstance(trace, Trace) or not isinstance(trace.rest, list):
        return None
    base = str(root)
    each = trace.hashes if isinstance(trace.hashes, tuple) and len(trace.hashes) == len(trace.files) else None
    whole = hashlib.blake2b(digest_size=32)
    found: dict[int, tuple[int, bytes]] = {}
    for index, (path, limit, size) in enumerate(trace.files):
        full = os.path.join(base, path)
        if each is not None and (status := trace.trusted(index)) is not None and _unchanged(full, status):
            continue
        read = _read_file(full, limit, None if each is not None else size)
        if read is None:
            return None
        data, now = read
        hashed = _bytes_hash(data)
        whole.update(hashed)
        if each is not None and (now != size or hashed != each[index]):
            if now >= limit:  # not read whole now: more than its bytes differ
                return None
            found[index] = (now, hashed)
    if each is None and whole.digest() != trace.digest:
        return None
    disk = DiskSource(root)
    for item in trace.rest:
        if not isinstance(item, tuple) or len(item) != 4:
            return None
        op, path, argument, answer = item
        if not isinstance(path, str) or not isinstance(argument, int):
            return None
        if _ask(disk, os.path.join(base, path), op, path, argument) != answer:
            return None
    return found


def _unchanged(full: str, status: Status) -> bool:
    """Whether the regular file ``full`` has ``status`` still (see the module)."""
    try:
        info = os.lstat(full)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and _status(info) == status


def _read_file(full: str, limit: int, size: int | None) -> tuple[bytes, int] | None:
    """What a load would read of ``full``, and its size, if it is still a regular file (of
    ``size`` bytes, unless None), else None."""
    try:
        fd = os.open(full, _FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (size is not None and info.st_size != size):
            return None
        want = min(limit, info.st_size)
        ask = want + 1 if want < limit else want  # one byte more: a file grown since fstat shows it
        data = os.read(fd, ask) if ask else b""
        while 0 < len(data) < want:  # a short read: read on, as a load would
            more = os.read(fd, ask - len(data))
            if not more:
                break
            data += more
        return (data, info.st_size) if len(data) == want else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _ask(disk: DiskSource, full: str, op: object, path: str, argument: int) -> Any:
    """The disk's answer now to one noted question (a question thp never asks: no answer).

    A regular file, the usual answer, is looked at directly; anything else asks
    :class:`DiskSource` itself, so the answer is the one a load would get."""
    try:
        if op == "entry":
            info = os.lstat(full)
            return Entry("file", info.st_size) if stat.S_ISREG(info.st_mode) else disk.entry(path)
        if op == "names":
            return tuple(disk.names(path))
        if op == "read":
            return _read_hash(disk, full, path, argument)
    except OSError as error:
        return _failed(error) if op != "entry" else None
    return object()


def _read_hash(disk: DiskSource, full: str, path: str, limit: int) -> bytes:
    """The hash of what :meth:`DiskSource.read` would give, read directly when ``full`` is a regular file."""
    fd = os.open(full, _FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return _bytes_hash(disk.read(path, limit))
        chunks = []
        left = limit
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    return _bytes_hash(b"".join(chunks))
