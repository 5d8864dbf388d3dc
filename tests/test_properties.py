"""Property tests: no input makes ``thp validate`` raise anything but findings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thp_cli.findings import Result
from thp_cli.validate import validate

from .conftest import AS_OF, BASE, build_case

ON = dt.date.fromisoformat(AS_OF)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOARD = (BASE / "data" / "boards" / "safety.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield build_case(BASE, Path(folder) / "p")


def check(root: Path, name: str, content: bytes) -> Result:
    target = root / "data" / name
    original = target.read_bytes() if target.exists() else None
    target.write_bytes(content)
    try:
        result = validate(root, ON)
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    assert isinstance(result, Result)
    crashed = [f.message for f in result.findings if f.rule == "internal-error"]
    assert not crashed, f"a rule raised: {crashed}"  # caught and reported, but a bug all the same
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message and "Traceback" not in finding.message
        assert len(finding.message.splitlines()) == 1, finding  # one line, whatever the data holds
    return result


def test_a_rule_that_raises_fails_the_property_check(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thp_cli.rules.base import REGISTRY
    from thp_cli.rules.catalogue import catalogue

    catalogue()

    def broken(ctx: object) -> list[object]:
        raise KeyError("boom")

    monkeypatch.setitem(REGISTRY, "top-board", dataclasses.replace(REGISTRY["top-board"], check=broken))
    with pytest.raises(AssertionError, match="a rule raised"):
        check(root, "boards/safety.yaml", BOARD.encode())


@SETTINGS
@given(text=st.text())
def test_any_text_as_a_board(root: Path, text: str) -> None:
    check(root, "boards/safety.yaml", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary())
def test_any_bytes_as_organisations(root: Path, data: bytes) -> None:
    check(root, "organisations.yaml", data)


@SETTINGS
@given(
    position=st.integers(min_value=0, max_value=len(BOARD)),
    insert=st.sampled_from(
        ["\t", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "---\n", '"', "'", "\n  ", "#", "|"]
    ),
)
def test_a_board_with_one_slip(root: Path, position: int, insert: str) -> None:
    check(root, "boards/safety.yaml", (BOARD[:position] + insert + BOARD[position:]).encode())


yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.dates().map(str),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "kind",
                    "reports_to",
                    "members",
                    "role",
                    "organisation",
                    "since",
                    "until",
                    "meetings",
                    "date",
                    "status",
                    "actions",
                    "calls_to_action",
                    "updates",
                    "year",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@SETTINGS
@given(
    value=st.dictionaries(
        st.sampled_from(
            ["id", "name", "kind", "reports_to", "members", "meetings", "ends", "statutory", "x"]
        ),
        yaml_values,
    )
)
def test_any_structure_as_a_board(root: Path, value: dict[str, object]) -> None:
    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(value, out)
    check(root, "boards/safety.yaml", out.getvalue().encode())


hostile_text = st.text(
    st.characters(codec="utf-8")
    | st.sampled_from(["\u2028", "\u2029", "\u0085", "\u0301", "\u0660", "\uff10", "Σ", "ς", "ক", "\u09cb"]),
    max_size=12,
)


@SETTINGS
@given(
    roles=st.lists(
        st.tuples(st.sampled_from(["", "council", "police"]), hostile_text), min_size=1, max_size=6
    )
)
def test_any_roles_as_seats(root: Path, roles: list[tuple[str, str]]) -> None:
    import json

    record = {
        "id": "safety",
        "name": "Safety",
        "kind": "thematic-board",
        "reports_to": ["exec"],
        "members": [
            {
                "role": role,
                **({"organisation": org} if org else {}),
                **({"person": "p"} if org == "police" else {}),
            }
            for org, role in roles
        ],
    }
    check(root, "boards/safety.yaml", json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass"))
