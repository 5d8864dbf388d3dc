"""Each file's load kept by its bytes, so a file that has not changed is not parsed again.

A file's :class:`~thp_cli.yamlio.load.Loaded` (its data, where each value is,
and the file's own findings) depends only on its path, its bytes and the
limits, so those make its key (with thp's version, see :mod:`thp_cli.cache`).
The loads are kept in :data:`SHARDS` cache entries per partnership and limits,
each load in the shard its key names: a run reads a few entries, not one per
file, and a run in which one file changed writes one shard again, not every
file's load. Loads whose file is gone or changed drop out when their shard is
written back.

Each load is kept packed (pickled) as soon as it is made, and as little of
it as gives it back (:func:`~thp_cli.yamlio.load.lean_part`: a file the lean
path read without its text, whose bytes are at hand whenever its key is), so
a run holds a few kilobytes a file for the cache, not every file's data.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeGuard

from ..cache import Cache, digest, open_cache
from ..yamlio.bounds import Limits
from ..yamlio.load import Loaded, from_lean, is_lean_part, lean_part

SHARDS = 64
"""How many cache entries one partnership's loads are spread over."""


def shard(key: str) -> int:
    """The shard that keeps the load of ``key`` (a hex digest)."""
    return int(key[:2], 16) % SHARDS


def _holds(found: object, n: int) -> TypeGuard[dict[str, bytes]]:
    """Whether ``found`` is what shard ``n`` keeps: packed loads by keys that belong in it."""
    if not isinstance(found, dict):
        return False
    try:
        return all(isinstance(key, str) and shard(key) == n for key in found)
    except ValueError:  # not a hex key
        return False


class FileCache:
    """The loads of one partnership's files, by content (``store`` None: nothing is kept)."""

    def __init__(self, root: Path, limits: Limits, *, every: bool = True) -> None:
        """``every``: read every shard now (a load reads most files); else each when first asked
        for a load it keeps."""
        self.store: Cache | None = open_cache(root, "files")
        self.limits = limits
        self.slots = [digest("files", str(root), repr(limits), str(n)) for n in range(SHARDS)]
        self.old: dict[str, bytes] = {}
        self.held: list[set[str]] = [set() for _ in range(SHARDS)]  # the keys each shard holds
        self.read = [False] * SHARDS
        self.dropped: set[str] | None = None  # see all_but
        if every:
            for n in range(SHARDS):
                self._read(n)
        self.new: dict[str, bytes] = {}

    def _read(self, n: int) -> None:
        """Read shard ``n`` (once)."""
        if self.read[n] or self.store is None:
            return
        self.read[n] = True
        found = self.store.get(self.slots[n])
        if _holds(found, n):
            self.old.update(found)
            self.held[n] = set(found)

    def _packed(self, key: str) -> object:
        """The load kept under ``key``, packed, its shard read first if need be."""
        try:
            self._read(shard(key))
        except ValueError:  # not a hex key: none is kept under it
            return None
        return self.old.get(key)

    def key(self, path: str, raw: bytes) -> str | None:
        """The key of the load of ``raw`` read from ``path`` (None with no store: nothing is kept,
        so the bytes are not hashed)."""
        return None if self.store is None else digest("file", path, repr(self.limits), raw)

    def kept(self, key: str | None) -> bool:
        """Whether a load is kept under ``key``."""
        return key is not None and isinstance(self._packed(key), bytes)

    def get(self, key: str | None, path: str, raw: bytes) -> Loaded | None:
        """The load of ``raw`` read from ``path``, kept under ``key``, if any (and it is kept for
        the next run too)."""
        packed = self._packed(key) if key is not None else None
        if key is None or not isinstance(packed, bytes):
            return None
        try:
            sent = pickle.loads(packed)  # the cache's own entry: its header and hash were checked
        except Exception:  # noqa: BLE001 - a damaged entry is one not there
            return None
        if not is_lean_part(sent):
            return None
        self.new[key] = packed
        return from_lean(path, raw, sent, self.limits)

    def data(self, key: str) -> tuple[Any, bool] | None:
        """The data kept under ``key``, and whether its file is all ASCII, if a load without
        findings is kept there."""
        packed = self._packed(key)
        if not isinstance(packed, bytes):
            return None
        try:
            sent = pickle.loads(packed)  # the cache's own entry: its header and hash were checked
        except Exception:  # noqa: BLE001 - a damaged entry is one not there
            return None
        if isinstance(sent, Loaded):
            return None if sent.findings else (sent.data, sent.ascii)
        return sent if is_lean_part(sent) else None

    def all_but(self, keys: Iterable[str]) -> None:
        """Keep for the next run every load kept now but those under ``keys`` (the files a run
        changed and read again: the shards of the others are neither read nor written)."""
        self.dropped = set(keys)

    def put(self, key: str | None, loaded: Loaded, packed: bytes | None = None) -> None:
        """Keep ``loaded`` under ``key``; ``packed``: it, already packed (by a worker)."""
        if key is not None:
            self.new[key] = packed if packed is not None else pickle.dumps(lean_part(loaded), 5)

    def save(self) -> None:
        """Write back each shard whose loads differ from what it kept."""
        if self.store is None:
            return
        if self.dropped is not None:
            self._save_all_but(self.dropped)
            return
        shards: list[dict[str, bytes]] = [{} for _ in range(SHARDS)]
        for key, packed in self.new.items():
            shards[shard(key)][key] = packed
        for n, loads in enumerate(shards):
            if loads.keys() != self.held[n]:
                self.store.put(self.slots[n], loads)

    def _save_all_but(self, dropped: set[str]) -> None:
        """Write back each shard that gains a load or loses one of ``dropped`` (see all_but)."""
        assert self.store is not None
        touched = sorted({shard(key) for key in self.new} | {shard(key) for key in dropped})
        for n in touched:
            self._read(n)
            loads = {key: self.old[key] for key in self.held[n] if key not in dropped}
            loads.update((key, packed) for key, packed in self.new.items() if shard(key) == n)
            if loads.keys() != self.held[n]:
                self.store.put(self.slots[n], loads)
