"""Moved to :mod:`thp_cli.history.render`; kept importable until the merge (issue #12 shim)."""

from .history.render import (
    DIFF_RENDERERS,
    HISTORY_RENDERERS,
    append_step_summary,
    finding_lines,
    render_diff_json,
    render_diff_md,
    render_diff_text,
    render_history_json,
    render_history_md,
    render_history_text,
    side_label,
)

__all__ = [
    "DIFF_RENDERERS",
    "HISTORY_RENDERERS",
    "append_step_summary",
    "finding_lines",
    "render_diff_json",
    "render_diff_md",
    "render_diff_text",
    "render_history_json",
    "render_history_md",
    "render_history_text",
    "side_label",
]
