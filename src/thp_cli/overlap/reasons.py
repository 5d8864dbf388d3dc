"""The sentence that says why two boards overlap, naming boards by their names."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..text import listing, plural
from .profiles import Profile
from .wording import named_boards, numbered, topic_words

if TYPE_CHECKING:
    from .result import Basis


def _seats_clause(n_a: int, n_b: int, shared: int, first: str, second: str) -> str:
    if not shared:
        return "share no seats"
    if n_a == n_b:
        return "share their one seat" if n_a == 1 else f"share {shared} of their {n_a} seats"
    return f"share {plural(shared, 'seat')} ({first} has {n_a}, {second} has {n_b})"


def _attended_clause(n_a: int, n_b: int, shared: int, first: str, second: str, basis: Basis) -> str:
    """The seats clause by attendance: how many seats came to both boards' meetings."""
    if not shared:
        return f"had no seat at both boards' meetings {basis.period}"
    return (
        f"had {plural(shared, 'seat')} at both boards' meetings {basis.period} "
        f"({plural(n_a, 'seat')} attended {first}'s, {n_b} {second}'s)"
    )


def pair_reason(
    a: str,
    b: str,
    pa: Profile,
    pb: Profile,
    shared: dict[str, list[Any]],
    line: list[str] | None,
    name: Callable[[str], str],
    basis: Basis | None = None,
) -> str:
    """Why two boards overlap, in plain words, naming boards by their names.

    For example: 'Safety Board and Violence Board share 3 of their 4 seats,
    share a chair (Chief Inspector, Police) and both work on domestic abuse,
    yet report to different boards (Executive and Partnership Board)'. By attendance
    (``basis``) the seats are those that came to the boards' meetings, and it says so.
    """
    (first, p1), (second, p2) = sorted([(a, pa), (b, pb)], key=lambda x: (name(x[0]), x[0]))
    seats = len(shared["seats"])
    counts = (len(p1.seats), len(p2.seats), seats, name(first), name(second))
    clauses = [_seats_clause(*counts) if basis is None else _attended_clause(*counts, basis)]
    chairs = shared["chairs"]
    if chairs and basis is not None:
        clauses.append(
            f"had {'a chair' if len(chairs) == 1 else plural(len(chairs), 'chair')} at both "
            f"({listing(chairs)})"
        )
    elif chairs:
        clauses.append(
            f"share a chair ({chairs[0]})"
            if len(chairs) == 1
            else f"share {len(chairs)} chairs ({listing(chairs)})"
        )
    work = [topic_words(t) for t in shared["topics"]]
    if shared["actions"]:
        work.append(numbered(shared["actions"], "action", "actions"))
    implied = {int(x.split(".")[0]) for x in shared["actions"]}
    calls = [str(c) for c in shared["calls"] if c not in implied]
    if calls:
        work.append(numbered(calls, "call to action", "calls to action"))
    text = f"{name(first)} and {name(second)} "
    if seats:
        text += listing(clauses + ([f"both work on {listing(work)}"] if work else []))
    else:
        text += clauses[0] + (f", but both work on {listing(work)}" if work else "")
    if line is not None:
        through = f" through {listing([name(x) for x in line[1:-1]])}" if len(line) > 2 else ""
        return f"{text}; {name(line[0])} reports to {name(line[-1])}{through}"
    up1, up2 = p1.parents - {second}, p2.parents - {first}
    common = up1 & up2
    then = ", yet " if seats else "; "
    if common:
        return f"{text}; both report to {named_boards(common, name)}"
    if up1 and up2:
        if len(up1) == 1 and len(up2) == 1:
            return f"{text}{then}report to different boards ({name(min(up1))} and {name(min(up2))})"
        return (
            f"{text}{then}report to different boards ({name(first)} to {named_boards(up1, name)}; "
            f"{name(second)} to {named_boards(up2, name)})"
        )
    if up1 or up2:
        lower, ups, top = (first, up1, second) if up1 else (second, up2, first)
        return (
            f"{text}{then}{name(lower)} reports to {named_boards(ups, name)} "
            f"and {name(top)} to no other board"
        )
    return text
