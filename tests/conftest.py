"""Shared helpers: build a partnership folder from the base case plus a case's overlay."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
BASE = CASES / "base"
REPO = TESTS.parent
AS_OF = "2024-09-01"  # the day the base case is written for


def build_case(case: Path, into: Path) -> Path:
    """Copy the base partnership into ``into``, lay the case's files over it,
    and remove the files its ``delete.txt`` names."""
    shutil.copytree(BASE / "data", into / "data")
    if (case / "data").is_dir():
        shutil.copytree(case / "data", into / "data", dirs_exist_ok=True)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text().splitlines():
            if line.strip():
                (into / line.strip()).unlink()
    return into


@pytest.fixture
def partnership(tmp_path: Path) -> Path:
    """A valid partnership to break in a test."""
    return build_case(BASE, tmp_path / "p")
