"""Groups that may no longer be needed: no meeting recorded as held in a year, an
end date passed, or everything recorded as their remit also in another group's."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from ..text import listing
from .lines import ReportingLines
from .profiles import Profile
from .result import Candidate
from .wording import numbered, topic_words

if TYPE_CHECKING:
    from ..dataset.records import Dataset


def find_candidates(
    profiles: dict[str, Profile],
    dataset: Dataset,
    as_of: dt.date,
    names: dict[str, str],
    lines: ReportingLines | None = None,
) -> list[Candidate]:
    """Groups that may no longer be needed: no meeting recorded as held in a year, an end
    date passed, or everything recorded as their remit also in another group's."""
    from ..dates import long_date

    out = []
    for board_id, located in sorted(dataset.boards.items()):
        b = located.record
        if b.status != "active" or board_id not in profiles:
            continue
        quiet = b.quiet(as_of)
        if quiet is not None:
            last = (
                f"the last was on {long_date(quiet.last_held)}"
                if quiet.last_held
                else "meetings are recorded, but none as held"
            )
            out.append(
                Candidate(
                    board_id,
                    "no-recent-meeting",
                    f"{names[board_id]}: no meeting recorded as held in the twelve months to "
                    f"{long_date(as_of)} ({last})",
                )
            )
        if b.ends is not None and b.ends < as_of:
            out.append(
                Candidate(
                    board_id,
                    "ended",
                    f"{names[board_id]}: its end date ({long_date(b.ends)}) has passed, "
                    "yet it is still recorded as active",
                )
            )
    out.extend(_remit_inside(profiles, dataset, lines))
    return out


def _remit(p: Profile) -> set[str]:
    called = {int(a.split(".")[0]) for a in p.actions}
    return (
        {f"action:{a}" for a in p.actions}
        | {f"call:{c}" for c in p.calls if c not in called}
        | {f"topic:{t}" for t in p.topics}
    )


def _remit_words(items: set[str]) -> str:
    """A remit in plain words: its topics, then its actions, then its calls to action."""
    topics = sorted(topic_words(i.split(":", 1)[1]) for i in items if i.startswith("topic:"))
    actions = sorted(i.split(":", 1)[1] for i in items if i.startswith("action:"))
    calls = sorted((i.split(":", 1)[1] for i in items if i.startswith("call:")), key=int)
    return listing(
        topics
        + ([numbered(actions, "action", "actions")] if actions else [])
        + ([numbered(calls, "call to action", "calls to action")] if calls else [])
    )


def _remit_inside(
    profiles: dict[str, Profile], dataset: Dataset, lines: ReportingLines | None = None
) -> list[Candidate]:
    """Subgroups whose whole recorded remit sits inside another active group's.

    Never a group in the same reporting line (a board it reports to, or one
    that reports to it): merging a board into one above or below it is never
    advised.
    """
    remits = {b: _remit(p) for b, p in profiles.items()}
    lines = ReportingLines(profiles) if lines is None else lines
    index: dict[str, set[str]] = defaultdict(set)  # each item, and the active groups that have it
    for board_id, items in remits.items():
        if dataset.boards[board_id].record.status == "active":
            for item in items:
                index[item].add(board_id)
    holders: dict[frozenset[str], list[str]] = {}  # each remit, and the active groups holding all of it
    out = []
    for board_id, items in sorted(remits.items()):
        kind = dataset.boards[board_id].record.kind
        if kind not in ("subgroup", "task-and-finish") or not items:
            continue
        key = frozenset(items)
        if key not in holders:  # groups share remits: each worked out once, rarest item first
            ordered = sorted(items, key=lambda i: (len(index[i]), i))
            holders[key] = sorted(index[ordered[0]].intersection(*(index[i] for i in ordered[1:])))
        for other in holders[key]:
            if other == board_id or lines.above(board_id, other) or lines.above(other, board_id):
                continue
            out.append(
                Candidate(
                    board_id,
                    "remit-inside",
                    f"{profiles[board_id].name}: everything recorded as its remit ({_remit_words(items)}) "
                    f"is also in {profiles[other].name}'s",
                    other,
                )
            )
            break
    return out
