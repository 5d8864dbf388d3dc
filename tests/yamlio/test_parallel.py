"""Parsing a large folder on several cores gives exactly what parsing it file by file gives."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from thp_cli.validate import validate
from thp_cli.yamlio import parallel

from ..conftest import BASE, build_case


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


def _many_boards(root: Path, count: int = 300) -> list[str]:
    """``count`` more boards, some with findings (a bad kind, a syntax error); their paths."""
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()
    for i in range(count):
        text = template.replace("id: health", f"id: extra-{i:03d}")
        if i % 50 == 0:
            text = text.replace("kind: thematic-board", "kind: thematic")
        if i % 75 == 0:
            text += "bad: [unclosed\n"
        (boards / f"extra-{i:03d}.yaml").write_text(text)
    return [f"data/boards/extra-{i:03d}.yaml" for i in range(count)]


def test_a_worker_that_dies_falls_back_to_loading_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.yamlio import load as loader

    root = build_case(BASE, tmp_path / "p")
    paths = _many_boards(root)
    on = dt.date(2024, 9, 1)
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    one_by_one = validate(root, on)
    monkeypatch.setattr(parallel, "MIN_FILES", 256)
    monkeypatch.setattr(parallel, "workers", lambda: 2)

    parent = os.getpid()
    died = tmp_path / "died"
    real_load_entry = loader.load_entry

    def crash_in_a_worker(file: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent and file == paths[200]:
            died.write_text(str(os.getpid()))
            os._exit(1)  # as a crash in native code would: no exception, the process is gone
        return real_load_entry(file, *args, **kwargs)

    monkeypatch.setattr(loader, "load_entry", crash_in_a_worker)  # what the real _load_chunk calls
    fallbacks: list[int] = []
    real_load_all = parallel.load_all

    def watched(*args: Any) -> Any:
        got = real_load_all(*args)
        fallbacks.append(len(got))
        return got

    monkeypatch.setattr(parallel, "load_all", watched)
    together = validate(root, on)
    assert died.exists() and int(died.read_text()) != parent, "a worker process really died"
    assert fallbacks == [0, 0]  # boards (the pool broke) and recommendations (too few): one by one
    assert together.findings == one_by_one.findings and together.errors == 8
    assert together.files_checked == one_by_one.files_checked == 310


def test_a_fifo_swapped_in_under_a_worker_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_case(BASE, tmp_path / "p")
    paths = _many_boards(root)
    target = str(root / paths[123])
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    real_open = os.open

    def swap_then_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == target and not os.path.exists(target + ".swapped"):
            open(target + ".swapped", "w").close()  # once, whichever process gets there
            os.unlink(target)  # between the worker's look at the file and its open
            os.mkfifo(target)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)  # forked workers inherit it
    result: list[Any] = []
    runner = threading.Thread(target=lambda: result.append(validate(root, dt.date(2024, 9, 1))), daemon=True)
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), "a worker hung on a named pipe"
    refused = [f for f in result[0].findings if f.file == paths[123]]
    assert [f.rule for f in refused] == ["unreadable-file"] and "named pipe" in refused[0].message
