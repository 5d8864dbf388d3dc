"""Every fix thp suggests, applied as written, gives no new error of its kind.

A partnership that is not Tower Hamlets ("Riverside Together") is written with
the slips officers make: a board named by its title or short name where its
id belongs, a file named after a board's title, a misspelt key, a .yml file.
Each suggestion of the form "did you mean Y", "set id: Y", "for example 'Y'"
or "rename the file to Y" is applied to the file exactly as written, and the
partnership is checked again.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from thp_cli.findings import Finding
from thp_cli.validate import validate

AS_OF = dt.date(2025, 3, 1)

FILES = {
    "partnership.yaml": "name: Riverside Together\n",
    "calls_to_action.yaml": "calls_to_action:\n  - number: 1\n    title: Homes\n    actions:\n"
    '      - number: "1.1"\n        title: Build homes\n',
    "organisations.yaml": "organisations:\n"
    "  - id: rbc\n    name: Riverside Borough Council\n    sector: council\n"
    "  - id: rvs\n    name: Riverside Voluntary Services\n    sector: vcs\n",
    "people.yaml": "people:\n"
    "  - id: p-017\n    name: Asha Green\n    contact:\n      email: asha@example.org\n",
    "boards/exec.yaml": "id: exec\nname: Riverside Executive\nkind: partnership-board\n",
    "boards/hwb.yaml": "id: hwb\nname: Health and Wellbeing Board\nshort_name: HWBB\nkind: thematic-board\n"
    "reports_to: [exec]\n",
}


def board(board_id: str, reports_to: str, extra: str = "") -> str:
    return f"id: {board_id}\nname: Board {board_id}\nkind: thematic-board\nreports_to: {reports_to}\n{extra}"


def riverside(root: Path, files: dict[str, str]) -> Path:
    for name, text in {**FILES, **files}.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def errors(root: Path) -> list[Finding]:
    return [f for f in validate(root, AS_OF).findings if f.severity.value == "error"]


_TOKEN = re.compile(r"""'[^']*'|"[^"]*"|\[[^\]\n]*\]|[^,\]\}\n#]*[^,\]\}\n#\s]""")
_KEY = re.compile(r"[^:\n]+")


def _replace_at(text: str, line: int, column: int, new: str, *, key: bool = False) -> str:
    lines = text.split("\n")
    here = lines[line - 1]
    start = column - 1
    match = (_KEY if key else _TOKEN).match(here, start)
    assert match is not None, (here, column)
    lines[line - 1] = here[:start] + new + here[match.end() :]
    return "\n".join(lines)


def apply(root: Path, finding: Finding) -> str:
    """Apply the suggestion in ``finding`` to the file as written; the file it ends in."""
    path = root / finding.file
    text = path.read_text(encoding="utf-8")
    message = finding.message
    moved = finding.file
    renamed = re.search(r"rename (?:the file|it) to (\S+?\.yaml)\b", message)
    if renamed and " or " in message:  # the first of two fixes is applied, alone
        pass
    elif found := re.search(r"set id: (\S+)$", message):
        text = _replace_at(text, *_id_position(text), found.group(1))
    elif found := re.search(r"did you mean (\[[^\]]+\]|'[^']+')", message):
        new = found.group(1).strip("'")
        text = _replace_at(text, finding.line, finding.column, new, key=finding.rule == "unknown-key")
    elif found := re.search(r"write (\[[^\]]+\])", message) or re.search(r"for example '([^']+)'", message):
        text = _replace_at(text, finding.line, finding.column, found.group(1))
    if renamed:
        path.unlink()
        moved = str(Path(finding.file).parent / renamed.group(1))
        path = root / moved
    path.write_text(text, encoding="utf-8")
    return moved


def _id_position(text: str) -> tuple[int, int]:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("id: "):
            return number, 5
    raise AssertionError("no id")


