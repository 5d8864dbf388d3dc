"""Python's cycle collector kept off what thp loads, and paused while a command's work runs.

Loading a partnership makes millions of objects (its data, then its records),
none of them garbage, and the collector, which runs as objects are made, walks
all of them again and again: a quarter of ``thp validate``'s time on a large
partnership, close to half the annual report's. So the collector is paused
while a partnership loads, and what is loaded is moved out of its sight
(``gc.freeze``) for as long as the dataset is in use; when the dataset is
dropped, everything is handed back to the collector (``gc.unfreeze``), so
nothing is kept from it for good. A command that keeps the whole partnership
until it has finished (the annual report) runs :func:`while_paused`: the few
cycles it leaves behind wait until it ends, and everything it frees by
reference counting (almost everything) is freed as before.

Pausing nests: an inner pause, or a piece of work that freezes objects for the
collector, leaves the outer pause as it was, and the collector is running again
afterwards exactly when it was running before, even if the work failed.
(What a command leaves to the end of the process is :mod:`thp_cli.ending`'s.)
"""

from __future__ import annotations

import functools
import gc
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@contextmanager
def paused() -> Iterator[None]:
    """No collection within (worker processes forked within inherit it); as it was after."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def while_paused(work: Callable[P, T]) -> Callable[P, T]:
    """``work`` run with the collector :func:`paused`."""

    @functools.wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with paused():
            return work(*args, **kwargs)

    return run


_frozen = False
"""Whether this module has frozen objects and not handed them back since: then there is
no need to count what is frozen (``gc.get_freeze_count`` walks every frozen object, a
quarter of a second at 20,000 boards) to know that something is."""


def kept(owner: object) -> None:
    """Move every object the collector tracks out of its sight until ``owner`` is dropped."""
    global _frozen
    gc.freeze()
    _frozen = True
    weakref.finalize(owner, _hand_back)


def _hand_back() -> None:
    """Hand every frozen object back to the collector."""
    global _frozen
    gc.unfreeze()
    _frozen = False


@contextmanager
def frozen() -> Iterator[None]:
    """Everything the collector tracks out of its sight within (a forked worker then does not
    touch every page of it either); what was frozen already, by whoever loaded it, is left
    frozen after, and only what this froze is handed back."""
    global _frozen
    freezing = not _frozen and gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
        _frozen = True
    try:
        yield
    finally:
        if freezing:
            _hand_back()
