"""``thp work-programme set`` and ``thp action status``: byte-exact edits, and refusals that
change nothing, on the small made-up partnership of the tests (not the shipped data)."""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import pytest

from thp_cli.cli.action import STATUSES as SHOWN
from thp_cli.edit.records import STATUSES
from thp_cli.field_types import ActionStatus

from .test_member import snapshot, thp, valid

SAFETY = "data/boards/safety.yaml"
R1 = "data/recommendations/r1.yaml"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = thp(*args, "--root", str(root))
    return result.code, result.out, result.err


def test_the_statuses_are_the_data_formats() -> None:
    assert STATUSES == SHOWN == typing.get_args(ActionStatus)


# -- thp work-programme set ---------------------------------------------------------------
def test_setting_a_work_programme_changes_only_its_lines(partnership: Path) -> None:
    before = (partnership / SAFETY).read_text()
    code, out, _ = run(
        partnership,
        "work-programme",
        "set",
        "safety",
        "--published",
        "2025-06-20",
        "--url",
        "https://example.org/wp",
    )
    assert code == 0
    assert out == (
        "changed the work programme of Safety Partnership (safety): published 2025-06-20, "
        "https://example.org/wp in data/boards/safety.yaml\n"
    )
    assert (partnership / SAFETY).read_text() == before.replace(
        "  published: 2024-06-28\n", "  published: 2025-06-20\n  url: https://example.org/wp\n"
    )
    assert valid(partnership)


def test_a_work_programme_is_added_after_the_meetings_keeping_comments(partnership: Path) -> None:
    board = partnership / "data/boards/safety.yaml"
    text = board.read_text()
    start = text.index("work_programme:")
    text = text[:start] + text[text.index("calls_to_action:") :]
    text = text.replace("meetings:\n", "meetings:  # as minuted\n")
    board.write_text(text)
    code, out, _ = run(
        partnership,
        "work-programme",
        "set",
        "safety",
        "--published",
        "2025-06-20",
        "--url",
        "https://example.org/wp",
    )
    assert code == 0 and out.startswith("recorded the work programme of Safety Partnership (safety)")
    assert board.read_text() == text.replace(
        "    status: held\n",
        "    status: held\nwork_programme:\n  published: 2025-06-20\n  url: https://example.org/wp\n",
    )
    assert valid(partnership)


def test_a_work_programme_in_flow_style_is_changed_in_place(partnership: Path) -> None:
    board = partnership / SAFETY
    text = board.read_text().replace(
        "work_programme:\n  published: 2024-06-28\n", "work_programme: {published: 2024-06-28}\n"
    )
    board.write_bytes(text.replace("\n", "\r\n").encode())
    code, _, err = run(
        partnership,
        "work-programme",
        "set",
        "safety",
        "--published",
        "2025-06-20",
        "--url",
        "https://example.org/wp",
    )
    assert code == 0, err
    expected = text.replace(
        "{published: 2024-06-28}", '{published: 2025-06-20, url: "https://example.org/wp"}'
    )
    assert board.read_bytes() == expected.replace("\n", "\r\n").encode()


def test_check_says_what_would_change_and_writes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    code, out, _ = run(
        partnership,
        "work-programme",
        "set",
        "safety",
        "--published",
        "2025-06-20",
        "--url",
        "https://example.org/wp",
        "--check",
    )
    assert code == 0
    assert out.startswith("would have changed the work programme of Safety Partnership (safety)")
    assert out.rstrip().endswith("nothing written (--check)")
    assert snapshot(partnership) == before


def test_the_same_work_programme_again_changes_nothing(partnership: Path) -> None:
    before = snapshot(partnership)
    code, out, _ = run(
        partnership,
        "work-programme",
        "set",
        "exec",
        "--published",
        "2024-06-20",
        "--url",
        "https://example.org/exec/work-programme",
    )
    assert code == 0 and out.startswith("nothing to change: the work programme of Executive Group (exec)")
    assert snapshot(partnership) == before


