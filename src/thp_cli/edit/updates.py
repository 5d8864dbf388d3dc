"""A board's yearly update (``thp update add``), given by options or read from a small file.

The update goes last in the board's ``updates`` list, with its keys in the data format's
order; a board has one update a year, so a second for the same year is refused, naming the
line of the one there (change it in the file by hand).

The file (``--from-file``) is YAML or Markdown, told apart by its name's ending:

* ``.yaml`` / ``.yml``: a mapping with ``summary`` and, optionally, ``year``,
  ``achievements``, ``challenges`` and ``escalations`` (lists of text);
* ``.md`` / ``.markdown``: an optional ``# title`` line (not kept), then the summary (its
  paragraphs; the lines of a paragraph are joined by spaces), then any of the sections
  ``## Achievements``, ``## Challenges`` and ``## Escalations``, each a bullet list
  (``- item`` or ``* item``; a line indented under an item continues it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Flag, ThpError
from ..text import clean, did_you_mean, plural, quote
from .records import Recorded, check_words, finish

LISTS = ("achievements", "challenges", "escalations")
UPDATE_KEYS = ("year", "summary", *LISTS)
MAX_FILE_BYTES = 1024 * 1024
FIRST_YEAR = 1900
"""The first year an update may be for: the first year a date in the data may have."""
_BULLET = re.compile(r"[-*+][ \t]+(.*)\Z")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*\Z")


@dataclass(frozen=True)
class NewUpdate:
    """What ``thp update add`` was given (``year`` as typed), or what its file said."""

    year: str | None = None
    summary: str | None = None
    achievements: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    escalations: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=(), compare=False)
    year_at: str | None = field(default=None, compare=False)
    """Where a file gave the year, ``file:line:column``; None when ``--year`` gave it."""


def check_year(value: str | None, as_of: dt.date, at: str | None = None) -> int:
    """The year ``value`` names: four digits, from 1900 to the year of ``as_of`` (an update
    is for a year that has begun; a later one is a typo, which would hide an update owed).

    ``at`` is where a file gave the year (``file:line:column``); None: ``--year`` gave it.
    """
    if value is None:
        raise ThpError("say which year the update is for with ", Flag("year"), ", for example 2024")
    said: tuple[Flag | str, ...] = (
        (f"{at}  year: {clean(value, 40)}",) if at else (Flag("year"), f" {quote(value, 40)}")
    )
    if not re.fullmatch("[0-9]{4}", value):
        raise ThpError(*said, " is not a year written as four digits, such as 2024")
    year = int(value)
    if year > as_of.year:
        raise ThpError(
            *said,
            f" is still to come: it is {as_of.isoformat()}, so give a year from {FIRST_YEAR} "
            f"to {as_of.year}; nothing was changed",
        )
    if year < FIRST_YEAR:
        raise ThpError(
            *said, f" is out of range: give a year from {FIRST_YEAR} to {as_of.year}; nothing was changed"
        )
    return year


def add_update(
    root: Path | str,
    board: str,
    given: NewUpdate,
    from_file: Path | None = None,
    *,
    check: bool = False,
    as_of: dt.date | None = None,
) -> Recorded:
    """Add the yearly update ``given`` (or read from ``from_file``) to ``board``; a year after
    that of ``as_of`` (default: today) is refused."""
    from ..yamlio.locate import locate
    from .plans import ListEdits, edit_list
    from .session import open_board

    if from_file is not None:
        given = _merged(given, read_update_file(from_file))
    year = check_year(given.year, as_of or dt.date.today(), given.year_at)
    if given.summary is None:
        raise ThpError(
            "give the update's summary with ",
            Flag("summary"),
            " (or in a file, with ",
            Flag("from_file"),
            ")",
        )
    entry: dict[str, Any] = {"year": year, "summary": check_words(Flag("summary"), given.summary)}
    for name in LISTS:
        items = [check_words(Flag(name[:-1]), item) for item in getattr(given, name)]
        if items:
            entry[name] = items
    session = open_board(root, board)
    _refuse_second(session.file, session.doc.body, session.data, year)
    plan = session.planned(
        lambda: edit_list(
            session.doc,
            locate(session.doc.body, "updates"),
            session.data,
            ListEdits(added=(entry,)),
            UPDATE_KEYS,
        )
    )
    written = finish(session, plan, check)
    counts = [plural(len(entry[n]), n[:-1]) for n in LISTS if n in entry]
    said = f", with {', '.join(counts)}" if counts else ""
    return Recorded(f"added the {year} update of {session.named}{said}", session.file, written)


def _refuse_second(file: str, body: str, data: dict[str, Any], year: int) -> None:
    from ..yamlio.load import load_text

    updates = data.get("updates")
    for index, update in enumerate(updates if isinstance(updates, list) else []):
        if isinstance(update, dict) and update.get("year") == year:
            line, _ = load_text(file, body).source.at(("updates", index, "year"), key=True)
            raise ThpError(
                f"{file} already has an update for {year} (line {line}); nothing was changed. "
                "A board makes one update a year: change that one in the file by hand"
            )


def _merged(given: NewUpdate, read: NewUpdate) -> NewUpdate:
    """The file's update, with the year given as an option where the file has none."""
    typed = [n for n in ("summary", *LISTS) if getattr(given, n)]
    if typed:
        flags = [part for n, name in enumerate(typed) for part in ((", " if n else ""), Flag(_flag(name)))]
        raise ThpError("give the update in ", Flag("from_file"), " or by options, not both: drop ", *flags)
    if given.year is not None and read.year is not None and given.year != read.year:
        raise ThpError(
            f"{read.sources[0] if read.sources else 'the file'} is the update for {read.year}, but ",
            Flag("year"),
            f" says {clean(given.year, 40)}",
        )
    if read.year is not None:
        return read
    return replace(read, year=given.year)


