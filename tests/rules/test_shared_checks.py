"""A large partnership's checks, shared between the cores, find exactly what they find one by one."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from thp_cli import cores
from thp_cli import validate as validating
from thp_cli.dataset.load import load_dataset
from thp_cli.rules.base import REGISTRY
from thp_cli.yamlio import parallel

from ..conftest import AS_OF, BASE, build_case


def _large(root: Path, count: int = 300) -> None:
    """``count`` more boards, some reporting to a board that does not exist (a finding each)."""
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()
    for i in range(count):
        text = template.replace("id: health", f"id: extra-{i:03d}")
        if i % 40 == 0:
            text = text.replace("reports_to: [", "reports_to: [nowhere-board, ")
        (boards / f"extra-{i:03d}.yaml").write_text(text)


def test_shared_checks_find_what_one_by_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    _large(root)
    dataset = load_dataset(root)
    on = dt.date.fromisoformat(AS_OF)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    shared: list[int] = []
    real = cores.fork_map

    def watched(work: object, count: int) -> object:
        got = real(work, count)  # type: ignore[arg-type]
        shared.append(-1 if got is None else count)
        return got

    monkeypatch.setattr(cores, "fork_map", watched)
    together = validating.run_checks(dataset, on)
    assert shared and shared[0] > 1  # the checks really were shared
    monkeypatch.setattr(validating, "SHARED_FROM", 10**9)
    one_by_one = validating.run_checks(dataset, on)
    assert len(shared) == 1 and together == one_by_one
    assert sum(f.rule == "unknown-reference" for f in together) >= 8


def test_a_check_failing_in_a_worker_is_one_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    _large(root)
    parent = os.getpid()
    rule = REGISTRY["co-chairing"]

    def broken(ctx: object) -> list[object]:
        if os.getpid() != parent:
            raise KeyError("oops")
        return []

    monkeypatch.setitem(REGISTRY, "co-chairing", type(rule)(**{**rule.__dict__, "check": broken}))
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    found = validating.run_checks(load_dataset(root), dt.date.fromisoformat(AS_OF))
    failed = [f for f in found if f.rule == "internal-error"]
    assert len(failed) == 1 and "the check co-chairing failed (KeyError: 'oops')" in failed[0].message
    assert any(f.rule == "unknown-reference" for f in found)  # the other checks still ran
