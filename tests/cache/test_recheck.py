"""After an edit, the local checks judge again only the records whose files changed, and what
``thp validate`` finds is, edit after edit, what a run without the cache finds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from thp_cli import amend as amend_module
from thp_cli import cache
from thp_cli import recheck as recheck_module
from thp_cli.findings import Result
from thp_cli.validate import validate

from ..conftest import AS_OF, BASE, build_case, copies_of_health, some_wrong

ON = dt.date.fromisoformat(AS_OF)


def judged(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The record files the local checks are given, run by run, from now on (no answer amended:
    these tests are of the local checks judged again, which a run that does not amend does)."""
    monkeypatch.setattr(amend_module, "amender", lambda *args: lambda *more: None)
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


def test_a_check_that_fails_on_one_changed_record_says_what_it_says_without_the_cache(
    many: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a local check found before it failed part way is what it finds without the cache:
    the findings it kept for the other records are not added to a half-done run."""
    from thp_cli.rules.base import REGISTRY

    root = many
    later = dt.date(2026, 11, 30)  # every board is quiet by then: the check finds each of them
    validate(root, later)  # everything kept, for that day
    rule = REGISTRY["no-recent-meeting"]
    assert rule.local and rule.check is not None
    real = rule.check

    def failing_at_extra_020(ctx: Any) -> Iterator[Any]:
        for found in real(ctx):
            if found.file.endswith("extra-020.yaml"):
                raise RuntimeError("boom")
            yield found

    monkeypatch.setitem(REGISTRY, rule.id, type(rule)(**{**rule.__dict__, "check": failing_at_extra_020}))
    edit(root, "data/boards/extra-020.yaml", lambda t: t.replace("name: ", "name: Renamed ", 1))
    failed = validate(root, later)
    assert any(f.rule == "internal-error" for f in failed.findings)
    assert failed == without_cache(root, later, monkeypatch)


def test_a_site_built_for_a_past_day_leaves_validate_its_own_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site (and the report) check the partnership as it stood on a day, its later meetings
    and updates left out: what the checks find in those records is not kept for validate."""
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    monkeypatch.delenv(cache.ENV, raising=False)
    root = build_case(BASE, tmp_path / "p")
    edit(
        root,
        "data/boards/health.yaml",
        lambda t: t.replace(
            "meetings:\n",
            "meetings:\n" + "  - date: 2025-01-10\n    status: planned\n" * 2,
            1,
        ),
    )
    built = CliRunner().invoke(
        app, ["site", "build", "--root", str(root), "--as-of", AS_OF, "--out", str(tmp_path / "site")]
    )
    assert built.exit_code in (0, 1), built.output
    found = validate(root, ON)
    assert found == without_cache(root, ON, monkeypatch)
    assert any(f.rule == "duplicate-meeting" for f in found.findings)


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


EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("an http: agenda", _http_agenda),
    ("a meeting cancelled", _cancel),
    ("a meeting held again", lambda t: t.replace("status: cancelled", "status: held", 1)),
    ("a meeting still planned", lambda t: t.replace("status: held", "status: planned", 1)),
    ("broken", lambda t: t + "oops: [\n"),
    ("mended", lambda t: t.replace("oops: [\n", "")),
    ("a subgroup", lambda t: t.replace("kind: thematic-board", "kind: subgroup", 1)),
    ("a kind that is none", lambda t: t.replace("kind: subgroup", "kind: thematic", 1)),
    (
        "closed or open",
        lambda t: t.replace("status: closed\n", "") if "status: closed" in t else "status: closed\n" + t,
    ),
    (
        "a seat twice",
        lambda t: t.replace(
            "members:\n", "members:\n  - role: Chief Executive\n    organisation: nhs-trust\n", 1
        ),
    ),
    ("reporting elsewhere", lambda t: t.replace("reports_to: [exec]", "reports_to: [health]", 1)),
    ("renamed", lambda t: t.replace("name: ", "name: Renamed ", 1)),
]
"""Edits of one board's file (some change nothing in a given board: that is a step too)."""


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_day_after_day_find_what_no_cache_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Edit after edit (boards changed, broken and mended, given another's id, deleted and put
    back; people, organisations and partnership.yaml changed; the day judged moved), each run
    with the cache finds what a run without it finds."""
    import random

    from ..rules.test_local_checks import TROUBLE

    monkeypatch.delenv(cache.ENV, raising=False)
    rng = random.Random(seed)
    root = build_case(BASE, tmp_path / "p")
    copies_of_health(root, 12, some_wrong)
    boards = root / "data" / "boards"
    head = "id: trouble\nname: Trouble Board\nkind: thematic-board\nreports_to: [exec]\n"
    (boards / "trouble.yaml").write_text(
        head + TROUBLE.replace("police", "council").replace("probation", "council")
    )
    days = [ON, dt.date(2025, 12, 31), dt.date(2026, 11, 30)]
    put_aside: dict[str, str] = {}
    runs = judged(monkeypatch)
    on = ON
    for step in range(40):
        board = rng.choice(sorted(boards.glob("*.yaml")))
        what = rng.choice(["board"] * 6 + ["id", "delete", "restore", "shared", "day"])
        if what == "board":
            _, change = rng.choice(EDITS)
            board.write_text(change(board.read_text()))
        elif what == "id":
            other = rng.choice(sorted(boards.glob("*.yaml"))).stem
            text = board.read_text()
            board.write_text(text.replace(f"id: {board.stem}\n", f"id: {other}\n", 1))
        elif what == "delete" and len(put_aside) < 4:
            put_aside[board.name] = board.read_text()
            board.unlink()
        elif what == "restore" and put_aside:
            name = rng.choice(sorted(put_aside))
            (boards / name).write_text(put_aside.pop(name))
        elif what == "shared":
            shared = root / "data" / rng.choice(["people.yaml", "organisations.yaml", "partnership.yaml"])
            shared.write_text(shared.read_text().replace("name: ", "name: X", 1))
        else:
            on = rng.choice(days)
        assert validate(root, on) == without_cache(root, on, monkeypatch), f"step {step}: {what}"
    assert any(len(files) == 1 for files in runs)  # runs that judged one record again