SLIPS = {
    "a board named by its title in reports_to": (
        {"boards/housing.yaml": board("housing", "[Health and Wellbeing Board]")},
        "data/boards/housing.yaml",
        "did you mean 'hwb', the id of the board 'Health and Wellbeing Board'?",
    ),
    "a board named by its short name in reports_to": (
        {"boards/housing.yaml": board("housing", "[HWBB]")},
        "data/boards/housing.yaml",
        "did you mean 'hwb'",
    ),
    "a board's title written as a single value": (
        {"boards/housing.yaml": board("housing", "Health and Wellbeing Board")},
        "data/boards/housing.yaml",
        "did you mean [hwb]",
    ),
    "a board's title written as an id": (
        {"boards/housing.yaml": board("housing", "[riverside-executive]")},
        "data/boards/housing.yaml",
        "did you mean 'exec', the id of the board 'Riverside Executive'?",
    ),
    "a misspelt id": (
        {"boards/housing.yaml": board("housing", "[exce]")},
        "data/boards/housing.yaml",
        "did you mean 'exec'?",
    ),
    "an organisation named by its name": (
        {
            "boards/housing.yaml": board(
                "housing", "[exec]", "members:\n  - role: Lead\n    organisation: Riverside Borough Council\n"
            )
        },
        "data/boards/housing.yaml",
        "did you mean 'rbc', the id of the organisation 'Riverside Borough Council'?",
    ),
    "a person named by their name": (
        {
            "boards/housing.yaml": board(
                "housing",
                "[exec]",
                "members:\n  - role: Chair\n    organisation: rbc\n    person: Asha Green\n",
            )
        },
        "data/boards/housing.yaml",
        "did you mean 'p-017', the id of the person 'Asha Green'?",
    ),
    "a file named after the board's title": (
        {"boards/Health and Housing.yaml": board("health-housing", "[exec]")},
        "data/boards/Health and Housing.yaml",
        "rename the file to health-housing.yaml",
    ),
    "an id written as the title, in a file named after the title": (
        {"boards/Health and Housing.yaml": board("Health and Housing", "[exec]")},
        "data/boards/Health and Housing.yaml",
        "for example 'health-and-housing' and rename the file to health-and-housing.yaml",
    ),
    "an id written as the title, in a file named as an id": (
        {"boards/housing.yaml": board("Housing Board", "[exec]")},
        "data/boards/housing.yaml",
        "the file is housing.yaml, so set id: housing",
    ),
    "a file whose id differs": (
        {"boards/housing.yaml": board("homes", "[exec]")},
        "data/boards/housing.yaml",
        "rename the file to homes.yaml or set id: housing",
    ),
    "a .yml file": (
        {"boards/culture.yml": board("arts", "[exec]")},
        "data/boards/culture.yml",
        "rename it to arts.yaml",
    ),
    "a topic written as one value, not a list": (
        {"boards/housing.yaml": board("housing", "[exec]", "topics: Young People\n")},
        "data/boards/housing.yaml",
        "write [young-people]",
    ),
    "an action number written as one value, not a list": (
        {"boards/housing.yaml": board("housing", "[exec]", "actions: 1.1\n")},
        "data/boards/housing.yaml",
        'write ["1.1"]',
    ),
    "a .yml file named after the title, whose id is the title": (
        {"boards/Culture Board.yml": board("Culture Board", "[exec]")},
        "data/boards/Culture Board.yml",
        "rename it to culture-board.yaml",
    ),
    "a .YAML file": (
        {"boards/Arts.YAML": board("arts", "[exec]")},
        "data/boards/Arts.YAML",
        "rename it to arts.yaml",
    ),
    "a misspelt key": (
        {"boards/housing.yaml": board("housing", "[exec]", "meats: monthly\n")},
        "data/boards/housing.yaml",
        "did you mean 'meets'?",
    ),
    "a misspelt kind": (
        {"boards/housing.yaml": board("housing", "[exec]").replace("thematic-board", "thematic")},
        "data/boards/housing.yaml",
        "did you mean 'thematic-board'?",
    ),
}


