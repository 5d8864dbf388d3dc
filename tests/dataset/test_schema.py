"""``thp schema``: draft-7 schemas that agree with the models, current on disk, and modelines."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from pydantic import ValidationError
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.schema.kinds import KINDS, Kind, kind_named, render
from thp_cli.schema.modelines import MODELINE_PREFIX, data_files, with_modeline
from thp_cli.yamlio.load import load_file

from ..conftest import REPO

runner = CliRunner()
ENV = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": ""}


def thp(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


def committed(kind: Kind) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "schemas" / kind.file_name).read_text(encoding="utf-8"))
    return data


def validator(kind: Kind) -> Draft7Validator:
    return Draft7Validator(committed(kind), format_checker=Draft7Validator.FORMAT_CHECKER)


def nodes(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair anywhere in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from nodes(item)


# -- the files on disk ---------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_committed_schemas_are_current(kind: Kind) -> None:
    on_disk = (REPO / "schemas" / kind.file_name).read_text(encoding="utf-8")
    assert on_disk == render(kind), "schemas/ is stale: run thp schema"


def test_check_passes_on_this_repository() -> None:
    result = thp("schema", "--root", str(REPO), "--check", "--modelines")
    assert result.exit_code == 0, result.output
    assert result.output == "the 7 schemas in schemas/ are up to date\n"


# -- draft 7 ------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_schemas_are_draft_7(kind: Kind) -> None:
    schema = committed(kind)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    keys = {key for key, _ in nodes(schema)}
    assert not keys & {"$defs", "prefixItems", "$dynamicRef", "unevaluatedProperties", "dependentRequired"}
    for key, value in nodes(schema):
        if key == "$ref":
            assert value.startswith("#/definitions/")
            assert value.removeprefix("#/definitions/") in schema["definitions"]
        if isinstance(value, dict) and "$ref" in value:
            assert list(value) == ["$ref"], "draft 7 ignores keys beside $ref"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_record_refuses_unknown_keys(kind: Kind) -> None:
    schema = committed(kind)
    objects = [schema, *schema.get("definitions", {}).values()]
    for node in objects:
        assert node["additionalProperties"] is False, node.get("title")


# -- the shipped data validates ---------------------------------------------------------
SHIPPED = [(p.relative_to(REPO).as_posix(), k) for p, k in data_files(REPO / "data")]


def test_every_kind_is_shipped_but_people_and_indicators() -> None:
    assert {k.name for _, k in SHIPPED} == {k.name for k in KINDS} - {"people", "indicator"}
    assert len(SHIPPED) == 19


@pytest.mark.parametrize(("file", "kind"), SHIPPED, ids=[f for f, _ in SHIPPED])
def test_shipped_file_validates_against_its_schema(file: str, kind: Kind) -> None:
    loaded = load_file(REPO / file, file)
    assert loaded.findings == [] and loaded.data is not None
    errors = [e.message for e in validator(kind).iter_errors(loaded.data)]
    assert errors == []


@pytest.mark.parametrize(("file", "kind"), SHIPPED, ids=[f for f, _ in SHIPPED])
def test_shipped_file_has_its_modeline_first(file: str, kind: Kind) -> None:
    first = (REPO / file).read_text(encoding="utf-8").splitlines()[0]
    up = "../" * file.count("/")
    assert first == f"# yaml-language-server: $schema={up}schemas/{kind.file_name}"
    assert (REPO / file).parent.joinpath(first.split("=", 1)[1]).resolve().is_file()


# -- the schemas and the models agree --------------------------------------------------
BOARD = {"id": "csp", "name": "Community Safety Partnership", "kind": "thematic-board", "reports_to": ["peg"]}
IND = {"id": "crowding", "title": "Overcrowding", "calls_to_action": [3], "owner": "housing",
       "unit": "percent", "direction": "down", "baseline": {"date": "2021-03", "value": 16.4},
       "target": {"date": "2028-03", "value": 12.0}}  # fmt: skip
CASES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("board", "minimal", BOARD, True),
    ("board", "unknown top key", {**BOARD, "nmae": "x"}, False),
    ("board", "bad kind", {**BOARD, "kind": "thematic"}, False),
    ("board", "bad id", {**BOARD, "id": "Community Safety"}, False),
    ("board", "missing name", {k: v for k, v in BOARD.items() if k != "name"}, False),
    ("board", "unknown seat key", {**BOARD, "members": [{"roel": "Chair"}]}, False),
    ("board", "bad position", {**BOARD, "members": [{"role": "Chair", "position": "boss"}]}, False),
    ("board", "a seat", {**BOARD, "members": [{"role": "Chair", "organisation": "a", "since": "2024-01-01"}]},
     True),
    ("board", "date as a month", {**BOARD, "established": "2024-01"}, False),
    ("board", "month end", {**BOARD, "ends": "2025-03"}, True),
    ("board", "empty optional list", {**BOARD, "meetings": None}, True),
    ("board", "empty required key", {**BOARD, "name": None}, False),
    ("board", "bool as text", {**BOARD, "statutory": "yes"}, False),
    ("board", "action as a number", {**BOARD, "actions": [3.1]}, False),
    ("board", "action as text", {**BOARD, "actions": ["3.1"]}, True),
    ("board", "meeting status", {**BOARD, "meetings": [{"date": "2024-01-15", "status": "done"}]}, False),
    ("calls_to_action", "a call", {"calls_to_action": [{"number": 1, "title": "T"}]}, True),
    ("calls_to_action", "call number 0", {"calls_to_action": [{"number": 0, "title": "T"}]}, False),
    ("calls_to_action", "unknown key", {"calls_to_action": [{"number": 1, "title": "T", "x": 1}]}, False),
    ("organisations", "bad sector", {"organisations": [{"id": "a", "name": "A", "sector": "ngo"}]}, False),
    ("organisations", "one", {"organisations": [{"id": "a", "name": "A", "sector": "vcs"}]}, True),
    ("people", "contact", {"people": [{"id": "p-1", "name": "A", "contact": {"email": "a@b.c"}}]}, True),
    ("people", "unknown contact key", {"people": [{"id": "p", "name": "A", "contact": {"fax": "1"}}]}, False),
    ("partnership", "name only", {"name": "P"}, True),
    ("partnership", "month-day", {"name": "P", "work_programme_due": "06-30"}, True),
    ("partnership", "unknown key", {"name": "P", "vison": "x"}, False),
    ("recommendation", "an action", {"id": "r1", "number": 1, "title": "T",
                                     "actions": [{"number": "ii", "title": "A", "due": "2023-11"}]}, True),
    ("recommendation", "arabic action number", {"id": "r1", "number": 1, "title": "T",
                                                "actions": [{"number": "2", "title": "A"}]}, False),
    ("recommendation", "bad status", {"id": "r1", "number": 1, "title": "T",
                                      "actions": [{"number": "i", "title": "A", "status": "late"}]}, False),
    ("indicator", "minimal", IND, True),
    ("indicator", "with values", {**IND, "milestones": [{"date": "2025-03", "value": 14.5}],
                                  "values": [{"date": "2024-03-31", "value": 15, "note": "n"}]}, True),
    ("indicator", "value as text", {**IND, "values": [{"date": "2024-03", "value": "15.9"}]}, False),
    ("indicator", "value a bool", {**IND, "target": {"date": "2028-03", "value": True}}, False),
    ("indicator", "bad unit", {**IND, "unit": "percentage"}, False),
    ("indicator", "bad direction", {**IND, "direction": "higher"}, False),
    ("indicator", "no owner", {k: v for k, v in IND.items() if k != "owner"}, False),
    ("indicator", "unknown value key", {**IND, "values": [{"date": "2024-03", "value": 1, "nots": "x"}]},
     False),
    ("partnership", "tolerance", {"name": "P", "indicator_tolerance": 0.2}, True),
    ("partnership", "tolerance over 1", {"name": "P", "indicator_tolerance": 10}, False),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "case", "data", "valid"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_schema_and_model_agree(kind: str, case: str, data: dict[str, Any], valid: bool) -> None:
    assert validator(kind_named(kind)).is_valid(data) is valid
    model = kind_named(kind).model
    try:
        model.model_validate(data)
        model_valid = True
    except ValidationError:
        model_valid = False
    assert model_valid is valid


def test_rule_settings_name_real_rules() -> None:
    check = validator(kind_named("partnership"))
    assert check.is_valid({"name": "P", "rules": {"co-chairing": "off"}})
    assert not check.is_valid({"name": "P", "rules": {"co-chairing": "warn"}})
    assert not check.is_valid({"name": "P", "rules": {"co-chiaring": "off"}})
    assert not check.is_valid({"name": "P", "rules": {"yaml-syntax": "off"}})  # cannot be changed


def test_fields_have_descriptions_for_an_editor() -> None:
    board = committed(kind_named("board"))
    assert "top board" in board["properties"]["kind"]["description"]
    assert board["definitions"]["Member"]["properties"]["position"]["description"].startswith("chair,")
    assert "title" not in board["properties"]["short_name"]  # pydantic's "Short Name" is noise


# -- writing, checking and modelines ---------------------------------------------------
def test_writes_schemas_under_root_then_check_passes(partnership: Path) -> None:
    result = thp("schema", "--root", str(partnership))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "7 schemas in schemas/: 7 written, 0 unchanged"
    for kind in KINDS:
        assert (partnership / "schemas" / kind.file_name).read_text(encoding="utf-8") == render(kind)
    again = thp("schema", "--root", str(partnership))
    assert again.output == "7 schemas in schemas/: 0 written, 7 unchanged\n"
    assert thp("schema", "--root", str(partnership), "--check").exit_code == 0


def test_check_exits_1_when_a_schema_is_stale_or_missing(partnership: Path) -> None:
    assert thp("schema", "--root", str(partnership)).exit_code == 0
    board = partnership / "schemas" / "board.schema.json"
    board.write_text(board.read_text().replace('"minLength": 1', '"minLength": 2', 1))
    (partnership / "schemas" / "people.schema.json").unlink()
    before = board.read_bytes()
    result = thp("schema", "--root", str(partnership), "--check")
    assert result.exit_code == 1
    assert result.output == (
        "schemas/people.schema.json is missing\n"
        "schemas/board.schema.json is out of date\n"
        "not up to date: run thp schema to bring it up to date\n"
    )
    assert board.read_bytes() == before and not (partnership / "schemas" / "people.schema.json").exists()


def test_out_writes_elsewhere(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "schemas"
    result = thp("schema", "--root", str(partnership), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(k.file_name for k in KINDS)
    assert not (partnership / "schemas").exists()


def test_out_that_is_a_file_is_refused(partnership: Path) -> None:
    (partnership / "schemas").write_text("")
    result = thp("schema", "--root", str(partnership))
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_modelines_are_inserted_and_nothing_else_changes(partnership: Path) -> None:
    files = {p: p.read_bytes() for p, _ in data_files(partnership / "data")}
    assert thp("schema", "--root", str(partnership), "--check", "--modelines").exit_code == 1
    assert {p: p.read_bytes() for p in files} == files  # --check changes nothing
    result = thp("schema", "--root", str(partnership), "--modelines")
    assert result.exit_code == 0, result.output
    assert "data/boards/safety.yaml: added the schema modeline" in result.output
    for path, kind in data_files(partnership / "data"):
        up = "../" * (len(path.relative_to(partnership / "data").parts))
        line = f"{MODELINE_PREFIX}{up}schemas/{kind.file_name}\n".encode()
        assert path.read_bytes() == line + files[path]
    assert thp("schema", "--root", str(partnership), "--check", "--modelines").exit_code == 0
    validated = thp("validate", "--root", str(partnership), "--format", "json", "--as-of", "2024-09-01")
    assert json.loads(validated.stdout)["errors"] == 0


def test_a_modeline_naming_another_schema_is_reported_and_kept(partnership: Path) -> None:
    path = partnership / "data" / "partnership.yaml"
    path.write_bytes(b"# yaml-language-server: $schema=https://example.org/p.json\n" + path.read_bytes())
    before = path.read_bytes()
    result = thp("schema", "--root", str(partnership), "--modelines")
    assert result.exit_code == 0
    assert (
        "data/partnership.yaml: its modeline names https://example.org/p.json, not "
        "../schemas/partnership.schema.json; thp leaves it as it is: correct it by hand"
    ) in result.output
    assert path.read_bytes() == before
    assert thp("schema", "--root", str(partnership), "--check", "--modelines").exit_code == 1


@pytest.mark.parametrize("args", [[], ["--modelines"], ["--check"]])
def test_a_folder_without_data_is_refused(tmp_path: Path, args: list[str]) -> None:
    result = thp("schema", "--root", str(tmp_path), *args)
    assert result.exit_code == 2
    assert "no 'data' folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_out_needs_no_data_folder(tmp_path: Path) -> None:
    result = thp("schema", "--root", str(tmp_path), "--out", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "s").iterdir())) == 7


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"id: a\r\nname: b\r\n", b"# yaml-language-server: $schema=s.json\r\nid: a\r\nname: b\r\n"),
        (b"\xef\xbb\xbfid: a\n", b"\xef\xbb\xbf# yaml-language-server: $schema=s.json\nid: a\n"),
        (b"id: a", b"# yaml-language-server: $schema=s.json\nid: a"),
        (b"", b"# yaml-language-server: $schema=s.json\n"),
        (b"# a comment\n\nid: a\n", b"# yaml-language-server: $schema=s.json\n# a comment\n\nid: a\n"),
    ],
)
def test_with_modeline_is_insert_only(raw: bytes, expected: bytes) -> None:
    assert with_modeline(raw, "s.json") == expected


def test_command_module_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "import thp_cli.cli.schema\n"
        "print(sorted(m for m in ('pydantic', 'networkx', 'jinja2', 'ruamel.yaml', 'thp_cli.schema') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_modelines_point_at_the_out_folder(partnership: Path) -> None:
    result = thp("schema", "--root", str(partnership), "--out", str(partnership / "editor"), "--modelines")
    assert result.exit_code == 0, result.output
    first = (partnership / "data" / "boards" / "safety.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../editor/board.schema.json"
    assert thp("schema", "--root", str(partnership), "--out", str(partnership / "editor"), "--check",
               "--modelines").exit_code == 0  # fmt: skip


@pytest.mark.parametrize(
    ("case", "changes", "valid"),
    [
        ("a call", {}, True),
        ("an action only", {"calls_to_action": [], "actions": ["3.3"]}, True),
        ("neither", {"calls_to_action": []}, False),
        ("neither key", {"calls_to_action": None}, False),
        ("a percent over 100", {"values": [{"date": "2024-03", "value": 100.5}]}, False),
        ("a percent below 0", {"milestones": [{"date": "2025-03", "value": -1}]}, False),
        ("a percent target over 100", {"target": {"date": "2028-03", "value": 101}}, False),
        ("a count over 100", {"unit": "count", "values": [{"date": "2024-03", "value": 250}]}, True),
    ],
)
def test_the_indicator_schema_checks_what_the_rules_check_as_you_type(
    case: str, changes: dict[str, Any], valid: bool
) -> None:
    """Rules indicator-plan and indicator-range, as far as JSON Schema can say them."""
    data = {k: v for k, v in {**IND, **changes}.items() if v is not None}
    assert validator(kind_named("indicator")).is_valid(data) is valid, case
