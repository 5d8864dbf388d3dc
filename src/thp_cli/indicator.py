"""The plan's indicators (data/indicators/<indicator-id>.yaml) as pydantic models.

An indicator measures a call to action or an action of the plan: a board owns
it, and it has a baseline, a target, optional milestones and the values
recorded since, oldest first. Its rating (on track, behind ...) is judged in
duties.py; what is wrong with its data is found by rules/indicators.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from .field_types import SLUG_WORDS, MonthOrDate, Slug, Text, Words
from .model import Record, Sourced

Unit = Literal["percent", "count", "rate-per-1000", "gbp", "days", "score"]
Direction = Literal["up", "down"]
Number = Annotated[float, Field(allow_inf_nan=False)]
_WHEN = "A month (YYYY-MM) or a date (YYYY-MM-DD)."


class Point(Record):
    """A value on a date: a baseline, a target or a milestone."""

    date: MonthOrDate = Field(description=_WHEN)
    value: Number = Field(description="A number, such as 12.5 (a percent lies between 0 and 100).")


class Reading(Point):
    """A value recorded for the indicator, with an optional note."""

    note: Words | None = Field(None, description="Optional: where the figure comes from, or a caveat.")


_PERCENT = {"minimum": 0, "maximum": 100}
_POINT = {"properties": {"value": _PERCENT}}


def _schema_rules(schema: dict[str, Any]) -> None:
    """What rules indicator-plan and indicator-range check, as far as JSON Schema can say it
    (an editor then marks it as you type): at least one call to action or action; a percent,
    in every figure, from 0 to 100."""
    schema["anyOf"] = [
        {"required": ["calls_to_action"], "properties": {"calls_to_action": {"minItems": 1}}},
        {"required": ["actions"], "properties": {"actions": {"minItems": 1}}},
    ]
    schema["if"] = {"required": ["unit"], "properties": {"unit": {"const": "percent"}}}
    schema["then"] = {
        "properties": {
            "baseline": _POINT,
            "target": _POINT,
            "milestones": {"items": _POINT},
            "values": {"items": _POINT},
        }
    }


class Indicator(Sourced):
    """One indicator of the plan: what it measures, who owns it, and its figures."""

    model_config = ConfigDict(json_schema_extra=_schema_rules)

    id: Slug = Field(description=f"The indicator's id, equal to its file name without .yaml: {SLUG_WORDS}.")
    title: Text
    calls_to_action: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=list,
        description="The numbers of the calls to action it measures (this and/or actions).",
    )
    actions: list[Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]] = Field(
        default_factory=list,
        description='The numbers of the actions it measures, in quotes: ["3.3"] (this and/or '
        "calls_to_action).",
    )
    owner: Slug = Field(description="The id of the board accountable for it.")
    unit: Unit = Field(description="percent, count, rate-per-1000, gbp, days or score.")
    direction: Direction = Field(description="up or down: which way is better.")
    baseline: Point = Field(description="Where it started: {date, value}.")
    target: Point = Field(description="Where the plan wants it: {date, value}.")
    milestones: list[Point] = Field(
        default_factory=list, description="Optional interim targets: [{date, value}], in date order."
    )
    values: list[Reading] = Field(
        default_factory=list,
        description="The values recorded, oldest first, one per date: [{date, value, note}].",
    )
