"""Issue #10: export then import is the identity for every value thp accepts, formula-like or not."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from thp_cli.edit.sheet_file import read_csv, read_xlsx, sheet_rows, unneutralise
from thp_cli.export.seats import Seat, neutralise, seats_csv
from thp_cli.export.workbook import seats_xlsx
from thp_cli.model import Member

from .test_hostile_sheets import snapshot, thp, write_town


def accepted(role: str) -> bool:
    """The model takes ``role`` as a seat's role (the domain is what validate accepts, no less)."""
    try:
        Member.model_validate({"role": role})
    except ValidationError:
        return False
    return True


# Any character at all (controls, separators, noncharacters, bidi controls, combining marks,
# astral planes); a role is kept when the model accepts it.
CHARACTERS = st.characters()
FORMULA_LIKE = st.sampled_from(["", "'", "''", "=", "+", "-", "@", "'=", "''+", "'-", "'@", "=-", " =", "'a"])
ROLES = st.builds(lambda start, rest: start + rest, FORMULA_LIKE, st.text(CHARACTERS, max_size=30)).filter(
    accepted
)
NAMES = st.text(CHARACTERS, min_size=1, max_size=20).filter(accepted)  # names follow the same rule
FAST = settings(max_examples=300, deadline=None)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _NoBoards:
    boards: ClassVar[dict[str, Any]] = {}
    people: ClassVar[dict[str, Any]] = {}
    organisations: ClassVar[dict[str, Any]] = {}
    recommendations: ClassVar[dict[str, Any]] = {}
    indicators: ClassVar[dict[str, Any]] = {}


def _seat(role: str, name: str = "Board") -> Seat:
    return Seat("board", name, role, "org", name, "member", False, None, None, None)


# -- the pair itself ------------------------------------------------------------------------------
@FAST
@given(st.text())
@example("'=1+2")
@example("''-")
@example("'Quoted")
def test_unneutralise_undoes_neutralise(text: str) -> None:
    assert unneutralise(neutralise(text)) == text


@FAST
@given(st.text())
@example("'Quoted")
@example("=1+2")
def test_unneutralise_changes_only_what_neutralise_made(cell: str) -> None:
    """A cell export did not write, import leaves as it is: a hand-typed ``'Quoted`` keeps its ``'``."""
    undone = unneutralise(cell)
    assert undone == cell or neutralise(undone) == cell


# -- through the sheets, at the parser ------------------------------------------------------------
@FAST
@given(role=ROLES, name=NAMES)
@example(role='\'=HYPERLINK("x")', name="=1")
@example(role="'Quoted", name="'+")
def test_a_csv_export_reads_back_as_exported(role: str, name: str) -> None:
    rows, problems = sheet_rows(read_csv(seats_csv([_seat(role, name)]).encode("utf-8"), "s.csv"))
    assert problems == []
    assert rows[0].cells["role"] == role
    assert rows[0].cells["board_name"] == name


@FAST
@given(role=ROLES, name=NAMES)
@example(role='\'=HYPERLINK("x")', name="=1")
@example(role=" _x0041_ ", name="TRUE")
def test_an_xlsx_export_reads_back_as_exported(role: str, name: str) -> None:
    rows, problems = sheet_rows(read_xlsx(seats_xlsx([_seat(role, name)], _NoBoards()), "s.xlsx"))  # type: ignore[arg-type]
    assert problems == []
    assert rows[0].cells["role"] == role
    assert rows[0].cells["board_name"] == name


# -- end to end: an unchanged export imports as no change -----------------------------------------
def _round_trip(fmt: str, roles: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_town(Path(folder) / "p", {"board": [(f"org{i}", role) for i, role in enumerate(roles)]})
        before = snapshot(root)
        sheet = Path(folder) / f"seats.{fmt}"
        exported = thp("export", fmt, "--root", str(root), "--out", str(sheet))
        assert exported.exit_code == 0, exported.output
        result = thp("import", fmt, str(sheet), "--root", str(root))
        assert result.exit_code == 0, result.output
        assert result.output == "nothing to change: the sheet matches the data\n"
        assert snapshot(root) == before


@SLOW
@given(roles=st.lists(ROLES, min_size=1, max_size=3))
@example(roles=["'=1+2", "=1+2", "'Quoted"])
@example(roles=["''-", "@home", "+44"])
@example(roles=["\u202eevil", "zero\u200bwidth", "e\u0301 NFD"])
@example(roles=["\U0001f600 \u00a0", "\ufeffBOM", "_x0041_"])
def test_csv_export_then_import_changes_nothing(roles: list[str]) -> None:
    _round_trip("csv", roles)


@SLOW
@given(roles=st.lists(ROLES, min_size=1, max_size=3))
@example(roles=["'=1+2", "=1+2", "'Quoted"])
@example(roles=["\u202eevil", "zero\u200bwidth", "e\u0301 NFD"])
@example(roles=["\U0001f600 \u00a0", "\ufeffBOM", "_x0041_"])
def test_xlsx_export_then_import_changes_nothing(roles: list[str]) -> None:
    _round_trip("xlsx", roles)


DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31))


@FAST
@given(
    fmt=st.sampled_from(["csv", "xlsx"]),
    since=st.none() | DAYS,
    until=st.none() | DAYS,
    elected=st.booleans(),
    position=st.sampled_from(["chair", "co-chair", "vice-chair", "member", "adviser", "secretariat"]),
)
@example(fmt="xlsx", since=dt.date(1900, 2, 28), until=dt.date(1900, 3, 1), elected=True, position="chair")
def test_dates_flags_and_positions_read_back_as_exported(
    fmt: str, since: dt.date | None, until: dt.date | None, elected: bool, position: str
) -> None:
    seat = Seat("board", "Board", "Role", "org", "Org", position, elected, "person-1", since, until)
    if fmt == "csv":
        table = read_csv(seats_csv([seat]).encode("utf-8"), "s.csv")
    else:
        table = read_xlsx(seats_xlsx([seat], _NoBoards()), "s.xlsx")  # type: ignore[arg-type]
    rows, problems = sheet_rows(table)
    assert problems == []
    cells = rows[0].cells
    assert (cells["since"], cells["until"]) == (
        since.isoformat() if since else "",
        until.isoformat() if until else "",
    )
    assert (cells["elected_member"], cells["position"], cells["person"]) == (
        str(elected).lower(),
        position,
        "person-1",
    )
