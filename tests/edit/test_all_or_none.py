"""Issue #10: an import that writes several boards writes all of them or none, and says so truly."""

from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from thp_cli import atomic
from thp_cli.cli.app import app

runner = CliRunner()
BOARDS = ("board", "exec", "health", "safety")  # the order the import writes them in
NEW_ROW = ["Director of Public Health", "council", "", "adviser", "false", "", "2024-01-01", ""]
"""A row's cells after board and board_name: a seat none of the four boards has."""


def thp(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"THP_ROOT": "", "NO_COLOR": "1"})


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/, hidden ones (temporary files left behind) included."""
    files = sorted((root / "data").rglob("*"))
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def sheet_adding_a_seat_to_four_boards(root: Path, into: Path) -> Path:
    exported = thp("export", "csv", "--root", str(root), "--out", str(into / "seats.csv"))
    assert exported.exit_code == 0, exported.output
    with (into / "seats.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["board", "board_name", "role"]
    rows += [[board, "", *NEW_ROW] for board in BOARDS]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    (into / "edited.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return into / "edited.csv"


def fail_on_call(
    real: Callable[..., Any], n: int, code: int, when: Callable[..., bool] = lambda *a: True
) -> Any:
    """``real``, except that its ``n``-th call (counting calls ``when`` accepts) raises OSError(code)."""
    calls = {"n": 0}

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if when(*args):
            calls["n"] += 1
            if calls["n"] == n:
                raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return wrapped


def _import(root: Path, sheet: Path) -> Result:
    return thp("import", "csv", str(sheet), "--root", str(root))


@pytest.mark.parametrize("nth", [2, 3, 4])
@pytest.mark.parametrize(
    ("code", "where"),
    [(errno.ENOSPC, "fsync"), (errno.EFBIG, "write"), (errno.EACCES, "mkstemp"), (errno.ENOSPC, "write")],
)
def test_a_write_failing_on_a_later_board_changes_no_board(
    partnership: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nth: int, code: int, where: str
) -> None:
    sheet = sheet_adding_a_seat_to_four_boards(partnership, tmp_path)
    before = snapshot(partnership)
    if where == "fsync":
        monkeypatch.setattr(os, "fsync", fail_on_call(os.fsync, nth, code))
    elif where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", fail_on_call(tempfile.mkstemp, nth, code))
    else:
        real_fdopen = os.fdopen
        state = {"n": 0}

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, mode, *args, **kwargs)
            if mode != "wb":
                return handle
            state["n"] += 1
            if state["n"] != nth:
                return handle

            real_write = handle.write

            def write(data: bytes) -> int:
                real_write(data[: len(data) // 2])
                raise OSError(code, os.strerror(code))

            handle.write = write
            return handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    result = _import(partnership, sheet)
    assert result.exit_code == 2, result.output
    failed = f"data/boards/{BOARDS[nth - 1]}.yaml"
    assert result.stderr == f"thp: cannot write {failed}: {os.strerror(code)}; nothing was changed\n"
    assert snapshot(partnership) == before


def test_a_rename_failing_midway_puts_back_the_boards_already_replaced(
    partnership: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = sheet_adding_a_seat_to_four_boards(partnership, tmp_path)
    before = snapshot(partnership)
    # the third rename of a staged file over its board fails; the two before it are undone
    staged = lambda source, target: str(source).endswith(".tmp")  # noqa: E731
    monkeypatch.setattr(os, "replace", fail_on_call(os.replace, 3, errno.EIO, staged))
    result = _import(partnership, sheet)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"thp: cannot write data/boards/health.yaml: {os.strerror(errno.EIO)}; nothing was changed\n"
    )
    assert snapshot(partnership) == before


def test_a_rollback_that_fails_names_exactly_the_files_that_changed(
    partnership: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = sheet_adding_a_seat_to_four_boards(partnership, tmp_path)
    before = snapshot(partnership)
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        if str(source).endswith(".tmp") and str(target).endswith("health.yaml"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        if str(source).endswith(".orig") and str(target).endswith("exec.yaml"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))  # exec cannot be put back
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = _import(partnership, sheet)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"thp: cannot write data/boards/health.yaml: {os.strerror(errno.EIO)}; thp could not put back "
        "data/boards/exec.yaml, which has its new content; data/boards/board.yaml, "
        "data/boards/health.yaml, data/boards/safety.yaml are as before: check them with git diff\n"
    )
    after = snapshot(partnership)
    changed = sorted(name for name in before if after.get(name) != before[name])
    assert changed == ["data/boards/exec.yaml"]
    assert b"Director of Public Health" in after["data/boards/exec.yaml"]
    assert sorted(set(after) - set(before)) == []  # no temporary or kept file is left behind


def test_a_successful_import_writes_every_board_and_leaves_no_temporary_file(
    partnership: Path, tmp_path: Path
) -> None:
    sheet = sheet_adding_a_seat_to_four_boards(partnership, tmp_path)
    before = snapshot(partnership)
    result = _import(partnership, sheet)
    assert result.exit_code == 0, result.output
    after = snapshot(partnership)
    assert set(after) == set(before)
    assert [n for n in after if after[n] != before[n]] == [f"data/boards/{b}.yaml" for b in BOARDS]


def test_write_all_without_hard_links_keeps_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the file system has no hard links, the originals are kept as copies and still put back."""
    paths = [tmp_path / f"{n}.yaml" for n in "abc"]
    for path in paths:
        path.write_bytes(b"old " + path.name.encode())
    monkeypatch.setattr(os, "link", _no_link)
    staged = lambda source, target: str(source).endswith(".tmp")  # noqa: E731
    monkeypatch.setattr(os, "replace", fail_on_call(os.replace, 3, errno.EIO, staged))
    with pytest.raises(atomic.WriteFailed) as failed:
        atomic.write_all({p: b"new" for p in paths})
    assert failed.value.path == paths[2] and failed.value.changed == ()
    assert [p.read_bytes() for p in paths] == [b"old a.yaml", b"old b.yaml", b"old c.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml"]


def _no_link(*args: Any) -> None:
    raise OSError(errno.EPERM, os.strerror(errno.EPERM))


def test_an_interruption_between_two_renames_puts_back_the_files_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"{n}.yaml" for n in "abc"]
    for path in paths:
        path.write_bytes(b"old " + path.name.encode())
    real = os.replace
    calls = {"n": 0}

    def replace(source: Any, target: Any) -> None:
        if str(source).endswith(".tmp"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_all({p: b"new" for p in paths})
    assert [p.read_bytes() for p in paths] == [b"old a.yaml", b"old b.yaml", b"old c.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml"]
