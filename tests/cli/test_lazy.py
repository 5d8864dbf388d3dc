"""The command tree is built lazily (issue #17): ``thp --help`` lists every command from
its summary without building it, and what it lists is what the built commands say."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from thp_cli.cli.app import COMMANDS, app
from thp_cli.cli.lazy import LazyCommands


def root() -> typer.core.TyperGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return group


@pytest.mark.parametrize("limit", [10, 20, 33, 45, 60, 80, 120, 200, 1000])
def test_each_summary_shortens_as_the_built_command_help_does(limit: int) -> None:
    built = root().commands
    for entry in COMMANDS:
        stand_in = LazyCommands([entry], lambda e: None).listed(entry.name)
        assert stand_in.get_short_help_str(limit) == built[entry.name].get_short_help_str(limit), entry.name


@pytest.mark.parametrize("width", [40, 80, 88, 200])
def test_help_lists_what_the_built_tree_lists(width: int) -> None:
    """The listing from summaries, and the same listing once every command is built
    (as completion or the README's generator builds them), are the same text."""
    group = root()
    formatter = typer._click.formatting.HelpFormatter(width=width)
    ctx = typer.Context(group, info_name="thp")
    group.format_commands(ctx, formatter)
    lazy = formatter.getvalue()
    assert "validate" in lazy and "meeting" in lazy
    for name in list(group.commands):
        group.get_command(ctx, name)  # builds it
    formatter = typer._click.formatting.HelpFormatter(width=width)
    group.format_commands(ctx, formatter)
    assert formatter.getvalue() == lazy


def test_every_module_command_is_listed_once_in_its_place() -> None:
    """A command a module under cli/ defines (its COMMANDS, or its GROUP) but the app's
    list leaves out would be unreachable: every one is listed, once, from its module."""
    import importlib
    import pkgutil

    import thp_cli.cli

    listed = {entry.name: entry.module for entry in COMMANDS}
    assert len(listed) == len(COMMANDS)
    defined: dict[str, str] = {}
    for info in pkgutil.iter_modules(thp_cli.cli.__path__):
        loaded = importlib.import_module(f"thp_cli.cli.{info.name}")
        if hasattr(loaded, "GROUP"):
            defined[loaded.GROUP.name] = info.name
        elif hasattr(loaded, "COMMANDS") and info.name != "app":
            defined |= {name: info.name for name, _ in loaded.COMMANDS}
    assert defined == listed


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "from thp_cli.cli.app import app\n"
        "try:\n    app(['--help'], prog_name='thp')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('thp_cli.') and m not in "
        "('thp_cli.cli', 'thp_cli.cli.app', 'thp_cli.cli.lazy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_commands_still_run_and_misspellings_are_still_suggested() -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["valdate"], prog_name="thp")
    assert done.exit_code == 2
    assert "Did you mean 'validate'" in done.output
    done = runner.invoke(app, ["report", "--help"], prog_name="thp")
    assert done.exit_code == 0 and "annual" in done.output
    done = runner.invoke(app, ["nosuch", "--help"], prog_name="thp")
    assert done.exit_code == 2 and "No such command 'nosuch'" in done.output
