"""One record's file changed since the last ``thp validate``: its answer amended, not worked out again.

The usual edit between two runs changes one board's or one recommendation's
file: a yearly update's summary, a seat, a meeting, a reporting line. The last
run's findings then hold for every other file, and the changed file's are
worked out on its own, if all of this is so (else the run works everything
out as ever):

- only the bytes of record files (``data/boards/*.yaml``,
  ``data/recommendations/*.yaml``) changed: every folder lists the same
  names, every other file has the same bytes, the day and options are the same;
- each changed file loaded cleanly before and loads cleanly now (no finding of
  loading, nothing dropped, no record failing to load), with the same id and
  names (loading's findings in other files name records by them);
- every check that looks across records reads the new record as it read the
  old (:attr:`~thp_cli.rules.base.Rule.reads`): it finds just the same in the
  other files with one for the other, and nothing in the record's own. What
  it reads is a sketch of the record, or, for a few, a sketch judged against
  what it noted of the whole partnership in the last run (kept with the
  answer, and amended with it);
- the last answer found in the changed files only what the *local* checks find
  (:mod:`thp_cli.recheck`), no check failed, and no finding elsewhere names a
  changed file (a duplicate id points at the first file and its line).

Then the checks that look across records, and loading's findings in the other
files, find what they found, and nothing in the changed files, whose lines may
have moved. The local checks judge the changed records again, on the files
that are no record's and those records alone (their promise:
tests/rules/test_local_checks.py; the reads' promise: tests/rules/test_reads.py).
The part of the data loaded must have been read as the changes found it
(:meth:`~thp_cli.dataset.trace.Trace.agrees`), else nothing is amended.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dataset.trace import TracedDisk

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .dataset.filecache import FileCache
    from .dataset.records import Dataset, Located
    from .dataset.runs import Amend
    from .dataset.trace import Trace
    from .findings import Finding, Result
    from .rules.base import Context, Rule
    from .yamlio.bounds import Limits

FOLDERS = {"data/boards": "boards", "data/recommendations": "recommendations"}
"""The folders of record files whose changes are amended, and the table of their records."""

MOST = 64
"""The most files changed at once that are amended: past it, the run works everything out."""


@dataclass(frozen=True)
class Kept:
    """What a run keeps besides its answer, to amend it: each file's key in the file cache, and
    the records that failed to load (the local checks read them)."""

    keys: dict[str, str]
    broken: dict[str, frozenset[str]]
    notes: bytes
    """What the checks that look across records noted of the whole partnership, by rule,
    pickled: unpacked only to amend (a run given the last answer again imports no check)."""


def kept(ds: Dataset) -> Kept | None:
    """What to keep of ``ds`` to amend its answer (None: its files have no keys, no file cache)."""
    if ds.keys is None:
        return None
    broken = {kind: frozenset(ids) for kind, ids in ds.broken.items()}
    return Kept(dict(ds.keys), broken, pickle.dumps(ds.notes, protocol=pickle.HIGHEST_PROTOCOL))


class _Part(TracedDisk):
    """The disk, its record folders listing only ``only`` (paths): the part of the data to load."""

    def __init__(self, root: Path, only: set[str]) -> None:
        super().__init__(root)
        self.only = only

    def names(self, folder: str) -> list[str]:
        listed = super().names(folder)
        if folder not in FOLDERS:
            return listed
        return [name for name in listed if f"{folder}/{name}" in self.only]


def amender(root: Path, as_of: dt.date, limits: Limits) -> Amend[Result]:
    """How ``thp validate`` on the files under ``root`` amends its last answer (see the module)."""

    def amend(
        trace: Trace, changed: dict[int, tuple[int, bytes]], answer: Result, memo: object
    ) -> tuple[Result, Trace, object] | None:
        paths = {trace.files[index][0] for index in changed}
        if not isinstance(memo, Kept) or len(paths) > MOST or not _records(paths, memo):
            return None
        if not _judged_alone(answer.findings, paths):
            return None
        from .dataset.filecache import FileCache

        files = FileCache(root, limits, every=False)
        before = _before(files, paths, memo)
        if before is None:
            return None
        files.all_but(memo.keys[path] for path in paths)
        part = _Part(root, paths)
        from .dataset.load import load_source

        ds = load_source(root, part, limits, files=files)
        from .ending import leave

        leave(ds)
        if not trace.agrees(part, changed) or ds.keys is None:
            return None
        notes = _same(ds, paths, before, memo, as_of)
        if notes is None:
            return None
        fresh = _local_findings(ds, memo, as_of, paths)
        if fresh is None:
            return None
        from .findings import Result

        result = Result.of([f for f in answer.findings if f.file not in paths] + fresh, answer.files_checked)
        result.sources = answer.sources
        keys = dict(memo.keys)
        keys.update((path, ds.keys[path]) for path in paths)
        packed = pickle.dumps(notes, protocol=pickle.HIGHEST_PROTOCOL)
        return result, trace.amended(changed), Kept(keys, memo.broken, packed)

    return amend


def _records(paths: set[str], memo: Kept) -> bool:
    """Whether every one of ``paths`` is a record's .yaml file that the last run loaded."""
    for path in paths:
        folder, _, name = path.rpartition("/")
        if folder not in FOLDERS or not name.endswith(".yaml") or path not in memo.keys:
            return False
    return True


