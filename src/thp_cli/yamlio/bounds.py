"""What a data file may be before a byte of it is parsed: its size, its kind, how it is opened.

A pull request may put anything where a data file should be: a symbolic link
to a secret elsewhere, a named pipe that would block the run for ever, a
device, a folder named like a file, a file of gigabytes. Each is refused here,
in plain words, before the YAML parser (native code) sees it; the limits on
what the parser may build (depth, aliases, values) are set here too.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Limits:
    """How much one file may hold: bytes on disk, nesting depth, aliases, values built."""

    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 100
    max_nodes: int = 250_000  # values built, counting each alias as what it expands to


DEFAULT_LIMITS = Limits()

FileKind = Literal["file", "folder", "link", "other"]

LINK_MESSAGE = (
    "this is a symbolic link; thp reads only regular files inside data/, "
    "so a link cannot pull in a file from elsewhere: replace it with the file"
)


def kind_refusal(file: str, kind: FileKind) -> str | None:
    """Why an entry of this kind is not read as a data file, or None for a regular file.

    A symbolic link (on disk or git's mode 120000) is refused without following it.
    """
    if kind == "link":
        return LINK_MESSAGE
    if kind == "folder":
        suffix = os.path.splitext(file)[1] or ".yaml"
        return (
            f"this is a folder, but its name ends in {suffix} like a data file; thp reads only files "
            "here: move the folder out of data/ or rename it"
        )
    if kind != "file":
        return not_regular_message("a named pipe, socket or device")
    return None


def too_large_message(size: int, limits: Limits) -> str:
    """Why a file of ``size`` bytes is not read, with the cap it is past."""
    return (
        f"the file is {size / 1048576:.1f} MiB; thp reads files up to "
        f"{limits.max_bytes / 1048576:.0f} MiB: split it or remove what does not belong"
    )


class NotRegularFileError(OSError):
    """What was opened is not a regular file: a FIFO, a socket, a device, a folder, a link.

    ``mode`` is the ``st_mode`` of what was opened, where it was opened at all.
    """

    mode: int | None = None


def what_it_is(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words, for a refusal."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "something other than a file"


def not_regular_message(what: str) -> str:
    """The refusal of something that is ``what`` (see :func:`what_it_is`) instead of a file."""
    return (
        f"this is {what}, not a regular file; thp reads only regular files inside data/: "
        "replace it with the file or remove it"
    )


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` bytes of a file, never through a symbolic link, never blocking.

    What is opened is checked, not just what the path named a moment before:
    the file is opened without following a link and without waiting (so a
    named pipe or a device swapped in opens at once instead of hanging), and
    the open descriptor must be a regular file, else :class:`NotRegularFileError`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFileError(error.errno, not_regular_message("a socket or a device")) from None
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise NotRegularFileError(error.errno, LINK_MESSAGE) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            refusal = NotRegularFileError(errno.EINVAL, not_regular_message(what_it_is(info.st_mode)))
            refusal.mode = info.st_mode
            raise refusal
        # read by the size the file has (a byte more, to see one that grew), not by the limit:
        # a buffer of the limit's size for each of 20,000 small files costs more than reading them
        chunks: list[bytes] = []
        got = 0
        while got < limit:
            chunk = os.read(fd, min(limit - got, max(info.st_size + 1 - got, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def disk_kind(info: os.stat_result) -> FileKind:
    """The kind of a file on disk from its ``lstat``: a link is a link, never what it points to."""
    if stat.S_ISLNK(info.st_mode):
        return "link"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return "file" if stat.S_ISREG(info.st_mode) else "other"
