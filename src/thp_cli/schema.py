"""JSON Schemas of the data files, for editors, and the modelines that name them.

One schema per kind of file (``partnership``, ``calls_to_action``,
``organisations``, ``people``, ``board``, ``recommendation``), generated from
the pydantic models of model.py, so the schema and ``thp validate`` cannot
drift apart; the help an editor shows on hover is each field's description
on the models. Pydantic writes JSON Schema 2020-12; the YAML language server (and
so VS Code's YAML extension) reads draft 7 and below, so the schemas are
converted to draft 7: ``$defs`` become ``definitions``, a ``$ref`` with other
keys beside it is wrapped in ``allOf``, ``prefixItems`` become ``items``.

Like the models, the schemas refuse unknown keys (``additionalProperties:
false``), and like the models they accept an empty value for an optional
key (``meetings:`` with nothing after it). Checks that need the whole
partnership (an id that names no board, a board's id against its file name)
stay with ``thp validate``.

A data file names its schema in a first-line modeline, relative to the file:
``# yaml-language-server: $schema=../../schemas/board.schema.json``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from . import model as m
from .atomic import write_all
from .errors import Flag, ThpError
from .field_types import RULE_SETTINGS
from .loader import DEFAULT_LIMITS, read_regular
from .text import clean

DRAFT_7 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schemas"
MODELINE_PREFIX = "# yaml-language-server: $schema="
_MODELINE = re.compile(r"#\s*yaml-language-server:.*?\$schema=(\S+)")


# -- schema-only envelopes: the loader checks list items one by one, an editor all at once --
class CallsFile(m.Record):
    calls_to_action: list[m.CallToAction] = Field(description="The plan's calls to action, numbered from 1.")


class OrganisationsFile(m.Record):
    organisations: list[m.Organisation] = Field(description="Every organisation that holds a seat.")


class PeopleFile(m.Record):
    people: list[m.Person] = Field(
        description="Named people. Personal data: name a person only where the partnership chooses to."
    )


@dataclass(frozen=True)
class Kind:
    """A kind of data file: its schema's name, its model, and where its files live."""

    name: str
    model: type[BaseModel]
    title: str
    description: str
    files: str  # a glob under data/

    @property
    def file_name(self) -> str:
        """The schema's file name in the schemas folder: ``board.schema.json``."""
        return f"{self.name}.schema.json"


KINDS: tuple[Kind, ...] = (
    Kind(
        "partnership",
        m.Partnership,
        "thp partnership.yaml",
        "The partnership itself: its name, vision, plan, principles and rule settings "
        "(thp data format v1, data/partnership.yaml).",
        "partnership.yaml",
    ),
    Kind(
        "calls_to_action",
        CallsFile,
        "thp calls_to_action.yaml",
        "The plan's calls to action and their actions (thp data format v1, data/calls_to_action.yaml).",
        "calls_to_action.yaml",
    ),
    Kind(
        "organisations",
        OrganisationsFile,
        "thp organisations.yaml",
        "Every organisation that holds a seat (thp data format v1, data/organisations.yaml).",
        "organisations.yaml",
    ),
    Kind(
        "people",
        PeopleFile,
        "thp people.yaml",
        "Named people (optional; personal data: everything under contact is private) "
        "(thp data format v1, data/people.yaml).",
        "people.yaml",
    ),
    Kind(
        "board",
        m.Board,
        "thp board",
        "One board, group, forum, congress or task-and-finish group "
        "(thp data format v1, data/boards/<board-id>.yaml; id equals the file name).",
        "boards/*.yaml",
    ),
    Kind(
        "recommendation",
        m.Recommendation,
        "thp recommendation",
        "One recommendation of the partnership review and its actions "
        "(thp data format v1, data/recommendations/<rec-id>.yaml; id equals the file name).",
        "recommendations/*.yaml",
    ),
)


# -- generating and converting ------------------------------------------------------
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


_META = ("title", "description", "default")


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
        meta = {k: v for k, v in sub.items() if k in _META}
        body = {k: v for k, v in sub.items() if k not in _META}
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


