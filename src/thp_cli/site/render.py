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
    from .write import Plan, Written

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
        # the biggest first, so that the cores finish together
        self.pieces: list[tuple[str, int]] = [(CALENDAR, 0), (SEATS, 0), (POPOLO, 0), (INDEX, 0)]
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
        """The files of piece ``index``."""
        kind, start = self.pieces[index]
        if kind in DOWNLOADS:
            return [(kind, self._download(kind))]
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

    def _download(self, path: str) -> str:
        from ..export.calendar import calendar
        from ..export.popolo import popolo_json
        from ..export.seats import seats, seats_csv

        site = self.site
        if path == CALENDAR:
            return calendar(site.ds, site.on)
        if path == POPOLO:
            return popolo_json(site.ds)
        return seats_csv(seats(site.ds))  # every seat, as thp export csv writes them (BOM included)

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
    from ..cores import fork_map
    from ..errors import ThpError
    from ..inert import for_file
    from .write import Stage, finish

    with Stage(plan.target) as stage:

        def piece(index: int) -> list[tuple[str, str, bool]] | tuple[Any, ...]:
            try:
                return [
                    (path, *stage.put(path, for_file(text).encode("utf-8")))
                    for path, text in files.make(index)
                ]
            except ThpError as error:
                return error.parts  # sent back as it is, so the command line names its options

        count = len(files.pieces)
        made = fork_map(piece, count) if files.shared() else None
        if made is None:
            made = []
            for index in range(count):
                made.append(piece(index))
                if isinstance(made[-1], tuple):
                    break
        digests: dict[str, str] = {}
        changed: list[str] = []
        for result in made:
            if isinstance(result, tuple):
                raise ThpError(*result)
            for path, sha, changes in result:
                digests[path] = sha
                if changes:
                    changed.append(path)
        return finish(plan, stage, digests, changed)
