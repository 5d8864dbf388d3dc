"""The reporting lines drawn as a picture: inline SVG for HTML, Mermaid for Markdown.

Boards sit in layers by how far they are below the top board; a board that
reports to several boards sits below the lowest of them, and under its main
line (the board just above it). Each line runs from a board up to a board it
reports to. When that tidy tree is wider than the report's column, so that its
words would be drawn too small to read, the boards under a board are laid out
in rows instead, joined to it by a line down the left (see :func:`_arrange`).
Every name is drawn in full, over as many lines as it needs; a name too long
for :data:`MAX_LINES` lines ends with an ellipsis, and every box has a
``<title>`` with the whole name. Siblings are in natural order (Board 2 before
Board 10). The SVG has a viewBox, so the page scales it to its column.
Everything from the data is escaped here, because the SVG is placed into the
page as markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from ..inert import markup_text, mermaid_id, mermaid_label

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 170, 70, 24, 44, 16
MAX_BOX_W = 280  # a box grows to hold its longest word, up to this
GAP_STACK = 14  # between boards stacked in a column
WRAP, ROWS = 4, 4  # more boards than WRAP under one: stack those with none under them, ROWS deep
INDENT = 32  # boards laid out in rows under a board sit this far right of it
FONT, LINE, TEXT_PAD = 16, 18, 10  # font size, line height, space inside a box's edge
MAX_LINES = 5  # a longer name is cut with an ellipsis (the box's title holds it whole)
# The report's column is at most 980 px wide (report.css: .width is 1020 px with 20 px
# padding). A diagram no wider than that is drawn at its own size, so its 16 px words
# stay 16 px; a wider one would be scaled down, and words under 12 px are hard to read.
MAX_W = 980
ELLIPSIS = "\u2026"

# Advance widths of Arial (and Liberation Sans, Helvetica) in thousandths of an em,
# for the printable ASCII characters from the space on.
_ARIAL = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 "
    "556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 "
    "556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_WIDTHS = dict(zip(map(chr, range(32, 127)), map(int, _ARIAL.split()), strict=True))


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn in Arial at ``size`` px: a wide (East Asian)
    character is an em, a combining mark nothing, any other character 0.6 em."""
    total = 0
    for char in text:
        known = _WIDTHS.get(char)
        if known is None:
            if unicodedata.combining(char):
                known = 0
            elif unicodedata.east_asian_width(char) in ("W", "F"):
                known = 1000
            else:
                known = 600
        total += known
    return total * size / 1000


@lru_cache(maxsize=1 << 16)  # the report sorts the same names many times over (each board's in six lists)
def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that orders numbers by value: Board 2 before Board 10.

    Letters compare without regard to case; a run of digits compares by its
    length without leading zeros, then digit by digit (no int(), so a run of any
    length is fine); the text itself breaks ties, so the order is total."""
    parts: list[tuple[int, str]] = []
    for i, part in enumerate(re.split(r"([0-9]+)", text)):
        if i % 2:
            digits = part.lstrip("0") or "0"
            parts.append((1, f"{len(digits):09d}{digits}"))
        elif part:
            parts.append((0, part.casefold()))
    return (*parts, (2, text))


def wrap(text: str, width: float, max_lines: int = MAX_LINES) -> tuple[list[str], bool]:
    """``text`` in lines no wider than ``width`` px, breaking between words (inside a
    word only when the word alone is wider). True with the lines when the text did
    not fit in ``max_lines`` and the last line ends with an ellipsis instead."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if text_width(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word wider than a line is broken where it must be
            if current and text_width(current + char) > width:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    last = lines[max_lines - 1]
    while last and text_width(last.rstrip() + ELLIPSIS) > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip() + ELLIPSIS], True


@dataclass(frozen=True)
class Node:
    """A board to draw: its id, its name, and the ids of the drawn boards it reports to."""

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


def primary_parents(nodes: list[Node], depth: dict[str, int] | None = None) -> dict[str, str | None]:
    """Each board's main line: of the boards it reports to, the one drawn just above
    it (the first by name, in natural order, when several are), so the boards form a
    tree; None at the top. ``depth``: the nodes' :func:`depths`, if already known."""
    depth = depths(nodes) if depth is None else depth
    by_id = {n.id: n for n in nodes}
    out: dict[str, str | None] = {}
    for node in nodes:
        above = sorted(
            (natural_key(by_id[p].label), p)
            for p in node.parents
            if p in depth and depth[p] == depth[node.id] - 1
        )
        out[node.id] = above[0][1] if above else None
    return out


