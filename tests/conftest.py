"""Shared helpers: build a partnership folder from the base case plus a case's overlay."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
BASE = CASES / "base"
REPO = TESTS.parent
AS_OF = "2024-09-01"  # the day the base case is written for


def build_case(case: Path, into: Path) -> Path:
    """Copy the base partnership into ``into``, lay the case's files over it,
    and remove the files its ``delete.txt`` names."""
    shutil.copytree(BASE / "data", into / "data")
    if (case / "data").is_dir():
        shutil.copytree(case / "data", into / "data", dirs_exist_ok=True)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text().splitlines():
            if line.strip():
                (into / line.strip()).unlink()
    return into


@pytest.fixture
def partnership(tmp_path: Path) -> Path:
    """A valid partnership to break in a test."""
    return build_case(BASE, tmp_path / "p")


def write_partnership(root: Path, boards: dict[str, dict[str, object]], calls: int = 2) -> Path:
    """A partnership made from a compact description, for tests that need many boards.

    ``boards`` maps a board id to its fields; ``seats`` is a list of
    ``"org/Role"`` strings (organisations are created as needed).
    """
    import json

    data = root / "data"
    (data / "boards").mkdir(parents=True, exist_ok=True)
    (data / "partnership.yaml").write_text("name: Test Partnership\n")
    lines = ["calls_to_action:"]
    for n in range(1, calls + 1):
        lines += [f"  - number: {n}", f"    title: Call {n}", "    actions:"]
        lines += [f'      - number: "{n}.{k}"\n        title: Action {n}.{k}' for k in (1, 2)]
    (data / "calls_to_action.yaml").write_text("\n".join(lines) + "\n")
    orgs: set[str] = set()
    for board_id, fields in boards.items():
        fields = dict(fields)
        seats = fields.pop("seats", [])
        members = []
        for seat in seats:  # type: ignore[attr-defined]
            org, role = seat.split("/", 1)
            orgs.add(org)
            members.append({"role": role, "organisation": org})
        record = {
            "id": board_id,
            "name": fields.pop("name", board_id.title()),
            "kind": fields.pop("kind", "thematic-board"),
            **fields,
        }
        if members:
            record["members"] = members
        # JSON is YAML 1.2: the simplest faithful way to write the record
        (data / "boards" / f"{board_id}.yaml").write_text(
            json.dumps(record, indent=1, ensure_ascii=False) + "\n"
        )
    (data / "organisations.yaml").write_text(
        "organisations:\n"
        + "".join(f"  - id: {o}\n    name: {o.title()}\n    sector: vcs\n" for o in sorted(orgs))
        if orgs
        else "organisations: []\n"
    )
    return root
