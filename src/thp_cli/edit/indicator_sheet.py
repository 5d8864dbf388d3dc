"""The indicators sheet (``thp export csv --sheet indicators``, the workbook's "Indicators")
read back into the indicators' files.

A row names a value of an indicator by its date. A row whose indicator has no value at that
date adds one, in its place among the values (oldest first), in the list's own style, as
``thp indicator record`` writes one; a row whose date has a value with another figure or note
changes it (an empty note cell removes the note). A value with no row is kept: the sheet never
removes one. A row with both its date and its value empty is ignored: it is the row the export
gives an indicator with no value, to fill in. ``title``, ``owner`` and ``unit`` are there to
read by.

Every row is checked first, with the checks of ``thp indicator record``
(:mod:`thp_cli.edit.indicators`): the indicator exists, a month or a day whose period has ended
by the day thp takes as today, a plain number, a percent from 0 to 100 and no other unit below
0, and one row per indicator and date (a month and its last day are one date, as rule
indicator-dates judges). A day in a month the indicator already has a value for (dated by the
month) is refused: it is most likely the month typed as 2024-03 that Excel turned into the
date cell 1 March 2024, and reading it as that month would be a guess, so the row asks for the
month as text instead. A figure that agrees with the recorded one to the 15 significant digits
a spreadsheet keeps is the recorded figure, so an unchanged export is no change. Each problem
is named by its sheet, row and column, and any refuses the whole import. Only the lines of
what changed are touched.

A CSV file is told by its header row (:func:`sheet_kind`): the seats' columns, or these.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import ThpError
from ..export.indicators import INDICATOR_COLUMNS, INDICATOR_REQUIRED
from ..text import clean, did_you_mean
from .sheet_file import REQUIRED, SEAT_SHEET, Problem, Row, Table, refuse
from .sheets import BoardChanges, Imported

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..indicator import Indicator
    from .plans import Changes, Edit
    from .session import Session

INDICATORS = "Indicators"
"""The workbook's sheet of the indicators' values."""


@dataclass(frozen=True)
class ValueRow:
    """A row of the indicators sheet as a value of an indicator: its date as the sheet writes it
    (a month ``YYYY-MM`` or a day), its figure and its note (None: no note)."""

    row: int
    indicator: str
    date: str
    value: float | int
    note: str | None

    @property
    def day(self) -> dt.date:
        """The date as a date: a month is its last day."""
        from ..dates import parse_month

        return parse_month(self.date)


# -- which sheet a CSV file is ----------------------------------------------------------------
def sheet_kind(table: Table) -> Literal["seats", "indicators"]:
    """Which sheet ``table`` is, by its header row: the indicators sheet where it has any of that
    sheet's columns and none of the seats'; the seats sheet where it has any of the seats'
    columns (or is empty) and no ``indicator`` column. ThpError naming the columns each sheet
    needs where it is neither."""
    first = table.rows[0][1] if table.rows and table.rows[0][0] == 1 else {}
    names = {text.strip().lower() for text in first.values() if text.strip()}
    seats, values = names & set(SEAT_SHEET), names & set(INDICATOR_COLUMNS)
    if values and not seats:
        return "indicators"
    if (seats or not table.rows) and "indicator" not in names:
        return "seats"
    raise ThpError(
        "the header row is neither a seats sheet's nor an indicators sheet's: a seats sheet needs "
        f"the columns {', '.join(REQUIRED)}; an indicators sheet needs {', '.join(INDICATOR_REQUIRED)}. "
        "Start from the sheet thp export csv writes; nothing was imported"
    )


# -- checking the rows ------------------------------------------------------------------------
def check_values(
    rows: list[Row], dataset: Dataset, today: dt.date, sheet: str = ""
) -> tuple[list[ValueRow], list[Problem]]:
    """Every row that gives a value, and every problem found in any row (of ``sheet``, where the
    file has more than one)."""
    values: list[ValueRow] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for row in rows:
        found: list[Problem] = []

        def problem(column: str, message: str, row: Row = row, found: list[Problem] = found) -> None:
            found.append(Problem(row.number, column, clean(message, 400), sheet))

        value = _value(row, dataset, today, problem)
        key = _key(row)
        if key is not None:  # a row as recorded too: with another of its date, which is meant?
            if key in seen:
                problem("date", f"the same value as row {seen[key]}: one row per indicator and date")
            seen.setdefault(key, row.number)
        problems += found
        if value is not None and not found:
            values.append(value)
    return values, problems


def _key(row: Row) -> tuple[str, dt.date] | None:
    """The indicator and date a row names (a month as its last day); None where it names none."""
    from pydantic_core import PydanticCustomError

    from ..dates import parse_month

    indicator, date = row.cells["indicator"].strip(), row.cells["date"].strip()
    try:
        return (indicator, parse_month(date)) if indicator and date else None
    except PydanticCustomError:
        return None


def _value(row: Row, dataset: Dataset, today: dt.date, problem: Any) -> ValueRow | None:
    """The row as a value of its indicator; None where it gives none (the placeholder row) or
    has a problem, each given to ``problem``."""
    from ..field_types import free_text_problem
    from .indicators import Refused, checked_date, checked_number, range_problem

    cells = {key: text.strip() for key, text in row.cells.items()}
    if not cells["date"] and not cells["value"]:
        return None  # an indicator's row with no value: nothing to record
    indicator = cells["indicator"]
    located = _indicator(indicator, dataset, problem)
    if located is not None and _as_recorded(located.record, cells):
        return None  # the value as the file has it: nothing to change (thp validate judges the file)
    date = number = None
    if not cells["date"]:
        problem("date", "empty: give the month (YYYY-MM) or the day (YYYY-MM-DD) the value is for")
    else:
        try:
            date = checked_date(cells["date"], today)
        except Refused as error:
            problem("date", error.message)
        if date is not None and located is not None and (month := _month_held(located.record, date)):
            problem(
                "date",
                f"{date} falls in the month {month}, for which {indicator} already has a value: "
                "a spreadsheet may have turned the month into a date; write the month as text, "
                f"{month}, to change that value",
            )
            date = None
    if not cells["value"]:
        problem("value", "empty: give the value in figures, such as 12 or 15.9")
    else:
        try:
            number = checked_number(cells["value"])
        except Refused as error:
            problem("value", error.message)
    if number is not None and located is not None:
        why = range_problem(number, cells["value"], indicator, located.record.unit)
        if why is not None:
            problem("value", why)
    note = cells["note"] or None
    if note is not None and (why := free_text_problem(note)) is not None:
        problem("note", f"the note {why}")
    if located is None or date is None or number is None:
        return None
    return ValueRow(row.number, indicator, date, number, note)


def _month_held(indicator: Indicator, date: str) -> str | None:
    """The month (YYYY-MM) of ``date``, a day, where the indicator has a value dated by that
    month and ``date`` is not its last day (which is the same date): Excel turns a month typed
    as 2024-03 into the date cell 1 March 2024, and a second value for the month would be added.
    Refused rather than guessed: a day written on purpose is never read as a month."""
    from ..dates import Month, parse_month

    day = parse_month(date)
    if isinstance(day, Month):
        return None
    for value in indicator.values:
        if isinstance(value.date, Month) and (value.date.year, value.date.month) == (day.year, day.month):
            return None if value.date == day else value.date.isoformat()
    return None


def same_figure(have: float, given: float) -> bool:
    """Is ``given`` (from a sheet) the recorded figure ``have``? Equal, or equal to the 15
    significant digits a spreadsheet keeps (Excel rounds 12345678901234567890 to
    1.23456789012346E+19): a figure exported and saved unchanged is no change."""
    return float(have) == float(given) or f"{float(have):.15g}" == f"{float(given):.15g}"


def _as_recorded(indicator: Indicator, cells: dict[str, str]) -> bool:
    """Whether the row gives a value exactly as the indicator has it recorded: its date, figure
    and note. Such a row changes nothing, so it is not refused for what thp validate reports of
    the value (a date not yet over, a figure out of range): an unchanged export imports."""
    from pydantic_core import PydanticCustomError

    from ..dates import parse_month
    from .indicators import Refused, checked_number
    from .selector import nfc

    try:
        day, number = parse_month(cells["date"]), checked_number(cells["value"])
    except (PydanticCustomError, Refused):
        return False
    note = nfc(cells["note"]) if cells["note"] else None
    return any(
        v.date == day
        and same_figure(v.value, number)
        and (nfc(v.note.strip()) if v.note and v.note.strip() else None) == note
        for v in indicator.values
    )


def _indicator(indicator: str, dataset: Dataset, problem: Any) -> Any:
    """The indicator the row names, located; None, and the reason given to ``problem``, where the
    data has no such indicator or cannot read its values."""
    if not indicator:
        problem("indicator", "empty: write the indicator's id, as thp export writes it")
        return None
    located = dataset.indicators.get(indicator)
    if located is None:
        if indicator in dataset.broken.get("indicators", set()):
            problem("indicator", f"'{indicator}' has errors and could not be read; run thp validate")
        else:
            known = list(dataset.indicators)
            hint = did_you_mean(indicator, known) or (
                f"; the indicators are {', '.join(sorted(known)[:20])}" if known else "; the data has none"
            )
            problem("indicator", f"'{indicator}' is no indicator{hint}")
        return None
    if not located.judged("values"):
        problem("indicator", f"the values of '{indicator}' have errors; run thp validate, fix what it says")
        return None
    return located


# -- one indicator: its values, against its file ----------------------------------------------
def plan_values(session: Session, rows: list[ValueRow]) -> tuple[list[str], Edit | None]:
    """The words and the edit that make the indicator's values what ``rows`` say: a value of a
    row's date changed where its figure or note differs, then each new value added in its
    place by date, one after another (:func:`thp_cli.edit.indicators.values_plan`)."""
    from ..dates import parse_month
    from ..yamlio.locate import locate
    from .indicators import VALUE_KEYS
    from .plans import Edit, ListEdits, edit_list, list_entries
    from .selector import nfc

    entries = list_entries(session.data, "values")
    by_day: dict[dt.date, int] = {}
    for at, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("date") is not None:
            by_day.setdefault(parse_month(str(entry["date"])), at)
    said: list[str] = []
    changes: dict[int, Changes] = {}
    added: list[ValueRow] = []
    for row in rows:
        index = by_day.get(row.day)
        if index is None:
            added.append(row)
            continue
        change = _change(entries[index], row, nfc)
        if change:
            changes[index] = change
            said.append(_changed_said(entries[index], row, change))
    step = session
    if changes:

        def changed() -> Edit:
            layout = locate(session.doc.body, "values")
            return edit_list(session.doc, layout, session.data, ListEdits(changes), VALUE_KEYS)

        step = step.after(session.planned(changed))
    for row in sorted(added, key=lambda r: r.day):
        step = step.after(step.planned(partial(_add, step, row)))
        note = f" ({clean(row.note, 200)})" if row.note else ""
        said.append(f"added the value {_figure(row.value)} for {row.date}{note}")
    return (said, Edit(step.doc.body, step.data)) if said else ([], None)


def _add(session: Session, row: ValueRow) -> Edit:
    """The edit that adds the row's value before the first value dated after it, else last."""
    from ..dates import parse_month
    from .indicators import values_plan
    from .plans import list_entries

    values = list_entries(session.data, "values")
    later = [
        i for i, v in enumerate(values) if isinstance(v, dict) and parse_month(str(v.get("date"))) > row.day
    ]
    entry: dict[str, Any] = {"date": row.date, "value": row.value}
    if row.note:
        entry["note"] = row.note
    return values_plan(session.doc, session.data, entry, later[0] if later else None)


