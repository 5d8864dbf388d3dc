"""Write files so that a crash, a full disk or an error leaves the old files whole.

One file or several, the same three steps: every file's new bytes are first
*staged* in a temporary file in the target's own folder (written, flushed,
fsynced, given the target's mode); only when every one is staged is each
renamed over its target with ``os.replace``. A failure while staging removes
the temporary files, and no target has changed. A failure while renaming
(rare: the bytes are already on disk) puts back the targets already replaced
from the originals kept beside them, hard links made before the first rename;
if even that fails, :class:`WriteFailed` says exactly which files changed.

Only a regular file is ever renamed over. A target that exists and is something
else is never replaced by a file: a character device or a FIFO that one
:func:`write_atomic` names (``--out /dev/null``, ``/dev/stdout``, a named pipe)
is written straight to, which is what asking for it means; a folder, a socket or
a block device is refused, as is any target of :func:`write_all` that is not a
regular file. A symbolic link to a regular file keeps the link: the file it leads
to is the one replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


class WriteFailed(OSError):  # noqa: N818 - named for what the caller reports
    """Writing the files failed: ``path`` (also ``filename``) is the file whose step failed,
    ``error`` why (its ``errno`` and ``strerror`` are this error's), and ``changed`` the targets
    that now hold their new bytes (empty: nothing changed). An OSError, so a caller that only
    needs the file and the reason reads them as from any other."""

    def __init__(self, path: Path, error: OSError, changed: tuple[Path, ...] = ()) -> None:
        super().__init__(error.errno, error.strerror or str(error), str(path))
        self.path = path
        self.error = error
        self.changed = changed

    @property
    def reason(self) -> str:
        """Why the write failed, in the system's words."""
        return str(self.error.strerror or self.error)


@dataclass
class _Staged:
    """One target, its new bytes in ``tmp`` and, once the renames begin, its original in ``kept``."""

    path: Path
    target: Path | None = None  # where the bytes go: ``path``, or the file its symbolic link leads to
    tmp: str | None = None
    existed: bool = False
    kept: str | None = None
    replaced: bool = field(default=False)

    @property
    def where(self) -> Path:
        """The file whose bytes change: the link's target, or the path itself."""
        return self.target if self.target is not None else self.path


def write_atomic(path: Path | str, data: bytes, before_replace: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data`` in one step (see :func:`write_all`); OSError if it fails,
    the file then untouched."""
    path = Path(path)
    if _kind(path) in _STREAMS:
        if before_replace is not None:
            before_replace()
        if _write_stream(path, data):
            return
    try:
        write_all({path: data}, before_replace)
    except WriteFailed as failed:
        raise failed.error from None


def write_all(files: Mapping[Path, bytes], before_replace: Callable[[], None] | None = None) -> None:
    """Give every path of ``files`` its new bytes, all of them or none.

    ``before_replace``, if given, runs once every file is staged, just before
    the first rename; if it raises, nothing is replaced. It is where a caller
    checks that the targets have not changed since they were read.

    :class:`WriteFailed` if a step fails: while staging, nothing changed; while
    renaming, the targets already replaced are put back, and ``changed`` names
    those that could not be.
    """
    staged = [_Staged(Path(path)) for path in files]
    try:
        for entry in staged:
            try:
                entry.target = _target(entry.path)
                entry.tmp, entry.existed = _stage(entry.target, files[entry.path])
            except OSError as error:
                raise WriteFailed(entry.path, error) from None
        if before_replace is not None:
            before_replace()
        for entry in staged:
            if entry.existed:
                try:
                    entry.kept = _keep(entry.where)
                except OSError as error:
                    raise WriteFailed(entry.path, error) from None
        for entry in staged:
            try:
                assert entry.tmp is not None
                os.replace(entry.tmp, entry.where)
            except OSError as error:
                raise WriteFailed(entry.path, error, _roll_back(staged)) from None
            except BaseException:  # interrupted (Ctrl-C) between two renames: put back, then stop
                _roll_back(staged)
                raise
            entry.replaced, entry.tmp = True, None
        for folder in sorted({_folder(entry.where) for entry in staged}):
            _fsync_folder(folder)
    finally:
        for entry in staged:
            for leftover in (entry.tmp, entry.kept):
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)


_STREAMS = ("character device", "FIFO")
_REFUSED = {
    "folder": (errno.EISDIR, "it is a folder, not a file"),
    "socket": (errno.EINVAL, "it is a socket, not a file"),
    "block device": (errno.EINVAL, "it is a block device (a disk), not a file"),
    # only one file written on its own may be a stream (see write_atomic); among several, never
    "FIFO": (errno.EINVAL, "it is a named pipe (FIFO), not a file"),
    "character device": (errno.EINVAL, "it is a device, not a file"),
}
_STREAM_WAIT = 10.0
"""Seconds a FIFO is given to have a reader before the write is refused, rather than hang."""


def _kind(path: Path) -> str | None:
    """What ``path`` is, following symbolic links: ``"file"``, ``"folder"``, ``"FIFO"``,
    ``"character device"``, ``"block device"``, ``"socket"``; None if nothing is there."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return None  # unreadable or unnameable: staging says why
    return _kind_of(mode)


def _kind_of(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "socket" if stat.S_ISSOCK(mode) else "special file"


def _target(path: Path) -> Path:
    """The path to replace for ``path``: ``path`` itself, or, for a symbolic link to a regular
    file, the file it leads to (the link stays). OSError if ``path`` exists and is not a
    regular file: it is never renamed over."""
    kind = _kind(path)
    if kind is None or kind == "file":
        return Path(os.path.realpath(path)) if kind == "file" and os.path.islink(path) else path
    code, said = _REFUSED.get(kind, (errno.EINVAL, f"it is a {kind}, not a regular file"))
    raise OSError(code, said, str(path))


def _write_stream(path: Path, data: bytes) -> bool:
    """Write ``data`` straight to the character device or FIFO at ``path``: True once written,
    False if ``path`` turned out to be a regular file when opened (then written as a file).

    Opened without creating or truncating anything; a FIFO that no program reads from within
    :data:`_STREAM_WAIT` seconds is refused (OSError), never waited on for ever."""
    import time

    deadline = time.monotonic() + _STREAM_WAIT
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
            break
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: a FIFO with no reader yet
                raise
            if time.monotonic() >= deadline:
                raise OSError(
                    errno.ENXIO, "it is a named pipe (FIFO) that no program is reading from", str(path)
                ) from None
            time.sleep(0.05)
    try:
        kind = _kind_of(os.fstat(fd).st_mode)  # what was opened, not what was looked at
        if kind == "file":
            return False
        if kind not in _STREAMS:
            code, said = _REFUSED.get(kind, (errno.EINVAL, f"it is a {kind}, not a regular file"))
            raise OSError(code, said, str(path))
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    return True


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _stage(path: Path, data: bytes) -> tuple[str, bool]:
    """``data`` in a new temporary file beside ``path``, on disk, with ``path``'s mode (or the
    mode a new file gets); its name, and whether ``path`` exists."""
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    existed = mode is not None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=_folder(path))
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
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp, existed


def _keep(path: Path) -> str:
    """A second name for ``path``'s current file, to put it back from: a hard link, or a copy
    where the file system has no hard links."""
    for attempt in range(100):
        kept = str(_folder(path) / f".{path.name}.{os.getpid()}.{attempt}.orig")
        try:
            os.link(path, kept)
        except FileExistsError:
            continue
        except OSError:
            if os.path.lexists(kept):
                continue
            import shutil

            try:
                shutil.copy2(path, kept)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(kept)
                raise
        return kept
    raise FileExistsError(errno.EEXIST, f"no free name beside {path} to keep its original")


def _roll_back(staged: list[_Staged]) -> tuple[Path, ...]:
    """Put back the targets already replaced; the ones that could not be."""
    stuck: list[Path] = []
    for entry in staged:
        if not entry.replaced:
            continue
        try:
            if entry.kept is not None:
                os.replace(entry.kept, entry.where)
                entry.kept = None
            else:
                os.unlink(entry.where)
            entry.replaced = False
        except OSError:
            stuck.append(entry.path)
    return tuple(stuck)


def _fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable, where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
