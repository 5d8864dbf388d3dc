"""The shipped Tower Hamlets Partnership agrees with the council papers and validates."""

from __future__ import annotations

import datetime as dt

import pytest

from thp_cli.dataset.load import load_dataset
from thp_cli.dataset.records import Dataset
from thp_cli.dates import Month
from thp_cli.validate import run_checks

from .conftest import REPO


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(REPO)


@pytest.mark.parametrize("on", ["2024-09-01", "2026-11-23"])
def test_validates_without_errors(ds: Dataset, on: str) -> None:
    findings = run_checks(load_dataset(REPO), dt.date.fromisoformat(on))
    assert [f for f in findings if f.severity.value == "error"] == []


def test_every_record_cites_a_paper(ds: Dataset) -> None:
    assert ds.partnership and ds.partnership.record.sources
    for table in (ds.calls, ds.organisations, ds.boards, ds.recommendations):
        for key, item in table.items():
            assert item.record.sources, key


def test_terms_of_reference_seats(ds: Dataset) -> None:
    board = ds.boards["partnership-board"].record
    peg = ds.boards["peg"].record
    assert len(board.members) == 32
    assert len(peg.members) == 22
    assert [m.role for m in board.members if m.position == "chair"] == ["Executive Mayor"]
    assert [m.role for m in peg.members if m.position == "chair"] == ["Executive Mayor"]
    board_seats = {m.seat for m in board.members}
    peg_seats = {m.seat for m in peg.members}
    # every PEG seat but the Director of Strategy sits on the Board too, spelt the same
    assert peg_seats - board_seats == {("seat", "lbth", "Director, Strategy, Improvement and Transformation")}
    assert sum(m.elected_member for m in board.members) == 10
    assert sum(m.elected_member for m in peg.members) == 4


def test_plan_calls_and_actions(ds: Dataset) -> None:
    assert sorted(ds.calls) == [1, 2, 3, 4, 5]
    assert sorted(ds.actions) == ["1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "4.1", "4.2", "5.1"]
    assert ds.partnership is not None
    partnership = ds.partnership.record
    assert partnership.plan and partnership.plan.title == "A Tower Hamlets for All"
    assert len(partnership.principles) == 10
    assert partnership.work_programme_due == "06-30"
    assert partnership.annual_update_to == "peg"


def test_reporting_lines_from_the_cabinet_report(ds: Dataset) -> None:
    assert ds.boards["tower-hamlets-together"].record.reports_to == ["health-and-wellbeing-board"]
    assert sorted(ds.boards["combatting-drugs-partnership"].record.reports_to) == [
        "community-safety-partnership",
        "health-and-wellbeing-board",
    ]
    thematic = sorted(b for b, x in ds.boards.items() if x.record.kind == "thematic-board")
    assert len(thematic) == 6  # "six thematic boards" (TAB pack, December 2023)
    statutory = {b: x.record.statutory_basis for b, x in ds.boards.items() if x.record.statutory}
    assert set(statutory) == {"community-safety-partnership", "health-and-wellbeing-board"}
    congress = ds.boards["partnership-congress"].record
    assert [(m.date, m.status) for m in congress.meetings] == [(dt.date(2023, 11, 14), "held")]


def test_review_recommendations_and_timescales(ds: Dataset) -> None:
    recs = {r: x.record for r, x in ds.recommendations.items()}
    assert sorted(recs) == ["r1", "r2", "r3", "r4", "r5"]
    assert [len(recs[r].actions) for r in sorted(recs)] == [6, 4, 3, 2, 4]

    def timescale(rec: str, number: str) -> object:
        action = next(a for a in recs[rec].actions if a.number == number)
        if action.ongoing:
            assert action.due is None
            return "Ongoing"
        assert isinstance(action.due, Month)
        return (str(action.start) if action.start else None, str(action.due))

    assert all(timescale("r1", n) == ("2024-05", "2024-07") for n in ["i", "ii", "iii", "iv", "v", "vi"])
    assert [timescale("r2", n) for n in ["i", "ii", "iii", "iv"]] == [
        (None, "2023-11"), (None, "2023-11"), (None, "2025-03"), "Ongoing",
    ]  # fmt: skip
    assert [timescale("r3", n) for n in ["i", "ii", "iii"]] == [
        (None, "2023-07"), (None, "2025-03"), "Ongoing",
    ]  # fmt: skip
    assert [timescale("r4", n) for n in ["i", "ii"]] == [(None, "2025-03"), "Ongoing"]
    assert [timescale("r5", n) for n in ["i", "ii", "iii", "iv"]] == [
        (None, "2025-03"), (None, "2024-07"), (None, "2025-03"), "Ongoing",
    ]  # fmt: skip


def test_no_personal_contact_details_are_shipped(ds: Dataset) -> None:
    assert ds.people == {}
    text = "".join(p.read_text(encoding="utf-8") for p in (REPO / "data").rglob("*.yaml"))
    assert "@" not in text and "contact:" not in text


ISSUE_16_RULES = {
    "attendance-not-held", "attendance-seat", "attendance-twice", "attendance-substitute",
    "vacancy-seat", "vacancy-ahead", "vacancy-open", "inactive-seat", "section-85",
}  # fmt: skip


@pytest.mark.parametrize("on", ["2024-09-01", "2026-11-23", "2030-01-01"])
def test_no_paper_gives_attendance_terms_or_vacancies_so_none_is_shipped_or_judged(
    ds: Dataset, on: str
) -> None:
    boards = [b.record for b in ds.boards.values()]
    assert not any(m.attendance for b in boards for m in b.meetings)
    assert not any(s.term_months for b in boards for s in b.members)
    assert not any(b.vacancies for b in boards)
    findings = run_checks(load_dataset(REPO), dt.date.fromisoformat(on))
    assert [f for f in findings if f.rule in ISSUE_16_RULES] == []


def test_purposes_are_the_papers_own_and_cited(ds: Dataset) -> None:
    """A board's purpose is what a paper says it is for, and only such a board has one: the
    terms of reference give a Purpose list for the Partnership Board and PEG (five points
    each), and the cabinet report (paragraph 3.23) says what the congresses will do."""
    tor = "Tower Hamlets Partnership: Terms of Reference"
    cabinet = 'Cabinet report, 29 November 2023: Partnership Plan 2023-2028 "A Tower Hamlets for All"'
    papers = {"partnership-board": (tor, 5), "peg": (tor, 5), "partnership-congress": (cabinet, 1)}
    with_purpose = {b: x.record for b, x in ds.boards.items() if x.record.purpose}
    assert sorted(with_purpose) == sorted(papers)
    for board_id, record in with_purpose.items():
        paper, points = papers[board_id]
        assert len(record.purpose) == points, board_id
        assert paper in [c.title for c in record.sources], board_id
        for sentence in record.purpose:  # as the terms of reference write them: "To ..."
            assert sentence.startswith("To ") and sentence == sentence.strip(), sentence
    first = "To deliver on the priorities, objectives and cross-cutting principles of the"
    assert with_purpose["peg"].purpose[0].startswith(first + " Tower Hamlets Partnership Plan")
