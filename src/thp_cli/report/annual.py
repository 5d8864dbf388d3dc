"""``thp report annual``: gather the partnership's year and render it.

Loading, validation, overlap and history each run once; their results feed
:func:`.content.build`, and a Jinja template lays it out. The output
depends only on the data, the year and the as-of day: no clock, no machine
names, so the same input gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from ..collector import while_paused
from ..errors import Flag, ThpError
from ..text import plural, quote

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..dataset.records import Dataset

TEMPLATES = {"md": "annual.md.j2", "html": "annual.html.j2"}


class ReportOptions(TypedDict, total=False):
    """The choices of an annual report, the keywords of :func:`annual_report` (see there)."""

    year: int | None
    as_of: dt.date | None
    fmt: str
    internal: bool
    templates: Path | None
    allow_errors: bool


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
    # keys=None: these records are not the files' (what is checked in them is not kept by their bytes)
    return replace(ds, boards=boards, recommendations=recs, keys=None)


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
    # the day whose data was checked (None: today's), so the errors can be shown again
    checked_on: dt.date | None = None


@while_paused  # the loaded partnership lives until the end: the collector would only re-scan it
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
    from ..dates import long_date
    from ..history.sources import dataset_on
    from ..overlap.analysis import analyse
    from ..templating import render
    from ..validate import run_checks
    from .attendance import overlap_basis, overlap_window
    from .content import build
    from .membership import membership_changes

    if fmt not in TEMPLATES:
        raise ThpError(f"unknown report format {quote(fmt)}; use md or html")
    if templates is not None and not Path(templates).is_dir():
        raise ThpError(Flag("templates"), f" {templates}: no such folder")
    on = as_of or dt.date.today()
    year = on.year if year is None else year
    if not 1900 <= year <= on.year:
        raise ThpError(Flag("year"), f" {year} is not a year up to the as-of date ({on.isoformat()})")
    root = Path(root)
    today = dt.date.today()
    read = dataset_on(root, on, today)  # a past day reads the data as it stood then, from git
    dataset, commit, words = read.dataset, read.commit, read.read
    del read  # as_it_stood may copy the records: the originals are not kept alive beside them
    findings = run_checks(dataset, on)
    errors = sum(1 for f in findings if f.severity.value == "error")
    checked_on = None if on == today else on
    if errors and not allow_errors:
        return Annual(None, errors, [], checked_on=checked_on)
    notice = ""
    if commit is None and on < today:  # a past day, but only the files on disk could be read
        notice = (
            f"This report is as at {long_date(on)}, but it reads {words}. "
            f"What the data dates after {long_date(on)} is left out (updates, "
            f"meetings, seats and boards that start later); an action's status given with no date "
            f"is its status as now recorded, unless the action has an update dated later, when its "
            f"status is taken only from its updates dated by then."
        )
        dataset = as_it_stood(dataset, on)
    membership = membership_changes(root, year, on, today)
    by = overlap_basis(dataset, year, on)  # by attendance where two boards' meetings of the year record it
    context = build(
        dataset,
        year=year,
        as_of=on,
        findings=findings,
        overlap=analyse(dataset, on, by=by, window=overlap_window(year, on)),
        changes=membership.changes,
        history_note=membership.note,
        seat_counts=membership.seats,
        seat_days=membership.days,
        history_notes=membership.notes,
        data_read="" if commit is None and words == "the files on disk" else words,
        internal=internal,
        as_of_notice=notice,
    )
    text = render(TEMPLATES[fmt], {"r": context}, templates)
    # a section left out, or one at the end, leaves no run of blank lines at the end
    return Annual(text.rstrip("\n") + "\n", errors, context.left_out, notice, checked_on)


def annual(root: Path | str, **options: Unpack[ReportOptions]) -> str:
    """The text of :func:`annual_report`; a :class:`ThpError` if the data's errors stop it."""
    made = annual_report(root, **options)
    if made.text is None:
        raise ThpError(
            f"the data has {plural(made.errors, 'error')}, so no report was written; give ",
            Flag("allow_errors"),
            " for a report that leaves out what could not be read and says so at its top",
        )
    return made.text
