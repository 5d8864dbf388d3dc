"""``thp report annual``: gather the partnership's year and render it.

Loading, validation, overlap and history each run once; their results feed
:func:`report_context.build`, and a Jinja template lays it out. The output
depends only on the data, the year and the as-of day: no clock, no machine
names, so the same input gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ThpError
from .findings import quote

TEMPLATES = {"md": "annual.md.j2", "html": "annual.html.j2"}


@dataclass(frozen=True)
class History:
    """Membership changes in the year, or why there are none to show.

    ``changes`` are sentences, one per event, oldest first; ``seats`` is the net
    summary beside them: (board, seats current at the start of the year or None
    if the board was not there, seats current at its end or None if it was gone).
    ``notes`` say where the history is silent or incomplete.
    """

    changes: list[str] | None
    note: str
    seats: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    days: tuple[str, str] = ("", "")  # the days the seats are counted on, as words


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def membership_changes(root: Path, year: int, as_of: dt.date, today: dt.date | None = None) -> History:
    """Every change to boards and seats during ``year``, from git, one event per change
    in the order the commits made them; says so when there is no git.

    Each seat added, ended, changed or removed, each change of holder (one event),
    each board set up (with its seats that day) or closed, ends with the day of the
    commit that made it. A seat that came and went inside the year is two events.
    The year ends on the as-of day if that is sooner; the files on disk count only
    when that day is today or later (changes not yet committed).
    """
    from . import history
    from .report_context import long_date

    if not history.in_git(root):
        return History(
            None,
            "The data is not in a git repository, so changes to membership during the year "
            "cannot be read from its history.",
        )
    today = dt.date.today() if today is None else today
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
    try:
        period = history.changes_during(root, start, end, working_tree=end >= today)
    except ThpError as error:  # the rest of the report does not need git
        return History(None, f"The history of the data could not be read from git: {error}.")
    if period is None:
        return History(None, "The history of the data could not be read from git.")
    notes: list[str] = []
    if period.shallow is not None:
        begins = f" of {long_date(period.shallow.date)}" if period.shallow.date else ""
        shallow = (
            f"The history of the data is incomplete: this is a shallow clone of the repository, whose "
            f"history begins at commit {period.shallow.sha}{begins}. To read the changes before it, "
            f"{history.SHALLOW_FIX}."
        )
        if period.after is None and not period.working_tree:
            return History(None, f"{shallow} No change made in {year} is in this clone.")
        notes.append(f"{shallow} Changes made in {year} before then are not listed.")
    if period.first is not None:
        began = long_date(period.first.date) if period.first.date else "a day git cannot read"
        notes.append(
            f"The data's history in git begins on {began} (commit {period.first.sha}): "
            f"nothing before that day is recorded, so the partnership as it stood then is listed "
            f"as set up that day."
        )
    made = [(c, commit) for c, commit in period.made_by() if c.kind in ("board", "seat")]
    set_up = {(c.board, commit) for c, commit in made if c.kind == "board" and c.change == "added"}
    removed = {(c.board, commit) for c, commit in made if c.kind == "board" and c.change == "removed"}
    lines = []
    for change, commit in made:
        if change.kind == "seat" and (change.board, commit) in (set_up | removed):
            continue  # said by the board's own line: set up with its seats that day, or removed
        text = _sentence(change.summary)
        if commit is None:
            text += " (not yet committed)"
        else:
            text += f" ({long_date(commit.date)})" if commit.date else " (on a day git cannot read)"
        lines.append(text)
    seats = [
        (period.boards.get(b, b), period.seats_start.get(b), period.seats_end.get(b))
        for b in sorted({*period.seats_start, *period.seats_end}, key=lambda b: (period.boards.get(b, b), b))
    ]
    return History(lines, "", seats, notes, (long_date(start), long_date(end)))


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
    from .history import dataset_on
    from .overlap import analyse
    from .render import render
    from .report_context import build
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
    today = dt.date.today()
    read = dataset_on(root, on, today)  # a past day reads the data as it stood then, from git
    dataset = read.dataset
    findings = run_checks(dataset, on)
    errors = sum(1 for f in findings if f.severity.value == "error")
    if errors and not allow_errors:
        return Annual(None, errors, [])
    membership = membership_changes(root, year, on, today)
    context = build(
        dataset,
        year=year,
        as_of=on,
        findings=findings,
        overlap=analyse(dataset, on),
        changes=membership.changes,
        history_note=membership.note,
        seat_counts=membership.seats,
        seat_days=membership.days,
        history_notes=membership.notes,
        data_read="" if read.commit is None and read.read == "the files on disk" else read.read,
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
