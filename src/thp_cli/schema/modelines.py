"""The first-line comment that names a data file's schema, for the YAML language server.

``# yaml-language-server: $schema=../../schemas/board.schema.json``: the path is
relative to the data file. Adding one keeps every other byte of the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from .kinds import KINDS, Kind

MODELINE_PREFIX = "# yaml-language-server: $schema="
_MODELINE = re.compile(r"#\s*yaml-language-server:.*?\$schema=(\S+)")


def modeline_target(raw: bytes) -> str | None:
    """The ``$schema=`` of a file's yaml-language-server modeline, if a full-line comment has one."""
    text = raw.decode("utf-8", "replace")
    for line in text.splitlines():
        stripped = line.lstrip("\ufeff \t")
        if stripped.startswith("#") and (match := _MODELINE.match(stripped)):
            return match.group(1)
    return None


def with_modeline(raw: bytes, target: str) -> bytes:
    """``raw`` with a modeline as its first line: the bytes after it are kept exactly,
    a byte-order mark stays first, and the line ends the way the file's do."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    body = raw[len(bom) :]
    first = body.find(b"\n")
    eol = b"\r\n" if first > 0 and body[first - 1 : first] == b"\r" else b"\n"
    return bom + (MODELINE_PREFIX + target).encode("utf-8") + eol + body


def data_files(data: Path) -> Iterator[tuple[Path, Kind]]:
    """Every data file that has a schema, in a stable order; links and folders are skipped."""
    for kind in KINDS:
        for path in sorted(data.glob(kind.files)):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                yield path, kind


def schema_link(path: Path, schemas: Path, kind: Kind) -> str:
    """The path from a data file's folder to its schema, with forward slashes."""
    target = os.path.join(os.path.abspath(schemas), kind.file_name)
    return Path(os.path.relpath(target, os.path.abspath(path.parent))).as_posix()
