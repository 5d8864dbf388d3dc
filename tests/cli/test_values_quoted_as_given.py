"""Issue #10, second round: messages that quote what the user gave, as it was given.

- ``thp init ""`` says DIR is empty (Typer would make it ``.``), and ``thp init .``
  in an empty folder works instead of failing with "Invalid argument".
- A value quoted in a message is escaped once: ``'counci\\u001bl'``, never
  ``'counci\\\\u001bl'`` (clean then ``!r``) nor ``'saf\\x1bety'`` (``!r`` alone).
- ``thp diff`` and ``thp history`` capitalise thp's own first word, never a role.
- ``--year`` takes four ASCII digits only, and says so in a sentence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import AS_OF, BASE, REPO, build_case, new_repo

runner = CliRunner()
ESC = "\x1b"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return build_case(BASE, tmp_path / "p")


# -- thp init ---------------------------------------------------------------------
def test_init_with_an_empty_dir_says_dir_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "empty"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run("init", "")
    assert code == 2 and out == ""
    assert "DIR is empty" in err
    assert "Invalid argument" not in err and "DIR ." not in err
    assert list(here.iterdir()) == []


def test_init_dot_in_an_empty_folder_makes_the_repository_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "hackney-partnership"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run("init", ".")
    assert code == 0, err
    assert "data/partnership.yaml" in out
    assert (here / "data" / "partnership.yaml").is_file()
    assert "Hackney Partnership" in (here / "data" / "partnership.yaml").read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".thp-init")]


# -- a quoted value is escaped once -------------------------------------------------
def test_quote_escapes_once_and_never_shows_python_repr() -> None:
    from thp_cli.text import quote

    assert quote(f"saf{ESC}ety") == "'saf\\u001bety'"
    assert quote("a\\u001bb") == "'a\\u001bb'"  # already-escaped text is left as it is
    assert quote(7) == "'7'"


def test_an_option_value_is_escaped_once_in_member_add(root: Path) -> None:
    code, _, err = run(
        "member", "add", "safety", "--role", "X", "--organisation", f"counci{ESC}l", "--root", str(root)
    )
    assert code == 2
    assert "--organisation 'counci\\u001bl' is not an id" in err
    assert "\\\\u001b" not in err and ESC not in err


@pytest.mark.parametrize("command", [["overlap"], ["export", "ics"]])
def test_board_option_is_quoted_like_every_other_value(root: Path, command: list[str]) -> None:
    code, _, err = run(*command, "--board", f"saf{ESC}ety", "--root", str(root), "--as-of", AS_OF)
    assert code == 2
    assert "--board 'saf\\u001bety' is no board; did you mean 'safety'?" in err
    assert "\\x1b" not in err and ESC not in err


def test_no_message_in_the_source_quotes_with_repr() -> None:
    """The one quoting helper is findings.quote: no f-string ``!r`` in thp's messages."""
    import re

    src = REPO / "src" / "thp_cli"
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(src.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"!r\}|!a\}|%r", line)
    ]
    assert offenders == []


# -- --year -----------------------------------------------------------------------
@pytest.mark.parametrize("year", ["2024.0", " 2024", "2024 ", "+2024", "٢٠٢٤", "２０２４", "2_024", "abc"])
def test_year_is_four_ascii_digits_only(root: Path, year: str) -> None:
    code, out, err = run("report", "annual", "--year", year, "--root", str(root), "--as-of", AS_OF)
    assert code == 2
    assert out == ""
    assert "is not a year written as four digits" in err
    assert "Input should be" not in err and "Invalid value" not in err


def test_year_near_a_year_suggests_it(root: Path) -> None:
    _, _, err = run("report", "annual", "--year", "2024.0", "--root", str(root), "--as-of", AS_OF)
    assert "did you mean --year 2024?" in err


def test_an_empty_year_is_a_plain_sentence(root: Path) -> None:
    code, out, err = run("report", "annual", "--year", "", "--root", str(root), "--as-of", AS_OF)
    assert code == 2 and out == ""
    assert err.startswith("thp: --year is empty")
    assert "Input should be" not in err and "Usage:" not in err


@pytest.mark.parametrize("year", ["1899", "3000", "0999", "20240", "99999999999999999999"])
def test_year_out_of_range(root: Path, year: str) -> None:
    code, _, err = run("report", "annual", "--year", year, "--root", str(root), "--as-of", AS_OF)
    assert code == 2
    assert "out of range: give a year from 1900 to 2999" in err


