"""Turn pydantic's validation errors into findings an officer can act on.

Each error becomes one finding at the key or value it is about, in words:
what is wrong, what the field takes, and where a fix can be offered, the fix
(a did-you-mean, the id a name should have been, the quotes a value needs).
Values under ``contact:`` are private and never quoted.
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model as m
from ..field_types import SLUG
from ..findings import Finding, Severity
from ..text import closest, did_you_mean, shorten
from ..yamlio.keypath import PRIVATE, SourceMap
from ..yamlio.scalars import describe
from .file_names import free_id
from .names import REFERENCE_NOUNS, REFERENCES, Named, is_slug, slugify

NOUNS: dict[type[BaseModel], str] = {
    m.Partnership: "the partnership",
    m.PartnershipPlan: "the plan",
    m.Principle: "a principle",
    m.CallsFile: "calls_to_action.yaml",
    m.CallToAction: "a call to action",
    m.Action: "an action",
    m.OrganisationsFile: "organisations.yaml",
    m.Organisation: "an organisation",
    m.PeopleFile: "people.yaml",
    m.Person: "a person",
    m.Contact: "contact details",
    m.Board: "a board",
    m.Meeting: "a meeting",
    m.WorkProgramme: "a work programme",
    m.TermsOfReference: "terms of reference",
    m.Member: "a seat (members entry)",
    m.Attendance: "an attendance entry",
    m.Vacancy: "a vacancy",
    m.Update: "an update",
    m.Recommendation: "a recommendation",
    m.RecommendationAction: "a recommendation's action",
    m.ActionUpdate: "an action's update",
    m.Citation: "a source",
}

_PATTERN_HELP = {
    SLUG: "ids are lower-case letters and digits joined by single hyphens",
    r"^[0-9]+\.[0-9]+$": 'action numbers are "<call>.<n>" in quotes, like "3.1"',
    r"^[ivxlc]+$": "action numbers of a recommendation are lower-case roman numerals, like ii",
}

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value pairs)",
    "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)",
    "float_type": "a number",
}


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional, Union, Annotated and list[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _field_annotation(model: type[BaseModel], name: str) -> Any:
    info = model.model_fields.get(name)
    return info.annotation if info else None


def _walk(model: type[BaseModel] | None, loc: Sequence[Hashable]) -> Any:
    """The annotation reached from ``model`` by following ``loc``."""
    current: Any = model
    for part in loc:
        candidates = _unwrap(current)
        nxt = None
        for candidate in candidates:
            if isinstance(part, int) and typing.get_origin(candidate) is list:
                nxt = typing.get_args(candidate)[0]
            elif isinstance(part, str) and typing.get_origin(candidate) is dict:
                nxt = typing.get_args(candidate)[1]
            elif isinstance(part, str) and isinstance(candidate, type) and issubclass(candidate, BaseModel):
                nxt = _field_annotation(candidate, part)
            if nxt is not None:
                break
        if nxt is None:
            return None
        current = nxt
    return current


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _literals(annotation: Any) -> list[str]:
    values: list[str] = []
    for candidate in _unwrap(annotation):
        if typing.get_origin(candidate) is typing.Literal:
            values.extend(str(v) for v in typing.get_args(candidate))
    return values


def _short(text: str) -> str:
    """A key or value as a message shows it: at most 60 characters."""
    return shorten(text, 60)


def _reference_kind(model: type[BaseModel], loc: tuple[Hashable, ...]) -> str | None:
    """What the field at ``loc`` names, if it is a reference (a list's entry counts)."""
    path = loc[:-1] if loc and isinstance(loc[-1], int) else loc
    if not path or not isinstance(path[-1], str):
        return None
    owner = _model_of(_walk(model, path[:-1]))
    return REFERENCES.get((owner, path[-1])) if owner is not None else None


def _data_loc(data: Any, loc: Sequence[Hashable]) -> tuple[Hashable, ...]:
    """Keep the part of pydantic's loc that names places in the data.

    Unions add the name of each member type to ``loc`` ('int', 'str'); they
    are not places in the file, so they go.
    """
    kept: list[Hashable] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            kept.append(part)
            current = current[part]  # type: ignore[call-overload]
        elif isinstance(current, dict) and isinstance(part, str):
            kept.append(part)  # a missing or extra key: still a place
            current = None
        else:
            break
    return tuple(kept)


def _value_at(data: Any, loc: Sequence[Hashable]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def private(path: Iterable[Hashable]) -> bool:
    """Whether ``path`` is at or under a ``contact:`` key."""
    return PRIVATE in path


def _private_message(
    kind: str, loc: tuple[Hashable, ...], model: type[BaseModel], value: Any
) -> tuple[str, str]:
    """What is wrong with a value under ``contact:``, without ever quoting it.

    pydantic's messages (and thp's own, elsewhere) show the value found;
    for contact details that would put a phone number or an e-mail address
    into a CI log, so only the shape of the problem is said, and keys are
    named only when they are the data format's own.
    """
    owner = _model_of(_walk(model, loc[:-1]))
    known = list(owner.model_fields) if owner is not None else []
    last = loc[-1] if loc else None
    if kind == "extra_forbidden":
        hint = did_you_mean(str(last), known) if known else ""
        keys = f"; the keys of contact details are: {', '.join(known)}" if known else ""
        return "unknown-key", f"an unknown key in contact details{hint}{keys}"
    if kind == "missing":
        return "missing-key", f"contact details need the key '{last}'"
    if last == PRIVATE:
        return "wrong-type", "'contact' must be a mapping of email, phone and address (key: value pairs)"
    field = f"'{last}' in contact details" if last in known else "a value in contact details"
    if kind == "string_type" and not isinstance(value, (list, dict)):
        return (
            "wrong-type",
            f'{field} must be text (the value is private, so not shown); put it in quotes: "..."',
        )
    if kind in _EXPECTED:
        return "wrong-type", f"{field} must be {_EXPECTED[kind]} (the value is private, so not shown)"
    return "invalid-value", f"{field} is not allowed (the value is private, so not shown)"


def findings_from(
    error: ValidationError,
    *,
    model: type[BaseModel],
    data: Any,
    file: str,
    source: SourceMap,
    prefix: tuple[Hashable, ...] = (),
    named: list[Named] | None = None,
    taken: frozenset[str] = frozenset(),
) -> list[Finding]:
    """One finding per error pydantic reported for ``data`` validated as ``model``.

    A reference written as a name ('Health and Wellbeing Board' where a
    board's id belongs) is listed in ``named``, when given, so that its hint
    (the id of the board of that name) can be added once every board is
    loaded: see :func:`complete_named`. ``taken`` holds the names of the
    other entries of the file's folder, so that an id offered for a record
    never is another file's name.
    """
    found: dict[tuple[int, int, str], Finding] = {}
    for item in error.errors(include_url=False):
        loc = _data_loc(data, item["loc"])
        kind = item["type"]
        on_key = kind == "extra_forbidden"
        place = loc[:-1] if kind == "missing" else loc
        line, column = source.at(prefix + place, key=on_key)
        if private(prefix + loc):
            rule, message = _private_message(kind, loc, model, _value_at(data, loc))
        else:
            rule, message = _explain(_Error(item, kind, loc, model, data, source, prefix, file, taken))
        key = (line, column, rule)
        if key not in found:
            found[key] = Finding(file, line, column, rule, Severity.ERROR, message)
            target = _reference_kind(model, loc)
            value = _value_at(data, loc)
            if named is not None and target and isinstance(value, str) and not is_slug(value):
                as_list = kind == "list_type"
                if kind == "string_pattern_mismatch" or as_list:
                    named.append(Named(found[key], target, value, as_list))
    return list(found.values())


@dataclass(frozen=True)
class _Error:
    """One error of pydantic's, with what is needed to explain it."""

    item: Any
    kind: str
    loc: tuple[Hashable, ...]
    model: type[BaseModel]
    data: Any
    source: SourceMap
    prefix: tuple[Hashable, ...]
    file: str = ""
    taken: frozenset[str] = frozenset()

    @property
    def name(self) -> str | None:
        """The last key on the way to the error, shortened."""
        names = [part for part in self.loc if isinstance(part, str)]
        return _short(names[-1]) if names else None

    @property
    def field(self) -> str:
        """How the place is named in the message: ``'name'``, an entry of it, or this entry."""
        if self.name is None:
            return "this entry"
        if isinstance(self.loc[-1], int):
            return f"an entry of '{self.name}'"
        return f"'{self.name}'"

    @property
    def value(self) -> Any:
        """The value found there, shortened if text."""
        value = _value_at(self.data, self.loc)
        return _short(value) if isinstance(value, str) else value


_BOUNDS = ("greater_than_equal", "greater_than", "less_than_equal", "less_than")


def _explain(e: _Error) -> tuple[str, str]:
    """The rule and message for one error."""
    kind, field, value, item = e.kind, e.field, e.value, e.item
    if kind == "extra_forbidden":
        return _unknown_key(e)

    if kind == "missing":
        owner = _model_of(_walk(e.model, e.loc[:-1]))
        noun = NOUNS.get(owner, "this record") if owner else "this record"
        return "missing-key", f"{noun} needs the key '{e.name}'"

    annotation = _walk(e.model, e.loc)
    if kind == "invalid_date":
        return "invalid-date", f"{field}: {item['msg']}"
    if kind == "not_one_line":  # model.one_line_problem: a sentence of its own
        return "invalid-value", str(item["msg"])

    if kind == "literal_error":
        allowed = _literals(annotation)
        hint = did_you_mean(str(value), allowed)
        return (
            "invalid-value",
            f"{field} cannot be '{value}'; it is one of: {', '.join(allowed)}{hint}",
        )

    if kind == "string_pattern_mismatch":
        return _pattern_mismatch(e)

    target = _reference_kind(e.model, e.loc)
    if kind == "list_type" and target and isinstance(value, str) and not is_slug(value):
        noun = REFERENCE_NOUNS[target]
        return "wrong-type", f"{field} must be a list of {noun} ids, like [an-id], not the text '{value}'"
    if kind in _EXPECTED:
        return _wrong_type(e, annotation)

    if kind == "string_too_short":
        return "invalid-value", f"{field} must not be empty"
    if kind == "finite_number" or (
        kind in _BOUNDS and isinstance(value, float) and not math.isfinite(value)
    ):  # .nan, .inf or 1e400: no number to compare or chart
        such = ", e.g. 12.5" if kind == "finite_number" else f" ({item['msg'].lower()})"
        return "invalid-value", f"{field} is not a finite number: write a number in figures{such}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return "invalid-value", f"{field}: {item['msg'].lower()}"
    return "invalid-value", f"{field}: {item['msg']}"


def _unknown_key(e: _Error) -> tuple[str, str]:
    """A key the data format does not have: the key it looks like, else the keys there are."""
    name = e.name
    owner = _model_of(_walk(e.model, e.loc[:-1]))
    known = list(owner.model_fields) if owner else []
    noun = NOUNS.get(owner, "this record") if owner else "this record"
    if name == "<<":
        return "unknown-key", "merge keys (<<) are not supported: write the keys out in full"
    present = _value_at(e.data, e.loc[:-1])
    taken = set(present) if isinstance(present, dict) else set()
    near = closest(str(name), known)
    if near is not None and near in taken:  # renaming it would repeat a key
        return (
            "unknown-key",
            f"unknown key '{name}' in {noun}; it looks like '{near}', "
            "which is already set in the same place: remove one of the two",
        )
    hint = did_you_mean(str(name), [k for k in known if k not in taken]) or (
        f"; the keys of {noun} are: {', '.join(known)}" if known else ""
    )
    return "unknown-key", f"unknown key '{name}' in {noun}{hint}"


def _pattern_mismatch(e: _Error) -> tuple[str, str]:
    """A value that does not match its pattern: what the pattern means, and an id where one can be made."""
    field, value = e.field, e.value
    pattern = str(e.item.get("ctx", {}).get("pattern", ""))
    help_text = _PATTERN_HELP.get(pattern, f"it must match {pattern}")
    target = _reference_kind(e.model, e.loc)
    if pattern == SLUG and target is not None:
        # a name where an id belongs: the id of the record of that name is
        # offered once all are loaded (complete_named), never a made-up slug
        noun = REFERENCE_NOUNS[target]
        return (
            "invalid-value",
            f"{field} takes the id of a {noun}, not its name or title, and '{value}' is not an id: "
            f"{help_text}",
        )
    suggestion = ""
    if pattern == SLUG:
        slug = slugify(str(value))
        stem = _record_file_stem(e.model, e.loc, e.prefix, e.file)
        if stem is not None and is_slug(stem):
            suggestion = f"; the file is {stem}.yaml, so set id: {stem}"
        elif is_slug(slug) and slug != value:
            suggestion = _rename_advice(slug, e.taken) if stem is not None else f"; for example '{slug}'"
    return "invalid-value", f"{field} cannot be '{value}': {help_text}{suggestion}"


def _rename_advice(slug: str, taken: frozenset[str]) -> str:
    """The id to give a record and the file name to go with it, never another file's (in ``taken``)."""
    if f"{slug}.yaml" not in taken:
        return f"; for example '{slug}' and rename the file to {slug}.yaml"
    free = free_id(slug, set(taken))
    return (
        f"; '{slug}' is the id of another file ({slug}.yaml), so choose an id of its own, "
        f"for example '{free}', and rename the file to {free}.yaml"
    )


def _wrong_type(e: _Error, annotation: Any) -> tuple[str, str]:
    """A value of the wrong type: what it reads as, and how to write it so it is right."""
    kind, field, value = e.kind, e.field, e.value
    expected = _EXPECTED[kind]
    raw = e.source.raw_text(e.prefix + e.loc)
    if kind == "string_type" and raw is not None and isinstance(value, (int, float, bool)):
        return (
            "wrong-type",
            f'{field} must be text, but unquoted {raw} reads as {describe(value)}; put it in quotes: "{raw}"',
        )
    digits = value.strip() if isinstance(value, str) else ""
    if kind == "int_type" and digits.isascii() and digits.isdigit():  # 0-9 only, not ٢ or ２
        return "wrong-type", f"{field} must be a whole number; write {value.strip()} without quotes"
    if kind == "list_type" and isinstance(value, (str, int, float)):
        item = _list_item(annotation, raw if raw is not None else str(value), value)
        return "wrong-type", f"{field} must be a list" + (f"; write [{item}]" if item else "")
    if kind == "bool_type" and isinstance(value, str):
        return (
            "wrong-type",
            f"{field} must be true or false, not {describe(value)}",
        )
    return "wrong-type", f"{field} must be {expected}, not {describe(value)}"


_RECORD_FOLDERS = {m.Board: "/boards/", m.Recommendation: "/recommendations/"}


def _record_file_stem(
    model: type[BaseModel], loc: tuple[Hashable, ...], prefix: tuple[Hashable, ...], file: str
) -> str | None:
    """The file's name without .yaml, if ``loc`` is the id of a record whose file is named after it."""
    folder = _RECORD_FOLDERS.get(model)
    if folder is None or prefix or loc != ("id",) or folder not in f"/{file}":
        return None
    name = file.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _list_item(annotation: Any, raw: str, value: Any) -> str | None:
    """``value`` written as the entry of a list of ``annotation``, so that it is valid there; or None."""
    items = [typing.get_args(t)[0] for t in _unwrap(annotation) if typing.get_origin(t) is list]
    item = items[0] if items else None
    pattern = None
    if typing.get_origin(item) is typing.Annotated:
        for extra in typing.get_args(item)[1:]:
            for meta in getattr(extra, "metadata", []):
                pattern = getattr(meta, "pattern", None) or pattern
        item = typing.get_args(item)[0]
    if item is not str:
        return raw
    if pattern == SLUG:
        slug = slugify(raw)
        return slug if is_slug(slug) else None
    if pattern is not None and re.fullmatch(pattern, raw) is None:
        return None
    return raw if isinstance(value, str) and is_slug(raw) else _quote(raw)  # a number must stay text


def _quote(text: str) -> str:
    """``text`` in double quotes, as YAML (and JSON) write a string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
