"""Values written as YAML text: plain where any reader reads them back as the same text, else quoted.

The writing half of an edit (:mod:`thp_cli.yamlio.splice` puts the text in place):
a scalar, a mapping as block lines, a list entry, or an entry in flow style
(``{role: Chief Executive, organisation: nhs-trust}``). Every value stays on one
line and reads back exactly: what is not printable is written as an escape.
"""

from __future__ import annotations

import re
from typing import Any

from .scalars import resolve_plain

_DATE_FIELDS = ("since", "until", "date", "published")

Data = dict[str, Any]
"""A mapping as loaded: a board file's data, one of its list's entries."""


# -- scalars: plain where YAML reads them back as the same text, else quoted -----------
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_PUNCTUATION = set(" .,'()/&+-_;?!")
_ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?\Z")  # a day, or a month as indicators date values


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
        elif char == "\n":
            out.append("\\n")  # a line break as YAML's own escape, as a reader expects it
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
    if key in _DATE_FIELDS and _ISO_DATE.match(text) and resolve_plain(text) == text:
        return text  # the loader keeps dates as text; written plain, as the data format shows them
    return text if _plain_ok(text) or _plain_link(text) else quoted(text)


# a web address as officers write one, plain: no space (so no " #" comment), no ", [ ] { }"
# (which end a value in flow style), and no ":" at its end (which would make it a key)
_LINK = re.compile(r"https://[A-Za-z0-9\-._~/?#@!$&'()*+;=%:]*[A-Za-z0-9\-._~/?#@!$&'()*+;=%]\Z")


def _plain_link(text: str) -> bool:
    """Whether ``text`` is an https: address that any YAML reader reads back, written plain,
    as the same text (``agenda: https://example.org/agenda``, as the data format shows it)."""
    return bool(_LINK.match(text)) and resolve_plain(text) == text


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


def flow_scalar(value: object, key: str = "") -> str:
    """How one value is written inside ``[...]`` or ``{...}``, where a plain ``,`` or ``:`` would end it."""
    text = scalar(value, key)
    # the C parser ends a plain value in flow style at a ":" too (https://...)
    return quoted(str(value)) if not text.startswith('"') and ("," in text or ":" in text) else text


def flow_mapping(fields: Data) -> str:
    """An entry written in flow style: ``{role: Chief Executive, organisation: nhs-trust}``."""
    return "{" + ", ".join(f"{flow_scalar(k)}: {flow_scalar(v, str(k))}" for k, v in fields.items()) + "}"
