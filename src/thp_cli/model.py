"""The records of data format v1 (../shared/design/data-format.md) as pydantic models.

Models are strict: a value of the wrong type is an error, never silently
converted, because a silent conversion is how YAML's traps bite (an unquoted
``3.10`` becoming the number 3.1). Dates arrive as text from the loader and
are parsed here, with messages an officer can act on.
"""

from __future__ import annotations

import calendar
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

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# ASCII digits only: \d would also take Arabic-Indic or full-width digits,
# which no other program reading the files (nor the JSON schema) accepts
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})\Z")
_MONTH_DAY = re.compile(r"([0-9]{2})-([0-9]{2})\Z")


class Month(dt.date):
    """A date given as ``YYYY-MM``: it means the end of that month."""

    def __new__(cls, year: int, month: int) -> Month:
        return super().__new__(cls, year, month, calendar.monthrange(year, month)[1])

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"

    def __reduce__(self) -> Any:
        return (Month, (self.year, self.month))


def long_date(day: dt.date) -> str:
    """A day in words for people: '23 November 2026', or 'November 2026' for a month."""
    if isinstance(day, Month):
        return f"{day:%B} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


def _invalid(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("invalid_date", message, context)


def _real_date(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1900 <= year <= 2999:
        raise _invalid(f"'{text}' is not a date thp accepts: the year must be from 1900 to 2999")
    if not 1 <= month <= 12:
        raise _invalid(f"'{text}' is not a date: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise _invalid(f"'{text}' is not a date: {name} {year} has {last} days")
    return dt.date(year, month, day)


def _text_of(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() and any(c.isdigit() and not c.isascii() for c in text):
            _other_digits(text)
        return text
    raise _invalid(f"expected a date written YYYY-MM-DD, found {_describe(value)}")


def _other_digits(text: str) -> None:
    """Refuse digits other than 0-9 (Arabic-Indic, full-width ...), suggesting the same date in 0-9."""
    ascii_text = "".join(
        str(unicodedata.digit(c)) if c.isdigit() else "-" if unicodedata.category(c) == "Pd" else c
        for c in unicodedata.normalize("NFKC", text)
    )
    hint = f"; did you mean {ascii_text}?" if ascii_text.isascii() else ""
    raise _invalid(f"'{text}' is not a date thp accepts: dates are written with the digits 0-9{hint}")


def _describe(value: Any) -> str:
    from .loader import describe

    return describe(value)


def parse_date(value: Any) -> dt.date:
    """A full date, ``YYYY-MM-DD``."""
    if isinstance(value, dt.date) and not isinstance(value, Month):
        return value
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:  # the common case, in C; anything odd gets the explaining path below
            parsed = dt.date.fromisoformat(value)
            if 1900 <= parsed.year <= 2999:
                return parsed
        except ValueError:
            pass
    text = _text_of(value)
    if match := _DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _real_date(year, month, day, text)
    if _MONTH.match(text):
        raise _invalid(
            f"'{text}' is a month, but this field needs a full date: write YYYY-MM-DD, for example {text}-01"
        )
    guess = _guess_date(text)
    example = f"; did you mean {guess}?" if guess else ", for example 2024-06-30"
    raise _invalid(f"'{text}' is not a date: write it as YYYY-MM-DD{example}")


_HUMAN_FORMATS = ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%B %d, %Y", "%Y/%m/%d")


def _guess_date(text: str) -> str | None:
    """The ISO form of a date written the British way, if it is one."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in _HUMAN_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def parse_month(value: Any) -> dt.date:
    """A month (``YYYY-MM``, meaning the end of that month) or a full date."""
    if isinstance(value, dt.date):
        return value
    text = _text_of(value)
    if match := _MONTH.match(text):
        year, month = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            raise _invalid(f"'{text}' is not a month: there is no month {month}")
        _real_date(year, month, 1, text)
        return Month(year, month)
    if match := _DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _real_date(year, month, day, text)
    guess = _guess_month(text) or _guess_date(text)
    example = f"; did you mean {guess}?" if guess else " (for example 2025-03) or YYYY-MM-DD"
    raise _invalid(f"'{text}' is not a month or a date: write YYYY-MM{example}")


def _guess_month(text: str) -> str | None:
    for fmt in ("%B %Y", "%b %Y", "%m/%Y", "%Y/%m"):
        try:
            return dt.datetime.strptime(text, fmt).strftime("%Y-%m")
        except ValueError:
            continue
    return None


def parse_month_day(value: Any) -> str:
    """A day of every year, ``MM-DD``, such as ``06-30``."""
    if not isinstance(value, str):
        raise _invalid(f'expected a day of the year written "MM-DD" in quotes, found {_describe(value)}')
    text = _text_of(value)
    if _DATE.match(text):
        raise _invalid(
            f"'{text}' is a full date, but this is a day of every year: write only "
            f'month and day, "{text[5:]}"'
        )
    match = _MONTH_DAY.match(text)
    if not match:
        raise _invalid(f'\'{text}\' is not a day of the year: write "MM-DD", for example "06-30"')
    month, day = (int(g) for g in match.groups())
    _real_date(2024, month, day, text)  # 2024 is a leap year: 02-29 is allowed
    return text


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


def shift_year(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February in a common year);
    the first or last day Python can hold when that year is beyond it, never an overflow."""
    year = day.year + years
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.min if year < dt.MINYEAR else dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


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
