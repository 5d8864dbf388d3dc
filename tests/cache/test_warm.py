"""A warm run (nothing changed since the last) gives the last answer cheaply: it imports none
of the libraries that work the answer out, and checks every file's bytes, never a time stamp."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from thp_cli import cache

from ..conftest import AS_OF, BASE, build_case

HEAVY = ("pydantic", "ruamel", "networkx", "jinja2", "rich", "thp_cli.model", "thp_cli.rules", "yaml")
"""Modules a remembered answer needs none of (the first part of a module's dotted name)."""


def run(root: Path, home: Path, *args: str, command: str = "validate") -> tuple[bytes, int, set[str]]:
    """``thp validate`` (or ``command``) in a fresh process with the cache on: its output, exit
    code and the modules it imported."""
    env = {k: v for k, v in os.environ.items() if k != cache.ENV and not k.startswith("GIT_")}
    env.update(XDG_CACHE_HOME=str(home), NO_COLOR="1", GITHUB_ACTIONS="", FORCE_COLOR="")
    argv = [sys.executable, "-X", "importtime", "-m", "thp_cli", command, "--root", str(root)]
    done = subprocess.run([*argv, "--as-of", AS_OF, *args], capture_output=True, env=env, check=False)
    imported = set()
    for line in done.stderr.decode().splitlines():
        if line.startswith("import time:") and "|" in line:
            imported.add(line.rsplit("|", 1)[1].strip())
    return done.stdout, done.returncode, imported


def heavy(imported: set[str]) -> set[str]:
    return {name for name in imported if any(name == h or name.startswith(h + ".") for h in HEAVY)}


@pytest.mark.parametrize("form", ["text", "json", "github"])  # SARIF describes every rule: it reads them
def test_a_warm_run_imports_nothing_that_works_the_answer_out(tmp_path: Path, form: str) -> None:
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"  # some findings, so every output has lines
    board.write_text(board.read_text().replace("kind: thematic-board", "kind: thematic"))
    cold, cold_code, cold_imports = run(root, tmp_path / "home", "--format", form)
    warm, warm_code, warm_imports = run(root, tmp_path / "home", "--format", form)
    assert heavy(cold_imports)  # the cold run did the work: the test can tell
    assert (warm, warm_code) == (cold, cold_code) and warm_code == 1
    assert b"thematic" in warm
    assert heavy(warm_imports) == set()


def test_a_warm_overlap_imports_nothing_that_works_the_answer_out(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    args = ("--format", "json")  # a number typed (--threshold 0) is converted by Typer, with pydantic
    cold, _, cold_imports = run(root, tmp_path / "home", *args, command="overlap")
    warm, code, warm_imports = run(root, tmp_path / "home", *args, command="overlap")
    assert heavy(cold_imports) and warm == cold and code == 0 and b'"pairs"' in warm
    assert heavy(warm_imports) == set()


def test_a_changed_file_after_a_warm_run_is_worked_out_again(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    first, _, _ = run(root, tmp_path / "home", "--format", "json")
    warm, _, imported = run(root, tmp_path / "home", "--format", "json")
    assert warm == first and not heavy(imported)
    board = root / "data" / "boards" / "health.yaml"
    text = board.read_text()
    board.write_text(text.replace("kind: thematic-board", "kind: thematic-boarx"))  # the same size
    changed, code, imported = run(root, tmp_path / "home", "--format", "json")
    assert b"thematic-boarx" in changed and code == 1 and heavy(imported)
    board.write_text(text)
    back, code, _ = run(root, tmp_path / "home", "--format", "json")
    assert back == first and code == 0


def test_a_file_swapped_for_a_link_to_the_same_bytes_is_not_served_the_old_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.validate import validate

    monkeypatch.delenv(cache.ENV, raising=False)
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    first = validate(root, None)
    elsewhere = tmp_path / "health.yaml"
    elsewhere.write_bytes(board.read_bytes())
    board.unlink()
    board.symlink_to(elsewhere)
    linked = validate(root, None)
    assert linked != first
    assert any(f.file == "data/boards/health.yaml" for f in linked.findings)
    monkeypatch.setenv(cache.ENV, "1")
    assert validate(root, None) == linked


def test_a_file_grown_past_what_was_read_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.validate import validate

    monkeypatch.delenv(cache.ENV, raising=False)
    root = build_case(BASE, tmp_path / "p")
    people = root / "data" / "people.yaml"
    first = validate(root, None)
    with people.open("a") as handle:
        handle.write("  - {id: broken\n")
    grown = validate(root, None)
    assert grown != first and any(f.file == "data/people.yaml" for f in grown.findings)
    monkeypatch.setenv(cache.ENV, "1")
    assert validate(root, None) == grown
