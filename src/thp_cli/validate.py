"""``thp validate`` as a library call: load, run every rule, apply severities.

The files on disk are validated through the cache (:mod:`thp_cli.dataset.runs`):
a run on files that have not changed since the last gives the last run's
findings without reading the rules, or even importing them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import Finding, Result
from .judging import INTERNAL_ERROR, applied, findings_of, severities
from .yamlio.bounds import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from .dataset.records import Dataset
    from .dataset.source import DiskSource
    from .rules.base import Context, Rule

SHARED_FROM = 256
"""Files from which a partnership's checks are shared between the cores (see :mod:`thp_cli.cores`)."""


COSTLIEST = (
    "section-85",
    "inactive-seat",
    "seat-spelling",
    "placeholder",
    "unknown-reference",
    "attendance-seat",
    "attendance-substitute",
    "link-scheme",
    "attendance-twice",
    "duplicate-seat",
    "vacancy-seat",
    "closed-board-seats",
    "date-order",
)
"""The checks that cost most, costliest first, as measured on generated partnerships of
2,000 boards with and without attendance and findings (``benchmarks/rules_bench.py``):
shared between the cores, they are taken first, so that the cores finish together."""


def run_checks(dataset: Dataset, as_of: dt.date, *, reuse: bool = False) -> list[Finding]:
    """The dataset's own findings plus those of every check, severities applied.

    ``reuse`` (``thp validate`` on the files on disk, the dataset as loaded): the local checks
    judge only the records whose files changed since the last such run, and take what they
    found in the others then (:mod:`thp_cli.recheck`). A dataset changed after loading (the
    partnership as it stood on a day, a part of it) is never given it: what the checks found
    in its records is not what they would find in the files."""
    from .collector import frozen
    from .cores import share
    from .recheck import Recheck
    from .rules.base import Context
    from .rules.catalogue import catalogue

    rules = catalogue()
    ctx = Context(dataset, as_of, noting=reuse)
    recheck = Recheck.begin(dataset, as_of) if reuse else None
    local: Context | None = ctx
    if recheck is not None:
        local = Context(recheck.view(dataset), as_of) if recheck.needed else None
    tasks = [(r, local if r.local else ctx) for r in rules if r.check is not None]
    todo = [(r, on) for r, on in tasks if on is not None]
    # the loaded records stay as they are while the checks run: the collector need not scan
    # them again and again (nor, in a forked copy, touch every page of them)
    with frozen():
        for prepared in {id(c): c for _, c in todo}.values():
            prepared.prepare()  # what the checks share, worked out once, before they are shared out

        def one(index: int) -> tuple[list[Finding], object]:
            check, on = todo[index]
            return findings_of(check, on), on.notes.pop(check.id, None)

        # a large partnership's checks share the cores; a small one's are not worth a copy
        if dataset.files >= SHARED_FROM:
            each = share(one, _costliest_first([r for r, _ in todo]))
        else:
            each = {index: one(index) for index in range(len(todo))}
    found = list(dataset.findings)
    judged: list[Finding] = []
    for index, (check, _) in enumerate(todo):
        found_here, note = each[index]
        (judged if check.local else found).extend(found_here)
        if note is not None:
            dataset.notes[check.id] = note
    if recheck is None:
        found.extend(judged)
    elif any(f.rule == INTERNAL_ERROR for f in judged):  # a local check failed part way: as without reuse
        recheck.forget()
        found.extend(f for check, _ in tasks if check.local for f in findings_of(check, ctx))
    else:
        found.extend(recheck.merge(judged if local is not None else None))
    return applied(found, severities(dataset, rules))


def _costliest_first(checks: list[Rule]) -> list[int]:
    """The checks' indexes, the costliest first (:data:`COSTLIEST`), then the others in order."""
    rank = {rule_id: n for n, rule_id in enumerate(COSTLIEST)}
    return sorted(range(len(checks)), key=lambda i: rank.get(checks[i].id, len(rank)))


def checked(dataset: Dataset, as_of: dt.date, *, reuse: bool = False) -> Result:
    """The result of validating ``dataset`` as of ``as_of`` (``reuse``: see :func:`run_checks`)."""
    from .rules.catalogue import recorded_sources

    result = Result.of(run_checks(dataset, as_of, reuse=reuse), dataset.files)
    result.sources = recorded_sources(dataset)
    return result


def on_disk(root: Path | str, as_of: dt.date | None) -> bool:
    """Whether the data as of ``as_of`` is the files on disk: from today on, or outside git
    (see :func:`history.dataset_on`)."""
    if as_of is None or as_of >= dt.date.today():
        return True
    from .history.repo import may_be_in_git

    if not may_be_in_git(root):
        return True
    from .history.git import in_git

    return not in_git(root)


def validate(root: Path | str, as_of: dt.date | None = None, limits: Limits = DEFAULT_LIMITS) -> Result:
    """Validate the partnership under ``root``; raises ThpError if there is no data/.

    A past ``as_of`` validates the data as it stood that day, from git
    (:func:`history.dataset_on`)."""
    from .ending import leave

    day = as_of or dt.date.today()
    if not on_disk(root, as_of):
        from .history.sources import dataset_on

        then = dataset_on(root, day, limits=limits).dataset
        leave(then)  # thp as a program ends soon after: the end of the process frees it
        return checked(then, day)
    from .dataset.runs import remembered
    from .dataset.source import data_dir

    where = Path(os.path.abspath(root))
    data_dir(where)

    loaded: list[Dataset] = []

    def work(source: DiskSource) -> Result:
        from .dataset.early import begin

        # on a cold run, the boards' workers start parsing now, while the model is imported
        with begin(where, source, limits) as early:
            from .dataset.load import load_source

            dataset = load_source(where, source, limits, early=early)
        leave(dataset)  # thp as a program ends soon after: the end of the process frees it
        loaded.append(dataset)
        return checked(dataset, day, reuse=True)

    def kept() -> object:
        from .amend import kept

        return kept(loaded[-1]) if loaded else None

    from .amend import amender

    return remembered(
        where, "validate", (repr(limits),), day.isoformat(), work, Result, amender(where, day, limits), kept
    )
