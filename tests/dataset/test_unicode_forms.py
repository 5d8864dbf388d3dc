"""Text typed in either Unicode form is the same text: a seat's role with "é" as one character
and as "e" plus an accent (as macOS may save it, or as an escape in quotes) is the same seat,
whether the file is read here or by a worker sharing a large folder, on a made-up partnership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli.validate import validate
from thp_cli.yamlio import parallel
from thp_cli.yamlio.load import load_text

from ..conftest import BASE, build_case, copies_of_health

SEATS = {
    # an ASCII file: the accent comes only from the escapes
    "escaped": '  - role: "Caf\\u00e9 lead"\n    organisation: police\n'
    '  - role: "Cafe\\u0301 lead"\n    organisation: police\n',
    # the characters themselves: composed, then decomposed
    "typed": "  - role: Caf\u00e9 lead\n    organisation: police\n"
    "  - role: Cafe\u0301 lead\n    organisation: police\n",
}
DIFFERENT = (
    "  - role: Cafe lead\n    organisation: police\n  - role: Caf\u00e9 lead\n    organisation: police\n"
)


def _with_seats(root: Path, seats: str, extra_boards: int) -> None:
    path = root / "data/boards/safety.yaml"
    text = path.read_text()
    assert "updates:" in text
    path.write_text(text.replace("updates:", seats.rstrip("\n") + "\nupdates:", 1))
    copies_of_health(root, extra_boards, prefix="zz")


@pytest.mark.parametrize("written", list(SEATS))
@pytest.mark.parametrize("shared", [False, True], ids=["one-by-one", "shared"])
def test_a_role_in_either_unicode_form_is_the_same_seat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, shared: bool
) -> None:
    root = build_case(BASE, tmp_path / "p")
    _with_seats(root, SEATS[written], 300 if shared else 0)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    if shared:  # safety.yaml parsed by the worker: this process takes no chunk itself
        monkeypatch.setattr(parallel.Shared, "_claim", lambda shared: None)
    result = validate(root, dt.date(2024, 9, 1))
    doubled = [f for f in result.findings if f.rule == "duplicate-seat"]
    lines = (root / "data/boards/safety.yaml").read_text().splitlines()
    second = next(n for n, line in enumerate(lines, 1) if "0301" in line or "e\u0301" in line)
    assert [(f.file, f.line) for f in doubled] == [("data/boards/safety.yaml", second)]
    assert f"(line {second - 2})" in doubled[0].message


def test_roles_that_differ_by_an_accent_are_two_seats(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    _with_seats(root, DIFFERENT, 0)
    result = validate(root, dt.date(2024, 9, 1))
    assert [f for f in result.findings if f.rule == "duplicate-seat"] == []


def test_only_ascii_text_without_escapes_is_known_to_be_ascii() -> None:
    assert load_text("a.yaml", "name: Cafe lead\nrole: 'a # b'\n").ascii
    assert not load_text("a.yaml", 'name: "Cafe\\u0301 lead"\n').ascii
    assert not load_text("a.yaml", "name: Caf\u00e9 lead\n").ascii
    assert load_text("a.yaml", 'name: "Caf\\u00e9"\n').data == {"name": "Caf\u00e9"}
