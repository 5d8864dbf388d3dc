"""How the partnership is organised, for the annual report: the boards as a
picture (SVG and Mermaid), as a nested list and as sentences, each saying where
a reporting line could not be read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .diagram import natural_key

if TYPE_CHECKING:
    from ..dataset.records import Dataset


@dataclass(frozen=True)
class TreeItem:
    """A board in the structure as a nested list: the boards under it, and any other
    board it also reports to."""

    name: str
    also: str
    children: list[TreeItem]
    id: str = ""  # the board's id


TREE_DEPTH = 12
"""How deep the structure's nested list goes: boards further down a longer chain of
reporting lines are listed side by side under the last level, each naming the board it
reports to, so a chain of any length is read without deep recursion or unreadable indents."""


def structure_tree(nodes: list[Any], names: dict[str, str], unread: set[str] | None = None) -> list[TreeItem]:
    """The boards as a nested list: each under the board above it that is drawn
    nearest (its main line), with any other board it reports to named beside it."""
    from .diagram import primary_parents

    main = primary_parents(nodes)
    children: dict[str | None, list[Any]] = {}
    for node in nodes:
        children.setdefault(main[node.id], []).append(node)

    drawn = {node.id for node in nodes}  # a board reported to but not drawn is closed

    def under(parent: str | None) -> list[Any]:
        return sorted(children.get(parent, []), key=lambda n: (natural_key(n.label), n.id))

    def item(node: Any, kids: list[TreeItem], flattened: bool = False) -> TreeItem:
        ups = [p for p in node.parents if p != main[node.id] and p in names]
        others = sorted((names[p] for p in ups), key=natural_key)
        closed = sorted((names[p] for p in ups if p not in drawn), key=natural_key)
        # 'also' only beside the board it is drawn under: at the top, these are its only lines
        verb = "also reports to" if main[node.id] is not None else "reports to"
        also = f"{verb} {' and '.join(others)}" if others else ""
        if closed:
            also += f"; {' and '.join(closed)} {'is' if len(closed) == 1 else 'are'} closed"
        board = main[node.id]
        if flattened and board is not None and board in names:  # beside its board, not under it
            also = "; ".join(filter(None, [f"reports to {names[board]}", also]))
        if node.id in (unread or set()):
            line = "another of its reporting lines" if node.parents else "its reporting line"
            also = "; ".join(filter(None, [also, line + UNREAD]))
        return TreeItem(node.label, also, kids, node.id)

    def below(parent: str) -> list[TreeItem]:
        """Every board under ``parent`` at any depth, in list order, side by side."""
        out, stack = [], list(reversed(under(parent)))
        while stack:
            node = stack.pop()
            out.append(item(node, [], flattened=main[node.id] != parent))
            stack += reversed(under(node.id))
        return out

    def items(parent: str | None, depth: int) -> list[TreeItem]:
        if depth == TREE_DEPTH and parent is not None:
            return below(parent)
        return [item(node, items(node.id, depth + 1)) for node in under(parent)]

    return items(None, 0)


def structure_outline(items: list[TreeItem], depth: int = 0) -> list[tuple[int, str, str]]:
    """The nested list flattened, each board with its depth, for Markdown."""
    out = []
    for item in items:
        out.append((depth, item.name, item.also))
        out += structure_outline(item.children, depth + 1)  # at most TREE_DEPTH deep (see _tree)
    return out


UNREAD = " could not be read"  # how structure_text ends for a board whose reporting line is unread


@dataclass
class Drawing:
    """The structure as pictures, each drawn the first time it is asked for: a report in
    one format shows one of them (HTML the SVG, Markdown the Mermaid), and a picture of
    20,000 boards takes seconds to lay out."""

    nodes: list[Any]
    title: str
    description: str

    @cached_property
    def svg(self) -> str:
        """The SVG picture, as :func:`.diagram.svg` draws it."""
        from ..templating import Built
        from .diagram import svg

        return Built(svg(self.nodes, self.title, self.description))

    @cached_property
    def mermaid(self) -> str:
        """The Mermaid picture, as :func:`.diagram.mermaid` writes it."""
        from ..templating import Built
        from .diagram import mermaid

        return Built(mermaid(self.nodes))


def structure_drawing(
    ds: Dataset, name: str, nodes: list[Any], unread: set[str]
) -> tuple[Drawing, list[tuple[str, str]]]:
    """The structure as pictures not yet drawn (:class:`Drawing`), and as one sentence per
    board (board, where it reports), in natural order of name; ``nodes`` as
    :func:`board_nodes` gives them, ``unread`` as :func:`unread_reporting_lines`."""
    text = []
    for node in sorted(nodes, key=lambda n: (natural_key(n.label), n.id)):
        ups = [ds.boards[p].record.name for p in node.parents if p in ds.boards]
        if node.id in unread:  # never "no reporting line recorded": one was, and it could not be read
            where = (
                f"reports to {' and '.join(ups)}; another of its reporting lines"
                if ups
                else "its reporting line"
            )
            where += UNREAD
        elif ups:
            where = "reports to " + " and ".join(ups)
        elif ds.boards[node.id].record.kind == "partnership-board":
            where = "is at the top of the partnership"
        else:
            where = "has no reporting line recorded"
        text.append((node.label, where))
    description = "; ".join(
        f"{board}: {where}" if where.endswith(UNREAD) else f"{board} {where}" for board, where in text
    )
    description += "."
    return Drawing(nodes, f"How the boards of {name} report to each other", description), text


def board_nodes(ds: Dataset) -> list[Any]:
    """The boards that are not closed, as nodes of the picture: each with the drawn boards it reports to."""
    from .diagram import Node

    return [
        Node(board_id, located.record.name, tuple(t for t in located.record.reports_to if t in ds.boards))
        for board_id, located in sorted(ds.boards.items())
        if located.record.status != "closed"
    ]


def unread_reporting_lines(ds: Dataset) -> set[str]:
    """The boards whose reporting line the data's errors keep out: reports_to could
    not be read, or names a board that is not in the data (or could not be read)."""
    return {
        board_id
        for board_id, located in ds.boards.items()
        if "reports_to" in located.dropped or any(t not in ds.boards for t in located.record.reports_to)
    }
