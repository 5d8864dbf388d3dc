"""An indicator drawn as a small line chart (inline SVG) and its figures as a table.

Pure functions of plain numbers: :func:`indicator_chart` and :func:`indicator_table`
take the same :class:`Figures` (title, unit, which way is better, the values oldest
first, the baseline, the target, any milestones and the rating word) and know nothing
of the data files. The chart draws the values as a line with points, the trajectory
from the baseline through the milestones to the target as a dashed line, and the
target as a ringed point. It says in words what a colour would only hint at: which way
is better and the rating, drawn in the chart and stated, with every figure, in its
``<desc>``. It carries no script, no link and no style sheet (presentation attributes
only, so it looks the same in any page), has a viewBox and a width of 100% so that it
scales to its column, and is drawn at a size (:data:`WIDTH` units, text at
:data:`FONT`) whose words stay 12 px or more on a 390 px phone. Numbers are written
with a fixed number of decimals, never by ``repr``, so the same figures give the same
bytes in every process.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from ..dates import in_or_on, long_date, short_date
from ..inert import markup_text
from ..text import listing, quantity, unit_caption
from .diagram import text_width

WIDTH = 440  # the viewBox's width: at a 350 px column (a 390 px phone) text is drawn at 12.7 px
MAX_WIDTH = "36em"  # and no wider than this on a laptop, where its text is about 21 px
FONT = 16
PAD = 8
PLOT_TOP_GAP = 14  # between the header's last line and the plot
PLOT_H = 170
TICK_GAP = 8  # between a y tick's label and the plot
LINE_H = 22  # a line of the header or the legend
INSET = 10  # the first and last dates are drawn this far inside the plot
INK, VALUE, TRAJECTORY, GRID = "#0b0c0c", "#1d70b8", "#505a5f", "#b1b4b6"  # GOV.UK's palette
DIRECTIONS = {"up": "higher is better", "down": "lower is better"}


@dataclass(frozen=True)
class Point:
    """A figure at a date: a value recorded, the baseline, a milestone or the target. A
    :class:`thp_cli.dates.Month` date is written as a month (March 2024), any other as a day."""

    date: dt.date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Figures:
    """What a chart and its table show: ``values`` oldest first; ``unit`` one of the data
    format's units (percent, count, rate-per-1000, gbp, days, score); ``direction`` up or
    down (which way is better); ``rating`` the rating as a word ("behind")."""

    title: str
    unit: str
    direction: str
    values: Sequence[Point]
    baseline: Point
    target: Point
    rating: str
    milestones: Sequence[Point] = field(default_factory=tuple)

    def all_points(self) -> list[Point]:
        return [self.baseline, *self.milestones, self.target, *self.values]


@dataclass(frozen=True)
class Table:
    """The chart's figures as a table: a caption, the column headings and the rows, all
    plain text (the template escapes them), rows in date order."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _check(figures: Figures) -> None:
    for point in figures.all_points():
        if isinstance(point.value, bool) or not math.isfinite(point.value):
            raise ValueError(f"an indicator's figure must be a finite number, not {point.value!s}")


def decimals(values: Sequence[float]) -> int:
    """How many decimals the figures are written with: as many as the most precise of
    them has (as written in the data), at most 3, so that 12 beside 16.4 reads 12.0."""
    most = 0
    for value in values:
        if isinstance(value, int):
            continue
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            most = max(most, -exponent)
    return min(most, 3)


def _places(figures: Figures) -> int:
    return decimals([p.value for p in figures.all_points()])


def description(figures: Figures) -> str:
    """Every figure the chart shows, in words: its ``<desc>``."""
    _check(figures)
    places = _places(figures)

    def said(point: Point) -> str:
        return quantity(point.value, figures.unit, places)

    base, target = figures.baseline, figures.target
    parts = [f"Baseline {said(base)} {in_or_on(base.date)}"]
    if figures.values:
        latest = figures.values[-1]
        parts.append(f"latest {said(latest)} {in_or_on(latest.date)}")
    else:
        parts.append("no value recorded yet")
    parts.append(f"target {said(target)} by {long_date(target.date)}")
    parts.append(f"rated {figures.rating}")
    text = "; ".join(parts) + "."
    if figures.milestones:
        word = "Milestone" if len(figures.milestones) == 1 else "Milestones"
        text += (
            f" {word}: " + listing([f"{said(m)} by {long_date(m.date)}" for m in figures.milestones]) + "."
        )
    if len(figures.values) > 1:
        text += f" {len(figures.values)} values recorded, from {long_date(figures.values[0].date)}."
    direction = DIRECTIONS.get(figures.direction)
    if direction:
        text += f" {direction[0].upper()}{direction[1:]}."
    return text


