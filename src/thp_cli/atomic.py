"""Write files so that a crash, a full disk or an error leaves the old file whole."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
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
