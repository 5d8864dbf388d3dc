"""The whole catalogue: every rule module registered, in the order they declare their rules,
looked up by id, and the sources a partnership's own papers give them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import attendance, files, indicators, papers, placeholders, references, report, structure
from .base import OWN_PAPERS, REGISTRY, Rule

if TYPE_CHECKING:
    from ..dataset.records import Dataset


ORDER = tuple(
    m.__name__ for m in (files, indicators, papers, placeholders, references, report, structure, attendance)
)
"""The rule modules (importing each registers its rules), in the catalogue's order."""


def catalogue() -> list[Rule]:
    """Every rule, module by module in :data:`ORDER`, each module's in the order it declares
    them: the same order whichever module was imported first."""
    rank = {name: n for n, name in enumerate(ORDER)}
    return sorted(REGISTRY.values(), key=lambda r: rank.get(r.module, len(rank)))


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
