"""An edit of a board file worked out as text: the new text, and the data it must load as.

Every change to one list of a file (``members``, or ``meetings``) is worked out
from the file as located once and made in one pass (:func:`edit_list`), so the
work grows with the file and the changes, not with their product:

* adding an entry appends its lines after the last one, in the indentation of
  the list it joins (or of the file's other lists), with the file's line ending;
  a blank line between entries is copied too;
* removing an entry deletes its own lines, from its dash to its last value, with
  the comments beside and among them; comment lines above or below it stay, since
  they may be about something else; the blank lines that set it apart from the
  entry before it go with it;
* changing an entry replaces the value of a ``key: value`` line, inserts a line
  after the key that comes before it in the data format's order, or deletes one.

A list or an entry written in flow style (``members: [{role: ...}, ...]``) is
edited in place the same way; only an empty ``[]`` becomes a block list when its
first entry is added. See :mod:`thp_cli.edit.session` for the checks before writing.
"""

from __future__ import annotations

import copy
import enum
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..yamlio.emit import Data, flow_mapping, flow_scalar, item_lines, scalar
from ..yamlio.locate import MEMBERS, Item, Layout, content_end, empty_scalar, is_node, key_colon, locate
from ..yamlio.splice import (
    Document,
    Splice,
    Unusual,
    apply,
    delete_lines,
    document_end,
    insert_lines,
    line_end,
    line_start,
)

FIELDS = ("role", "organisation", "position", "elected_member", "person", "since", "until")
"""A seat's keys in the data format's order: new keys go in this order."""


class Clear(enum.Enum):
    """A change that removes a key, rather than giving it a value."""

    KEY = "remove the key"


CLEAR = Clear.KEY


@dataclass(frozen=True)
class Edit:
    """An edit worked out: the file's new text, and the data that text must load as."""

    body: str
    data: Data


def list_entries(data: Data, name: str = MEMBERS) -> list[Any]:
    """The entries of the list ``name`` of ``data``; none where it is absent or not a list."""
    members = data.get(name)
    return list(members) if isinstance(members, list) else []


def _drop_value(body: str, layout: Layout) -> Splice:
    """Remove what follows ``members:`` on its line (``[]``, ``~``, a flow list): a block list follows."""
    colon = key_colon(body, layout.key)
    end = content_end(body, layout.value)
    return Splice(colon + 1, end if end is not None else colon + 1, "")


def to_block(doc: Document, layout: Layout, data: Data) -> tuple[str, Layout]:
    """The text with ``members`` as a block list (or as an empty value, if it has no seats)."""
    if layout.kind not in ("empty", "flow"):
        return doc.body, layout
    body = apply(doc.body, [_drop_value(doc.body, layout)])
    seats = list_entries(data, layout.name)
    if seats:
        dash = layout.key.start_mark.column + layout.style[0]
        keys = dash + layout.style[1]
        lines = [line for seat in seats for line in item_lines(as_data(seat), dash, keys)]
        at = line_end(body, layout.key.end_mark.index)
        body = apply(body, [insert_lines(body, at, lines, doc.eol)])
    return body, locate(body, layout.name)


def as_data(seat: Any) -> Data:
    """``seat`` as a mapping; :class:`Unusual` if the list holds something else."""
    if not isinstance(seat, dict):
        raise Unusual("a seat in its members list is not a mapping")
    return seat


Changes = dict[str, object]
"""Key -> new value, or :data:`CLEAR` to remove the key."""


@dataclass(frozen=True)
class ListEdits:
    """ListEdits to one list (``members``, or ``meetings``) of a file, made in one pass: keys of
    entries changed (by index), entries removed (by index), and entries added at its end."""

    changed: dict[int, Changes] = field(default_factory=dict)
    removed: frozenset[int] = frozenset()
    added: tuple[Data, ...] = ()


def add_entry(doc: Document, layout: Layout, data: Data, seat: Data) -> Edit:
    """Add ``seat`` as the last entry of the list."""
    return edit_list(doc, layout, data, ListEdits(added=(seat,)))


