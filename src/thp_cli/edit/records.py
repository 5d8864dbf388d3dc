"""Records an officer keeps through the year, by command: a board's work programme, and the
progress of a recommendation's action (``thp work-programme set``, ``thp action status``).

Library first, as :mod:`thp_cli.edit.seats`: each function checks the values it is given (a
date written YYYY-MM-DD, a link that is https:, a status the data format knows), makes its
edit through a :class:`thp_cli.edit.session.Session`, which keeps every other byte of the file
and refuses a result that would not validate, and says in words what it did. With ``check``
it works everything out, checks it, and writes nothing. The yearly update has its own module,
:mod:`thp_cli.edit.updates`, since it also reads a file.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Flag, ThpError
from ..text import clean, did_you_mean, quote
from .plans import Edit, ListEdits, edit_list

if TYPE_CHECKING:
    from ..yamlio.emit import Data
    from ..yamlio.locate import Item, Layout
    from ..yamlio.splice import Document, Splice
    from .session import Session

STATUSES = ("not-started", "in-progress", "done", "dropped")
"""An action's statuses, as the data format has them (model.ActionStatus; a test keeps the two equal)."""
WORK_PROGRAMME_KEYS = ("published", "url")
ACTION_KEYS = ("number", "title", "due", "start", "ongoing", "owners", "status", "updates", "sources")
"""A recommendation's action's keys in the data format's order: a new key goes in this order."""
UPDATE_KEYS = ("date", "status", "note")
_HTTPS = re.compile(r"https://[^\s/?#@]+[^\s]*\Z")


@dataclass(frozen=True)
class Recorded:
    """What a record command did (or, with ``check``, would do): its words and its file."""

    said: str
    file: str
    written: bool


# -- checking what the command was given --------------------------------------------------
def check_day(option: Flag, value: str) -> str:
    """``value`` as the ISO date it must be."""
    from .seats import check_date

    day = check_date(option, value)
    assert day is not None
    return day


def check_url(option: Flag, value: str) -> str:
    """``value`` as the https: link it must be: a public page, on one line."""
    if not value.strip():
        raise ThpError(option, " must not be empty: give the page's address, https://...")
    if not _HTTPS.match(value):
        hint = (
            "; did you mean " + quote("https://" + value[len("http://") :], 200) + "?"
            if value.lower().startswith("http://")
            else ""
        )
        raise ThpError(
            option, f" {quote(value, 200)} is not a https: link; give the page's address, https://...{hint}"
        )
    return value


def check_words(option: Flag, value: str) -> str:
    """Text that must say something: refused if empty or only spaces, or if it holds a control
    character other than a line break (the model's free text: field_types.Words)."""
    from ..field_types import free_text_problem

    if not value.strip():
        raise ThpError(option, " must not be empty")
    problem = free_text_problem(value.strip())
    if problem is not None:
        raise ThpError(option, f" {problem}; nothing was changed")
    return value.strip()


def finish(session: Session, plan: Edit, check: bool) -> bool:
    """Check the planned text (it reads back as the data intended, and the partnership has no
    error it did not have) and, unless ``check``, write it; whether it was written."""
    from .session import refuse_new_errors

    new = session.checked(plan)
    refuse_new_errors(session.root, session.dataset, {session.file: new})
    if not check:
        session.write(new)
    return not check


# -- thp work-programme set -----------------------------------------------------------------
def set_work_programme(
    root: Path | str, board: str, published: str, url: str, *, check: bool = False
) -> Recorded:
    """Record that ``board`` published its work programme on ``published``, at ``url``."""
    from .session import open_board

    wanted: Data = {"published": check_day(Flag("published"), published), "url": check_url(Flag("url"), url)}
    session = open_board(root, board)
    current = session.data.get("work_programme")
    what = f"the work programme of {session.named}: published {wanted['published']}, {wanted['url']}"
    if isinstance(current, dict) and all(current.get(k) == v for k, v in wanted.items()):
        return Recorded(f"nothing to change: {what} is already recorded", session.file, False)
    plan = session.planned(lambda: _work_programme_plan(session.doc, session.data, wanted))
    written = finish(session, plan, check)
    verb = "changed" if isinstance(current, dict) and current else "recorded"
    return Recorded(f"{verb} {what}", session.file, written)


