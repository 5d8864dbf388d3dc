"""A cold load's workers, started before thp's data model is imported.

On a cold run of a large partnership (nothing in the file cache), every file of
``data/boards`` is to be parsed, and parsing needs nothing of the data model:
so the boards folder is listed, its entries looked at and its workers forked
(:class:`~thp_cli.yamlio.parallel.Shared`) first, and they parse while this
process imports pydantic and the model and loads the partnership's other
files. The load (:func:`~thp_cli.dataset.load.load_source`) then takes the
listing, the entries and the workers' answers from here, exactly as it would
have made them itself. Nothing here imports pydantic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..yamlio.bounds import Limits
from .filecache import FileCache
from .source import DATA, DataSource, DiskSource, Entry

if TYPE_CHECKING:
    from ..yamlio.parallel import Shared

FIRST = f"{DATA}/boards"
"""The folder started early: the partnership's largest by far."""


def named_as_file(name: str) -> bool:
    """Whether ``name`` is named like a data file (``.yaml``, ``.yml``, in any case)."""
    return os.path.splitext(name)[1].lower() in (".yaml", ".yml")


def look(source: DataSource, folder: str, listed: list[str]) -> dict[str, Entry | None]:
    """The entry of each name ``listed`` in ``folder``, but hidden ones (``.git``, ``.DS_Store``)."""
    return {name: source.entry(f"{folder}/{name}") for name in listed if not name.startswith(".")}


def record_files(entries: dict[str, Entry | None]) -> list[str]:
    """The names of the files to load as records: named like a data file, and neither a folder
    nor a link to one (the load reports those)."""
    return [
        name
        for name, entry in entries.items()
        if named_as_file(name) and not (entry is not None and (entry.to_folder or entry.kind == "folder"))
    ]


def readable(entry: Entry | None, limits: Limits) -> bool:
    """Whether ``entry`` is a file to read: a regular file no larger than the limit."""
    return entry is not None and entry.kind == "file" and entry.size <= limits.max_bytes


@dataclass
class Early:
    """What was started early: the file cache, and for :attr:`folder` (if any) its listing,
    its entries and the workers parsing its files. Use as a context manager, so that the
    workers are reaped even if the load never gets to them."""

    files: FileCache
    folder: str | None = None
    listed: list[str] = field(default_factory=list)
    entries: dict[str, Entry | None] = field(default_factory=dict)
    shared: Shared | None = None

    def __enter__(self) -> Early:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shared is not None:
            self.shared.__exit__()


def begin(root: Path, source: DiskSource, limits: Limits) -> Early:
    """The file cache of the partnership under ``root``, and, on a cold run of a large
    partnership, its boards folder's workers, started."""
    from ..yamlio.parallel import available

    files = FileCache(root, limits)
    early = Early(files)
    if files.old:  # the cache holds loads: the load reads each file first, to parse only what changed
        return early
    top = source.entry(DATA)
    if top is None or top.kind != "folder":  # data/ a link: the load reads nothing through it
        return early
    entry = source.entry(FIRST)
    if entry is None or entry.kind != "folder":
        return early
    try:
        listed = source.names(FIRST)
    except OSError:  # the load says why
        return early
    entries = look(source, FIRST, listed)
    paths = [f"{FIRST}/{name}" for name in record_files(entries) if readable(entries[name], limits)]
    if not available(len(paths)):
        return early
    early.folder, early.listed, early.entries = FIRST, listed, entries
    early.shared = each_reads_its_own(paths, source, limits)
    return early


def each_reads_its_own(paths: list[str], source: DataSource, limits: Limits) -> Shared:
    """``paths`` shared between the cores, none read beforehand: each process reads the files
    it takes (a cold run, when every file is to be parsed)."""
    from ..yamlio.parallel import Shared

    limit = limits.max_bytes + 1

    def read(path: str) -> bytes:
        return source.read(path, limit)

    return Shared([(path, None) for path in paths], limits, read)
