"""After an edit, the local checks judge again only the records whose files changed, and what
``thp validate`` finds is, edit after edit, what a run without the cache finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from thp_cli import cache
from thp_cli import recheck as recheck_module
from thp_cli.findings import Result
from thp_cli.validate import validate

from ..conftest import AS_OF, BASE, build_case, copies_of_health, some_wrong

ON = dt.date.fromisoformat(AS_OF)


def judged(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The record files the local checks are given, run by run, from now on."""
    runs: list[set[str]] = []
    real = recheck_module.view

    def seen(ds: object, files: set[str]) -> object:
        runs.append(set(files))
        return real(ds, files)  # type: ignore[arg-type]

    monkeypatch.setattr(recheck_module, "view", seen)
    return runs


def without_cache(root: Path, on: dt.date, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setenv(cache.ENV, "1")
    try:
        return validate(root, on)
    finally:
        monkeypatch.delenv(cache.ENV)


def edit(root: Path, path: str, change: Callable[[str], str]) -> None:
    file = root / path
    before = file.read_text()
    after = change(before)
    assert after != before, path
    file.write_text(after)


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base case with 40 more boards, some of them wrong, and the cache on."""
    monkeypatch.delenv(cache.ENV, raising=False)
    root = build_case(BASE, tmp_path / "p")
    copies_of_health(root, 40, some_wrong)
    return root


def test_an_edit_is_judged_again_alone_and_every_answer_is_the_uncached_one(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many
    runs = judged(monkeypatch)
    first = validate(root, ON)
    assert first == without_cache(root, ON, monkeypatch)
    assert len(runs[0]) > 40  # the first run judges every record
    board = "data/boards/extra-007.yaml"
    steps: list[tuple[str, Callable[[], None], dt.date]] = [
        ("a link made http:", lambda: edit(root, board, _http_agenda), ON),
        ("a seat listed twice", lambda: edit(root, board, _seat_twice), ON),
        ("another board's meeting cancelled", lambda: edit(root, "data/boards/extra-011.yaml", _cancel), ON),
    ]
    for what, change, on in steps:
        change()
        runs.clear()
        changed = validate(root, on)
        assert changed == without_cache(root, on, monkeypatch), what
        assert len(runs[0]) == 1, what  # only the edited record is judged again
    assert validate(root, ON) != first
    assert any(f.rule == "link-scheme" and f.file == board for f in validate(root, ON).findings)


@pytest.mark.parametrize(
    "what",
    [
        "partnership.yaml changed",
        "another day",
        "a board deleted",
        "a board broken",
        "a board with another's id",
        "people.yaml changed",
    ],
)
def test_what_every_record_may_read_judges_them_all_again_and_finds_what_no_cache_finds(
    many: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    root = many
    runs = judged(monkeypatch)
    validate(root, ON)
    on = ON
    if what == "partnership.yaml changed":
        edit(root, "data/partnership.yaml", lambda t: t + "work_programme_due: 06-30\n")
    elif what == "another day":
        on = dt.date(2026, 11, 30)
    elif what == "a board deleted":
        (root / "data/boards/extra-003.yaml").unlink()
    elif what == "a board broken":
        edit(root, "data/boards/extra-004.yaml", lambda t: t + "oops: [\n")
    elif what == "a board with another's id":
        edit(root, "data/boards/extra-005.yaml", lambda t: t.replace("id: extra-005", "id: extra-006"))
    else:
        edit(root, "data/people.yaml", lambda t: t.replace("name:", "name: Dr", 1))
    runs.clear()
    assert validate(root, on) == without_cache(root, on, monkeypatch)
    if what == "a board deleted":
        assert runs == []  # no record changed: nothing judged again, the rest as kept
    elif what == "a board with another's id":
        assert runs and runs[0]  # the edited record at least
    else:
        assert len(runs[0]) > 40, what  # every record judged again


def test_a_damaged_or_foreign_entry_of_the_local_checks_is_ignored(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many
    runs = judged(monkeypatch)
    first = validate(root, ON)
    kept = list((root / cache.FOLDER / "checks").glob("*.pickle"))
    assert len(kept) == 1
    edit(root, "data/boards/extra-008.yaml", _http_agenda)
    blob = kept[0].read_bytes()
    kept[0].write_bytes(blob[: len(blob) // 2])  # truncated
    runs.clear()
    assert validate(root, ON) == without_cache(root, ON, monkeypatch) != first
    assert len(runs[0]) > 40
    store = cache.open_cache(root, "checks")
    assert store is not None
    slot = kept[0].stem
    for foreign in [("not", "ours"), ("key", (1, 2), {}), None, ("key", (), {"data/boards/x.yaml": 3})]:
        store.put(slot, foreign)
        runs.clear()
        assert validate(root, ON) == without_cache(root, ON, monkeypatch)


def test_a_check_that_fails_keeps_nothing(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A local check that fails (a bug in thp) may have stopped part way: what the checks found
    in that run is not kept, and the next run judges every record again."""
    from thp_cli.rules.base import REGISTRY

    root = many
    runs = judged(monkeypatch)
    rule = REGISTRY["duplicate-seat"]
    assert rule.local and rule.check is not None
    real = rule.check

    def failing(ctx: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setitem(REGISTRY, "duplicate-seat", type(rule)(**{**rule.__dict__, "check": failing}))
    broken = validate(root, ON)
    assert any(f.rule == "internal-error" for f in broken.findings)
    monkeypatch.setitem(REGISTRY, "duplicate-seat", type(rule)(**{**rule.__dict__, "check": real}))
    edit(root, "data/boards/extra-011.yaml", _cancel)  # (the same files would give the same answer)
    runs.clear()
    assert validate(root, ON) == without_cache(root, ON, monkeypatch)
    assert len(runs[0]) > 40


def _seat_twice(text: str) -> str:
    """The first seat of a board's members listed twice."""
    head, members, rest = text.partition("members:\n")
    seat = rest.split("\n  - ")[0] if rest.startswith("  - ") else ""
    assert seat, "no block list of members"
    return head + members + seat + "\n" + rest


def _http_agenda(text: str) -> str:
    """The first held meeting given an agenda at an http: link."""
    return text.replace("    status: held\n", "    status: held\n    agenda: http://example.org/agenda\n", 1)


def _cancel(text: str) -> str:
    return text.replace("status: held", "status: cancelled", 1)
