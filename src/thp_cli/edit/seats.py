"""The three edits of ``thp member``: add, remove and change one seat of a board.

Library first: each function is given the values of the command's options,
checks them as the model would (a role on one line, dates written YYYY-MM-DD,
organisations and people that exist), and makes its edit through an
:class:`thp_cli.edit.session.Session`, which keeps every other byte of the file.
A problem with a value names the option by its field (:class:`thp_cli.errors.Flag`):
the command line writes it as the flag the user typed.

Adding a seat and removing it again gives back the same bytes, because each
of those steps undoes the other, end of file without a line ending included.
One shape cannot be told apart once a seat is in it, so its round trip is
close rather than exact: removing a board's last seat writes
``members: []``, except where ``members`` is the last key of the file (where
``add`` puts it when a board has none), which goes with its seat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Flag, ThpError
from ..text import clean, did_you_mean, quote
from ..yamlio.emit import Data
from .plans import CLEAR, FIELDS, Changes, add_entry, as_data, change_entry, changed_entry, remove_entry
from .selector import Selector, label
from .session import open_board

if TYPE_CHECKING:
    from ..dataset.records import Dataset

DEFAULTS: dict[str, object] = {"position": "member", "elected_member": False}
NONE = "none"
"""What a ``set`` option that may remove its key says to do so (``--until none``)."""
CLEARABLE = ("person", "since", "until")
REFERENCED = {"organisations": "organisation in organisations.yaml", "people": "person in people.yaml"}
"""What a seat's id of each kind must name, in words: ``'x' is no person in people.yaml``."""


