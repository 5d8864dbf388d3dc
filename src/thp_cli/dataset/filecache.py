"""Each file's load kept in the cache by its bytes: a file unchanged since the last run is not parsed again.

A file's :class:`~thp_cli.yamlio.load.Loaded` (its data, where each value is,
and the file's own findings) depends only on its path, its bytes and the
limits, so those make its key (with thp's version, see :mod:`thp_cli.cache`).
The loads are kept in :data:`SHARDS` cache entries per partnership and limits,
each load in the shard its key names: a run reads a few entries, not one per
file, and a run in which one file changed writes one shard again, not every
file's load. Loads whose file is gone or changed drop out when their shard is
written back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeGuard

from ..cache import Cache, digest, open_cache
from ..yamlio.bounds import Limits
from ..yamlio.load import Loaded

SHARDS = 64
"""How many cache entries one partnership's loads are spread over."""


def shard(key: str) -> int:
    """The shard that keeps the load of ``key`` (a hex digest)."""
    return int(key[:2], 16) % SHARDS


def _holds(found: object, n: int) -> TypeGuard[dict[str, Loaded]]:
    """Whether ``found`` is what shard ``n`` keeps: loads by keys that belong in it."""
    if not isinstance(found, dict):
        return False
    try:
        return all(isinstance(key, str) and shard(key) == n for key in found)
    except ValueError:  # not a hex key
        return False


class FileCache:
    """The loads of one partnership's files, by content (``store`` None: kept only for this run)."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.store: Cache | None = open_cache(root, "files")
        self.limits = repr(limits)
        self.slots = [digest("files", str(root), self.limits, str(n)) for n in range(SHARDS)]
        self.old: dict[str, Loaded] = {}
        self.kept: list[set[str]] = [set() for _ in range(SHARDS)]  # the keys each shard holds
        if self.store is not None:
            for n, slot in enumerate(self.slots):
                found = self.store.get(slot)
                if _holds(found, n):
                    self.old.update(found)
                    self.kept[n] = set(found)
        self.new: dict[str, Loaded] = {}

    def key(self, path: str, raw: bytes) -> str:
        """The key of the load of ``raw`` read from ``path``."""
        return digest("file", path, self.limits, raw)

    def get(self, key: str) -> Loaded | None:
        """The load kept under ``key``, if any (and it is kept for the next run too)."""
        found = self.old.get(key)
        if not isinstance(found, Loaded):
            return None
        self.new[key] = found
        return found

    def put(self, key: str, loaded: Loaded) -> None:
        """Keep ``loaded`` under ``key``."""
        self.new[key] = loaded

    def save(self) -> None:
        """Write back each shard whose loads differ from what it kept."""
        if self.store is None:
            return
        shards: list[dict[str, Loaded]] = [{} for _ in range(SHARDS)]
        for key, loaded in self.new.items():
            shards[shard(key)][key] = loaded
        for n, loads in enumerate(shards):
            if loads.keys() != self.kept[n]:
                self.store.put(self.slots[n], loads)
