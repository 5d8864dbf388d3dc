"""``thp validate`` as a library call: load, run every rule, apply severities."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from .dataset.load import load_dataset
from .dataset.records import Dataset
from .findings import Finding, Result, Severity
from .rules.base import Context, Rule
from .rules.catalogue import catalogue, recorded_sources
from .yamlio.bounds import DEFAULT_LIMITS, Limits


def severities(dataset: Dataset, rules: list[Rule]) -> dict[str, Severity]:
    """Each rule's severity: its default, or what partnership.yaml sets."""
    table = {r.id: r.severity for r in rules}
    if dataset.partnership:
        for rule_id, setting in dataset.partnership.record.rules.items():
            rule = next((r for r in rules if r.id == rule_id), None)
            if rule is not None and rule.configurable and setting in ("error", "warning", "off"):
                table[rule_id] = Severity(setting)
    return table


def run_checks(dataset: Dataset, as_of: dt.date) -> list[Finding]:
    """The dataset's own findings plus those of every check, severities applied."""
    rules = catalogue()
    ctx = Context(dataset, as_of)
    found = list(dataset.findings)
    for rule in rules:
        if rule.check is None:
            continue
        try:
            found.extend(rule.findings(ctx))
        except Exception as error:  # noqa: BLE001 - one broken check must not hide the rest
            found.append(
                Finding(
                    "data",
                    1,
                    1,
                    "internal-error",
                    Severity.ERROR,
                    f"the check {rule.id} failed ({type(error).__name__}: {error}); "
                    "this is a bug in thp, please report it",
                )
            )
    table = severities(dataset, rules)
    return [dataclasses.replace(f, severity=table.get(f.rule, f.severity)) for f in found]


def validate(root: Path | str, as_of: dt.date | None = None, limits: Limits = DEFAULT_LIMITS) -> Result:
    """Validate the partnership under ``root``; raises ThpError if there is no data/.

    A past ``as_of`` validates the data as it stood that day, from git
    (:func:`history.dataset_on`)."""
    if as_of is not None:
        from .history.sources import dataset_on

        dataset = dataset_on(root, as_of, limits=limits).dataset
    else:
        dataset = load_dataset(root, limits)
    result = Result.of(run_checks(dataset, as_of or dt.date.today()), dataset.files)
    result.sources = recorded_sources(dataset)
    return result