def indicator_table(figures: Figures) -> Table:
    """The chart's figures as rows of (figure, date, value[, note]), in date order: the
    baseline, each value recorded, each milestone and the target."""
    _check(figures)
    places = _places(figures)
    rows: list[tuple[dt.date, int, int, tuple[str, ...]]] = []
    noted = any(p.note for p in figures.values)
    kinds = [("Baseline", [figures.baseline]), ("Recorded", list(figures.values))]
    kinds += [("Milestone", list(figures.milestones)), ("Target", [figures.target])]
    for order, (kind, points) in enumerate(kinds):
        for i, point in enumerate(points):
            row = (kind, long_date(point.date), quantity(point.value, figures.unit, places))
            rows.append((point.date, order, i, (*row, point.note) if noted else row))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    head = ("Figure", "Date", "Value", *(("Note",) if noted else ()))
    return Table(f"{figures.title}: figures (rated {figures.rating})", head, tuple(r[3] for r in rows))


def _text(value: str) -> str:
    return escape(markup_text(value))


def _id(value: str) -> str:
    """``value`` as (part of) an id an IDREF list can name: letters, digits and hyphens;
    any other character written as ``_<hex>_``, so two ids never become one."""
    return re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m.group()):x}_", value)


def _nice_step(span: Decimal, count: int = 5) -> Decimal:
    """The smallest of 1, 2 or 5 times a power of ten that is at least ``span / count``
    (worked in decimals, so that a span wider than any float, -1e308 to 1e308, is no overflow)."""
    raw = span / count
    power = raw.adjusted()  # the power of ten of raw's leading digit: floor(log10(raw))
    for digit in (1, 2, 5):
        if Decimal(digit).scaleb(power) >= raw:
            return Decimal(digit).scaleb(power)
    return Decimal(10).scaleb(power)


def y_ticks(values: Sequence[float]) -> tuple[list[Decimal], int]:
    """The value axis's ticks (nice round numbers covering every figure, 0 kept as the
    floor when nothing is negative) and how many decimals they are written with. Figures
    all equal are given room around them: no division by a span of nothing. Worked in
    decimals: any finite figures, however far apart, give ticks."""
    low, high = Decimal(repr(min(values))), Decimal(repr(max(values)))
    if high - low <= max(abs(low), abs(high)) * Decimal("1e-9"):
        room = abs(high) / 2 or Decimal(1)
        low, high = low - room, high + room
        if min(values) >= 0:
            low = max(low, Decimal(0))
    step = _nice_step(high - low)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    ticks = [step * k for k in range(first, last + 1)]
    exponent = step.normalize().as_tuple().exponent
    return ticks, max(0, -exponent) if isinstance(exponent, int) else 0


