"""The types of the model's fields: ids, one line of plain text, dates, and the closed vocabularies.

A field is typed here once (``Slug``, ``Text``, ``Date`` ...) and the records of
model.py are made of these types. ``one_line_problem`` is the one check of names,
roles and titles, used by the models, ``thp member``'s options and the seats sheet.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import parse_date, parse_month, parse_month_day, parse_time_of_day

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_WORDS = "lower-case words joined by hyphens, such as community-safety-partnership"
"""What :data:`SLUG` means, in words for a field's help."""
Date = Annotated[
    dt.date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
MonthOrDate = Annotated[
    dt.date,
    BeforeValidator(parse_month),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
]
MonthDay = Annotated[
    str,
    BeforeValidator(parse_month_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}-\d{2}$"}),
]
TimeOfDay = Annotated[
    str,
    BeforeValidator(parse_time_of_day),
    WithJsonSchema({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"}),
]
# What one line of plain text cannot hold: control characters (C0, tab, line feed and carriage
# return included; DEL; C1, U+0085 included), the line and paragraph separators, noncharacters
# and lone surrogates. A name, role or title holding one reaches a spreadsheet, a web page or a
# terminal as something other than what was typed, or not at all.
_NOT_PLAIN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)

_NOT_FREE = re.compile(_NOT_PLAIN.pattern.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f", 1))
"""What free text cannot hold: what one line cannot, but for the line feed and the tab (files
written before thp refused control characters may hold tabs in notes; a tab is harmless)."""


def _kind_of(char: str) -> str:
    if char in "\u2028\u2029":
        return "line separator" if char == "\u2028" else "paragraph separator"
    if "\ud800" <= char <= "\udfff":
        return "broken character"
    if ord(char) < 0xA0:
        return "control character"
    return "noncharacter"


def one_line_problem(text: str, what: str) -> str | None:
    """Why ``text`` is not one line of plain text, in plain words, or None if it is.

    ``what`` names the field (``a role``, ``a name``). The one check of names, roles
    and titles: the models', ``thp member``'s options' and the seats sheet's rows'.
    """
    if not text.strip():
        return f"{what} must not be empty or only spaces"
    match = _NOT_PLAIN.search(text)
    if match is None:
        return None
    char = match.group()
    return (
        f"{what} is one line of plain text: remove the {_kind_of(char)} (U+{ord(char):04X}) "
        f"at character {match.start() + 1}"
    )


def free_text_problem(text: str) -> str | None:
    """Why ``text`` is not free text (a note, a summary, an item of a list), or None if it is:
    words that follow the field's name or flag ("must be plain text: remove ...").

    Free text may run over lines: a line feed is kept (a carriage return or a line or
    paragraph separator is not, since YAML reads it back as a line feed or not at all). Any
    other control character, a noncharacter or a broken character is refused, as
    :func:`one_line_problem` refuses them in a name.
    """
    match = _NOT_FREE.search(text)
    if match is None:
        return None
    char = match.group()
    where = f"(U+{ord(char):04X}) at character {match.start() + 1}"
    return f"must be plain text: remove the {_kind_of(char)} {where}"


def _a(field: str) -> str:
    noun = field.replace("_", " ")
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _one_line(value: str, info: ValidationInfo) -> str:
    if value.isascii() and value.isprintable() and not value.isspace() and value:
        return value  # most names, roles and titles: nothing in them to refuse
    problem = one_line_problem(value, _a(info.field_name or "value"))
    if problem is not None:
        raise PydanticCustomError("not_one_line", problem)  # no braces: it quotes no value
    return value


def _free_text(value: str, info: ValidationInfo) -> str:
    problem = free_text_problem(value)
    if problem is not None:  # "the" fits a field of one text and one of a list (achievements)
        noun = (info.field_name or "value").replace("_", " ")
        raise PydanticCustomError("not_plain_text", f"the {noun} {problem}")  # no braces: it quotes no value
    return value


def nfc(value: Any) -> Any:
    """Text in Unicode's composed form (NFC); lists of text too; anything else as it is."""
    if type(value) is str:
        if value.isascii() or unicodedata.is_normalized("NFC", value):
            return value
        return unicodedata.normalize("NFC", value)
    if type(value) is list and any(type(v) is str and not v.isascii() for v in value):
        return [nfc(v) for v in value]
    return value


Slug = Annotated[str, Field(pattern=SLUG)]
# One line of plain text that names something: a name, role or title (notes and
# descriptions are free text, and may run over lines)
Text = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]
Line = Annotated[str, AfterValidator(_one_line)]


class Prose:
    """The mark of free text (:data:`Words`): no check that looks across records reads it, so a
    record's file whose prose alone changed is judged again on its own (see :mod:`thp_cli.amend`;
    tests/rules/test_prose.py holds the checks to it)."""

    def __repr__(self) -> str:
        return "PROSE"


PROSE = Prose()

# Free text: a note, a description, a summary, an item of a list; it may run over lines
Words = Annotated[str, AfterValidator(_free_text), PROSE]
Link = Annotated[str, Field(min_length=1)]  # https:/mailto: is the link-scheme rule's job

Sector = Literal[
    "council", "health", "police", "fire", "probation", "education",
    "business", "vcs", "faith", "housing", "government", "community",
]  # fmt: skip
BoardKind = Literal[
    "partnership-board", "executive", "thematic-board", "subgroup",
    "task-and-finish", "congress", "forum",
]  # fmt: skip
BoardStatus = Literal["active", "dormant", "closed"]
Frequency = Literal["monthly", "bi-monthly", "quarterly", "twice-yearly", "annually", "as-needed"]
MeetingStatus = Literal["held", "planned", "cancelled"]
Attended = Literal["present", "apologies", "absent", "substitute"]
Position = Literal["chair", "co-chair", "vice-chair", "member", "adviser", "secretariat"]
ActionStatus = Literal["not-started", "in-progress", "done", "dropped"]
RULE_SETTINGS = ("error", "warning", "off")
