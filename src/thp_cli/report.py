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
from typing import TYPE_CHECKING

from .errors import ThpError
from .text import quote

if TYPE_CHECKING:
    from collections.abc import Hashable

    from .history import Change
    from .repository import Dataset

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
    seats: list[tuple[str, int | str | None, int | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    days: tuple[str, str] = ("", "")  # the days the seats are counted on, as words


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _who(change: Change) -> Hashable:
    """The seat (or board) an event is about, the same in a commit's change and a dated one."""
    seat = change.seat
    if seat is None:
        return None
    return seat["person"] or (seat["organisation"], str(seat["role"]).casefold())


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
    from .model import long_date

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
    if period.before is None and period.after is None and not period.working_tree and period.shallow is None:
        return History(
            None,
            f"Git holds no commit of the data made by {long_date(end)}, so the changes made in "
            f"{year} cannot be read from its history.",
        )
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
    began = ""
    if period.first is not None:
        began = long_date(period.first.date) if period.first.date else "a day git cannot read"
        notes.append(
            f"The data's history in git begins on {began} (commit {period.first.sha}): nothing "
            f"before that day is recorded, so what the data held then is listed as already "
            f"recorded when the history begins, not as set up that day."
        )
    dated = period.dated
    by_dates = {(c.kind, c.board, c.change, _who(c)) for _, c in dated}
    events: list[tuple[dt.date, str]] = []  # (day, sentence); undated ones go last, in order
    undated: list[str] = []
    held: list[str] = []  # the boards the first commit holds, by name
    made = [(c, commit) for c, commit in period.made_by() if c.kind in ("board", "seat")]
    set_up = {(c.board, commit) for c, commit in made if c.kind == "board" and c.change == "added"}
    removed = {(c.board, commit) for c, commit in made if c.kind == "board" and c.change == "removed"}
    for change, commit in made:
        if period.first is not None and commit is period.first:
            if change.kind == "board" and change.change == "added":
                held.append(period.boards.get(change.board or "", change.board or ""))
            continue  # already recorded when the history begins, not made that day
        if change.kind == "seat" and (change.board, commit) in (set_up | removed):
            continue  # said by the board's own line: set up with its seats that day, or removed
        if (
            change.kind,
            change.board,
            change.change,
            _who(change),
        ) in by_dates and change.change != "changed":
            continue  # the seat's (or board's) own first or last day says when, below
        ended = change.change == "changed" and set(change.fields) == {"until"}
        if ended and (change.kind, change.board, "removed", _who(change)) in by_dates:
            continue  # the seat's own last day says when, below
        text = _sentence(change.summary)
        if commit is None:
            undated.append(text + " (not yet committed)")
        elif commit.date is None:
            undated.append(text + " (on a day git cannot read)")
        else:
            events.append((commit.date, f"{text} ({long_date(commit.date)})"))
    for day, change in dated:
        whose = "the seat's dates" if change.kind == "seat" else "its established date"
        events.append((day, f"{_sentence(change.summary)} ({long_date(day)}, from {whose})"))
    events.sort(key=lambda pair: pair[0])  # stable: one day's events keep their order
    lines = [text for _, text in events] + undated
    if held:
        lines.insert(
            0,
            f"Already recorded when the history begins ({began}): {', '.join(sorted(held))}.",
        )
    missing = f"not known (history begins {began})" if period.first is not None else None
    seats = [
        (
            period.boards.get(b, b),
            period.seats_start.get(b, missing),
            period.seats_end.get(b),
        )
        for b in sorted({*period.seats_start, *period.seats_end}, key=lambda b: (period.boards.get(b, b), b))
    ]
    return History(lines, "", seats, notes, (long_date(start), long_date(end)))


def as_it_stood(ds: Dataset, on: dt.date) -> Dataset:
    """``ds`` without what it dates after ``on``: for a past day whose data could not be
    read from git, the files on disk are all there is, and what they date later was not
    so on that day. Left out: action updates, meetings, annual updates, work programmes
    published, seats and boards that start after ``on``. An action's own ``status`` has
    no date: it is kept (the report's top says it is the status as now recorded) unless the
    action has an update dated after ``on``, which may be when it was reported; then it is
    left out, and the rating rests on the updates dated by ``on``.
    """
    from dataclasses import replace

    boards = {}
    for board_id, located in ds.boards.items():
        b = located.record
        if b.established is not None and b.established > on:
            continue  # not set up yet
        programme = b.work_programme
        if programme is not None and programme.published is not None and programme.published > on:
            programme = None
        record = b.model_copy(
            update={
                "meetings": [x for x in b.meetings if x.date <= on],
                "members": [x for x in b.members if x.since is None or x.since <= on],
                "updates": [x for x in b.updates if x.year <= on.year],
                "work_programme": programme,
            }
        )
        boards[board_id] = replace(located, record=record)
    for board_id, located in boards.items():
        kept = [x for x in located.record.reports_to if x in boards or x not in ds.boards]
        if kept != located.record.reports_to:
            boards[board_id] = replace(located, record=located.record.model_copy(update={"reports_to": kept}))
    recs = {}
    for rec_id, located_rec in ds.recommendations.items():
        r = located_rec.record
        actions = [
            a.model_copy(
                update={
                    "status": None if any(u.date > on for u in a.updates) else a.status,
                    "updates": [u for u in a.updates if u.date <= on],
                }
            )
            for a in r.actions
        ]
        recs[rec_id] = replace(located_rec, record=r.model_copy(update={"actions": actions}))
    return replace(ds, boards=boards, recommendations=recs)


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
    notice: str = ""  # said at the report's top and on stderr: the data is not that day's
    # the command that shows these errors: the data as on the report's day, not today's
    check: str = "thp validate"

    def refusal(self) -> str:
        return (
            f"the data has {_errors(self.errors)}, so no report was written. Run {self.check} to see "
            "and fix them, or add --allow-errors for a report that leaves out what could not be "
            "read and says so at its top."
        )

    def warning(self) -> str:
        gone = "; ".join(self.left_out) if self.left_out else "no record is left out, but some details may be"
        return (
            f"warning: the data has {_errors(self.errors)}; the report says so at its top. "
            f"Left out: {gone}. Run {self.check} to see the errors."
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
    from .model import long_date
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
    check = "thp validate" if on == today else f"thp validate --as-of {on.isoformat()}"
    if errors and not allow_errors:
        return Annual(None, errors, [], check=check)
    notice = ""
    if read.commit is None and on < today:  # a past day, but only the files on disk could be read
        notice = (
            f"This report is as at {long_date(on)}, but it reads {read.read}. "
            f"What the data dates after {long_date(on)} is left out (updates, "
            f"meetings, seats and boards that start later); an action's status given with no date "
            f"is its status as now recorded, unless the action has an update dated later, when its "
            f"status is taken only from its updates dated by then."
        )
        dataset = as_it_stood(dataset, on)
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
        as_of_notice=notice,
    )
    text = render(TEMPLATES[fmt], {"r": context}, templates)
    # a section left out, or one at the end, leaves no run of blank lines at the end
    return Annual(text.rstrip("\n") + "\n", errors, context.left_out, notice, check)


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
