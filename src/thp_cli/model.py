"""The records of data format v1 (../shared/design/data-format.md) as pydantic models.

Models are strict: a value of the wrong type is an error, never silently
converted, because a silent conversion is how YAML's traps bite (an unquoted
``3.10`` becoming the number 3.1). Dates arrive as text from the loader and
are parsed by dates.py, with messages an officer can act on.

Each field carries its help (``Field(description=...)``), which the JSON
schemas of schema/ show in an editor on hover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from .dates import Month, shift_year
from .field_types import (
    SLUG_WORDS,
    ActionStatus,
    Attended,
    BoardKind,
    BoardStatus,
    Date,
    Frequency,
    Line,
    Link,
    MeetingStatus,
    MonthDay,
    MonthOrDate,
    Position,
    Sector,
    Slug,
    Text,
    TimeOfDay,
    Words,
    nfc,
)

IN_NFC = {"text": "nfc"}
"""The validation context (``model_validate(data, context=IN_NFC)``) for data whose every text is
known to be in NFC already (read from a file of ASCII text without escapes): no value is looked at."""


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any, info: ValidationInfo) -> Any:
        """``meetings:`` with nothing after it means no meetings, not an error.

        An empty value for an optional field is the same as leaving the key
        out; a required field still needs a value.

        Text is compared in one Unicode form: "é" typed as one character and
        as "e" plus an accent (as macOS may save it) look the same and are the
        same role, name or title, so every text value is taken in NFC (unless the
        context is :data:`IN_NFC`: then it is known to be).
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
        if info.context is IN_NFC:
            return data
        for value in data.values():
            if nfc(value) is not value:
                return {k: nfc(v) for k, v in data.items()}
        return data


# A paper a record's facts come from: a "source" in the data format. No docstring: a model's
# docstring becomes its description in the schemas, which stay as they were.
class Citation(Record):
    model_config = ConfigDict(title="Source")  # the schemas' and pydantic's name for it stay "Source"

    title: Text = Field(description="The paper's title.")
    url: Link | None = Field(None, description="A https: link to the paper.")
    page: int | str | None = Field(None, description="The page (a number or text such as '3-4').")
    note: Words | None = None


class Sourced(Record):
    sources: list[Citation] = Field(
        default_factory=list,
        description="Where this record's facts come from: a list of {title, url, page, note}.",
    )


# -- partnership.yaml -------------------------------------------------------
# The partnership's plan, partnership.yaml's ``plan:`` (not an edit's plan). No docstring (see Citation).
class PartnershipPlan(Record):
    model_config = ConfigDict(title="Plan")  # the schemas' and pydantic's name for it stay "Plan"

    title: Text
    start: MonthOrDate | None = Field(None, description="A month (YYYY-MM) or a date (YYYY-MM-DD).")
    end: MonthOrDate | None = Field(None, description="A month (YYYY-MM) or a date (YYYY-MM-DD).")


class Principle(Record):
    id: Slug = Field(description=f"The principle's id: {SLUG_WORDS}.")
    title: Text
    description: Words | None = None


class PartnershipTerms(Record):
    """The partnership's own terms of reference: the duties they set count from ``applies_from``."""

    title: Text
    applies_from: MonthOrDate | None = Field(
        None,
        description="A month (YYYY-MM) or a date (YYYY-MM-DD): the first day "
        "the terms apply; a deadline before it does not count.",
    )
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

    kinds: Annotated[list[BoardKind], Field(min_length=1)] = Field(
        description="Board kinds: partnership-board, executive, thematic-board, subgroup, "
        "task-and-finish, congress or forum."
    )
    source: Text | None = Field(
        None, description="The paper that asks for co-chairing, as a message should cite it."
    )


