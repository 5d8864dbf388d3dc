"""``thp member add|remove|set``: change a board's seats without hand-editing YAML.

Thin commands: each maps its options onto one call of :mod:`thp_cli.edit.seats`
(imported inside the command, with ruamel and pydantic behind it) and prints
the one line it returns. Refusals are ``ThpError``: exit 2, nothing written.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from .options import Commands, Group, RootOption, say


class PositionChoice(str, enum.Enum):
    """The positions of the data format (model.Position; a test keeps the two equal)."""

    chair = "chair"
    co_chair = "co-chair"
    vice_chair = "vice-chair"
    member = "member"
    adviser = "adviser"
    secretariat = "secretariat"


BoardArgument = Annotated[
    str,
    typer.Argument(metavar="BOARD", help="The board's id (its file name without .yaml).", show_default=False),
]
PersonOption = Annotated[
    str | None,
    typer.Option(
        "--person", metavar="ID", help="The seat's person: an id in people.yaml.", show_default=False
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="The day the seat began, YYYY-MM-DD.", show_default=False),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="The day the seat ends, YYYY-MM-DD.", show_default=False),
]


def add(
    board: BoardArgument,
    role: Annotated[
        str,
        typer.Option("--role", metavar="ROLE", help="The seat's role, as the terms of reference name it."),
    ],
    organisation: Annotated[
        str,
        typer.Option(
            "--organisation",
            metavar="ORG",
            help="The organisation that holds the seat: an id in organisations.yaml.",
        ),
    ],
    position: Annotated[
        PositionChoice,
        typer.Option("--position", help="The seat's position on the board."),
    ] = PositionChoice.member,
    person: PersonOption = None,
    elected_member: Annotated[
        bool, typer.Option("--elected-member", help="The seat is held by an elected councillor or the Mayor.")
    ] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    root: RootOption = Path("."),
) -> None:
    """Add a seat to a board, as the last entry of its members list.

    The rest of the file is kept byte for byte. Refused (exit 2, nothing
    written) if the board, organisation or person does not exist, the seat is
    already there, a date is not a date, or the change would bring in an error.
    """
    from ..edit.seats import NewSeat, add_seat

    seat = NewSeat(role, organisation, position.value, person, elected_member, since, until)
    say(add_seat(root, board, seat))


# how remove and set name the seat they act on, with --person
SeatRoleOption = Annotated[
    str | None, typer.Option("--role", metavar="ROLE", help="The seat's role.", show_default=False)
]
SeatOrganisationOption = Annotated[
    str | None,
    typer.Option("--organisation", metavar="ORG", help="The seat's organisation.", show_default=False),
]


def remove(
    board: BoardArgument,
    person: PersonOption = None,
    role: SeatRoleOption = None,
    organisation: SeatOrganisationOption = None,
    root: RootOption = Path("."),
) -> None:
    """Remove a seat from a board: name it by --person, by --role and --organisation, or by all three.

    The seat's own lines go, with the comments beside them; everything else
    is kept byte for byte. A board's last seat leaves members: [] behind.
    """
    from ..edit.seats import remove_seat
    from ..edit.selector import Selector

    say(remove_seat(root, board, Selector(person, role, organisation)))


def set_(
    board: BoardArgument,
    person: PersonOption = None,
    role: SeatRoleOption = None,
    organisation: SeatOrganisationOption = None,
    position: Annotated[
        PositionChoice | None,
        typer.Option("--position", help="A new position.", show_default=False),
    ] = None,
    elected_member: Annotated[
        bool | None,
        typer.Option(
            "--elected-member/--not-elected-member",
            help="Whether an elected member holds the seat.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="A new start, YYYY-MM-DD, or none to remove it.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE", help="A new end, YYYY-MM-DD, or none to remove it.", show_default=False
        ),
    ] = None,
    new_role: Annotated[
        str | None,
        typer.Option("--new-role", metavar="ROLE", help="A new name for the role.", show_default=False),
    ] = None,
    new_organisation: Annotated[
        str | None,
        typer.Option("--new-organisation", metavar="ORG", help="A new organisation id.", show_default=False),
    ] = None,
    new_person: Annotated[
        str | None,
        typer.Option(
            "--new-person", metavar="ID", help="A new person id, or none to remove it.", show_default=False
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Change a seat of a board: name it by --person, by --role and --organisation, or by all three.

    Only the lines of the keys that change are touched. A key that is not
    there yet gets a line of its own, in the data format's order.
    """
    from ..edit.seats import SeatChanges, set_seat
    from ..edit.selector import Selector

    changes = SeatChanges(
        position.value if position else None,
        elected_member,
        since,
        until,
        new_role,
        new_organisation,
        new_person,
    )
    say(set_seat(root, board, Selector(person, role, organisation), changes))


COMMANDS: Commands = [("add", add), ("remove", remove), ("set", set_)]
GROUP = Group(
    "member", "Add, change or remove a seat on a board; comments and layout of the file are kept.", COMMANDS
)
"""The group of commands this module holds, for the app to register."""
