"""How seat-spelling compares roles, and what it notes of the whole partnership to judge an
edit of one board's seats without reading every board again (see :mod:`thp_cli.amend`)."""

from __future__ import annotations

import pickle
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..dataset.records import Located
    from ..model import Board
    from .base import Context

_ASCII_WORD = re.compile(r"[a-z0-9]+")


def normal(role: str) -> str:
    """A role as compared for spelling, in any script: one Unicode form (NFKC),
    case folded, '&' read as 'and', and every run of characters other than
    letters, combining marks and digits read as one space. A role of no
    letters or digits at all is compared as it is written."""
    if role.isascii():  # NFKC leaves ASCII as it is, and its letters and digits are [a-z0-9] folded
        return " ".join(_ASCII_WORD.findall(role.lower().replace("&", " and "))) or role
    text = unicodedata.normalize("NFKC", role).casefold().replace("&", " and ")
    words = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split()
    return " ".join(words) or role


_LETTERS: dict[int, str | None] = {c: None for c in range(128)} | {
    **{ord(c): c for c in string.ascii_lowercase + string.digits},
    **{ord(c): c.lower() for c in string.ascii_uppercase},
    ord("&"): "and",
}
"""ASCII as :func:`normal` reads it, without the spaces between words: letters in lower case,
digits, '&' read as 'and', nothing else."""


def letters_of(role: str) -> str:
    """What of a role :func:`normal` compares, without the spaces between its words: two roles
    spelt alike (the same :func:`normal`) have the same letters (the other way round, not
    always), and this is quicker to work out."""
    if role.isascii():
        return role.translate(_LETTERS)
    return normal(role).replace(" ", "")


def seats(board: Board) -> Iterator[tuple[str, str]]:
    """The seats seat-spelling compares: (organisation, role) of each that names no person."""
    return ((m.organisation or "", m.role) for m in board.members if not m.person)


class Spellings:
    """What seat-spelling notes of the whole partnership: for each seat's letters (its
    organisation and :func:`letters_of`), its one spelling, or None where there are more. Kept
    packed; an edit adds what it spells anew in :attr:`more`."""

    def __init__(self, packed: bytes, more: dict[str, str | None] | None = None) -> None:
        self.packed = packed
        self.more = more or {}
        self._table: dict[str, str | None] | None = None

    @classmethod
    def of(cls, letters: dict[tuple[str, str], tuple[str, str]]) -> Spellings:
        table: dict[str, str | None] = {}
        for (_, role), (org, glance) in letters.items():
            key = f"{org}\0{glance}"
            table[key] = role if key not in table else None  # each seat once: a second is another spelling
        return cls(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))

    def __reduce__(self) -> tuple[type[Spellings], tuple[bytes, dict[str, str | None]]]:
        return Spellings, (self.packed, self.more)  # packed as it is, unpacked when asked

    def spelt(self, key: str) -> str | bool | None:
        """The one spelling of ``key``, None for several, False for none kept."""
        if key in self.more:
            return self.more[key]
        if self._table is None:
            self._table = pickle.loads(self.packed)
        return self._table.get(key, False)


class _SpellingReads:
    """seat-spelling finds just the same after an edit whose seats, changed, added or
    removed, each have one spelling before and after (none is then respelt, here or on any
    other board: the record edited was found to have no seat respelt before)."""

    def edit(self, note: object, ctx: Context, old: Located[Any], new: Located[Any]) -> tuple[bool, object]:
        from ..model import Board

        if not isinstance(old.record, Board) or not isinstance(new.record, Board):
            return True, note
        before, after = Counter(seats(old.record)), Counter(seats(new.record))
        if before == after:
            return True, note
        if not isinstance(note, Spellings):
            return False, note
        more = dict(note.more)
        for org, role in sorted((before - after) + (after - before)):
            key = f"{org}\0{letters_of(role)}"
            spelt = more[key] if key in more else note.spelt(key)
            if spelt is None or (spelt is not False and spelt != role):
                return False, note  # a spelling beside another: what is respelt may change
            if (org, role) in after:
                more[key] = role
        return True, Spellings(note.packed, more)


SPELLINGS = _SpellingReads()
