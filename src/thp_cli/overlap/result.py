"""What ``thp overlap`` finds, as values: pairs, clusters, busy seats and
organisations, bridges and groups that may no longer be needed, gathered in
one :class:`OverlapResult` that every renderer and the annual report read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .attendance import Window

BASES = ("seats", "attendance")
"""What boards are compared by: their seats on paper (the default), or who attended their meetings."""


@dataclass(frozen=True)
class Pair:
    """Two boards that share seats, actions or topics: how much, what, and why in words."""

    a: str
    b: str
    score: float
    jaccard: float
    overlap: float
    shared_seats: list[str]
    shared_calls: list[int]
    shared_actions: list[str]
    shared_topics: list[str]
    related: str | None  # parent-child | reporting-line (one reports to the other through others)
    reason: str
    seats_a: int = 0
    seats_b: int = 0
    shared_chairs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: ids and coefficients, scores rounded to four places."""
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "jaccard": round(self.jaccard, 4),
            "overlap": round(self.overlap, 4),
            "shared_seats": self.shared_seats,
            "shared_chairs": self.shared_chairs,
            "shared_calls": self.shared_calls,
            "shared_actions": self.shared_actions,
            "shared_topics": self.shared_topics,
            "related": self.related,
            "reason": self.reason,
            "seats_a": self.seats_a,
            "seats_b": self.seats_b,
        }


@dataclass(frozen=True)
class Cluster:
    """Boards that overlap each other, to look at together."""

    boards: list[str]
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the boards by id, the mean score rounded to four places."""
        return {"boards": self.boards, "score": round(self.score, 4), "reason": self.reason}


@dataclass(frozen=True)
class Busy:
    """A seat or organisation on several boards."""

    id: str
    label: str
    boards: list[str]
    seats: int = 0

    def as_dict(self, key: str) -> dict[str, Any]:
        """The JSON form, the id under ``key`` (``seat`` or ``organisation``)."""
        out: dict[str, Any] = {
            key: self.id,
            "label": self.label,
            "count": len(self.boards),
            "boards": self.boards,
        }
        if key == "organisation":
            out["seats"] = self.seats
        return out


@dataclass(frozen=True)
class Bridge:
    """A seat that is the only link between boards, and what its removal would cut off."""

    seat: str
    label: str
    boards: list[str]
    cut_off: list[str]
    reason: str
    cut_off_count: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the seat and boards by id, with the sentence."""
        return {
            "seat": self.seat,
            "label": self.label,
            "boards": self.boards,
            "cut_off": self.cut_off,
            "cut_off_count": self.cut_off_count,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Candidate:
    """A group that may no longer be needed, and why."""

    board: str
    kind: str  # no-recent-meeting | remit-inside | ended
    reason: str
    other: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: the boards by id, with the sentence."""
        return {"board": self.board, "kind": self.kind, "other": self.other, "reason": self.reason}


@dataclass(frozen=True)
class Basis:
    """Overlap by attendance: the window read, and the words every sentence says it in."""

    window: Window
    names: dict[str, str]

    @property
    def boards(self) -> set[str]:
        """The boards compared: those whose meetings in the window record attendance."""
        return set(self.window.recorded)

    @property
    def day(self) -> str:
        """The window's end in words."""
        from ..dates import long_date

        return long_date(self.window.end)

    @property
    def period(self) -> str:
        """The window in words: 'in the twelve months to 1 September 2024'."""
        return f"in the twelve months to {self.day}"

    @property
    def cluster_words(self) -> str:
        """What a cluster's sentence adds: how the boards were compared."""
        return f" by who attended their meetings {self.period}"

    @property
    def bridge_words(self) -> str:
        """What a bridge's seat is, by attendance."""
        return f"seat, by attendance at meetings {self.period},"

    def note(self) -> str:
        """What was compared, and what the data does not say, in plain words."""
        from ..text import plural
        from .wording import named_boards

        w = self.window

        def name(board: str) -> str:
            return self.names.get(board, board)

        if not w.recorded:
            return (
                f"No meeting held {self.period} records who attended, so the boards cannot be "
                "compared by attendance: nothing here says that they do not overlap. Compare them by "
                "their seats instead."
            )
        text = (
            f"Compared by attendance: a board's seats are those that attended its meetings held "
            f"{self.period}, present or by a substitute ({plural(w.meetings, 'meeting')} of "
            f"{plural(len(w.recorded), 'board')} record attendance: {named_boards(w.recorded, name)})."
        )
        if w.silent:
            text += (
                f" Left out, as their meetings in that time record no attendance: "
                f"{named_boards(w.silent, name)}."
            )
        return text


@dataclass
class OverlapResult:
    """Everything ``thp overlap`` found on one day, at one threshold."""

    as_of: dt.date
    threshold: float
    pairs: list[Pair] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    busy_seats: list[Busy] = field(default_factory=list)
    busy_organisations: list[Busy] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    data_errors: int = 0
    top: int | None = None  # only the N most overlapping pairs were asked for
    basis: Basis | None = None  # by attendance; None: by the seats on paper

    @property
    def by(self) -> str:
        """What the boards were compared by: "seats" or "attendance"."""
        return "seats" if self.basis is None else "attendance"

    @property
    def note(self) -> str:
        """What a comparison by attendance read and left out; empty for seats."""
        return self.basis.note() if self.basis else ""

    def name(self, board: str) -> str:
        """A board's name, for sentences; its id where the data gives no name."""
        return self.names.get(board, board)

    @property
    def duplicates(self) -> list[Pair]:
        """Pairs of boards neither of which reports to the other: the ones to act on."""
        return [p for p in self.pairs if p.related is None]

    @property
    def expected(self) -> list[Pair]:
        """Pairs where one board reports to the other: shared seats are expected."""
        return [p for p in self.pairs if p.related is not None]

    def as_dict(self) -> dict[str, Any]:
        """What ``thp overlap --format json`` writes: every finding, boards by id (by attendance,
        also what was compared and left out)."""
        basis: dict[str, Any] = {}
        if self.basis is not None:
            basis = {"by": self.by, "attendance": self.basis.window.as_dict(), "note": self.note}
        return {
            "as_of": self.as_of.isoformat(),
            "threshold": self.threshold,
            **basis,
            "pairs": [p.as_dict() for p in self.pairs],
            "clusters": [c.as_dict() for c in self.clusters],
            "busy_seats": [b.as_dict("seat") for b in self.busy_seats],
            "busy_organisations": [b.as_dict("organisation") for b in self.busy_organisations],
            "bridges": [b.as_dict() for b in self.bridges],
            "candidates": [c.as_dict() for c in self.candidates],
        }