ReportSection = Literal[
    "glance", "structure", "coverage", "performance", "recommendations", "boards", "changes", "attendance",
    "overlap", "quality",
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
    foreword: Words | None = None
    approved: Approval | None = None
    sections: list[ReportSection] = Field(default_factory=list)


class Website(Record):
    """What the partnership's website (``thp site build``) says that the rest of the data does not."""

    accessibility_contact: Link | None = Field(
        None,
        description="Optional: the https: address of the page (the partnership's or the council's) "
        "through which a reader reports an accessibility problem or asks for a page in another "
        "format; the accessibility statement links to it. Never a person's email address.",
    )


class Partnership(Sourced):
    name: Text = Field(description="The partnership's name.")
    vision: Words | None = None
    plan: PartnershipPlan | None = Field(
        None, description="The partnership plan: title, start and end (YYYY-MM)."
    )
    principles: list[Principle] = Field(
        default_factory=list, description="System-wide improvement principles."
    )
    terms_of_reference: PartnershipTerms | None = Field(
        None,
        description="Optional: the partnership's own terms of reference: "
        "{title, applies_from, url}; the duties they set count from applies_from.",
    )
    work_programme_due: MonthDay | None = Field(
        None,
        description='MM-DD, in quotes ("06-30"): the day each year by which '
        "every group publishes its work programme.",
    )
    annual_update_to: Slug | None = Field(
        None, description="The board (its id) that thematic boards update at least annually."
    )
    co_chairing: CoChairing | None = Field(
        None,
        description="Optional: the kinds of board that should be co-chaired by an "
        "elected member and a partner, and the paper that asks (source). Not set: not checked.",
    )
    agenda_days_before: Annotated[int, Field(ge=0, le=365)] = Field(
        5,
        description="Optional, default 5: the clear days between publishing a meeting's agenda and "
        "the meeting (not counting either day); thp due lists agendas owed by then.",
    )
    minutes_days_after: Annotated[int, Field(ge=0, le=365)] = Field(
        28,
        description="Optional, default 28: the days after a meeting by which its minutes are "
        "published; thp due lists minutes owed by then.",
    )
    indicator_tolerance: Annotated[float, Field(ge=0, le=1)] = Field(
        0.1,
        description="Optional, default 0.1: how far (a fraction of the baseline-target gap) an "
        "indicator may fall short of its trajectory and be rated behind, not off track.",
    )
    report: ReportSettings | None = None
    website: Website | None = Field(
        None, description="Optional: for the website thp site build writes: {accessibility_contact}."
    )
    rules: dict[str, str] = Field(  # rule id -> error | warning | off; the unknown-rule check reads it
        default_factory=dict,
        description="Optional: a rule's severity (error, warning or off) by rule id; thp rules lists them.",
    )


# -- calls_to_action.yaml ---------------------------------------------------
class Action(Sourced):
    number: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")] = Field(
        description='The action\'s number in quotes, "<call>.<n>" such as "3.1" '
        "(unquoted 3.10 would read as 3.1)."
    )
    title: Text


class CallToAction(Sourced):
    number: Annotated[int, Field(ge=1)] = Field(description="The call's number: 1, 2, 3 ...")
    title: Text
    actions: list[Action] = Field(
        default_factory=list, description="The call's actions, numbered <call>.<n>."
    )


class CallsFile(Record):
    calls_to_action: list[Any]


# -- organisations.yaml and people.yaml -------------------------------------
class Organisation(Sourced):
    id: Slug = Field(description=f"The organisation's id, used by seats: {SLUG_WORDS}.")
    name: Text
    sector: Sector = Field(
        description="One of: council, health, police, fire, probation, education, business, "
        "vcs (voluntary and community sector), faith, housing, government, community."
    )


class OrganisationsFile(Record):
    organisations: list[Any]


class Contact(Record):
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class Person(Sourced):
    id: Slug = Field(description="The person's id, used by a seat's person: such as person-0001.")
    name: Text
    contact: Contact | None = Field(None, description="Private: never in a public report or export.")


class PeopleFile(Record):
    people: list[Any]


