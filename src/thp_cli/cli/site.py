"""``thp site build``: the partnership's website, every board, organisation and paper, from its data.

Thin command: options -> one call of :func:`thp_cli.site.build.build_site` -> what it
wrote, on stdout, and the data's errors as a warning on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..text import plural
from .options import AsOfOption, Commands, Group, RootOption, as_of_date, err, out_option, say


def build(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None,
        out_option(
            "The folder to write the site to. Default: site/ under --root. It must be new, empty, or "
            "a site thp built before (it keeps a list of its files there, .thp-site.json).",
            "folder",
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public/--internal",
            help="--public (the default) leaves out every contact detail, downloads included; --internal "
            "adds them to the pages (never to the downloads) and says so on every page.",
        ),
    ] = True,
    as_of: AsOfOption = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="The https: address the site is published at, for sitemap.xml's full addresses "
            "(the pages link to each other relatively, and work anywhere without it).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the partnership's website: a static site (no server, no JavaScript) that works
    from file:// and under any address.

    Pages: index.html (the partnership at a glance), boards/<id>.html for every board,
    organisations/<id>.html for every organisation, calls-to-action.html, recommendations.html,
    changes.html, publication.html, accessibility.html and 404.html; sitemap.xml; and the
    downloads calendar.ics, partnership.json (Popolo) and seats.csv. The same data gives the
    same bytes, and only files whose content changed are written; all are written or none.
    """
    from ..site.build import build_site

    made = build_site(root, out, internal=not public, as_of=as_of_date(as_of), base_url=base_url)
    w = made.written
    said = f"{plural(len(w.written), 'file')} written, {w.unchanged} unchanged"
    if w.removed:
        said += f", {len(w.removed)} removed"
    say(f"site in {made.out}: {plural(made.pages, 'page')}; {said}")
    for path in w.kept:
        err(f"thp: warning: {path} is no longer part of the site, but was changed since thp wrote it: kept")
    if made.notice:
        err(f"thp: warning: {made.notice}")
    if made.errors:
        err(
            f"thp: warning: the data has {plural(made.errors, 'error')}; the site leaves out what could "
            "not be read and says so on its home page. Run thp validate to see the errors."
        )


COMMANDS: Commands = [("build", build)]
GROUP = Group("site", "Build the partnership's website from its data.", COMMANDS)
"""The group of commands this module holds, for the app to register."""