# -- thp action status ----------------------------------------------------------------------
def test_an_action_status_is_set_and_its_update_added_last(partnership: Path) -> None:
    before = (partnership / R1).read_text()
    code, out, _ = run(
        partnership,
        "action",
        "status",
        "r1",
        "i",
        "done",
        "--date",
        "2024-07-30",
        "--note",
        "Review finished",
    )
    assert code == 0
    assert out == (
        "recorded progress on action i of recommendation r1 on 2024-07-30, status in-progress -> done: "
        "Review finished in data/recommendations/r1.yaml\n"
    )
    assert (partnership / R1).read_text() == before.replace(
        "    status: in-progress\n", "    status: done\n", 1
    ).replace(
        "        note: Started.\n",
        "        note: Started.\n      - date: 2024-07-30\n"
        "        status: done\n        note: Review finished\n",
    )
    assert valid(partnership)


def test_an_action_with_no_updates_gets_them_after_its_status(partnership: Path) -> None:
    rec = partnership / R1
    text = rec.read_text() + "    # reviewed each year\nsources:\n  - title: The review\n"
    rec.write_text(text)
    code, _, err = run(
        partnership,
        "action",
        "status",
        "r1",
        "ii",
        "in-progress",
        "--date",
        "2024-08-01",
        "--note",
        "Chairs' review under way",
    )
    assert code == 0, err
    assert rec.read_text() == text.replace(
        "    ongoing: true\n",
        "    ongoing: true\n    status: in-progress\n    updates:\n      - date: 2024-08-01\n"
        "        status: in-progress\n        note: Chairs' review under way\n",
    )
    assert valid(partnership)


def test_an_empty_flow_list_of_updates_takes_the_first(partnership: Path) -> None:
    rec = partnership / R1
    text = rec.read_text() + "    status: not-started\n    updates: []  # none yet\n"
    rec.write_text(text)
    code, _, err = run(partnership, "action", "status", "r1", "ii", "not-started", "--date", "2024-08-01")
    assert code == 0, err
    assert rec.read_text() == text.replace(
        "    updates: []  # none yet\n",
        "    updates:  # none yet\n      - date: 2024-08-01\n        status: not-started\n",
    )


def test_the_update_is_dated_as_of_and_a_note_may_run_over_lines(partnership: Path) -> None:
    code, out, err = run(
        partnership, "action", "status", "r1", "ii", "done", "--as-of", "2024-09-01", "--note", "One.\nTwo."
    )
    assert code == 0, err
    assert "on 2024-09-01, status done" in out
    assert "      - date: 2024-09-01\n        status: done\n" in (partnership / R1).read_text()
    assert valid(partnership)


def test_the_update_is_dated_today_unless_told(partnership: Path) -> None:
    code, out, _ = run(partnership, "action", "status", "r1", "ii", "dropped")
    assert code == 0
    today = dt.date.today().isoformat()
    assert f"on {today}, status dropped" in out
    assert f"      - date: {today}\n        status: dropped\n" in (partnership / R1).read_text()


