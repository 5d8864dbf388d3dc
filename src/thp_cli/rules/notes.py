"""What a check that looks across records notes of the whole partnership to judge a later edit
(:meth:`~thp_cli.rules.base.Context.note`, :mod:`thp_cli.amend`): a table by key, kept packed
and unpacked only when an edit needs it, with what edits changed since kept beside it."""

from __future__ import annotations

import pickle
from collections.abc import Mapping

_NONE = object()


class Table:
    """A table of the whole partnership by key (``packed``), and what edits changed since
    (``more``: a key's value now, None for a key gone)."""

    def __init__(self, packed: bytes, more: dict[str, object] | None = None) -> None:
        self.packed = packed
        self.more = more or {}
        self._table: dict[str, object] | None = None

    @classmethod
    def of(cls, table: Mapping[str, object]) -> Table:
        return cls(pickle.dumps(dict(table), protocol=pickle.HIGHEST_PROTOCOL))

    def __reduce__(self) -> tuple[type[Table], tuple[bytes, dict[str, object]]]:
        return Table, (self.packed, self.more)  # packed as it is, unpacked when asked

    def get(self, key: str) -> object:
        """The value of ``key`` now, None if there is none."""
        found = self.more.get(key, _NONE)
        if found is not _NONE:
            return found
        if self._table is None:
            self._table = pickle.loads(self.packed)
        return self._table.get(key)

    def changed(self, values: Mapping[str, object]) -> Table:
        """This table with ``values`` for their keys."""
        return Table(self.packed, {**self.more, **values})
