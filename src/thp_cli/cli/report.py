"""``thp report annual``: the partnership's annual report, in Markdown or HTML.

Thin command: options -> one call of :func:`thp_cli.report.annual_report` -> the
text printed or written, and its warnings on stderr. ``--format``'s choices are
the report's templates. jinja2 loads only when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EXIT_FINDINGS, ThpError
from ..report.annual import TEMPLATES
from ..text import plural
from .options import (
    AsOfOption,
    Commands,
    Group,
    OutOption,
    RootOption,
    YearOption,
    as_of_date,
    choices,
    emit,
    err,
    format_option,
    path_option,
    year_number,
)

if TYPE_CHECKING:  # a choice is a str
    ReportFormat = str
else:
    ReportFormat = choices(TEMPLATES)


def annual(
    root: RootOption = Path("."),
    year: YearOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        ReportFormat,
        format_option("md (Markdown) or html (one self-contained, accessible page)."),
    ] = "md",
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
        path_option(
            "--templates",
            kind="folder",
            help="A folder of your own templates (annual.md.j2, annual.html.j2, report.css); "
            "anything it lacks comes from thp's.",
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
    from ..report.annual import annual_report

    if format == "html" and out is None:
        raise ThpError("an HTML report needs --out FILE (for example --out annual-report.html)")
    made = annual_report(
        root,
        year=year_number(year),
        as_of=as_of_date(as_of),
        fmt=format,
        internal=not public,
        templates=templates,
        allow_errors=allow_errors,
    )
    check = "thp validate" + (f" --as-of {made.checked_on.isoformat()}" if made.checked_on else "")
    errors = plural(made.errors, "error")
    if made.text is None:
        err(
            f"thp: the data has {errors}, so no report was written. Run {check} to see and fix them, or add "
            "--allow-errors for a report that leaves out what could not be read and says so at its top."
        )
        raise typer.Exit(EXIT_FINDINGS)
    emit(made.text, out)
    if made.errors:
        gone = "; ".join(made.left_out) if made.left_out else "no record is left out, but some details may be"
        err(
            f"thp: warning: the data has {errors}; the report says so at its top. "
            f"Left out: {gone}. Run {check} to see the errors."
        )
    if made.notice:
        err(f"thp: warning: {made.notice}")


COMMANDS: Commands = [("annual", annual)]
GROUP = Group(
    "report",
    "Write the partnership's reports from its data.",
    COMMANDS,
)
"""The group of commands this module holds, for the app to register."""
