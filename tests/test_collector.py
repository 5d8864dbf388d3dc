"""Loading keeps the garbage collector off what it loads only while the dataset is in use:
after, the collector is as it was and frees what it would have freed, on a made-up partnership."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from thp_cli.dataset.load import load_dataset


class _Cycle:
    """An object that refers to itself: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def _watch_gc(monkeypatch: pytest.MonkeyPatch, name: str, note: Callable[[], object]) -> None:
    """The collector module's ``gc``, with ``note()`` called before each call of ``gc.<name>``."""
    from thp_cli import collector

    real = getattr(gc, name)

    def watched(*args: Any) -> Any:
        note()
        return real(*args)

    class _Watched:
        def __getattr__(self, attr: str) -> object:
            return watched if attr == name else getattr(gc, attr)

    monkeypatch.setattr(collector, "gc", _Watched())


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


def test_the_collector_comes_back_with_nothing_of_the_load_to_walk(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When loading ends and the collector runs again, what the load made is already out of its
    sight: the objects waiting for its next pass are a handful, not the whole partnership (a
    pass over all of them cost a tenth of a cold validate)."""
    waiting: list[int] = []
    gc.collect()
    before = gc.get_count()[0]
    _watch_gc(monkeypatch, "enable", lambda: waiting.append(gc.get_count()[0]))
    ds = load_dataset(partnership)
    assert ds.boards and gc.isenabled()
    assert waiting and max(waiting) <= before + 50
    assert gc.get_freeze_count() > 1000


def test_the_checks_of_a_loaded_partnership_do_not_count_what_is_frozen(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the frozen objects walks every one of them (a quarter of a second at 20,000
    boards): with the loaded records kept frozen, the checks know something is, and leave it
    frozen after, without counting; with nothing frozen, they freeze and hand back."""
    import datetime as dt

    from thp_cli import collector
    from thp_cli.validate import run_checks

    on = dt.date(2024, 9, 1)
    ds = load_dataset(partnership)
    frozen = gc.get_freeze_count()
    counted: list[int] = []
    _watch_gc(monkeypatch, "get_freeze_count", lambda: counted.append(1))
    first = run_checks(ds, on)
    assert counted == [] and gc.get_freeze_count() == frozen
    del ds
    assert gc.get_freeze_count() == 0  # handed back with the dataset
    again = load_dataset(partnership)
    collector._hand_back()  # as if its records had been handed back already: nothing frozen
    assert run_checks(again, on) == first and counted == [1]
    assert gc.get_freeze_count() == 0
