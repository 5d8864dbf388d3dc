"""The rule catalogue: every finding's rule id, severity, explanation and source.

A rule is a check function with an id, a default severity, a title, the paper
it comes from, and a docstring that explains it to an officer. A check yields
:class:`Problem` values, where and what; :meth:`Rule.findings` stamps each with
the rule's id and default severity (as yamllint's linter does), so no check
writes its own id or severity. Rules found
while reading files (syntax, schema) are declared here too, without a check,
so that ``thp rules`` and the README list every id a finding can carry.

``thp rules`` prints this catalogue, and the README's table is generated from
it. A partnership may change the severity of a configurable rule in
``partnership.yaml`` under ``rules:``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..dataset.records import Dataset, Where

DATA_FORMAT = "thp data format v1"
OWN_PAPERS = "the partnership's own papers, as recorded in partnership.yaml"
PLAN = "the partnership's plan, as recorded in calls_to_action.yaml"
GOOD_PRACTICE = (
    "good governance practice (a partnership whose papers ask for it cites them in partnership.yaml)"
)
YAML_SPEC = "YAML 1.2 and thp's safe loading"


@dataclass(frozen=True)
class Context:
    """What a check sees: the loaded partnership and the day it is judged on."""

    dataset: Dataset
    as_of: dt.date


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


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue; ``check`` is None for a rule of loading (syntax, schema)."""

    id: str
    severity: Severity
    title: str
    source: str
    explanation: str
    check: Check | None = None

    @property
    def configurable(self) -> bool:
        """Only checks of meaning can be relaxed; a file that cannot be read cannot."""
        return self.check is not None

    def findings(self, ctx: Context) -> Iterator[Finding]:
        """What the check finds in ``ctx``, each problem stamped with this rule's id and default
        severity (``partnership.yaml`` may change the severity later: validate.severities)."""
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
    REGISTRY[id] = Rule(id, severity, title, source, inspect.cleandoc(explanation))


def rule(id: str, severity: Severity, title: str, source: str) -> Callable[[Check], Check]:
    """Register a check; its docstring is its explanation for officers."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id} declared twice")
        REGISTRY[id] = Rule(id, severity, title, source, inspect.cleandoc(check.__doc__ or ""), check)
        return check

    return register


def catalogue() -> list[Rule]:
    """Every rule, in the order the modules declare them."""
    from . import files, papers, placeholders, references, report, structure  # noqa: F401 - registers

    return list(REGISTRY.values())


def recorded_sources(dataset: Dataset) -> dict[str, str]:
    """Where the rules that come from the partnership's own papers come from, as its
    partnership.yaml records it: the paper co_chairing names, and the terms of
    reference that set work programmes and annual updates. Rules it records
    nothing for keep the catalogue's general source."""
    p = dataset.partnership.record if dataset.partnership else None
    if p is None:
        return {}
    found: dict[str, str] = {}
    if p.co_chairing is not None and p.co_chairing.source:
        found["co-chairing"] = p.co_chairing.source
    if p.terms_of_reference is not None:
        duties = {"work-programme": p.work_programme_due, "annual-update": p.annual_update_to}
        for rule_id, set_ in duties.items():
            if set_:
                found[rule_id] = p.terms_of_reference.title
    return {rule_id: f"{OWN_PAPERS}: {text}" for rule_id, text in found.items()}


def get(rule_id: str) -> Rule | None:
    """The rule with this id, or None if there is none."""
    catalogue()
    return REGISTRY.get(rule_id)