@pytest.mark.parametrize(("files", "file", "words"), SLIPS.values(), ids=list(SLIPS))
def test_a_suggestion_applied_as_written_mends_the_file(
    files: dict[str, str], file: str, words: str, tmp_path: Path
) -> None:
    root = riverside(tmp_path / "p", files)
    before = errors(root)
    suggested = [f for f in before if f.file == file and words in f.message]
    assert len(suggested) == 1, "\n".join(
        f"{f.file}:{f.line}:{f.column} {f.rule} {f.message}" for f in before
    )
    finding = suggested[0]
    moved = apply(root, finding)
    after = errors(root)
    assert not [f for f in after if f.file == moved and f.rule == finding.rule], after
    assert len(after) < len(before), after
    kept = {f.rule for f in before if f.file == file and f is not finding}
    assert not [f for f in after if f.file == moved and f.rule not in kept], "the fix leads to no new error"


def test_the_base_partnership_is_valid(tmp_path: Path) -> None:
    assert errors(riverside(tmp_path / "p", {})) == []


def test_a_file_named_after_a_title_is_never_told_to_set_that_title_as_its_id(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", {"boards/Health and Housing.yaml": board("health-housing", "[exec]")})
    (message,) = [f.message for f in errors(root) if f.rule == "id-matches-file"]
    assert "set id: Health and Housing" not in message


def test_renaming_is_not_offered_onto_another_file(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", {"boards/housing.yaml": board("hwb", "[exec]")})
    (message,) = [f.message for f in errors(root) if f.rule == "id-matches-file"]
    assert "rename the file to hwb.yaml" not in message and "set id: housing" in message


def test_a_misspelt_key_beside_the_right_one_is_not_renamed_into_a_duplicate(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", {"boards/housing.yaml": board("housing", "[exec]", "nmae: Homes\n")})
    (message,) = [f.message for f in errors(root) if f.rule == "unknown-key"]
    assert "did you mean 'name'" not in message
    assert "'name', which is already set in the same place: remove one of the two" in message


def test_a_name_two_boards_share_is_not_guessed(tmp_path: Path) -> None:
    root = riverside(
        tmp_path / "p",
        {
            "boards/a.yaml": board("a", "[exec]").replace("Board a", "Homes Board"),
            "boards/b.yaml": board("b", "[exec]").replace("Board b", "Homes Board"),
            "boards/c.yaml": board("c", "[Homes Board]"),
        },
    )
    (message,) = [f.message for f in errors(root) if f.file == "data/boards/c.yaml"]
    assert "did you mean" not in message and "takes the id of a board, not its name" in message


def test_thp_validate_says_it_in_plain_words_with_file_line_and_column(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    root = riverside(
        tmp_path / "p",
        {
            "boards/housing.yaml": board("housing", "[Health and Wellbeing Board]"),
            "boards/youth.yaml": "id: youth\nname: Youth Board\nkind: thematic-board\nreports_to: [exec]\n"
            "members:\n  - role: Chair: Youth Voice\n    organisation: rvs\n",
        },
    )
    env = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}
    result = CliRunner().invoke(app, ["validate", "--root", str(root), "--format", "text"], env=env)
    assert result.exit_code == 1, result.output
    assert (
        "4:14 error an entry of 'reports_to' takes the id of a board, not its name or title, and "
        "'Health and Wellbeing Board' is not an id: ids are lower-case letters and digits joined by "
        "single hyphens; did you mean 'hwb', the id of the board 'Health and Wellbeing Board'?"
    ) in " ".join(result.output.split())
    assert (
        "6:11 error a role that contains ': ' must be in quotes, or YAML reads the ':' as the start of "
        'another key: write role: "Chair: Youth Voice"'
    ) in " ".join(result.output.split())
