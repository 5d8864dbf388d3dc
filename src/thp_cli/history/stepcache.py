"""What a walk of the history read, kept between runs, so a later walk reads only new commits.

A walk (:class:`~.replay.States`) keeps what each commit changed, as read, by the
commit's id, and the state of each ``data/`` tree it read whole, by the tree's
id. Both are fixed by their ids: a commit id names its files and its whole
history, a tree id its files. They are kept together under the id of the newest
commit the walk read (with the partnership's folder in the repository and the
size limits), in thp's content cache (:mod:`thp_cli.cache`, namespace
``history``), whose key also carries thp's version: another thp never reads
them. The next walk looks for the newest commit of its own history that has
an entry, takes what it holds, reads from git only what it lacks, and keeps the
whole under its own newest commit (the older entry, now included, is removed).

A rewritten branch has new commit ids, so nothing of it is taken from the
cache; a damaged or truncated entry is ignored (the cache checks each entry's
length and hash) and the history read afresh; ``--no-cache`` and
``THP_NO_CACHE`` read and write nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .state import State

if TYPE_CHECKING:
    from ..cache import Cache
    from .replay import States

NAMESPACE = "history"


class StepCache:
    """The cache of one walk: :meth:`recall` before it, :meth:`keep` after it."""

    def __init__(self, states: States) -> None:
        from ..cache import open_cache

        self.states = states
        self.cache: Cache | None = open_cache(states.git.root, NAMESPACE)
        self.found: str | None = None  # the key of the entry read

    def key(self, commit: str) -> str:
        """The key of what a walk read, kept under its newest commit ``commit`` (a full id)."""
        from ..cache import digest

        return digest("history-steps", self.states.git.prefix, repr(self.states.limits), commit)

    def recall(self, newest_first: Sequence[str]) -> None:
        """Take what an earlier walk read: the entry of the newest commit of
        ``newest_first`` (full ids, newest first) that has one."""
        if self.cache is None:
            return
        for commit in newest_first:
            key = self.key(commit)
            value = self.cache.get(key)
            if value is not None and _sound(value):
                parts, trees = value
                self.states.parts.update(parts)
                self.states.by_tree.update(trees)
                self.found = key
                return

    def keep(self, newest: str | None) -> None:
        """Keep what this walk knows under its newest commit (a full id), if it read
        anything new from git; the entry it started from, now included, is removed."""
        if self.cache is None or newest is None or not self.states.fresh:
            return
        key = self.key(newest)
        if self.cache.put(key, (self.states.parts, self.states.by_tree)) and self.found not in (None, key):
            with contextlib.suppress(OSError):  # another run may have removed it first
                os.unlink(self.cache.path(self.found))


def _sound(value: object) -> bool:
    """Whether a cached value has the shape :meth:`StepCache.keep` gives it."""
    if not isinstance(value, tuple) or len(value) != 2:
        return False
    parts, trees = value
    return (
        isinstance(parts, dict)
        and isinstance(trees, dict)
        and all(isinstance(k, str) and isinstance(v, State | str) for k, v in parts.items())
        and all(isinstance(k, str) and isinstance(v, State) for k, v in trees.items())
    )
