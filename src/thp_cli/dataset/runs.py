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
from .trace import TracedDisk, unchanged

T = TypeVar("T")


def remembered(
    root: Path, what: str, options: tuple[str, ...], compute: Callable[[DiskSource], T], kind: type[T]
) -> T:
    """``compute(source)`` for the partnership on disk under ``root`` (absolute), or the answer an
    earlier run with the same ``what`` and ``options`` kept, if every file it read is unchanged.

    ``kind``: the answer's type; anything else found in the cache is not used."""
    from ..cache import digest, open_cache

    store = open_cache(root, "runs")
    if store is None:
        return compute(DiskSource(root))
    slot = digest("run", what, str(root), *options)
    found = store.get(slot)
    if (
        isinstance(found, tuple)
        and len(found) == 3
        and found[0] == what
        and isinstance(found[2], kind)
        and unchanged(root, found[1])
    ):
        return found[2]
    source = TracedDisk(root)
    answer = compute(source)
    trace = source.trace()
    if trace is not None:
        store.put(slot, (what, trace, answer))
    return answer
