"""Records compared as the checks that look across records see them: without their prose
(free text, :class:`~thp_cli.field_types.Prose`, which none of them reads)."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


def plain(value: object) -> object:
    """``value`` (a record) as plain values to compare, its prose left out; each value with its type."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        cls = type(value)
        return (cls.__name__, tuple(plain(getattr(value, name)) for name in _not_prose(cls)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(plain(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((plain(k), plain(v)) for k, v in value.items()))
    return (type(value).__name__, value)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _not_prose(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that are not prose (:class:`~thp_cli.field_types.Prose`)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(
            name
            for name, info in cls.model_fields.items()
            if not (_is_prose(info.annotation) or any(_is_prose(m) for m in info.metadata))
        )
        _FIELDS[cls] = names
    return names


def _is_prose(annotation: object) -> bool:
    """Whether ``annotation`` marks prose, anywhere within it."""
    from .field_types import Prose

    if isinstance(annotation, Prose):
        return True
    if any(isinstance(m, Prose) for m in getattr(annotation, "__metadata__", ())):
        return True
    return any(_is_prose(arg) for arg in typing.get_args(annotation))
