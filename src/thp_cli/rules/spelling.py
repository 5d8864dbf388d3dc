"""How seat-spelling compares roles, and what it notes of the whole partnership to judge an
edit of one board's seats without reading every board again (see :mod:`thp_cli.amend`)."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .notes import Table

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
        if not isinstance(note, Table):
            return False, note
        more: dict[str, object] = {}
        for org, role in sorted((before - after) + (after - before)):
            key = f"{org}\0{letters_of(role)}"
            spelt = more[key] if key in more else note.get(key)
            if spelt is not None and spelt != role:
                return False, note  # a spelling beside another: what is respelt may change
            if (org, role) in after:
                more[key] = role
        return True, note.changed(more)


def spelling_note(letters: dict[tuple[str, str], tuple[str, str]]) -> Table:
    """What seat-spelling notes: for each seat's letters (its organisation and
    :func:`letters_of`), its one spelling, or False where there are more (``letters``: each
    seat, organisation and role, and its letters)."""
    table: dict[str, str | bool] = {}
    for (_, role), (org, glance) in letters.items():
        key = f"{org}\0{glance}"
        table[key] = role if key not in table else False  # each seat once: a second is another spelling
    return Table.of(table)


SPELLINGS = _SpellingReads()