def _rule_settings() -> dict[str, Any]:
    from .rules import catalogue

    ids = [r.id for r in catalogue() if r.configurable]
    return {
        "type": "object",
        "propertyNames": {"enum": ids},
        "additionalProperties": {"enum": list(RULE_SETTINGS)},
    }


def schema_of(kind: Kind) -> dict[str, Any]:
    """The draft-7 JSON Schema of one kind of file."""
    raw = kind.model.model_json_schema(mode="validation")
    # a definition is named by its model's title: model.Citation is the data format's "Source"
    names = {name: sub.get("title", name) for name, sub in raw.get("$defs", {}).items()}
    definitions = {names[name]: sub for name, sub in raw.pop("$defs", {}).items()}
    if kind.model is m.Partnership:
        rules = raw["properties"]["rules"]
        raw["properties"]["rules"] = {k: v for k, v in rules.items() if k in _META} | _rule_settings()
    document: dict[str, Any] = {
        "$schema": DRAFT_7,
        **{k: v for k, v in raw.items() if k not in ("title", "description")},
        "title": kind.title,
        "description": kind.description,
    }
    if definitions:
        document["definitions"] = definitions
    converted = _walk(document, lambda node: _optional_may_be_empty(_to_draft_7(node, names)))
    return dict(_canonical(converted))


def render(kind: Kind) -> str:
    """The schema as the file holds it: two-space JSON, ending in a newline."""
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"


def kind_named(name: str) -> Kind:
    """The kind of file whose schema is called ``name`` (``board``)."""
    return next(k for k in KINDS if k.name == name)


# -- modelines ------------------------------------------------------------------------
def modeline_target(raw: bytes) -> str | None:
    """The ``$schema=`` of a file's yaml-language-server modeline, if a full-line comment has one."""
    text = raw.decode("utf-8", "replace")
    for line in text.splitlines():
        stripped = line.lstrip("\ufeff \t")
        if stripped.startswith("#") and (match := _MODELINE.match(stripped)):
            return match.group(1)
    return None


def with_modeline(raw: bytes, target: str) -> bytes:
    """``raw`` with a modeline as its first line: the bytes after it are kept exactly,
    a byte-order mark stays first, and the line ends the way the file's do."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    body = raw[len(bom) :]
    first = body.find(b"\n")
    eol = b"\r\n" if first > 0 and body[first - 1 : first] == b"\r" else b"\n"
    return bom + (MODELINE_PREFIX + target).encode("utf-8") + eol + body


def data_files(data: Path) -> Iterator[tuple[Path, Kind]]:
    """Every data file that has a schema, in a stable order; links and folders are skipped."""
    for kind in KINDS:
        for path in sorted(data.glob(kind.files)):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                yield path, kind


def schema_link(path: Path, schemas: Path, kind: Kind) -> str:
    """The path from a data file's folder to its schema, with forward slashes."""
    target = os.path.join(os.path.abspath(schemas), kind.file_name)
    return Path(os.path.relpath(target, os.path.abspath(path.parent))).as_posix()


