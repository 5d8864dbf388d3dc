"""Pydantic's JSON Schema (2020-12) as the draft 7 that editors read.

Pydantic writes JSON Schema 2020-12; the YAML language server (and so VS
Code's YAML extension) reads draft 7 and below: ``$defs`` become
``definitions``, a ``$ref`` with other keys beside it is wrapped in ``allOf``,
``prefixItems`` become ``items``. An empty value for an optional key is
allowed, as the models allow it, and keys come in one fixed order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _walk(node: Any, visit: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """A copy of ``node`` with ``visit`` applied to every schema object, innermost first."""
    if isinstance(node, list):
        return [_walk(item, visit) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "definitions", "$defs", "patternProperties"):
            out[key] = {name: _walk(sub, visit) for name, sub in value.items()}
        elif key in ("enum", "const", "default", "examples", "required"):
            out[key] = value  # values, not schemas
        else:
            out[key] = _walk(value, visit)
    return visit(out)


def _allows_null(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "null" or (isinstance(schema.get("type"), list) and "null" in schema["type"]):
        return True
    return any(_allows_null(s) for s in schema.get("anyOf", []) if isinstance(s, dict))


META = ("title", "description", "default")


def _to_draft_7(schema: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """One schema object in draft 7's words; ``names`` renames the definitions ``$ref`` points at."""
    if "default" in schema and schema["default"] is None:
        del schema["default"]  # absent and empty are the same; an editor would write "null"
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            schema["$ref"] = f"#/definitions/{names.get(name, name)}"
        if len(schema) > 1:  # draft 7 ignores keys beside $ref
            ref = schema.pop("$ref")
            schema = {"allOf": [{"$ref": ref}], **schema}
    if "prefixItems" in schema:  # a tuple
        rest = schema.pop("items", None)
        schema["items"] = schema.pop("prefixItems")
        schema["additionalItems"] = rest if rest is not None else False
    if isinstance(schema.get("properties"), dict):
        schema["properties"] = {
            name: _drop_field_title(name, sub) for name, sub in schema["properties"].items()
        }
    return schema


def _drop_field_title(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Pydantic titles every field with its own name ("Short Name"): noise in an editor."""
    if schema.get("title", "").replace(" ", "_").lower() == name.lower():
        schema = {k: v for k, v in schema.items() if k != "title"}
    return schema


def _optional_may_be_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """An empty value for an optional key means the key is absent (model.Record)."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return schema
    required = set(schema.get("required", []))
    for name, sub in properties.items():
        if name in required or _allows_null(sub):
            continue
        meta = {k: v for k, v in sub.items() if k in META}
        body = {k: v for k, v in sub.items() if k not in META}
        properties[name] = {**meta, "anyOf": [body, {"type": "null"}]}
    return schema


_ORDER = (
    "$schema", "$id", "title", "description", "type", "enum", "const", "default", "format", "pattern",
    "minLength", "minimum", "maximum", "$ref", "allOf", "anyOf", "oneOf", "items", "additionalItems",
    "properties", "required", "propertyNames", "additionalProperties", "definitions",
)  # fmt: skip


def _canonical(node: Any) -> Any:
    """Keys in one fixed order (property and definition names keep theirs), whatever pydantic's order."""
    if isinstance(node, list):
        return [_canonical(item) for item in node]
    if not isinstance(node, dict):
        return node
    rank = {key: i for i, key in enumerate(_ORDER)}
    out: dict[str, Any] = {}
    for key in sorted(node, key=lambda k: (rank.get(k, len(rank)), k)):
        value = node[key]
        if key == "definitions":
            out[key] = {name: _canonical(value[name]) for name in sorted(value)}
        elif key == "properties":
            out[key] = {name: _canonical(sub) for name, sub in value.items()}
        else:
            out[key] = _canonical(value)
    return out


def draft_7(document: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``document`` converted to draft 7, keys in canonical order; ``names`` renames definitions."""
    converted = _walk(document, lambda node: _optional_may_be_empty(_to_draft_7(node, names)))
    return dict(_canonical(converted))
