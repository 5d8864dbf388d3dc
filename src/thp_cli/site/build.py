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
    from .again import Options
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
    from ..cache import open_cache
    from .again import NAMESPACE, Options, Said, key, recall, remember
    from .write import Written, check_out

    base = published_at(base_url)
    root = Path(root)
    target = Path(out) if out is not None else root / "site"
    old = check_out(target, root)  # refuse before any work
    today = dt.date.today()
    options = Options(internal, as_of or today, today, base)
    store = open_cache(root, NAMESPACE)
    build = key(root, target.resolve(), options) if store is not None else None
    if store is not None and build is not None and old is not None:
        said = recall(store, build, target.resolve(), old)
        if said is not None:  # the site is as the same build left it: nothing to make or write
            built = Written(unchanged=said.files)
            return SiteBuilt(target, said.pages, built, said.errors, said.left_out, said.notice, said.sitemap)
    made, files = _make(root, target, options)
    if store is not None and build is not None and key(root, target.resolve(), options) == build:
        # kept only if nothing it rests on changed while it was made
        said = Said("", files, made.pages, made.errors, made.left_out, made.notice, made.sitemap)
        remember(store, build, target.resolve(), said)
    return made


def _make(root: Path, target: Path, options: Options) -> tuple[SiteBuilt, int]:
    """Read the data, make every file of the site and write them: what was done, and how many
    files the site has."""
    from ..history.sources import dataset_on
    from ..report.annual import as_it_stood
    from ..report.left_out import left_out_parts
    from ..validate import run_checks
    from .context import Site, index_site
    from .history import site_history
    from .render import Files, write_site
    from .write import plan

    on, today = options.on, options.today
    read = dataset_on(root, on, today)
    ds = read.dataset
    notice = ""
    if read.commit is None and on < today:
        notice = f"the site is as at {on.isoformat()}, but it reads {read.read}"
        ds = as_it_stood(ds, on)
    errors = sum(1 for f in run_checks(ds, on) if f.severity.value == "error")
    left_out = left_out_parts(ds) if errors else []
    site = Site(ds, on, options.internal, site_history(root, on, today), errors, left_out)
    if notice:
        site.as_of_note = (
            f"This site shows the partnership as at {site.day}, but the data as it stood that day could "
            "not be read: it is the data as it is now, leaving out what it dates later."
        )
    index_site(site)
    files = Files(site, options.base_url)
    paths = files.paths()
    written = write_site(plan(target, root, paths), files)
    pages = sum(1 for path in paths if path.endswith(".html"))
    said = [words for words, _ in site.left_out]
    return SiteBuilt(target, pages, written, errors, said, notice, SITEMAP in paths), len(paths)


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
