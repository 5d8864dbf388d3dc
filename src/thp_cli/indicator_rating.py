"""What the plan's indicators are judged to be, once: rated, stale, owed a value, an example.

The rules (rules/indicators.py), the annual report (report/performance.py) and
``thp due`` all ask these questions of an indicator; the answers are made here
(moved out of duties.py for room), from the indicator's own figures and the
partnership's tolerance, so that a warning and a report sentence never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from .dates import in_months, shift_months
from .text import PLACEHOLDER

if TYPE_CHECKING:
    from .indicator import Indicator, Point
    from .model import Partnership

IndicatorRating = Literal["on track", "behind", "off track", "target met", "no recent data"]
STALE_MONTHS = 15
"""A latest value older than this, in months, is no recent data (rule indicator-stale)."""
VALUE_EVERY_MONTHS = 12
"""A value is owed this many months after the last (thp due)."""
DEFAULT_TOLERANCE = 0.1

EXAMPLE_ID = "example-indicator"
"""The id of the example indicator ``thp init`` writes."""
EXAMPLE_BASELINE = ("2025-03", 16.4)
EXAMPLE_TARGET = ("2030-03", 12.0)
"""The example's made-up figures, (date, value): still an example while either is unchanged."""


def indicator_tolerance(partnership: Partnership | None) -> float:
    """How far short of its trajectory an indicator may be and still be behind, not off track:
    a fraction of the baseline-target gap, from ``partnership.yaml`` (default 0.1)."""
    return partnership.indicator_tolerance if partnership is not None else DEFAULT_TOLERANCE


def period_over(day: dt.date, on: dt.date) -> bool:
    """Has the period of a value dated ``day`` ended by ``on``? A month (YYYY-MM) ends on its
    last day, a day at its end: a value is recorded once its period has ended, and one dated
    later is not yet a value (thp indicator record and thp import refuse it; thp validate warns)."""
    return day <= on


def last_measured(indicator: Indicator, on: dt.date) -> dt.date:
    """The date of the latest value on or before ``on``; the baseline's when there is none."""
    days = [v.date for v in indicator.values if period_over(v.date, on)]
    return max(days) if days else indicator.baseline.date


def indicator_stale(indicator: Indicator, on: dt.date) -> bool:
    """Is the latest value (or the baseline, with none) more than 15 months before ``on``?"""
    return shift_months(last_measured(indicator, on), STALE_MONTHS) < on


def _is(point: Point, example: tuple[str, float]) -> bool:
    return point.date.isoformat() == example[0] and point.value == example[1]


def example_parts(indicator: Indicator) -> list[str]:
    """What is still thp init's example in this indicator, by key: "id" while the id is
    ``example-indicator``, "title" while it is a placeholder, "baseline" and "target" while
    either is the example's made-up figure (its date and value both unchanged)."""
    parts = []
    if indicator.id == EXAMPLE_ID:
        parts.append("id")
    if indicator.title.lstrip().startswith(PLACEHOLDER):
        parts.append("title")
    if _is(indicator.baseline, EXAMPLE_BASELINE):
        parts.append("baseline")
    if _is(indicator.target, EXAMPLE_TARGET):
        parts.append("target")
    return parts


def is_example(indicator: Indicator) -> bool:
    """Is this still (in any part) the example indicator thp init wrote? An example is owed no
    value, is never stale and is not rated in the report: the placeholder warnings say to
    replace its id, title and made-up figures."""
    return bool(example_parts(indicator))


def value_due(indicator: Indicator, on: dt.date) -> dt.date:
    """The day a new value is owed: 12 months after the latest (or the baseline)."""
    return shift_months(last_measured(indicator, on), VALUE_EVERY_MONTHS)


def target_the_wrong_way(indicator: Indicator) -> bool:
    """Is the target worse than the baseline, as ``direction`` says (a rise wanted, a lower
    target)? Then the direction or the target is wrong (rule indicator-target-side)."""
    sign = 1 if indicator.direction == "up" else -1
    return sign * (indicator.target.value - indicator.baseline.value) < 0


def trajectory(indicator: Indicator, day: dt.date) -> float:
    """Where the plan expects the indicator on ``day``: on the straight line from the baseline
    (or the last milestone passed) to the next milestone or the target, time counted in months
    (:func:`~thp_cli.dates.in_months`); past the target's date, the target; before the
    baseline's, the baseline."""
    points: list[Point] = sorted(
        [indicator.baseline, *indicator.milestones, indicator.target], key=lambda p: p.date
    )
    if day >= indicator.target.date:
        return indicator.target.value
    before = [p for p in points if p.date <= day]
    after = [p for p in points if p.date > day]
    if not before:
        return indicator.baseline.value
    start, end = before[-1], after[0]
    span = in_months(end.date) - in_months(start.date)
    return start.value + (end.value - start.value) * (in_months(day) - in_months(start.date)) / span


def rate_indicator(
    indicator: Indicator, on: dt.date, tolerance: float = DEFAULT_TOLERANCE
) -> IndicatorRating:
    """The indicator's rating on ``on``, from its latest value then.

    No value, or none in the 15 months to ``on``: no recent data. A value as good as the
    target (or better, as ``direction`` says): target met, early or not, but never for a value
    worse than the baseline (a target on the wrong side of it is an error in the data). Once
    ``on`` is past the target's date, the value is judged against the target itself: short of it
    by less than ``tolerance`` of the baseline-target gap, behind; else off track. Before it, the
    value is compared with the trajectory (:func:`trajectory`) read at the value's date: no
    worse, on track; worse by less than the tolerance, behind; else off track.
    """
    values = [v for v in indicator.values if period_over(v.date, on)]
    if not values or indicator_stale(indicator, on):
        return "no recent data"
    latest = max(values, key=lambda v: v.date)
    sign = 1 if indicator.direction == "up" else -1
    worsened = sign * (latest.value - indicator.baseline.value) < 0
    if sign * (latest.value - indicator.target.value) >= 0 and not worsened:
        return "target met"
    gap = abs(indicator.target.value - indicator.baseline.value)
    if worsened and target_the_wrong_way(indicator):
        return "off track"
    past = on > indicator.target.date
    expected = indicator.target.value if past else trajectory(indicator, latest.date)
    shortfall = sign * (expected - latest.value)
    if not past and shortfall <= 1e-9 * (1 + gap):  # rounding's give
        return "on track"
    if shortfall < tolerance * gap:
        return "behind"
    return "off track"
