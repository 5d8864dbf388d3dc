"""The records of data format v1 (../shared/design/data-format.md) as pydantic models.

Models are strict: a value of the wrong type is an error, never silently
converted, because a silent conversion is how YAML's traps bite (an unquoted
``3.10`` becoming the number 3.1). Dates arrive as text from the loader and
are parsed by dates.py, with messages an officer can act on.

Each field carries its help (``Field(description=...)``), which the JSON
schemas of schema.py show in an editor on hover.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Month, long_date, parse_date and shift_year live in dates.py: re-exported here until the merge
from .dates import Month as Month
from .dates import long_date as long_date
from .dates import parse_date as parse_date
from .dates import parse_month, parse_month_day
from .dates import shift_year as shift_year

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
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
# What one line of plain text cannot hold: control characters (C0, tab, line feed and carriage
# return included; DEL; C1, U+0085 included), the line and paragraph separators, noncharacters
# and lone surrogates. A name, role or title holding one reaches a spreadsheet, a web page or a
# terminal as something other than what was typed, or not at all.
_NOT_PLAIN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)


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


def _a(field: str) -> str:
    noun = field.replace("_", " ")
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _one_line(value: str, info: ValidationInfo) -> str:
    problem = one_line_problem(value, _a(info.field_name or "value"))
    if problem is not None:
        raise PydanticCustomError("not_one_line", problem)  # no braces: it quotes no value
    return value


Slug = Annotated[str, Field(pattern=SLUG)]
# One line of plain text that names something: a name, role or title (notes and
# descriptions are free text, and may run over lines)
Text = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]
Line = Annotated[str, AfterValidator(_one_line)]
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
Position = Literal["chair", "co-chair", "vice-chair", "member", "adviser", "secretariat"]
ActionStatus = Literal["not-started", "in-progress", "done", "dropped"]
RULE_SETTINGS = ("error", "warning", "off")


def _nfc(value: Any) -> Any:
    """Text in Unicode's composed form (NFC); lists of text too; anything else as it is."""
    if type(value) is str:
        if value.isascii() or unicodedata.is_normalized("NFC", value):
            return value
        return unicodedata.normalize("NFC", value)
    if type(value) is list and any(type(v) is str and not v.isascii() for v in value):
        return [_nfc(v) for v in value]
    return value


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        """``meetings:`` with nothing after it means no meetings, not an error.

        An empty value for an optional field is the same as leaving the key
        out; a required field still needs a value.

        Text is compared in one Unicode form: "é" typed as one character and
        as "e" plus an accent (as macOS may save it) look the same and are the
        same role, name or title, so every text value is taken in NFC.
        """
        if not isinstance(data, dict):
            return data
        if None in data.values():
            fields = cls.model_fields
            data = {
                k: v
                for k, v in data.items()
                if not (v is None and k in fields and not fields[k].is_required())
            }
        for value in data.values():
            if _nfc(value) is not value:
                return {k: _nfc(v) for k, v in data.items()}
        return data


class Source(Record):
    title: Text
    url: Link | None = None
    page: int | str | None = None
    note: str | None = None


class Sourced(Record):
    sources: list[Source] = Field(default_factory=list)


# -- partnership.yaml -------------------------------------------------------
class Plan(Record):
    title: Text
    start: MonthOrDate | None = None
    end: MonthOrDate | None = None


class Principle(Record):
    id: Slug
    title: Text
    description: str | None = None


class PartnershipTerms(Record):
    """The partnership's own terms of reference: the duties they set count from ``applies_from``."""

    title: Text
    applies_from: MonthOrDate | None = None
    url: Link | None = None

    @property
    def start(self) -> dt.date | None:
        """The first day the terms apply: the first of the month for a month."""
        day = self.applies_from
        if isinstance(day, Month):
            return dt.date(day.year, day.month, 1)
        return day


class CoChairing(Record):
    """Boards of these kinds should be co-chaired by an elected member and a partner."""

    kinds: Annotated[list[BoardKind], Field(min_length=1)]
    source: Text | None = None


ReportSection = Literal[
    "glance", "structure", "coverage", "recommendations", "boards", "changes", "overlap", "quality",
]  # fmt: skip


class Approval(Record):
    """Who approved the published report, and when: "approved by <by> on <on>"."""

    by: Text
    on: Date


class ReportSettings(Record):
    """How the annual report looks, set in partnership.yaml instead of in Jinja.

    ``sections`` picks the sections and their order (the data-quality section is
    in the internal edition, and in the public one only if listed here);
    ``organisation`` and ``colour`` brand the page (a colour too light for
    WCAG 2.2 AA contrast is refused, with a finding); ``foreword`` opens it.
    """

    organisation: Line | None = None
    colour: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = None
    foreword: str | None = None
    approved: Approval | None = None
    sections: list[ReportSection] = Field(default_factory=list)


