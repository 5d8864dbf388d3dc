"""An organisation's page: every seat it holds across the partnership, on which board,
in what role and position, and who holds it where the data names people."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ..dates import long_date
from ..report.content import SECTOR_LABELS
from .boards import POSITIONS, cited, contact_words
from .links import PageLink, board_page, organisation_page, to

if TYPE_CHECKING:
    from ..model import Organisation
    from .context import Site


class HeldSeat(NamedTuple):
    """A seat the organisation holds: the board (a link), role, position, holder and dates.
    A tuple, so the page's template takes its fields apart in one step (each field looked up
    by name in the template's sandbox costs more than the rest of its row)."""

    board: PageLink
    role: str
    position: str
    holder: str
    since: str
    until: str
    current: bool
    contact: str = ""


def organisation_context(site: Site, org: Organisation) -> dict[str, Any]:
    """The context of ``org``'s page: its seats held on the site's day, then those that are not."""
    path = organisation_page(org.id)
    held = []
    for board_id, m in site.seats_of.get(org.id, []):
        person = site.ds.people.get(m.person) if m.person else None
        held.append(
            HeldSeat(
                board=to(path, board_page(board_id), site.board_name(board_id)),
                role=m.role,
                position=POSITIONS[m.position] + (", elected member" if m.elected_member else ""),
                holder=person.record.name if person else "",
                since=long_date(m.since) if m.since else "",
                until=long_date(m.until) if m.until else "",
                current=m.current(site.on),
                contact=contact_words(site, m),
            )
        )
    held.sort(key=lambda s: (site.sort_key(s.board.text), s.board.href, site.sort_key(s.role)))
    return site.page(
        path,
        org.name,
        o={
            "name": org.name,
            "sector": SECTOR_LABELS[org.sector],
            "current": [s for s in held if s.current],
            "other": [s for s in held if not s.current],
            "sources": cited(org.sources),
        },
    )
