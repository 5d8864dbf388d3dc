"""The links the annual report shows: each a source or paper the data holds, its
address kept only when it is safe to follow (https: or mailto:)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .diagram import natural_key

if TYPE_CHECKING:
    from ..dataset.records import Dataset
    from ..model import Citation, Member, Partnership


@dataclass(frozen=True)
class Link:
    """A link the data holds: its words, and its address (None when it is not https:
    or mailto:, so the words are shown without a link)."""

    text: str
    url: str | None
    note: str = ""  # why an address the data gives is not linked, in words; '' when none is given


UNUSABLE = "link not usable"
"""What a page says of an address the data gives that is not safe to follow."""


def link(text: str, url: str | None) -> Link:
    """A link with ``text``, its address kept only if it is safe (see :func:`thp_cli.templating.safe_url`);
    an address that is not says so in its ``note``."""
    from ..templating import safe_url

    safe = safe_url(url) if url else None
    return Link(text, safe, UNUSABLE if url and safe is None else "")


def source_links(sources: Sequence[Citation], prefix: str = "") -> list[Link]:
    """A link for each source that has an address, once each, in the data's order."""
    seen: dict[tuple[str, str], Link] = {}
    for src in sources:
        if src.url:
            seen.setdefault((src.title, src.url), link(f"{prefix}{src.title}", src.url))
    return list(seen.values())


def partnership_links(p: Partnership | None) -> list[Link]:
    """The partnership's terms of reference, where the data gives their address, and its sources."""
    if p is None:
        return []
    terms = p.terms_of_reference
    out = [link(terms.title, terms.url)] if terms and terms.url else []
    return list(dict.fromkeys([*out, *source_links(p.sources)]))


def action_sources(call: Any) -> list[Citation]:
    """The sources of the actions of a call to action."""
    return [src for action in call.actions for src in action.sources]


def call_links(ds: Dataset) -> list[Link]:
    """The sources of the calls to action and of their actions, in number order."""
    return source_links(
        [src for _, c in sorted(ds.calls.items()) for src in (*c.record.sources, *action_sources(c.record))]
    )


def organisation_links(ds: Dataset) -> list[Link]:
    """The organisations' sources, in natural order of their names."""
    return source_links(
        [
            src
            for o in sorted(
                ds.organisations.values(), key=lambda o: (natural_key(o.record.name), o.record.id)
            )
            for src in o.record.sources
        ],
    )


def people_links(ds: Dataset, held: list[Member]) -> list[Link]:
    """The sources of the people who hold one of the ``held`` seats (never their contact details)."""
    holders = {m.person for m in held}  # once, not once a person: the work grows with the data
    return source_links(
        [
            src
            for person in sorted(
                (x for x in ds.people.values() if x.record.id in holders),
                key=lambda x: (natural_key(x.record.name), x.record.id),
            )
            for src in person.record.sources
        ],
    )