def _change(entry: Any, row: ValueRow, nfc: Any) -> Changes:
    """What the row changes on a recorded value: its figure, or its note (CLEAR to remove it)."""
    from .plans import CLEAR

    change: Changes = {}
    have = entry.get("value") if isinstance(entry, dict) else None
    if not isinstance(have, int | float) or isinstance(have, bool) or not same_figure(have, row.value):
        change["value"] = row.value
    note = entry.get("note") if isinstance(entry, dict) else None
    had = nfc(str(note).strip()) if note is not None and str(note).strip() else None
    if (nfc(row.note) if row.note else None) != had:
        change["note"] = row.note if row.note else CLEAR
    return change


def _changed_said(entry: Any, row: ValueRow, change: Changes) -> str:
    from .plans import CLEAR

    parts = []
    if "value" in change:
        parts.append(f"value {_figure(entry.get('value'))} -> {_figure(row.value)}")
    if "note" in change:
        parts.append(
            "note removed" if change["note"] is CLEAR else f"note: {clean(str(change['note']), 200)}"
        )
    return f"changed the value for {entry.get('date')}: {', '.join(parts)}"


def _figure(value: object) -> str:
    """A figure as the file holds it (an int as its digits, never rounded through a float)."""
    from ..export.indicators import figure

    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return figure(value) if isinstance(value, float) else str(value)