@dataclass(frozen=True)
class NewSeat:
    """What ``thp member add`` was given."""

    role: str
    organisation: str
    position: str = "member"
    person: str | None = None
    elected_member: bool = False
    since: str | None = None
    until: str | None = None

    def fields(self) -> Data:
        """The seat's keys as its file will have them: the defaults left out but the position."""
        out: Data = {"role": self.role, "organisation": self.organisation, "position": self.position}
        if self.elected_member:
            out["elected_member"] = True
        for key in ("person", "since", "until"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


# -- checking what the command was given --------------------------------------------------
def check_text(option: Flag, value: str) -> None:
    """Refuse a role that is empty or not one line of plain text, as the model would."""
    from ..field_types import one_line_problem

    if not value.strip():
        raise ThpError(option, " must not be empty")
    why = one_line_problem(value, "a role")
    if why is not None:
        raise ThpError(option, f": {why}")


def check_date(option: Flag, value: str | None, clearable: bool = False) -> str | None:
    """``value`` as the ISO date it must be (``none`` too, where the key may be removed)."""
    if value is None or (clearable and value == NONE):
        return value
    from pydantic_core import PydanticCustomError

    from ..dates import parse_date

    try:
        return parse_date(value).isoformat()
    except PydanticCustomError as error:
        hint = f", or {NONE} to remove it" if clearable else ""
        raise ThpError(option, f": {error.message()}{hint}") from None


def check_reference(ds: Dataset, kind: str, option: Flag, value: str | None) -> None:
    """Refuse an id (of ``kind``, organisations or people) that is not an id, or names nothing."""
    if value is None or value == NONE:
        return
    from ..field_types import SLUG

    noun = REFERENCED[kind]
    if not re.match(SLUG, value):
        raise ThpError(
            option, f" {quote(value)} is not an id: ids are lower-case letters and digits joined by hyphens"
        )
    if not ds.exists(kind, value):
        hint = did_you_mean(value, [str(k) for k in getattr(ds, kind)])
        where = noun.rsplit(" ", 1)[-1]
        raise ThpError(option, f" names '{value}', which is no {noun}{hint or f'; add it to {where} first'}")


# -- the three edits ------------------------------------------------------------------------
def add_seat(root: Path | str, board: str, seat: NewSeat) -> str:
    """Add a seat to a board; the one line saying what was done."""
    check_text(Flag("role"), seat.role)
    seat = replace(
        seat, since=check_date(Flag("since"), seat.since), until=check_date(Flag("until"), seat.until)
    )
    session = open_board(root, board)
    check_reference(session.dataset, "organisations", Flag("organisation"), seat.organisation)
    check_reference(session.dataset, "people", Flag("person"), seat.person)
    fields = seat.fields()
    session.refuse_duplicate(fields)
    session.commit(session.planned(lambda: add_entry(session.doc, session.layout, session.data, fields)))
    return f"added the seat {label(fields, ',')} to {session.named} as {seat.position}"


def remove_seat(root: Path | str, board: str, selector: Selector) -> str:
    """Remove one seat from a board; the one line saying what was done."""
    selector.check()
    session = open_board(root, board)
    index = session.find(selector)
    seat = session.seats[index]

    session.commit(session.planned(lambda: remove_entry(session.doc, session.layout, session.data, index)))
    return f"removed the seat {label(seat, ',')} from {session.named}"


@dataclass(frozen=True)
class SeatChanges:
    """What ``thp member set`` was given; None leaves a key as it is, ``none`` removes it."""

    position: str | None = None
    elected_member: bool | None = None
    since: str | None = None
    until: str | None = None
    role: str | None = None
    organisation: str | None = None
    person: str | None = None

    def wanted(self) -> Changes:
        """The changes asked for: ``none`` removes a key that may be removed, and is text elsewhere."""
        out: Changes = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = CLEAR if value == NONE and name in CLEARABLE else value
        return out


def set_seat(root: Path | str, board: str, selector: Selector, changes: SeatChanges) -> str:
    """Change one seat of a board; the one line saying what was done (or that nothing needed to be)."""
    selector.check()
    changes = _checked(changes)
    session = open_board(root, board)
    check_reference(session.dataset, "organisations", Flag("new_organisation"), changes.organisation)
    check_reference(session.dataset, "people", Flag("new_person"), changes.person)
    index = session.find(selector)
    seat = as_data(session.seats[index])
    wanted = _differences(seat, changes.wanted())
    if not wanted:
        return f"nothing to change: the seat {label(seat, ',')} on {session.named} is already like that"
    session.refuse_duplicate(changed_entry(seat, wanted), skip=index)

    session.commit(
        session.planned(lambda: change_entry(session.doc, session.layout, session.data, index, wanted))
    )
    return f"changed the seat {label(seat, ',')} on {session.named}: {changes_said(seat, wanted)}"


def _checked(changes: SeatChanges) -> SeatChanges:
    """The changes with their dates as ISO dates; ThpError if they ask for nothing, or for what
    cannot be."""
    if not changes.wanted():
        raise ThpError(
            "say what to change: ",
            *(Flag("position"), ", ", Flag("elected_member"), " or ", Flag("not_elected_member"), ", "),
            *(Flag("since"), ", ", Flag("until"), ", ", Flag("new_role"), ", "),
            *(Flag("new_organisation"), " or ", Flag("new_person")),
        )
    if changes.role is not None:
        check_text(Flag("new_role"), changes.role)
    if changes.organisation == NONE:
        raise ThpError(
            Flag("new_organisation"), " cannot be none: a seat added by thp always names its organisation"
        )
    return replace(
        changes,
        since=check_date(Flag("since"), changes.since, clearable=True),
        until=check_date(Flag("until"), changes.until, clearable=True),
    )


def _differences(seat: Data, wanted: Changes) -> Changes:
    """The requested changes that change something."""
    out: Changes = {}
    for key, value in wanted.items():
        current = seat.get(key)
        if value is CLEAR:
            if current is not None:
                out[key] = value
        elif (current if current is not None else DEFAULTS.get(key)) != value:
            out[key] = value
    return out


def changes_said(seat: Data, wanted: Changes) -> str:
    """What ``wanted`` changes on ``seat``, in words: ``position from member to chair, until 2025-03-31``."""
    parts = []
    for key, value in wanted.items():
        name = key.replace("_", " ")
        if value is CLEAR:
            parts.append(f"{name} {seat.get(key)} removed")
        elif isinstance(value, bool):
            parts.append(f"{name} {'yes' if value else 'no'}")
        elif key in seat and seat[key] is not None:
            parts.append(f"{name} from {seat[key]} to {value}")
        else:
            parts.append(f"{name} {value}")
    return clean(", ".join(parts), 500)
