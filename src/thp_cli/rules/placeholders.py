"""Values ``thp init`` wrote for the partnership to replace (warnings until they are)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..findings import Severity
from ..indicator_rating import EXAMPLE_BASELINE, EXAMPLE_TARGET, example_parts
from ..text import PLACEHOLDER, clean, number
from .base import DATA_FORMAT, Context, Problem, problem, rule

if TYPE_CHECKING:
    from ..dataset.records import Located

_KINDS = ("calls", "actions", "organisations", "people", "boards", "recommendations", "indicators")
_PRIVATE = "contact"  # never read, never quoted: contact details stay out of every output


@rule(
    "placeholder", Severity.WARNING, "A value thp init wrote is still to be replaced", DATA_FORMAT, local=True
)
def placeholder(ctx: Context) -> Iterable[Problem]:
    """thp init starts a repository with a few values for the partnership to
    fill in (its vision, the plan's title, the first call to action, the
    council's name, the chair's role, the paper the facts come from, the
    example indicator's title), each beginning "Replace this with". Each one still there is reported, so that
    none reaches a report or an export as if it were the partnership's own. The example
    indicator is also reported while its id is still example-indicator or its baseline or
    target is still the made-up figure thp init wrote (date and value both unchanged); until
    then the annual report leaves it out.
    """
    ds = ctx.dataset
    located: list[Located[Any]] = [ds.partnership] if ds.partnership else []
    for kind in _KINDS:
        located.extend(getattr(ds, kind).values())
    seen: set[tuple[str, int, int]] = set()
    for item in located:
        # no string holds it (its plain words pass JSON's escaping unchanged): none to walk
        if PLACEHOLDER not in item.record.model_dump_json():
            continue
        dumped = item.record.model_dump(mode="python")
        for path, value in _strings(dumped, ()):
            if not value.lstrip().startswith(PLACEHOLDER):
                continue
            found = problem(
                item.where,
                f'the {_what(path)} is still the placeholder thp init wrote, "{clean(value, 80)}"; '
                "replace it with the partnership's own",
                *path,
            )
            if (found.file, found.line, found.column) not in seen:
                seen.add((found.file, found.line, found.column))
                yield found
    for item in ds.indicators.values():
        yield from _example(item)


def _example(item: Located[Any]) -> Iterator[Problem]:
    """The example indicator's id and made-up figures, each while still thp init's."""
    parts = example_parts(item.record)
    if "id" in parts:
        yield problem(
            item.where,
            f"indicator {item.record.id} still has the id of thp init's example; give it the "
            "partnership's own id (and rename its file to match)",
            "id",
        )
    for part, (day, value) in (("baseline", EXAMPLE_BASELINE), ("target", EXAMPLE_TARGET)):
        if part in parts:
            yield problem(
                item.where,
                f"the {part} is still the made-up example thp init wrote ({number(value)} for "
                f"{day}); replace it with the partnership's own figure and date",
                part,
                "value",
            )


def _strings(value: object, path: tuple[Hashable, ...]) -> Iterator[tuple[tuple[Hashable, ...], str]]:
    """Every string inside ``value`` with its path of keys and list indexes, in order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != _PRIVATE:
                yield from _strings(item, (*path, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _what(path: tuple[Hashable, ...]) -> str:
    """The key a placeholder is the value of, in words: ``role``, ``vision``."""
    keys = [str(part) for part in path if isinstance(part, str)]
    return keys[-1].replace("_", " ") if keys else "value"
