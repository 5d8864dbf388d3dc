"""thp init names the argument that is wrong and why; thp schema writes all its files or
none, and leaves no folder behind when it fails."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli import atomic
from thp_cli.cli.app import app

from ..conftest import write_partnership

runner = CliRunner()
ENV = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}
SCHEMAS = [
    "board.schema.json",
    "calls_to_action.schema.json",
    "indicator.schema.json",
    "organisations.schema.json",
    "partnership.schema.json",
    "people.schema.json",
    "recommendation.schema.json",
]


def thp(*args: str) -> object:
    return runner.invoke(app, list(args), env=ENV)


def everything(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for a folder)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")
    }


# -- thp init: which argument, and why ----------------------------------------------------
def test_a_folder_that_is_not_empty_is_named_as_dir(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "notes.txt").write_text("keep\n")
    result = thp("init", str(tmp_path / "p"))
    assert result.exit_code == 2
    assert result.output.startswith(f"thp: DIR {tmp_path / 'p'} is not empty;")


def test_a_symbolic_link_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = thp("init", str(tmp_path / "link"))
    assert result.exit_code == 2
    assert f"thp: DIR {tmp_path / 'link'} is a symbolic link;" in result.output
    assert list((tmp_path / "real").iterdir()) == []


def test_a_file_in_the_way_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x")
    result = thp("init", str(tmp_path / "notes" / "p"))
    assert result.exit_code == 2
    assert result.output == (
        f"thp: DIR {tmp_path / 'notes' / 'p'} cannot be made: {tmp_path / 'notes'} is a file, not a folder\n"
    )


def test_a_file_as_dir_is_refused_naming_dir(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x")
    result = thp("init", str(tmp_path / "notes"))
    assert result.exit_code == 2
    assert "thp: DIR " in result.output and "is a file, not a folder" in result.output
    assert (tmp_path / "notes").read_text() == "x"


def test_a_control_character_in_dir_is_blamed_on_dir_not_on_name(tmp_path: Path) -> None:
    result = thp("init", str(tmp_path / "two\nlines"))
    assert result.exit_code == 2
    assert "thp: DIR '" in result.output and "two\\u000alines' has a control character" in result.output
    assert "--name" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_name_too_long_for_a_name_asks_for_name(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 220)
    result = thp("init", str(folder))
    assert result.exit_code == 2
    assert "the name made from DIR's folder name ('Xxxx" in result.output
    assert "is 220 characters long; a name has at most 200; give the partnership's name with --name" in (
        result.output
    )
    assert list(tmp_path.iterdir()) == []


def test_a_long_folder_name_is_made_with_a_name_given(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 250)  # the limit is 255 bytes: the staging folder's name must fit too
    result = thp("init", str(folder), "--name", "Long Partnership")
    assert result.exit_code == 0, result.output
    assert (folder / "data" / "partnership.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_a_folder_name_the_system_refuses_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "deeper" / ("x" * 300)
    result = thp("init", str(folder), "--name", "P")
    assert result.exit_code == 2
    assert result.output.startswith(f"thp: DIR {str(folder)[:150]}")
    assert "cannot be made: File name too long" in result.output
    assert list(tmp_path.iterdir()) == []  # new/deeper, made on the way, are gone again


def test_a_folder_name_too_long_in_an_existing_folder_is_refused_in_words(tmp_path: Path) -> None:
    result = thp("init", str(tmp_path / ("x" * 300)), "--name", "P")
    assert result.exit_code == 2
    assert "cannot be made: File name too long" in result.output
    assert "unexpected error" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("a\tb", "--name has a control character in it"),
        ("Hackney \u202eecnerdnuoP", "--name has a control character in it"),
        ("n" * 201, "--name is 201 characters long; a name has at most 200"),
        ("  ", "--name is empty"),
    ],
)
def test_a_bad_name_is_blamed_on_name_with_the_reason(tmp_path: Path, name: str, says: str) -> None:
    result = thp("init", str(tmp_path / "p"), "--name", name)
    assert result.exit_code == 2
    assert result.output.startswith(f"thp: {says}")
    assert list(tmp_path.iterdir()) == []


# -- thp schema: all or none, and no folder left behind -------------------------------------
@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_partnership(
        tmp_path / "p", {"alpha": {"kind": "partnership-board", "seats": ["acme/Chair"]}}
    )


def test_an_out_folder_that_cannot_be_made_leaves_no_folder(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "made" / "on-the-way" / ("s" * 300)
    result = thp("schema", "--root", str(root), "--out", str(out))
    assert result.exit_code == 2
    assert result.output.startswith(f"thp: cannot make the schemas folder {tmp_path}/made/on-the-way/sss")
    assert "...: File name too long;" in result.output  # the long name is shortened
    assert result.output.endswith("; nothing was written\n")
    assert not (tmp_path / "made").exists()


def test_an_out_folder_name_too_long_in_an_existing_folder(root: Path, tmp_path: Path) -> None:
    result = thp("schema", "--root", str(root), "--out", str(tmp_path / ("s" * 300)))
    assert result.exit_code == 2
    assert "File name too long; nothing was written" in result.output
    assert "unexpected error" not in result.output


def test_a_file_that_cannot_be_written_means_none_is(root: Path) -> None:
    (root / "schemas" / "board.schema.json").mkdir(parents=True)  # in the way of one schema
    result = thp("schema", "--root", str(root))
    assert result.exit_code == 2
    assert result.output == (
        f"thp: cannot write {root / 'schemas' / 'board.schema.json'}: it is a folder, not a file; "
        "nothing was written\n"
    )
    assert sorted(everything(root / "schemas")) == ["board.schema.json"]


def _fail_on(monkeypatch: pytest.MonkeyPatch, call: int) -> None:
    """The ``call``-th rename fails as a full disk would."""
    real = os.replace
    calls = {"n": 0}

    def replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == call:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)


def test_a_failure_part_way_leaves_no_folder_and_no_file(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on(monkeypatch, 4)
    out = tmp_path / "editor" / "schemas"
    result = thp("schema", "--root", str(root), "--out", str(out))
    assert result.exit_code == 2
    assert "No space left on device; nothing was written" in result.output
    assert not (tmp_path / "editor").exists()


def test_a_failure_part_way_puts_the_old_schemas_and_data_back(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert thp("schema", "--root", str(root)).exit_code == 0
    for name in SCHEMAS:
        (root / "schemas" / name).write_text("{}\n")  # out of date
    before = everything(root)
    _fail_on(monkeypatch, len(SCHEMAS) + 2)  # every schema replaced, then a data file's modeline fails
    result = thp("schema", "--root", str(root), "--modelines")
    assert result.exit_code == 2
    assert "nothing was written" in result.output
    assert everything(root) == before  # no temporary file either


def test_schema_then_succeeds_and_check_agrees(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "schemas"
    assert thp("schema", "--root", str(root), "--out", str(out)).exit_code == 0
    assert sorted(everything(out)) == SCHEMAS
    assert thp("schema", "--root", str(root), "--out", str(out), "--check").exit_code == 0
