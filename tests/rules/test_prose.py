"""No check that looks across records reads prose, and none places a finding in another file by
a record's lines: so ``thp validate`` may amend its last answer when only a record's prose (and
so its lines) changed (thp_cli.amend).

Each check across records is run on every test partnership with its records' prose reworded
(every free-text field given other words, lists of them other items): it must find exactly
what it finds on the partnership as written. And each record's file, its lines moved down, must
leave what is found in every other file as it was, but for findings that name that file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from thp_cli.dataset.load import load_dataset
from thp_cli.dataset.records import Dataset
from thp_cli.findings import Finding
from thp_cli.model import Board, Update
from thp_cli.prose import _not_prose, plain
from thp_cli.recheck import RECORDS, record_files
from thp_cli.rules.base import Context, Problem, Rule
from thp_cli.rules.catalogue import catalogue
from thp_cli.validate import validate

from ..conftest import REPO, build_case
from .test_local_checks import CASE_DIRS, DAYS, millbrook_in_trouble


def across() -> list[Rule]:
    return [r for r in catalogue() if r.check is not None and not r.local]


def reworded(value: Any) -> Any:
    """``value`` with every prose field in other words, every record within it too."""
    if isinstance(value, list):
        return [reworded(v) for v in value]
    if not isinstance(value, BaseModel):
        return value
    kept = set(_not_prose(type(value)))
    update: dict[str, Any] = {}
    for name in type(value).model_fields:
        now = getattr(value, name)
        if name in kept:
            update[name] = reworded(now)
        elif isinstance(now, list):
            update[name] = [*(f"{v} reworded" for v in now), "One more line of prose."]
        else:
            update[name] = "Other words." if now is None else f"{now}, in other words"
    return value.model_copy(update=update)


def rewording(ds: Dataset) -> Dataset:
    """``ds`` with its records' prose reworded."""
    tables = {
        kind: {k: dataclasses.replace(v, record=reworded(v.record)) for k, v in getattr(ds, kind).items()}
        for kind in RECORDS
    }
    return dataclasses.replace(ds, **tables)


def breaches(check: Any, ds: Dataset, on: dt.date) -> set[Problem]:
    """What ``check`` finds differently once ``ds``'s prose is reworded (nothing: it reads none)."""
    written: Iterable[Problem] = check(Context(ds, on))
    other: Iterable[Problem] = check(Context(rewording(ds), on))
    return set(written) ^ set(other)


def partnerships(tmp_path: Path) -> list[Path]:
    roots = [build_case(case, tmp_path / str(n)) for n, case in enumerate(CASE_DIRS)]
    return [*roots, REPO, millbrook_in_trouble(tmp_path / "m")]


def test_no_check_across_records_reads_prose(tmp_path: Path) -> None:
    for root in partnerships(tmp_path):
        ds = load_dataset(root)
        assert rewording(ds).boards != ds.boards or not ds.boards  # the prose did change
        for on in DAYS:
            for rule in across():
                assert breaches(rule.check, ds, on) == set(), (root.name, rule.id)


def test_a_check_that_reads_prose_is_caught(tmp_path: Path) -> None:
    """The test above can fail: a check that reports boards whose first update has no summary."""

    def summaries(ctx: Context) -> Iterable[Problem]:
        for board in ctx.dataset.boards.values():
            if board.record.updates and not board.record.updates[0].summary:
                yield Problem(board.where.file, 1, 1, "no summary")

    ds = load_dataset(build_case(CASE_DIRS[0], tmp_path / "p"))
    assert any(b.record.updates for b in ds.boards.values())
    assert breaches(summaries, ds, DAYS[0]) != set()


def test_plain_values_leave_out_prose_and_only_prose() -> None:
    board = Board.model_validate(
        {"id": "b", "name": "B", "kind": "subgroup", "reports_to": ["a"], "updates": [{"year": 2024}]}
    )
    assert plain(reworded(board)) == plain(board)
    assert plain(board.model_copy(update={"name": "C"})) != plain(board)
    assert plain(board.model_copy(update={"updates": [Update(year=2025)]})) != plain(board)
    assert plain(board.model_copy(update={"reports_to": []})) != plain(board)


def test_a_records_lines_moved_change_nothing_found_in_other_files_but_what_names_it(
    tmp_path: Path,
) -> None:
    shipped = tmp_path / "shipped"  # a copy: the shipped files are not to be touched
    shutil.copytree(REPO / "data", shipped / "data")
    for root in [shipped, *(p for p in partnerships(tmp_path) if p != REPO)]:
        before = validate(root, DAYS[0]).findings
        for file in sorted(record_files(load_dataset(root))):
            path = root / file
            text = path.read_text()
            path.write_text("# moved\n# down\n" + text)
            try:
                after = validate(root, DAYS[0]).findings
            finally:
                path.write_text(text)

            def elsewhere(findings: list[Finding], file: str = file) -> list[Finding]:
                return [f for f in findings if f.file != file and file not in f.message]

            assert elsewhere(after) == elsewhere(before), (root.name, file)
            assert after != before or not any(f.file == file for f in before)  # its own moved
