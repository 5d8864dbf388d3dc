"""``sitemap.xml``: every page of the site, for search engines.

The sitemaps protocol asks for each page's full address. The site itself knows no address
of its own (it works from any folder and under any sub-path), so the address it is published
at is given to ``thp site build --base-url``; without it, each ``<loc>`` is the page's
address relative to the sitemap, which sits at the top of the site.
"""

from __future__ import annotations

from xml.sax.saxutils import escape


def sitemap(pages: list[str], base_url: str = "") -> str:
    """The sitemap of ``pages`` (paths in the site), in the order given, each address
    after ``base_url`` (which ends in ``/``) when one is given."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <url><loc>{escape(base_url + page)}</loc></url>" for page in pages]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