def test_a_four_digit_year_still_makes_the_report(root: Path) -> None:
    code, out, err = run("report", "annual", "--year", "2024", "--root", str(root), "--as-of", AS_OF)
    assert code == 0, err
    assert "2024" in out


# -- diff and history show a role as written ------------------------------------------
# The sentences name boards and organisations by id or by name; these tests look only at
# how each sentence begins: with the role as written, or with thp's own capitalised word.
@pytest.fixture
def role_repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    repo = new_repo(tmp_path / "repo")
    repo.commit("start", "2024-01-10")
    repo.edit(
        "data/boards/safety.yaml",
        "  - role: Borough Commander\n",
        '  - role: "\\u200etab here"\n    organisation: council\n  - role: "lower case role"\n'
        "    organisation: council\n  - role: Borough Commander\n",
    )
    repo.commit("add seats", "2024-02-10")
    repo.edit("data/boards/safety.yaml", '  - role: "lower case role"\n    organisation: council\n', "")
    repo.commit("remove a seat", "2024-03-10")
    return repo


def _bullets(out: str) -> list[str]:
    """The sentences of a text or Markdown list, or of a Markdown table's last column."""
    said = [line.strip()[2:] for line in out.splitlines() if line.strip().startswith("- ")]
    said += [line.split(" | ")[-1].rstrip(" |") for line in out.splitlines() if line.startswith("| 20")]
    return said


@pytest.mark.parametrize(
    ("command", "fmt"), [("diff", "text"), ("diff", "md"), ("history", "text"), ("history", "md")]
)
def test_a_sentence_opening_with_a_role_shows_it_as_written(role_repo, command: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    args = ["diff", "HEAD~2", "HEAD~1"] if command == "diff" else ["history", "safety"]
    code, out, err = run(*args, "--root", str(role_repo.root), "--format", fmt)
    assert code == 0, err
    # a role opening with a left-to-right mark (a bidi control a role may hold), shown escaped
    tab = "\\u200etab here (" if fmt == "text" else "\\\\u200etab here ("  # Markdown escapes the backslash
    said = _bullets(out)
    assert any(s.startswith(tab) and " joined " in s for s in said), said
    assert any(s.startswith("lower case role (") and " joined " in s for s in said), said
    if command == "history":
        assert any(s.startswith("lower case role (") and " left " in s for s in said), said
    assert "Tab here" not in out and "Lower case role" not in out


def test_thp_s_own_opening_word_is_still_capitalised(role_repo) -> None:  # type: ignore[no-untyped-def]
    role_repo.edit(
        "data/boards/safety.yaml",
        '"\\u200etab here"\n    organisation: council\n',
        '"\\u200etab here"\n    organisation: council\n    until: 2024-12-31\n',
    )
    role_repo.commit("an end date", "2024-04-10")
    code, out, err = run("diff", "HEAD~1", "HEAD", "--root", str(role_repo.root))
    assert code == 0, err
    assert any(s.startswith("The seat \\u200etab here (") for s in _bullets(out)), out


def test_json_summaries_keep_the_role_as_written(role_repo) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("diff", "HEAD~2", "HEAD~1", "--root", str(role_repo.root), "--format", "json")
    assert code == 0, err
    summaries = [c["summary"] for c in json.loads(out)["changes"]]
    assert any(s.startswith("lower case role (") for s in summaries), summaries


# -- an empty path option is refused, never read as the current folder ------------------
@pytest.mark.parametrize(
    ("args", "noun"),
    [
        (["overlap", "--out", ""], "file"),
        (["export", "xlsx", "--out", ""], "file"),
        (["validate", "--baseline", ""], "file"),
        (["report", "annual", "--templates", ""], "folder"),
        (["schema", "--out", ""], "folder"),
        (["validate", "--root", ""], "folder"),
    ],
)
def test_an_empty_path_option_is_refused(
    root: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], noun: str
) -> None:
    monkeypatch.chdir(root)
    before = sorted(p.name for p in root.iterdir())
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert f"it is empty: give a {noun}'s name" in err
    assert sorted(p.name for p in root.iterdir()) == before  # schema --out "" wrote into the current folder


def test_out_naming_a_folder_and_templates_naming_a_file_are_refused(root: Path) -> None:
    code, _, err = run("overlap", "--root", str(root), "--out", str(root / "data"))
    assert code == 2 and "is a folder; give a file's name" in err
    code, _, err = run(
        "report", "annual", "--root", str(root), "--templates", str(root / "data" / "people.yaml")
    )
    assert code == 2 and "is a file, not a folder" in err
