"""Change a board's seats by editing the text of its file, keeping every other byte.

Officers write these files by hand, with their own comments, quoting, blank
lines, line endings and indentation, and review each change as a diff. So an
edit never re-dumps the file: ruamel.yaml's round-trip composer is used only to
*locate* things (the ``members`` key, each seat, each key of a seat, with
their character offsets), and the edit is a handful of text splices:

* adding a seat appends its lines after the last seat, in the indentation of
  the list it joins (or of the file's other lists), with the file's line
  ending; a blank line between seats is copied too;
* removing a seat deletes its own lines, from its dash to its last value,
  with the comments beside and among them; comment lines above or below it
  stay, since they may be about something else; the blank lines that set it
  apart from the seat before it go with it;
* changing a seat replaces the value of a ``key: value`` line, inserts a
  ``key: value`` line after the key that comes before it in the data format's
  order, or deletes a ``key: value`` line.

A list or a seat written in flow style (``members: [{role: ...}, ...]``) is
edited in place the same way: an entry's text and its comma, a ``key: value``
pair inside its braces; its comments and layout stay. Only an empty ``[]``
becomes a block list when its first seat is added.

All the edits of one command, or of one board in an import, are worked out
from the file as located once and made in one pass (:func:`plan_edits`), so
the work grows with the file and the edits, not with their product.

Adding a seat and removing it again gives back the same bytes, because each
of those steps undoes the other, end of file without a line ending included.
One shape cannot be told apart once a seat is in it, so its round trip is
close rather than exact: removing a board's last seat writes
``members: []``, except where ``members`` is the last key of the file (where
``add`` puts it when a board has none), which goes with its seat.

Every edit is checked before anything is written: the new text is loaded
with thp's own safe loader and must give exactly the data intended; the
whole partnership, with the edited file in place of the old, must not have an
error that it did not have before (errors already there elsewhere do not
block an unrelated edit); and the file must not have changed on disk since it
was read. The files are then replaced all at once or not at all
(:func:`thp_cli.atomic.write_all`).
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .errors import ThpError
from .findings import Finding, Severity
from .loader import DEFAULT_LIMITS, load_text, read_regular, resolve_plain
from .repository import Dataset, DiskSource, Entry, data_dir, load_dataset, load_source
from .text import clean, did_you_mean, quote

MEMBERS = "members"
FIELDS = ("role", "organisation", "position", "elected_member", "person", "since", "until")
"""A seat's keys in the data format's order: new keys go in this order."""
DEFAULTS: dict[str, object] = {"position": "member", "elected_member": False}
NONE = "none"
"""What a ``set`` option that may remove its key says to do so (``--until none``)."""
CLEARABLE = ("person", "since", "until")


class Clear(enum.Enum):
    """A change that removes a key, rather than giving it a value."""

    KEY = "remove the key"


CLEAR = Clear.KEY
_DATE_FIELDS = ("since", "until", "date")
_BOM = b"\xef\xbb\xbf"

Data = dict[str, Any]


# -- scalars: plain where YAML reads them back as the same text, else quoted -----------
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_PUNCTUATION = set(" .,'()/&+-_;?!")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _plain_ok(text: str) -> bool:
    """Whether ``text`` can be written unquoted and read back as the same text by any YAML reader.

    Conservative on purpose: letters, digits, spaces and a little punctuation,
    starting with a letter, and not a word that YAML 1.1 reads as true, false
    or null (``yes``, ``off``); anything else is quoted.
    """
    if not text or text != text.strip() or not text[0].isalpha():
        return False
    if text.lower() in _YAML11_WORDS:
        return False
    for char in text:
        if not (char.isalnum() or char in _PLAIN_PUNCTUATION or _plain_non_ascii(char)):
            return False
    return bool(resolve_plain(text) == text)


def _plain_non_ascii(char: str) -> bool:
    return ord(char) > 127 and char.isprintable() and not char.isspace()


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: ``"`` and ``\\`` escaped, and every
    character that is not printable (line breaks, tabs, format characters) as
    an escape, so the value stays on one line and reads back exactly."""
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
    out.append('"')
    return "".join(out)


