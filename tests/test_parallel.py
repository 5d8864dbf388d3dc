"""Parsing a large folder on several cores gives exactly what parsing it file by file gives."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from thp_cli import parallel
from thp_cli.loader import DEFAULT_LIMITS
from thp_cli.repository import DiskSource
from thp_cli.validate import validate

from .conftest import BASE, build_case


def test_parallel_and_serial_loading_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()
    for i in range(300):
        text = template.replace("id: health", f"id: extra-{i:03d}")
        if i % 50 == 0:
            text = text.replace("kind: thematic-board", "kind: thematic")  # a finding with a position
        if i % 75 == 0:
            text += "bad: [unclosed\n"  # a syntax error
        (boards / f"extra-{i:03d}.yaml").write_text(text)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert parallel.available(300)
    on = dt.date(2024, 9, 1)
    together = validate(root, on)
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    one_by_one = validate(root, on)
    assert together.findings == one_by_one.findings
    # 6 bad kinds and 4 syntax errors, two in the same files (which then cannot be read further)
    assert together.errors == 8 and together.files_checked == one_by_one.files_checked


def _die(bounds: tuple[int, int]) -> list[object]:
    os._exit(1)  # as a crash in native code would


def test_a_worker_that_dies_falls_back_to_loading_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_case(BASE, tmp_path / "p")
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()
    for i in range(300):
        (boards / f"extra-{i:03d}.yaml").write_text(template.replace("id: health", f"id: extra-{i:03d}"))
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "_load_chunk", _die)
    paths = [f"data/boards/extra-{i:03d}.yaml" for i in range(300)]
    assert parallel.load_all(DiskSource(root), paths, DEFAULT_LIMITS) == {}
    result = validate(root, dt.date(2024, 9, 1))  # still complete, loaded one by one
    assert result.errors == 0 and result.files_checked == 310