def plan_indicators(
    root: Path, dataset: Dataset, values: list[ValueRow], sessions: dict[str, Session]
) -> list[BoardChanges]:
    """Each indicator's changes, by id, its session kept in ``sessions`` (by file) for writing."""
    from .session import open_file

    rows_of: dict[str, list[ValueRow]] = {}
    for value in values:
        rows_of.setdefault(value.indicator, []).append(value)
    planned = []
    for indicator in sorted(rows_of):
        file = dataset.indicators[indicator].where.file
        session = sessions[file] = open_file(root, dataset, indicator, file, "an indicator")
        said, plan = plan_values(session, rows_of[indicator])
        new = session.checked(plan) if plan is not None else None
        planned.append(BoardChanges(indicator, file, said, new, "indicator"))
    return planned


# -- the entry point of a CSV file --------------------------------------------------------
def import_values(
    root: Path | str, table: Table, name: str, *, check: bool = False, today: dt.date | None = None
) -> Imported:
    """Read the indicators sheet ``table`` (of the file ``name``) into the indicators under
    ``root``; with ``check``, write nothing. ``today``: the day a value's period must have ended
    by (default today). ThpError (nothing written) if any row has any problem, or an edit
    cannot be made safely."""
    from ..dataset.load import load_dataset
    from ..dataset.source import data_dir
    from .session import refuse_new_errors, write_files
    from .sheet_file import sheet_rows

    root = Path(os.path.abspath(root))
    data_dir(root)
    rows, problems = sheet_rows(table, INDICATOR_COLUMNS, INDICATOR_REQUIRED)
    if problems:
        raise refuse(problems, name)
    dataset = load_dataset(root)
    values, problems = check_values(rows, dataset, today or dt.date.today())
    if problems:
        raise refuse(problems, name)
    sessions: dict[str, Session] = {}
    changed = [c for c in plan_indicators(root, dataset, values, sessions) if c.said]
    if changed:
        refuse_new_errors(root, dataset, {c.file: c.new for c in changed if c.new is not None})
    if check or not changed:
        return Imported(changed, [], written=False)
    write_files([(sessions[c.file], c.new) for c in changed if c.new is not None])
    return Imported(changed, [], written=True)


def import_csv(
    root: Path | str, path: Path, *, check: bool = False, today: dt.date | None = None
) -> Imported:
    """Read the CSV file at ``path``, a seats sheet or an indicators sheet as its header row says
    (:func:`sheet_kind`), into the data under ``root``; with ``check``, write nothing."""
    from ..dataset.source import data_dir
    from .sheet_file import read_csv, read_sheet
    from .sheets import import_table

    data_dir(Path(os.path.abspath(root)))
    name = clean(path.name, 200)
    table = read_csv(read_sheet(path), name)
    if sheet_kind(table) == "indicators":
        return import_values(root, table, name, check=check, today=today)
    return import_table(root, table, name, check=check)
