"""Membership changes for the site, read from git once: every change by year (the changes
page), each board's changes of the last twelve months (its page), and the latest ones (the
home page). Where the history is silent or incomplete, it says so in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import long_date, shift_year
from ..errors import ThpError
from ..report.membership import Event

LATEST = 5  # changes the home page lists


@dataclass
class SiteHistory:
    """The changes the site shows, or why there are none (``note``)."""

    available: bool
    note: str = ""
    notes: list[str] = field(default_factory=list)  # where the history is incomplete
    events: list[Event] = field(default_factory=list)
    year_from: dt.date | None = None  # the first day of the twelve months the boards' pages show
    began: dt.date | None = None  # the day the data's history begins, when git holds no earlier commit

    def board_note(self) -> str:
        """What a board's page says under its changes of the last twelve months: why there are
        none to show, or that the history begins inside those months."""
        if not self.available:
            return self.note
        if self.began is not None and self.year_from is not None and self.began > self.year_from:
            return (
                f"The data's history begins on {long_date(self.began)}, so changes before then are not known."
            )
        return ""

    def by_year(self) -> list[tuple[str, list[str]]]:
        """The changes by year, the latest year first (each year's changes oldest first);
        changes with no day last, under their own heading."""
        years: dict[int, list[str]] = {}
        undated: list[str] = []
        for event in self.events:
            if event.day is None:
                undated.append(event.text)
            else:
                years.setdefault(event.day.year, []).append(event.text)
        out = [(str(year), years[year]) for year in sorted(years, reverse=True)]
        if undated:
            out.append(("Not yet committed, or on a day git cannot read", undated))
        return out

    def board_year(self) -> dict[str, list[str]]:
        """Each board's changes in the twelve months to the as-of day, oldest first."""
        out: dict[str, list[str]] = {}
        for event in self.events:
            recent = event.day is None or (self.year_from is not None and event.day >= self.year_from)
            if event.board is not None and recent:
                out.setdefault(event.board, []).append(event.text)
        return out

    def latest(self) -> list[str]:
        """The latest few changes, the latest first."""
        dated = [e for e in self.events if e.board is not None]
        return [e.text for e in reversed(dated[-LATEST:])]


def site_history(root: Path, as_of: dt.date, today: dt.date) -> SiteHistory:
    """Every change to boards and seats in git up to ``as_of``, read in one walk. The notes
    are for the site's readers: no command, no folder, nothing for the data's keepers."""
    from ..history.git import in_git
    from ..history.period import changes_during
    from ..report.membership import events

    if not in_git(root):
        return SiteHistory(False, NOT_IN_GIT)
    try:
        period = changes_during(root, dt.date(1900, 1, 1), as_of, working_tree=as_of >= today)
    except ThpError:
        return SiteHistory(False, UNREAD)
    if period is None or (period.after is None and not period.working_tree and period.shallow is None):
        return SiteHistory(False, f"No record of the data's history is kept up to {long_date(as_of)}.")
    notes = []
    if period.shallow is not None:
        begins = f" on {long_date(period.shallow.date)}" if period.shallow.date else ""
        notes.append(
            f"Only part of the data's history was at hand when this site was built: it begins{begins}. "
            "Changes made before then are not listed."
        )
        if period.after is None and not period.working_tree:
            return SiteHistory(False, notes[0])
    began = ""
    if period.first is not None:
        began = long_date(period.first.date) if period.first.date else "a day that cannot be read"
        notes.append(
            f"The data's history begins on {began}: what the data held then is listed as already "
            "recorded when the history begins, not as set up that day."
        )
    year_from = shift_year(as_of, -1) + dt.timedelta(days=1)
    first = period.first.date if period.first is not None else None
    return SiteHistory(True, "", notes, events(period, began), year_from, first)


NOT_IN_GIT = (
    "The partnership's data is not kept in git, so changes to membership cannot be read from its history."
)
UNREAD = "The history of the partnership's data could not be read, so changes to membership are not shown."
