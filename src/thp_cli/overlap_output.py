"""Moved to :mod:`thp_cli.overlap.render`; kept importable until the merge (shim)."""

from .overlap.render import (
    RENDERERS,
    TABLE_ROWS,
    render_csv,
    render_dot,
    render_graphml,
    render_json,
    render_mermaid,
    render_table,
)

__all__ = [
    "RENDERERS",
    "TABLE_ROWS",
    "render_csv",
    "render_dot",
    "render_graphml",
    "render_json",
    "render_mermaid",
    "render_table",
]
