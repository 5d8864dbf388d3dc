"""When a record's file changed in nothing the checks across records read of it (its prose, a
seat's role spelt as nowhere else ...), ``thp validate`` amends its last answer: it reads and
judges that one record again, and what it finds is what a run without the cache finds.
Anything more changed, or anything that could make the rest of the answer wrong, and the run
works everything out."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from thp_cli import cache
from thp_cli.dataset import load as loader
from thp_cli.validate import validate

from ..conftest import AS_OF
from .test_recheck import without_cache

ON = dt.date.fromisoformat(AS_OF)
BOARD = "data/boards/extra-007.yaml"


def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The boards' and recommendations' files whose records are validated (built) from now on."""
    seen: list[str] = []
    real = loader.validate_record

    def counted(cls: Any, data: Any, loaded: Any, *args: Any, **kwargs: Any) -> Any:
        if loaded.file.startswith(("data/boards/", "data/recommendations/")):
            seen.append(loaded.file)
        return real(cls, data, loaded, *args, **kwargs)

    monkeypatch.setattr(loader, "validate_record", counted)
    return seen


def reword(root: Path, path: str, summary: str, purpose: int = 0) -> None:
    """Give the board at ``path`` a yearly update's ``summary`` and ``purpose`` lines of purpose
    (each line more moves everything below it down a line)."""
    file = root / path
    text = re.sub(r"\n    summary: .*", "", file.read_text())
    text = text.replace("  - year: 2023\n", f"  - year: 2023\n    summary: {summary}\n")
    text = re.sub(r"purpose:\n(  - .*\n)*", "", text)
    if purpose:
        lines = "".join(f"  - Aim {n}.\n" for n in range(purpose))
        text = text.replace("reports_to:", f"purpose:\n{lines}reports_to:", 1)
    file.write_text(text)


@pytest.fixture
def amendable(many: Path) -> Path:
    """:func:`many` (the cache on), extra-007 with findings of local checks (a link that is not
    https:, a seat listed twice)."""
    board = many / BOARD
    text = board.read_text().replace(
        "  - role: Chief Executive\n",
        "  - role: Cabinet Member for Health\n    organisation: council\n  - role: Chief Executive\n",
    )
    board.write_text(text + "terms_of_reference:\n  url: http://example.org/terms\n")
    return many