def _flag(name: str) -> str:
    return name[:-1] if name in LISTS else name


def read_update_file(path: Path) -> NewUpdate:
    """The update a YAML or Markdown file gives; ThpError naming the file (and line) if it cannot."""
    from .sheet_file import read_input

    shown = clean(str(path), 200)
    kind = path.suffix.lower()
    if kind not in (".yaml", ".yml", ".md", ".markdown"):
        raise ThpError(
            Flag("from_file"),
            f" {quote(path.name, 200)}: give a .yaml, .yml or .md file (its name says which it is)",
        )
    raw = read_input(path, MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ThpError(f"{shown} is larger than 1 MB; an update is a few paragraphs")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThpError(f"{shown} is not UTF-8 text; save it as UTF-8 and try again") from None
    read = _from_yaml(shown, text) if kind in (".yaml", ".yml") else _from_markdown(shown, text)
    return replace(read, sources=(shown,))


def _from_yaml(name: str, text: str) -> NewUpdate:
    from ..field_types import free_text_problem
    from ..yamlio.load import load_text

    loaded = load_text(name, text)
    if loaded.findings or not isinstance(loaded.data, dict):
        first = loaded.findings[0] if loaded.findings else None
        where = f"{name}:{first.line}:{first.column}" if first else f"{name}:1:1"
        why = (
            first.message
            if first
            else "it is not a mapping of year, summary, achievements, challenges, escalations"
        )
        raise ThpError(f"{where}  {clean(why, 300)}; nothing was changed")
    data: dict[str, Any] = loaded.data

    def wrong(path: tuple[Any, ...], why: str) -> ThpError:
        line, column = loaded.source.at(path, key=len(path) == 1 and path[0] not in data)
        return ThpError(f"{name}:{line}:{column}  {why}; nothing was changed")

    for key in data:
        if key not in UPDATE_KEYS:
            line, column = loaded.source.at((key,), key=True)
            hint = did_you_mean(str(key), UPDATE_KEYS)
            keys = hint or f"; the keys are {', '.join(UPDATE_KEYS)}"
            raise ThpError(
                f"{name}:{line}:{column}  {quote(key, 60)} is not a key of an update{keys}; "
                "nothing was changed"
            )
    if "summary" not in data:
        raise ThpError(
            f"{name}:1:1  the file has no summary: write summary: and the text after it; nothing was changed"
        )
    if not isinstance(data["summary"], str):
        raise wrong(("summary",), "summary must be text")
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise wrong(("year",), "year must be a year written as four digits, such as 2024")
    lists: dict[str, tuple[str, ...]] = {}
    for key in LISTS:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise wrong((key,), f"{key} must be a list, one item a line starting '- '")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise wrong((key, index), f"each of the {key} must be text")
            if problem := free_text_problem(item):
                raise wrong((key, index), f"each of the {key} {problem}")
        lists[key] = tuple(value)
    if problem := free_text_problem(data["summary"]):
        raise wrong(("summary",), f"the summary {problem}")
    at = "{}:{}:{}".format(name, *loaded.source.at(("year",))) if year is not None else None
    return NewUpdate(None if year is None else str(year), data["summary"], **lists, year_at=at)


def _from_markdown(name: str, text: str) -> NewUpdate:
    from ..field_types import free_text_problem

    summary: list[list[str]] = [[]]
    lists: dict[str, list[str]] = {key: [] for key in LISTS}
    section: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if problem := free_text_problem(line):
            raise ThpError(f"{name}:{number}:1  the text {problem}; nothing was changed")
        stripped = line.strip()
        heading = _HEADING.fullmatch(stripped)
        if heading and len(heading[1]) == 1 and section is None and not any(summary):
            continue  # the title
        if heading:
            wanted = heading[2].strip().lower()
            if len(heading[1]) != 2 or wanted not in LISTS:
                hint = did_you_mean(wanted, LISTS)
                raise ThpError(
                    f"{name}:{number}:1  {quote(stripped, 80)} is not a section of an update{hint}; "
                    "the sections are ## Achievements, ## Challenges and ## Escalations; nothing was changed"
                )
            section = wanted
        elif section is None:
            if stripped:
                summary[-1].append(stripped)
            elif summary[-1]:
                summary.append([])
        elif bullet := _BULLET.fullmatch(stripped):
            lists[section].append(bullet[1].strip())
        elif stripped and line[:1] in (" ", "\t") and lists[section]:
            lists[section][-1] += " " + stripped
        elif stripped:
            raise ThpError(
                f"{name}:{number}:1  under ## {section.capitalize()}, each item is a line starting '- '; "
                "nothing was changed"
            )
    paragraphs = [" ".join(p) for p in summary if p]
    if not paragraphs:
        raise ThpError(
            f"{name}:1:1  the file has no summary: write it as the first paragraphs, before any ## section; "
            "nothing was changed"
        )
    achievements, challenges, escalations = (tuple(lists[k]) for k in LISTS)
    return NewUpdate(None, "\n\n".join(paragraphs), achievements, challenges, escalations)