def _work_programme_plan(doc: Document, data: Data, wanted: Data) -> Edit:
    """The file with ``work_programme`` holding ``wanted``: its keys' values replaced or added where
    it is a mapping, else the whole mapping written in its place or after the keys before it."""
    from ..yamlio.emit import render_block
    from ..yamlio.locate import Item, content_end, empty_scalar, is_node, key_colon
    from ..yamlio.splice import Splice, Unusual, apply, document_end, insert_lines, line_end, line_start
    from .plans import _block_mapping_splices, _flow_mapping_splices, _pair_end, block_root

    body = doc.body
    root = block_root(body)
    new = copy.deepcopy(data)
    current = data.get("work_programme")
    new["work_programme"] = {**(current if isinstance(current, dict) else {}), **wanted}
    top = root.start_mark.column
    pairs = [(k, v) for k, v in root.value if is_node(k, "ScalarNode")]
    for key, node in pairs:
        if key.value != "work_programme":
            continue
        if is_node(node, "MappingNode") and node.flow_style:
            return Edit(apply(body, _flow_mapping_splices(body, node, wanted, WORK_PROGRAMME_KEYS)), new)
        if is_node(node, "MappingNode"):
            end = line_end(body, (content_end(body, node) or node.end_mark.index) - 1)
            item = Item(node, line_start(body, key.start_mark.index), end, top, node.start_mark.column)
            splices = _block_mapping_splices(body, item, wanted, doc.eol, WORK_PROGRAMME_KEYS)
            return Edit(apply(body, splices), new)
        if not is_node(node, "ScalarNode") or node.value not in ("", "~", "null", "Null", "NULL"):
            raise Unusual("its work_programme is not a mapping (published: and url: lines)")
        colon = key_colon(body, key)
        stop = colon + 1 if empty_scalar(node) else (content_end(body, node) or colon + 1)
        if body[colon:stop].count("\n"):
            raise Unusual("its work_programme has an empty value on a line of its own")
        lines = render_block(wanted, top + 2)
        return Edit(
            apply(
                body, [Splice(colon + 1, stop, ""), insert_lines(body, line_end(body, colon), lines, doc.eol)]
            ),
            new,
        )
    # absent: after the last key the data format puts before it, else at the end
    lines = [" " * top + "work_programme:", *render_block(wanted, top + 2)]
    before = ("meetings", "meets", "ends", "established", "status", "reports_to", "kind", "name", "id")
    for name in before:
        for key, node in pairs:
            if key.value == name:
                at = _pair_end(body, key, node)
                return Edit(apply(body, [insert_lines(body, at, lines, doc.eol)]), new)
    return Edit(apply(body, [insert_lines(body, document_end(body), lines, doc.eol)]), new)


# -- thp action status ------------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """What ``thp action status`` was given."""

    status: str
    date: str | None = None  # default: today
    note: str | None = None


def action_status(
    root: Path | str,
    rec: str,
    action: str,
    progress: Progress,
    *,
    check: bool = False,
    today: dt.date | None = None,
) -> Recorded:
    """Set the status of action ``action`` of recommendation ``rec`` and add a dated entry to its
    ``updates`` (oldest first); the words saying what was done."""
    progress = _checked_progress(progress, today or dt.date.today())
    session = _open_recommendation(root, rec)
    found = session.data.get("actions")
    actions: list[Any] = found if isinstance(found, list) else []
    numbers = [str(a.get("number")) if isinstance(a, dict) else "" for a in actions]
    if action not in numbers:
        hint = did_you_mean(action, numbers) or (
            f"; it has {', '.join(n for n in numbers if n)}" if any(numbers) else "; it has no actions"
        )
        raise ThpError(f"recommendation {rec} has no action {quote(action, 40)}{hint}")
    index = numbers.index(action)
    entry: Data = actions[index]
    updates = entry.get("updates") if isinstance(entry.get("updates"), list) else []
    dates = [str(u.get("date")) for u in updates or [] if isinstance(u, dict) and u.get("date")]
    assert progress.date is not None
    if dates and max(dates) > progress.date:
        raise ThpError(
            f"action {action} of recommendation {rec} has an update dated {max(dates)}, after ",
            Flag("date"),
            f" {progress.date}; updates are kept oldest first: give a later ",
            Flag("date"),
            ", or put this one in its place in the file by hand",
        )
    added: Data = {"date": progress.date, "status": progress.status}
    if progress.note:
        added["note"] = progress.note
    written = finish(session, plan_progress(session, index, progress.status, added), check)
    said = progress_said(entry.get("status"), progress.status, progress.note)
    return Recorded(
        f"recorded progress on action {action} of recommendation {rec} on {progress.date}, {said}",
        session.file,
        written,
    )


def progress_said(before: Any, status: str | None, note: str | None) -> str:
    """A step of an action's progress in words: its status (``status in-progress -> done``, or
    ``status done (as before)``), then its note."""
    if status is None:
        change = f"status {before} (as before)" if before else "no status"
    elif before and before != status:
        change = f"status {before} -> {status}"
    else:
        change = f"status {status}" + (" (as before)" if before == status else "")
    return change + (f": {clean(note, 200)}" if note else "")


