"""Every file of the site, made in pieces (the downloads, the partnership's own pages, and
the boards' and organisations' pages a few hundred at a time) shared between the cores.

Each piece is rendered in a forked worker (:func:`thp_cli.cores.fork_map`), which has the
data and the build's indexes already in memory; each file is compared with the one in the
site and, where its bytes change, written to the stage beside the site at once
(:class:`.write.Stage`), so the pages never all wait in memory. A worker sends back only each
file's path and digest. Every page depends on the data alone, never on the order pieces are
made in, so the bytes are the same on one core or many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .downloads import calendar_part, join_calendar, join_seats, parts, popolo_text, seats_part
from .links import (
    ACCESSIBILITY,
    CALENDAR,
    CALLS,
    CHANGES,
    INDEX,
    NOT_FOUND,
    POPOLO,
    PUBLICATION,
    RECOMMENDATIONS,
    SEATS,
    SITEMAP,
    STYLESHEET,
    board_page,
    organisation_page,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from .context import Site
    from .write import Plan, Stage, Written

TEMPLATE = "site/{}.html.j2"
PIECE = 250  # boards (or organisations) a piece renders
SHARED_FROM = 400  # boards and organisations from which the pieces are shared between the cores
# the partnership's own pages: (path, template)
OWN = [
    (INDEX, "index"),
    (CALLS, "calls-to-action"),
    (RECOMMENDATIONS, "recommendations"),
    (CHANGES, "changes"),
    (PUBLICATION, "publication"),
    (ACCESSIBILITY, "accessibility"),
]
DOWNLOADS = [CALENDAR, POPOLO, SEATS]


class Files:
    """The site's files, by piece: ``paths()`` names them all before any is made, and
    ``make(i)`` renders piece ``i`` as (path, text) pairs."""

    def __init__(self, site: Site, base_url: str = "") -> None:
        from ..templating import renderer

        self.site = site
        self.base_url = base_url
        self.boards = site.boards_sorted()
        self.organisations = sorted(site.ds.organisations)
        self.css = (
            renderer("report.css")({}) + "\n" + renderer("site/site.css")({})
        )  # the report's, then the site's
        self.render: dict[str, Callable[[dict[str, Any]], str]] = {}
        self.parts = parts(site.ds)  # of the calendar and the seats
        # the biggest first, so that the cores finish together
        self.pieces: list[tuple[str, int]] = [(POPOLO, 0), (INDEX, 0)]
        self.pieces += [(kind, i) for i in range(len(self.parts)) for kind in (CALENDAR, SEATS)]
        self.pieces += [("boards", i) for i in range(0, len(self.boards), PIECE)]
        self.pieces += [("organisations", i) for i in range(0, len(self.organisations), PIECE)]

    def shared(self) -> bool:
        """Whether the site is big enough to share its pieces between the cores."""
        return len(self.boards) + len(self.organisations) >= SHARED_FROM

    def paths(self) -> list[str]:
        """Every file's path in the site: the pages (as the sitemap lists them), then the rest."""
        pages = [path for path, _ in OWN]
        pages += [board_page(b.id) for b in self.boards]
        pages += [organisation_page(o) for o in self.organisations]
        return [*pages, NOT_FOUND, *([SITEMAP] if self.base_url else []), STYLESHEET, *DOWNLOADS]

    def _renderer(self, name: str) -> Callable[[dict[str, Any]], str]:
        from ..templating import renderer

        if name not in self.render:  # each template loaded once in each process
            self.render[name] = renderer(TEMPLATE.format(name))
        return self.render[name]

    def make(self, index: int) -> list[tuple[str, str]]:
        """The pages of piece ``index`` (one of the partnership's own, or of boards or
        organisations), as (path, text)."""
        kind, start = self.pieces[index]
        if kind == INDEX:
            return self._own()
        if kind == "boards":
            from .boards import board_context

            render = self._renderer("board")
            return [
                (board_page(b.id), render(board_context(self.site, b)))
                for b in self.boards[start : start + PIECE]
            ]
        from .organisations import organisation_context

        render = self._renderer("organisation")
        found = self.site.ds.organisations
        return [
            (organisation_page(o), render(organisation_context(self.site, found[o].record)))
            for o in self.organisations[start : start + PIECE]
        ]

    def piece(self, index: int, stage: Stage) -> tuple[str, Any]:
        """Make piece ``index``: its pages written to ``stage`` (``files``: each path, digest and
        whether it changes), or a part of a download (``calendar.ics``, ``seats.csv``), or the
        parts of a ThpError (``error``), sent back as they are so the command line names its
        options."""
        from ..errors import ThpError
        from ..inert import for_file

        kind, start = self.pieces[index]
        try:
            if kind == CALENDAR:
                return kind, calendar_part(self.site, self.parts[start])
            if kind == SEATS:
                return kind, seats_part(self.site, self.parts[start])
            if kind == POPOLO:
                return "files", [(POPOLO, *stage.put_text(POPOLO, popolo_text(self.site)))]
            made = self.make(index)
            return "files", [(path, *stage.put(path, for_file(text).encode("utf-8"))) for path, text in made]
        except ThpError as error:
            return "error", error.parts

    def _own(self) -> list[tuple[str, str]]:
        """The partnership's own pages, the 404 page, the sitemap and the stylesheet."""
        from .overview import calls_context, index_context, recommendations_context
        from .publication import (
            accessibility_context,
            changes_context,
            not_found_context,
            publication_context,
        )
        from .sitemap import sitemap

        site = self.site
        contexts = {
            INDEX: index_context,
            CALLS: calls_context,
            RECOMMENDATIONS: recommendations_context,
            CHANGES: changes_context,
            PUBLICATION: publication_context,
            ACCESSIBILITY: accessibility_context,
        }
        out = [(path, self._renderer(name)(contexts[path](site))) for path, name in OWN]
        out.append((NOT_FOUND, self._renderer("404")(not_found_context(site, self.base_url, self.css))))
        if self.base_url:  # the sitemaps protocol needs full addresses: without the site's own, no sitemap
            pages = self.paths()
            out.append((SITEMAP, sitemap(pages[: pages.index(NOT_FOUND)], self.base_url)))
        out.append((STYLESHEET, self.css))
        return out


def write_site(plan: Plan, files: Files) -> Written:
    """Make every file of ``files`` and write the site of ``plan`` with them, all or none."""
    from ..collector import frozen
    from ..cores import fork_map
    from ..errors import ThpError
    from .write import Stage, finish

    with Stage(plan.target) as stage:
        count = len(files.pieces)
        made = None
        if files.shared():
            with frozen():  # the workers share the data's memory: the collector, walking it, would copy it
                made = fork_map(lambda index: files.piece(index, stage), count)
        if made is None:
            made = []
            for index in range(count):
                made.append(files.piece(index, stage))
                if made[-1][0] == "error":
                    break
        digests: dict[str, str] = {}
        changed: list[str] = []
        found: dict[str, list[Any]] = {CALENDAR: [], SEATS: []}
        for kind, result in made:
            if kind == "error":
                raise ThpError(*result)
            if kind in found:
                found[kind].append(result)
                continue
            for path, sha, changes in result:
                digests[path] = sha
                if changes:
                    changed.append(path)
        joined = {CALENDAR: join_calendar(files.site, found[CALENDAR]), SEATS: join_seats(found[SEATS])}
        for path, text in joined.items():
            digests[path], changes = stage.put_text(path, text)
            if changes:
                changed.append(path)
        return finish(plan, stage, digests, changed)
