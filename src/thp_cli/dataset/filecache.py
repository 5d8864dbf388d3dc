"""Each file's load kept in the cache by its bytes: a file unchanged since the last run is not parsed again.

A file's :class:`~thp_cli.yamlio.load.Loaded` (its data, where each value is,
and the file's own findings) depends only on its path, its bytes and the
limits, so those make its key (with thp's version, see :mod:`thp_cli.cache`).
The entries a run used are kept together, one cache entry per partnership
and limits, so a warm run reads one entry, not one per file; entries whose
file is gone or changed drop out when the run's entries are written back.
"""

from __future__ import annotations

from pathlib import Path

from ..cache import Cache, digest, open_cache
from ..yamlio.bounds import Limits
from ..yamlio.load import Loaded


class FileCache:
    """The loads of one partnership's files, by content (``store`` None: kept only for this run)."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.store: Cache | None = open_cache(root, "files")
        self.limits = repr(limits)
        self.slot = digest("files", str(root), self.limits)
        self.old: dict[str, Loaded] = {}
        if self.store is not None:
            found = self.store.get(self.slot)
            if isinstance(found, dict):
                self.old = found
        self.new: dict[str, Loaded] = {}

    def key(self, path: str, raw: bytes) -> str | None:
        """The key of the load of ``raw`` read from ``path`` (None with no store: nothing is kept,
        so the bytes are not hashed)."""
        return None if self.store is None else digest("file", path, self.limits, raw)

    def get(self, key: str | None) -> Loaded | None:
        """The load kept under ``key``, if any (and it is kept for the next run too)."""
        if key is None:
            return None
        found = self.old.get(key)
        if not isinstance(found, Loaded):
            return None
        self.new[key] = found
        return found

    def kept(self, key: str | None) -> bool:
        """Whether a load is kept under ``key``."""
        return key is not None and isinstance(self.old.get(key), Loaded)

    def put(self, key: str | None, loaded: Loaded) -> None:
        """Keep ``loaded`` under ``key`` (with no store, nothing is kept: nothing would read it)."""
        if key is not None:
            self.new[key] = loaded

    def save(self) -> None:
        """Write back this run's loads, if they differ from what was kept."""
        if self.store is not None and self.new.keys() != self.old.keys():
            self.store.put(self.slot, self.new)
