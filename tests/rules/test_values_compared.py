"""Issue #10: values compared like with like, dates in 0-9, the same seat never listed twice."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest

from thp_cli.findings import Finding
from thp_cli.text import did_you_mean
from thp_cli.validate import validate

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)


def seats_partnership(root: Path, members: dict[str, list[dict[str, object]]]) -> Path:
    """A top board and one board per entry of ``members``, with those seats."""
    boards: dict[str, dict[str, object]] = {"top": {"kind": "partnership-board", "calls_to_action": [1, 2]}}
    for board_id in members:
        boards[board_id] = {"reports_to": ["top"], "calls_to_action": [1], "kind": "forum"}
    write_partnership(root, boards)
    orgs = sorted(
        {str(s["organisation"]) for seats in members.values() for s in seats if "organisation" in s}
    )
    (root / "data" / "organisations.yaml").write_text(
        "organisations:\n" + "".join(f"  - id: {o}\n    name: {o}\n    sector: vcs\n" for o in orgs)
    )
    people = sorted({str(s["person"]) for seats in members.values() for s in seats if "person" in s})
    (root / "data" / "people.yaml").write_text(
        "people:\n" + "".join(f"  - id: {p}\n    name: {p}\n" for p in people) if people else "people: []\n"
    )
    for board_id, seats in members.items():
        path = root / "data" / "boards" / f"{board_id}.yaml"
        record = json.loads(path.read_text())
        record["members"] = seats
        path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return root


def found(root: Path, rule: str) -> list[Finding]:
    return [f for f in validate(root, ON).findings if f.rule == rule]


# -- seat-spelling: any script, like with like -----------------------------------------------
@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Πρόεδρος", "Γραμματέας"),  # Greek: chair, secretary
        ("সভাপতি", "সম্পাদক"),  # Bengali: president, editor
        ("কাকা", "কোকো"),  # Bengali, the same consonants with other vowel signs
        ("Председатель", "Секретарь"),  # Russian
        ("主席", "秘书"),  # Chinese
        ("—", "…"),  # no letters at all
    ],
)
def test_two_different_words_in_any_script_are_not_a_misspelling(
    one: str, other: str, tmp_path: Path
) -> None:
    root = seats_partnership(
        tmp_path / "p",
        {"a": [{"role": one, "organisation": "org"}], "b": [{"role": other, "organisation": "org"}]},
    )
    assert found(root, "seat-spelling") == []


def test_a_real_misspelling_in_another_script_is_still_found(tmp_path: Path) -> None:
    root = seats_partnership(
        tmp_path / "p",
        {
            "a": [{"role": "Πρόεδρος Συμβουλίου", "organisation": "org"}],
            "b": [{"role": "ΠΡΌΕΔΡΟΣ  συμβουλίου", "organisation": "org"}],
            "c": [{"role": "Πρόεδρος Συμβουλίου", "organisation": "org"}],
        },
    )
    (finding,) = found(root, "seat-spelling")
    assert finding.file == "data/boards/b.yaml" and "Πρόεδρος Συμβουλίου" in finding.message


@pytest.mark.parametrize(
    "other",
    ["Chair\u00a0of the board", "Ｃｈａｉｒ of the board", "chair of the board\u200b", "CHAIR  OF-THE-BOARD"],
)
def test_a_role_written_in_other_characters_of_the_same_letters_is_found(other: str, tmp_path: Path) -> None:
    root = seats_partnership(
        tmp_path / "p",
        {
            "a": [{"role": "Chair of the board", "organisation": "org"}],
            "b": [{"role": other, "organisation": "org"}],
            "c": [{"role": "Chair of the board", "organisation": "org"}],
        },
    )
    (finding,) = found(root, "seat-spelling")
    assert finding.file == "data/boards/b.yaml" and "'Chair of the board'" in finding.message


def test_roles_of_the_same_letters_in_other_words_are_not_a_misspelling(tmp_path: Path) -> None:
    root = seats_partnership(
        tmp_path / "p",
        {
            "a": [
                {"role": "Noticeboard lead", "organisation": "org"},
                {"role": "R&D lead", "organisation": "org"},
            ],
            "b": [
                {"role": "Notice board lead", "organisation": "org"},
                {"role": "Rand D lead", "organisation": "org"},
            ],
        },
    )
    assert found(root, "seat-spelling") == []


def test_nfc_and_nfd_twins_are_one_role(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "Café lead")
    decomposed = unicodedata.normalize("NFD", "Café lead")
    assert composed != decomposed
    root = seats_partnership(
        tmp_path / "p",
        {
            "a": [{"role": composed, "organisation": "org"}],
            "b": [{"role": decomposed, "organisation": "org"}],
            "c": [{"role": composed, "organisation": "org"}, {"role": decomposed, "organisation": "org"}],
        },
    )
    result = validate(root, ON)
    assert [f.rule for f in result.findings if f.rule == "seat-spelling"] == []  # one spelling, not two
    assert [(f.file, f.rule) for f in result.findings if f.severity.value == "error"] == [
        ("data/boards/c.yaml", "duplicate-seat")  # and the same seat twice on c
    ]


def test_did_you_mean_compares_like_with_like() -> None:
    assert did_you_mean("Α-1", ["B-1"]) == ""  # a Greek letter is not a misspelt Latin one
    assert did_you_mean("Πρόεδρος", ["Γραμματέας", "Ταμίας"]) == ""
    assert did_you_mean("Προεδρος", ["Πρόεδρος"]) == "; did you mean 'Πρόεδρος'?"
    decomposed = unicodedata.normalize("NFD", "Café")
    assert did_you_mean(decomposed, ["Café", "Cafe bar"]) == "; did you mean 'Café'?"
    assert did_you_mean("reportsto", ["reports_to", "status"]) == "; did you mean 'reports_to'?"


# -- dates are written with the digits 0-9 ----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["٢٠٢٤-٠٦-٣٠", "۲۰۲۴-۰۶-۳۰", "২০২৪-০৬-৩০", "２０２４-０６-３０", "2024-0٦-30", "２０２４－０６－３０"],
)
def test_a_date_in_other_digits_is_an_error_with_the_ascii_date_suggested(text: str, tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path / "p",
        {"top": {"kind": "partnership-board", "calls_to_action": [1, 2], "established": text}},
    )
    (finding,) = validate(root, ON).findings
    assert (finding.rule, finding.severity.value) == ("invalid-date", "error")
    assert "0-9" in finding.message and "2024-06-30" in finding.message


def test_months_and_days_of_the_year_need_ascii_digits_too(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path / "p",
        {"top": {"kind": "task-and-finish", "calls_to_action": [1, 2], "ends": "٢٠٢٥-٠٣"}},
    )
    (root / "data" / "partnership.yaml").write_text(
        'name: T\nwork_programme_due: "٠٦-٣٠"\n', encoding="utf-8"
    )
    result = validate(root, ON)
    assert sorted((f.file, f.rule) for f in result.findings if f.severity.value == "error") == [
        ("data/boards/top.yaml", "invalid-date"),
        ("data/partnership.yaml", "invalid-date"),
    ]


# -- the same seat twice on one board ---------------------------------------------------------
def test_the_same_seat_twice_on_a_board_is_an_error_at_the_second(tmp_path: Path) -> None:
    seat = {"role": "Director", "organisation": "org", "person": "jo"}
    root = seats_partnership(
        tmp_path / "p", {"a": [seat, {"role": "Member", "organisation": "org"}, dict(seat, position="chair")]}
    )
    (finding,) = found(root, "duplicate-seat")
    assert finding.severity.value == "error" and finding.file == "data/boards/a.yaml"
    assert finding.line > 10  # the third entry, not the first
    assert "Director" in finding.message and "already listed" in finding.message
    assert not validate(root, ON).ok()


def test_seats_without_a_person_are_the_same_seat_too(tmp_path: Path) -> None:
    seat = {"role": "Ward councillor", "organisation": "council"}
    root = seats_partnership(tmp_path / "p", {"a": [seat, seat]})
    assert len(found(root, "duplicate-seat")) == 1


def test_different_seats_and_successive_terms_are_not_duplicates(tmp_path: Path) -> None:
    root = seats_partnership(
        tmp_path / "p",
        {
            "a": [
                {"role": "Director", "organisation": "org", "person": "jo"},
                {"role": "Director", "organisation": "org", "person": "ann"},
                {"role": "Director", "organisation": "other", "person": "jo"},
                {"role": "Deputy", "organisation": "org", "person": "jo"},
                {"role": "Lead", "organisation": "org", "person": "jo", "until": "2020-12-31"},
                {"role": "Lead", "organisation": "org", "person": "jo", "since": "2022-01-01"},
            ],
            "b": [{"role": "Director", "organisation": "org", "person": "jo"}],  # another board
        },
    )
    assert found(root, "duplicate-seat") == []


def test_numbers_in_other_digits_are_not_offered_as_whole_numbers(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path / "p", {"top": {"kind": "partnership-board", "calls_to_action": [1, 2]}}
    )
    board = root / "data" / "boards" / "top.yaml"
    record = json.loads(board.read_text())
    record["updates"] = [{"year": "٢٠٢٤"}]
    board.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (finding,) = validate(root, ON).findings
    assert finding.rule == "wrong-type" and "without quotes" not in finding.message


def test_an_id_in_another_script_gets_no_invalid_example(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path / "p", {"top": {"kind": "partnership-board", "calls_to_action": [1, 2]}}
    )
    board = root / "data" / "boards" / "top.yaml"
    record = json.loads(board.read_text())
    record["topics"] = ["Υγεία Παιδιών", "Mental Health"]
    board.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    messages = [f.message for f in validate(root, ON).findings]
    assert len(messages) == 2
    assert "for example" not in messages[0] and "υγεία" not in messages[0]
    assert "for example 'mental-health'" in messages[1]


def test_many_listings_of_one_seat_are_each_judged_on_their_terms(tmp_path: Path) -> None:
    terms = [
        {"role": "Lead", "organisation": "org", "since": f"{1900 + i}-01-01", "until": f"{1900 + i}-12-31"}
        for i in range(1000)
    ]  # a thousand successive terms: none is a duplicate
    twins = [{"role": "Chair", "organisation": "org"}] * 3
    late = [{"role": "Lead", "organisation": "org", "since": "2020-06-01"}]  # overlaps the 2020 term
    root = seats_partnership(tmp_path / "p", {"a": terms + twins + late})
    findings = found(root, "duplicate-seat")
    assert [f.message.split(" is ")[0] for f in findings] == ["the seat 'Chair' of org"] * 2 + [
        "the seat 'Lead' of org"
    ]
