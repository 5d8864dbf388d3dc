"""JSON text exactly as ``json.dumps(value, indent=2, ensure_ascii=...)`` writes it, faster.

With ``indent``, the standard library encodes in Python, one small string per
token, and holds them all until it joins them: for a large answer that is
slow and takes several times the memory of the text. Here each list and
object is joined as a whole, its strings escaped by the standard library's
own (C) escaper. Values of any type it does not know (and keys that are not
strings) go to ``json.dumps`` itself, so the text is always the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any


class _UnusualError(Exception):
    """A value the fast path leaves to ``json.dumps``."""


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise _UnusualError  # NaN and infinities: as json.dumps writes them
    return float.__repr__(value)


def _text(value: Any, level: int, encode: Callable[[str], str]) -> str:
    if isinstance(value, str):
        return encode(value)
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
            parts = map(encode, value)
        else:
            parts = (_text(item, level + 1, encode) for item in value)  # type: ignore[assignment]
        return "[" + inner + ("," + inner).join(parts) + "\n" + "  " * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(type(key) is str for key in value):
            raise _UnusualError
        items = (encode(key) + ": " + _text(item, level + 1, encode) for key, item in value.items())
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    raise _UnusualError


def dumps(value: Any, ensure_ascii: bool = False) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=ensure_ascii)``: the same text."""
    encode = encode_basestring_ascii if ensure_ascii else encode_basestring
    try:
        return _text(value, 0, encode)
    except (_UnusualError, RecursionError):  # json.dumps says what is wrong with a value it cannot write
        return json.dumps(value, indent=2, ensure_ascii=ensure_ascii)
