"""Running the rules: what one check finds (its failure a finding of its own), and each rule's
severity as the partnership sets it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .dataset.records import Dataset
    from .rules.base import Context, Rule

INTERNAL_ERROR = "internal-error"
"""The finding of a check that failed (a bug in thp): the rest still run."""


def severities(dataset: Dataset, rules: list[Rule]) -> dict[str, Severity]:
    """Each rule's severity: its default, or what partnership.yaml sets."""
    table = {r.id: r.severity for r in rules}
    if dataset.partnership:
        for rule_id, setting in dataset.partnership.record.rules.items():
            rule = next((r for r in rules if r.id == rule_id), None)
            if rule is not None and rule.configurable and setting in ("error", "warning", "off"):
                table[rule_id] = Severity(setting)
    return table


def applied(findings: Iterable[Finding], table: dict[str, Severity]) -> list[Finding]:
    """``findings``, each with its rule's severity in ``table`` (see :func:`severities`)."""
    return [
        f if (s := table.get(f.rule, f.severity)) is f.severity else dataclasses.replace(f, severity=s)
        for f in findings
    ]


def findings_of(rule: Rule, ctx: Context) -> list[Finding]:
    """What ``rule`` finds; a check that fails is one finding, so it does not hide the rest."""
    found: list[Finding] = []
    try:
        found.extend(rule.findings(ctx))
    except Exception as error:  # noqa: BLE001 - one broken check must not hide the rest
        found.append(
            Finding(
                "data",
                1,
                1,
                INTERNAL_ERROR,
                Severity.ERROR,
                f"the check {rule.id} failed ({type(error).__name__}: {error}); "
                "this is a bug in thp, please report it",
            )
        )
    return found
