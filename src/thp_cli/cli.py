"""The ``thp`` command line: thin commands over the library.

Each command maps its options onto one library call and hands the result to
a reporter. Heavy libraries (pydantic, networkx, jinja2) are imported inside
the commands that need them, so ``thp --help`` starts fast.
"""

import datetime as dt
import enum
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import EXIT_FINDINGS, ThpError, error_handler
from .text import clean, quote

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
def given_path(kind: str) -> Callable[[Any], Path]:
    """The parser of a path option (``kind``: "file" or "folder"), reading the value as
    it was typed: Typer's own conversion makes an empty value ``.``, so ``--out ""`` or
    ``--templates ""`` would quietly mean the current folder. An empty value, a folder
    where a file is wanted, or a file where a folder is, is refused (exit 2) in a sentence."""

    def parse(value: Any) -> Path:
        if isinstance(value, Path):  # the default, already a path
            return value
        text = str(value)
        if text == "":
            raise typer.BadParameter(f"it is empty: give a {kind}'s name")
        path = Path(text)
        if kind == "file" and os.path.isdir(path):
            raise typer.BadParameter(f"{quote(text, 200)} is a folder; give a file's name")
        if kind == "folder" and os.path.lexists(path) and not os.path.isdir(path):
            raise typer.BadParameter(f"{quote(text, 200)} is a file, not a folder")
        return path

    return parse


RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        parser=given_path("folder"),
        metavar="<path>",
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
        "which meetings are recent. A past day reads the data as it stood then: the last "
        "commit by that day (git). Default: today.",
        show_default=False,
    ),
]


FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years --as-of and --year may name: the years a date in the data may have."""
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _as_of(value: str | None) -> dt.date:
    """The day ``--as-of`` names: only ``YYYY-MM-DD``, from 1900 to 2999 (default: today).

    Python's ``date.fromisoformat`` also reads ``20240101`` and ``2024W011``; an
    officer's typo must not become a day nobody meant, so only the one form is read.
    """
    if value is None:
        return dt.date.today()
    shown = clean(value, 60)
    match = _DAY.fullmatch(value)
    if match is None:
        compact = re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", value)
        guess = _day(*compact.groups()) if compact else None
        hint = f"did you mean --as-of {guess.isoformat()}?" if guess else "for example --as-of 2024-06-30"
        raise ThpError(f"--as-of '{shown}' is not a date written YYYY-MM-DD; {hint}")
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ThpError(
            f"--as-of {shown} is out of range: give a day from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"
        )
    on = _day(*match.groups())
    if on is None:
        wrong = (
            f"there is no month {match[2]}"
            if not 1 <= int(match[2]) <= 12
            else f"that month has no day {match[3]}"
        )
        raise ThpError(f"--as-of {shown} is not a day of the calendar: {wrong}")
    return on


def _day(year: str, month: str, day: str) -> dt.date | None:
    try:
        on = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return on if FIRST_YEAR <= on.year <= LAST_YEAR else None


def _year(value: str | None) -> int | None:
    """The year ``--year`` names: four ASCII digits, from 1900 to 2999; None (the default) stays None.

    The option is read as text, not by ``int()``, which would also take ``2024.0``,
    `` 2024`` or Arabic-Indic digits, and whose refusal is a programmer's message.
    """
    if value is None:
        return None
    if value == "":
        raise ThpError("--year is empty: give the year the report covers, for example --year 2024")
    if re.fullmatch("-?[0-9]+", value) is None:
        near = re.fullmatch(r"\s*([0-9]{4})(?:\.0*)?\s*", value)
        hint = f"did you mean --year {near[1]}?" if near else "for example --year 2024"
        raise ThpError(f"--year {quote(value, 60)} is not a year written as four digits 0-9; {hint}")
    if len(value) != 4 or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        said = f"give a year from {FIRST_YEAR} to {LAST_YEAR}"
        raise ThpError(f"--year {clean(value, 60)} is out of range: {said}")
    return int(value)


OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        parser=given_path("file"),
        metavar="<file>",
        help="Write to this file (atomically) instead of printing.",
        show_default=False,
    ),
]


def _emit(text: str, out: Path | None) -> None:
    """Print ``text`` made inert (see inert.lines), or write it to ``out`` in one atomic step."""
    from .inert import for_file, lines, one_line

    if out is None:
        typer.echo(lines(text), nl=False)
        return
    from .atomic import write_atomic

    try:
        write_atomic(out, for_file(text).encode("utf-8"))
    except OSError as error:
        raise ThpError(f"cannot write {one_line(str(out))}: {error.strerror or error}") from None


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
    from .inert import message

    typer.echo(message(text), err=True)


def _read_note(root: Path, on: dt.date) -> None:
    """For a past --as-of, say on stderr which data is read: a commit, or why not one."""
    from .history import as_of_note

    note = as_of_note(root, on)
    if note is not None:
        _err(f"thp: {note}")


def _out(text: str) -> None:
    """Print one line of a command's report, made inert (see inert.lead)."""
    from .inert import lead

    typer.echo(lead(text))


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
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            parser=given_path("file"),
            metavar="<file>",
            help="The output of an earlier thp validate --format json (say, at the base of a pull "
            "request): findings not in it are marked new in this change.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every file under data/ and report each problem with its file, line and column.

    Exit code 0: no errors (warnings allowed unless --strict). 1: errors found.
    2: thp could not run (no data/ folder, a bad option).
    """
    with error_handler(_state["debug"], _err):
        from .reporters import read_baseline, report
        from .validate import validate as run

        earlier = read_baseline(baseline) if baseline is not None else None
        on = _as_of(as_of)
        _read_note(root, on)
        result = run(root, on)
        report(result, format.value, strict=strict, baseline=earlier)
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
            help="table for people (auto, the default, is table: on a terminal, in a pipe and in "
            "a file alike), json for programs, csv for a spreadsheet, graphml for yEd or Gephi, "
            "dot for Graphviz, mermaid for a .mmd file or mermaid-cli (GitHub Markdown shows it in "
            "a block fenced as mermaid).",
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
    Pairs where one board reports to the other are listed apart, after the rest:
    they are expected to share seats. Also: clusters of overlapping boards, seats
    and organisations on many boards, seats that are the only link between boards,
    and groups that may no longer be needed (no meeting recorded in a year, end date
    passed, remit inside another group's).
    """
    with error_handler(_state["debug"], _err):
        from .overlap import overlap as run
        from .overlap_output import RENDERERS, render_table

        on = _as_of(as_of)
        _read_note(root, on)
        result = run(root, on, threshold, board, top)
        name = "table" if format is OverlapFormat.auto else format.value  # JSON only when asked for
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
        str | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            help="The year the report covers, four digits (1900 to 2999). Default: the year of --as-of.",
            show_default=False,
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
            parser=given_path("folder"),
            metavar="<dir>",
            help="A folder of your own templates (annual.md.j2, annual.html.j2, report.css); "
            "anything it lacks comes from thp's.",
            show_default=False,
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
            year=_year(year),
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
            if made.notice:
                _err(f"thp: warning: {made.notice}")
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
