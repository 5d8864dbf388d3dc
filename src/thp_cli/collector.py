"""Python's cyclic garbage collector kept off what thp loads.

Loading a partnership makes millions of objects (its data, then its records),
none of them garbage, and the collector, which runs as objects are made, walks
all of them again and again: a quarter of ``thp validate``'s time on a large
partnership. So the collector is paused while a partnership loads, and what is
loaded is moved out of its sight (``gc.freeze``) for as long as the dataset is
in use; when the dataset is dropped, everything is handed back to the
collector (``gc.unfreeze``), so nothing is kept from it for good.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection within (worker processes forked within inherit it); as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def kept(owner: object) -> None:
    """Move every object the collector tracks out of its sight until ``owner`` is dropped."""
    gc.freeze()
    weakref.finalize(owner, gc.unfreeze)
