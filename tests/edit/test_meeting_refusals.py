"""``thp meeting add|set|remove`` refused: exit 2, a plain message, and not a byte changed.

Run on Example Borough (tests/cases/base), not the shipped data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_meetings import EXEC, meeting
from .test_member import snapshot

REFUSALS = [
    (["add", "exce", "--date", "2024-09-12"], "thp: there is no board 'exce'; did you mean 'exec'?"),
    (
        ["set", "helth", "--date", "2024-06-01", "--status", "held"],
        "thp: there is no board 'helth'; did you mean 'health'?",
    ),
    (
        ["add", "exec", "--date", "2024-02-30"],
        "thp: --date: '2024-02-30' is not a date: February 2024 has 29 days",
    ),
    (
        ["add", "exec", "--date", "12/09/2024"],
        "thp: --date: '12/09/2024' is not a date: write it as YYYY-MM-DD; did you mean 2024-09-12?",
    ),
    (
        ["remove", "exec", "--date", "2024-07"],
        "thp: --date: '2024-07' is a month, but this field needs a full date: write YYYY-MM-DD, "
        "for example 2024-07-01",
    ),
    (
        ["add", "exec", "--date", "2024-09-12", "--time", "6.30pm"],
        "thp: --time: '6.30pm' is not a time of day: write \"HH:MM\" on the 24-hour clock, "
        'for example "18:30"',
    ),
    (
        ["set", "exec", "--date", "2024-07-10", "--time", "24:00"],
        "thp: --time: '24:00' is not a time of day: write \"HH:MM\" on the 24-hour clock, "
        'for example "18:30", or none to remove it',
    ),
    (
        ["add", "exec", "--date", "2024-09-12", "--agenda", "http://example.org/agenda"],
        "thp: --agenda 'http://example.org/agenda' is not an https: link: give the whole address of "
        "the paper, starting https://; did you mean 'https://example.org/agenda'?",
    ),
    (
        ["set", "exec", "--date", "2024-07-10", "--minutes", "www.example.org/minutes"],
        "thp: --minutes 'www.example.org/minutes' is not an https: link: give the whole address of "
        "the paper, starting https://; did you mean 'https://www.example.org/minutes'?",
    ),
    (
        ["add", "exec", "--date", "2024-09-12", "--minutes", "javascript:alert(1)"],
        "thp: --minutes 'javascript:alert(1)' is not an https: link: give the whole address of the paper, "
        "starting https://",
    ),
    (
        ["add", "exec", "--date", "2024-09-12", "--venue", "Town\nHall"],
        "thp: --venue: a venue is one line of plain text: remove the control character (U+000A) "
        "at character 5",
    ),
    (
        ["add", "exec", "--date", "2024-07-10", "--status", "held"],
        "thp: Executive Group (exec) already has a meeting on 2024-07-10 (held); nothing was changed. "
        "To change it, use thp meeting set exec --date 2024-07-10 with what to change",
    ),
    (
        ["set", "exec", "--date", "2024-07-11", "--status", "held"],
        "thp: Executive Group (exec) has no meeting on 2024-07-11; the nearest recorded are on "
        "2024-07-10 and 2024-11-10",
    ),
    (
        ["remove", "health", "--date", "2024-06-02"],
        "thp: Health Board (health) has no meeting on 2024-06-02; the only one recorded is on 2024-06-01",
    ),
    (
        ["remove", "housing-review", "--date", "2024-06-02"],
        "thp: Housing Review Group (housing-review) has no meetings recorded; to add one, use "
        "thp meeting add housing-review --date 2024-06-02",
    ),
    (
        ["set", "exec", "--date", "2024-07-10"],
        "thp: say what to change: --status, --time, --venue, --agenda or --minutes",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS, ids=[" ".join(a)[:60] for a, _ in REFUSALS])
def test_a_refused_command_changes_nothing(partnership: Path, args: list[str], message: str) -> None:
    before = snapshot(partnership)
    result = meeting(partnership, *args)
    assert (result.code, result.err, result.out) == (2, message + "\n", "")
    assert snapshot(partnership) == before


@pytest.mark.parametrize("command", ["add", "set"])
def test_a_status_the_data_format_does_not_know_is_refused(partnership: Path, command: str) -> None:
    before = snapshot(partnership)
    result = meeting(partnership, command, "exec", "--date", "2024-07-10", "--status", "postponed")
    assert result.code == 2
    assert "'postponed' is not one of 'held', 'planned', 'cancelled'" in result.err
    assert snapshot(partnership) == before


def test_two_meetings_on_one_day_are_left_to_a_person(partnership: Path) -> None:
    board = partnership / EXEC
    board.write_text(board.read_text().replace("  - date: 2024-11-10\n", "  - date: 2024-07-10\n"))
    before = snapshot(partnership)
    for args in (["remove", "exec"], ["set", "exec", "--venue", "Hall"]):
        result = meeting(partnership, *args, "--date", "2024-07-10")
        assert (result.code, result.err) == (
            2,
            "thp: Executive Group (exec) has 2 meetings on 2024-07-10; thp meeting cannot tell them apart: "
            "change data/boards/exec.yaml by hand\n",
        )
    assert snapshot(partnership) == before


def test_a_list_laid_out_in_a_way_thp_does_not_edit_is_refused(partnership: Path) -> None:
    board = partnership / EXEC
    board.write_text(
        board.read_text().replace(
            "    status: planned\n", "    status: planned\n    agenda: &a https://e.org/x\n"
        )
    )
    before = snapshot(partnership)
    result = meeting(partnership, "add", "exec", "--date", "2024-12-01")
    assert result.code == 2
    assert "uses YAML anchors (&name) or aliases (*name)" in result.err
    assert snapshot(partnership) == before


def test_a_board_file_that_cannot_be_read_is_refused(partnership: Path) -> None:
    (partnership / EXEC).write_bytes(b"id: exec\nmeetings: [unclosed\n")
    before = snapshot(partnership)
    result = meeting(partnership, "add", "exec", "--date", "2024-12-01")
    assert (result.code, result.err) == (
        2,
        "thp: data/boards/exec.yaml cannot be read as a board; run thp validate, fix what it says, "
        "and try again\n",
    )
    assert snapshot(partnership) == before
