"""The dataset and its records: each record with where it came from.

A :class:`Dataset` indexes every record of a partnership by id; each is
:class:`Located`, carrying a :class:`Where` (its file, the positions of its
keys and values, and its path in the file), so that any finding about it,
from a rule or from the loader, can name ``file:line:column``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .. import model as m
from ..findings import Finding, Severity
from ..indicator import Indicator
from ..yamlio.keypath import SourceMap
from .names import Named

T = TypeVar("T", bound=BaseModel)

Kept = Mapping[tuple[Hashable, ...], tuple[int, ...]]
"""For a salvaged record: per list (by its path in the record), the index in the file of each entry kept."""


@dataclass(frozen=True)
class Where:
    """A place in a file: the file, its positions, and a path inside it.

    A salvaged record has lost the list entries that had errors, so its
    lists are shorter than the file's: ``kept`` maps an index of the record's
    list back to the entry's index in the file, so that a finding about the
    third seat kept is placed at that seat, not at the third seat written.
    Paths given to :meth:`child`, :meth:`position` and :meth:`finding` are
    in the record's terms; ``path`` is always in the file's.
    """

    file: str
    source: SourceMap
    path: tuple[Hashable, ...] = ()
    kept: Kept = field(default_factory=dict, hash=False)

    def _in_file(self, parts: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
        """``parts``, a path in the record, as the path in the file."""
        if not self.kept:
            return parts
        out = list(parts)
        for i, part in enumerate(parts):
            if isinstance(part, int) and not isinstance(part, bool):
                indexes = self.kept.get(parts[:i])
                if indexes is not None and 0 <= part < len(indexes):
                    out[i] = indexes[part]
        return tuple(out)

    def child(self, *parts: Hashable) -> Where:
        """The place of ``parts`` inside this one (a seat of a board: ``child("members", 2)``)."""
        n = len(parts)
        rest = {path[n:]: indexes for path, indexes in self.kept.items() if path[:n] == parts}
        return Where(self.file, self.source, self.path + self._in_file(parts), rest)

    def position(self, *parts: Hashable, key: bool = False) -> tuple[int, int]:
        """The line and column of the value at ``parts`` (of its key, with ``key``)."""
        return self.source.at(self.path + self._in_file(parts), key=key)

    def finding(self, rule: str, message: str, *parts: Hashable, key: bool = False) -> Finding:
        """An error of ``rule`` placed at ``parts``."""
        line, column = self.position(*parts, key=key)
        return Finding(self.file, line, column, rule, Severity.ERROR, message)


@dataclass(frozen=True)
class Located(Generic[T]):
    """A record and where it came from.

    ``dropped`` names the top-level fields left out when the record was
    salvaged: they had errors (already reported), so a check that judges
    what a record lacks must not judge those fields.
    """

    record: T
    where: Where
    dropped: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        """Whether the record was loaded whole, nothing dropped."""
        return not self.dropped

    def judged(self, *fields: str) -> bool:
        """True if none of ``fields`` was dropped: the record can be judged on them."""
        return not self.dropped.intersection(fields)


@dataclass
class Dataset:
    """The partnership as data: every record, indexed, with where it came from."""

    root: Path
    partnership: Located[m.Partnership] | None = None
    calls: dict[int, Located[m.CallToAction]] = field(default_factory=dict)
    actions: dict[str, Located[m.Action]] = field(default_factory=dict)
    organisations: dict[str, Located[m.Organisation]] = field(default_factory=dict)
    people: dict[str, Located[m.Person]] = field(default_factory=dict)
    boards: dict[str, Located[m.Board]] = field(default_factory=dict)
    recommendations: dict[str, Located[m.Recommendation]] = field(default_factory=dict)
    indicators: dict[str, Located[Indicator]] = field(default_factory=dict)
    broken: dict[str, set[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    keys: dict[str, str] | None = None
    """Each file's key in the file cache (its path and bytes: see
    :class:`~thp_cli.dataset.filecache.FileCache`), when the load kept them; None when it did
    not (no cache, or files from git): then every file's data is read afresh."""
    named: list[Named] = field(default_factory=list)  # references written as names: hints wait for all ids
    notes: dict[str, object] = field(default_factory=dict)
    """What the checks that look across records noted of the whole partnership when it was
    validated from the files on disk (see :meth:`~thp_cli.rules.base.Context.note`)."""

    def exists(self, kind: str, key: Any) -> bool:
        """Whether a record of ``kind`` has ``key``, or may have: one that failed to load counts."""
        index: dict[Any, Any] = getattr(self, kind)
        broken = self.broken.get(kind, set())
        if kind == "actions":  # an action of a call that failed to load is not unknown
            broken = broken | {f"{c}." for c in self.broken.get("calls", set())}
            if f"{str(key).split('.')[0]}." in broken or "*." in broken:
                return True
        return key in index or str(key) in broken or "*" in broken

    def check_board(self, board: str | None) -> None:
        """Refuse a board filter (``--board``) that names no board: one that failed to load is
        said to have errors, any other gets a "did you mean"; None (no filter) passes."""
        if board is None or board in self.boards:
            return
        from ..errors import Flag, ThpError
        from ..text import did_you_mean, quote

        if board in self.broken.get("boards", set()):
            raise ThpError(f"board {quote(board)} has errors and could not be read; run thp validate")
        raise ThpError(Flag("board"), f" {quote(board)} is no board{did_you_mean(board, list(self.boards))}")

    def mark_broken(self, kind: str, key: Any) -> None:
        """Note that a record of ``kind`` named ``key`` exists but failed to load (``*``: maybe any)."""
        if isinstance(key, (str, int)) and not isinstance(key, bool):
            self.broken.setdefault(kind, set()).add(str(key))
