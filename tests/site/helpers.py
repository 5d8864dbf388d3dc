"""Building a site in a test: the base partnership (not Tower Hamlets), at the base case's day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from thp_cli.site.build import SiteBuilt, build_site

ON = dt.date(2024, 9, 1)


def build(root: Path, out: Path | None = None, **options: object) -> SiteBuilt:
    return build_site(root, out or root / "site", as_of=ON, **options)  # type: ignore[arg-type]


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The page's words, tags taken out, entities read and white space made single."""
    import html as entities

    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