def remove_entry(doc: Document, layout: Layout, data: Data, index: int) -> Edit:
    """Remove the entry at ``index`` of the list."""
    return edit_list(doc, layout, data, ListEdits(removed=frozenset((index,))))


def change_entry(
    doc: Document, layout: Layout, data: Data, index: int, changes: Changes, order: tuple[str, ...] = FIELDS
) -> Edit:
    """Change keys of the entry at ``index``; ``order`` is the order of the entry's keys, where
    a new key goes (a meeting's are not a seat's)."""
    return edit_list(doc, layout, data, ListEdits(changed={index: changes}), order)


def edit_list(
    doc: Document, layout: Layout, data: Data, edits: ListEdits, order: tuple[str, ...] = FIELDS
) -> Edit:
    """Every edit of ``edits`` as splices of the text as it was located, applied at once.

    Each splice is worked out from the one ``layout``, so the work grows with the size of
    the file and of the edits, never with their product; the splices of one entry's keys,
    and of neighbouring entries, are made so that they do not overlap (deletions that
    touch are joined). A list written in flow style (``[{...}, ...]``) is edited in place,
    its comments and layout kept; an empty one (``[]``) becomes a block list.
    """
    entries = list_entries(data, layout.name)
    if any(not 0 <= i < len(entries) for i in [*edits.changed, *edits.removed]):
        raise Unusual("an entry to edit is not in the list")
    body = doc.body
    if layout.kind == "flow" and not layout.value.value and _bare(body, layout.value) and edits.added:
        body, layout = to_block(doc, layout, data)
        doc = replace(doc, body=body)
    new = copy.copy(data)
    kept = [
        changed_entry(as_data(entry), edits.changed[i]) if i in edits.changed else entry
        for i, entry in enumerate(entries)
        if i not in edits.removed
    ]
    new[layout.name] = [*kept, *edits.added]
    if layout.kind in ("absent", "empty"):
        return Edit(_add_first(doc, layout, list(edits.added)), new) if edits.added else Edit(body, data)
    if layout.kind == "flow":
        splices = _flow_list_splices(doc, layout, edits, order)
    else:
        splices = _block_list_splices(doc, layout, edits, order)
        if not new[layout.name] and layout.last:
            del new[layout.name]
    return Edit(apply(body, _joined(splices)), new)


def changed_entry(entry: Data, changes: Changes) -> Data:
    """``entry`` with ``changes`` made: a key given a value, or removed."""
    out = dict(entry)
    for key, value in changes.items():
        if value is CLEAR:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _bare(body: str, node: Any) -> bool:
    """Whether a flow list holds nothing, not even a comment: ``[]``, ``[ ]``."""
    return not body[node.start_mark.index + 1 : node.end_mark.index - 1].strip()


def _add_first(doc: Document, layout: Layout, added: list[Data]) -> str:
    """The text with the first entries of a list that is absent, or has an empty value."""
    body = doc.body
    if layout.kind == "absent":
        dash = layout.top + layout.style[0]
        lines = [" " * layout.top + f"{layout.name}:"]
        lines += [line for entry in added for line in item_lines(entry, dash, dash + layout.style[1])]
        return apply(body, [insert_lines(body, document_end(body), lines, doc.eol)])
    dash = layout.key.start_mark.column + layout.style[0]
    lines = [line for entry in added for line in item_lines(entry, dash, dash + layout.style[1])]
    return apply(body, [insert_lines(body, line_end(body, key_colon(body, layout.key)), lines, doc.eol)])


def _joined(splices: list[Splice]) -> list[Splice]:
    """``splices`` with the deletions that overlap or touch made one."""
    out: list[Splice] = []
    for splice in sorted(splices, key=lambda s: (s.start, s.end)):
        last = out[-1] if out else None
        if last is not None and not splice.new and not last.new and splice.start <= last.end:
            out[-1] = Splice(last.start, max(last.end, splice.end), "")
        else:
            out.append(splice)
    return out


