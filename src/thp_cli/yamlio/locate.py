"""Where things are in a YAML file's text: a top-level list, its entries, the keys of each.

ruamel.yaml's round-trip composer is used only to *locate* (character offsets of
the ``members`` key, each entry, each key of an entry); nothing is re-dumped.
A layout thp does not edit (anchors in the list, a dash not first on its line,
text the composer cannot read) is refused with :class:`thp_cli.yamlio.splice.Unusual`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from .scalars import resolve_plain
from .splice import Unusual, line_end, line_start

MEMBERS = "members"


# -- locating the seats (ruamel.yaml round-trip composer) --------------------------------
@dataclass(frozen=True)
class Item:
    """One entry of a block ``members`` list and where its text is."""

    node: Any
    start: int  # the start of its dash's line
    end: int  # just after the line ending of its last line (or the end of the text)
    dash: int  # the dash's column
    keys: int  # the column of its keys

    @property
    def block(self) -> bool:
        """Whether the entry is a mapping in block style (``key: value`` lines)."""
        return is_node(self.node, "MappingNode") and not self.node.flow_style


@dataclass(frozen=True)
class Layout:
    """Where the ``members`` key, its value and each seat are in a board file."""

    kind: Literal["absent", "empty", "flow", "block"]
    top: int  # the column of the file's top-level keys
    key: Any = None
    value: Any = None
    items: tuple[Item, ...] = ()
    last: bool = False  # members is the last key of the file
    style: tuple[int, int] = (2, 2)  # dash column from the key's, key column from the dash's
    name: str = MEMBERS  # the list this layout is of: members, or meetings (thp import moderngov)


def is_node(node: Any, kind: str) -> bool:
    """Whether ``node`` is a ruamel.yaml node of ``kind`` (``MappingNode``, ``ScalarNode``, ...)."""
    return type(node).__name__ == kind


def empty_scalar(node: Any) -> bool:
    """Whether ``node`` is a value left empty (``key:`` with nothing after it)."""
    return bool(
        is_node(node, "ScalarNode")
        and node.value == ""
        and not node.style
        and node.start_mark.index == node.end_mark.index
    )


def content_end(text: str, node: Any) -> int | None:
    """The index just after the last character written for ``node``; None for a value left empty."""
    if is_node(node, "ScalarNode"):
        if empty_scalar(node):
            return None
        end: int = node.end_mark.index
        while end > node.start_mark.index and text[end - 1] in " \t\r\n":
            end -= 1
        return end
    if node.flow_style:
        return int(node.end_mark.index)
    ends: list[int] = []
    if is_node(node, "MappingNode"):
        for key, value in node.value:
            found = content_end(text, value)
            ends.append(found if found is not None else key_colon(text, key) + 1)
    else:
        ends += [e for e in (content_end(text, v) for v in node.value) if e is not None]
    return max(ends) if ends else None


def key_colon(text: str, key: Any) -> int:
    """The index of the ``:`` after a block mapping's key."""
    at = key.end_mark.index
    while at < len(text) and text[at] in " \t":
        at += 1
    if at >= len(text) or text[at] != ":":
        raise Unusual(f"no ':' after the key on line {key.start_mark.line + 1}")
    return int(at)


