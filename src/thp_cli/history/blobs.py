"""Many git objects read in one go: one ``git cat-file --batch`` fed every id at once.

Asking for one object at a time waits for git's answer each time; walking a long
history that way spends most of its time waiting. :func:`read_blobs` writes
every id to git from a thread while reading the answers as they come, so the
objects of a thousand commits cost one process and no waiting. Each object's
bytes are kept only up to a limit (a file past thp's size cap is never read into
memory: its size is enough to refuse it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable

from ..errors import ThpError
from .git import Git, _read


def read_blobs(git: Git, oids: Iterable[str], limit: int) -> dict[str, tuple[int, bytes | None]]:
    """Each object of ``oids`` (ids as ``git log --raw`` gives them, each asked once) as
    (size, bytes), the bytes None when the object is larger than ``limit``; an id git
    does not have is left out."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    proc = git.cat_file_batch()
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin

    def feed() -> None:
        with contextlib.suppress(OSError):  # git stopped reading: the reader says so
            stdin.write("".join(f"{oid}\n" for oid in wanted).encode("ascii", "replace"))
        with contextlib.suppress(OSError):
            stdin.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    found: dict[str, tuple[int, bytes | None]] = {}
    try:
        for oid in wanted:
            header = proc.stdout.readline()
            if header.endswith((b" missing\n", b" ambiguous\n")):
                continue
            parts = header.split()
            if len(parts) != 3:
                raise OSError("git cat-file stopped answering")
            size = int(parts[2])
            if size <= limit:
                found[oid] = (size, _read(proc.stdout, size))
            else:
                left = size
                while left > 0:
                    left -= len(_read(proc.stdout, min(left, 1 << 20)))
                found[oid] = (size, None)
            _read(proc.stdout, 1)  # the newline after the contents
    except (OSError, ValueError) as error:
        raise ThpError(f"git could not read the files of the history: {error}") from None
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        writer.join()
    return found
