"""``thp validate`` and ``thp rules``: check the data, and list the rules it is checked by.

Thin commands: options -> one call into validate.py -> a reporter of reporters.py
(``--format``'s choices are its keys). Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..catalogue_output import RULES_RENDERERS
from ..errors import EXIT_FINDINGS
from ..reporters import REPORTERS
from .options import (
    AUTO,
    AsOfOption,
    Commands,
    RootOption,
    as_of_date,
    choices,
    chosen,
    format_option,
    path_option,
    read_note,
)

if TYPE_CHECKING:  # a choice is a str
    OutputFormat = str
    RulesFormat = str
else:
    OutputFormat = choices([AUTO], REPORTERS)
    RulesFormat = choices(RULES_RENDERERS)


def validate(
    root: RootOption = Path("."),
    format: Annotated[
        OutputFormat,
        format_option(
            "text for people, json for programs, github for GitHub Actions "
            "annotations and a job summary, sarif (SARIF 2.1.0) for GitHub code scanning; "
            "auto picks github when GITHUB_ACTIONS=true.",
        ),
    ] = AUTO,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings as well as errors.")
    ] = False,
    as_of: AsOfOption = None,
    baseline: Annotated[
        Path | None,
        path_option(
            "--baseline",
            kind="file",
            help="The output of an earlier thp validate --format json (say, at the base of a pull "
            "request): findings not in it are marked new in this change.",
        ),
    ] = None,
) -> None:
    """Check every file under data/ and report each problem with its file, line and column.

    Exit code 0: no errors (warnings allowed unless --strict). 1: errors found.
    2: thp could not run (no data/ folder, a bad option). 3: a bug in thp.
    """
    from ..ending import off_to_the_end
    from ..reporters import read_baseline, report
    from ..validate import validate as run

    off_to_the_end()  # what the run makes lives until it has reported
    earlier = read_baseline(baseline) if baseline is not None else None
    on = as_of_date(as_of)
    read_note(root, on)
    result = run(root, on)
    report(result, chosen(format, people="text", actions="github"), strict=strict, baseline=earlier)
    if not result.ok(strict):
        raise typer.Exit(EXIT_FINDINGS)


def rules(
    format: Annotated[
        RulesFormat,
        format_option("text, json, or markdown (the README's table)."),
    ] = "text",
) -> None:
    """List every rule thp checks: its id, default severity, and where it comes from.

    A partnership can change a rule's severity in data/partnership.yaml:
    rules: {co-chairing: error}. Rules about reading files cannot be changed.
    """
    from ..catalogue_output import render_rules

    typer.echo(render_rules(format), nl=False)


COMMANDS: Commands = [("validate", validate), ("rules", rules)]
"""The commands of this module, by name, for the app to register."""