def plan_progress(session: Session, index: int, status: str | None, update: Data) -> Edit:
    """The edit that records a step of the progress of the action at ``index`` of the session's
    recommendation: its ``status`` set (unless None), then ``update`` (date, status, note) added
    last to its ``updates``, in the list's own style; shared with thp import xlsx."""
    return session.planned(lambda: _action_plan(session.doc, session.data, index, status, update))


def _checked_progress(progress: Progress, today: dt.date) -> Progress:
    if progress.status not in STATUSES:
        hint = did_you_mean(progress.status, STATUSES)
        raise ThpError(
            f"{quote(progress.status, 40)} is not a status an action can have{hint}; "
            f"the statuses are {', '.join(STATUSES)}"
        )
    day = check_day(Flag("date"), progress.date) if progress.date is not None else today.isoformat()
    if day > today.isoformat():
        raise ThpError(
            Flag("date"),
            f" {day} is still to come: it is {today.isoformat()}; record progress once it is made "
            "(a later date would also refuse every update before it); nothing was changed",
        )
    note = check_words(Flag("note"), progress.note) if progress.note is not None else None
    return replace(progress, date=day, note=note)


def _open_recommendation(root: Path | str, rec: str) -> Session:
    import os

    from ..dataset.load import load_dataset
    from ..dataset.source import data_dir
    from .session import open_file

    path = Path(os.path.abspath(root))
    data_dir(path)
    dataset = load_dataset(path)
    located = dataset.recommendations.get(rec)
    if located is None:
        known = sorted(dataset.recommendations)
        listed = f"; the recommendations are {', '.join(known[:20])}" if known else " in data/recommendations"
        hint = did_you_mean(rec, known) or listed
        raise ThpError(f"there is no recommendation {quote(rec, 100)}{hint}")
    return open_file(path, dataset, rec, located.where.file, "a recommendation")


def _action_plan(doc: Document, data: Data, index: int, status: str | None, added: Data) -> Edit:
    """Two steps, each located afresh: the action's ``status`` set, then an entry added to its
    ``updates`` (made after ``status`` where the action has no updates yet)."""
    from ..yamlio.locate import locate, locate_within
    from ..yamlio.splice import apply
    from .plans import change_entry

    entry: Data = dict(data["actions"][index])
    body = doc.body
    if status is not None and entry.get("status") != status:
        step = change_entry(doc, locate(body, "actions"), data, index, {"status": status}, ACTION_KEYS)
        body = step.body
        entry["status"] = status
    added = {key: added[key] for key in UPDATE_KEYS if key in added}
    layout, item = locate_within(body, "actions", index, "updates")
    if layout.kind == "block" or (layout.kind == "flow" and entry.get("updates")):
        step = edit_list(replace(doc, body=body), layout, entry, ListEdits(added=(added,)), UPDATE_KEYS)
        body, entry = step.body, step.data
    else:
        body = apply(body, _first_update(body, layout, item, added, doc.eol))
        entry["updates"] = [added]
    new: dict[str, Any] = copy.copy(data)
    new["actions"] = [entry if i == index else a for i, a in enumerate(data["actions"])]
    return Edit(body, new)


def _first_update(body: str, layout: Layout, item: Item, added: Data, eol: str) -> list[Splice]:
    """The splices that give an action with no updates its first: after ``updates:`` where the
    key is there with an empty value (``[]``, ``~`` or nothing; a comment after it stays), else
    an ``updates:`` key after the action's ``status`` (after its last line, where it has none)."""
    from ..yamlio.emit import item_lines
    from ..yamlio.locate import content_end, is_node, key_colon
    from ..yamlio.splice import Splice, Unusual, insert_lines, line_end
    from .plans import _pair_end

    if layout.kind == "absent":
        status = [(k, v) for k, v in item.node.value if is_node(k, "ScalarNode") and k.value == "status"]
        dash = layout.top + layout.style[0]
        lines = [" " * layout.top + "updates:", *item_lines(added, dash, dash + layout.style[1])]
        return [insert_lines(body, _pair_end(body, *status[0]) if status else item.end, lines, eol)]
    colon = key_colon(body, layout.key)
    end = content_end(body, layout.value) or colon + 1
    if (layout.kind == "flow" and body[colon + 1 : end].strip() != "[]") or "\n" in body[colon:end]:
        raise Unusual("the action's updates are an empty list written over several lines")
    dash = layout.key.start_mark.column + layout.style[0]
    lines = item_lines(added, dash, dash + layout.style[1])
    return [Splice(colon + 1, end, ""), insert_lines(body, line_end(body, colon), lines, eol)]
