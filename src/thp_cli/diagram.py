"""The reporting lines drawn as a picture: inline SVG for HTML, Mermaid for Markdown.

Boards sit in layers by how far they are below the top board; a board that
reports to several boards sits below the lowest of them, and under its main
line (the board just above it). Each line runs from a board up to a board it
reports to. The SVG has a viewBox, so the page scales it to its column. Everything from the data is escaped
here, because the SVG is placed into the page as markup.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .inert import markup_text

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 170, 70, 24, 44, 16
GAP_STACK = 14  # between boards stacked in a column
WRAP, ROWS = 4, 4  # more boards than WRAP under one: stack those with none under them, ROWS deep
FONT = 16
CHARS_PER_LINE = 18


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    parents: tuple[str, ...]


def depths(nodes: list[Node]) -> dict[str, int]:
    """How far each board is below the top; cycles and unknown parents do not loop."""
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
    return depth


def primary_parents(nodes: list[Node]) -> dict[str, str | None]:
    """Each board's main line: of the boards it reports to, the one drawn just above
    it (the first by name when several are), so the boards form a tree; None at the top."""
    depth = depths(nodes)
    by_id = {n.id: n for n in nodes}
    out: dict[str, str | None] = {}
    for node in nodes:
        above = sorted(
            (by_id[p].label, p) for p in node.parents if p in depth and depth[p] == depth[node.id] - 1
        )
        out[node.id] = above[0][1] if above else None
    return out


def layers(nodes: list[Node]) -> list[list[Node]]:
    """Boards by depth below the top, each layer in the order they are drawn."""
    place = _layout(nodes)
    grouped: dict[int, list[Node]] = {}
    for board in nodes:
        grouped.setdefault(place[board.id].depth, []).append(board)
    return [sorted(grouped[d], key=lambda n: (place[n.id].slot, place[n.id].row)) for d in sorted(grouped)]


@dataclass(frozen=True)
class Spot:
    """Where a board is drawn: ``slot`` across (in box widths), ``depth`` down, and
    for a board stacked in a column under its parent, its ``row`` in that column."""

    slot: float
    depth: int
    row: int = 0
    stacked: bool = False


def _layout(nodes: list[Node]) -> dict[str, Spot]:
    """A tidy tree: each board centred over the boards whose main line it is, which
    sit side by side under it in order of name; so a board is drawn under its parent
    and no two main lines cross. When a board has more than ``WRAP`` boards under it,
    those with none under them are stacked in columns of up to ``ROWS``, so a wide
    partnership stays narrow enough to read.
    """
    main = primary_parents(nodes)
    depth = depths(nodes)
    children: dict[str | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(main[node.id], []).append(node)
    for kids in children.values():
        kids.sort(key=lambda n: (n.label, n.id))

    def split(node_id: str) -> tuple[list[Node], list[Node]]:
        kids = children.get(node_id, [])
        if len(kids) <= WRAP:
            return kids, []
        return [k for k in kids if k.id in children], [k for k in kids if k.id not in children]

    order: list[Node] = []  # every board after the boards under it
    stack: list[tuple[Node, bool]] = [(n, False) for n in children.get(None, [])]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children.get(node.id, []))
    width: dict[str, int] = {}
    for node in order:
        spread, stacked = split(node.id)
        width[node.id] = max(1, sum(width[c.id] for c in spread) + -(-len(stacked) // ROWS))
    place: dict[str, Spot] = {}
    todo: list[tuple[Node, int]] = []
    left = 0
    for root in children.get(None, []):
        todo.append((root, left))
        left += width[root.id]
    while todo:
        node, start = todo.pop()
        if node.id not in place:
            place[node.id] = Spot(start + (width[node.id] - 1) / 2, depth[node.id])
        spread, stacked = split(node.id)
        at = start
        for child in spread:
            todo.append((child, at))
            at += width[child.id]
        for i, child in enumerate(stacked):
            place[child.id] = Spot(at + i // ROWS, depth[child.id], i % ROWS, True)
    return place


def _text(value: str) -> str:
    """Text from the data as SVG (XML) text: escaped, and without the characters XML and
    HTML forbid (controls, noncharacters), which become U+FFFD."""
    return escape(markup_text(value))


def svg(nodes: list[Node], title: str, description: str) -> str:
    """An accessible inline SVG (role img, a title and a description) with a viewBox,
    so the page can scale it to fit its column."""
    spots = _layout(nodes)

    def box(spot: Spot) -> tuple[float, float]:
        return (
            PAD + spot.slot * (BOX_W + GAP_X),
            PAD + spot.depth * (BOX_H + GAP_Y) + spot.row * (BOX_H + GAP_STACK),
        )

    place = {n.id: box(spots[n.id]) for n in nodes}
    width = max((x + BOX_W + PAD for x, _ in place.values()), default=PAD * 2 + BOX_W)
    height = max((y + BOX_H + PAD for _, y in place.values()), default=PAD * 2 + BOX_H)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" preserveAspectRatio="xMidYMin meet" role="img" '
        'aria-labelledby="structure-title structure-desc" class="structure">',
        f'<title id="structure-title">{_text(title)}</title>',
        f'<desc id="structure-desc">{_text(description)}</desc>',
    ]
    main = primary_parents(nodes)
    for node in nodes:
        x, y = place[node.id]
        for parent in sorted(node.parents):
            if parent not in place or parent == node.id:
                continue
            px, py = place[parent]
            if spots[node.id].stacked and parent == main[node.id]:
                # down from the parent, along to the column's trunk, down it, and in to the box
                trunk = x - GAP_X / 2
                parts.append(
                    f'<path d="M{px + BOX_W / 2:.1f} {py + BOX_H:.1f} V{py + BOX_H + GAP_Y / 2:.1f} '
                    f'H{trunk:.1f} V{y + BOX_H / 2:.1f} H{x:.1f}" class="line"/>'
                )
                continue
            parts.append(
                f'<line x1="{x + BOX_W / 2:.1f}" y1="{y:.1f}" x2="{px + BOX_W / 2:.1f}" '
                f'y2="{py + BOX_H:.1f}" class="line"/>'
            )
    for node in sorted(nodes, key=lambda n: (spots[n.id].depth, spots[n.id].slot, spots[n.id].row)):
        x, y = place[node.id]
        lines = textwrap.wrap(node.label, CHARS_PER_LINE)[:3] or [node.id]
        parts.append(f'<g class="board" id={quoteattr(markup_text("node-" + node.id))}>')
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4"/>')
        first = y + BOX_H / 2 - (len(lines) - 1) * (FONT + 2) / 2 + FONT / 3
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{x + BOX_W / 2:.1f}" y="{first + i * (FONT + 2):.1f}">{_text(line)}</text>'
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