# -- boards/<id>.yaml -------------------------------------------------------
class Attendance(Record):
    """One seat's (or person's) attendance at a held meeting: the seat as in members:
    (organisation and role, or person), and present, apologies, absent or substitute."""

    organisation: Slug | None = Field(None, description="The seat's organisation id, as in members:.")
    role: Text | None = Field(None, description="The seat's role, as in members:.")
    person: Slug | None = Field(None, description="Or the person's id in people.yaml.")
    attended: Attended = Field(description="present, apologies, absent or substitute.")
    substitute: Line | None = Field(
        None, description="Optional, with attended: substitute: who came instead, as a role (no name needed)."
    )

    def names(self, seat: Member) -> bool:
        """Does this entry name ``seat``: by its person, else by its organisation and role?"""
        if self.person:
            same = self.role is None or (self.role, self.organisation) == (seat.role, seat.organisation)
            return self.person == seat.person and same
        return self.role is not None and (self.role, self.organisation) == (seat.role, seat.organisation)


class Meeting(Sourced):
    date: Date = Field(description="YYYY-MM-DD.")
    status: MeetingStatus = Field(description="held, planned or cancelled.")
    time: TimeOfDay | None = Field(
        None, description='Optional: when it starts, "HH:MM" in quotes (24-hour clock, UK local time).'
    )
    venue: Line | None = Field(None, description="Optional: where it meets, one line of plain text.")
    agenda: Link | None = Field(None, description="A https: link to the agenda.")
    minutes: Link | None = Field(None, description="A https: link to the minutes.")
    attendance: list[Attendance] = Field(
        default_factory=list,
        description="Optional, on a held meeting: one entry per seat or person, "
        "{organisation, role} or {person}, with attended and, for a substitute, substitute.",
    )


class WorkProgramme(Record):
    published: Date | None = Field(None, description="YYYY-MM-DD.")
    url: Link | None = None


class TermsOfReference(Record):
    url: Link | None = None
    reviewed: Date | None = Field(None, description="YYYY-MM-DD.")


class Member(Sourced):
    role: Text = Field(description="The seat's role, as the terms of reference list it.")
    organisation: Slug | None = Field(
        None, description="The id of the organisation (in organisations.yaml) that holds the seat."
    )
    position: Position = Field(
        "member", description="chair, co-chair, vice-chair, member, adviser or secretariat."
    )
    elected_member: bool = Field(False, description="true for an elected councillor or the Mayor.")
    person: Slug | None = Field(None, description="Optional: the person's id in people.yaml.")
    since: Date | None = Field(None, description="YYYY-MM-DD.")
    until: Date | None = Field(None, description="YYYY-MM-DD: a seat past its until is no longer current.")
    term_months: Annotated[int, Field(ge=1, le=1200)] | None = Field(
        None, description="Optional: the length of a term in months; with since, the day it is renewed."
    )

    @property
    def seat(self) -> tuple[str, ...]:
        """A seat's identity: its person, else its organisation and role."""
        if self.person:
            return ("person", self.person)
        return ("seat", self.organisation or "", self.role)

    def current(self, on: dt.date) -> bool:
        """Is the seat held on ``on``: begun by then (or no since) and not ended before it?"""
        started = self.since is None or self.since <= on
        return started and (self.until is None or self.until >= on)


class Vacancy(Sourced):
    """A seat declared vacant: listed here, not under members:."""

    role: Text = Field(description="The vacant seat's role, as the terms of reference list it.")
    organisation: Slug | None = Field(None, description="The id of the organisation whose seat is vacant.")
    since: Date | None = Field(None, description="YYYY-MM-DD: the day the seat fell vacant.")


class Update(Record):
    year: Annotated[int, Field(ge=1900, le=2999)] = Field(description="The year of the update.")
    summary: Words | None = None
    achievements: list[Words] = Field(default_factory=list)
    challenges: list[Words] = Field(default_factory=list)
    escalations: list[Words] = Field(
        default_factory=list, description="Items brought to the board above to resolve."
    )