# -- a block list -------------------------------------------------------------------------
def _block_list_splices(
    doc: Document, layout: Layout, edits: ListEdits, order: tuple[str, ...]
) -> list[Splice]:
    body, items = doc.body, layout.items
    splices: list[Splice] = []
    for index, changes in edits.changed.items():
        if index not in edits.removed:
            splices += _entry_splices(doc, items[index], changes, order)
    everything = len(edits.removed) == len(items) and not edits.added
    for index in sorted(edits.removed):
        item = items[index]
        start, end = item.start, item.end
        if index > 0 and _blank_gap(body, items[index - 1], item):
            start = items[index - 1].end
        elif index == 0 and len(items) > 1 and _blank_gap(body, item, items[1]):
            end = items[1].start
        if everything and index == 0 and layout.last:
            start = line_start(body, layout.key.start_mark.index)  # members goes with its last seat
        splices.append(delete_lines(body, start, end))
    if everything and not layout.last:
        colon = key_colon(body, layout.key)
        splices.append(Splice(colon + 1, colon + 1, " []"))
    if edits.added:
        last = items[-1]
        blank = _blank_gap(body, items[-2], last) if len(items) >= 2 else 0
        lines: list[str] = []
        for entry in edits.added:
            lines += [""] * blank + item_lines(entry, last.dash, last.keys)
        splices.append(insert_lines(body, last.end, lines, doc.eol))
    return splices


def _blank_gap(body: str, before: Item, after: Item) -> int:
    """How many lines separate two seats, if they are all blank; else 0."""
    gap = body[before.end : after.start]
    return gap.count("\n") if gap and not gap.strip() else 0


def _entry_splices(doc: Document, item: Item, changes: Changes, order: tuple[str, ...]) -> list[Splice]:
    if is_node(item.node, "MappingNode") and item.node.flow_style:
        return _flow_mapping_splices(doc.body, item.node, changes, order)
    _as_data_node(item.node)
    return _block_mapping_splices(doc.body, item, changes, doc.eol, order)


def _as_data_node(node: Any) -> None:
    if not is_node(node, "MappingNode"):
        raise Unusual("an entry of its list is not a mapping")


def _block_mapping_splices(
    body: str, item: Item, changes: Changes, eol: str, order: tuple[str, ...]
) -> list[Splice]:
    """Replace, delete or insert the lines of the keys of one block entry, all against its text
    as located: keys removed from the front take the text up to the first key kept (which moves
    up beside the dash); a new key goes after the last kept key before it in ``order``."""
    pairs = [(k, v) for k, v in item.node.value if is_node(k, "ScalarNode")]
    if len(pairs) != len(item.node.value):
        raise Unusual("an entry has a key that is not plain text")
    cleared = {name for name, value in changes.items() if value is CLEAR}
    lead = 0
    while lead < len(pairs) and pairs[lead][0].value in cleared:
        lead += 1
    if lead == len(pairs):
        raise Unusual("the seat would be left with no keys")
    splices: list[Splice] = []
    if lead:
        splices.append(Splice(pairs[0][0].start_mark.index, pairs[lead][0].start_mark.index, ""))
    present = {key.value: (key, value) for key, value in pairs}
    for name in (f for f in order if f in changes):
        wanted = changes[name]
        if name in present:
            key, value = present[name]
            if wanted is CLEAR:
                if pairs.index((key, value)) >= lead:
                    splices.append(
                        delete_lines(
                            body, line_start(body, key.start_mark.index), _pair_end(body, key, value)
                        )
                    )
            else:
                splices.append(_replace_value(body, key, value, scalar(wanted, name)))
        elif wanted is not CLEAR:
            before = set(order[: order.index(name)]) - cleared
            candidates = [(k, v) for k, v in pairs if k.value in before]
            at = _pair_end(body, *candidates[-1]) if candidates else item.end
            splices.append(insert_lines(body, at, [" " * item.keys + f"{name}: {scalar(wanted, name)}"], eol))
    return splices


