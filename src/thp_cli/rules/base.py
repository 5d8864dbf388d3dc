"""The parts every rule is made of: the :func:`rule` decorator, :class:`Problem` (where and
what), :class:`Rule` (which stamps each problem with its id and default severity) and the
registry the decorator fills; the rule modules import these, never the catalogue."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..attendance import AttendanceIndex
    from ..dataset.records import Dataset, Located, Where
    from ..model import Board

DATA_FORMAT = "thp data format v1"
OWN_PAPERS = "the partnership's own papers, as recorded in partnership.yaml"
PLAN = "the partnership's plan, as recorded in calls_to_action.yaml"
GOOD_PRACTICE = (
    "good governance practice (a partnership whose papers ask for it cites them in partnership.yaml)"
)
YAML_SPEC = "YAML 1.2 and thp's safe loading"


@dataclass(frozen=True)
class Context:
    """What a check sees: the loaded partnership and the day it is judged on, and what more
    than one check asks of them, worked out once (:meth:`prepare` works it all out before
    the checks are shared between processes, so that each does not work it out again)."""

    dataset: Dataset
    as_of: dt.date
    noting: bool = False
    """Whether the checks that look across records note what they know of the whole
    partnership (:meth:`note`), for a later edit to be judged on (see :mod:`thp_cli.amend`)."""
    notes: dict[str, object] = field(default_factory=dict, compare=False)

    def note(self, rule_id: str, what: Callable[[], object]) -> None:
        """Note ``what()`` for the check ``rule_id`` when :attr:`noting`, else work out nothing."""
        if self.noting:
            self.notes[rule_id] = what()

    @functools.cached_property
    def attendance(self) -> AttendanceIndex:
        """What the boards' meetings record of who came, as of the day judged (the boards in
        the order of their ids)."""
        from ..attendance import AttendanceIndex

        ds = self.dataset
        return AttendanceIndex([ds.boards[k].record for k in sorted(ds.boards)], self.as_of)

    def prepare(self) -> None:
        """Work out now everything the checks share. If that fails, nothing is kept: each check
        that needs it works it out itself, so the failure is that check's finding and does
        not hide the other checks' findings."""
        try:
            self.attendance.prepare()
        except Exception:  # noqa: BLE001 - reported by the checks that need it (see validate)
            self.__dict__.pop("attendance", None)


@dataclass(frozen=True)
class Problem:
    """What a check found and where: a finding before the runner stamps its rule and severity."""

    file: str
    line: int
    column: int
    message: str


def problem(where: Where, message: str, *parts: Hashable, key: bool = False) -> Problem:
    """A problem at ``parts`` under ``where`` (its key with ``key=True``, else its value)."""
    line, column = where.position(*parts, key=key)
    return Problem(where.file, line, column, message)


Check = Callable[[Context], Iterable[Problem]]


class Reads(Protocol):
    """What a check that looks across records reads of each board and recommendation, so that
    an edit of a record's file can be told to change nothing it finds (:mod:`thp_cli.amend`)."""

    def edit(self, note: object, ctx: Context, old: Located[Any], new: Located[Any]) -> tuple[bool, object]:
        """Whether the check finds just the same in every other file with ``old`` (a record as
        the last run loaded it, whole) replaced by ``new`` (whole), the rest of the partnership
        as it was, and nothing in their file if it found nothing there before; and what it
        would then note (``note``: what it noted of the partnership before, None if nothing)."""
        ...


@dataclass(frozen=True)
class Sketch:
    """:class:`Reads` by a sketch of each record: two records with the same sketch are the
    same to the check, whatever the rest of the partnership."""

    of: Callable[[Context, Located[Any]], Hashable]

    def edit(self, note: object, ctx: Context, old: Located[Any], new: Located[Any]) -> tuple[bool, object]:
        return self.of(ctx, old) == self.of(ctx, new), note


NOTHING = Sketch(lambda ctx, located: ())
"""The reads of a check that reads no board or recommendation (it judges other files)."""


def of_boards(of: Callable[[Context, Board], Hashable]) -> Sketch:
    """The reads of a check that reads only boards, a sketch of each by ``of``."""

    def sketch(ctx: Context, located: Located[Any]) -> Hashable:
        from ..model import Board

        return of(ctx, located.record) if isinstance(located.record, Board) else ()

    return Sketch(sketch)


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue; ``check`` is None for a rule of loading (syntax, schema)."""

    id: str
    severity: Severity
    title: str
    source: str
    explanation: str
    check: Check | None = None
    module: str = ""
    """The module that declares it (the catalogue's order is by module, whatever order the
    modules were imported in)."""
    local: bool = False
    """Whether the check judges each board and recommendation on its own: what it finds in a
    record's file comes from that record, the files that are no record's and the day judged,
    never from another record (see :mod:`thp_cli.recheck`, which checks again only the
    records whose files changed)."""
    reads: Reads | None = None
    """For a check that looks across records: what it reads of each (None: all of it but its
    prose, :class:`~thp_cli.field_types.Prose`)."""

    @property
    def configurable(self) -> bool:
        """Only checks of meaning can be relaxed; a file that cannot be read cannot."""
        return self.check is not None

    def findings(self, ctx: Context) -> Iterator[Finding]:
        """What the check finds in ``ctx``, each problem stamped with this rule's id and default
        severity (``partnership.yaml`` may change the severity later: judging.severities)."""
        if self.check is None:
            return
        for found in self.check(ctx):
            yield Finding(found.file, found.line, found.column, self.id, self.severity, found.message)

    def as_dict(self) -> dict[str, object]:
        """The rule as ``thp rules --format json`` lists it."""
        return {
            "id": self.id,
            "severity": self.severity.value,
            "title": self.title,
            "source": self.source,
            "configurable": self.configurable,
            "explanation": self.explanation,
        }


REGISTRY: dict[str, Rule] = {}


def declare(id: str, severity: Severity, title: str, source: str, explanation: str) -> None:
    """Declare a rule whose findings come from loading, not from a check."""
    if id in REGISTRY:
        raise ValueError(f"rule {id} declared twice")
    caller = inspect.currentframe()
    module = caller.f_back.f_globals.get("__name__", "") if caller and caller.f_back else ""
    REGISTRY[id] = Rule(id, severity, title, source, inspect.cleandoc(explanation), module=module)


def rule(
    id: str, severity: Severity, title: str, source: str, *, local: bool = False, reads: Reads | None = None
) -> Callable[[Check], Check]:
    """Register a check; its docstring is its explanation for officers. ``local``: it judges
    each record on its own (:attr:`Rule.local`); ``reads``: what one that does not reads of
    each record (:attr:`Rule.reads`)."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id} declared twice")
        explanation = inspect.cleandoc(check.__doc__ or "")
        REGISTRY[id] = Rule(id, severity, title, source, explanation, check, check.__module__, local, reads)
        return check

    return register