def x_ticks(start: dt.date, end: dt.date, room: float) -> list[tuple[dt.date, str]]:
    """Dates to mark on the time axis with their labels: the first of January of some
    years, else the first of some months, else the first and last dates; no more than
    fit in ``room`` px."""
    years = [dt.date(y, 1, 1) for y in range(start.year, end.year + 1) if start <= dt.date(y, 1, 1) <= end]
    fit = max(2, int(room // (text_width("2000") + 24)))
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        chosen = [d for d in years if d.year % step == 0]
        if 2 <= len(chosen) <= fit:
            return [(d, str(d.year)) for d in chosen]
    firsts, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            firsts.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    fit = max(2, int(room // (text_width("Sep 2000") + 24)))
    for step in (1, 2, 3, 6):
        chosen = [d for d in firsts if (d.month - 1) % step == 0]
        if 2 <= len(chosen) <= fit:
            return [(d, short_date(d, month=True)) for d in chosen]
    return (
        [(start, short_date(start)), (end, short_date(end))] if start != end else [(start, short_date(start))]
    )


@dataclass(frozen=True)
class _Frame:
    """Where the plot is drawn, and how a date and a value map onto it."""

    left: float
    top: float
    right: float
    bottom: float
    start: int
    end: int
    low: Decimal
    high: Decimal

    def x(self, day: dt.date) -> float:
        inside = self.right - self.left - 2 * INSET
        return self.left + INSET + (day.toordinal() - self.start) / (self.end - self.start) * inside

    def y(self, value: float | Decimal) -> float:
        """Worked in decimals: a figure near the largest float is no overflow."""
        exact = value if isinstance(value, Decimal) else Decimal(repr(value))
        share = (exact - self.low) / (self.high - self.low)
        return self.bottom - float(share) * (self.bottom - self.top)


def _fmt(number: float) -> str:
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def _label(x: float, y: float, text: str, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" fill="{INK}"{weight}>{_text(text)}</text>'
    )


def _header(figures: Figures) -> tuple[list[str], float]:
    """Above the plot: the unit and which way is better, and the rating, on one line
    when both fit, else on two; the SVG's parts and the height they take."""
    left = unit_caption(figures.unit)
    direction = DIRECTIONS.get(figures.direction)
    if direction:
        left += f", {direction}"
    right = f"Rated: {figures.rating}"
    if text_width(left) + text_width(right) + 3 * FONT <= WIDTH - 2 * PAD:
        return [_label(PAD, PAD + FONT, left), _label(WIDTH - PAD, PAD + FONT, right, "end", True)], LINE_H
    return [_label(PAD, PAD + FONT, left), _label(PAD, PAD + FONT + LINE_H, right, bold=True)], 2 * LINE_H


def _frame(figures: Figures, top: float) -> tuple[_Frame, list[str]]:
    """The plot's frame and the value axis: gridlines and tick labels."""
    ticks, places = y_ticks([p.value for p in figures.all_points()])
    labels = [quantity(t, figures.unit, places, short=True) for t in ticks]
    left = PAD + max(text_width(t) for t in labels) + TICK_GAP
    dates = [p.date.toordinal() for p in figures.all_points()]
    start, end = min(dates), max(dates)
    if start == end:
        start, end = start - 183, end + 183
    frame = _Frame(left, top, WIDTH - 2 * PAD, top + PLOT_H, start, end, ticks[0], ticks[-1])
    parts = []
    for tick, text in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_fmt(frame.left)}" y1="{_fmt(y)}" x2="{_fmt(frame.right)}" y2="{_fmt(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_label(frame.left - TICK_GAP, y + FONT / 3, text, "end"))
    return frame, parts


def _time_axis(frame: _Frame) -> list[str]:
    start, end = dt.date.fromordinal(frame.start), dt.date.fromordinal(frame.end)
    base = _fmt(frame.bottom)
    parts = [
        f'<line x1="{_fmt(frame.left)}" y1="{base}" x2="{_fmt(frame.right)}" y2="{base}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    ]
    for day, text in x_ticks(start, end, frame.right - frame.left):
        x = frame.x(day)
        half = text_width(text) / 2
        middle = min(max(x, PAD + half), WIDTH - PAD - half)  # the label stays inside the picture
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{base}" x2="{_fmt(x)}" y2="{_fmt(frame.bottom + 5)}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
        parts.append(_label(middle, frame.bottom + 6 + FONT, text, "middle"))
    return parts


def _diamond(x: float, y: float, r: float = 6) -> str:
    return (
        f'<path d="M{_fmt(x)} {_fmt(y - r)} L{_fmt(x + r)} {_fmt(y)} L{_fmt(x)} {_fmt(y + r)} '
        f'L{_fmt(x - r)} {_fmt(y)} Z" fill="#ffffff" stroke="{TRAJECTORY}" stroke-width="2"/>'
    )


def _target(x: float, y: float) -> str:
    return (
        f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="8" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="{INK}"/>'
    )


def _dot(x: float, y: float) -> str:
    return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4.5" fill="{VALUE}"/>'


def _lines(figures: Figures, frame: _Frame) -> list[str]:
    """The trajectory (dashed), the milestones, the target and the values (a line with points)."""
    path = [figures.baseline, *sorted(figures.milestones, key=lambda p: p.date), figures.target]
    coords = " ".join(f"{_fmt(frame.x(p.date))},{_fmt(frame.y(p.value))}" for p in path)
    parts = [
        f'<polyline points="{coords}" fill="none" stroke="{TRAJECTORY}" stroke-width="2.5" '
        'stroke-dasharray="8 5"/>'
    ]
    parts += [_diamond(frame.x(p.date), frame.y(p.value)) for p in figures.milestones]
    parts.append(_target(frame.x(figures.target.date), frame.y(figures.target.value)))
    if len(figures.values) > 1:
        coords = " ".join(f"{_fmt(frame.x(p.date))},{_fmt(frame.y(p.value))}" for p in figures.values)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{VALUE}" stroke-width="3"/>')
    parts += [_dot(frame.x(p.date), frame.y(p.value)) for p in figures.values]
    if not figures.values:
        middle, y, note = (
            (frame.left + frame.right) / 2,
            (frame.top + frame.bottom) / 2,
            "No value recorded yet",
        )
        width = text_width(note) * 1.1 + 12  # bold, on white, over the trajectory it may cross
        parts.append(
            f'<rect x="{_fmt(middle - width / 2)}" y="{_fmt(y - FONT - 2)}" width="{_fmt(width)}" '
            f'height="{_fmt(FONT + 10)}" fill="#ffffff" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(_label(middle, y, note, "middle", True))
    return parts


def _legend(figures: Figures, top: float) -> tuple[list[str], float]:
    """What each mark means, in rows that fit the picture; the parts and the height."""
    samples: list[tuple[str, str]] = []
    if figures.values:
        samples.append(("Recorded values", f'<line x1="0" y1="0" x2="24" y2="0" stroke="{VALUE}" '
                        f'stroke-width="3"/>{_dot(12, 0)}'))  # fmt: skip
    samples.append(("Trajectory to target", f'<line x1="0" y1="0" x2="24" y2="0" stroke="{TRAJECTORY}" '
                    'stroke-width="2.5" stroke-dasharray="8 5"/>'))  # fmt: skip
    if figures.milestones:
        samples.append(("Milestone", _diamond(12, 0)))
    samples.append(("Target", _target(12, 0)))
    parts, x, row = [], float(PAD), 0
    for text, mark in samples:
        width = 24 + 6 + text_width(text)
        if x > PAD and x + width > WIDTH - PAD:
            x, row = float(PAD), row + 1
        y = top + row * LINE_H + FONT
        parts.append(f'<g transform="translate({_fmt(x)} {_fmt(y - FONT / 3)})">{mark}</g>')
        parts.append(_label(x + 30, y, text))
        x += width + 18
    return parts, (row + 1) * LINE_H


def indicator_chart(figures: Figures, chart_id: str) -> str:
    """The indicator as an accessible inline SVG: ``role="img"``, named by its
    ``<title>`` (the indicator's title) and described by its ``<desc>`` (every figure in
    words). ``chart_id`` (the indicator's id) makes the ids inside it unique on a page."""
    _check(figures)
    header, header_h = _header(figures)
    frame, axis = _frame(figures, PAD + header_h + PLOT_TOP_GAP)
    legend, legend_h = _legend(figures, frame.bottom + 8 + FONT + 14)
    height = frame.bottom + 8 + FONT + 14 + legend_h + PAD
    name = _id(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_fmt(height)}" width="100%" '
        f'style="display: block; max-width: {MAX_WIDTH}; height: auto" role="img" '
        f'aria-labelledby="chart-{name}-title" aria-describedby="chart-{name}-desc" class="indicator-chart" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{FONT}">',
        f'<title id="chart-{name}-title">{_text(figures.title)}</title>',
        f'<desc id="chart-{name}-desc">{_text(description(figures))}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        *header,
        *axis,
        *_time_axis(frame),
        *_lines(figures, frame),
        *legend,
        "</svg>",
    ]
    return "\n".join(parts)
