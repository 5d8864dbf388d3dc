"""Read and parse many files on every core.

Parsing YAML is most of ``thp validate``'s time on a large partnership, and
each file parses on its own, so a folder of many files is split between
worker processes. Workers are forked (Linux), so they share the loader and
its limits without re-importing anything; each returns its files' ``Loaded``
results, which pickle as plain values. Where forking is not available, or
the folder is small, files load one by one as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bounds import Limits
    from .load import Loaded

MIN_FILES = 256  # below this, starting workers costs more than it saves

_job: tuple[Any, Sequence[str], Limits] | None = None


def workers() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores


def available(count: int) -> bool:
    """Whether ``count`` files are worth splitting between worker processes here."""
    return count >= MIN_FILES and workers() > 1 and sys.platform.startswith("linux")


def _load_chunk(bounds: tuple[int, int]) -> list[Loaded]:
    from .load import load_entry  # looked up when called: a test puts a crashing one in its place

    assert _job is not None
    source, paths, limits = _job
    out = []
    for path in paths[bounds[0] : bounds[1]]:
        entry = source.entry(path)
        kind = entry.kind if entry is not None else "other"
        size = entry.size if entry is not None else 0

        def read(n: int, path: str = path) -> bytes:
            return bytes(source.read(path, n))

        out.append(load_entry(path, kind, size, read, limits))  # type: ignore[arg-type]
    return out


def load_all(source: Any, paths: Sequence[str], limits: Limits) -> dict[str, Loaded]:
    """Load ``paths`` from ``source`` across the cores; an empty dict if not worth it."""
    global _job
    if not available(len(paths)):
        return {}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    n = workers()
    step = -(-len(paths) // n)
    chunks = [(i, min(i + step, len(paths))) for i in range(0, len(paths), step)]
    _job = (source, paths, limits)
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_load_chunk, chunks))
    except (OSError, RuntimeError, BrokenProcessPool):
        # no processes to be had, or a worker died: load one by one instead
        return {}
    finally:
        _job = None
    loaded = [item for chunk in results for item in chunk]
    return dict(zip(paths, loaded, strict=True))
