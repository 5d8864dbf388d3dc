"""What every page of the site shares, worked out once for the whole build: the dataset,
the day, the edition, and the indexes that keep the work per board flat (who reports to
whom, who sits where, which indicators each board owns)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..dates import long_date
from ..report.diagram import natural_key
from .links import NAV, STYLESHEET, PageLink, relative

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Board, Member, Partnership
    from ..report.performance import IndicatorRow
    from .history import SiteHistory


STYLE_SELF = Markup("'self'")
"""The pages' Content-Security-Policy for styles: the site's stylesheet alone."""


@dataclass
class Site:
    """The build's shared facts and indexes."""

    ds: Dataset
    on: dt.date
    internal: bool
    history: SiteHistory
    errors: int = 0
    left_out: list[tuple[str, bool]] = field(default_factory=list)  # (words, whole record left out)
    reported_by: dict[str, list[str]] = field(default_factory=dict)  # board id -> boards reporting to it
    seats_of: dict[str, list[tuple[str, Member]]] = field(default_factory=dict)  # organisation -> seats
    indicators: dict[str, list[IndicatorRow]] = field(default_factory=dict)  # board id -> owned
    changes: dict[str, list[str]] = field(default_factory=dict)  # board id -> last twelve months
    # for a past day whose data could not be read from git: what the pages rest on, in words
    as_of_note: str = ""
    unread_lines: set[str] = field(default_factory=set)  # boards whose reporting line could not be read
    sorted_boards: list[Board] | None = None  # worked out once, by boards_sorted()
    sort_keys: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)  # text -> its natural key

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
        """Every board, in natural order of name (sorted once; the list is shared, never changed)."""
        if self.sorted_boards is None:
            boards = (x.record for x in self.ds.boards.values())
            self.sorted_boards = sorted(boards, key=lambda b: (self.sort_key(b.name), b.id))
        return self.sorted_boards

    def sort_key(self, text: str) -> tuple[tuple[int, str], ...]:
        """``text``'s natural sort key (:func:`natural_key`), worked out once for each text."""
        key = self.sort_keys.get(text)
        if key is None:
            key = self.sort_keys[text] = natural_key(text)
        return key

    def board_name(self, board_id: str) -> str:
        located = self.ds.boards.get(board_id)
        return located.record.name if located else "a board that could not be read"

    def page(self, path: str, title: str, **values: Any) -> dict[str, Any]:
        """The context of a page at ``path``: its title and the layout's values (a page whose
        styles are in it sets ``inline_css``, and ``style_src`` to allow them)."""
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
                "inline_css": "",
                "style_src": STYLE_SELF,
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
