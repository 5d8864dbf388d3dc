"""The report's "Performance against the plan": each call to action's indicators.

For each call to action, the indicators that measure it (named in their
``calls_to_action``, or through one of its ``actions``) with the board that owns
each, the baseline, the latest value on or before the report's day, the target
and the rating word (judged once, by :func:`thp_cli.judge.rate_indicator`); the
chart and the table of :mod:`.charts`; and the ratings counted per call and per
owning board. With no indicators, one sentence says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, get_args

from .. import indicator_rating as judge
from ..dates import long_date
from ..templating import Built
from ..text import listing, plural, quantity
from .charts import Figures, Point, Table, decimals, indicator_chart, indicator_table
from .diagram import natural_key

if TYPE_CHECKING:
    from ..dataset.records import Dataset, Located
    from ..indicator import Indicator
    from ..indicator import Point as Figure

RATINGS: tuple[str, ...] = get_args(judge.IndicatorRating)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator as the report shows it: every figure already in words."""

    id: str
    title: str
    owner: str  # the owning board's name (its id where the data has no such board)
    baseline: str  # "16.4% (March 2021)"
    latest: str  # "15.9% (March 2024)", or that none is recorded
    target: str
    rating: str
    chart: Built  # inline SVG, escaped by charts.py, for the HTML edition only
    table: Table


@dataclass(frozen=True)
class CallPerformance:
    """A call to action, its indicators and their ratings counted in words."""

    number: int
    title: str
    indicators: list[IndicatorRow]
    summary: str  # "1 on track, 2 off track"; empty when no indicator measures the call


@dataclass
class Performance:
    """The section: an opening sentence, the calls, and the ratings by owning board."""

    intro: str
    calls: list[CallPerformance] = field(default_factory=list)
    by_board: list[tuple[str, str]] = field(default_factory=list)  # (board, ratings in words)
    # each board's indicators, by board id, for the boards' own sections: "title: rating"
    owned: dict[str, list[str]] = field(default_factory=dict)


def _point(point: Figure) -> Point:
    return Point(point.date, point.value, getattr(point, "note", None) or "")


def figures(indicator: Indicator, rating: str, on: dt.date) -> Figures:
    """The indicator's figures as the chart and the table draw them: its values up to ``on``."""
    return Figures(
        title=indicator.title,
        unit=indicator.unit,
        direction=indicator.direction,
        values=tuple(_point(v) for v in indicator.values if v.date <= on),
        baseline=_point(indicator.baseline),
        target=_point(indicator.target),
        rating=rating,
        milestones=tuple(_point(m) for m in indicator.milestones),
    )


def summary(ratings: list[str]) -> str:
    """The ratings counted, in the ratings' own order: "1 on track and 2 off track"."""
    counts = Counter(ratings)
    return listing([f"{counts[r]} {r}" for r in RATINGS if counts[r]])


def _row(indicator: Indicator, owner: str, rating: str, on: dt.date, chart_id: str) -> IndicatorRow:
    """The indicator as a page shows it (``chart_id`` makes its chart's ids unique on the page)."""
    shown = figures(indicator, rating, on)
    places = decimals([p.value for p in shown.all_points()])

    def said(point: Point) -> str:
        return f"{quantity(point.value, shown.unit, places)} ({long_date(point.date)})"

    latest = said(shown.values[-1]) if shown.values else "none recorded"
    return IndicatorRow(
        id=indicator.id,
        title=indicator.title,
        owner=owner,
        baseline=said(shown.baseline),
        latest=latest,
        target=said(shown.target),
        rating=rating,
        chart=Built(indicator_chart(shown, chart_id)),
        table=indicator_table(shown),
    )


def _measures(indicator: Indicator, number: int) -> bool:
    return number in indicator.calls_to_action or any(
        a.split(".")[0] == str(number) for a in indicator.actions
    )


