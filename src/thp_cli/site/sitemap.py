"""``sitemap.xml``: every page of the site, for search engines.

The site knows no address of its own (it works under any sub-path), so each ``<loc>`` is
the page's address relative to the sitemap, which sits at the top of the site.
"""

from __future__ import annotations

from xml.sax.saxutils import escape


def sitemap(pages: list[str]) -> str:
    """The sitemap of ``pages`` (paths in the site), in the order given."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <url><loc>{escape(page)}</loc></url>" for page in pages]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
