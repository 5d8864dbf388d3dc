"""A record of everything a load asked of the disk, and the check that the disk still answers the same.

A whole run's answer (``thp validate``'s findings, ``thp overlap``'s result)
depends only on what the loader was told: which entries each folder lists,
each path's kind and size, and each file's bytes. :class:`TracedDisk` is the
disk, noting each answer (a file's bytes as their hash); :func:`unchanged`
asks every question again. The same answers mean the same data, so the run's
answer still holds; any difference, however small (a file edited in the same
second, to the same size), means it does not. Light: nothing here parses.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .source import DiskSource, Entry

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_NOCTTY", 0)

Answer = tuple[Any, ...]
"""One question and its answer: ``(op, path, argument, answer)``."""


def _failed(error: OSError) -> tuple[str, int | None, str]:
    return ("failed", error.errno, str(error.strerror or error))


def _bytes_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


class TracedDisk(DiskSource):
    """The disk under ``root``, noting every answer it gives (see the module's docstring)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.answers: dict[tuple[str, str, int], Any] = {}
        self.steady = True  # False: a question asked twice got two answers (the data changed meanwhile)

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
                    whole.update(hashed)
                    del answers[("entry", path, 0)], answers[key]
        rest = [(*key, answer) for key, answer in sorted(answers.items(), key=lambda kv: kv[0])]
        return Trace(tuple(files), whole.digest(), rest)


@dataclass(frozen=True)
class Trace:
    """What a load asked of the disk: ``files``, the regular files it read whole (each path,
    the limit it was read with and its size), with one hash of all their bytes; ``rest``,
    every other question and its answer (folders' listings, links, failures)."""

    files: tuple[tuple[str, int, int], ...]
    digest: bytes
    rest: list[Answer]


def unchanged(root: Path, trace: object) -> bool:
    """Whether the disk under ``root`` gives every answer in ``trace`` again.

    Each file is opened once (never through a link), its size checked and its bytes
    hashed: the key is the content, never a time stamp."""
    if not isinstance(trace, Trace) or not isinstance(trace.rest, list):
        return False
    base = str(root)
    whole = hashlib.blake2b(digest_size=32)
    for path, limit, size in trace.files:
        data = _read_file(os.path.join(base, path), limit, size)
        if data is None:
            return False
        whole.update(_bytes_hash(data))
    if whole.digest() != trace.digest:
        return False
    disk = DiskSource(root)
    for item in trace.rest:
        if not isinstance(item, tuple) or len(item) != 4:
            return False
        op, path, argument, answer = item
        if not isinstance(path, str) or not isinstance(argument, int):
            return False
        if _ask(disk, os.path.join(base, path), op, path, argument) != answer:
            return False
    return True


def _read_file(full: str, limit: int, size: int) -> bytes | None:
    """What a load would read of ``full`` if it is still a regular file of ``size`` bytes, else None."""
    try:
        fd = os.open(full, _FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return None
        want = min(limit, size)
        ask = want + 1 if want < limit else want  # one byte more: a file grown since fstat shows it
        data = os.read(fd, ask) if ask else b""
        while 0 < len(data) < want:  # a short read: read on, as a load would
            more = os.read(fd, ask - len(data))
            if not more:
                break
            data += more
        return data if len(data) == want else None
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
