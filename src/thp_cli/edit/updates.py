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


def check_year(option: Flag, value: str | None) -> int:
    """The year ``value`` names: four digits, 1900 to 2999."""
    if value is None:
        raise ThpError("say which year the update is for with ", option, ", for example 2024")
    if not re.fullmatch("[0-9]{4}", value) or not 1900 <= int(value) <= 2999:
        raise ThpError(option, f" {quote(value, 40)} is not a year written as four digits, such as 2024")
    return int(value)


def add_update(
    root: Path | str, board: str, given: NewUpdate, from_file: Path | None = None, *, check: bool = False
) -> Recorded:
    """Add the yearly update ``given`` (or read from ``from_file``) to ``board``."""
    from ..yamlio.locate import locate
    from .plans import ListEdits, edit_list
    from .session import open_board

    if from_file is not None:
        given = _merged(given, read_update_file(from_file))
    year = check_year(Flag("year"), given.year)
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
    return replace(read, year=read.year if read.year is not None else given.year)


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
        lists[key] = tuple(value)
    return NewUpdate(None if year is None else str(year), data["summary"], **lists)


def _from_markdown(name: str, text: str) -> NewUpdate:
    summary: list[list[str]] = [[]]
    lists: dict[str, list[str]] = {key: [] for key in LISTS}
    section: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
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
    return NewUpdate(None, "\n\n".join(paragraphs), **{k: tuple(v) for k, v in lists.items()})
