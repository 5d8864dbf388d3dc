"""Loading keeps the garbage collector off what it loads only while the dataset is in use:
after, the collector is as it was and frees what it would have freed, on a made-up partnership."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from thp_cli.dataset.load import load_dataset


class _Cycle:
    """An object that refers to itself: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def test_what_a_load_keeps_from_the_collector_is_handed_back_with_the_dataset(partnership: Path) -> None:
    assert gc.isenabled()
    gc.collect()
    ds = load_dataset(partnership)
    garbage = _Cycle()  # made while the dataset is in use, then dropped: the collector frees it
    gone = weakref.ref(garbage)
    del garbage
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.collect()
    assert gone() is None
    before = _Cycle()
    left = weakref.ref(before)
    del before
    gc.disable()
    try:  # garbage from before a load is out of sight while the dataset is in use ...
        again = load_dataset(partnership)
        gc.collect()
        assert left() is not None
    finally:
        gc.enable()
    del ds, again  # ... and freed once it is dropped
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert left() is None


def test_a_load_leaves_a_paused_collector_paused(partnership: Path) -> None:
    gc.disable()
    try:
        ds = load_dataset(partnership)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert ds.boards
