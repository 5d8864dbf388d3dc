"""Dates as thp reads and writes them: parsing, in words, and due-date arithmetic.

Dates arrive as text from the loader (``YYYY-MM-DD``, a month ``YYYY-MM``
meaning the end of that month, or a day of every year ``MM-DD``) and are
parsed here, with messages an officer can act on: a date written the British
way gets a "did you mean", and digits other than 0-9 are refused. The model,
the rules, the report and the imports all read dates through this module.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Any

from pydantic_core import PydanticCustomError

# ASCII digits only: \d would also take Arabic-Indic or full-width digits,
# which no other program reading the files (nor the JSON schema) accepts
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})\Z")
_MONTH_DAY = re.compile(r"([0-9]{2})-([0-9]{2})\Z")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})\Z")


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


def in_or_on(day: dt.date) -> str:
    """When, with its preposition: 'in March 2024' for a month, 'on 15 January 2024' for a day."""
    return f"{'in' if isinstance(day, Month) else 'on'} {long_date(day)}"


def long_date(day: dt.date) -> str:
    """A day in words for people: '23 November 2026', or 'November 2026' for a month."""
    if isinstance(day, Month):
        return f"{day:%B} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: dt.date, *, month: bool = False) -> str:
    """A day in few characters, for a chart's axis: '5 Mar 2024', or 'Mar 2024' for a
    month (or when ``month``); English month names whatever the locale."""
    name = _SHORT_MONTHS[day.month - 1]
    if month or isinstance(day, Month):
        return f"{name} {day.year}"
    return f"{day.day} {name} {day.year}"


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
    from .yamlio.scalars import describe

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


def parse_time_of_day(value: Any) -> str:
    """A time of day on the 24-hour clock, ``HH:MM``, such as ``18:30`` (UK local time)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        hours, minutes = divmod(value, 60)  # 18:30 unquoted, read by a YAML 1.1 tool as 1110
        raise _invalid(f'a time is written "HH:MM" in quotes, for example "{hours:02d}:{minutes:02d}"')
    if not isinstance(value, str):
        raise _invalid(f'expected a time written "HH:MM" in quotes, found {_describe(value)}')
    text = _text_of(value)
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise _invalid(
            f'\'{text}\' is not a time of day: write "HH:MM" on the 24-hour clock, for example "18:30"'
        )
    return text


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


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer days);
    the first or last day Python can hold when that is beyond it, never an overflow."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.min if year < dt.MINYEAR else dt.date.max
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def in_months(day: dt.date) -> float:
    """``day`` as a count of months, for reading a straight line between dates the way people
    do: the ends of two months a year apart are 12 apart, leap day or not, and a day within a
    month is the fraction of it gone."""
    return day.year * 12 + day.month - 1 + day.day / calendar.monthrange(day.year, day.month)[1]
