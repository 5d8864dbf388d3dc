"""Write files so that a crash, a full disk or an error leaves the old file whole."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


def write_atomic(path: Path | str, data: bytes, before_replace: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data`` in one step.

    The bytes go to a temporary file in the same folder, which is flushed and
    fsynced and then renamed over the target with ``os.replace``; the target's
    file mode is kept. If anything fails, the temporary file is removed and
    the original is untouched.

    ``before_replace``, if given, runs just before the rename, when the new
    bytes are safely on disk; if it raises, nothing is replaced. It is where a
    caller checks that the target has not changed since it was read.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _stage(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``, flushed and fsynced, with the mode
    ``path`` has (or a new file's): the name of that temporary file."""
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return tmp


def write_all(files: Mapping[Path, bytes]) -> None:
    """Replace every file of ``files`` with its bytes, or none of them.

    Every file's new bytes are first put on disk beside it (as :func:`write_atomic`
    does); only when all of them are there are they renamed into place. If a rename
    fails part-way, the files already replaced get their old bytes back (and files
    that did not exist are removed), so the caller sees all or nothing. An OSError
    names the file it was writing.
    """
    staged: list[tuple[Path, str]] = []
    replaced: list[tuple[Path, bytes | None]] = []
    try:
        for path, data in files.items():
            try:
                staged.append((path, _stage(path, data)))
            except OSError as error:
                error.filename = str(path)
                raise
        for path, tmp in staged:
            try:
                try:
                    old: bytes | None = path.read_bytes()
                except FileNotFoundError:
                    old = None
                os.replace(tmp, path)
            except OSError as error:
                error.filename = str(path)
                raise
            replaced.append((path, old))
    except BaseException:
        for _, tmp in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for path, old in reversed(replaced):
            with contextlib.suppress(OSError):
                if old is None:
                    os.unlink(path)
                else:
                    write_atomic(path, old)
        raise
