"""Each check that looks across records reads of a record only what its ``reads`` says: so
``thp validate`` may amend its last answer after an edit that changes none of it (thp_cli.amend).

Every board and recommendation of the test partnerships is changed, one value at a time (a
word, a date a day on or a year back, a yes for a no, a kind for another, a list entry
dropped or listed twice, a reporting line, a seat's organisation or person moved to
another). Wherever a
check's :meth:`~thp_cli.rules.base.Reads.edit` says the change leaves what it finds as it
was, the check, run again on the partnership so changed, must find exactly that in every
other file, and nothing in the record's own where it found nothing there before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from thp_cli.dataset.load import load_dataset
from thp_cli.dataset.records import Dataset, Located
from thp_cli.findings import Finding
from thp_cli.recheck import RECORDS
from thp_cli.rules.base import Context, Rule, Sketch, of_boards
from thp_cli.rules.catalogue import catalogue

from .test_prose import partnerships

NOT_CHANGED = {"id"}
"""A record's id is never changed here: a change of it is never amended (amend._named)."""


def across() -> list[Rule]:
    return [r for r in catalogue() if r.check is not None and not r.local]


def test_every_check_across_records_says_what_it_reads() -> None:
    assert [r.id for r in across() if r.reads is None] == []


def _literals(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    return [v for arg in typing.get_args(annotation) for v in _literals(arg)]


def _others(value: Any, annotation: Any, seen: dict[str, list[Any]], name: str) -> list[Any]:
    """Other values for a field now ``value``: of its kind, and some seen elsewhere."""
    literals = _literals(annotation)
    if literals:
        return [v for v in literals if v != value]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1]
    if isinstance(value, dt.date) and type(value) is not dt.date:  # a month (YYYY-MM)
        return [type(value)(value.year - 1, value.month)]  # type: ignore[call-arg]
    if isinstance(value, dt.date):
        return [value + dt.timedelta(days=1), value - dt.timedelta(days=400)]
    if isinstance(value, str):
        found = [v for v in seen.get(name, []) if v is not None and v != value][:2]
        return [f"{value} x", value.swapcase(), *found]
    if value is None:
        return [v for v in seen.get(name, []) if v is not None][:2]
    return []


def changes(value: BaseModel, seen: dict[str, list[Any]], top: bool = True) -> Iterator[BaseModel]:
    """``value`` with one value changed, each way in turn (see the module)."""
    for name, info in type(value).model_fields.items():
        if top and name in NOT_CHANGED:
            continue
        now = getattr(value, name)
        if isinstance(now, BaseModel):
            for other in changes(now, seen, False):
                yield value.model_copy(update={name: other})
        elif isinstance(now, list):
            if now:
                yield value.model_copy(update={name: now[1:]})
                yield value.model_copy(update={name: [now[0], *now]})
            for i, item in enumerate(now[:4]):
                others = (
                    changes(item, seen, False)
                    if isinstance(item, BaseModel)
                    else _others(item, None, seen, name)
                )
                for other in others:
                    yield value.model_copy(update={name: [*now[:i], other, *now[i + 1 :]]})
        else:
            for other in _others(now, info.annotation, seen, name):
                yield value.model_copy(update={name: other})


def values_seen(ds: Dataset) -> dict[str, list[Any]]:
    """Every value of each field name in ``ds``'s records, first seen first."""
    seen: dict[str, dict[Any, None]] = {}

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                v = getattr(value, name)
                for item in v if isinstance(v, list) else [v]:
                    if isinstance(item, (str, type(None))):
                        seen.setdefault(name, {})[item] = None
                walk(v)

    for kind in RECORDS:
        for located in getattr(ds, kind).values():
            walk(located.record)
    return {name: list(values) for name, values in seen.items()}


def found(rule: Rule, ds: Dataset, on: dt.date) -> list[Finding]:
    return list(rule.findings(Context(ds, on)))


def breaches(ds: Dataset, on: dt.date, rules: list[Rule], compared: list[str]) -> Iterator[str]:
    """Each change a check's reads call alike though the check finds otherwise after it (each
    check's id in ``compared`` for every change it was tried on)."""
    ctx = Context(ds, on, noting=True)
    before = {rule.id: list(rule.findings(ctx)) for rule in rules}
    notes = dict(ctx.notes)
    seen = values_seen(ds)
    for kind in RECORDS:
        for key, old in getattr(ds, kind).items():
            if not old.complete:
                continue  # never amended: a record must load whole
            for record in changes(old.record, seen):
                new: Located[Any] = dataclasses.replace(old, record=record)
                changed = dataclasses.replace(ds, **{kind: {**getattr(ds, kind), key: new}})
                for rule in rules:
                    assert rule.reads is not None
                    if any(f.file == old.where.file for f in before[rule.id]):
                        continue  # never amended (amend._judged_alone): its findings may move with its lines
                    alike, _ = rule.reads.edit(notes.get(rule.id), Context(changed, on), old, new)
                    if alike:
                        compared.append(rule.id)
                        if found(rule, changed, on) != before[rule.id]:
                            yield f"{rule.id}: {old.where.file}: {_difference(old.record, record)}"


def _difference(old: BaseModel, new: BaseModel) -> str:
    a, b = old.model_dump(), new.model_dump()
    return ", ".join(f"{k}: {a[k]!r} -> {b[k]!r}" for k in a if a[k] != b[k])[:300]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> list[Dataset]:
    return [load_dataset(root) for root in partnerships(tmp_path_factory.mktemp("reads"))]


@pytest.mark.parametrize("day", [dt.date(2024, 6, 30), dt.date(2026, 11, 30)], ids=str)
def test_no_check_finds_otherwise_after_a_change_its_reads_call_alike(
    loaded: list[Dataset], day: dt.date
) -> None:
    rules = across()
    compared: list[str] = []
    wrong = [breach for ds in loaded for breach in breaches(ds, day, rules, compared)]
    assert wrong == []
    tried = Counter(compared)
    assert min(tried[r.id] for r in rules) > 500, tried  # every check tried on many changes


def test_reads_that_leave_out_what_a_check_reads_are_caught(loaded: list[Dataset]) -> None:
    top = next(r for r in across() if r.id == "top-board")
    careless = {
        "top-board": dataclasses.replace(top, reads=of_boards(lambda ctx, b: (b.id, bool(b.reports_to)))),
        "unknown-reference": dataclasses.replace(
            next(r for r in across() if r.id == "unknown-reference"), reads=Sketch(lambda ctx, located: ())
        ),
    }
    for rule_id, rule in careless.items():
        caught = [b for ds in loaded for b in breaches(ds, dt.date(2026, 11, 30), [rule], [])]
        assert caught, rule_id
