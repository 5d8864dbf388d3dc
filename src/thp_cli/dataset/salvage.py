"""Validating one record, and salvaging what is sound when part of it is wrong."""

from __future__ import annotations

from collections.abc import Hashable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..model import IN_NFC
from ..yamlio.keypath import SourceMap
from ..yamlio.load import Loaded
from .records import Dataset, Kept, Located, Where
from .validation_messages import findings_from

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Checked(Generic[R]):
    """What validating one record gave: the record (None if unusable), the
    fields dropped to salvage it, and where each kept list entry is in the file."""

    record: R | None
    dropped: frozenset[str] = frozenset()
    kept: Kept = field(default_factory=dict, hash=False)

    def located(self, file: str, source: SourceMap, path: tuple[Hashable, ...] = ()) -> Located[R]:
        """The record, placed in ``file`` at ``path``."""
        assert self.record is not None
        return Located(self.record, Where(file, source, path, self.kept), self.dropped)


def validate_record(
    cls: type[R],
    data: Any,
    loaded: Loaded,
    ds: Dataset,
    prefix: tuple[Hashable, ...] = (),
    taken: AbstractSet[str] = frozenset(),
    own: str = "",
) -> Checked[R]:
    """Validate ``data``; report errors; salvage what is sound.

    When only optional fields (or single entries of optional lists) are wrong,
    the record is validated again without them, so one bad value does not
    take the whole board out of the partnership and make other files'
    findings vanish or cascade. The result says which fields were dropped
    and, for each list that lost entries, which entries of the file it kept,
    so that findings about the record are still placed where the file has them.
    ``taken``: the names of the entries of the file's folder, but for ``own``, the file's own
    (left out only when there are errors to explain: a folder of 20,000 files is not copied
    20,000 times).
    """
    context = IN_NFC if loaded.ascii else None  # ASCII text needs no Unicode normalising
    try:
        return Checked(cls.model_validate(data, context=context))
    except ValidationError as error:
        ds.findings.extend(
            findings_from(
                error,
                model=cls,
                data=data,
                file=loaded.file,
                source=loaded.source,
                prefix=prefix,
                named=ds.named,
                taken=frozenset(taken).difference((own,)),
            )
        )
        pruned = _prune(cls, data, error)
    if pruned is None:
        return Checked(None)
    sound, dropped, kept = pruned
    try:
        return Checked(cls.model_validate(sound, context=context), dropped, kept)
    except ValidationError:
        return Checked(None)


def _prune(
    cls: type[BaseModel], data: Any, error: ValidationError
) -> tuple[dict[str, Any], frozenset[str], Kept] | None:
    """``data`` without the optional keys and list entries that have errors,
    the names of the keys touched, and for each list that lost entries the
    index in ``data`` of each entry left; None if a required key is wrong."""
    if not isinstance(data, dict):
        return None
    drop_keys: set[str] = set()
    drop_items: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if not loc or not isinstance(loc[0], str):
            return None
        field = cls.model_fields.get(loc[0])
        if field is not None and field.is_required():
            return None
        value = data.get(loc[0])
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(value, list):
            drop_items.setdefault(loc[0], set()).add(loc[1])
        else:
            drop_keys.add(loc[0])
    pruned = {k: v for k, v in data.items() if k not in drop_keys}
    kept: dict[tuple[Hashable, ...], tuple[int, ...]] = {}
    for key, indexes in drop_items.items():
        if key in pruned:
            kept[(key,)] = tuple(i for i in range(len(pruned[key])) if i not in indexes)
            pruned[key] = [pruned[key][i] for i in kept[(key,)]]
    return pruned, frozenset(drop_keys | set(drop_items)), kept
