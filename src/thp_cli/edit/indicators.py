"""A value recorded for one of the plan's indicators (``thp indicator record``).

Library first, as :mod:`thp_cli.edit.records`: the value is checked (a month or a day that has
ended by the day thp takes as today, a plain number, a percent between 0 and 100, one value a
date, after the latest), then added last to the indicator's ``values`` through a
:class:`thp_cli.edit.session.Session`, which keeps every other byte of the file and refuses a
result that would not validate. With ``check`` it works everything out and writes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Flag, ThpError
from ..text import did_you_mean, quote
from .plans import Edit, ListEdits, edit_list
from .records import Recorded, check_words, finish

if TYPE_CHECKING:
    from ..yamlio.emit import Data
    from ..yamlio.splice import Document
    from .session import Session

VALUE_KEYS = ("date", "value", "note")
"""A recorded value's keys in the data format's order."""
_UNIT_WORDS = {
    "count": "a count",
    "rate-per-1000": "a rate per 1,000",
    "days": "a number of days",
    "gbp": "a sum in pounds",
    "score": "a score",
}
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


class Refused(ValueError):  # noqa: N818 - a reason to refuse, put in words where it is caught
    """What is wrong with a date or a figure given for a value, in words that follow the field's
    name (``sep`` between them): the command puts its flag before them, a sheet its row and column."""

    def __init__(self, message: str, sep: str = " ") -> None:
        super().__init__(message)
        self.message, self.sep = message, sep


def record_value(
    root: Path | str,
    indicator: str,
    date: str,
    value: str,
    note: str | None = None,
    *,
    check: bool = False,
    today: dt.date | None = None,
) -> Recorded:
    """Add ``{date, value, note}`` as the latest of the values of ``indicator``; what was done."""
    try:
        day = checked_date(date, today or dt.date.today())
    except Refused as error:
        raise ThpError(Flag("date"), f"{error.sep}{error.message}; nothing was changed") from None
    try:
        number = checked_number(value)
    except Refused as error:
        raise ThpError(Flag("value"), f"{error.sep}{error.message}; nothing was changed") from None
    said_note = check_words(Flag("note"), note) if note is not None else None
    session = _open_indicator(root, indicator)
    unit = session.data.get("unit")
    why = range_problem(number, value, indicator, unit if isinstance(unit, str) else None)
    if why is not None:
        raise ThpError(Flag("value"), f" {why}; nothing was changed")
    found = session.data.get("values")
    values: list[Any] = found if isinstance(found, list) else []
    dates = [str(v.get("date")) for v in values if isinstance(v, dict) and v.get("date") is not None]
    _refuse_clash(indicator, day, dates)
    added: Data = {"date": day, "value": number}
    if said_note:
        added["note"] = said_note
    plan = session.planned(lambda: values_plan(session.doc, session.data, added))
    written = finish(session, plan, check)
    told = f"recorded {written_number(number)} for {day} as a value of the indicator {indicator}"
    return Recorded(told + (f" ({said_note})" if said_note else ""), session.file, written)


def checked_date(date: str, today: dt.date) -> str:
    """``date`` as written when it is a month (YYYY-MM) or a day (YYYY-MM-DD) whose period has
    ended by ``today`` (:func:`thp_cli.indicator_rating.period_over`); :class:`Refused` where not."""
    from pydantic_core import PydanticCustomError

    from ..dates import Month, parse_month
    from ..indicator_rating import period_over

    try:
        when = parse_month(date.strip())
    except PydanticCustomError as error:
        raise Refused(error.message(), ": ") from None
    if not period_over(when, today):
        ends = f", which ends on {when:%Y-%m-%d}," if isinstance(when, Month) else ""
        raise Refused(
            f"{when.isoformat()}{ends} is after {today.isoformat()}, the day thp takes as today: "
            "record a value once its period is over"
        )
    return when.isoformat()


def checked_number(value: str) -> float | int:
    """``value`` as the number it must be: digits, with a point and decimals where needed (or
    an exponent, as a spreadsheet shows a very small or large figure); :class:`Refused` where not."""
    text = value.strip()
    if not _NUMBER.match(text):
        raise Refused(
            f"{quote(value, 60)} is not a number: write it in figures, such as 12 or 15.9 "
            "(no units or % sign)"
        )
    number = float(text) if "." in text or "e" in text.lower() else int(text)
    if isinstance(number, float) and not math.isfinite(number):
        raise Refused(f"{quote(text, 60)} is too large to be a figure: check it for a typo")
    if number == 0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise Refused(
            f"{quote(text, 60)} is too small to keep as written: it would be stored as 0; "
            "write the figure in a larger unit, or as 0"
        )
    return number


def written_number(number: float) -> str:
    """A figure as it is written to the file (``15``, ``15.9``, ``1e-05``): what thp says it
    recorded is what the file holds."""
    from ..yamlio.emit import scalar

    return scalar(number)


def range_problem(number: float, shown: str, indicator: str, unit: str | None) -> str | None:
    """Why ``number`` (written ``shown``) cannot be a value of ``indicator``, measured in
    ``unit``: a percent lies from 0 to 100, and no figure is recorded below 0 (the command and
    the sheets ask more than rule indicator-range, which lets a file's sum of money or score
    be below 0); None where it can."""
    if unit == "percent" and not 0 <= number <= 100:
        return f"{shown} is not a percent: {indicator} is measured in percent, from 0 to 100"
    if unit != "percent" and unit is not None and number < 0:
        return f"{shown} is below 0, which {_UNIT_WORDS.get(unit, unit)} cannot be"
    return None


def _refuse_clash(indicator: str, day: str, dates: list[str]) -> None:
    """Refuse a second value for ``day``, or one before the latest (values are kept oldest first)."""
    from ..dates import parse_month

    if day in dates:
        raise ThpError(
            f"the indicator {indicator} already has a value for {day}; nothing was changed. To correct "
            "it, edit the file by hand"
        )
    try:
        latest = max(dates, key=parse_month) if dates else None
        later = latest is not None and parse_month(latest) >= parse_month(day)
    except ValueError:
        raise ThpError(
            f"the indicator {indicator} has a value with a date thp cannot read; run thp validate, "
            "fix what it says, and try again"
        ) from None
    if later and latest is not None and parse_month(latest) == parse_month(day):
        raise ThpError(
            f"the indicator {indicator} already has a value for {latest}, which is the same period as ",
            Flag("date"),
            f" {day} (a month is dated by its last day); nothing was changed. To correct it, edit the "
            "file by hand",
        )
    if later:
        raise ThpError(
            f"the indicator {indicator} has a value for {latest}, after ",
            Flag("date"),
            f" {day}; values are kept oldest first: put this one in its place in the file by hand",
        )


def _open_indicator(root: Path | str, indicator: str) -> Session:
    import os

    from ..dataset.load import load_dataset
    from ..dataset.source import data_dir
    from .session import open_file

    path = Path(os.path.abspath(root))
    data_dir(path)
    dataset = load_dataset(path)
    located = dataset.indicators.get(indicator)
    if located is None and indicator in dataset.broken.get("indicators", set()):
        raise ThpError(
            f"nothing was changed: the indicator {quote(indicator, 100)} cannot be read as it stands; "
            "run thp validate, fix what it says, and try again"
        )
    if located is None:
        known = sorted(dataset.indicators)
        listed = f"; the indicators are {', '.join(known[:20])}" if known else " in data/indicators"
        hint = did_you_mean(indicator, known) or listed
        raise ThpError(f"nothing was changed: there is no indicator {quote(indicator, 100)}{hint}")
    return open_file(path, dataset, indicator, located.where.file, "an indicator")


def values_plan(doc: Document, data: Data, added: Data, before: int | None = None) -> Edit:
    """The file with ``added`` in its ``values``: last, or before the entry at ``before`` (values
    go oldest first), in the list's own style: one line ``- {date: ..., value: ...}`` beside
    entries written so, ``{...},`` inside a list written ``[...]``; a block list where it has
    none yet."""
    from ..yamlio.emit import flow_mapping, item_lines
    from ..yamlio.locate import is_node, locate
    from ..yamlio.splice import Splice, apply, insert_lines

    layout = locate(doc.body, "values")
    new = copy.copy(data)
    if layout.kind == "absent":
        new["values"] = [added]
        return _absent_values(doc, new, added)
    entries = list(data["values"]) if isinstance(data.get("values"), list) else []
    at = len(entries) if before is None else before
    new["values"] = [*entries[:at], added, *entries[at:]]
    if layout.kind == "flow" and not entries:  # values: [] stays a flow list: [{date: ..., value: ...}]
        node = layout.value
        start, end = node.start_mark.index, node.end_mark.index
        return Edit(apply(doc.body, [Splice(start, end, "[" + flow_mapping(added) + "]")]), new)
    if before is not None and layout.kind == "flow":
        start = layout.value.value[before].start_mark.index
        return Edit(apply(doc.body, [Splice(start, start, flow_mapping(added) + ", ")]), new)
    if before is not None and layout.kind == "block":
        item = layout.items[before]
        flow = is_node(item.node, "MappingNode") and item.node.flow_style
        lines = (
            [" " * item.dash + "- " + flow_mapping(added)]
            if flow
            else item_lines(added, item.dash, item.keys)
        )
        return Edit(apply(doc.body, [insert_lines(doc.body, item.start, lines, doc.eol)]), new)
    last = layout.items[-1] if layout.kind == "block" and layout.items else None
    if last is not None and is_node(last.node, "MappingNode") and last.node.flow_style:
        line = " " * last.dash + "- " + flow_mapping(added)
        return Edit(apply(doc.body, [insert_lines(doc.body, last.end, [line], doc.eol)]), new)
    return edit_list(doc, layout, data, ListEdits(added=(added,)), VALUE_KEYS)


def _absent_values(doc: Document, new: Data, added: Data) -> Edit:
    """``values:`` with its one entry, after ``milestones``, ``target`` (or at the end)."""
    from ..yamlio.emit import item_lines
    from ..yamlio.locate import is_node
    from ..yamlio.splice import apply, document_end, insert_lines
    from .plans import _pair_end, block_root

    body = doc.body
    root = block_root(body)
    pairs = [(k, v) for k, v in root.value if is_node(k, "ScalarNode")]
    top = root.start_mark.column
    lines = [" " * top + "values:", *item_lines(added, top + 2, top + 4)]
    for name in ("milestones", "target", "baseline"):
        for key, node in pairs:
            if key.value == name:
                at = _pair_end(body, key, node)
                return Edit(apply(body, [insert_lines(body, at, lines, doc.eol)]), new)
    return Edit(apply(body, [insert_lines(body, document_end(body), lines, doc.eol)]), new)
