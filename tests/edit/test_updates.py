"""``thp update add``: a board's yearly update by options or from a YAML or Markdown file, and
its refusals, each leaving every file as it was (on the tests' made-up partnership)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_member import snapshot, thp, valid

SAFETY = "data/boards/safety.yaml"
EXEC = "data/boards/exec.yaml"


def update(root: Path, *args: str) -> tuple[int, str, str]:
    result = thp("update", "add", *args, "--root", str(root))
    return result.code, result.out, result.err.rstrip("\n")


def test_an_update_by_options_goes_last_with_its_lists(partnership: Path) -> None:
    before = (partnership / SAFETY).read_text()
    code, out, _ = update(
        partnership,
        "safety",
        "--year",
        "2025",
        "--summary",
        "Another year: safer",
        "--achievement",
        "Fewer thefts",
        "--achievement",
        "New CCTV",
        "--challenge",
        "Funding",
    )
    assert code == 0
    assert out == (
        "added the 2025 update of Safety Partnership (safety), with 2 achievements, 1 challenge "
        "in data/boards/safety.yaml\n"
    )
    assert (partnership / SAFETY).read_text() == before + (
        "  - year: 2025\n"
        '    summary: "Another year: safer"\n'
        "    achievements:\n      - Fewer thefts\n      - New CCTV\n"
        "    challenges:\n      - Funding\n"
    )
    assert valid(partnership)


MARKDOWN = """# Executive Group: 2025

The group met six times
and agreed its plan.

A second paragraph.

## Achievements
- A plan
- Another thing that
  continues here

