"""Each file's load kept in the cache by its bytes: a file unchanged since the last run is not parsed again.

A file's :class:`~thp_cli.yamlio.load.Loaded` (its data, where each value is,
and the file's own findings) depends only on its path, its bytes and the
limits, so those make its key (with thp's version, see :mod:`thp_cli.cache`).
The entries a run used are kept together, one cache entry per partnership
and limits, so a warm run reads one entry, not one per file; entries whose
file is gone or changed drop out when the run's entries are written back.

Each load is kept packed (pickled) as soon as it is made, and as little of
it as gives it back (:func:`~thp_cli.yamlio.load.lean_part`: a file the lean
path read without its text, whose bytes are at hand whenever its key is), so
a run holds a few kilobytes a file for the cache, not every file's data.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from ..cache import Cache, digest, open_cache
from ..yamlio.bounds import Limits
from ..yamlio.load import Loaded, from_lean, is_lean_part, lean_part


class FileCache:
    """The loads of one partnership's files, by content (``store`` None: nothing is kept)."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.store: Cache | None = open_cache(root, "files")
        self.limits = limits
        self.slot = digest("files", str(root), repr(limits))
        self.old: dict[str, bytes] = {}
        if self.store is not None:
            found = self.store.get(self.slot)
            if isinstance(found, dict):
                self.old = found
        self.new: dict[str, bytes] = {}

    def key(self, path: str, raw: bytes) -> str | None:
        """The key of the load of ``raw`` read from ``path`` (None with no store: nothing is kept,
        so the bytes are not hashed)."""
        return None if self.store is None else digest("file", path, repr(self.limits), raw)

    def kept(self, key: str | None) -> bool:
        """Whether a load is kept under ``key``."""
        return key is not None and isinstance(self.old.get(key), bytes)

    def get(self, key: str | None, path: str, raw: bytes) -> Loaded | None:
        """The load of ``raw`` read from ``path``, kept under ``key``, if any (and it is kept for
        the next run too)."""
        packed = self.old.get(key) if key is not None else None
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

    def put(self, key: str | None, loaded: Loaded, packed: bytes | None = None) -> None:
        """Keep ``loaded`` under ``key``; ``packed``: it, already packed (by a worker)."""
        if key is not None:
            self.new[key] = packed if packed is not None else pickle.dumps(lean_part(loaded), 5)

    def save(self) -> None:
        """Write back this run's loads, if they differ from what was kept."""
        if self.store is not None and self.new.keys() != self.old.keys():
            self.store.put(self.slot, self.new)
