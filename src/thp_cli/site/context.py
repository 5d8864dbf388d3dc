"""What every page of the site shares, worked out once for the whole build: the dataset,
the day, the edition, and the indexes that keep the work per board flat (who reports to
whom, who sits where, which indicators each board owns)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..dates import long_date
from ..report.diagram import natural_key
from .links import NAV, STYLESHEET, PageLink, relative

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Board, Member, Partnership
    from ..report.performance import IndicatorRow
    from .history import SiteHistory


@dataclass
class Site:
    """The build's shared facts and indexes."""

    ds: Dataset
    on: dt.date
    internal: bool
    history: SiteHistory
    errors: int = 0
    left_out: list[str] = field(default_factory=list)
    reported_by: dict[str, list[str]] = field(default_factory=dict)  # board id -> boards reporting to it
    seats_of: dict[str, list[tuple[str, Member]]] = field(default_factory=dict)  # organisation -> seats
    indicators: dict[str, list[IndicatorRow]] = field(default_factory=dict)  # board id -> owned
    changes: dict[str, list[str]] = field(default_factory=dict)  # board id -> last twelve months
    # for a past day whose data could not be read from git: what the pages rest on, in words
    as_of_note: str = ""
    unread_lines: set[str] = field(default_factory=set)  # boards whose reporting line could not be read

    @property
    def p(self) -> Partnership | None:
        return self.ds.partnership.record if self.ds.partnership else None

    @property
    def name(self) -> str:
        return self.p.name if self.p else "The partnership"

    @property
    def day(self) -> str:
        return long_date(self.on)

    def boards_sorted(self) -> list[Board]:
        """Every board, in natural order of name."""
        return sorted((x.record for x in self.ds.boards.values()), key=lambda b: (natural_key(b.name), b.id))

    def board_name(self, board_id: str) -> str:
        located = self.ds.boards.get(board_id)
        return located.record.name if located else "a board that could not be read"

    def page(self, path: str, title: str, **values: Any) -> dict[str, Any]:
        """The context of a page at ``path``: its title and the layout's values."""
        nav = [(PageLink(words, relative(path, target)), target == path) for target, words in NAV]
        return {
            "page": {
                "path": path,
                "title": title,
                "stylesheet": relative(path, STYLESHEET),
                "home": relative(path, "index.html"),
                "nav": nav,
                "partnership": self.name,
                "internal": self.internal,
                "day": self.day,
            },
            **values,
        }


def index_site(site: Site) -> None:
    """Fill the site's indexes in one pass over the boards."""
    from ..report.performance import owned_indicators
    from ..report.structure import unread_reporting_lines

    for board in site.boards_sorted():
        for above in board.reports_to:
            site.reported_by.setdefault(above, []).append(board.id)
        for member in board.members:
            if member.organisation:
                site.seats_of.setdefault(member.organisation, []).append((board.id, member))
    site.indicators = owned_indicators(site.ds, site.on)
    site.unread_lines = unread_reporting_lines(site.ds)
    site.changes = site.history.board_year()
