"""Loose ends of the hostile-input work: every command that reads a file refuses what is
not a regular file at once, and a --root the system cannot name is a plain message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import REPO

runner = CliRunner()
ENV = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}


@pytest.mark.parametrize(
    "command", [["validate"], ["overlap"], ["report", "annual"], ["export", "csv"], ["schema"]]
)
def test_a_root_name_the_system_refuses_is_no_data_folder(tmp_path: Path, command: list[str]) -> None:
    root = tmp_path / ("z" * 300)
    result = runner.invoke(app, [*command, "--root", str(root)], env=ENV)
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output
    assert "no 'data' folder" in result.output


def _thp(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """thp in a child process, bounded in time: a hang fails the test instead of stopping the run."""
    env = {**os.environ, **ENV}
    return subprocess.run(
        [sys.executable, "-m", "thp_cli", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


SWAP = """
import os, sys
from pathlib import Path
from thp_cli.schema import write as schema
found = schema.data_files

def swapped(data):  # the board is a file when listed, a pipe when read
    for path, kind in found(data):
        if path.name == "health.yaml":
            path.unlink()
            os.mkfifo(path)
        yield path, kind

schema.data_files = swapped
from thp_cli.cli.app import app
sys.argv = ["thp", "schema", "--modelines", "--root", sys.argv[1]]
app()
"""


def test_schema_modelines_refuses_a_data_file_swapped_for_a_pipe(partnership: Path) -> None:
    before = {p: p.read_bytes() for p in (partnership / "data").rglob("*.yaml")}
    env = {**os.environ, **ENV}
    done = subprocess.run(
        [sys.executable, "-c", SWAP, str(partnership)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "health.yaml" in done.stderr and "pipe" in done.stderr
    assert "Traceback" not in done.stderr
    for path, raw in before.items():
        if path.name != "health.yaml":
            assert path.read_bytes() == raw  # all or none: no modeline was added anywhere
    assert not (partnership / "schemas").exists()


def test_schema_modelines_passes_over_a_pipe_under_data(partnership: Path) -> None:
    board = partnership / "data" / "boards" / "health.yaml"
    board.unlink()
    os.mkfifo(board)
    done = _thp(partnership, "schema", "--modelines")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "health.yaml" not in done.stdout
    assert (partnership / "data" / "boards" / "safety.yaml").read_text().startswith("# yaml-language-server")


def test_schema_check_does_not_wait_on_a_schema_that_is_a_pipe(partnership: Path) -> None:
    assert _thp(partnership, "schema").returncode == 0
    fifo = partnership / "schemas" / "board.schema.json"
    fifo.unlink()
    os.mkfifo(fifo)
    done = _thp(partnership, "schema", "--check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "board.schema.json" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_an_id_offered_for_a_file_is_never_another_files(partnership: Path) -> None:
    """'Safety.yaml' beside 'safety.yaml' is offered an id, and a file name, that no file has:
    the advice, applied as written, leaves no error about either file."""
    boards = partnership / "data" / "boards"
    text = (boards / "safety.yaml").read_text().replace("id: safety", "id: Safety", 1)
    (boards / "Safety.yaml").write_text(text)
    done = runner.invoke(app, ["validate", "--root", str(partnership), "--as-of", "2024-09-01"], env=ENV)
    assert "rename the file to safety.yaml" not in done.output
    assert "for example 'safety-2', and rename the file to safety-2.yaml" in done.output
    # applied as written: no error about either file
    (boards / "Safety.yaml").unlink()
    (boards / "safety-2.yaml").write_text(text.replace("id: Safety", "id: safety-2", 1))
    args = ["validate", "--root", str(partnership), "--as-of", "2024-09-01", "-f", "json"]
    done = runner.invoke(app, args, env=ENV)
    errors = [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    assert [f for f in errors if f["file"].endswith(("safety-2.yaml", "/safety.yaml"))] == []


def test_words_spelt_with_zero_width_joiners_are_shown_as_written() -> None:
    """Bengali, Persian and emoji spell words with U+200C and U+200D: output keeps them,
    while the zero-width space and bidi controls are still shown escaped."""
    from thp_cli.inert import escape, lines
    from thp_cli.templating import md_escape
    from thp_cli.text import clean

    bengali = "র\u200dযাব"  # ra-phala, spelt with a zero-width joiner
    persian = "می\u200cخواهم"  # a zero-width non-joiner inside a word
    for word in (bengali, persian):
        assert escape(word) == word and lines(word) == word and clean(word) == word
        assert md_escape(word) == word
    assert escape("a\u200bb\u202ec") == "a\\u200bb\\u202ec"