# -- the command's work ---------------------------------------------------------------
@dataclass
class SchemaRun:
    """What ``thp schema`` did or, with --check, would do."""

    out: str  # the schemas folder, as shown to the user
    check: bool
    written: list[str] = field(default_factory=list)  # written or, with check, out of date
    missing: list[str] = field(default_factory=list)  # with check: not there at all
    current: list[str] = field(default_factory=list)
    modelines: list[str] = field(default_factory=list)  # added or, with check, missing
    foreign: list[tuple[str, str, str]] = field(default_factory=list)  # (file, has, expected)

    @property
    def ok(self) -> bool:
        """With --check: everything is up to date."""
        stale = self.written or self.missing or self.modelines or self.foreign
        return not (self.check and stale)

    def lines(self) -> list[str]:
        """What to tell the user, in plain English."""
        out = []
        if self.check:
            out += [f"{f} is missing" for f in self.missing]
            out += [f"{f} is out of date" for f in self.written]
            out += [f"{f} has no schema modeline" for f in self.modelines]
        else:
            out += [f"wrote {f}" for f in self.written]
            out += [f"{f}: added the schema modeline" for f in self.modelines]
        out += [
            f"{f}: its modeline names {has}, not {expected}; thp leaves it as it is: correct it by hand"
            for f, has, expected in self.foreign
        ]
        total = len(self.written) + len(self.missing) + len(self.current)
        where = self.out.rstrip("/") + "/"
        if not self.ok:
            fix = "thp schema --modelines" if self.modelines else "thp schema"
            out.append(f"not up to date: run {fix} to bring it up to date")
        elif self.check:
            out.append(f"the {total} schemas in {where} are up to date")
        else:
            out.append(
                f"{total} schemas in {where}: {len(self.written)} written, {len(self.current)} unchanged"
            )
        return [clean(line) for line in out]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def run(root: Path, out: Path | None = None, check: bool = False, modelines: bool = False) -> SchemaRun:
    """Write (or, with ``check``, compare) the schemas, and with ``modelines`` the data files' modelines.

    All the files are written or none: the new bytes are all put on disk before any
    file is replaced (:func:`atomic.write_all`), and a folder made for the schemas is
    removed again if writing fails. ThpError says which file or folder, and why.
    """
    from .repository import data_dir

    if out is None or modelines:
        data_dir(root)  # a partnership repository: refuse to litter any other folder
    folder = out if out is not None else root / SCHEMA_FOLDER
    result = SchemaRun(_shown(folder, root), check)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        given: tuple[str | Flag, ...] = (Flag("out"), " ") if out is not None else ()
        raise ThpError(*given, f"{clean(str(folder), 300)} is not a folder")
    writes: dict[Path, bytes] = {}
    for kind in KINDS:
        path = folder / kind.file_name
        fresh = render(kind).encode("utf-8")
        try:
            same = read_regular(path, len(fresh) + 1) == fresh  # a pipe or device is refused, not read
        except OSError:
            if check:
                result.missing.append(_shown(path, root))
                continue
            same = False
        (result.current if same else result.written).append(_shown(path, root))
        if not same:
            writes[path] = fresh
    if modelines:
        writes.update(_modelines(root, folder, result))
    if not check and writes:
        _write_all(folder, writes)
    return result


def _write_all(folder: Path, writes: dict[Path, bytes]) -> None:
    """Make ``folder`` if need be and write every file of ``writes``, or change nothing."""
    absolute = Path(os.path.abspath(folder))
    made = [p for p in (absolute, *absolute.parents) if not os.path.lexists(p)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _remove_empty(made)
        said = error.strerror or error
        raise ThpError(
            f"cannot make the schemas folder {clean(str(folder), 300)}: {said}; nothing was written"
        ) from None
    try:
        write_all(writes)
    except OSError as error:
        _remove_empty(made)
        where = clean(str(error.filename or folder), 300)
        raise ThpError(f"cannot write {where}: {error.strerror or error}; nothing was written") from None
    except BaseException:
        _remove_empty(made)
        raise


def _remove_empty(made: list[Path]) -> None:
    """Remove the folders this run made (``made`` is deepest first) while they are empty."""
    for path in made:
        try:
            path.rmdir()
        except OSError:
            if os.path.lexists(path):  # not empty (or not removable): nor are the folders above it
                return


def _modelines(root: Path, schemas: Path, result: SchemaRun) -> dict[Path, bytes]:
    """The data files that need a modeline, with it added; each is listed on ``result``."""
    from .repository import data_dir

    writes: dict[Path, bytes] = {}
    limit = DEFAULT_LIMITS.max_bytes
    for path, kind in data_files(data_dir(root)):
        try:
            raw = read_regular(path, limit + 1)  # never through a link, never waiting on a pipe
        except OSError as error:
            raise ThpError(f"cannot read {clean(str(path), 300)}: {error.strerror or error}") from None
        if len(raw) > limit:
            raise ThpError(
                f"{clean(str(path), 300)} is larger than the {limit // 1048576} MiB thp reads; "
                "no modeline was added to any file"
            )
        expected = schema_link(path, schemas, kind)
        has = modeline_target(raw)
        shown = _shown(path, root)
        if has is None:
            result.modelines.append(shown)
            writes[path] = with_modeline(raw, expected)
        elif has != expected:
            result.foreign.append((shown, has, expected))
    return writes
