"""Moved; kept importable until the merge. SHIM (#12): loading now lives in :mod:`thp_cli.yamlio`.

``loader.Path`` is :data:`thp_cli.yamlio.keypath.KeyPath` (a key path, not a file path).
Remove this file once every import names the new modules.
"""

from .findings import Finding, Severity
from .yamlio.bounds import (
    DEFAULT_LIMITS,
    LINK_MESSAGE,
    FileKind,
    Limits,
    NotRegularFileError,
    disk_kind,
    not_regular_message,
    read_regular,
    what_it_is,
)
from .yamlio.keypath import PRIVATE, KeyPath, SourceMap
from .yamlio.load import Loaded, _full, _lean, load_bytes, load_entry, load_file, load_text, refused
from .yamlio.scalars import describe, resolve_plain
from .yamlio.syntax import explain_syntax
from .yamlio.whitespace import MAX_BREAK_FINDINGS

Path = KeyPath

__all__ = [
    "DEFAULT_LIMITS",
    "LINK_MESSAGE",
    "MAX_BREAK_FINDINGS",
    "PRIVATE",
    "FileKind",
    "Finding",
    "KeyPath",
    "Limits",
    "Loaded",
    "NotRegularFileError",
    "Path",
    "Severity",
    "SourceMap",
    "_full",
    "_lean",
    "describe",
    "disk_kind",
    "explain_syntax",
    "load_bytes",
    "load_entry",
    "load_file",
    "load_text",
    "not_regular_message",
    "read_regular",
    "refused",
    "resolve_plain",
    "what_it_is",
]