def _none(ds: Dataset, examples: int) -> str:
    """The sentences for a partnership with no indicator to rate: only what the data says. The
    report's duty is to show performance against the plan as well as activities; it says why it
    cannot (none recorded, none readable, or only the example still to be replaced)."""
    p = ds.partnership.record if ds.partnership else None
    plan = f"the partnership's plan, {p.plan.title}," if p and p.plan else "the partnership's plan"
    duty = f"An annual report shows performance against {plan} as well as activities"
    terms = ""
    if p and p.terms_of_reference:
        terms = (
            f" The duties this report checks are set by the terms of reference, {p.terms_of_reference.title}."
        )
    if ds.broken.get("indicators"):
        why = "indicators of performance are recorded, but none could be read, so this report cannot show it"
    elif examples:
        why = (
            f"the only {'indicator' if examples == 1 else 'indicators'} recorded "
            f"{'is an example' if examples == 1 else 'are examples'} still to be replaced with the "
            "partnership's own, so this report cannot show it yet"
        )
    else:
        why = "no indicators of performance are recorded yet, so this report cannot show it yet"
    return f"{duty}; {why}.{terms}"


def _real(ds: Dataset) -> list[Located[Indicator]]:
    """The indicators to rate, in natural order of title: not the example thp init wrote."""
    real = [x for x in ds.indicators.values() if not judge.is_example(x.record)]
    return sorted(real, key=lambda x: (natural_key(x.record.title), x.record.id))


def _intro(count: int, examples: int, on: dt.date) -> str:
    """The section's opening: how many indicators, rated how; any example left out."""
    one = count == 1
    intro = (
        f"{plural(count, 'indicator')} {'measures' if one else 'measure'} the plan, "
        f"{'rated' if one else 'each rated'} as at {long_date(on)} from its latest value against "
        "the line from its baseline (through any milestones) to its target."
    )
    if examples:
        intro += (
            f" {plural(examples, 'example indicator')}, still to be replaced with the partnership's "
            f"own, {'is' if examples == 1 else 'are'} left out."
        )
    return intro


def performance(ds: Dataset, on: dt.date) -> Performance:
    """The section's content for the report's day ``on``."""
    ordered = _real(ds)
    examples = len(ds.indicators) - len(ordered)
    if not ordered:
        return Performance(_none(ds, examples))
    p = ds.partnership.record if ds.partnership else None
    tolerance = judge.indicator_tolerance(p)
    names = {b: x.record.name for b, x in ds.boards.items()}
    rated = {x.record.id: judge.rate_indicator(x.record, on, tolerance) for x in ordered}

    def row(ind: Indicator, number: int) -> IndicatorRow:
        return _row(ind, names.get(ind.owner, ind.owner), rated[ind.id], on, f"call-{number}-{ind.id}")

    calls = []
    for number, call in sorted(ds.calls.items()):
        measured = [row(x.record, number) for x in ordered if _measures(x.record, number)]
        ratings = summary([r.rating for r in measured])
        calls.append(CallPerformance(number, call.record.title, measured, ratings))
    owners: dict[str, list[Indicator]] = {}
    for located in ordered:
        owners.setdefault(located.record.owner, []).append(located.record)
    by_board = sorted(
        ((names.get(b, b), summary([rated[i.id] for i in owned])) for b, owned in owners.items()),
        key=lambda bs: (natural_key(bs[0]), bs),
    )
    intro = _intro(len(ordered), examples, on)
    owned = {b: [f"{i.title}: {rated[i.id]}" for i in inds] for b, inds in owners.items()}
    return Performance(intro, calls, by_board, owned)


def owned_indicators(ds: Dataset, on: dt.date) -> dict[str, list[IndicatorRow]]:
    """Each board's indicators (by board id), as :func:`performance` rates and draws them, for
    the board's own page: in natural order of title, each chart's ids unique on that page."""
    p = ds.partnership.record if ds.partnership else None
    tolerance = judge.indicator_tolerance(p)
    names = {b: x.record.name for b, x in ds.boards.items()}
    owned: dict[str, list[IndicatorRow]] = {}
    for x in _real(ds):
        ind = x.record
        rating = judge.rate_indicator(ind, on, tolerance)
        row = _row(ind, names.get(ind.owner, ind.owner), rating, on, f"indicator-{ind.id}")
        owned.setdefault(ind.owner, []).append(row)
    return owned
