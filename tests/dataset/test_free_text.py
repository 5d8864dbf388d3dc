"""Free text (notes, summaries, the items of an update's lists, descriptions) may run over lines
but holds no other control character: a hand-edited file with one is refused where it is, on a
made-up partnership."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.field_types import free_text_problem

runner = CliRunner()


def validate(root: Path) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(
        app,
        ["validate", "--root", str(root), "--as-of", "2024-09-01", "--format", "json"],
        env={"THP_ROOT": ""},
    )
    return result.exit_code, json.loads(result.stdout)["findings"]


CASES = [
    (
        "data/boards/safety.yaml",
        "summary: A year of safer streets.",
        'summary: "a\\x07b"',
        (
            28,
            14,
            "'summary': the summary must be plain text: remove the control character (U+0007) at character 2",
        ),
    ),
    (
        "data/boards/safety.yaml",
        "achievements: [Fewer burglaries]",
        'achievements: [Fewer burglaries, "one\\x1btwo"]',
        (29, 38, "the achievements must be plain text: remove the control character (U+001B) at character 4"),
    ),
    (
        "data/recommendations/r1.yaml",
        "note: Started.",
        'note: "x\\x07"',
        (16, 15, "'note': the note must be plain text: remove the control character (U+0007) at character 2"),
    ),
    (
        "data/recommendations/r1.yaml",
        "note: Started.",
        'note: "x\\ry"',
        (16, 15, "'note': the note must be plain text: remove the control character (U+000D) at character 2"),
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES, ids=["summary", "item", "note", "return"])
def test_a_control_character_in_free_text_is_an_error_where_it_is(
    partnership: Path, file: str, old: str, new: str, expected: tuple[int, int, str]
) -> None:
    path = partnership / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    code, found = validate(partnership)
    assert code == 1
    where = [(f["line"], f["column"]) for f in found if f["file"] == file and f["severity"] == "error"]
    assert where == [expected[:2]]
    assert any(str(expected[2]) in str(f["message"]) for f in found)


def test_free_text_may_run_over_lines(partnership: Path) -> None:
    path = partnership / "data/recommendations/r1.yaml"
    path.write_text(
        path.read_text().replace("note: Started.", "note: |\n          Started.\n          In May.", 1)
    )
    assert validate(partnership) == (0, [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("two\nlines", None),
        ("tab\there", None),
        ("bell\x07", "must be plain text: remove the control character (U+0007) at character 5"),
        ("sep\u2028", "must be plain text: remove the line separator (U+2028) at character 4"),
        ("del\x7f", "must be plain text: remove the control character (U+007F) at character 4"),
        ("non\ufffe", "must be plain text: remove the noncharacter (U+FFFE) at character 4"),
    ],
)
def test_only_line_feeds_and_tabs_are_kept(text: str, problem: str | None) -> None:
    assert free_text_problem(text) == problem
