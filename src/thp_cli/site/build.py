"""``thp site build`` as a library call: read the data once, make every page on every core
(:mod:`.render`), then write the folder all or none (:mod:`.write`).

The pages depend only on the data, the as-of day and the edition: no clock, no machine
names, so the same data gives the same bytes in any process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .links import SITEMAP

if TYPE_CHECKING:
    from .write import Written


@dataclass(frozen=True)
class SiteBuilt:
    """What ``thp site build`` did: the folder, what was written, and the data's errors."""

    out: Path
    pages: int
    written: Written
    errors: int
    left_out: list[str]
    notice: str = ""  # a past day whose data could not be read from git
    sitemap: bool = False  # whether sitemap.xml was written (it needs --base-url)


def build_site(
    root: Path | str,
    out: Path | str | None = None,
    *,
    internal: bool = False,
    as_of: dt.date | None = None,
    base_url: str | None = None,
) -> SiteBuilt:
    """Build the site of the partnership under ``root`` into ``out`` (default: site/ under root).
    ``base_url``, the https: address the site is published at, is used by the sitemap (written
    only when it is given) and the 404 page (shown at any address): every other page links to
    the others relatively."""
    from ..history.sources import dataset_on
    from ..report.annual import as_it_stood
    from ..report.left_out import left_out_parts
    from ..validate import run_checks
    from .context import Site, index_site
    from .history import site_history
    from .render import Files, write_site
    from .write import check_out, plan

    base = published_at(base_url)
    root = Path(root)
    target = Path(out) if out is not None else root / "site"
    check_out(target, root)  # refuse before any work
    today = dt.date.today()
    on = as_of or today
    read = dataset_on(root, on, today)
    ds = read.dataset
    notice = ""
    if read.commit is None and on < today:
        notice = f"the site is as at {on.isoformat()}, but it reads {read.read}"
        ds = as_it_stood(ds, on)
    errors = sum(1 for f in run_checks(ds, on) if f.severity.value == "error")
    site = Site(ds, on, internal, site_history(root, on, today), errors, left_out_parts(ds) if errors else [])
    if notice:
        site.as_of_note = (
            f"This site shows the partnership as at {site.day}, but the data as it stood that day could "
            "not be read: it is the data as it is now, leaving out what it dates later."
        )
    index_site(site)
    files = Files(site, base)
    paths = files.paths()
    written = write_site(plan(target, root, paths), files)
    pages = sum(1 for path in paths if path.endswith(".html"))
    return SiteBuilt(
        target, pages, written, errors, [words for words, _ in site.left_out], notice, SITEMAP in paths
    )


def published_at(base_url: str | None) -> str:
    """``base_url`` ending in ``/`` ('' for none); a ThpError unless it is an https: address
    with a host and no query (``?``) or fragment (``#``)."""
    from urllib.parse import urlsplit

    from ..errors import Flag, ThpError
    from ..inert import one_line
    from ..templating import safe_url

    if base_url is None:
        return ""
    try:
        parts = urlsplit(base_url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if (
        parts is None
        or parts.scheme != "https"
        or not host
        or parts.query
        or parts.fragment
        or "?" in base_url
        or "#" in base_url
        or safe_url(base_url) is None
    ):
        shown = one_line(base_url) or "(empty)"
        raise ThpError(
            Flag("base_url"),
            f" {shown} is not an https: address with no spaces, no ?query and no #fragment, "
            "such as https://example.github.io/partnership/",
        )
    return base_url if base_url.endswith("/") else base_url + "/"