def _replace_value(body: str, key: Any, value: Any, text: str) -> Splice:
    if empty_scalar(value):
        colon = key_colon(body, key)
        return Splice(colon + 1, colon + 1, " " + text)
    end = content_end(body, value)
    return Splice(value.start_mark.index, end if end is not None else value.end_mark.index, text)


def _pair_end(body: str, key: Any, value: Any) -> int:
    end = content_end(body, value)
    return line_end(body, (end if end is not None else key_colon(body, key) + 1) - 1)


def _span(body: str, node: Any) -> tuple[int, int]:
    end = content_end(body, node)
    return node.start_mark.index, end if end is not None else node.end_mark.index


_AFTER_ENTRY = re.compile(r"[ \t]*,?[ \t]*(#[^\n]*)?\r?\n?\Z")


def _own_lines(body: str, start: int, end: int) -> bool:
    """Whether an entry of a flow list has its lines to itself: nothing before it on its first
    line, and after it only its comma and a comment."""
    close = line_end(body, end)
    return not body[line_start(body, start) : start].strip() and bool(_AFTER_ENTRY.match(body[end:close]))


def _line_goes(body: str, start: int, end: int, last: bool) -> bool:
    """Whether removing the flow list's entry from ``start`` to ``end`` takes its whole lines: it
    has them to itself, with the one comma that separates it (before it, as in ``, {...}``, or
    after it), or none where it is the last entry."""
    before = body[line_start(body, start) : start].strip()
    match = _AFTER_ENTRY.match(body[end : line_end(body, end)])
    if match is None or before not in ("", ","):
        return False
    trailing = "," in body[end : line_end(body, end)].split("#")[0]
    return (before == "," and not trailing) or (before == "" and (trailing or last))


def _flow_list_splices(
    doc: Document, layout: Layout, edits: ListEdits, order: tuple[str, ...]
) -> list[Splice]:
    body = doc.body
    nodes = list(layout.value.value)
    spans = [_span(body, node) for node in nodes]
    splices: list[Splice] = []
    for index, changes in edits.changed.items():
        if index not in edits.removed:
            node = nodes[index]
            if not (is_node(node, "MappingNode") and node.flow_style):
                raise Unusual("an entry of its flow-style list is not a {key: value} mapping")
            splices += _flow_mapping_splices(body, node, changes, order)
    for index in sorted(edits.removed):
        start, end = spans[index]
        last = index + 1 == len(spans)
        if _line_goes(body, start, end, last):
            splices.append(Splice(line_start(body, start), line_end(body, end), ""))
        elif not last:
            splices.append(Splice(start, spans[index + 1][0], ""))
        elif index > 0 and "#" not in body[spans[index - 1][1] : start]:
            splices.append(Splice(spans[index - 1][1], end, ""))
        else:
            comma = body.find(",", end, layout.value.end_mark.index - 1)
            splices.append(Splice(start, comma + 1 if comma >= 0 else end, ""))
    if edits.added:  # after the last entry that stays
        kept = [span for index, span in enumerate(spans) if index not in edits.removed]
        splices.append(_flow_add(doc, layout, kept, list(edits.added)))
    return splices


def _flow_add(doc: Document, layout: Layout, spans: list[tuple[int, int]], added: list[Data]) -> Splice:
    body = doc.body
    written = [flow_mapping(entry) for entry in added]
    if not spans:
        return Splice(
            layout.value.start_mark.index + 1, layout.value.start_mark.index + 1, ", ".join(written)
        )
    start, end = spans[-1]
    if not _own_lines(body, start, end):
        return Splice(end, end, "".join(", " + text for text in written))
    close = line_end(body, end)
    trailing = body[end:close].lstrip(" \t").startswith(",")
    indent = body[line_start(body, start) : start]
    lines = [
        indent + text + ("," if n < len(written) - 1 or trailing else "") for n, text in enumerate(written)
    ]
    if trailing:
        return insert_lines(body, close, lines, doc.eol)
    # the last entry gets its comma, the new ones go on lines of their own after it
    return _comma_then_lines(body, end, close, lines, doc.eol)


