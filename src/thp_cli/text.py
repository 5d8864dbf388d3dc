"""Wording: how thp writes values, counts, lists and near misses into sentences.

One place for the small helpers every message, report and page uses, so that
"1 board" and "2 boards", "a, b and c", a quoted value and a "did you mean"
are written the same way everywhere.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .inert import escape

if TYPE_CHECKING:
    from decimal import Decimal

MAX_MESSAGE = 1000
PLACEHOLDER = "Replace this with"
"""How every value thp init writes for the partnership to fill in begins."""


def clean(text: str, limit: int = MAX_MESSAGE, *, keep_bytes: bool = False) -> str:
    """Text that is safe to print anywhere: control, line-breaking and bidi
    characters shown as escapes (a value from a file must not drive the
    terminal or a log, nor start a new line in one), and the length bounded.
    ``keep_bytes`` keeps a file name's bytes that are not UTF-8 (see :func:`inert.escape`)."""
    return shorten(escape(text, keep_bytes=keep_bytes), limit)


def shorten(text: str, limit: int) -> str:
    """``text`` if at most ``limit`` characters long, else its start and ``...``, ``limit`` in all."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def quote(value: object, limit: int = 100) -> str:
    """A value from the data or an option as a message quotes it: ``'value'``, made safe by
    :func:`clean` (escaped once, length bounded). The one way a message quotes a value: never
    ``repr()`` or ``!r``, which would show ``'saf\\x1bety'`` or escape ``\\u001b`` a second time."""
    return f"'{clean(str(value), limit)}'"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 board``, ``2 boards``; ``many`` for a plural not made with ``s`` (``2 bodies``)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def agree(n: int, one: str, many: str) -> str:
    """The word that agrees with a count of ``n``: ``records`` for 1, ``record`` for 2."""
    return one if n == 1 else many


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``; the empty string for no items."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text as compared for likeness: one Unicode form (NFKC), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix, or an empty string (see :func:`closest`)."""
    near = closest(word, choices)
    return f"; did you mean '{near}'?" if near is not None else ""


CLOSEST_LIMIT = 120
"""How many choices a near miss is measured against (difflib's measure is slow): with
thousands of ids and thousands of misspellings, finding hints must not take minutes."""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely misspells, or None.

    Like is compared with like: both sides in one Unicode form and case, and
    a choice that shares no letter with ``word`` (another word, another
    script) is never offered, however close its digits and punctuation.
    With more than :data:`CLOSEST_LIMIT` choices, only those nearest to ``word``
    in alphabetical order, in the order of their reversed letters (a slip at the
    start keeps the end) and in length are measured, found by bisection in lists
    sorted once, so each hint costs the same however many ids there are.
    """
    folded, orders, loose = _choices(tuple(choices))
    key = fold(str(word))
    letters = {c for c in key if c.isalpha()}
    if len(folded) <= CLOSEST_LIMIT:
        near: Iterable[str] = folded
    else:
        wanted = CLOSEST_LIMIT // (2 * len(orders))
        near = set()
        for (keys, values), probe in zip(orders, (key, key[::-1], (len(key), key)), strict=True):
            at = bisect.bisect_left(keys, probe)
            near.update(values[max(0, at - wanted) : at + wanted])
    candidates = sorted(f for f in near if not letters or not letters.isdisjoint(f))
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if not close:
        key = _loose(key)
        close = [loose[key]] if key in loose else []
    return folded[close[0]] if close else None


def _loose(text: str) -> str:
    return text.replace("_", "-").replace(" ", "-")


_Order = tuple[list[Any], list[str]]


@functools.lru_cache(maxsize=64)
def _choices(choices: tuple[str, ...]) -> tuple[dict[str, str], list[_Order], dict[str, str]]:
    """The choices folded (each to the first choice of its form); those sorted
    alphabetically, by their reversed letters and by length (each as sort keys and
    the folded choices in that order); and each by its form with ``-`` for ``_`` and spaces."""
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(fold(choice), choice)
    orders: list[_Order] = []
    for sort_key in (lambda f: f, lambda f: f[::-1], lambda f: (len(f), f)):
        pairs = sorted((sort_key(f), f) for f in folded)
        orders.append(([k for k, _ in pairs], [f for _, f in pairs]))
    return folded, orders, {_loose(f): f for f in folded}


# An indicator's units (data format: indicators/<id>.yaml) as a value is written and as an axis names them.
UNITS = {
    "percent": "Percent",
    "count": "Count",
    "rate-per-1000": "Rate per 1,000",
    "gbp": "Pounds (£)",
    "days": "Days",
    "score": "Score",
}


def quantity(value: float | Decimal, unit: str, places: int, *, short: bool = False) -> str:
    """A figure with its unit, ``places`` decimals and thousands separated: ``16.4%``,
    ``£1,250``, ``4.2 per 1,000``, ``12 days``. ``short`` leaves out a unit the axis's
    caption names (per 1,000, days). Fixed decimals, never ``repr``: the same bytes everywhere."""
    number = f"{abs(value):,.{places}f}"
    sign = "-" if value < 0 and number.strip("0.,") else ""
    if unit == "percent":
        return f"{sign}{number}%"
    if unit == "gbp":
        return f"{sign}£{number}"
    if short or unit in ("count", "score"):
        return sign + number
    if unit == "rate-per-1000":
        return f"{sign}{number} per 1,000"
    if unit == "days":
        return f"{sign}{number} {'day' if number == '1' else 'days'}"
    return f"{sign}{number} {unit}"


def unit_caption(unit: str) -> str:
    """The unit as an axis names it: ``Percent``, ``Rate per 1,000``; an unknown unit as written."""
    return UNITS.get(unit, unit)


def number(value: float) -> str:
    """A figure as people write it: 12 for 12.0, 12.5 as it is, never in exponent form."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:f}".rstrip("0").rstrip(".")


def last_present(basis: str, day: str) -> str:
    """How an elected member stands on the partnership's meetings, in words that follow their
    name: ``basis`` (see ``duties.Section85``) says what ``day`` is."""
    if basis == "present":
        return f"was last recorded present at a partnership meeting on {day}"
    if basis == "unrecorded":
        return f"is recorded present at no partnership meeting since {day} (whose attendance is not recorded)"
    return f"is recorded present at no partnership meeting from {day}, the first with attendance recorded"
