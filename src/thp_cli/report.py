"""``thp report annual``: gather the partnership's year and render it.

Loading, validation, overlap and history each run once; their results feed
:func:`report_context.build`, and a Jinja template lays it out. The output
depends only on the data, the year and the as-of day: no clock, no machine
names, so the same input gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import ThpError
from .findings import quote

TEMPLATES = {"md": "annual.md.j2", "html": "annual.html.j2"}


@dataclass(frozen=True)
class History:
    """Membership changes in the year, or why there are none to show."""

    changes: list[str] | None
    note: str


def membership_changes(root: Path, year: int, as_of: dt.date) -> History:
    """Boards and seats changed during ``year``, from git; says so when there is no git.

    A board added during the year is one line with its number of seats, not
    a line per seat. Each line ends with the day of the commit that made it.
    Up to the as-of day the working tree counts, as it does for the rest of
    the report; a past year ends at its last commit.
    """
    from . import history
    from .report_context import long_date

    if not history.in_git(root):
        return History(
            None,
            "The data is not in a git repository, so changes to membership during the year "
            "cannot be read from its history.",
        )
    end = min(dt.date(year, 12, 31), as_of)
    try:
        period = history.changes_during(root, dt.date(year, 1, 1), end, working_tree=end == as_of)
    except ThpError as error:  # the rest of the report does not need git
        return History(None, f"The history of the data could not be read from git: {error}.")
    if period is None:
        return History(None, "The history of the data could not be read from git.")
    shallow = ""
    if period.shallow is not None:
        begins = f" of {long_date(period.shallow.date)}" if period.shallow.date else ""
        shallow = (
            f"The history of the data is incomplete: this is a shallow clone of the repository, whose "
            f"history begins at commit {period.shallow.sha}{begins}. To read the changes before it, "
            f"{history.SHALLOW_FIX}."
        )
        if period.after is None and not period.working_tree:
            return History(None, f"{shallow} No change made in {year} is in this clone.")
    made = [(c, commit) for c, commit in period.made_by() if c.kind in ("board", "seat")]
    new_boards = {c.board for c, _ in made if c.kind == "board" and c.change == "added"}
    seats_added = Counter(c.board for c, _ in made if c.kind == "seat" and c.change == "added")
    lines = []
    for change, commit in made:
        if change.kind == "seat" and change.board in new_boards and change.change == "added":
            continue
        text = change.summary
        if change.kind == "board" and change.board in new_boards:
            n = seats_added[change.board]
            text += f" with {n} seat{'' if n == 1 else 's'}" if n else " (no seats recorded)"
        if commit is not None:
            text += f" ({long_date(commit.date)})" if commit.date else " (on a day git cannot read)"
        lines.append(text)
    if period.capped:
        lines.append("Only the latest commits were read to date these changes; older ones are undated.")
    if shallow:
        lines.append(f"{shallow} Changes made in {year} before then are not listed.")
    return History(lines, "")


@dataclass(frozen=True)
class Annual:
    """An annual report, or why it was not written.

    ``text`` is None when the data has errors and ``allow_errors`` was not
    given: a report that silently leaves records out must not be published.
    ``left_out`` says, in words, what the errors keep out of the report.
    """

    text: str | None
    errors: int
    left_out: list[str]

    def refusal(self) -> str:
        return (
            f"the data has {_errors(self.errors)}, so no report was written. Run thp validate to see "
            "and fix them, or add --allow-errors for a report that leaves out what could not be "
            "read and says so at its top."
        )

    def warning(self) -> str:
        gone = "; ".join(self.left_out) if self.left_out else "no record is left out, but some details may be"
        return (
            f"warning: the data has {_errors(self.errors)}; the report says so at its top. "
            f"Left out: {gone}. Run thp validate to see the errors."
        )


def _errors(n: int) -> str:
    return f"{n} error{'' if n == 1 else 's'}"


def annual_report(
    root: Path | str,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    fmt: str = "md",
    internal: bool = False,
    templates: Path | None = None,
    allow_errors: bool = False,
) -> Annual:
    """The annual report for ``year`` (default: the as-of year) as Markdown or HTML.

    On data with errors there is no report (``text`` is None) unless
    ``allow_errors``: then it leaves out what the errors spoil, and its first
    lines say which records those are.
    """
    from .overlap import analyse
    from .render import render
    from .report_context import build
    from .repository import load_dataset
    from .validate import run_checks

    if fmt not in TEMPLATES:
        raise ThpError(f"unknown report format {quote(fmt)}; use md or html")
    if templates is not None and not Path(templates).is_dir():
        raise ThpError(f"--templates {templates}: no such folder")
    on = as_of or dt.date.today()
    year = on.year if year is None else year
    if not 1900 <= year <= on.year:
        raise ThpError(f"--year {year} is not a year up to the as-of date ({on.isoformat()})")
    root = Path(root)
    dataset = load_dataset(root)
    findings = run_checks(dataset, on)
    errors = sum(1 for f in findings if f.severity.value == "error")
    if errors and not allow_errors:
        return Annual(None, errors, [])
    membership = membership_changes(root, year, on)
    context = build(
        dataset,
        year=year,
        as_of=on,
        findings=findings,
        overlap=analyse(dataset, on),
        changes=membership.changes,
        history_note=membership.note,
        internal=internal,
    )
    text = render(TEMPLATES[fmt], {"r": context}, templates)
    # a section left out, or one at the end, leaves no run of blank lines at the end
    return Annual(text.rstrip("\n") + "\n", errors, context.left_out)


def annual(
    root: Path | str,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    fmt: str = "md",
    internal: bool = False,
    templates: Path | None = None,
    allow_errors: bool = False,
) -> str:
    """The text of :func:`annual_report`; a :class:`ThpError` if the data's errors stop it."""
    made = annual_report(
        root,
        year=year,
        as_of=as_of,
        fmt=fmt,
        internal=internal,
        templates=templates,
        allow_errors=allow_errors,
    )
    if made.text is None:
        raise ThpError(made.refusal())
    return made.text
