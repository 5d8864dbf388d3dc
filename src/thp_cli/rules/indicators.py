"""The plan's indicators: each one tied to the plan, its dates in order, its numbers in range,
and its values kept up to date. Their owners, calls and actions are checked by
unknown-reference (references.py); their rating is judged in indicator_rating.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .. import indicator_rating as judge
from ..dates import long_date
from ..findings import Severity
from ..text import number
from .base import DATA_FORMAT, GOOD_PRACTICE, NOTHING, Context, Problem, problem, rule

if TYPE_CHECKING:
    from ..dataset.records import Located
    from ..indicator import Indicator


def _indicators(ctx: Context) -> Iterator[Located[Indicator]]:
    for _, located in sorted(ctx.dataset.indicators.items()):
        yield located


@rule(
    "indicator-plan", Severity.ERROR, "An indicator measures nothing in the plan", DATA_FORMAT, reads=NOTHING
)
def indicator_plan(ctx: Context) -> Iterable[Problem]:
    """An indicator shows performance against the plan, so it names at least one call to
    action (calls_to_action: [3]) or action (actions: ["3.3"]) that it measures; without
    one, the annual report has nowhere to show it.
    """
    for located in _indicators(ctx):
        i = located.record
        if not i.calls_to_action and not i.actions and located.judged("calls_to_action", "actions"):
            yield problem(
                located.where,
                f"indicator {i.id} measures nothing in the plan: add calls_to_action: [N] "
                'or actions: ["N.N"] for what it measures',
                "id",
            )


@rule("indicator-dates", Severity.ERROR, "An indicator's dates are out of order", DATA_FORMAT, reads=NOTHING)
def indicator_dates(ctx: Context) -> Iterable[Problem]:
    """An indicator's baseline comes before its target, its milestones lie between them in
    date order, and its values are listed oldest first, one value per date. A value out of
    order or given twice would make its latest value, and so its rating, a guess.
    """
    for located in _indicators(ctx):
        i, where = located.record, located.where
        base, target = i.baseline.date, i.target.date
        if located.judged("baseline", "target") and base >= target:
            yield problem(
                where,
                f"the target's date ({target}) must come after the baseline's ({base})",
                "target",
                "date",
            )
        if located.judged("milestones", "baseline", "target"):
            last = base
            for n, milestone in enumerate(i.milestones):
                if not last < milestone.date < target:
                    yield problem(
                        where,
                        f"milestone {milestone.date} must come after {last} and before the target ({target})",
                        "milestones",
                        n,
                        "date",
                    )
                last = max(last, milestone.date)
        if located.judged("values"):
            yield from _values_in_order(located)


@rule(
    "indicator-target-side",
    Severity.ERROR,
    "An indicator's target is worse than its baseline",
    DATA_FORMAT,
    reads=NOTHING,
)
def indicator_target_side(ctx: Context) -> Iterable[Problem]:
    """An indicator's direction says which way is better, so its target lies on the better
    side of its baseline (or equals it, to hold a level): above it when up is better, below it
    when down is. A target on the worse side means the direction or the target is a typo, and
    every rating would be wrong (a worsening value would count as the target met), so it is an
    error, not a warning. Check the direction and the target's value.
    """
    for located in _indicators(ctx):
        i = located.record
        if located.judged("baseline", "target", "direction") and judge.target_the_wrong_way(i):
            better = "higher" if i.direction == "up" else "lower"
            yield problem(
                located.where,
                f"the target, {number(i.target.value)}, is worse than the baseline, "
                f"{number(i.baseline.value)}, for indicator {i.id}, whose direction is {i.direction} "
                f"({better} is better): check the direction, or the target's value",
                "target",
                "value",
            )


def _values_in_order(located: Located[Indicator]) -> Iterator[Problem]:
    seen: dict[object, int] = {}
    values = located.record.values
    for n, value in enumerate(values):
        day = value.date
        if day in seen:
            yield problem(
                located.where,
                f"there are two values for {day} (the first is value {seen[day] + 1}); "
                "keep one value per date",
                "values",
                n,
                "date",
            )
            continue
        seen[day] = n
        if n and day < values[n - 1].date:
            yield problem(
                located.where,
                f"the value for {day} comes after the one for {values[n - 1].date}; list values oldest first",
                "values",
                n,
                "date",
            )


@rule("indicator-range", Severity.ERROR, "An indicator's figure is out of range", DATA_FORMAT, reads=NOTHING)
def indicator_range(ctx: Context) -> Iterable[Problem]:
    """A percent lies between 0 and 100, and a count, a rate per 1,000 or a number of days is
    never below 0. A figure outside its range is a typo (a fraction written for a percent, a
    minus sign) that would mislead the annual report.
    """
    for located in _indicators(ctx):
        i = located.record
        low, high = (0.0, 100.0) if i.unit == "percent" else (0.0, None)
        if i.unit in ("gbp", "score"):
            continue
        for parts in _figures(located):
            if not located.judged(str(parts[0])):
                continue
            value = _at(i, parts)
            if value < low or (high is not None and value > high):
                within = "between 0 and 100" if high is not None else "0 or more"
                yield problem(
                    located.where,
                    f"{number(value)} is out of range: a {i.unit.replace('-', ' ')} is {within}",
                    *parts,
                    "value",
                )


def _figures(located: Located[Indicator]) -> Iterator[tuple[str | int, ...]]:
    i = located.record
    yield ("baseline",)
    yield ("target",)
    for n in range(len(i.milestones)):
        yield ("milestones", n)
    for n in range(len(i.values)):
        yield ("values", n)


def _at(i: Indicator, parts: tuple[str | int, ...]) -> float:
    if parts[0] in ("baseline", "target"):
        return i.baseline.value if parts[0] == "baseline" else i.target.value
    points = i.milestones if parts[0] == "milestones" else i.values
    index = parts[1]
    assert isinstance(index, int)
    return points[index].value


@rule("indicator-stale", Severity.WARNING, "An indicator has no recent value", GOOD_PRACTICE, reads=NOTHING)
def indicator_stale(ctx: Context) -> Iterable[Problem]:
    """Boards report against the plan's targets at least yearly; an indicator whose latest
    value (or, with none, its baseline) is more than 15 months old as of the day judged
    (--as-of) cannot be rated, and the annual report says "no recent data" for it. Add the
    latest figure to its values.
    """
    for located in _indicators(ctx):
        i = located.record
        if judge.is_example(i) or not located.judged("values", "baseline"):
            continue
        if not judge.indicator_stale(i, ctx.as_of):
            continue
        last = judge.last_measured(i, ctx.as_of)
        what = "no value since"
        if not any(v.date <= ctx.as_of for v in i.values):
            what = "no value since the baseline of"
        yield problem(
            located.where,
            f"indicator {i.id} has {what} {long_date(last)} (more than {judge.STALE_MONTHS} months "
            f"before {ctx.as_of}); add the latest figure to its values",
            "values" if i.values else "baseline",
            key=True,
        )


@rule(
    "indicator-value-ahead",
    Severity.WARNING,
    "An indicator has a value for a period not yet over",
    GOOD_PRACTICE,
    reads=NOTHING,
)
def indicator_value_ahead(ctx: Context) -> Iterable[Problem]:
    """A value is recorded once its period has ended: a month (YYYY-MM) at its last day, a day
    at its end. A value dated after the day judged (--as-of) is a typo in its date, or a
    forecast kept among the figures: it is left out of the indicator's rating and chart until
    its period is over. Correct its date, or keep the forecast elsewhere.
    """
    for located in _indicators(ctx):
        if not located.judged("values"):
            continue
        for n, value in enumerate(located.record.values):
            if not judge.period_over(value.date, ctx.as_of):
                yield problem(
                    located.where,
                    f"the value for {value.date} of indicator {located.record.id} is dated after "
                    f"{ctx.as_of}: a value is recorded once its period has ended; correct its date",
                    "values",
                    n,
                    "date",
                )
