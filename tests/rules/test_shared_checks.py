"""A large partnership's checks, shared between the cores, find exactly what they find one by one."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from thp_cli import validate as validating
from thp_cli.dataset.load import load_dataset
from thp_cli.rules.base import REGISTRY
from thp_cli.yamlio import parallel

from ..conftest import AS_OF, BASE, build_case, copies_of_health


def _large(root: Path, count: int = 300) -> None:
    """``count`` more boards, some reporting to a board that does not exist (a finding each)."""

    def nowhere(i: int, text: str) -> str:
        return text.replace("reports_to: [", "reports_to: [nowhere-board, ") if i % 40 == 0 else text

    copies_of_health(root, count, nowhere)


def test_shared_checks_find_what_one_by_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    _large(root)
    dataset = load_dataset(root)
    on = dt.date.fromisoformat(AS_OF)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    copies: list[int] = []
    real = os.fork

    def counted() -> int:
        pid = real()
        if pid:
            copies.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    together = validating.run_checks(dataset, on)
    assert len(copies) == 1  # the checks really were shared, with one forked copy
    monkeypatch.setattr(validating, "SHARED_FROM", 10**9)
    one_by_one = validating.run_checks(dataset, on)
    assert len(copies) == 1 and together == one_by_one
    assert sum(f.rule == "unknown-reference" for f in together) >= 8


def test_a_check_failing_while_shared_is_one_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    _large(root)
    rule = REGISTRY["co-chairing"]

    def broken(ctx: object) -> list[object]:
        raise KeyError("oops")

    monkeypatch.setitem(REGISTRY, "co-chairing", type(rule)(**{**rule.__dict__, "check": broken}))
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    found = validating.run_checks(load_dataset(root), dt.date.fromisoformat(AS_OF))
    failed = [f for f in found if f.rule == "internal-error"]
    assert len(failed) == 1 and "the check co-chairing failed (KeyError: 'oops')" in failed[0].message
    assert any(f.rule == "unknown-reference" for f in found)  # the other checks still ran


def test_the_costliest_checks_are_rules_of_the_catalogue() -> None:
    # a rule renamed or removed must not silently drop out of the order the cores take them in
    assert set(validating.COSTLIEST) <= set(REGISTRY)
    assert len(set(validating.COSTLIEST)) == len(validating.COSTLIEST)


def test_the_boards_meetings_are_worked_out_once_for_all_their_seats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli import attendance

    root = build_case(BASE, tmp_path / "p")
    _large(root, 40)
    held = "    status: held\n"
    seat = "{organisation: council, role: Cabinet Member for Health, attended: present}"
    came = f"{held}    attendance:\n      - {seat}\n"
    recording = [f"extra-{i:03d}" for i in range(0, 40, 2)]
    for board in recording:  # every other board records who came
        path = root / "data" / "boards" / f"{board}.yaml"
        path.write_text(path.read_text().replace(held, came, 1))
    dataset = load_dataset(root)
    calls: list[str] = []
    real = attendance.held_meetings

    def counted(board: Any, on: dt.date) -> Any:
        calls.append(board.id)
        return real(board, on)

    monkeypatch.setattr(attendance, "held_meetings", counted)
    monkeypatch.setattr(validating, "SHARED_FROM", 10**9)
    validating.run_checks(dataset, dt.date.fromisoformat(AS_OF))
    # at most once a board for the whole run: not once a seat, nor once a check (section 85 asks
    # about every board an elected member sits on, those that record no attendance too)
    assert len(calls) == len(set(calls)) and set(recording) < set(calls)


def test_the_collector_is_left_as_the_checks_found_it(tmp_path: Path) -> None:
    import gc

    dataset = load_dataset(build_case(BASE, tmp_path / "p"))
    on = dt.date.fromisoformat(AS_OF)
    before = gc.get_freeze_count()  # none, unless the loader keeps its records frozen
    validating.run_checks(dataset, on)
    assert gc.get_freeze_count() == before  # what the checks froze is handed back
    gc.freeze()  # as a loader that keeps its records out of the collector's sight does
    try:
        frozen = gc.get_freeze_count()
        validating.run_checks(dataset, on)
        assert gc.get_freeze_count() == frozen  # not handed back behind the loader's back
    finally:
        gc.unfreeze()


def test_working_out_the_shared_attendance_failing_hides_no_other_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.attendance import AttendanceIndex

    root = build_case(BASE, tmp_path / "p")
    _large(root)
    on = dt.date.fromisoformat(AS_OF)
    expected = validating.run_checks(load_dataset(root), on)

    def broken(self: object) -> None:
        raise ValueError("index")

    monkeypatch.setattr(AttendanceIndex, "prepare", broken)
    found = validating.run_checks(load_dataset(root), on)  # no exception: each check works it out
    assert found == expected and sum(f.rule == "unknown-reference" for f in found) >= 8
