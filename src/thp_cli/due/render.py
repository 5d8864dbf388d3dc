"""``thp due`` output: text for people, md (a GitHub issue's checklist), json for
programs and ics (a calendar of deadlines).

Each renderer takes the :class:`~.items.Due` that :func:`~.items.due` found
and returns text; :data:`RENDERERS`' keys are the command's ``--format``
choices. In Markdown every value from the data goes through
:func:`render.md_escape` (commands go in code spans), so nothing in the data
makes a link, a mention or HTML in the issue.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..dates import long_date
from ..inert import escape as escape_controls
from ..templating import md_escape
from ..text import listing, plural

if TYPE_CHECKING:
    from .items import Due, Item

PRODID = "-//thp//Governance to-dos//EN"
_ICAL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def when(item: Item) -> str:
    """How far off the item is, in words: '3 days overdue', 'due today', '12 days left'."""
    if item.days < 0:
        return f"{plural(-item.days, 'day')} overdue"
    if item.days == 0:
        return "due today"
    return f"{plural(item.days, 'day')} left"


def heading(due: Due) -> str:
    """What the list covers: the partnership, the as-of day, the window and the board."""
    board = f", for {due.board_name or due.board} ({due.board})" if due.board else ""
    return (
        f"What {due.partnership} owes as at {long_date(due.as_of)}: overdue, and due in the next "
        f"{plural(due.within, 'day')} (to {long_date(due.until)}){board}"
    )


def left_out(due: Due, files: str) -> str:
    """That records with errors are left out, in words, naming ``files`` (the files
    with errors, as each format writes them); empty when the data has no error."""
    if not due.data_errors:
        return ""
    return (
        f"The data has {plural(due.data_errors, 'error')}, in {files}: what could not be read "
        "is left out of this list. Run thp validate to see the errors."
    )


def _counts(due: Due) -> str:
    if not due.items:
        return "Nothing is overdue or due in that time."
    return f"{plural(len(due.overdue), 'item')} overdue, {len(due.coming)} due."


def render_text(due: Due) -> str:
    """For people: a heading, then each item with its day, how far off, board, and how to settle it."""
    lines = [heading(due), _counts(due)]
    if due.data_errors:
        lines.insert(1, left_out(due, listing(list(due.error_files))))
    for title, items in (("Overdue", due.overdue), ("Due", due.coming)):
        if not items:
            continue
        lines += ["", f"{title} ({len(items)})"]
        for item in items:
            lines.append(f"  {item.date.isoformat()}  {when(item)}  {item.board}")
            lines.append(f"    {item.what}")
            lines.append(f"    settle: {item.settle}")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """``text`` as a Markdown code span that no backtick in it can close early."""
    text = escape_controls(" ".join(text.split()))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return (
        f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"
    )


def render_md(due: Due) -> str:
    """A GitHub issue body: the as-of day, then a checklist of overdue items and one of items due."""
    lines = [f"{md_escape(heading(due))}.", "", md_escape(_counts(due))]
    if due.data_errors:
        files = listing([_code(f) for f in due.error_files])
        warning = md_escape(left_out(due, "FILES")).replace("thp validate", "`thp validate`")
        lines[1:1] = ["", f"**Warning:** {warning.replace('FILES', files, 1)}"]
    for title, items in (("Overdue", due.overdue), ("Due", due.coming)):
        if not items:
            continue
        lines += ["", f"## {title} ({len(items)})", ""]
        for item in items:
            lines.append(
                f"- [ ] **{item.date.isoformat()}** ({when(item)}) · {md_escape(item.board)}: "
                f"{md_escape(item.what)}. Settle it with {_code(item.settle)}"
            )
    board = f" --board {due.board}" if due.board else ""  # an id: lower-case words and hyphens
    lines += [
        "",
        f"Made by `thp due --as-of {due.as_of.isoformat()} --within {due.within}{board} --format md`.",
    ]
    return "\n".join(lines) + "\n"


def render_json(due: Due) -> str:
    """For programs: what was asked, and every item (see :meth:`Item.as_dict`)."""
    return json.dumps(due.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _ical_text(value: str) -> Any:
    from icalendar import vText

    return vText(_ICAL_ILLEGAL.sub("\ufffd", value))


def _uid_part(text: str) -> str:
    from ..export.calendar import slug

    return slug(text, "item")


def render_ics(due: Due) -> str:
    """A calendar (RFC 5545) of the items' days: one all-day event each, named after the item.

    ``UID`` is the item's key (as a slug) ``@`` the partnership's slug, the same on every
    run, so a subscribed calendar updates an item rather than adding it twice;
    ``DTSTAMP`` is the as-of day at midnight UTC, so the same data and day give the
    same bytes. With nothing owed the calendar still holds one component (a UTC time
    zone, which no app shows) and says in ``X-WR-CALDESC`` that nothing is owed.
    """
    from icalendar import Calendar, Event

    from ..export.calendar import empty_calendar_component

    domain = _uid_part(due.partnership)
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", _ical_text(f"{due.partnership}: governance to-dos"))
    stamp = dt.datetime.combine(due.as_of, dt.time(), tzinfo=dt.timezone.utc)
    seen: dict[str, int] = {}
    for item in due.items:
        uid = _uid_part(item.key)
        seen[uid] = count = seen.get(uid, 0) + 1
        event = Event()
        event.add("uid", f"{uid}{f'-{count}' if count > 1 else ''}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", _ical_text(f"{item.board}: {item.what}" if item.boards else item.what))
        event.add("description", _ical_text(f"Settle it with: {item.settle}"))
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    if not due.items or due.data_errors:
        owed = " " + _counts(due) if due.items else ": nothing is owed."
        desc = f"{heading(due)}{owed} {left_out(due, listing(list(due.error_files)))}"
        feed.add("x-wr-caldesc", _ical_text(desc.strip()))
    if not due.items:
        feed.add_component(empty_calendar_component())
    text: str = feed.to_ical().decode("utf-8")
    return text


RENDERERS: dict[str, Callable[[Due], str]] = {
    "text": render_text,
    "md": render_md,
    "json": render_json,
    "ics": render_ics,
}
"""One renderer per ``--format`` choice."""