ACTION_REFUSALS = [
    (
        ["action", "status", "r2", "i", "done"],
        "thp: there is no recommendation 'r2'; the recommendations are r1",
    ),
    (
        ["action", "status", "r1", "iii", "done"],
        "thp: recommendation r1 has no action 'iii'; did you mean 'ii'?",
    ),
    (
        ["action", "status", "r1", "i", "finished"],
        "thp: 'finished' is not a status an action can have; "
        "the statuses are not-started, in-progress, done, dropped",
    ),
    (
        ["action", "status", "r1", "i", "in-progres"],
        "thp: 'in-progres' is not a status an action can have; did you mean 'in-progress'?; "
        "the statuses are not-started, in-progress, done, dropped",
    ),
    (
        ["action", "status", "r1", "i", "done", "--date", "2024-02-30"],
        "thp: --date: '2024-02-30' is not a date: February 2024 has 29 days",
    ),
    (
        ["action", "status", "r1", "i", "done", "--date", "2024-05-01"],
        "thp: action i of recommendation r1 has an update dated 2024-06-01, after --date 2024-05-01; updates "
        "are kept oldest first: give a later --date, or put this one in its place in the file by hand",
    ),
    (["action", "status", "r1", "i", "done", "--note", " "], "thp: --note must not be empty"),
    (
        ["action", "status", "r1", "i", "dropped", "--date", "2099-01-01", "--as-of", "2026-03-01"],
        "thp: --date 2099-01-01 is still to come: it is 2026-03-01; record progress once it is made "
        "(a later date would also refuse every update before it); nothing was changed",
    ),
    (
        ["action", "status", "r1", "i", "done", "--date", "2024-09-02", "--as-of", "2024-09-01"],
        "thp: --date 2024-09-02 is still to come: it is 2024-09-01; record progress once it is made "
        "(a later date would also refuse every update before it); nothing was changed",
    ),
    (
        ["action", "status", "r1", "ii", "done", "--note", "x\x07"],
        "thp: --note must be plain text: remove the control character (U+0007) at character 2; "
        "nothing was changed",
    ),
]
WP_REFUSALS = [
    (
        ["work-programme", "set", "safty", "--published", "2025-06-20", "--url", "https://example.org/wp"],
        "thp: there is no board 'safty'; did you mean 'safety'?",
    ),
    (
        ["work-programme", "set", "safety", "--published", "20/06/2025", "--url", "https://example.org/wp"],
        "thp: --published: '20/06/2025' is not a date: write it as YYYY-MM-DD; did you mean 2025-06-20?",
    ),
    (
        ["work-programme", "set", "safety", "--published", "2025-06-20", "--url", "http://example.org/wp"],
        "thp: --url 'http://example.org/wp' is not a https: link; give the page's address, https://...; "
        "did you mean 'https://example.org/wp'?",
    ),
    (
        ["work-programme", "set", "safety", "--published", "2025-06-20", "--url", "example.org/wp"],
        "thp: --url 'example.org/wp' is not a https: link; give the page's address, https://...",
    ),
]


@pytest.mark.parametrize(
    ("args", "message"),
    ACTION_REFUSALS + WP_REFUSALS,
    ids=lambda v: " ".join(v)[:50] if isinstance(v, list) else "",
)
def test_a_refused_record_changes_nothing(partnership: Path, args: list[str], message: str) -> None:
    before = snapshot(partnership)
    code, out, err = run(partnership, *args)
    assert (code, out, err.rstrip("\n")) == (2, "", message)
    assert snapshot(partnership) == before


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (
            "    updates:\n      - date: 2024-06-01\n        status: in-progress\n        note: Started.\n",
            "    updates: none yet\n",
            "updates is not a list",
        ),
        ("    updates:\n", "    updates: &all\n", "anchors"),
    ],
    ids=["updates not a list", "an anchor"],
)
def test_an_action_that_cannot_be_edited_safely_is_refused(
    partnership: Path, old: str, new: str, why: str
) -> None:
    rec = partnership / R1
    text = rec.read_text()
    rec.write_text(text.replace(old, new, 1))
    before = snapshot(partnership)
    code, _, err = run(partnership, "action", "status", "r1", "i", "done", "--date", "2024-07-01")
    assert code == 2 and why in err and "othing was changed" in err, err
    assert snapshot(partnership) == before


def test_crlf_a_byte_order_mark_and_no_final_line_ending_are_kept(partnership: Path) -> None:
    rec = partnership / R1
    text = rec.read_text().rstrip("\n")
    rec.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    before = snapshot(partnership)
    code, out, _ = run(partnership, "action", "status", "r1", "ii", "done", "--date", "2024-08-01", "--check")
    assert code == 0 and out.rstrip().endswith("nothing written (--check)")
    assert snapshot(partnership) == before
    assert run(partnership, "action", "status", "r1", "ii", "done", "--date", "2024-08-01")[0] == 0
    expected = text + "\n    status: done\n    updates:\n      - date: 2024-08-01\n        status: done"
    assert rec.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode()


def test_updates_in_flow_style_take_the_next_in_flow_style(partnership: Path) -> None:
    rec = partnership / R1
    block = "    updates:\n      - date: 2024-06-01\n        status: in-progress\n        note: Started.\n"
    flow = "    updates: [{date: 2024-06-01, status: in-progress, note: Started.}]\n"
    rec.write_text(rec.read_text().replace(block, flow))
    assert run(partnership, "action", "status", "r1", "i", "done", "--date", "2024-08-01")[0] == 0
    assert (
        "    status: done\n    updates: [{date: 2024-06-01, status: in-progress, note: Started.}, "
        "{date: 2024-08-01, status: done}]\n" in rec.read_text()
    )
    assert valid(partnership)
