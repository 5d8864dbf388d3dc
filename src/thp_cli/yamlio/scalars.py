"""Plain scalars typed the way YAML 1.2's core schema types them, and any value said in words.

Only null, booleans, integers and floats are typed; everything else, dates
included, stays text, so the data model can say exactly what is wrong with
``2024-02-30`` or an unquoted ``3.10``.
"""

from __future__ import annotations

import re
from typing import Any

# YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#1032-tag-resolution
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
MAY_BE_TYPED = frozenset("~nNtTfF0123456789+-.")
"""The first characters of null, booleans and numbers: a plain scalar starting otherwise is text."""
_MAX_DIGITS = 40  # longer "numbers" stay text: nothing in the contract is that big


def resolve_plain(text: str) -> Any:
    """Type a plain (unquoted) scalar the way YAML 1.2's core schema does."""
    if text and text[0] not in MAY_BE_TYPED:
        return text  # most scalars: names, roles, ids
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if len(text) <= _MAX_DIGITS:
        if _INT.match(text):
            return int(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        if _FLOAT.match(text):
            return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def describe(value: Any) -> str:
    """How a value reads to an officer: 'the number 3.1', 'the text "yes"'."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the value {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
