"""Every case folder under tests/cases gives exactly the findings its expected.txt lists.

expected.txt has one finding a line: ``file:line:column severity rule`` and,
optionally after `` | ``, text the message must contain. A valid case's
expected.txt is empty (or absent). Lines starting with # are comments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli.rules.base import REGISTRY
from thp_cli.rules.catalogue import catalogue
from thp_cli.validate import validate

from .conftest import AS_OF, CASES, build_case

catalogue()
ALL = sorted(p for kind in ("valid", "invalid") for p in (CASES / kind).iterdir() if p.is_dir())


def expected(case: Path) -> list[tuple[str, str]]:
    path = case / "expected.txt"
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        where, _, text = line.partition(" | ")
        rows.append((where.strip(), text.strip()))
    return rows


@pytest.mark.parametrize("case", ALL, ids=[f"{p.parent.name}/{p.name}" for p in ALL])
def test_case(case: Path, tmp_path: Path) -> None:
    root = build_case(case, tmp_path / "p")
    result = validate(root, dt.date.fromisoformat(AS_OF))
    got = [f"{f.file}:{f.line}:{f.column} {f.severity.value} {f.rule}" for f in result.findings]
    want = expected(case)
    assert got == [w for w, _ in want], "\n".join(
        f"{f.file}:{f.line}:{f.column} {f.severity.value} {f.rule} | {f.message}" for f in result.findings
    )
    for finding, (_, text) in zip(result.findings, want, strict=True):
        assert text in finding.message, (finding, text)
    assert all(f.rule in REGISTRY for f in result.findings), "every finding's rule is in the catalogue"
    if case.parent.name == "valid":
        assert result.ok()