class Partnership(Sourced):
    name: Text
    vision: str | None = None
    plan: Plan | None = None
    principles: list[Principle] = Field(default_factory=list)
    terms_of_reference: PartnershipTerms | None = None
    work_programme_due: MonthDay | None = None
    annual_update_to: Slug | None = None
    co_chairing: CoChairing | None = None
    report: ReportSettings | None = None
    rules: dict[str, str] = Field(
        default_factory=dict
    )  # rule id -> error | warning | off; the unknown-rule check reads it


# -- calls_to_action.yaml ---------------------------------------------------
class Action(Sourced):
    number: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]
    title: Text


class CallToAction(Sourced):
    number: Annotated[int, Field(ge=1)]
    title: Text
    actions: list[Action] = Field(default_factory=list)


class CallsFile(Record):
    calls_to_action: list[Any]


# -- organisations.yaml and people.yaml -------------------------------------
class Organisation(Sourced):
    id: Slug
    name: Text
    sector: Sector


class OrganisationsFile(Record):
    organisations: list[Any]


class Contact(Record):
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class Person(Sourced):
    id: Slug
    name: Text
    contact: Contact | None = None


class PeopleFile(Record):
    people: list[Any]


# -- boards/<id>.yaml -------------------------------------------------------
class Meeting(Sourced):
    date: Date
    status: MeetingStatus
    agenda: Link | None = None
    minutes: Link | None = None


class WorkProgramme(Record):
    published: Date | None = None
    url: Link | None = None


class TermsOfReference(Record):
    url: Link | None = None
    reviewed: Date | None = None


class Member(Sourced):
    role: Text
    organisation: Slug | None = None
    position: Position = "member"
    elected_member: bool = False
    person: Slug | None = None
    since: Date | None = None
    until: Date | None = None

    @property
    def seat(self) -> tuple[str, ...]:
        """A seat's identity: its person, else its organisation and role."""
        if self.person:
            return ("person", self.person)
        return ("seat", self.organisation or "", self.role)

    def current(self, on: dt.date) -> bool:
        started = self.since is None or self.since <= on
        return started and (self.until is None or self.until >= on)


class Update(Record):
    year: Annotated[int, Field(ge=1900, le=2999)]
    summary: str | None = None
    achievements: list[str] = Field(default_factory=list)
    challenges: list[str] = Field(default_factory=list)
    escalations: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Quiet:
    """A board with meetings recorded but none held in the year to a day."""

    last_held: dt.date | None


class Board(Sourced):
    id: Slug
    name: Text
    short_name: Line | None = None
    kind: BoardKind
    statutory: bool = False
    statutory_basis: str | None = None
    reports_to: list[Slug] = Field(default_factory=list)
    status: BoardStatus = "active"
    established: Date | None = None
    ends: MonthOrDate | None = None
    meets: Frequency | None = None
    meetings: list[Meeting] = Field(default_factory=list)
    moderngov_committee_id: Annotated[int, Field(ge=1)] | None = None  # thp import moderngov
    work_programme: WorkProgramme | None = None
    terms_of_reference: TermsOfReference | None = None
    calls_to_action: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    actions: list[Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]] = Field(default_factory=list)
    topics: list[Slug] = Field(default_factory=list)
    strategy: str | None = None
    members: list[Member] = Field(default_factory=list)
    updates: list[Update] = Field(default_factory=list)

    def quiet(self, on: dt.date) -> Quiet | None:
        """Is the board still meeting?

        ``Quiet`` if meetings are recorded but none was held in the twelve
        months to ``on`` (and the board is older than that); None otherwise,
        including when no meetings are recorded, which says nothing either way.
        """
        if not self.meetings:
            return None
        year_ago = shift_year(on, -1)
        held = [m.date for m in self.meetings if m.status == "held" and m.date <= on]
        if held and max(held) > year_ago:
            return None
        if self.established and self.established > year_ago:
            return None
        return Quiet(max(held) if held else None)


# -- recommendations/<id>.yaml ----------------------------------------------
class ActionUpdate(Record):
    date: Date
    status: ActionStatus | None = None
    note: str | None = None


class RecommendationAction(Sourced):
    number: Annotated[str, Field(pattern=r"^[ivxlc]+$")]
    title: Text
    due: MonthOrDate | None = None
    start: MonthOrDate | None = None
    ongoing: bool = False
    owners: list[Slug] = Field(default_factory=list)
    status: ActionStatus | None = None
    updates: list[ActionUpdate] = Field(default_factory=list)


class Recommendation(Sourced):
    id: Slug
    number: Annotated[int, Field(ge=1)]
    title: Text
    owner: Slug | None = None
    sro: Line | None = None
    actions: list[RecommendationAction] = Field(default_factory=list)
