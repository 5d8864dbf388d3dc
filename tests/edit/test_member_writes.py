"""``thp member`` when writing fails: the old file stays whole, no temporary file is left,
a file changed meanwhile is not overwritten and the file's mode is kept."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from thp_cli.edit import session

from .test_member import NEW_SEAT, SAFETY, member, snapshot


# -- faults while writing: the old file stays whole and no temporary file is left ------------
def files_in_boards(root: Path) -> list[str]:
    return sorted(os.listdir(root / "data" / "boards"))


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _HalfWriter:
    """A file whose write puts down half the bytes, then finds the disk full."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


@pytest.mark.parametrize("fault", ["fsync", "half-written", "replace"])
def test_a_failed_write_leaves_the_file_whole(
    partnership: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    before, names = snapshot(partnership), files_in_boards(partnership)
    if fault == "fsync":
        monkeypatch.setattr(os, "fsync", _enospc)
    elif fault == "replace":
        monkeypatch.setattr(os, "replace", _enospc)
    else:
        real = os.fdopen

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real(fd, mode, *args, **kwargs)
            return _HalfWriter(handle) if mode == "wb" else handle

        monkeypatch.setattr(os, "fdopen", fdopen)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert (
        result.err
        == "thp: cannot write data/boards/safety.yaml: No space left on device; nothing was changed\n"
    )
    assert snapshot(partnership) == before
    assert files_in_boards(partnership) == names


def test_a_file_changed_while_thp_edits_it_is_not_overwritten(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = partnership / SAFETY
    names = files_in_boards(partnership)
    someone_else = path.read_bytes() + b"# an officer's own edit, saved meanwhile\n"
    real = session.Session._check_partnership

    def meanwhile(self: session.Session, new: bytes) -> None:
        real(self, new)
        path.write_bytes(someone_else)

    monkeypatch.setattr(session.Session, "_check_partnership", meanwhile)
    result = member(partnership, "add", "safety", *NEW_SEAT)
    assert result.code == 2
    assert result.err == (
        "thp: data/boards/safety.yaml changed on disk while thp was editing it; nothing was changed: "
        "run the command again\n"
    )
    assert path.read_bytes() == someone_else
    assert files_in_boards(partnership) == names


def test_the_files_mode_is_kept(partnership: Path) -> None:
    path = partnership / SAFETY
    path.chmod(0o640)
    assert member(partnership, "add", "safety", *NEW_SEAT).code == 0
    assert path.stat().st_mode & 0o777 == 0o640