def _comma_then_lines(body: str, end: int, close: int, lines: list[str], eol: str) -> Splice:
    """A comma after the entry ending at ``end``, and ``lines`` after its line (which ends at ``close``):
    one splice, from ``end`` to ``close``, that keeps the text between them."""
    middle = body[end:close]
    if not middle.endswith("\n"):
        middle += eol
    return Splice(end, close, "," + middle + "".join(line + eol for line in lines))


def _flow_mapping_splices(body: str, node: Any, changes: Changes, order: tuple[str, ...]) -> list[Splice]:
    """Replace, delete or insert ``key: value`` pairs of an entry written as ``{...}``, in place."""
    pairs = list(node.value)
    if not all(is_node(k, "ScalarNode") for k, _ in pairs):
        raise Unusual("an entry has a key that is not plain text")
    cleared = {name for name, value in changes.items() if value is CLEAR}
    names = [k.value for k, _ in pairs]
    if set(names) <= cleared and not any(v is not CLEAR for v in changes.values()):
        raise Unusual("the seat would be left with no keys")
    ends = [_span(body, v)[1] if not empty_scalar(v) else key_colon(body, k) + 1 for k, v in pairs]
    splices: list[Splice] = []
    for name in (f for f in order if f in changes):
        wanted = changes[name]
        if name in names:
            at = names.index(name)
            key, value = pairs[at]
            if wanted is not CLEAR:
                splices.append(_replace_value(body, key, value, flow_scalar(wanted, name)))
            elif at + 1 < len(pairs):
                splices.append(Splice(key.start_mark.index, pairs[at + 1][0].start_mark.index, ""))
            elif at > 0:
                splices.append(Splice(ends[at - 1], ends[at], ""))
            else:
                splices.append(Splice(key.start_mark.index, ends[at], ""))
        elif wanted is not CLEAR:
            before = set(order[: order.index(name)]) - cleared
            kept = [i for i, n in enumerate(names) if n in before]
            text = f"{name}: {flow_scalar(wanted, name)}"
            if kept:
                splices.append(Splice(ends[kept[-1]], ends[kept[-1]], ", " + text))
            elif pairs:
                first = pairs[0][0].start_mark.index
                splices.append(Splice(first, first, text + ", "))
            else:
                splices.append(Splice(node.start_mark.index + 1, node.start_mark.index + 1, text))
    return splices


def block_root(body: str) -> Any:
    """The node of the file's top-level mapping, composed afresh from ``body``; :class:`Unusual`
    where ruamel.yaml cannot read it or it is not written as block ``key: value`` lines."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        root = YAML(typ="rt", pure=True).compose(body)
    except YAMLError as error:
        raise Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    if not is_node(root, "MappingNode") or root.flow_style:
        raise Unusual("it is not written as block YAML (key: value lines)")
    return root


def set_top_key(doc: Document, data: Data, name: str, value: object, after: tuple[str, ...] = ()) -> Edit:
    """Give the file's top-level key ``name`` the value ``value`` (a scalar): its value is replaced
    where the key is there; else a ``name: value`` line goes after the first key of ``after`` that
    the file has with a single value, or at the end of the file."""
    body = doc.body
    root = block_root(body)
    new = copy.deepcopy(data)
    new[name] = value
    pairs = [(k, v) for k, v in root.value if is_node(k, "ScalarNode")]
    for key, node in pairs:
        if key.value == name:
            if not is_node(node, "ScalarNode"):
                raise Unusual(f"{name} is not a single value")
            return Edit(apply(body, [_replace_value(body, key, node, scalar(value, name))]), new)
    line = " " * root.start_mark.column + f"{name}: {scalar(value, name)}"
    for wanted in after:
        for key, node in pairs:
            if key.value == wanted and is_node(node, "ScalarNode"):
                at = _pair_end(body, key, node)
                return Edit(apply(body, [insert_lines(body, at, [line], doc.eol)]), new)
    return Edit(apply(body, [insert_lines(body, document_end(body), [line], doc.eol)]), new)