@dataclass(frozen=True)
class Box:
    """Where a board is drawn (its top left corner and size), its name in lines, and how the
    line to its main line runs: ``straight`` up, ``stack`` (into the side of a box stacked
    in a column) or ``rows`` (from the trunk down the left of the board above)."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    route: str = "straight"


@dataclass(frozen=True)
class Picture:
    """Every board's box, and the size of the whole picture, margins included."""

    boxes: dict[str, Box]
    width: float
    height: float
    main: dict[str, str | None] = field(default_factory=dict)  # each board's main line


# (width and height, where across the heading box is, offset in the block above) of each block
Blocks = tuple[dict[str, tuple[float, float]], dict[str, float], dict[str, tuple[float, float]]]


class _Layout:
    """One picture being laid out: each board's main line, the boards under it (in
    natural order of name), its box's words and height, and how many slots across
    its tidy tree takes."""

    def __init__(self, nodes: list[Node]) -> None:
        self.depth = depths(nodes)
        self.main = primary_parents(nodes, self.depth)
        self.by_id = {n.id: n for n in nodes}
        self.children: dict[str | None, list[Node]] = {}
        for node in nodes:
            self.children.setdefault(self.main[node.id], []).append(node)
        for kids in self.children.values():
            kids.sort(key=lambda n: (natural_key(n.label), n.id))
        words = [w for n in nodes for w in (n.label or n.id).split()]
        longest = max((text_width(w) for w in words), default=0.0)
        box_w = float(min(MAX_BOX_W, max(BOX_W, -(-int(longest + 2 * TEXT_PAD + 1) // 2) * 2)))
        self.box_w = box_w
        self.pitch = box_w + GAP_X
        self.label = {n.id: wrap(n.label or n.id, box_w - 2 * TEXT_PAD)[0] for n in nodes}
        self.own_h = {
            i: float(max(BOX_H, len(lines) * LINE + 2 * TEXT_PAD)) for i, lines in self.label.items()
        }
        self.slots = self._slots()
        self.inside: dict[str, tuple[str, float, float, float, str]] = {}  # tidy: (block, x, y, h, route)

    def split(self, node_id: str) -> tuple[list[Node], list[Node]]:
        """The boards under ``node_id`` spread side by side, and those stacked in columns."""
        kids = self.children.get(node_id, [])
        if len(kids) <= WRAP:
            return kids, []
        return [k for k in kids if k.id in self.children], [k for k in kids if k.id not in self.children]

    def _slots(self) -> dict[str, int]:
        """How many slots across each board's tidy tree takes."""
        order: list[str] = []  # every board after the boards under it
        stack: list[tuple[str, bool]] = [(n.id, False) for n in self.children.get(None, [])]
        while stack:
            node_id, done = stack.pop()
            if done:
                order.append(node_id)
                continue
            stack.append((node_id, True))
            stack.extend((c.id, False) for c in self.children.get(node_id, []))
        slots: dict[str, int] = {}
        for node_id in order:
            spread, stacked = self.split(node_id)
            slots[node_id] = max(1, sum(slots[c.id] for c in spread) + -(-len(stacked) // ROWS))
        return slots

    def tidy(self, head: str) -> tuple[float, float]:
        """The tidy tree under ``head``, each board placed within the block; its size."""
        slots, depth = self.slots, self.depth
        base = depth[head]
        place: dict[str, tuple[float, int, int, bool]] = {}  # slot, depth, row in a stack, stacked
        todo_: list[tuple[Node, int]] = [(self.by_id[head], 0)]
        while todo_:
            node, start = todo_.pop()
            if node.id not in place:
                place[node.id] = (start + (slots[node.id] - 1) / 2, depth[node.id] - base, 0, False)
            spread, stacked = self.split(node.id)
            at = start
            for child in spread:
                todo_.append((child, at))
                at += slots[child.id]
            for i, child in enumerate(stacked):
                place[child.id] = (at + i // ROWS, depth[child.id] - base, i % ROWS, True)
        tall: dict[int, float] = {}
        for member, (_, d, _, _) in place.items():
            tall[d] = max(tall.get(d, 0.0), self.own_h[member])
        top, y = {}, 0.0
        for d in sorted(tall):
            top[d] = y
            y += tall[d] + GAP_Y
        bottom = 0.0
        for member, (slot, d, row, stacked_) in place.items():
            my = top[d] + row * (tall[d] + GAP_STACK)
            self.inside[member] = (head, slot * self.pitch, my, tall[d], "stack" if stacked_ else "straight")
            bottom = max(bottom, my + tall[d])
        return slots[head] * self.pitch - GAP_X, bottom

    def modes(self) -> tuple[dict[str, str], dict[str, float], list[str]]:
        """Which boards head a block of their own and how each block is laid out
        (tidy, chain or rows); the room across each has; the heads, each before the
        boards under it."""
        mode: dict[str, str] = {}
        room: dict[str, float] = {}
        visit: list[str] = []
        todo = [(n.id, float(MAX_W - 2 * PAD)) for n in self.children.get(None, [])]
        while todo:
            node_id, space = todo.pop()
            visit.append(node_id)
            kids = self.children.get(node_id, [])
            room[node_id] = space
            if not kids or self.slots[node_id] * self.pitch - GAP_X <= space:
                mode[node_id] = "tidy"
            elif len(kids) == 1:
                mode[node_id] = "chain"
                todo.append((kids[0].id, space))
            else:
                mode[node_id] = "rows"
                todo.extend((k.id, max(self.box_w, space - INDENT)) for k in kids)
        return mode, room, visit

    def blocks(self, mode: dict[str, str], room: dict[str, float], visit: list[str]) -> Blocks:
        """Each block's width and height, where across it the heading board's box is,
        and where each block sits within the block above it."""
        own_h, box_w = self.own_h, self.box_w
        size: dict[str, tuple[float, float]] = {}  # each block's width and height
        anchor: dict[str, float] = {}  # where across its block the heading board's box is
        offset: dict[str, tuple[float, float]] = {}  # each block within the block above it
        for head in reversed(visit):  # the blocks under a board before the board's own
            kids = self.children.get(head, [])
            if mode[head] == "chain":
                only = kids[0].id
                w, h = size[only]
                offset[only] = (0.0, own_h[head] + GAP_Y)
                anchor[head] = anchor[only]
                size[head] = (max(w, anchor[only] + box_w), own_h[head] + GAP_Y + h)
            elif mode[head] == "rows":
                x, y, row_h, right = float(INDENT), own_h[head] + GAP_Y, 0.0, box_w
                for kid in kids:
                    w, h = size[kid.id]
                    if x > INDENT and x + w > room[head]:
                        x, y, row_h = float(INDENT), y + row_h + GAP_Y, 0.0
                    offset[kid.id] = (x, y)
                    row_h = max(row_h, h)
                    right = max(right, x + w)
                    x += w + GAP_X
                anchor[head] = 0.0
                size[head] = (right, y + row_h)
            else:
                size[head] = self.tidy(head)
                anchor[head] = self.inside[head][1]
        return size, anchor, offset

    def boxes(self) -> dict[str, Box]:
        """Every board's box: the top boards' blocks side by side, in rows when they
        do not fit in one, and each block's boards placed within it."""
        mode, room, visit = self.modes()
        size, anchor, offset = self.blocks(mode, room, visit)
        main, own_h, label, box_w = self.main, self.own_h, self.label, self.box_w
        x, y, row_h = float(PAD), float(PAD), 0.0
        origin: dict[str, tuple[float, float]] = {}
        for root in self.children.get(None, []):
            w, h = size[root.id]
            if x > PAD and x + w > MAX_W - PAD:
                x, y, row_h = float(PAD), y + row_h + GAP_Y, 0.0
            origin[root.id] = (x, y)
            row_h = max(row_h, h)
            x += w + GAP_X
        boxes: dict[str, Box] = {}
        for head in visit:  # a board before the boards under it: its block's origin is known
            if mode[head] == "tidy":
                continue  # its boards are placed below, from where its tidy tree put them
            ox, oy = origin[head]
            parent = main[head]
            route = "rows" if parent is not None and mode[parent] == "rows" else "straight"
            boxes[head] = Box(ox + anchor[head], oy, box_w, own_h[head], tuple(label[head]), route)
            for kid in self.children.get(head, []):
                dx, dy = offset[kid.id]
                origin[kid.id] = (ox + dx, oy + dy)
        for member, (block, bx, by, bh, how) in self.inside.items():
            ox, oy = origin[block]
            parent = main[member]
            if member == block and parent is not None and mode[parent] == "rows":
                how = "rows"
            boxes[member] = Box(ox + bx, oy + by, box_w, bh, tuple(label[member]), how)
        return boxes


def _arrange(nodes: list[Node]) -> Picture:
    """Where each board is drawn.

    The tidy tree first: each board centred over the boards whose main line it
    is, which sit side by side under it in natural order of name, so a board is
    drawn under its parent and no two main lines cross; more than ``WRAP`` boards
    under one, and those with none under them are stacked in columns of up to
    ``ROWS``. A board whose tidy tree is wider than the room it has (at the top,
    :data:`MAX_W`) has the trees of the boards under it laid out in rows instead,
    as many to a row as fit, each joined to a trunk that runs down from the
    board's left; a board with one board under it sits straight above that board's
    tree. So the picture fits the report's column with its words at full size,
    however many boards there are; only when some twenty-five levels of boards
    each have several boards under them (each level laid out in rows is indented)
    is it wider than the column, and scaled down. Every step is linear in the
    boards, with no recursion, so a long chain of boards is no problem.
    """
    layout = _Layout(nodes)
    boxes = layout.boxes()
    width = max((b.x + b.w + PAD for b in boxes.values()), default=PAD * 2 + layout.box_w)
    height = max((b.y + b.h + PAD for b in boxes.values()), default=PAD * 2 + BOX_H)
    return Picture(boxes, width, height, layout.main)


def _text(value: str) -> str:
    """Text from the data as SVG (XML) text: escaped, and without the characters XML and
    HTML forbid (controls, noncharacters), which become U+FFFD."""
    return escape(markup_text(value))


def svg(nodes: list[Node], title: str, description: str) -> str:
    """An accessible inline SVG (role img, a title and a description) with a viewBox,
    so the page can scale it to fit its column; each board's box has a title with
    its whole name."""
    picture = _arrange(nodes)
    boxes = picture.boxes
    width, height = picture.width, picture.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" preserveAspectRatio="xMidYMin meet" role="img" '
        'aria-labelledby="structure-title structure-desc" class="structure">',
        f'<title id="structure-title">{_text(title)}</title>',
        f'<desc id="structure-desc">{_text(description)}</desc>',
    ]
    main = picture.main
    for node in sorted(nodes, key=lambda n: n.id):
        box = boxes[node.id]
        for parent in sorted(node.parents):
            if parent not in boxes or parent == node.id:
                continue
            up = boxes[parent]
            bottom, middle = up.y + up.h, box.x + box.w / 2
            if parent != main[node.id]:
                parts.append(
                    f'<line x1="{middle:.1f}" y1="{box.y:.1f}" x2="{up.x + up.w / 2:.1f}" '
                    f'y2="{bottom:.1f}" class="line also"/>'
                )
            elif box.route == "stack":
                # down from the parent, along to the column's trunk, down it, and in to the box
                parts.append(
                    f'<path d="M{up.x + up.w / 2:.1f} {bottom:.1f} V{bottom + GAP_Y / 2:.1f} '
                    f'H{box.x - GAP_X / 2:.1f} V{box.y + box.h / 2:.1f} H{box.x:.1f}" class="line"/>'
                )
            elif box.route == "rows":
                # down the trunk at the parent's left, along above the row, and down to the box
                parts.append(
                    f'<path d="M{up.x + INDENT / 2:.1f} {bottom:.1f} V{box.y - GAP_Y / 2:.1f} '
                    f'H{middle:.1f} V{box.y:.1f}" class="line"/>'
                )
            else:
                parts.append(
                    f'<line x1="{middle:.1f}" y1="{box.y:.1f}" x2="{up.x + up.w / 2:.1f}" '
                    f'y2="{bottom:.1f}" class="line"/>'
                )
    for node in sorted(nodes, key=lambda n: (boxes[n.id].y, boxes[n.id].x, n.id)):
        box = boxes[node.id]
        parts.append(f'<g class="board" id={quoteattr(markup_text("node-" + node.id))}>')
        parts.append(f"<title>{_text(node.label or node.id)}</title>")
        parts.append(
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.0f}" height="{box.h:.0f}" rx="4"/>'
        )
        first = box.y + box.h / 2 - (len(box.lines) - 1) * LINE / 2 + FONT / 3
        for i, line in enumerate(box.lines):
            parts.append(f'<text x="{box.x + box.w / 2:.1f}" y="{first + i * LINE:.1f}">{_text(line)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


# Shown as they are in a Mermaid label: letters and digits of any script, the space and
# punctuation Mermaid gives no meaning to. Any other character is written as Mermaid's
# entity code, #<decimal>; (Mermaid turns it into the HTML entity &#<decimal>;).
def mermaid(nodes: list[Node]) -> str:
    """A ``flowchart TB`` from each board down to those that report to it, boards in
    natural order of name."""
    lines = ["flowchart TB"]
    known = {n.id for n in nodes}
    ordered = sorted(nodes, key=lambda n: (natural_key(n.label), n.id))
    for node in ordered:
        lines.append(f'  {mermaid_id(node.id)}["{mermaid_label(node.label)}"]')
    for node in ordered:
        for parent in sorted(node.parents, key=lambda p: (natural_key(p), p)):
            if parent in known and parent != node.id:
                lines.append(f"  {mermaid_id(parent)} --> {mermaid_id(node.id)}")
    return "\n".join(lines)
