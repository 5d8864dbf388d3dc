"""``thp diff`` and ``thp history`` output: text, md (GitHub Markdown) and json.

Each renderer takes a :class:`~.diffs.Diff` or :class:`~.timelines.Timeline`
and returns text; the command decides where it goes. The sentences are the
changes' own summaries (made once, in :mod:`.changes`); these functions only lay
them out. In Markdown every value from
the data or from git goes through :func:`render.md_escape`, so a role cannot
make a link, a heading or HTML in a pull request's summary.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from ..findings import Finding
from ..inert import lead, one_line
from ..inert import lines as inert_lines
from ..reporters import append_step_summary as append_summary
from ..templating import md_escape
from ..text import clean, plural

if TYPE_CHECKING:
    from .changes import Change
    from .diffs import Diff, Side
    from .timelines import Event, Timeline

Escape = Callable[[object], str]
_HEX = re.compile(r"[0-9a-fA-F]{4,64}")


def _plain(value: object) -> str:
    return one_line(clean(str(value), 300))


def _sentence(change: Change) -> str:
    return change.sentence


def _text(lines: list[str], notes: list[str]) -> str:
    """Text output: the lines, then each note, made inert for a terminal."""
    lines = [*lines, *(f"Note: {note}" for note in notes)]
    return inert_lines("\n".join(lines).rstrip("\n") + "\n")


def _md(lines: list[str], notes: list[str]) -> str:
    """Markdown output: the lines, then each note as a quoted paragraph."""
    lines = [*lines, *(f"> **Note:** {note}\n" for note in notes)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _json(result: Diff | Timeline) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"


# -- thp diff ------------------------------------------------------------------------
def side_label(side: Side, esc: Escape = _plain) -> str:
    """``main (abc1234)``, ``abc1234 (the merge base of HEAD and main)`` or ``the working tree``."""
    if side.commit is None:
        return "the working tree"
    rev, sha = side.rev, side.commit.sha
    if rev is not None and not (_HEX.fullmatch(rev) and (rev.lower().startswith(sha) or sha.startswith(rev))):
        return f"{esc(rev)} ({esc(sha)})"  # a name, not the commit's id written out
    return f"{esc(side.commit.sha)}" + (f" ({esc(side.how)})" if side.how else "")


def _groups(diff: Diff, esc: Escape) -> Iterator[tuple[str, list[Change]]]:
    """(heading, changes) per board in id order, then per recommendation in number order.

    A board is headed by its name as the data writes it; its id is added only
    where two boards share that name, to tell them apart (the JSON has the ids).
    """

    def group(c: Change) -> tuple[str, str]:
        return ("board", c.board or "") if c.board is not None else ("recommendation", c.recommendation or "")

    shared = {name for name, n in Counter(diff.boards.values()).items() if n > 1}
    for (kind, ident), changes in groupby(diff.changes, key=group):
        if kind == "board":
            name = diff.boards.get(ident)
            if name and name not in shared:
                heading = esc(name)
            else:
                heading = f"{esc(name)} ({esc(ident)})" if name and name != ident else esc(ident)
        else:
            number, title = diff.recommendations.get(ident, (0, ""))
            heading = f"Recommendation {number}: {esc(title)}" if number else f"Recommendation {esc(ident)}"
        yield heading, list(changes)


def _notes(diff: Diff, esc: Escape) -> list[str]:
    notes = []
    for name, side in (("base", diff.base), ("head", diff.head)):
        label = side_label(side, esc)
        if not side.has_data:
            notes.append(f"There was no data folder at {label}: everything at the other side counts as new.")
        elif side.errors:
            notes.append(
                f"The data at {label} ({name}) has {plural(side.errors, 'error')}, listed separately; "
                "records that did not load are left out of this comparison."
            )
    return notes


def render_diff_text(diff: Diff) -> str:
    """``thp diff`` for people: the changes under each board's or recommendation's name."""
    base, head = side_label(diff.base), side_label(diff.head)
    if not diff.changes:
        lines = [f"No changes to the partnership from {base} to {head}.", ""]
    else:
        lines = [f"Changes to the partnership from {base} to {head}:", ""]
        for heading, changes in _groups(diff, _plain):
            lines.append(heading)
            lines.extend(f"  - {_sentence(c)}" for c in changes)
            lines.append("")
        lines += [f"{plural(len(diff.changes), 'change')}.", ""]
    return _text(lines, _notes(diff, _plain))


def render_diff_md(diff: Diff) -> str:
    """``thp diff`` for a pull request or a GitHub job summary."""
    esc = md_escape
    base, head = side_label(diff.base, esc), side_label(diff.head, esc)
    lines = ["## Partnership changes", ""]
    if not diff.changes:
        lines += [f"No changes to the partnership from {base} to {head}.", ""]
    else:
        lines += [f"From {base} to {head}: {plural(len(diff.changes), 'change')}.", ""]
        for heading, changes in _groups(diff, esc):
            lines += [f"### {heading}", ""]
            lines.extend(f"- {esc(_sentence(c))}" for c in changes)
            lines.append("")
    return _md(lines, _notes(diff, esc))


def render_diff_json(diff: Diff) -> str:
    """``thp diff`` for programs: :meth:`Diff.as_dict`."""
    return _json(diff)


DIFF_RENDERERS: dict[str, Callable[[Diff], str]] = {
    "text": render_diff_text,
    "md": render_diff_md,
    "json": render_diff_json,
}


def finding_lines(diff: Diff) -> list[str]:
    """What did not load on each side, one ``file:line:column: severity: message`` a line."""
    out: list[str] = []
    for side in (diff.base, diff.head):
        if side.findings:
            out.append(
                f"thp: the data at {side_label(side)} has {plural(len(side.findings), 'finding')}; "
                "what did not load is left out of the comparison:"
            )
            out.extend(_finding(f) for f in side.findings)
    return out


def _finding(f: Finding) -> str:
    return lead(f"{f.file}:{f.line}:{f.column}: {f.severity.value}: {f.message} [{f.rule}]")


def append_step_summary(markdown: str) -> bool:
    """Append to the file ``$GITHUB_STEP_SUMMARY`` names (within GitHub's 1 MiB); False if unset.

    A path that cannot be written is a warning (see :func:`reporters.append_step_summary`).
    """
    return append_summary(markdown, rest="the output of thp diff")


# -- thp history ------------------------------------------------------------------------
def _subject(tl: Timeline, esc: Escape) -> str:
    """What the history is of, in words: the board, person and organisation by the names the
    data gives them ('the seat Borough Commander (Example Police) on Safety Partnership');
    an id only where no data read names it. The JSON keeps the ids."""
    named = tl.subject
    parts = []
    if tl.seat is not None:
        role, org = named.role or tl.seat[1], named.organisation or tl.seat[0]
        parts.append(f"the seat {esc(role)} ({esc(org)})")
    if tl.person is not None:
        person = esc(named.person) if named.person else f"person {esc(tl.person)}"
        parts.append(f"held by {person}" if parts else person)
    if tl.board is not None:
        board = esc(named.board) if named.board else f"board {esc(tl.board)}"
        parts.append(f"on {board}" if parts else board)
    return " ".join(parts) or "the partnership"


def _cap_note(tl: Timeline) -> list[str]:
    from .git import SHALLOW_FIX

    if tl.shallow is not None:
        c = tl.shallow
        return [
            f"The history is incomplete: this is a shallow clone, whose history begins at commit "
            f"{_plain(c.sha)} ({c.shown_date}). Changes before it are not shown, and what data/ "
            f"held at that commit is where this history starts, not something it added. To see "
            f"the rest, {SHALLOW_FIX}."
        ]
    return []


def _by_commit(tl: Timeline) -> Iterator[tuple[Event, list[Event]]]:
    for _, events in groupby(tl.events, key=lambda e: e.commit):
        group = list(events)
        yield group[0], group


def render_history_text(tl: Timeline) -> str:
    """``thp history`` for people: the changes commit by commit, oldest first."""
    subject = _subject(tl, _plain)
    if not tl.events:
        lines = [f"No changes to {subject} in the history of data/."]
    else:
        lines = [f"History of {subject}, oldest first:", ""]
        for first, events in _by_commit(tl):
            c = first.commit
            lines.append(f"{c.shown_date}  {_plain(c.sha)}  {_plain(c.shown_author)}")
            lines.extend(f"  - {_sentence(e.change)}" for e in events)
            lines.append("")
    return _text(lines, _cap_note(tl))


def render_history_md(tl: Timeline) -> str:
    """``thp history`` as a Markdown table: date, commit, author, change."""
    esc = md_escape
    subject = _subject(tl, esc)
    lines = [f"## History of {subject}", ""]
    if not tl.events:
        lines += [f"No changes to {subject} in the history of data/.", ""]
    else:
        lines += ["| Date | Commit | Author | Change |", "|---|---|---|---|"]
        for e in tl.events:
            c = e.commit
            row = [c.shown_date, esc(c.sha), esc(c.shown_author), esc(_sentence(e.change))]
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return _md(lines, _cap_note(tl))


def render_history_json(tl: Timeline) -> str:
    """``thp history`` for programs: :meth:`Timeline.as_dict`."""
    return _json(tl)


HISTORY_RENDERERS: dict[str, Callable[[Timeline], str]] = {
    "text": render_history_text,
    "md": render_history_md,
    "json": render_history_json,
}
