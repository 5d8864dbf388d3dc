"""Matching what a person wrote to a record: ids made from names, and names found by id.

A reference written as a name ('Health and Wellbeing Board' where a board's
id belongs) is answered with the id of the record of that name; a near miss
of an id with the closest id. Used by the validation messages and by the
reference rules alike.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .. import model as m
from ..field_types import SLUG
from ..findings import Finding
from ..text import closest, fold


def slugify(text: str) -> str:
    """``Health and Wellbeing`` as an id would be written: ``health-and-wellbeing`` (may be empty)."""
    return "-".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: lower-case letters and digits joined by single hyphens."""
    return re.fullmatch(SLUG, text) is not None  # letters of other scripts are not a-z


# The fields that name another record by its id, and what they name.
REFERENCES: dict[tuple[type[BaseModel], str], str] = {
    (m.Partnership, "annual_update_to"): "boards",
    (m.Board, "reports_to"): "boards",
    (m.Recommendation, "owner"): "boards",
    (m.RecommendationAction, "owners"): "boards",
    (m.Member, "organisation"): "organisations",
    (m.Member, "person"): "people",
}
REFERENCE_NOUNS = {"boards": "board", "organisations": "organisation", "people": "person"}


class NameIndex:
    """The records of one kind by every name they may be called by: id, name, short name.

    Case, punctuation and spacing do not matter ("Health & Wellbeing board"
    names "Health & Wellbeing Board"); a name shared by two records names
    neither. Built once, looked up in constant time.
    """

    def __init__(self, records: Iterable[tuple[str, Iterable[str | None]]]) -> None:
        self.by: dict[str, dict[str, str]] = {}  # folded or slugified name -> {id: the name as written}
        self.ids: list[str] = []
        for record_id, names in records:
            self.ids.append(record_id)
            for name in (record_id, *names):
                if name:
                    for key in sorted({fold(name).strip(), slugify(name)} - {""}):
                        self.by.setdefault(key, {}).setdefault(record_id, name)

    def find(self, text: str) -> tuple[str, str] | None:
        """The id of the one record ``text`` names, and the name it matched; else None."""
        found: dict[str, str] = {}
        for key in (fold(text).strip(), slugify(text)):
            for record_id, name in self.by.get(key, {}).items():
                found.setdefault(record_id, name)
        return next(iter(found.items())) if len(found) == 1 else None


def name_index(dataset: Any, kind: str) -> NameIndex:
    """A :class:`NameIndex` of the records of ``kind`` in a loaded dataset."""
    return NameIndex(
        (
            str(record_id),
            [getattr(located.record, "name", None), getattr(located.record, "short_name", None)],
        )
        for record_id, located in getattr(dataset, kind).items()
    )


def reference_hint(index: NameIndex, kind: str, text: str, *, as_list: bool = False) -> str:
    """``; did you mean 'x'?`` for a reference written as a name, title or near miss of an id."""
    found = index.find(text)
    if found is not None:
        record_id, name = found
        shown = f"[{record_id}]" if as_list else f"'{record_id}'"
        if name == record_id:
            return f"; did you mean {shown}?"
        return f"; did you mean {shown}, the id of the {REFERENCE_NOUNS.get(kind, 'record')} '{name}'?"
    near = closest(text, index.ids)
    if near is None:
        return ""
    return f"; did you mean [{near}]?" if as_list else f"; did you mean '{near}'?"


@dataclass(frozen=True)
class Named:
    """A finding about a reference written as a name; its hint waits until every record is loaded."""

    finding: Finding
    kind: str
    text: str
    as_list: bool = False


def complete_named(findings: list[Finding], named: list[Named], dataset: Any) -> list[Finding]:
    """``findings`` with each finding of ``named`` given its hint, now that the ids are known."""
    indexes = {kind: name_index(dataset, kind) for kind in sorted({n.kind for n in named})}
    hints = {id(n.finding): reference_hint(indexes[n.kind], n.kind, n.text, as_list=n.as_list) for n in named}
    return [
        dataclasses.replace(f, message=f.message + hints[id(f)]) if id(f) in hints else f for f in findings
    ]
