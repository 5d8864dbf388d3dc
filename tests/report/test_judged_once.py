"""The judgements the report's boards and coverage share with the rules, made once in duties (#12)."""

from __future__ import annotations

import datetime as dt

from thp_cli import duties
from thp_cli.model import Board

ON = dt.date(2024, 9, 1)


def board(*seats: dict[str, object], **fields: object) -> Board:
    return Board.model_validate(
        {"id": "health", "name": "Health", "kind": "thematic-board", **fields, "members": list(seats)}
    )


def test_co_chaired_needs_an_elected_member_and_a_partner_in_current_seats() -> None:
    mayor = {"role": "Mayor", "position": "co-chair", "elected_member": True}
    nhs = {"role": "Chief Executive", "position": "co-chair"}
    ended = {**nhs, "until": "2024-06-30"}
    assert duties.is_co_chaired(board(mayor, nhs), ON)
    assert not duties.is_co_chaired(board(mayor, ended), ON)
    assert not duties.is_co_chaired(board(), ON)
    assert [i for i, _ in duties.current_chairs(board(mayor, ended, nhs), ON)] == [0, 2]


def test_the_calls_a_board_delivers_include_those_of_its_actions() -> None:
    assert duties.calls_delivered(board(calls_to_action=[2], actions=["3.1", "10.2"])) == {2, 3, 10}
    assert duties.calls_delivered(board()) == set()