@dataclass(frozen=True)
class Quiet:
    """A board with meetings recorded but none held in the year to a day."""

    last_held: dt.date | None


class Board(Sourced):
    id: Slug = Field(description=f"The board's id, equal to its file name without .yaml: {SLUG_WORDS}.")
    name: Text
    short_name: Line | None = Field(None, description="Optional: a short name such as CSP.")
    kind: BoardKind = Field(
        description="partnership-board (the top board), executive, thematic-board, subgroup, "
        "task-and-finish, congress or forum."
    )
    statutory: bool = Field(
        False, description="true if a law requires the board; then name it in statutory_basis."
    )
    statutory_basis: Words | None = Field(
        None, description="The law that requires the board, such as the Crime and Disorder Act 1998."
    )
    reports_to: list[Slug] = Field(
        default_factory=list, description="The ids of the boards it reports to; empty only for the top board."
    )
    status: BoardStatus = Field("active", description="active, dormant or closed.")
    established: Date | None = Field(None, description="YYYY-MM-DD.")
    ends: MonthOrDate | None = Field(
        None, description="A month (YYYY-MM) or a date; required for a task-and-finish group."
    )
    meets: Frequency | None = Field(
        None, description="monthly, bi-monthly, quarterly, twice-yearly, annually or as-needed."
    )
    meetings: list[Meeting] = Field(default_factory=list)
    moderngov_committee_id: Annotated[int, Field(ge=1)] | None = None  # thp import moderngov
    work_programme: WorkProgramme | None = None
    terms_of_reference: TermsOfReference | None = None
    calls_to_action: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=list, description="The numbers of the calls to action the board delivers."
    )
    actions: list[Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]] = Field(
        default_factory=list, description='The numbers of the actions the board delivers, in quotes: ["3.1"].'
    )
    topics: list[Slug] = Field(
        default_factory=list, description="Topics, as slugs: a free vocabulary such as domestic-abuse."
    )
    strategy: Words | None = Field(None, description="Optional: the strategy the board leads.")
    purpose: list[Words] = Field(
        default_factory=list,
        description="Optional: what the board is for, as plain sentences "
        "(as its terms of reference give them).",
    )
    members: list[Member] = Field(default_factory=list, description="The board's seats, one entry each.")
    vacancies: list[Vacancy] = Field(
        default_factory=list, description="Optional: seats declared vacant, {role, organisation, since}."
    )
    updates: list[Update] = Field(
        default_factory=list, description="Yearly updates to the board named in annual_update_to."
    )

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
    date: Date = Field(description="YYYY-MM-DD.")
    status: ActionStatus | None = None
    note: Words | None = None


class RecommendationAction(Sourced):
    number: Annotated[str, Field(pattern=r"^[ivxlc]+$")] = Field(
        description="A roman numeral as in the review: i, ii, iii ..."
    )
    title: Text
    due: MonthOrDate | None = Field(None, description="A month (YYYY-MM) or a date; leave out when ongoing.")
    start: MonthOrDate | None = Field(
        None, description="A month (YYYY-MM) or a date, for a window such as May - July 2024."
    )
    ongoing: bool = Field(False, description='true for an "Ongoing" timescale.')
    owners: list[Slug] = Field(default_factory=list, description="The ids of the boards that own the action.")
    status: ActionStatus | None = Field(
        None,
        description="not-started, in-progress, done or dropped; leave out when no status has been reported.",
    )
    updates: list[ActionUpdate] = Field(default_factory=list, description="Progress updates, oldest first.")


class Recommendation(Sourced):
    id: Slug = Field(
        description=f"The recommendation's id, equal to its file name without .yaml: {SLUG_WORDS}."
    )
    number: Annotated[int, Field(ge=1)]
    title: Text
    owner: Slug | None = Field(None, description="The id of the board that owns the recommendation.")
    sro: Line | None = Field(None, description="The senior responsible officer, as a role.")
    actions: list[RecommendationAction] = Field(default_factory=list)