def test_a_prose_edit_judges_one_record_again_and_finds_what_no_cache_finds(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = amendable
    seen = validated(monkeypatch)
    first = validate(root, ON)
    assert len(seen) > 40
    assert {f.rule for f in first.findings if f.file == BOARD} >= {"duplicate-seat", "link-scheme"}
    lines = []
    for n, (summary, purpose) in enumerate(
        [("A good year.", 0), ("Replace this with news", 3), ("Better.", 1), ("Replace this with news", 0)]
    ):
        reword(root, BOARD, summary, purpose)
        seen.clear()
        amended = validate(root, ON)
        assert seen == [BOARD], n  # the other 44 boards are neither read nor built
        assert amended == without_cache(root, ON, monkeypatch), n
        assert amended.files_checked == first.files_checked
        lines.append(sorted(f.line for f in amended.findings if f.file == BOARD))
    assert lines[1] != lines[0] and lines[1] != lines[2]  # the findings moved with the lines
    assert any(f.rule == "placeholder" and f.file == BOARD for f in validate(root, ON).findings)
    seen.clear()
    warm = validate(root, ON)
    assert seen == []  # then warm: nothing built
    assert warm == without_cache(root, ON, monkeypatch)


def test_two_files_edited_in_their_prose_are_both_judged_again(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate(amendable, ON)
    reword(amendable, BOARD, "One.")
    reword(amendable, "data/boards/extra-012.yaml", "Two.", 2)
    seen = validated(monkeypatch)
    amended = validate(amendable, ON)
    assert sorted(seen) == sorted([BOARD, "data/boards/extra-012.yaml"])
    assert amended == without_cache(amendable, ON, monkeypatch)


def _seats(root: Path, change: str) -> None:
    board = root / BOARD
    text = board.read_text()
    if change == "respelt":
        text = text.replace("role: Chief Executive\n", "role: Chief Executive Officer\n")
    elif change == "added":
        text = text.replace(
            "updates:", "  - role: Director of Public Health\n    organisation: council\nupdates:"
        )
    elif change == "back":
        text = text.replace("role: Chief Executive Officer\n", "role: Chief Executive\n")
    else:  # spelt as the other boards spell it, but for a capital
        text = text.replace("role: Chief Executive Officer\n", "role: Chief executive\n")
    assert text != board.read_text(), change
    board.write_text(text)


def test_a_seat_spelt_as_no_other_board_spells_it_judges_one_record_again(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = validated(monkeypatch)
    validate(amendable, ON)
    for change in ("respelt", "added", "back"):
        _seats(amendable, change)
        seen.clear()
        amended = validate(amendable, ON)
        assert seen == [BOARD], change
        assert amended == without_cache(amendable, ON, monkeypatch), change


def test_a_seat_spelt_like_another_boards_seat_is_worked_out_again(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = validated(monkeypatch)
    validate(amendable, ON)
    _seats(amendable, "respelt")
    validate(amendable, ON)  # amended: its new spelling noted
    _seats(amendable, "like the others")
    seen.clear()
    found = validate(amendable, ON)
    assert len(seen) > 40  # every board read again
    assert found == without_cache(amendable, ON, monkeypatch)
    assert any(f.rule == "seat-spelling" and f.file == BOARD for f in found.findings)
    assert sum(f.rule == "seat-spelling" for f in found.findings) == 1


def _lines(root: Path, path: str, was: str, now: str) -> None:
    file = root / path
    text = file.read_text()
    assert f"reports_to: [{was}]" in text
    file.write_text(text.replace(f"reports_to: [{was}]", f"reports_to: [{now}]"))


def test_a_reporting_line_moved_to_another_board_judges_one_record_again_unless_it_makes_a_circle(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = validated(monkeypatch)
    validate(amendable, ON)
    for path, was, now in [(BOARD, "exec", "board"), ("data/boards/exec.yaml", "board", "extra-007")]:
        _lines(amendable, path, was, now)
        seen.clear()
        amended = validate(amendable, ON)
        assert seen == [path], path
        assert amended == without_cache(amendable, ON, monkeypatch), path
    _lines(amendable, BOARD, "board", "exec")  # extra-007 -> exec -> extra-007
    seen.clear()
    found = validate(amendable, ON)
    assert len(seen) > 40
    assert found == without_cache(amendable, ON, monkeypatch)
    assert any(f.rule == "reporting-cycle" for f in found.findings)


def _role(root: Path) -> None:
    board = root / BOARD
    board.write_text(board.read_text().replace("role: Chief Executive", "role: Chief Executive Officer"))


def _reports_to(root: Path) -> None:
    board = root / BOARD
    board.write_text(board.read_text().replace("reports_to: [exec]", "reports_to: [nowhere]"))


def _broken(root: Path) -> None:
    board = root / BOARD
    board.write_text(board.read_text() + "oops: [\n")


def _and_people(root: Path) -> None:
    reword(root, BOARD, "Fine.")
    people = root / "data" / "people.yaml"
    people.write_text(people.read_text().replace("name:", "name: Dr", 1))


def _new_board(root: Path) -> None:
    reword(root, BOARD, "Fine.")
    shutil.copy(root / BOARD, root / "data" / "boards" / "extra-999.yaml")


def _wrong_before(root: Path) -> None:  # the board the run found a cross-record finding in
    reword(root, "data/boards/extra-000.yaml", "Fine.", 2)


def _recommendation(root: Path) -> None:
    path = root / "data" / "recommendations" / "r1.yaml"
    path.write_text("# a comment moves every line\n" + path.read_text())


def _cache_lost(root: Path) -> None:
    shutil.rmtree(root / cache.FOLDER / "files")
    reword(root, BOARD, "Fine.", 2)


CHANGES = {
    "a role respelt": _role,
    "a reporting line": _reports_to,
    "the file broken": _broken,
    "people.yaml as well": _and_people,
    "a board added": _new_board,
    "a board with findings of loading": _wrong_before,
    "a recommendation's lines moved": _recommendation,
    "the file cache gone": _cache_lost,
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_any_other_change_finds_what_no_cache_finds(
    amendable: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    validate(amendable, ON)
    CHANGES[what](amendable)
    assert validate(amendable, ON) == without_cache(amendable, ON, monkeypatch), what
    assert validate(amendable, ON) == without_cache(amendable, ON, monkeypatch), what  # and the run after it


def test_a_file_whose_id_another_file_repeats_is_never_amended(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second file with a board's id is told where the first is, line and all: the first file's
    lines moved, that finding moves too."""
    root = amendable
    (root / "data" / "boards" / "zz-copy.yaml").write_text((root / BOARD).read_text())
    validate(root, ON)
    first = root / BOARD
    first.write_text("# the first of two\n" + first.read_text())
    reword(root, BOARD, "Moved.")
    amended = validate(root, ON)
    assert amended == without_cache(root, ON, monkeypatch)
    assert any(f"{BOARD} line 2" in f.message for f in amended.findings)


def test_another_day_finds_what_no_cache_finds(amendable: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validate(amendable, ON)
    reword(amendable, BOARD, "Later.")
    later = dt.date(2026, 11, 30)
    assert validate(amendable, later) == without_cache(amendable, later, monkeypatch)


def test_a_file_changed_while_the_answer_is_amended_is_not_missed(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = amendable
    validate(root, ON)
    reword(root, BOARD, "First.")
    real = loader.load_source
    calls: list[int] = []

    organisations = root / "data" / "organisations.yaml"

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        if not calls:  # the first load is the part to amend with: an organisation's id changes
            organisations.write_text(organisations.read_text().replace("id: council", "id: the-council"))
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "load_source", meanwhile)
    now = validate(root, ON)
    assert len(calls) == 2  # the part, then the whole, read as it is now
    assert now == without_cache(root, ON, monkeypatch)
    assert any(f.rule == "unknown-reference" for f in now.findings)  # every seat of the council's
    assert validate(root, ON) == now


def test_a_file_with_a_finding_of_a_check_across_records_is_never_amended(
    amendable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a check across records found in the file stays put if amended: its lines moved."""
    root = amendable
    board = root / BOARD
    board.write_text(board.read_text().replace("reports_to: [exec]", "reports_to: [nowhere]"))
    before = [f.line for f in validate(root, ON).findings if f.rule == "unknown-reference"]
    reword(root, BOARD, "Moved down.", 2)
    now = validate(root, ON)
    assert now == without_cache(root, ON, monkeypatch)
    assert [f.line for f in now.findings if f.rule == "unknown-reference"] == [n + 3 for n in before]
