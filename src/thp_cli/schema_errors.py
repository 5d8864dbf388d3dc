"""Moved to ``dataset.validation_messages`` and ``dataset.names``; kept importable until the merge."""

from .dataset.names import (
    REFERENCE_NOUNS,
    REFERENCES,
    Named,
    NameIndex,
    complete_named,
    is_slug,
    name_index,
    reference_hint,
    slugify,
)
from .dataset.validation_messages import NOUNS, findings_from, private

__all__ = [
    "NOUNS",
    "REFERENCES",
    "REFERENCE_NOUNS",
    "NameIndex",
    "Named",
    "complete_named",
    "findings_from",
    "is_slug",
    "name_index",
    "private",
    "reference_hint",
    "slugify",
]
