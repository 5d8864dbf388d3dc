"""Moved to :mod:`thp_cli.report.diagram`; kept importable until the merge (shim)."""

from .report.diagram import (
    Node,
    depths,
    mermaid,
    mermaid_id,
    mermaid_label,
    natural_key,
    primary_parents,
    svg,
    text_width,
    wrap,
)

__all__ = [
    "Node",
    "depths",
    "mermaid",
    "mermaid_id",
    "mermaid_label",
    "natural_key",
    "primary_parents",
    "svg",
    "text_width",
    "wrap",
]
