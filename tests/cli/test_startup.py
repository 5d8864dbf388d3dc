"""Every command's ``--help`` starts without the heavy libraries: they load inside the
command bodies, when a command runs.

Each case runs ``thp <command...> --help`` in a fresh interpreter and lists what it
imported. pydantic is not on the list: this Typer coerces parameters with pydantic, so
any subcommand's ``--help`` loads it; thp's own pydantic models (``thp_cli.model``) are.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from thp_cli.cli.app import app

HEAVY = (
    "networkx",
    "jinja2",
    "ruamel",
    "openpyxl",
    "icalendar",
    "rich",
    "thp_cli.model",
    "thp_cli.dataset",
    "thp_cli.yamlio.load",
    "thp_cli.history.git",
    "thp_cli.history.sources",
    "thp_cli.edit.session",
    "thp_cli.schema",
    "thp_cli.report.content",
)
"""Libraries (and thp modules that load them) no ``--help`` may import."""

RUN = """
import json, sys
heavy = json.loads(sys.argv[2])
sys.argv = ["thp", *json.loads(sys.argv[1]), "--help"]
from thp_cli.cli.app import app
try:
    app(prog_name="thp")
except SystemExit as done:
    code = done.code
print("LOADED", json.dumps(sorted(h for h in heavy if h in sys.modules)), code)
"""


def command_paths() -> list[list[str]]:
    """The words of every command in the Click tree, groups included, and the app itself."""
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


@pytest.mark.parametrize("words", command_paths(), ids=lambda words: " ".join(["thp", *words]))
def test_help_imports_nothing_heavy(words: list[str]) -> None:
    args = [sys.executable, "-c", RUN, json.dumps(words), json.dumps(HEAVY)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    last = done.stdout.strip().splitlines()[-1]
    assert last == "LOADED [] 0", (last, done.stderr[-2000:])


def test_the_tree_has_every_command() -> None:
    names = {" ".join(words) for words in command_paths()}
    assert {"validate", "rules", "overlap", "report annual", "diff", "history", "schema", "init"} <= names
    assert {
        "member add",
        "member set",
        "member remove",
        "export csv",
        "export ics",
        "import moderngov",
    } <= names
