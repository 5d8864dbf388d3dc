"""Issue #10, second round: an atomic write never renames a file over something that is
not a regular file (``--out /dev/null`` once replaced the machine's /dev/null).

A character device or a FIFO named by ``--out`` is written straight to; a folder,
a socket or a block device is refused in a sentence; ``write_all`` (several files)
refuses every target that is not a regular file. The character device here is a
pseudo-terminal made for the test, never the real /dev/null.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
import tty
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli import atomic
from thp_cli.cli.app import app

from ..conftest import AS_OF, BASE, build_case

runner = CliRunner()


def _read_all(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # a pty's master reads EIO once the other side is closed
            break
        if not chunk:
            break
        into.append(chunk)


def _fifo_reader(path: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def read() -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            _read_all(fd, got)
        finally:
            os.close(fd)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, got


def test_write_atomic_to_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = _fifo_reader(fifo)
    atomic.write_atomic(fifo, b"hello\n" * 50_000)
    thread.join(10)
    assert b"".join(got) == b"hello\n" * 50_000
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_write_atomic_to_a_character_device_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        tty.setraw(slave)  # no line-ending translation: the bytes arrive as written
        device = Path(os.ttyname(slave))
        before = os.lstat(device)
        assert stat.S_ISCHR(before.st_mode)
        atomic.write_atomic(device, b"report\n")
        after = os.lstat(device)
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
        assert os.read(master, 100) == b"report\n"
    finally:
        os.close(slave)
        os.close(master)


def test_a_fifo_nobody_reads_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_STREAM_WAIT", 0.2)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as raised:
        atomic.write_atomic(fifo, b"x")
    assert raised.value.strerror == "it is a named pipe (FIFO) that no program is reading from"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_overlap_out_to_a_fifo(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = _fifo_reader(fifo)
    result = runner.invoke(app, ["overlap", "--root", str(root), "--as-of", AS_OF, "--out", str(fifo)])
    thread.join(10)
    assert result.exit_code == 0, result.stderr
    assert b"Boards that may duplicate each other" in b"".join(got)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_out_to_a_socket_is_refused_in_a_sentence(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result = runner.invoke(app, ["export", "ics", "--root", str(root), "--out", str(path)])
    finally:
        server.close()
    assert result.exit_code == 2
    assert "it is a socket, not a file" in result.stderr
    assert stat.S_ISSOCK(os.lstat(path).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "s"]


def test_write_atomic_to_a_folder_is_refused_and_the_folder_kept(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "old.md").write_text("kept")
    with pytest.raises(OSError) as raised:
        atomic.write_atomic(folder, b"x")
    assert raised.value.strerror == "it is a folder, not a file"
    assert (folder / "old.md").read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_block_device_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk = tmp_path / "sda"
    disk.write_bytes(b"disk")
    real = atomic._kind
    monkeypatch.setattr(atomic, "_kind", lambda path: "block device" if path == disk else real(path))
    with pytest.raises(OSError) as raised:
        atomic.write_atomic(disk, b"x")
    assert "block device" in str(raised.value.strerror)
    assert disk.read_bytes() == b"disk"


def test_write_all_refuses_a_fifo_among_several_files_and_changes_none(tmp_path: Path) -> None:
    a, fifo = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"old\n")
    os.mkfifo(fifo)
    with pytest.raises(atomic.WriteFailed) as raised:
        atomic.write_all({a: b"new\n", fifo: b"new\n"})
    assert raised.value.path == fifo and raised.value.changed == ()
    assert "FIFO" in raised.value.reason
    assert a.read_bytes() == b"old\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_symbolic_link_to_a_file_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic.write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"


def test_overlap_out_to_a_device_writes_into_it_and_never_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--out /dev/null or /dev/stdout, with a terminal made for the test standing in for them."""

    def no_rename(*args: object) -> None:
        raise AssertionError("a device was renamed over")

    monkeypatch.setattr(atomic.os, "replace", no_rename)
    root = build_case(BASE, tmp_path / "p")
    master, slave = os.openpty()
    try:
        tty.setraw(slave)
        device = os.ttyname(slave)
        got: list[bytes] = []
        thread = threading.Thread(target=_read_all, args=(master, got), daemon=True)
        thread.start()
        result = runner.invoke(app, ["overlap", "--root", str(root), "--as-of", AS_OF, "--out", device])
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(os.lstat(device).st_mode)
    finally:
        os.close(slave)
        thread.join(10)
        os.close(master)
    assert b"Boards that may duplicate each other" in b"".join(got)
