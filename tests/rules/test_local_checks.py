"""Every check the catalogue marks local keeps its promise: what it finds in a record's file
comes from that record alone (and the files that are no record's, and the day), so that a run
may judge again only the records whose files changed (thp_cli.recheck).

Each local check is run on every test partnership as a whole, with no record, and with each
record alone: on the whole, it must find exactly what it finds with no record plus, for each
record, what it finds with that record alone; and alone, a record adds findings only in its
own file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli.dataset.load import load_dataset
from thp_cli.dataset.records import Dataset
from thp_cli.recheck import record_files, view
from thp_cli.rules.base import Context, Rule
from thp_cli.rules.catalogue import catalogue

from ..conftest import AS_OF, BASE, CASES, REPO, build_case
from .millbrook import write

TROUBLE = """\
meetings:
  - date: 2024-01-10
    status: planned
    attendance:
      - {organisation: police, role: Borough Commander, attended: present}
  - date: 2024-02-10
    status: held
    attendance:
      - {organisation: police, role: Borough Comander, attended: present}
      - {organisation: police, role: Borough Commander, attended: present}
      - {organisation: police, role: Borough Commander, attended: absent, substitute: Inspector}
      - {person: person-0002, attended: absent}
  - date: 2024-03-10
    status: held
    attendance: [{organisation: probation, role: Head of Probation, attended: absent}]
  - date: 2024-04-10
    status: held
    attendance: [{organisation: probation, role: Head of Probation, attended: apologies}]
  - date: 2024-05-10
    status: held
    attendance: [{organisation: probation, role: Head of Probation, attended: absent}]
  - {date: 2024-06-10, status: planned}
members:
  - {role: Borough Commander, organisation: police, position: co-chair}
  - {role: Cabinet Member for Safety, organisation: council, position: co-chair, elected_member: true,
     person: person-0001}
  - {role: Head of Probation, organisation: probation, since: 2024-01-01}
  - {role: Youth Worker, organisation: council}
vacancies:
  - {role: Youth Worker, organisation: council, since: 2023-01-01}
  - {role: Clerk, organisation: council, since: 2030-01-01}
"""
"""A Millbrook safety board whose meetings, attendance and vacancies break most of the local
attendance checks, each in its own way."""

CASE_DIRS = [
    BASE,
    *(p for kind in ("invalid", "valid") for p in sorted((CASES / kind).iterdir()) if p.is_dir()),
]
DAYS = (dt.date.fromisoformat(AS_OF), dt.date(2026, 11, 30))
"""The base case's day, and a day two years on: meetings, seats and duties fall due."""


def local_checks() -> list[Rule]:
    return [r for r in catalogue() if r.local]


def breaches(rule: Rule, ds: Dataset, on: dt.date) -> list[str]:
    """How ``rule`` breaks its promise of locality on ``ds`` as of ``on`` (none: it keeps it)."""
    whole = set(rule.findings(Context(ds, on)))
    alone = set(rule.findings(Context(view(ds, set()), on)))
    gathered = set(alone)
    wrong = [f"with no record: {f}" for f in sorted(alone) if f.file in record_files(ds)]
    for file in sorted(record_files(ds)):
        own = set(rule.findings(Context(view(ds, {file}), on)))
        elsewhere = {f for f in own if f.file != file}
        if elsewhere != alone:
            wrong.append(f"{file} alone changes what is found in other files: {elsewhere ^ alone}")
        gathered |= own
    if gathered != whole:
        wrong.append(f"record by record differs from the whole: {gathered ^ whole}")
    return wrong


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_every_local_check_finds_on_the_whole_what_it_finds_on_each_record_alone(
    case: Path, tmp_path: Path
) -> None:
    ds = load_dataset(build_case(case, tmp_path / "p"))
    for on in DAYS:
        for rule in local_checks():
            assert breaches(rule, ds, on) == [], rule.id


def test_every_local_check_judges_the_shipped_partnership_record_by_record() -> None:
    ds = load_dataset(REPO)
    assert len(record_files(ds)) > 10
    for rule in local_checks():
        assert breaches(rule, ds, DAYS[1]) == [], rule.id


def millbrook_in_trouble(root: Path) -> Path:
    """Millbrook with two boards in attendance trouble: the safety board and a copy of it."""
    write(root, TROUBLE)
    boards = root / "data" / "boards"
    copy = (boards / "safety.yaml").read_text().replace("id: safety", "id: safety-two")
    (boards / "safety-two.yaml").write_text(copy.replace("Safety Board", "Second Safety Board"))
    return root


def test_every_local_check_judges_millbrook_in_trouble_record_by_record(tmp_path: Path) -> None:
    ds = load_dataset(millbrook_in_trouble(tmp_path / "m"))
    for on in DAYS:
        for rule in local_checks():
            assert breaches(rule, ds, on) == [], rule.id


def test_the_cases_give_the_local_checks_findings_in_records_to_judge(tmp_path: Path) -> None:
    """The cases above are worth running: between them, most local checks find something in a
    record's file (a check that finds nothing anywhere proves nothing of its locality)."""
    found: set[str] = set()
    roots = [build_case(case, tmp_path / str(n)) for n, case in enumerate(CASE_DIRS)]
    for root in [*roots, REPO, millbrook_in_trouble(tmp_path / "m")]:
        ds = load_dataset(root)
        files = record_files(ds)
        for on in DAYS:
            for rule in local_checks():
                if any(f.file in files for f in rule.findings(Context(ds, on))):
                    found.add(rule.id)
    assert len(found) >= len(local_checks()) * 2 // 3, sorted({r.id for r in local_checks()} - found)


def test_a_check_that_looks_across_records_is_told_from_a_local_one(tmp_path: Path) -> None:
    """The test of locality can fail: the reporting-cycle check (which follows reporting lines
    from board to board, so is not local) breaks it on a partnership with a circle."""
    root = build_case(BASE, tmp_path / "p")
    cycle = next(r for r in catalogue() if r.id == "reporting-cycle")
    assert not cycle.local
    on = DAYS[0]
    assert breaches(cycle, load_dataset(root), on) == []  # no circle: nothing found either way
    exec_yaml = root / "data" / "boards" / "exec.yaml"
    exec_yaml.write_text(exec_yaml.read_text().replace("reports_to: [board]", "reports_to: [health]"))
    circled = load_dataset(root)
    assert any(f.rule == "reporting-cycle" for f in cycle.findings(Context(circled, on)))
    assert breaches(cycle, circled, on) != []
