"""A cold validate of a large partnership starts its boards' workers before the data model is
imported, and finds exactly what a load that starts nothing early finds."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thp_cli.validate import validate
from thp_cli.yamlio import parallel

from ..conftest import BASE, build_case, copies_of_health


def _large(root: Path) -> None:
    """300 more boards, some with findings, and the odd entries a boards folder may hold."""
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()

    def wrong_kind(i: int, text: str) -> str:
        return text.replace("kind: thematic-board", "kind: thematic") if i % 60 == 0 else text

    copies_of_health(root, 300, wrong_kind)
    (boards / "folder.yaml").mkdir()  # a folder named like a board's file
    (boards / ".hidden.yaml").write_text("not: read\n")
    (boards / "spelt.yml").write_text(template.replace("id: health", "id: spelt"))
    (boards / "notes.txt").write_text("not a board\n")
    os.symlink(root.parent, boards / "elsewhere")  # a link to a folder outside the repository
    (boards / "huge.yaml").write_bytes(b"id: huge\n" + b"#" * 6_000_000)


def test_an_early_start_finds_what_a_load_that_starts_nothing_early_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_case(BASE, tmp_path / "p")
    _large(root)
    on = dt.date(2024, 9, 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    early = validate(root, on)
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)  # nothing shared, nothing started early
    alone = validate(root, on)
    assert early.findings == alone.findings and early.files_checked == alone.files_checked
    rules = {f.rule for f in early.findings if f.file.startswith("data/boards/")}
    assert {"invalid-value", "file-name", "unreadable-file", "file-too-large"} <= rules


START = """
import os, sys
forked = []
real_fork = os.fork
def fork():
    forked.append("pydantic" in sys.modules)
    return real_fork()
os.fork = fork
from thp_cli.cli.app import app
try:
    app(sys.argv[1:], prog_name="thp")
finally:
    print("pydantic imported at each fork:", forked, file=sys.stderr)
"""


def test_the_boards_workers_start_before_the_model_is_imported(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    _large(root)
    env = {**os.environ, "THP_NO_CACHE": "1"}
    argv = [sys.executable, "-c", START, "validate", "--root", str(root), "--as-of", "2024-09-01"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("pydantic imported at each fork: [False")  # the first fork: the boards'
    assert done.returncode == 1 and "file-too-large" in done.stdout


def test_nothing_is_read_early_through_a_data_folder_that_is_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.dataset import source

    outside = build_case(BASE, tmp_path / "outside")
    _large(outside)
    repo = tmp_path / "repo"
    repo.mkdir()
    os.symlink(outside / "data", repo / "data")
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    read: list[str] = []
    real = source.read_regular

    def noted(path: object, limit: int) -> bytes:
        read.append(str(path))
        return real(path, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(source, "read_regular", noted)  # forked workers inherit it
    forks: list[int] = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    result = validate(repo, dt.date(2024, 9, 1))
    assert [(f.file, f.rule) for f in result.findings] == [("data", "unreadable-file")]
    assert read == [] and forks == []  # no worker started, nothing read through the link
