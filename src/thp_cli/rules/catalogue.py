"""The whole catalogue: every rule module registered, in the order they declare their rules,
looked up by id, and the sources a partnership's own papers give them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import files, indicators, papers, placeholders, references, report, structure  # noqa: F401 - registers

# isort: split
from . import attendance  # noqa: F401 - registers, after the rules above
from .base import OWN_PAPERS, REGISTRY, Rule

if TYPE_CHECKING:
    from ..dataset.records import Dataset


def catalogue() -> list[Rule]:
    """Every rule, in the order the modules declare them."""
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
    return REGISTRY.get(rule_id)
