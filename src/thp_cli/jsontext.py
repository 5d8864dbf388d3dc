"""JSON text exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, faster.

With ``indent``, the standard library encodes in Python, one small string per
token, and holds them all until it joins them: for a large answer that is
slow and takes several times the memory of the text. Here each list and
object is joined as a whole, its strings escaped by the standard library's
own (C) escaper. Values of any type it does not know (and keys that are not
strings) go to ``json.dumps`` itself, so the text is always the same.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class _UnusualError(Exception):
    """A value the fast path leaves to ``json.dumps``."""


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise _UnusualError  # NaN and infinities: as json.dumps writes them
    return float.__repr__(value)


def _text(value: Any, level: int) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _number(value)
    inner = "\n" + "  " * (level + 1)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        if all(type(item) is str for item in value):
            parts = map(encode_basestring, value)
        else:
            parts = (_text(item, level + 1) for item in value)  # type: ignore[assignment]
        return "[" + inner + ("," + inner).join(parts) + "\n" + "  " * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(type(key) is str for key in value):
            raise _UnusualError
        items = (encode_basestring(key) + ": " + _text(item, level + 1) for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    raise _UnusualError


def dumps(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``: the same text."""
    try:
        return _text(value, 0)
    except (_UnusualError, RecursionError):  # json.dumps says what is wrong with a value it cannot write
        return json.dumps(value, indent=2, ensure_ascii=False)
