"""Independent pieces of work shared between the cores, in forked worker processes.

Each worker is forked (Linux) from the process that has the data in memory,
so nothing is sent to it but a number, and it sends back only its answer.
Where forking is not available, there is one core, or a worker fails, the
caller is told (None) and does the work itself, one piece after another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_work: Callable[[int], Any] | None = None


def _call(index: int) -> Any:
    assert _work is not None
    return _work(index)


def fork_map(work: Callable[[int], Any], count: int) -> list[Any] | None:
    """``[work(0), ..., work(count - 1)]``, worked out across the cores, or None where that
    cannot be done (the caller then works them out itself)."""
    global _work
    import sys

    from .yamlio.parallel import workers

    if count < 2 or workers() < 2 or not sys.platform.startswith("linux"):
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _work = work
    try:
        with ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_call, range(count)))
    except (OSError, RuntimeError, BrokenProcessPool):
        return None
    finally:
        _work = None
