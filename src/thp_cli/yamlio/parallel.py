"""Read and parse many files on every core.

Parsing YAML is most of ``thp validate``'s time on a large partnership, and
each file parses on its own, so a folder of many files is split between
worker processes. Workers are forked (Linux), so they share the loader and
its limits without re-importing anything; the files' bytes are read beforehand, in
the parent (so what was read can be checked against the cache and a change
noticed), and each worker returns its files' ``Loaded`` results, which pickle
as plain values. Where forking is not available, or
the folder is small, files load one by one as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bounds import Limits
    from .load import Loaded

MIN_FILES = 256  # below this, starting workers costs more than it saves

_job: tuple[Sequence[tuple[str, bytes]], Limits] | None = None


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
    files, limits = _job
    out = []
    for path, raw in files[bounds[0] : bounds[1]]:

        def read(n: int, raw: bytes = raw) -> bytes:
            return raw[:n]

        out.append(load_entry(path, "file", len(raw), read, limits))
    return out


def load_all(files: Sequence[tuple[str, bytes]], limits: Limits) -> dict[str, Loaded]:
    """Parse ``files`` (each path, with the bytes already read from it) across the cores;
    an empty dict if not worth it."""
    global _job
    if not available(len(files)):
        return {}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    n = workers()
    step = -(-len(files) // n)
    chunks = [(i, min(i + step, len(files))) for i in range(0, len(files), step)]
    _job = (files, limits)
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_load_chunk, chunks))
    except (OSError, RuntimeError, BrokenProcessPool):
        # no processes to be had, or a worker died: load one by one instead
        return {}
    finally:
        _job = None
    loaded = [item for chunk in results for item in chunk]
    return dict(zip([path for path, _ in files], loaded, strict=True))
