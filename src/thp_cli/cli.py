"""The ``thp`` command line: thin commands over the library.

Each command maps its options onto one library call and hands the result to
a reporter. Heavy libraries (pydantic, networkx, jinja2) are imported inside
the commands that need them, so ``thp --help`` starts fast.
"""

import datetime as dt
import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import EXIT_FINDINGS, ThpError, error_handler

app = typer.Typer(
    name="thp",
    help=(
        "Run a local strategic partnership's governance as code: boards and their "
        "seats, organisations, the plan's calls to action and the review's "
        "recommendations, kept as YAML under data/."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(str, enum.Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class OverlapFormat(str, enum.Enum):
    auto = "auto"
    table = "table"
    json = "json"
    csv = "csv"
    graphml = "graphml"
    dot = "dot"
    mermaid = "mermaid"


class ReportFormat(str, enum.Enum):
    md = "md"
    html = "html"


report_app = typer.Typer(
    name="report",
    help="Write the partnership's reports from its data.",
    no_args_is_help=True,
)
app.add_typer(report_app)


class RulesFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


# -- options shared by several commands, defined once ------------------------
RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        envvar="THP_ROOT",
        help="The partnership repository: the folder that holds data/. Default: the current folder.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Judge the data as on this day (YYYY-MM-DD): which seats are current, "
        "which meetings are recent. Default: today.",
        show_default=False,
    ),
]


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ThpError(f"--as-of {value!r} is not a date; write YYYY-MM-DD") from None


OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write to this file (atomically) instead of printing.",
        show_default=False,
        dir_okay=False,
    ),
]


def _emit(text: str, out: Path | None) -> None:
    """Print ``text``, or write it to ``out`` in one atomic step."""
    if out is None:
        typer.echo(text, nl=False)
        return
    from .atomic import write_atomic

    try:
        write_atomic(out, text.encode("utf-8"))
    except OSError as error:
        raise ThpError(f"cannot write {out}: {error.strerror or error}") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback if thp itself fails.")
    ] = False,
) -> None:
    """thp: the partnership's governance as code."""
    _state["debug"] = debug


def _err(text: str) -> None:
    typer.echo(text, err=True)


@app.command()
def validate(
    root: RootOption = Path("."),
    format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for programs, github for GitHub Actions "
            "annotations and a job summary, sarif (SARIF 2.1.0) for GitHub code scanning; "
            "auto picks github when GITHUB_ACTIONS=true.",
        ),
    ] = OutputFormat.auto,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings as well as errors.")
    ] = False,
    as_of: AsOfOption = None,
) -> None:
    """Check every file under data/ and report each problem with its file, line and column.

    Exit code 0: no errors (warnings allowed unless --strict). 1: errors found.
    2: thp could not run (no data/ folder, a bad option).
    """
    with error_handler(_state["debug"], _err):
        from .reporters import report
        from .validate import validate as run

        result = run(root, _as_of(as_of))
        report(result, format.value, strict=strict)
    if not result.ok(strict):
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def rules(
    format: Annotated[
        RulesFormat,
        typer.Option("--format", "-f", help="text, json, or markdown (the README's table)."),
    ] = RulesFormat.text,
) -> None:
    """List every rule thp checks: its id, default severity, and where it comes from.

    A partnership can change a rule's severity in data/partnership.yaml:
    rules: {co-chairing: error}. Rules about reading files cannot be changed.
    """
    with error_handler(_state["debug"], _err):
        from .catalogue_output import render_rules

        typer.echo(render_rules(format.value), nl=False)


@app.command()
def overlap(
    root: RootOption = Path("."),
    format: Annotated[
        OverlapFormat,
        typer.Option(
            "--format",
            "-f",
            help="table for people (the default on a terminal), json (the default otherwise), "
            "csv for a spreadsheet, graphml for yEd or Gephi, dot for Graphviz, mermaid for "
            "GitHub Markdown.",
        ),
    ] = OverlapFormat.auto,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            help="List pairs (and cluster boards) whose overlap score is at least this, from 0 to 1.",
        ),
    ] = 0.2,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, help="Only the N most overlapping pairs.", show_default=False),
    ] = None,
    board: Annotated[
        str | None,
        typer.Option("--board", help="Only what involves this board (its id).", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
) -> None:
    """Find duplicate and overlapping boards, and the seats that hold the partnership together.

    For every pair of boards that share seats, actions or topics: how much they
    overlap, in one score from 0 to 1 (seats weigh most), and why, in a sentence.
    Also: clusters of overlapping boards, seats and organisations on many boards,
    seats that are the only link between boards, and boards that review annex 1
    asks chairs to look at (not meeting, ended, remit inside another group's).
    """
    with error_handler(_state["debug"], _err):
        import sys

        from .overlap import overlap as run
        from .overlap_output import RENDERERS, render_table

        result = run(root, _as_of(as_of), threshold, board, top)
        name = format.value
        if name == "auto":
            name = "table" if out is None and sys.stdout.isatty() else "json"
        text = render_table(result, top is not None) if name == "table" else RENDERERS[name](result)
        _emit(text, out)
        if result.data_errors:
            _err(
                f"thp: warning: the data has {result.data_errors} error(s); records that could not "
                "be read are left out. Run thp validate to see them."
            )


@report_app.command("annual")
def report_annual(
    root: RootOption = Path("."),
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="The year the report covers. Default: the year of --as-of.", show_default=False
        ),
    ] = None,
    as_of: AsOfOption = None,
    format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="md (Markdown) or html (one self-contained, accessible page)."),
    ] = ReportFormat.md,
    out: OutOption = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public/--internal",
            help="--public (the default) leaves out everything private; --internal adds contact "
            "details and says so on its first line.",
        ),
    ] = True,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of your own templates (annual.md.j2, annual.html.j2, report.css); "
            "anything it lacks comes from thp's.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors",
            help="Write the report even if the data has errors: what could not be read is left out, "
            "and the report's first lines say which records. Without it, data with errors exits 1 "
            "and writes nothing.",
        ),
    ] = False,
) -> None:
    """The partnership's annual report: structure, plan coverage, the review's recommendations,
    each thematic board's year, membership changes, overlap and data quality.

    Markdown is printed unless --out is given; HTML needs --out. The same data
    gives the same bytes, so reports can be committed and compared.
    """
    with error_handler(_state["debug"], _err):
        from .report import annual_report

        if format is ReportFormat.html and out is None:
            raise ThpError("an HTML report needs --out FILE (for example --out annual-report.html)")
        made = annual_report(
            root,
            year=year,
            as_of=_as_of(as_of),
            fmt=format.value,
            internal=not public,
            templates=templates,
            allow_errors=allow_errors,
        )
        if made.text is None:
            _err(f"thp: {made.refusal()}")
        else:
            _emit(made.text, out)
            if made.errors:
                _err(f"thp: {made.warning()}")
    if made.text is None:
        raise typer.Exit(EXIT_FINDINGS)


# -- commands that live in their own modules ---------------------------------------
def _register() -> None:
    from . import cli_history, cli_schema
    from .cli_export import export_app
    from .cli_import import import_app
    from .cli_member import member_app

    app.add_typer(member_app)
    app.add_typer(export_app)
    app.add_typer(import_app)
    for name, function in [*cli_history.COMMANDS, *cli_schema.COMMANDS]:
        app.command(name)(function)


_register()