## Escalations
* Money for the review
"""


def test_a_markdown_file_gives_the_summary_and_sections(partnership: Path, tmp_path: Path) -> None:
    (tmp_path / "u.md").write_text(MARKDOWN)
    before = (partnership / EXEC).read_text()
    code, out, err = update(partnership, "exec", "--year", "2025", "--from-file", str(tmp_path / "u.md"))
    assert code == 0, err
    assert out.startswith(
        "added the 2025 update of Executive Group (exec), with 2 achievements, 1 escalation"
    )
    assert (partnership / EXEC).read_text() == before + (
        "updates:\n"
        "  - year: 2025\n"
        '    summary: "The group met six times and agreed its plan.\\n\\nA second paragraph."\n'
        "    achievements:\n      - A plan\n      - Another thing that continues here\n"
        "    escalations:\n      - Money for the review\n"
    )
    assert valid(partnership)


def test_a_yaml_file_gives_the_year_too(partnership: Path, tmp_path: Path) -> None:
    (tmp_path / "u.yaml").write_text("year: 2023\nsummary: A quiet year\nchallenges: [Staff, Money]\n")
    before = snapshot(partnership)
    code, out, _ = update(partnership, "exec", "--from-file", str(tmp_path / "u.yaml"), "--check")
    assert code == 0
    assert out == (
        "would have added the 2023 update of Executive Group (exec), with 2 challenges in "
        "data/boards/exec.yaml; nothing written (--check)\n"
    )
    assert snapshot(partnership) == before
    code, _, _ = update(partnership, "exec", "--from-file", str(tmp_path / "u.yaml"))
    assert code == 0
    assert (
        (partnership / EXEC)
        .read_text()
        .endswith(
            "updates:\n  - year: 2023\n    summary: A quiet year\n"
            "    challenges:\n      - Staff\n      - Money\n"
        )
    )


FILES = {
    "typo.yaml": (
        "year: 2023\nsumary: x\n",
        "typo.yaml:2:1  'sumary' is not a key of an update; did you mean 'summary'?; nothing was changed",
    ),
    "shape.yaml": (
        "year: 2023\nsummary: x\nachievements: y\n",
        "shape.yaml:3:15  achievements must be a list, one item a line starting '- '; nothing was changed",
    ),
    "broken.yaml": ("year: 2023\nsummary: [x\n", "broken.yaml:2:10  "),
    "none.yaml": ("year: 2023\n", "none.yaml:1:1  the file has no summary"),
    "year.yaml": ("year: twenty\nsummary: x\n", "year.yaml:1:7  year must be a year written as four digits"),
    "section.md": (
        "Text\n\n## Risks\n- a\n",
        "section.md:3:1  '## Risks' is not a section of an update; the sections are ## Achievements, "
        "## Challenges and ## Escalations; nothing was changed",
    ),
    "bullets.md": (
        "Text\n\n## Challenges\nMoney\n",
        "bullets.md:4:1  under ## Challenges, each item is a line starting '- '; nothing was changed",
    ),
    "empty.md": ("## Achievements\n- a\n", "empty.md:1:1  the file has no summary"),
    "bell.yaml": (
        'year: 2023\nsummary: "a\\x07b"\n',
        "bell.yaml:2:10  the summary must be plain text: remove the control character (U+0007) "
        "at character 2; nothing was changed",
    ),
    "bell-item.yaml": (
        'year: 2023\nsummary: x\nachievements:\n  - fine\n  - "a\\x1bb"\n',
        "bell-item.yaml:5:5  each of the achievements must be plain text: remove the control character "
        "(U+001B) at character 2",
    ),
    "bell.md": (
        "# Title\n\nA year\n\n## Achievements\n- a\x07b\n",
        "bell.md:6:1  the text must be plain text: remove the control character (U+0007) at character 4",
    ),
    "notes.txt": ("Text\n", "--from-file 'notes.txt': give a .yaml, .yml or .md file"),
}


@pytest.mark.parametrize("name", FILES)
def test_a_file_of_the_wrong_shape_is_refused_where_it_is_wrong(
    partnership: Path, tmp_path: Path, name: str
) -> None:
    text, message = FILES[name]
    (tmp_path / name).write_text(text)
    before = snapshot(partnership)
    code, out, err = update(partnership, "exec", "--year", "2023", "--from-file", str(tmp_path / name))
    assert (code, out) == (2, "")
    assert err.startswith("thp: ") and message in err.replace(str(tmp_path) + "/", "")
    assert snapshot(partnership) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "summary: x\nyear: 2052\n",
            "u.yaml:2:7  year: 2052 is still to come: it is 2026-03-01, so give a year from 1900 to 2026; "
            "nothing was changed",
        ),
        (
            "year: 1066\nsummary: x\n",
            "u.yaml:1:7  year: 1066 is out of range: give a year from 1900 to 2026; nothing was changed",
        ),
    ],
    ids=["to come", "too early"],
)
def test_a_files_year_out_of_range_is_refused_where_it_is(
    partnership: Path, tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "u.yaml").write_text(text)
    before = snapshot(partnership)
    code, out, err = update(
        partnership, "exec", "--from-file", str(tmp_path / "u.yaml"), "--as-of", "2026-03-01"
    )
    assert (code, out) == (2, "")
    assert err == "thp: " + str(tmp_path) + "/" + message
    assert snapshot(partnership) == before


REFUSALS = [
    (
        ["saftey", "--year", "2025", "--summary", "x"],
        "thp: there is no board 'saftey'; did you mean 'safety'?",
    ),
    (
        ["safety", "--year", "2024", "--summary", "x"],
        "thp: data/boards/safety.yaml already has an update for 2024 (line 27); nothing was changed. "
        "A board makes one update a year: change that one in the file by hand",
    ),
    (
        ["safety", "--year", "25", "--summary", "x"],
        "thp: --year '25' is not a year written as four digits, such as 2024",
    ),
    (
        ["safety", "--year", "3025", "--summary", "x", "--as-of", "2026-03-01"],
        "thp: --year '3025' is still to come: it is 2026-03-01, so give a year from 1900 to 2026; "
        "nothing was changed",
    ),
    (
        ["safety", "--year", "2052", "--summary", "typo", "--as-of", "2026-03-01"],
        "thp: --year '2052' is still to come: it is 2026-03-01, so give a year from 1900 to 2026; "
        "nothing was changed",
    ),
    (
        ["safety", "--year", "2025", "--summary", "x", "--as-of", "2024-09-01"],
        "thp: --year '2025' is still to come: it is 2024-09-01, so give a year from 1900 to 2024; "
        "nothing was changed",
    ),
    (
        ["safety", "--year", "1066", "--summary", "x", "--as-of", "2026-03-01"],
        "thp: --year '1066' is out of range: give a year from 1900 to 2026; nothing was changed",
    ),
    (
        ["safety", "--year", "2025", "--summary", "a\x07b"],
        "thp: --summary must be plain text: remove the control character (U+0007) at character 2; "
        "nothing was changed",
    ),
    (
        ["safety", "--year", "2025", "--summary", "x", "--challenge", "one\x1b[31m"],
        "thp: --challenge must be plain text: remove the control character (U+001B) at character 4; "
        "nothing was changed",
    ),
    (["safety", "--summary", "x"], "thp: say which year the update is for with --year, for example 2024"),
    (["safety", "--year", "2025", "--summary", "  "], "thp: --summary must not be empty"),
    (
        ["safety", "--year", "2025", "--summary", "x", "--achievement", ""],
        "thp: --achievement must not be empty",
    ),
    (
        ["safety", "--year", "2025"],
        "thp: give the update's summary with --summary (or in a file, with --from-file)",
    ),
    (
        ["safety", "--year", "2025", "--from-file", "missing.md"],
        "thp: there is no file missing.md",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS, ids=[" ".join(a)[:50] for a, _ in REFUSALS])
def test_a_refused_update_changes_nothing(partnership: Path, args: list[str], message: str) -> None:
    before = snapshot(partnership)
    assert update(partnership, *args) == (2, "", message)
    assert snapshot(partnership) == before


def test_a_file_and_options_together_are_refused(partnership: Path, tmp_path: Path) -> None:
    (tmp_path / "u.yaml").write_text("year: 2023\nsummary: x\n")
    before = snapshot(partnership)
    code, _, err = update(
        partnership, "exec", "--from-file", str(tmp_path / "u.yaml"), "--summary", "y", "--challenge", "z"
    )
    assert (code, err) == (
        2,
        "thp: give the update in --from-file or by options, not both: drop --summary, --challenge",
    )
    code, _, err = update(partnership, "exec", "--from-file", str(tmp_path / "u.yaml"), "--year", "2024")
    assert code == 2 and err.endswith("u.yaml is the update for 2023, but --year says 2024")
    assert snapshot(partnership) == before
