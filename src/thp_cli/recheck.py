"""Local checks worked out again only for the records whose files changed.

Most checks judge each board and each recommendation on its own: what such a
check finds in a record's file comes from that record, the partnership's files
that are no record's (partnership.yaml, calls_to_action.yaml,
organisations.yaml, people.yaml, the indicators) and the day judged, never from
another record. Those checks are *local* (``rule(..., local=True)``). A run
keeps what the local checks found in each record's file, with the file's key
(its bytes: :class:`~thp_cli.dataset.filecache.FileCache`); the next run on the
partnership judges again only the records whose files are new or changed, and
takes what was kept for the others. Loading still reports every file's own
findings, and the checks that look across records (reporting lines, seat
spellings, references, section 85 ...) still judge every record each run.

What is kept holds only under the *context key*: the day judged, and the key of
every file that is no indexed record's, and which records failed to load. A
change to any of them judges every record again. tests/rules/test_local_checks.py holds
every local check to its promise: on each test partnership, what it finds on
the whole is what it finds on no record plus what it finds on each record alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .findings import Finding

if TYPE_CHECKING:
    from .cache import Cache
    from .dataset.records import Dataset

RECORDS = ("boards", "recommendations")
"""The tables whose records local checks judge one by one, each record in a file of its own."""


def record_files(ds: Dataset) -> set[str]:
    """The file of every record of :data:`RECORDS` indexed in ``ds``."""
    return {located.where.file for kind in RECORDS for located in getattr(ds, kind).values()}


def view(ds: Dataset, files: set[str]) -> Dataset:
    """``ds`` with only the records of :data:`RECORDS` whose file is one of ``files``, every
    other table as it is: what the local checks judge to judge those records alone."""
    return dataclasses.replace(
        ds,
        boards={k: v for k, v in ds.boards.items() if v.where.file in files},
        recommendations={k: v for k, v in ds.recommendations.items() if v.where.file in files},
    )


def context_key(keys: dict[str, str], broken: dict[str, set[str]], as_of: dt.date, records: set[str]) -> str:
    """The key of everything a local check reads besides its record: the day, the files that
    are not ``records`` (by their ``keys``) and the records that failed to load (``broken``)."""
    from .cache import digest

    others = sorted((path, key) for path, key in keys.items() if path not in records)
    failed = sorted((kind, sorted(ids)) for kind, ids in broken.items())
    return digest("checks", as_of.isoformat(), repr(others), repr(failed))


def _entry(found: object, key: str) -> tuple[tuple[Finding, ...], dict[str, object]] | None:
    """What a kept value holds, if it is one and was kept under ``key``."""
    if not (isinstance(found, tuple) and len(found) == 3 and found[0] == key):
        return None
    shared, files = found[1], found[2]
    if not (isinstance(shared, tuple) and all(isinstance(f, Finding) for f in shared)):
        return None
    return (shared, files) if isinstance(files, dict) else None


def _findings(entry: object, key: str) -> tuple[Finding, ...] | None:
    """The findings of one file's kept ``entry`` if it was kept for the file's ``key``."""
    if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key):
        return None
    found = entry[1]
    if isinstance(found, tuple) and all(isinstance(f, Finding) for f in found):
        return found
    return None


@dataclass
class Recheck:
    """What the local checks found in each record's file before, still current, and the
    records whose files are to be judged again (``stale``)."""

    store: Cache
    slot: str
    key: str
    records: dict[str, str | None]
    """Each indexed record's file, and its key (None: not known, so never kept)."""
    kept: dict[str, tuple[Finding, ...]]
    shared: tuple[Finding, ...] | None
    """What the local checks found outside the records' files (None: nothing kept)."""
    stale: set[str]

    @classmethod
    def begin(cls, ds: Dataset, as_of: dt.date) -> Recheck | None:
        """What was kept for ``ds`` as of ``as_of``; None when nothing can be kept (no cache)."""
        from .cache import digest, open_cache

        if ds.keys is None:  # not loaded with keys: what was kept cannot be told current
            return None
        store = open_cache(ds.root, "checks")
        if store is None:
            return None
        files = record_files(ds)
        key = context_key(ds.keys, ds.broken, as_of, files)
        slot = digest("checks", str(ds.root))
        records = {path: ds.keys.get(path) for path in files}
        kept: dict[str, tuple[Finding, ...]] = {}
        entry = _entry(store.get(slot), key)
        shared = None
        if entry is not None:
            shared, previous = entry
            for path, file_key in records.items():
                found = _findings(previous.get(path), file_key) if file_key is not None else None
                if found is not None:
                    kept[path] = found
        return cls(store, slot, key, records, kept, shared, files - kept.keys())

    @property
    def needed(self) -> bool:
        """Whether the local checks are to be run at all (on :meth:`view`)."""
        return bool(self.stale) or self.shared is None

    def view(self, ds: Dataset) -> Dataset:
        """``ds`` as the local checks judge it now: only the stale records."""
        return view(ds, self.stale)

    def merge(self, found: list[Finding] | None) -> list[Finding]:
        """What the local checks find on the whole partnership: ``found`` on :meth:`view` (None:
        they were not run) and what was kept for the other records; all of it is kept for the
        next run, unless a check found something in a record's file it was not given (then
        nothing is kept: every record is judged again next time)."""
        fresh: dict[str, list[Finding]] = {path: [] for path in self.stale}
        shared: list[Finding] = []
        trusted = True
        for f in found or ():
            if f.file in fresh:
                fresh[f.file].append(f)
            else:
                shared.append(f)
                trusted = trusted and f.file not in self.records
        if found is None:
            assert self.shared is not None
            shared = list(self.shared)
        out = list(shared)
        for kept in self.kept.values():
            out.extend(kept)
        for new in fresh.values():
            out.extend(new)
        if found is not None:
            self._keep(shared if trusted else None, fresh)
        return out

    def forget(self) -> None:
        """Keep nothing: the next run judges every record again."""
        self.store.put(self.slot, None)

    def _keep(self, shared: list[Finding] | None, fresh: dict[str, list[Finding]]) -> None:
        """Keep what every record's file holds, for the next run (``shared`` None: keep nothing)."""
        if shared is None:
            self.forget()
            return
        files: dict[str, tuple[str, tuple[Finding, ...]]] = {}
        for path, findings in self.kept.items():
            file_key = self.records[path]
            assert file_key is not None
            files[path] = (file_key, findings)
        for path, new in fresh.items():
            file_key = self.records.get(path)
            if file_key is not None:
                files[path] = (file_key, tuple(new))
        self.store.put(self.slot, (self.key, tuple(shared), files))
