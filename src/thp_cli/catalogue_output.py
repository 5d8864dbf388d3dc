"""The rule catalogue as text, JSON, or the README's Markdown table."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules.base import Rule


def _json(rules: Sequence[Rule]) -> str:
    return json.dumps([r.as_dict() for r in rules], indent=2, ensure_ascii=False) + "\n"


def _markdown(rules: Sequence[Rule]) -> str:
    lines = [
        "| Rule | Severity | What it checks | Source | Can be changed |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        lines.append(
            f"| `{r.id}` | {r.severity.value} | {r.title} | {r.source} | "
            f"{'yes' if r.configurable else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def _text(rules: Sequence[Rule]) -> str:
    blocks = []
    for r in rules:
        explanation = "\n".join("    " + line for line in r.explanation.splitlines())
        changeable = "" if r.configurable else ", cannot be changed"
        blocks.append(
            f"{r.id} ({r.severity.value}{changeable})\n  {r.title}. Source: {r.source}.\n{explanation}\n"
        )
    return "\n".join(blocks)


RULES_RENDERERS: dict[str, Callable[[Sequence[Rule]], str]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
}
"""The formats of ``thp rules --format``, each a function of the catalogue."""


def render_rules(fmt: str = "text") -> str:
    """The rule catalogue in ``fmt`` (a key of :data:`RULES_RENDERERS`; text if unknown)."""
    from .rules.catalogue import catalogue

    return RULES_RENDERERS.get(fmt, _text)(catalogue())
