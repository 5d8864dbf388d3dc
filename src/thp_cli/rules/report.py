"""What partnership.yaml's ``report:`` block asks of the published report."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Severity
from .base import DATA_FORMAT, NOTHING, Context, Problem, problem, rule

WHITE = "#ffffff"
AA_TEXT = 4.5  # WCAG 2.2 AA, 1.4.3: normal text on its background


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2.2's definition)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darkened(colour: str) -> str:
    """The colour made darker, step by step, until white text on it meets AA."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    shade = colour.lower()
    for step in range(1, 101):
        scale = 1 - step / 100
        if contrast(shade, WHITE) >= AA_TEXT:
            return shade
        shade = f"#{round(r * scale):02x}{round(g * scale):02x}{round(b * scale):02x}"
    return shade


@rule(
    "report-colour-contrast",
    Severity.WARNING,
    "The report's colour is too light to read white text on",
    DATA_FORMAT,
    reads=NOTHING,
)
def report_colour(ctx: Context) -> Iterable[Problem]:
    """partnership.yaml's report: colour is the colour of the report's banner,
    behind white text, and of its links and borders. WCAG 2.2 AA needs a
    contrast of at least 4.5 to 1 between text and its background, so a
    lighter colour would make the published report hard or impossible to
    read for many people. The report then uses a darker shade of the same
    colour, which this finding names; write that shade (or another dark
    colour) in partnership.yaml to choose it yourself.
    """
    ds = ctx.dataset
    settings = ds.partnership.record.report if ds.partnership else None
    if ds.partnership is None or settings is None or settings.colour is None:
        return
    ratio = contrast(settings.colour, WHITE)
    if ratio < AA_TEXT:
        yield problem(
            ds.partnership.where,
            f"the report colour {settings.colour} has a contrast of only {ratio:.1f} to 1 with white "
            f"text (WCAG 2.2 AA needs {AA_TEXT:g} to 1), so the report uses the darker "
            f"{darkened(settings.colour)} instead; write that, or another darker colour, to choose it",
            "report",
            "colour",
        )