def locate(body: str, name: str = MEMBERS) -> Layout:
    """Find ``members`` (or another top-level list, ``name``) and its entries in a board file's text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt", pure=True)
    try:
        root = yaml.compose(body)
        tokens = list(yaml.scan(body))
    except YAMLError as error:
        raise Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    if not is_node(root, "MappingNode") or root.flow_style:
        raise Unusual("it is not written as block YAML (key: value lines)")
    top = root.start_mark.column
    pairs = list(root.value)
    for index, (key, value) in enumerate(pairs):
        if is_node(key, "ScalarNode") and key.value == name:
            last = index == len(pairs) - 1
            layout = Layout("empty", top, last=last, style=_style_elsewhere(pairs), name=name)
            # everything up to the next top-level key belongs to the list, whatever node holds it
            _refuse_anchors(
                tokens,
                key.start_mark.index,
                len(body) if last else pairs[index + 1][0].start_mark.index,
                name,
            )
            return _members(body, tokens, key, value, layout)
    return Layout("absent", top, style=_style_elsewhere(pairs), name=name)


def locate_within(body: str, outer: str, index: int, name: str) -> tuple[Layout, Item]:
    """Find the list ``name`` inside entry ``index`` of the top-level list ``outer`` (an action's
    ``updates`` in a recommendation's ``actions``): its layout, one level deeper than
    :func:`locate` reaches, and the entry it is in. The entry must be a block mapping; a list
    absent from it has an ``absent`` layout whose ``top`` is the column of the entry's keys."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    layout = locate(body, outer)
    if layout.kind != "block" or not 0 <= index < len(layout.items):
        raise Unusual(f"its {outer} list is not written as block YAML (- key: value lines)")
    item = layout.items[index]
    if not item.block:
        raise Unusual(f"an entry of its {outer} list is not written as key: value lines")
    try:
        tokens = list(YAML(typ="rt", pure=True).scan(body))
    except YAMLError as error:  # pragma: no cover - locate read it already
        raise Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    pairs = list(item.node.value)
    for at, (key, value) in enumerate(pairs):  # anchors in the outer list are refused already
        if is_node(key, "ScalarNode") and key.value == name:
            inner = Layout("empty", item.keys, last=at == len(pairs) - 1, style=layout.style, name=name)
            return _members(body, tokens, key, value, inner), item
    return Layout("absent", item.keys, style=layout.style, name=name), item


def _members(body: str, tokens: list[Any], key: Any, value: Any, layout: Layout) -> Layout:
    if is_node(value, "ScalarNode"):
        if resolve_plain(value.value) is not None or value.style:
            raise Unusual(f"{layout.name} is not a list")
        return replace(layout, key=key, value=value)
    if not is_node(value, "SequenceNode"):
        raise Unusual(f"{layout.name} is not a list")
    if value.flow_style:
        return replace(layout, kind="flow", key=key, value=value)
    items = _items(body, tokens, value, layout.name)
    style = (items[-1].dash - key.start_mark.column, items[-1].keys - items[-1].dash)
    return replace(layout, kind="block", key=key, value=value, items=items, style=style)


def _refuse_anchors(tokens: list[Any], start: int, end: int, name: str = MEMBERS) -> None:
    """Refuse a list with an anchor (``&name``) or alias (``*name``) anywhere in its text, on
    any node: a key, a scalar, a mapping or list in block or flow style, a tagged node. An edit
    of such a list could change, or be changed by, a value written somewhere else."""
    for token in tokens:
        kind = type(token).__name__
        if kind in ("AnchorToken", "AliasToken") and start <= token.start_mark.index < end:
            raise Unusual(
                f"its {name} list uses YAML anchors (&name) or aliases (*name), "
                "which thp leaves to be edited by hand"
            )


def _items(body: str, tokens: list[Any], sequence: Any, name: str = MEMBERS) -> tuple[Item, ...]:
    column = sequence.start_mark.column
    lo, hi = sequence.start_mark.index, sequence.end_mark.index
    dashes = [
        t.start_mark.index
        for t in tokens
        if type(t).__name__ == "BlockEntryToken"
        and t.start_mark.column == column
        and lo <= t.start_mark.index < hi
    ]
    if len(dashes) != len(sequence.value):
        raise Unusual(f"its {name} list could not be matched up entry by entry")
    items = []
    for dash, node in zip(dashes, sequence.value, strict=True):
        start = line_start(body, dash)
        if body[start:dash].strip(" "):
            raise Unusual("a seat's dash is not the first thing on its line")
        last = content_end(body, node)
        end = line_end(body, last - 1 if last is not None else dash)
        keys = node.start_mark.column if is_node(node, "MappingNode") else column + 2
        items.append(Item(node, start, end, column, keys))
    return tuple(items)


def _style_elsewhere(pairs: list[tuple[Any, Any]]) -> tuple[int, int]:
    """The indentation of the file's other lists of mappings (meetings, sources), for a first seat."""
    for key, value in pairs:
        if is_node(value, "SequenceNode") and not value.flow_style and value.value:
            first = value.value[0]
            block = is_node(first, "MappingNode") and not first.flow_style
            if block and first.start_mark.line == value.start_mark.line:
                return (
                    value.start_mark.column - key.start_mark.column,
                    first.start_mark.column - value.start_mark.column,
                )
    return (2, 2)
