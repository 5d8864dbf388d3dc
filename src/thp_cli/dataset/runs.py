"""Whole runs remembered: a command's answer kept with a trace of every file it was worked out from.

``thp validate`` run twice on the same files gives the same findings, so the
second run can give the first one's answer, if, and only if, nothing it
depended on has changed: the same partnership folder, the same options
(the as-of day among them) and thp's version make the cache's key, and the
answer is kept with a :mod:`trace <thp_cli.dataset.trace>` of every folder
listing, entry and file's bytes the load saw. The answer is given again only
when the disk answers every one of those questions the same way now;
otherwise the command runs as ever and keeps its new answer. A run during
which a file changed keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .source import DiskSource
from .trace import Trace, TracedDisk, changes

T = TypeVar("T")

Amend = Callable[[Trace, dict[int, tuple[int, bytes]], T, object], "tuple[T, Trace, object] | None"]
"""How a command amends its kept answer: given the answer's trace, the files changed since
(by their index in the trace: each one's size and hash now), the answer and what the run
kept with it (see ``kept``), the answer now, its trace and what to keep with it; or None."""


def remembered(
    root: Path,
    what: str,
    options: tuple[str, ...],
    day: str,
    compute: Callable[[DiskSource], T],
    kind: type[T],
    amend: Amend[T] | None = None,
    kept: Callable[[], object] = lambda: None,
) -> T:
    """``compute(source)`` for the partnership on disk under ``root`` (absolute), or the answer an
    earlier run with the same ``what``, ``options`` and ``day`` kept, if every file it read is
    unchanged.

    One answer is kept for each ``what`` and ``options``, whatever the day (so a run each day
    keeps one entry, not one a day); ``kind``: the answer's type, anything else is not used.
    ``amend``: see :data:`Amend`; ``kept``: what to keep with an answer computed, for ``amend``
    (asked after ``compute``)."""
    from ..cache import digest, open_cache

    store = open_cache(root, "runs")
    if store is None:
        return compute(DiskSource(root))
    slot = digest("run", what, str(root), *options)
    found = store.get(slot)
    if (
        isinstance(found, tuple)
        and len(found) == 5
        and found[:2] == (what, day)
        and isinstance(found[3], kind)
    ):
        last: T = found[3]
        changed = changes(root, found[2])
        if changed == {}:
            return last
        amended = amend(found[2], changed, last, found[4]) if changed and amend is not None else None
        if amended is not None:
            answer, amended_trace, memo = amended
            store.put(slot, (what, day, amended_trace, answer, memo))
            return answer
    from ..ending import leave

    leave(found)  # the answer kept before, not used: freed at the end of the process, if thp ends then
    source = TracedDisk(root, store.clock())
    answer = compute(source)
    trace = source.trace()
    if trace is not None:
        store.put(slot, (what, day, trace, answer, kept()))
    return answer
