"""Library errors of the edit layer name an option by its field; the command line writes the flag (#12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli.edit.moderngov import import_meetings
from thp_cli.edit.seats import SeatChanges, check_date, set_seat
from thp_cli.edit.selector import Selector
from thp_cli.errors import Flag, ThpError, option_name


def refusal(call: object) -> ThpError:
    assert callable(call)
    with pytest.raises(ThpError) as caught:
        call()
    return caught.value


def test_a_seat_not_named_is_refused_in_words_and_in_flags() -> None:
    error = refusal(Selector().check)
    assert str(error) == "name the seat: person ID, or role ROLE organisation ORG"
    assert error.render(option_name) == "name the seat: --person ID, or --role ROLE --organisation ORG"


def test_set_without_changes_names_every_option_it_takes(tmp_path: Path) -> None:
    error = refusal(lambda: set_seat(tmp_path, "exec", Selector(person="p"), SeatChanges()))
    assert error.render(option_name) == (
        "say what to change: --position, --elected-member or --not-elected-member, --since, --until, "
        "--new-role, --new-organisation or --new-person"
    )
    assert "--" not in str(error)


def test_a_date_that_is_not_one_names_its_option() -> None:
    error = refusal(lambda: check_date(Flag("since"), "2024-02-30"))
    assert error.render(option_name).startswith("--since: ")
    assert str(error).startswith("since: ")


def test_a_committee_id_below_one_names_its_option(tmp_path: Path) -> None:
    error = refusal(lambda: import_meetings(tmp_path, tmp_path / "m.xml", "b", 0, dt.date(2024, 6, 1)))
    assert error.render(option_name) == "--committee-id must be a whole number from 1"
