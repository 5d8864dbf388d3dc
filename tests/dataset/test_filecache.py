"""A large folder loaded across the cores and kept in the cache file by file: the next run, after
one file changed, parses that file alone and finds exactly what a run without the cache finds,
placed where it is, on a made-up partnership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli import cache
from thp_cli.validate import validate
from thp_cli.yamlio import parallel

from ..conftest import BASE, build_case, copies_of_health, parses, some_wrong

ON = dt.date(2024, 9, 1)


def test_a_shared_folder_kept_in_the_cache_parses_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_case(BASE, tmp_path / "p")
    copies_of_health(root, 300, some_wrong)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    without = validate(root, ON)  # the tests' default: no cache
    monkeypatch.delenv(cache.ENV)
    cold = validate(root, ON)
    assert cold == without and cold.errors == 8
    board = root / "data" / "boards" / "extra-251.yaml"  # among the worker's files
    board.write_text(board.read_text().replace("kind: thematic-board", "kind: thematic"))
    seen = parses(monkeypatch)
    changed = validate(root, ON)
    assert seen == ["data/boards/extra-251.yaml"]
    monkeypatch.setenv(cache.ENV, "1")
    assert changed == validate(root, ON) and changed.errors == 9
    wrong = [f for f in changed.findings if f.rule == "invalid-value"]
    line = next(n for n, text in enumerate(board.read_text().splitlines(), 1) if text.startswith("kind:"))
    assert ("data/boards/extra-251.yaml", line) in [(f.file, f.line) for f in wrong]
