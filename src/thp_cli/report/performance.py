"""The report's "Performance against the plan": each call to action's indicators.

For each call to action, the indicators that measure it (named in their
``calls_to_action``, or through one of its ``actions``) with the board that owns
each, the baseline, the latest value on or before the report's day, the target
and the rating word (judged once, by :func:`thp_cli.duties.rate_indicator`); the
chart and the table of :mod:`.charts`; and the ratings counted per call and per
owning board. With no indicators, one sentence says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, get_args

from .. import duties
from ..dates import long_date
from ..templating import Built
from ..text import listing, plural, quantity
from .charts import Figures, Point, Table, decimals, indicator_chart, indicator_table
from .diagram import natural_key

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..indicator import Indicator
    from ..indicator import Point as Figure

RATINGS: tuple[str, ...] = get_args(duties.IndicatorRating)


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


def _none(ds: Dataset) -> str:
    """The one sentence for a partnership with no indicators: only what the data says."""
    p = ds.partnership.record if ds.partnership else None
    plan = f"the partnership's plan, {p.plan.title}" if p and p.plan else "the partnership's plan"
    duty = ""
    if p and p.terms_of_reference:
        duty = f"; its terms of reference ({p.terms_of_reference.title}) set the duties this report checks"
    return (
        "No indicators of performance are recorded yet, so this report "
        f"cannot show performance against {plan}{duty}."
    )


def performance(ds: Dataset, on: dt.date) -> Performance:
    """The section's content for the report's day ``on``."""
    if not ds.indicators:
        return Performance(_none(ds))
    p = ds.partnership.record if ds.partnership else None
    tolerance = duties.indicator_tolerance(p)
    names = {b: x.record.name for b, x in ds.boards.items()}
    ordered = sorted(ds.indicators.values(), key=lambda x: (natural_key(x.record.title), x.record.id))
    rated = {x.record.id: duties.rate_indicator(x.record, on, tolerance) for x in ordered}

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
    verb = "measures" if len(ordered) == 1 else "measure"
    intro = (
        f"{plural(len(ordered), 'indicator')} {verb} the plan, each rated as at {long_date(on)} "
        "from its latest value against the line from its baseline (through any milestones) to its target."
    )
    owned = {b: [f"{i.title}: {rated[i.id]}" for i in inds] for b, inds in owners.items()}
    return Performance(intro, calls, by_board, owned)


def owned_indicators(ds: Dataset, on: dt.date) -> dict[str, list[IndicatorRow]]:
    """Each board's indicators (by board id), as :func:`performance` rates and draws them, for
    the board's own page: in natural order of title, each chart's ids unique on that page."""
    p = ds.partnership.record if ds.partnership else None
    tolerance = duties.indicator_tolerance(p)
    names = {b: x.record.name for b, x in ds.boards.items()}
    owned: dict[str, list[IndicatorRow]] = {}
    for x in sorted(ds.indicators.values(), key=lambda x: (natural_key(x.record.title), x.record.id)):
        ind = x.record
        rating = duties.rate_indicator(ind, on, tolerance)
        row = _row(ind, names.get(ind.owner, ind.owner), rating, on, f"indicator-{ind.id}")
        owned.setdefault(ind.owner, []).append(row)
    return owned
