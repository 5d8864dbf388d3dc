"""Key paths into a loaded document, and where each one was written in the file.

A :data:`KeyPath` is the tuple of mapping keys and sequence indexes from the
top of the document (``("members", 2, "role")``), the same tuple pydantic
reports in an error's ``loc``. It is a path to a value, not a file path.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

KeyPath = tuple[Hashable, ...]

PRIVATE = "contact"
"""The key under which everything is personal data: no finding ever quotes what is under it."""


@dataclass
class SourceMap:
    """1-based positions of the keys and values of one file, by path.

    A path is the tuple of mapping keys and sequence indexes from the top of
    the document, the same tuple pydantic reports in an error's ``loc``.
    """

    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)  # text of plain non-string scalars

    def at(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at ``path``, else of its nearest ancestor."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def raw_text(self, path: KeyPath) -> str | None:
        """How the plain non-string scalar at ``path`` was written (``3.10`` for the number 3.1)."""
        return self.raw.get(tuple(path))
