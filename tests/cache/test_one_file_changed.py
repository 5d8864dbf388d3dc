"""A run in which one file changed reads that one file again and writes back only the part
of the file cache that holds it; what it finds is what a run without the cache finds."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from thp_cli import cache
from thp_cli.dataset.filecache import SHARDS, FileCache, shard
from thp_cli.validate import validate
from thp_cli.yamlio.bounds import DEFAULT_LIMITS

from ..conftest import AS_OF, write_partnership

ON = dt.date.fromisoformat(AS_OF)


def shards_on_disk(root: Path) -> dict[str, int]:
    """Each shard entry of the file cache and when it was last written (nanoseconds)."""
    return {p.name: p.stat().st_mtime_ns for p in (root / cache.FOLDER / "files").glob("*.pickle")}


def test_one_changed_file_rewrites_one_shard_and_finds_what_no_cache_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    boards = {f"b{n:03}": {"seats": [f"org{n % 7}/Chair", "council/Officer"]} for n in range(120)}
    root = write_partnership(tmp_path / "p", boards)
    first = validate(root, ON)
    before = shards_on_disk(root)
    assert 1 < len(before) <= SHARDS  # 120 boards spread over many shards
    board = root / "data" / "boards" / "b042.yaml"
    text = board.read_text()
    assert '"name": "B042"' in text
    board.write_text(text.replace('"name": "B042"', '"name": "B042 renamed"'))
    for path in (root / cache.FOLDER / "files").glob("*.pickle"):  # older, so a rewrite shows
        os.utime(path, ns=(1, 1))
    changed = validate(root, ON)
    after = shards_on_disk(root)
    rewritten = {name for name, when in after.items() if when != 1}
    files = FileCache(root, DEFAULT_LIMITS)
    new_key = files.key("data/boards/b042.yaml", board.read_bytes())
    assert new_key in files.old  # the changed file's load is kept, its old load dropped
    assert files.key("data/boards/b042.yaml", text.encode()) not in files.old
    slot = files.slots[shard(new_key)]
    assert f"{slot}.pickle" in rewritten and len(rewritten) <= 2  # its shard (and the old load's)
    monkeypatch.setenv(cache.ENV, "1")
    assert changed == validate(root, ON) and changed.files_checked == first.files_checked
    assert changed != first  # the findings about the board name it by its new name