def _judged_alone(findings: list[Finding], paths: set[str]) -> bool:
    """Whether the last answer found in ``paths`` only what local checks find, no check failed,
    and no finding elsewhere names one of ``paths``."""
    from .judging import INTERNAL_ERROR
    from .rules.catalogue import get

    for f in findings:
        if f.rule == INTERNAL_ERROR:
            return False
        if f.file in paths:
            rule = get(f.rule)
            if rule is None or not rule.local:
                return False
        elif any(path in f.message for path in paths):
            return False
    return True


def _before(files: FileCache, paths: set[str], memo: Kept) -> dict[str, BaseModel] | None:
    """Each changed file's record as the last run loaded it, from the file cache; None if one
    is not kept, or had findings, or does not validate."""
    from pydantic import ValidationError

    from .model import IN_NFC, Board, Recommendation

    classes: dict[str, type[BaseModel]] = {"boards": Board, "recommendations": Recommendation}
    found: dict[str, BaseModel] = {}
    for path in paths:
        kept_data = files.data(memo.keys[path])
        if kept_data is None:
            return None
        data, ascii_only = kept_data
        cls = classes[FOLDERS[path.rpartition("/")[0]]]
        try:
            found[path] = cls.model_validate(data, context=IN_NFC if ascii_only else None)
        except ValidationError:
            return None
    return found


def _same(
    ds: Dataset, paths: set[str], before: dict[str, BaseModel], memo: Kept, as_of: dt.date
) -> dict[str, object] | None:
    """What the checks that look across records note now, if ``ds`` (the part loaded) loaded
    each of ``paths`` cleanly, to a record that each of those checks reads as it read
    ``before``'s (:attr:`~thp_cli.rules.base.Rule.reads`), that is named as it was (loading's
    findings in other files name records), and found no record failing to load that the last
    run did not; else None."""
    if any(f.file in paths for f in ds.findings):
        return None
    for kind, ids in ds.broken.items():
        if not ids <= memo.broken.get(kind, frozenset()):
            return None
    now = {
        located.where.file: located
        for kind in FOLDERS.values()
        for located in getattr(ds, kind).values()
        if located.where.file in paths
    }
    from .dataset.records import Located
    from .rules.base import Context
    from .rules.catalogue import catalogue

    ctx = Context(ds, as_of)
    across = [rule for rule in catalogue() if rule.check is not None and not rule.local]
    try:
        notes = pickle.loads(memo.notes)
    except Exception:  # noqa: BLE001 - what cannot be read is not used: everything is worked out again
        return None
    if not isinstance(notes, dict):
        return None
    for path in sorted(paths):
        located = now.get(path)
        if located is None or not located.complete:
            return None
        old: Located[Any] = Located(before[path], located.where)
        if _named(old.record) != _named(located.record):
            return None
        for rule in across:
            if not _reads_alike(rule, notes, ctx, old, located):
                return None
    return notes


def _named(record: object) -> tuple[object, ...]:
    """What of a record loading reads to place its findings in other files: its id, and the
    names a reference written as a name may give (see :mod:`thp_cli.dataset.names`)."""
    return tuple(getattr(record, name, None) for name in ("id", "name", "short_name"))


def _reads_alike(
    rule: Rule, notes: dict[str, object], ctx: Context, old: Located[Any], new: Located[Any]
) -> bool:
    """Whether ``rule`` reads ``new`` as it read ``old``: it finds just the same with one for
    the other (``notes`` updated to what it would note then)."""
    if rule.reads is None:
        from .prose import plain

        return plain(old.record) == plain(new.record)
    try:
        same, note = rule.reads.edit(notes.get(rule.id), ctx, old, new)
    except Exception:  # noqa: BLE001 - a record it cannot read: everything is worked out again
        return False
    if same and note is not None:
        notes[rule.id] = note
    return same


def _local_findings(ds: Dataset, memo: Kept, as_of: dt.date, paths: set[str]) -> list[Finding] | None:
    """What the local checks find in ``paths`` now, severities applied; None if one failed."""
    from .judging import INTERNAL_ERROR, applied, findings_of, severities
    from .rules.base import Context
    from .rules.catalogue import catalogue

    ds.broken = {kind: set(ids) for kind, ids in memo.broken.items()}  # as in the whole partnership
    ctx = Context(ds, as_of)
    rules = catalogue()
    found: list[Finding] = []
    for rule in rules:
        if rule.local and rule.check is not None:
            found.extend(findings_of(rule, ctx))
    if any(f.rule == INTERNAL_ERROR for f in found):
        return None
    return applied((f for f in found if f.file in paths), severities(ds, rules))
