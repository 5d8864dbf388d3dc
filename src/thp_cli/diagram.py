"""The reporting lines drawn as a picture: inline SVG for HTML, Mermaid for Markdown.

Boards sit in layers by how far they are below the top board; a board that
reports to several boards sits below the lowest of them. Each line runs from
a board up to a board it reports to. Everything from the data is escaped
here, because the SVG is placed into the page as markup.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 190, 58, 24, 56, 16
FONT = 13
CHARS_PER_LINE = 26


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    parents: tuple[str, ...]


def layers(nodes: list[Node]) -> list[list[Node]]:
    """Boards by depth below the top; cycles and unknown parents do not loop."""
    by_id = {n.id: n for n in nodes}
    depth: dict[str, int] = {}
    for start in sorted(by_id):
        if start in depth:
            continue
        # iterative depth-first search; a parent already on the path (a cycle) is ignored
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(by_id[start].parents))]
        on_path = {start}
        while stack:
            node, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                ups = [depth[p] for p in by_id[node].parents if p in depth]
                depth[node] = max(ups) + 1 if ups else 0
                on_path.discard(node)
                stack.pop()
            elif parent in by_id and parent not in depth and parent not in on_path:
                on_path.add(parent)
                stack.append((parent, iter(by_id[parent].parents)))
    grouped: dict[int, list[Node]] = {}
    for board in nodes:
        grouped.setdefault(depth[board.id], []).append(board)
    return [sorted(grouped[d], key=lambda n: n.label) for d in sorted(grouped)]


def svg(nodes: list[Node], title: str, description: str) -> str:
    """An accessible inline SVG (role img, a title and a description)."""
    rows = layers(nodes)
    widest = max((len(r) for r in rows), default=1)
    width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = PAD * 2 + len(rows) * BOX_H + max(len(rows) - 1, 0) * GAP_Y
    place: dict[str, tuple[float, float]] = {}
    for level, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - row_width) / 2
        for i, node in enumerate(row):
            place[node.id] = (x0 + i * (BOX_W + GAP_X), PAD + level * (BOX_H + GAP_Y))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        'aria-labelledby="structure-title structure-desc" class="structure">',
        f'<title id="structure-title">{escape(title)}</title>',
        f'<desc id="structure-desc">{escape(description)}</desc>',
    ]
    for node in nodes:
        x, y = place[node.id]
        for parent in node.parents:
            if parent not in place or parent == node.id:
                continue
            px, py = place[parent]
            parts.append(
                f'<line x1="{x + BOX_W / 2:.1f}" y1="{y:.1f}" x2="{px + BOX_W / 2:.1f}" '
                f'y2="{py + BOX_H:.1f}" class="line"/>'
            )
    for node in nodes:
        x, y = place[node.id]
        lines = textwrap.wrap(node.label, CHARS_PER_LINE)[:3] or [node.id]
        parts.append(f'<g class="board" id={quoteattr("node-" + node.id)}>')
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4"/>')
        first = y + BOX_H / 2 - (len(lines) - 1) * (FONT + 2) / 2 + FONT / 3
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{x + BOX_W / 2:.1f}" y="{first + i * (FONT + 2):.1f}">{escape(line)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


_MERMAID_UNSAFE = re.compile(r"[^0-9A-Za-z ,.'()&/-]")


def mermaid_label(text: str) -> str:
    """A node label Mermaid shows as plain text: no markup, links, icons or emoji."""
    return " ".join(_MERMAID_UNSAFE.sub(" ", text).split()) or "?"


def mermaid_id(board: str) -> str:
    return "b_" + re.sub(r"[^0-9A-Za-z]", "_", board)


def mermaid(nodes: list[Node]) -> str:
    """A ``flowchart TB`` from each board down to those that report to it."""
    lines = ["flowchart TB"]
    known = {n.id for n in nodes}
    for node in sorted(nodes, key=lambda n: n.id):
        lines.append(f'  {mermaid_id(node.id)}["{mermaid_label(node.label)}"]')
    for node in sorted(nodes, key=lambda n: n.id):
        for parent in sorted(node.parents):
            if parent in known and parent != node.id:
                lines.append(f"  {mermaid_id(parent)} --> {mermaid_id(node.id)}")
    return "\n".join(lines)
