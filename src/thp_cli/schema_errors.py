"""Moved to ``dataset.validation_messages`` and ``dataset.names``; kept importable until the merge."""

from .dataset.names import (  # noqa: F401
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
from .dataset.validation_messages import NOUNS, findings_from, private  # noqa: F401
