"""What the cache's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from thp_cli import cache

from ..conftest import BASE, build_case, copies_of_health, some_wrong


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base case with 40 more boards, some of them wrong, and the cache on."""
    monkeypatch.delenv(cache.ENV, raising=False)
    root = build_case(BASE, tmp_path / "p")
    copies_of_health(root, 40, some_wrong)
    return root
