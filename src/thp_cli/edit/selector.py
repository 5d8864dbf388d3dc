"""Which seat a command means, and how a seat is named: selectors, identities, terms, labels.

A seat's identity is its organisation, role and person, as the duplicate-seat
rule has it; text is compared as the model compares it, in Unicode's composed
form (NFC). What these say is used by ``thp member`` and ``thp import`` alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Flag, ThpError
from ..text import clean
from ..yamlio.emit import Data


@dataclass(frozen=True)
class Selector:
    """Which seat ``remove`` and ``set`` mean: its person, its role, its organisation, or any
    of them together (a person who holds two seats on a board is told apart by role)."""

    person: str | None = None
    role: str | None = None
    organisation: str | None = None

    def check(self) -> None:
        """ThpError unless the seat is named by its person or its role."""
        if self.person is None and self.role is None:
            raise ThpError(
                "name the seat: ",
                Flag("person"),
                " ID, or ",
                Flag("role"),
                " ROLE ",
                Flag("organisation"),
                " ORG",
            )

    def matches(self, seat: Any) -> bool:
        """Whether ``seat`` has every value the selector gives."""
        if not isinstance(seat, dict):
            return False
        return all(
            wanted is None or nfc(str(seat.get(key) or "")) == nfc(wanted)
            for key, wanted in (
                ("person", self.person),
                ("role", self.role),
                ("organisation", self.organisation),
            )
        )

    def describe(self) -> str:
        """The seat as the selector names it, in words (not yet made safe to print)."""
        if self.person is not None:
            what = f"{self.role} ({self.organisation})" if self.role and self.organisation else self.role
            of = f" of {self.organisation}" if self.organisation and not self.role else ""
            return f"{what}{of}, held by {self.person}" if what else f"held by {self.person}{of}"
        return f"{self.role} ({self.organisation})" if self.organisation else f"{self.role}"

    def apart(self, seats: Sequence[Any]) -> list[Flag]:
        """The options not given that would tell ``seats`` apart: ``role``, ``organisation``
        and ``person``, as flags the command line names."""
        given = {"role": self.role, "organisation": self.organisation, "person": self.person}
        return [
            Flag(key)
            for key in ("role", "organisation", "person")
            if given[key] is None and len({str(s.get(key) or "") for s in seats if isinstance(s, dict)}) > 1
        ]


def identity(seat: Any) -> tuple[str, ...] | None:
    """A seat's identity: its organisation, role and person, as the duplicate-seat rule has it.
    A person may hold two seats on one board (a different role is a different seat)."""
    if not isinstance(seat, dict):
        return None
    return tuple(nfc(str(seat.get(key) or "")) for key in ("organisation", "role", "person"))


def terms_overlap(one: Data, other: Data) -> bool:
    """The two seats' terms (since to until; a missing end is open) share a day. A term whose
    dates are not YYYY-MM-DD (the seat has errors) is taken to overlap: thp never guesses."""
    low, high = "0000-00-00", "9999-99-99"
    bounds = []
    for seat, key, missing in (
        (one, "since", low),
        (other, "until", high),
        (other, "since", low),
        (one, "until", high),
    ):
        value = seat.get(key)
        text = missing if value is None or value == "" else str(value)
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, flags=re.ASCII):
            return True
        bounds.append(text)
    return bounds[0] <= bounds[1] and bounds[2] <= bounds[3]


def term_said(seat: Data) -> str:
    """`` from 2023-04-01 to 2023-12-31``, as far as a seat's own dates say; empty without them."""
    since, until = seat.get("since"), seat.get("until")
    return (f" from {since}" if since else "") + (f" to {until}" if until else "")


def post(seat: Any) -> tuple[str, str]:
    """A seat's organisation and role: what stays when the person who holds it changes."""
    if not isinstance(seat, dict):
        return ("", "")
    return (nfc(str(seat.get("organisation") or "")), nfc(str(seat.get("role"))))


def nfc(text: str) -> str:
    """Text as the model compares it: in Unicode's composed form, NFC (see ``model.Record``)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def label(seat: Data, close: str = "") -> str:
    """A seat as a message names it: ``Chief Executive (lbth)``, ``..., held by person-0001``;
    ``close`` ends the aside about its person in the middle of a sentence."""
    text = str(seat.get("role"))
    if seat.get("organisation"):
        text += f" ({seat['organisation']})"
    if seat.get("person"):
        text += f", held by {seat['person']}{close}"
    return clean(text, 300)
