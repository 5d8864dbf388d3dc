"""The rule catalogue as text, JSON, or the README's Markdown table."""

from __future__ import annotations

import json

from .rules import catalogue


def render_rules(fmt: str = "text") -> str:
    rules = catalogue()
    if fmt == "json":
        return json.dumps([r.as_dict() for r in rules], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
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
    blocks = []
    for r in rules:
        explanation = "\n".join("    " + line for line in r.explanation.splitlines())
        changeable = "" if r.configurable else ", cannot be changed"
        blocks.append(
            f"{r.id} ({r.severity.value}{changeable})\n  {r.title}. Source: {r.source}.\n{explanation}\n"
        )
    return "\n".join(blocks)