def scalar(value: object, key: str = "") -> str:
    """How one value is written: plain where that is safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    text = str(value)
    if key in _DATE_FIELDS and _ISO_DATE.match(text):
        return text  # the loader keeps dates as text; written plain, as the data format shows them
    return text if _plain_ok(text) else quoted(text)


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return "-.inf" if value < 0 else ".inf"
    return repr(value)


def render_block(value: Data, indent: int) -> list[str]:
    """A mapping as block YAML lines (without line endings), its keys at ``indent``."""
    lines: list[str] = []
    pad = " " * indent
    for key, item in value.items():
        name = scalar(key)
        if isinstance(item, dict) and item:
            lines += [f"{pad}{name}:", *render_block(item, indent + 2)]
        elif isinstance(item, list) and item:
            lines += [f"{pad}{name}:", *_render_list(item, indent + 2)]
        else:
            lines.append(f"{pad}{name}: {_inline(item, str(key))}")
    return lines


def _render_list(items: list[Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            inner = render_block(item, indent + 2)
            lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
        elif isinstance(item, list) and item:
            lines += [f"{pad}-", *_render_list(item, indent + 2)]
        else:
            lines.append(f"{pad}- {_inline(item)}")
    return lines


def _inline(value: object, key: str = "") -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value, key)


def item_lines(fields: Data, dash: int, keys: int) -> list[str]:
    """A seat as the lines of one list item: its dash at column ``dash``, its keys at ``keys``."""
    block = render_block(fields, keys)
    gap = " " * max(1, keys - dash - 1)
    return [" " * dash + "-" + gap + block[0][keys:], *block[1:]]


# -- the file as text -------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    """A file's text: its body (without a byte-order mark), whether it had one, its line ending."""

    body: str
    bom: bool = False
    eol: str = "\n"

    @classmethod
    def decode(cls, raw: bytes, file: str) -> Document:
        bom = raw.startswith(_BOM)
        try:
            body = raw[len(_BOM) if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            raise ThpError(f"{file} is not UTF-8; save it as UTF-8 and try again") from None
        if re.search("\r(?!\n)", body):
            raise ThpError(
                f"{file} has line endings thp does not edit (a carriage return on its own); "
                "save it with LF or CRLF line endings"
            )
        first = body.find("\n")
        return cls(body, bom, "\r\n" if first > 0 and body[first - 1] == "\r" else "\n")

    def encode(self, body: str) -> bytes:
        return (_BOM if self.bom else b"") + body.encode("utf-8")


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The index just after the line ending of the line holding ``index`` (or the end of the text)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``new``; inserts at one place keep the order they were made in."""

    start: int
    end: int
    new: str


def apply(text: str, splices: Iterable[Splice]) -> str:
    ordered = sorted(splices, key=lambda s: (s.start, s.end))
    out: list[str] = []
    at = 0
    for splice in ordered:
        if splice.start < at:
            raise _Unusual("two changes overlap")
        out += [text[at : splice.start], splice.new]
        at = splice.end
    out.append(text[at:])
    return "".join(out)


def insert_lines(text: str, at: int, lines: list[str], eol: str) -> Splice:
    """Insert whole lines at ``at``, a line start or the end of the text.

    At the end of a text whose last line has no line ending, the new lines
    go after a new line ending and the last of them gets none, so the file
    keeps ending the way it did.
    """
    if at == len(text) and text and not text.endswith("\n"):
        return Splice(at, at, eol + eol.join(lines))
    return Splice(at, at, "".join(line + eol for line in lines))


def document_end(text: str) -> int:
    """Where a new top-level key goes: the end of the text, or, in a document closed by an end
    marker (``...``), the start of the marker's line, so that the key stays inside the document."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import DocumentEndToken

    try:
        for token in YAML(typ="rt", pure=True).scan(text):
            if isinstance(token, DocumentEndToken):
                return line_start(text, token.start_mark.index)
    except YAMLError as error:
        raise _Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    return len(text)


def delete_lines(text: str, start: int, end: int) -> Splice:
    """Delete the lines from ``start`` (a line start) to ``end`` (a line end), the inverse of
    :func:`insert_lines`: at the end of a text without a final line ending, the line ending
    before ``start`` goes too."""
    if end == len(text) and not text.endswith("\n") and start > 0:
        start -= 2 if text[start - 2 : start] == "\r\n" else 1
    return Splice(start, end, "")


class _Unusual(Exception):  # noqa: N818 - a reason to refuse, caught in this module
    """The file is laid out in a way this module does not edit; the message says how."""


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
        return _is(self.node, "MappingNode") and not self.node.flow_style


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


def _is(node: Any, kind: str) -> bool:
    return type(node).__name__ == kind


def _empty_scalar(node: Any) -> bool:
    return bool(
        _is(node, "ScalarNode")
        and node.value == ""
        and not node.style
        and node.start_mark.index == node.end_mark.index
    )


def content_end(text: str, node: Any) -> int | None:
    """The index just after the last character written for ``node``; None for a value left empty."""
    if _is(node, "ScalarNode"):
        if _empty_scalar(node):
            return None
        end: int = node.end_mark.index
        while end > node.start_mark.index and text[end - 1] in " \t\r\n":
            end -= 1
        return end
    if node.flow_style:
        return int(node.end_mark.index)
    ends: list[int] = []
    if _is(node, "MappingNode"):
        for key, value in node.value:
            found = content_end(text, value)
            ends.append(found if found is not None else _colon(text, key) + 1)
    else:
        ends += [e for e in (content_end(text, v) for v in node.value) if e is not None]
    return max(ends) if ends else None


def _colon(text: str, key: Any) -> int:
    """The index of the ``:`` after a block mapping's key."""
    at = key.end_mark.index
    while at < len(text) and text[at] in " \t":
        at += 1
    if at >= len(text) or text[at] != ":":
        raise _Unusual(f"no ':' after the key on line {key.start_mark.line + 1}")
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
        raise _Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    if not _is(root, "MappingNode") or root.flow_style:
        raise _Unusual("it is not written as block YAML (key: value lines)")
    top = root.start_mark.column
    pairs = list(root.value)
    for index, (key, value) in enumerate(pairs):
        if _is(key, "ScalarNode") and key.value == name:
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


def _members(body: str, tokens: list[Any], key: Any, value: Any, layout: Layout) -> Layout:
    if _is(value, "ScalarNode"):
        if resolve_plain(value.value) is not None or value.style:
            raise _Unusual(f"{layout.name} is not a list")
        return replace(layout, key=key, value=value)
    if not _is(value, "SequenceNode"):
        raise _Unusual(f"{layout.name} is not a list")
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
            raise _Unusual(
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
        raise _Unusual(f"its {name} list could not be matched up entry by entry")
    items = []
    for dash, node in zip(dashes, sequence.value, strict=True):
        start = line_start(body, dash)
        if body[start:dash].strip(" "):
            raise _Unusual("a seat's dash is not the first thing on its line")
        last = content_end(body, node)
        end = line_end(body, last - 1 if last is not None else dash)
        keys = node.start_mark.column if _is(node, "MappingNode") else column + 2
        items.append(Item(node, start, end, column, keys))
    return tuple(items)


def _style_elsewhere(pairs: list[tuple[Any, Any]]) -> tuple[int, int]:
    """The indentation of the file's other lists of mappings (meetings, sources), for a first seat."""
    for key, value in pairs:
        if _is(value, "SequenceNode") and not value.flow_style and value.value:
            first = value.value[0]
            block = _is(first, "MappingNode") and not first.flow_style
            if block and first.start_mark.line == value.start_mark.line:
                return (
                    value.start_mark.column - key.start_mark.column,
                    first.start_mark.column - value.start_mark.column,
                )
    return (2, 2)


# -- planning an edit: new text and the data it must load as ------------------------------
@dataclass(frozen=True)
class Plan:
    """An edit worked out: the file's new text, and the data that text must load as."""

    body: str
    data: Data


def _members_of(data: Data, name: str = MEMBERS) -> list[Any]:
    members = data.get(name)
    return list(members) if isinstance(members, list) else []


def _drop_value(body: str, layout: Layout) -> Splice:
    """Remove what follows ``members:`` on its line (``[]``, ``~``, a flow list): a block list follows."""
    colon = _colon(body, layout.key)
    end = content_end(body, layout.value)
    return Splice(colon + 1, end if end is not None else colon + 1, "")


def to_block(doc: Document, layout: Layout, data: Data) -> tuple[str, Layout]:
    """The text with ``members`` as a block list (or as an empty value, if it has no seats)."""
    if layout.kind not in ("empty", "flow"):
        return doc.body, layout
    body = apply(doc.body, [_drop_value(doc.body, layout)])
    seats = _members_of(data, layout.name)
    if seats:
        dash = layout.key.start_mark.column + layout.style[0]
        keys = dash + layout.style[1]
        lines = [line for seat in seats for line in item_lines(_as_data(seat), dash, keys)]
        at = line_end(body, layout.key.end_mark.index)
        body = apply(body, [insert_lines(body, at, lines, doc.eol)])
    return body, locate(body, layout.name)


def _as_data(seat: Any) -> Data:
    if not isinstance(seat, dict):
        raise _Unusual("a seat in its members list is not a mapping")
    return seat


Changes = dict[str, object]
"""Key -> new value, or :data:`CLEAR` to remove the key."""


@dataclass(frozen=True)
class Edits:
    """Edits to one list (``members``, or ``meetings``) of a file, made in one pass: keys of
    entries changed (by index), entries removed (by index), and entries added at its end."""

    changed: dict[int, Changes] = field(default_factory=dict)
    removed: frozenset[int] = frozenset()
    added: tuple[Data, ...] = ()


def plan_add(doc: Document, layout: Layout, data: Data, seat: Data) -> Plan:
    """Add ``seat`` as the last entry of the list."""
    return plan_edits(doc, layout, data, Edits(added=(seat,)))


def plan_remove(doc: Document, layout: Layout, data: Data, index: int) -> Plan:
    """Remove the entry at ``index`` of the list."""
    return plan_edits(doc, layout, data, Edits(removed=frozenset((index,))))


def plan_set(
    doc: Document, layout: Layout, data: Data, index: int, changes: Changes, order: tuple[str, ...] = FIELDS
) -> Plan:
    """Change keys of the entry at ``index``; ``order`` is the order of the entry's keys, where
    a new key goes (a meeting's are not a seat's)."""
    return plan_edits(doc, layout, data, Edits(changed={index: changes}), order)


def plan_edits(
    doc: Document, layout: Layout, data: Data, edits: Edits, order: tuple[str, ...] = FIELDS
) -> Plan:
    """Every edit of ``edits`` as splices of the text as it was located, applied at once.

    Each splice is worked out from the one ``layout``, so the work grows with the size of
    the file and of the edits, never with their product; the splices of one entry's keys,
    and of neighbouring entries, are made so that they do not overlap (deletions that
    touch are joined). A list written in flow style (``[{...}, ...]``) is edited in place,
    its comments and layout kept; an empty one (``[]``) becomes a block list.
    """
    entries = _members_of(data, layout.name)
    if any(not 0 <= i < len(entries) for i in [*edits.changed, *edits.removed]):
        raise _Unusual("an entry to edit is not in the list")
    body = doc.body
    if layout.kind == "flow" and not layout.value.value and _bare(body, layout.value) and edits.added:
        body, layout = to_block(doc, layout, data)
        doc = replace(doc, body=body)
    new = copy.copy(data)
    kept = [
        _changed(_as_data(entry), edits.changed[i]) if i in edits.changed else entry
        for i, entry in enumerate(entries)
        if i not in edits.removed
    ]
    new[layout.name] = [*kept, *edits.added]
    if layout.kind in ("absent", "empty"):
        return Plan(_add_first(doc, layout, list(edits.added)), new) if edits.added else Plan(body, data)
    if layout.kind == "flow":
        splices = _flow_list_splices(doc, layout, edits, order)
    else:
        splices = _block_list_splices(doc, layout, edits, order)
        if not new[layout.name] and layout.last:
            del new[layout.name]
    return Plan(apply(body, _joined(splices)), new)


def _changed(entry: Data, changes: Changes) -> Data:
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
    return apply(body, [insert_lines(body, line_end(body, _colon(body, layout.key)), lines, doc.eol)])


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
def _block_list_splices(doc: Document, layout: Layout, edits: Edits, order: tuple[str, ...]) -> list[Splice]:
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
        colon = _colon(body, layout.key)
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
    if _is(item.node, "MappingNode") and item.node.flow_style:
        return _flow_mapping_splices(doc.body, item.node, changes, order)
    _as_data_node(item.node)
    return _block_mapping_splices(doc.body, item, changes, doc.eol, order)


def _as_data_node(node: Any) -> None:
    if not _is(node, "MappingNode"):
        raise _Unusual("an entry of its list is not a mapping")


def _block_mapping_splices(
    body: str, item: Item, changes: Changes, eol: str, order: tuple[str, ...]
) -> list[Splice]:
    """Replace, delete or insert the lines of the keys of one block entry, all against its text
    as located: keys removed from the front take the text up to the first key kept (which moves
    up beside the dash); a new key goes after the last kept key before it in ``order``."""
    pairs = [(k, v) for k, v in item.node.value if _is(k, "ScalarNode")]
    if len(pairs) != len(item.node.value):
        raise _Unusual("an entry has a key that is not plain text")
    cleared = {name for name, value in changes.items() if value is CLEAR}
    lead = 0
    while lead < len(pairs) and pairs[lead][0].value in cleared:
        lead += 1
    if lead == len(pairs):
        raise _Unusual("the seat would be left with no keys")
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
    if _empty_scalar(value):
        colon = _colon(body, key)
        return Splice(colon + 1, colon + 1, " " + text)
    end = content_end(body, value)
    return Splice(value.start_mark.index, end if end is not None else value.end_mark.index, text)


def _pair_end(body: str, key: Any, value: Any) -> int:
    end = content_end(body, value)
    return line_end(body, (end if end is not None else _colon(body, key) + 1) - 1)


# -- a flow list, or an entry in flow style: edited in place ------------------------------
def flow_scalar(value: object, key: str = "") -> str:
    """How one value is written inside ``[...]`` or ``{...}``, where a plain ``,`` would end it."""
    text = scalar(value, key)
    return quoted(str(value)) if not text.startswith('"') and "," in text else text


def flow_mapping(fields: Data) -> str:
    """An entry written in flow style: ``{role: Chief Executive, organisation: nhs-trust}``."""
    return "{" + ", ".join(f"{flow_scalar(k)}: {flow_scalar(v, str(k))}" for k, v in fields.items()) + "}"


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


def _flow_list_splices(doc: Document, layout: Layout, edits: Edits, order: tuple[str, ...]) -> list[Splice]:
    body = doc.body
    nodes = list(layout.value.value)
    spans = [_span(body, node) for node in nodes]
    splices: list[Splice] = []
    for index, changes in edits.changed.items():
        if index not in edits.removed:
            node = nodes[index]
            if not (_is(node, "MappingNode") and node.flow_style):
                raise _Unusual("an entry of its flow-style list is not a {key: value} mapping")
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
    if not all(_is(k, "ScalarNode") for k, _ in pairs):
        raise _Unusual("an entry has a key that is not plain text")
    cleared = {name for name, value in changes.items() if value is CLEAR}
    names = [k.value for k, _ in pairs]
    if set(names) <= cleared and not any(v is not CLEAR for v in changes.values()):
        raise _Unusual("the seat would be left with no keys")
    ends = [_span(body, v)[1] if not _empty_scalar(v) else _colon(body, k) + 1 for k, v in pairs]
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


def plan_top_key(doc: Document, data: Data, name: str, value: object, after: tuple[str, ...] = ()) -> Plan:
    """Give the file's top-level key ``name`` the value ``value`` (a scalar): its value is replaced
    where the key is there; else a ``name: value`` line goes after the first key of ``after`` that
    the file has with a single value, or at the end of the file."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    body = doc.body
    try:
        root = YAML(typ="rt", pure=True).compose(body)
    except YAMLError as error:
        raise _Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    if not _is(root, "MappingNode") or root.flow_style:
        raise _Unusual("it is not written as block YAML (key: value lines)")
    new = copy.deepcopy(data)
    new[name] = value
    pairs = [(k, v) for k, v in root.value if _is(k, "ScalarNode")]
    for key, node in pairs:
        if key.value == name:
            if not _is(node, "ScalarNode"):
                raise _Unusual(f"{name} is not a single value")
            return Plan(apply(body, [_replace_value(body, key, node, scalar(value, name))]), new)
    line = " " * root.start_mark.column + f"{name}: {scalar(value, name)}"
    for wanted in after:
        for key, node in pairs:
            if key.value == wanted and _is(node, "ScalarNode"):
                at = _pair_end(body, key, node)
                return Plan(apply(body, [insert_lines(body, at, [line], doc.eol)]), new)
    return Plan(apply(body, [insert_lines(body, document_end(body), [line], doc.eol)]), new)


# -- seats and how they are named ----------------------------------------------------------
@dataclass(frozen=True)
class NewSeat:
    """What ``thp member add`` was given."""

    role: str
    organisation: str
    position: str = "member"
    person: str | None = None
    elected_member: bool = False
    since: str | None = None
    until: str | None = None

    def fields(self) -> Data:
        out: Data = {"role": self.role, "organisation": self.organisation, "position": self.position}
        if self.elected_member:
            out["elected_member"] = True
        for key in ("person", "since", "until"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class Selector:
    """Which seat ``remove`` and ``set`` mean: its person, its role, its organisation, or any
    of them together (a person who holds two seats on a board is told apart by role)."""

    person: str | None = None
    role: str | None = None
    organisation: str | None = None

    def check(self) -> None:
        if self.person is None and self.role is None:
            raise ThpError("name the seat: --person ID, or --role ROLE --organisation ORG")

    def matches(self, seat: Any) -> bool:
        if not isinstance(seat, dict):
            return False
        return all(
            wanted is None or _nfc(str(seat.get(key) or "")) == _nfc(wanted)
            for key, wanted in (
                ("person", self.person),
                ("role", self.role),
                ("organisation", self.organisation),
            )
        )

    def describe(self) -> str:
        if self.person is not None:
            what = f"{self.role} ({self.organisation})" if self.role and self.organisation else self.role
            of = f" of {self.organisation}" if self.organisation and not self.role else ""
            return f"{what}{of}, held by {self.person}" if what else f"held by {self.person}{of}"
        return f"{self.role} ({self.organisation})" if self.organisation else f"{self.role}"

    def apart(self, seats: Sequence[Any]) -> list[str]:
        """The options not given that would tell ``seats`` apart, as ``--role``, ``--organisation``
        and ``--person`` name them."""
        given = {"role": self.role, "organisation": self.organisation, "person": self.person}
        return [
            f"--{key}"
            for key in ("role", "organisation", "person")
            if given[key] is None and len({str(s.get(key) or "") for s in seats if isinstance(s, dict)}) > 1
        ]


def identity(seat: Any) -> tuple[str, ...] | None:
    """A seat's identity: its organisation, role and person, as the duplicate-seat rule has it.
    A person may hold two seats on one board (a different role is a different seat)."""
    if not isinstance(seat, dict):
        return None
    return tuple(_nfc(str(seat.get(key) or "")) for key in ("organisation", "role", "person"))


def terms_overlap(one: Data, other: Data) -> bool:
    """The two seats' terms (since to until; a missing end is open) share a day. A term whose
    dates are not YYYY-MM-DD (the seat has errors) is taken to overlap: thp never guesses."""
    import re

    low, high = "0000-00-00", "9999-99-99"
    bounds = []
    for seat, key, missing in (
        (one, "since", low),
        (other, "until", high),
        (other, "since", low),
        (one, "until", high),
    ):
        value = seat.get(key)
        text = missing if value is None or value == "" else str(value)
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, flags=re.ASCII):
            return True
        bounds.append(text)
    return bounds[0] <= bounds[1] and bounds[2] <= bounds[3]


def _term(seat: Data) -> str:
    """`` from 2023-04-01 to 2023-12-31``, as far as a seat's own dates say; empty without them."""
    since, until = seat.get("since"), seat.get("until")
    return (f" from {since}" if since else "") + (f" to {until}" if until else "")


def post(seat: Any) -> tuple[str, str]:
    """A seat's organisation and role: what stays when the person who holds it changes."""
    if not isinstance(seat, dict):
        return ("", "")
    return (_nfc(str(seat.get("organisation") or "")), _nfc(str(seat.get("role"))))


def _nfc(text: str) -> str:
    """Text as the model compares it: in Unicode's composed form, NFC (see ``model.Record``)."""
    from .model import _nfc as nfc

    return str(nfc(text))


def label(seat: Data, close: str = "") -> str:
    """A seat as a message names it: ``Chief Executive (lbth)``, ``..., held by person-0001``;
    ``close`` ends the aside about its person in the middle of a sentence."""
    text = str(seat.get("role"))
    if seat.get("organisation"):
        text += f" ({seat['organisation']})"
    if seat.get("person"):
        text += f", held by {seat['person']}{close}"
    return clean(text, 300)


# -- checking what the command was given --------------------------------------------------
def check_text(option: str, value: str) -> None:
    """Refuse a role that is empty or not one line of plain text, as the model would."""
    from .model import one_line_problem

    if not value.strip():
        raise ThpError(f"{option} must not be empty")
    why = one_line_problem(value, "a role")
    if why is not None:
        raise ThpError(f"{option}: {why}")


def check_date(option: str, value: str | None, clearable: bool = False) -> str | None:
    """``value`` as the ISO date it must be (``none`` too, where the key may be removed)."""
    if value is None or (clearable and value == NONE):
        return value
    from pydantic_core import PydanticCustomError

    from .model import parse_date

    try:
        return parse_date(value).isoformat()
    except PydanticCustomError as error:
        hint = f", or {NONE} to remove it" if clearable else ""
        raise ThpError(f"{option}: {error.message()}{hint}") from None


def _check_reference(ds: Dataset, kind: str, option: str, value: str | None) -> None:
    if value is None or value == NONE:
        return
    from .model import SLUG

    noun = {"organisations": "organisation in organisations.yaml", "people": "person in people.yaml"}[kind]
    if not re.match(SLUG, value):
        raise ThpError(
            f"{option} {quote(value)} is not an id: ids are lower-case letters and digits joined by hyphens"
        )
    if not ds.exists(kind, value):
        hint = did_you_mean(value, [str(k) for k in getattr(ds, kind)])
        where = noun.rsplit(" ", 1)[-1]
        raise ThpError(f"{option} names '{value}', which is no {noun}{hint or f'; add it to {where} first'}")


# -- a session: read, locate, check, write --------------------------------------------------
@dataclass
class Session:
    """One board file being edited, and the partnership it belongs to."""

    root: Path
    dataset: Dataset
    board: str
    file: str  # relative to the root, forward slashes
    original: bytes
    doc: Document
    data: Data
    layout: Layout = field(init=False)

    def __post_init__(self) -> None:
        try:
            self.layout = locate(self.doc.body)
        except _Unusual as why:
            raise self.unusual(str(why)) from None

    @property
    def named(self) -> str:
        """The board as a message names it: its name, then the id the command was given."""
        located = self.dataset.boards.get(self.board)
        name = located.record.name if located is not None else None
        return clean(f"{name} ({self.board})" if name and name != self.board else self.board, 300)

    @property
    def path(self) -> Path:
        return self.root / self.file

    @property
    def seats(self) -> list[Any]:
        return _members_of(self.data)

    def unusual(self, why: str) -> ThpError:
        return ThpError(
            f"thp cannot edit {self.file} safely: {why}; make this change by hand. Nothing was changed."
        )

    def find(self, selector: Selector) -> int:
        """The index of the one seat ``selector`` names."""
        selector.check()
        found = [i for i, seat in enumerate(self.seats) if selector.matches(seat)]
        if not found:
            raise ThpError(f"{self.board} has no seat {clean(selector.describe())}{self._hint(selector)}")
        if len(found) > 1:
            seats = [self.seats[i] for i in found]
            options = selector.apart(seats)
            which = (
                f"say which with {' or '.join(options)}, or change the file by hand"
                if options
                else "they differ in nothing thp member can name: change the file by hand"
            )
            listed = "".join(f"\n  {label(seat)}" for seat in seats[:10])
            more = f"\n  ... and {len(seats) - 10} more" if len(seats) > 10 else ""
            raise ThpError(
                f"{len(found)} seats on {self.board} are {clean(selector.describe())}; {which}:{listed}{more}"
            )
        return found[0]

    def _hint(self, selector: Selector) -> str:
        if selector.person is not None:
            return did_you_mean(
                selector.person, [str(s.get("person")) for s in self.seats if isinstance(s, dict)]
            )
        roles = [str(s.get("role")) for s in self.seats if isinstance(s, dict)]
        return did_you_mean(str(selector.role), roles)

    def refuse_duplicate(self, seat: Data, skip: int | None = None) -> None:
        """Refuse a seat the board has already for a day of its term (``skip``: the index of the
        seat being changed): the duplicate-seat rule's judgement. The same seat held again in
        another term, each term with its own since and until, is a seat of its own."""
        mine = identity(seat)
        for index, other in enumerate(self.seats):
            if index != skip and identity(other) == mine and terms_overlap(seat, other):
                if skip is None:
                    twins = sum(identity(s) == mine for s in self.seats)
                    how = (
                        f"To change that seat, use {_set_command(self.board, other, self.seats)} "
                        "with what to change"
                        if twins == 1
                        else "To change one of its terms, edit the file by hand"
                    )
                    term = _term(other)
                    if term:  # a seat with no dates holds every day: no other term can be added
                        how += "; to add another term of it, give --since and --until outside this one"
                    raise ThpError(
                        f"{self.board} already has the seat {label(other, ',' if term else '')}{term}; "
                        f"nothing was changed. {how}"
                    )
                raise ThpError(
                    f"{self.board} would then have this seat twice: it is {label(other)}; nothing was changed"
                )

    def commit(self, plan: Plan) -> None:
        """Check the planned text and write it, or refuse and change nothing."""
        new = self.checked(plan)
        self._check_partnership(new)
        self.write(new)

    def checked(self, plan: Plan) -> bytes:
        """The planned text as the file's new bytes, once it reads back as the data intended."""
        self._verify(plan)
        return self.doc.encode(plan.body)

    def _verify(self, plan: Plan) -> None:
        before = load_text(self.file, self.doc.body)
        after = load_text(self.file, plan.body)
        if after.data != plan.data or _new(after.findings, before.findings):
            raise self.unusual("the edited text would not read back as intended")

    def _check_partnership(self, new: bytes) -> None:
        refuse_new_errors(self.root, self.dataset, {self.file: new})

    def write(self, new: bytes) -> None:
        write_files([(self, new)])

    def _unchanged_on_disk(self) -> None:
        try:
            now = read_regular(self.path, DEFAULT_LIMITS.max_bytes + 1)
        except OSError:
            now = None
        if now != self.original:
            raise ThpError(
                f"{self.file} changed on disk while thp was editing it; nothing was changed: "
                "run the command again"
            )


def write_files(edits: list[tuple[Session, bytes]]) -> None:
    """Write each session's file with its new bytes, all of them or none (see
    :func:`thp_cli.atomic.write_all`), once every file is checked to be as it was read;
    ThpError saying truthfully what changed if that cannot be done."""
    from .atomic import WriteFailed, write_all

    if not edits:
        return
    by_path = {session.path: session for session, _ in edits}

    def unchanged() -> None:
        for session, _ in edits:
            session._unchanged_on_disk()

    try:
        write_all({session.path: new for session, new in edits}, before_replace=unchanged)
    except WriteFailed as failed:
        file = by_path[failed.path].file if failed.path in by_path else str(failed.path)
        if not failed.changed:
            raise ThpError(f"cannot write {file}: {failed.reason}; nothing was changed") from None
        stuck = [by_path[p].file for p in failed.changed if p in by_path]
        others = [s.file for s, _ in edits if s.path not in failed.changed]
        rest = f"; {', '.join(others)} {'is' if len(others) == 1 else 'are'} as before" if others else ""
        raise ThpError(
            f"cannot write {file}: {failed.reason}; thp could not put back "
            f"{', '.join(stuck)}, which {'has its' if len(stuck) == 1 else 'have their'} new content{rest}: "
            "check them with git diff"
        ) from None


def _set_command(board: str, seat: Data, seats: Sequence[Any] = ()) -> str:
    """The ``thp member set`` command that names ``seat``, quoted for a shell: by its person,
    with its role (and organisation) too where the person holds another of ``seats``."""
    import shlex

    options = {key: seat.get(key) for key in ("person", "role", "organisation")}
    ways: tuple[tuple[str, ...], ...] = (("person",), ("person", "role"), ("person", "role", "organisation"))
    if not seat.get("person"):
        ways = (("role", "organisation"),)
    for keys in ways:
        chosen = {key: str(options[key] or "") for key in keys}
        if sum(Selector(**chosen).matches(s) for s in seats) <= 1:
            break
    named = [part for key, value in chosen.items() for part in (f"--{key}", value)]
    return clean(shlex.join(["thp", "member", "set", board, *named]), 500)


def _count(n: int) -> str:
    return "an error it does not have now" if n == 1 else f"{n} errors it does not have now"


def _new(
    after: list[Finding], before: list[Finding], relevant: Callable[[Finding], bool] = lambda f: True
) -> list[Finding]:
    """Findings of ``after`` that ``before`` lacks, matched by file, rule and message (lines move)."""

    def key(f: Finding) -> tuple[str, str, str]:
        return (f.file, f.rule, f.message)

    left = Counter(key(f) for f in before if relevant(f))
    out = []
    for finding in after:
        if not relevant(finding):
            continue
        if left[key(finding)] > 0:
            left[key(finding)] -= 1
        else:
            out.append(finding)
    return out


def refuse_new_errors(root: Path, dataset: Dataset, files: dict[str, bytes]) -> None:
    """ThpError if the partnership, with ``files`` (path -> new bytes) in place of the files on
    disk, would have an error that ``dataset`` (as loaded from disk) does not have."""
    from .validate import run_checks

    today = dt.date.today()
    before = run_checks(dataset, today)
    after = run_checks(load_source(root, _Overlay(root, files)), today)
    added = _new(after, before, lambda f: f.severity is Severity.ERROR)
    if added:
        shown = "\n".join(f"  {f.file}:{f.line}:{f.column}  {f.message}  {f.rule}" for f in added[:5])
        more = f"\n  ... and {len(added) - 5} more" if len(added) > 5 else ""
        raise ThpError(
            f"nothing was changed: the change would bring in {_count(len(added))} "
            f"(lines as the file would be):\n{shown}{more}"
        )


class _Overlay:
    """The disk, but with some files' new bytes in place of their old ones (a ``repository.Source``)."""

    def __init__(self, root: Path, files: dict[str, bytes]) -> None:
        self.disk = DiskSource(root)
        self.files = files

    def entry(self, path: str) -> Entry | None:
        new = self.files.get(path)
        return Entry("file", len(new)) if new is not None else self.disk.entry(path)

    def names(self, folder: str) -> list[str]:
        return self.disk.names(folder)

    def read(self, path: str, limit: int) -> bytes:
        new = self.files.get(path)
        return new[:limit] if new is not None else self.disk.read(path, limit)


def open_board(root: Path | str, board: str, dataset: Dataset | None = None) -> Session:
    """Load the partnership (unless ``dataset`` is it, loaded from ``root``) and the board's file,
    ready to edit; ThpError if that cannot be done."""
    root = Path(os.path.abspath(root))
    data_dir(root)
    if dataset is None:
        dataset = load_dataset(root)
    file = _board_file(dataset, board)
    try:
        original = read_regular(root / file, DEFAULT_LIMITS.max_bytes + 1)
    except OSError as error:
        raise ThpError(f"cannot read {file}: {error.strerror or error}") from None
    doc = Document.decode(original, file)
    loaded = load_text(file, doc.body)
    if loaded.data is None or len(original) > DEFAULT_LIMITS.max_bytes:
        raise ThpError(f"{file} cannot be read as a board; run thp validate, fix what it says, and try again")
    return Session(root, dataset, board, file, original, doc, loaded.data)


def _board_file(dataset: Dataset, board: str) -> str:
    located = dataset.boards.get(board)
    if located is not None:
        return located.where.file
    file = f"data/boards/{board}.yaml"
    broken = board in dataset.broken.get("boards", set())
    if broken and re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", board) and os.path.isfile(dataset.root / file):
        return file
    hint = did_you_mean(board, list(dataset.boards))
    raise ThpError(f"there is no board '{clean(board, 100)}'{hint}")


# -- the three edits ------------------------------------------------------------------------
def add_seat(root: Path | str, board: str, seat: NewSeat) -> str:
    """Add a seat to a board; the one line saying what was done."""
    check_text("--role", seat.role)
    seat = replace(seat, since=check_date("--since", seat.since), until=check_date("--until", seat.until))
    session = open_board(root, board)
    _check_reference(session.dataset, "organisations", "--organisation", seat.organisation)
    _check_reference(session.dataset, "people", "--person", seat.person)
    fields = seat.fields()
    session.refuse_duplicate(fields)
    session.commit(_planned(session, lambda: plan_add(session.doc, session.layout, session.data, fields)))
    return f"added the seat {label(fields, ',')} to {session.named} as {seat.position}"


def remove_seat(root: Path | str, board: str, selector: Selector) -> str:
    """Remove one seat from a board; the one line saying what was done."""
    selector.check()
    session = open_board(root, board)
    index = session.find(selector)
    seat = session.seats[index]

    session.commit(_planned(session, lambda: plan_remove(session.doc, session.layout, session.data, index)))
    return f"removed the seat {label(seat, ',')} from {session.named}"


@dataclass(frozen=True)
class SeatChanges:
    """What ``thp member set`` was given; None leaves a key as it is, ``none`` removes it."""

    position: str | None = None
    elected_member: bool | None = None
    since: str | None = None
    until: str | None = None
    role: str | None = None
    organisation: str | None = None
    person: str | None = None

    def wanted(self) -> Changes:
        """The changes asked for: ``none`` removes a key that may be removed, and is text elsewhere."""
        out: Changes = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = CLEAR if value == NONE and name in CLEARABLE else value
        return out


def set_seat(root: Path | str, board: str, selector: Selector, changes: SeatChanges) -> str:
    """Change one seat of a board; the one line saying what was done (or that nothing needed to be)."""
    selector.check()
    changes = _checked(changes)
    session = open_board(root, board)
    _check_reference(session.dataset, "organisations", "--new-organisation", changes.organisation)
    _check_reference(session.dataset, "people", "--new-person", changes.person)
    index = session.find(selector)
    seat = _as_data(session.seats[index])
    wanted = _differences(seat, changes.wanted())
    if not wanted:
        return f"nothing to change: the seat {label(seat, ',')} on {session.named} is already like that"
    changed = dict(seat)
    for key, value in wanted.items():
        if value is CLEAR:
            changed.pop(key, None)
        else:
            changed[key] = value
    session.refuse_duplicate(changed, skip=index)

    session.commit(
        _planned(session, lambda: plan_set(session.doc, session.layout, session.data, index, wanted))
    )
    return f"changed the seat {label(seat, ',')} on {session.named}: {_said(seat, wanted)}"


def _checked(changes: SeatChanges) -> SeatChanges:
    if not changes.wanted():
        raise ThpError(
            "say what to change: --position, --elected-member or --not-elected-member, --since, --until, "
            "--new-role, --new-organisation or --new-person"
        )
    if changes.role is not None:
        check_text("--new-role", changes.role)
    if changes.organisation == NONE:
        raise ThpError("--new-organisation cannot be none: a seat added by thp always names its organisation")
    return replace(
        changes,
        since=check_date("--since", changes.since, clearable=True),
        until=check_date("--until", changes.until, clearable=True),
    )


def _differences(seat: Data, wanted: Changes) -> Changes:
    """The requested changes that change something."""
    out: Changes = {}
    for key, value in wanted.items():
        current = seat.get(key)
        if value is CLEAR:
            if current is not None:
                out[key] = value
        elif (current if current is not None else DEFAULTS.get(key)) != value:
            out[key] = value
    return out


def _said(seat: Data, wanted: Changes) -> str:
    parts = []
    for key, value in wanted.items():
        name = key.replace("_", " ")
        if value is CLEAR:
            parts.append(f"{name} {seat.get(key)} removed")
        elif isinstance(value, bool):
            parts.append(f"{name} {'yes' if value else 'no'}")
        elif key in seat and seat[key] is not None:
            parts.append(f"{name} from {seat[key]} to {value}")
        else:
            parts.append(f"{name} {value}")
    return clean(", ".join(parts), 500)


def _planned(session: Session, make: Callable[[], Plan]) -> Plan:
    try:
        return make()
    except _Unusual as why:
        raise session.unusual(str(why)) from None
