"""The command line's shared options and its one error handler: format choices come
from the renderers' keys, flags are spelled as the running command spells them, and
exit codes say who has to act (2: the user, 3: thp's maintainers)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.errors import EXIT_BUG, EXIT_CANNOT_RUN, Flag, ThpError


def choices_of(words: list[str], option: str = "--format") -> list[str]:
    command = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    (param,) = [p for p in command.params if option in p.opts]
    return list(typing.get_args(param.type_descriptor.annotation))  # type: ignore[attr-defined]


def test_format_choices_are_the_renderers_keys() -> None:
    from thp_cli.catalogue_output import RULES_RENDERERS
    from thp_cli.history.render import DIFF_RENDERERS, HISTORY_RENDERERS
    from thp_cli.overlap.render import RENDERERS
    from thp_cli.report.annual import TEMPLATES
    from thp_cli.reporters import REPORTERS

    assert choices_of(["validate"]) == ["auto", *REPORTERS]
    assert choices_of(["rules"]) == list(RULES_RENDERERS)
    assert choices_of(["overlap"]) == list(dict.fromkeys(["auto", "table", *RENDERERS]))
    assert choices_of(["report", "annual"]) == list(TEMPLATES)
    assert choices_of(["diff"]) == choices_of(["history"]) == ["auto", *DIFF_RENDERERS]
    assert list(DIFF_RENDERERS) == list(HISTORY_RENDERERS)


def test_as_of_has_one_help_text_for_each_meaning() -> None:
    """``--as-of`` reads the data as it stood on a day, or (where meetings are recorded)
    dates what is recorded: one help text for each, never a third."""
    helps: dict[str, set[str]] = {}
    command = typer.main.get_command(app)

    def walk(node: typing.Any, path: str) -> None:
        for name, sub in getattr(node, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())
        for p in getattr(node, "params", []):
            if "--as-of" in p.opts:
                helps.setdefault(p.help, set()).add(path)

    walk(command, "")
    assert len(helps) == 2, helps
    recording = next(paths for text, paths in helps.items() if "record" in text and "on disk" in text)
    assert recording == {
        "meeting add",
        "meeting set",
        "import moderngov",
        "import csv",
        "import xlsx",
        "update add",
        "action status",
        "indicator record",
    }


@pytest.mark.parametrize(
    "failure", [ThpError(Flag("out"), " is refused"), ThpError(Flag("new_thing"), " too")]
)
def test_a_flag_is_spelled_as_the_running_command_spells_it(
    failure: ThpError, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr("thp_cli.overlap.analysis.overlap", refuse)
    result = CliRunner().invoke(app, ["overlap", "--root", str(tmp_path), "--as-of", "2024-01-01"])
    assert result.exit_code == EXIT_CANNOT_RUN
    expected = "--out is refused" if failure.parts[0] == Flag("out") else "--new-thing too"
    assert result.stderr == f"thp: {expected}\n"


def test_a_bug_in_thp_exits_3_and_usage_errors_stay_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr("thp_cli.overlap.analysis.overlap", broken)
    result = CliRunner().invoke(app, ["overlap", "--root", str(tmp_path), "--as-of", "2024-01-01"])
    assert result.exit_code == EXIT_BUG == 3
    assert result.stderr.count("thp: unexpected error: KeyError") == 1
    assert CliRunner().invoke(app, ["overlap", "--format", "xml"]).exit_code == EXIT_CANNOT_RUN
    assert CliRunner().invoke(app, ["no-such-command"]).exit_code == EXIT_CANNOT_RUN
