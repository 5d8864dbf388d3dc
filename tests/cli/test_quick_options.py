"""Option values converted without pydantic (cli/lazy.py's ``quicken``) give exactly what
Typer's own conversion gives: the same value, or the same refusal in the same words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._coercion import build_runtime_param

from thp_cli.cli.app import COMMANDS, app


def every_parameter() -> list[tuple[str, Any, Any]]:
    """Each option of every command: (where, the command, the option)."""
    root = typer.main.get_command(app)
    found: list[tuple[str, Any, Any]] = [("thp", root, p) for p in root.params]
    todo = [(entry.name, root.commands[entry.name]) for entry in COMMANDS]  # type: ignore[attr-defined]
    while todo:
        name, command = todo.pop()
        todo += [(f"{name} {sub}", c) for sub, c in getattr(command, "commands", {}).items()]
        found += [(name, command, p) for p in command.params]
    return found


def outcome(convert: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return ("value", convert._coerce_value(value, param=param, ctx=ctx))
    except Exception as error:  # noqa: BLE001 - the refusal is what is compared
        return (type(error).__name__, str(error))


def test_every_option_converts_every_value_as_typer_would(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    values: list[Any] = [
        "text", "json", "TEXT", "nope", "", "a\udcff", "zwölf", "2024-09-01", "12", "-1", "1.5",
        ".", str(tmp_path), str(tmp_path / "file.txt"), str(tmp_path / "absent"), True, False,
        Path("."), 0, 1, 10, 10_000, -3, 0.0, 0.5, 1.0, 2.5,
    ]  # fmt: skip
    quick = 0
    for where, command, param in every_parameter():
        ctx = typer.Context(command)
        param._runtime_param = None
        ours = param.get_runtime_param()
        quick += type(ours).__name__ == "Quick"
        own = build_runtime_param(param.type_descriptor)
        for value in values:
            got, expected = outcome(ours, value, param, ctx), outcome(own, value, param, ctx)
            assert got == expected, (where, param.name, value)
    assert quick > 100  # most options are strings, choices, flags or paths: the test covers them


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "nope"],
        ["validate", "--root", ""],
        ["validate", "--baseline", "."],
        ["overlap", "--threshold", "x"],
        ["report", "annual", "--format", "pdf"],
    ],
)
def test_a_refused_option_is_refused_in_typers_words_without_the_quick_conversion_too(
    tmp_path: Path, args: list[str]
) -> None:
    """The same command line, run with and without the quick conversion, prints the same."""
    code = (
        "import sys, thp_cli.cli.lazy as lazy\n"
        "if sys.argv[1] == 'own': lazy.quicken = lambda: None\n"
        "from thp_cli.cli.app import app\n"
        "app(sys.argv[2:], prog_name='thp')\n"
    )
    env = {"NO_COLOR": "1", "COLUMNS": "100", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    ours, own = (
        subprocess.run([sys.executable, "-c", code, way, *args], capture_output=True, env=env, cwd=tmp_path)
        for way in ("quick", "own")
    )
    assert ours.returncode == own.returncode == 2
    assert ours.stderr == own.stderr and ours.stdout == own.stdout
    assert b"Invalid value" in ours.stderr or b"Usage" in ours.stderr
