"""unknown-reference finds a misspelt id in every place a board names something, one finding
each, however many of the board's other references are right (on the base case)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from thp_cli.validate import validate

from ..conftest import AS_OF, BASE, build_case

BOARD = """id: safety
name: Safety Partnership
kind: thematic-board
reports_to: [exec, exce]
meets: quarterly
meetings:
  - date: 2024-05-01
    status: held
    attendance:
      - {organisation: council, role: Cabinet Member for Safety, attended: present}
      - {organisation: polise, role: Borough Commander, attended: present}
      - {person: persn-0001, attended: apologies}
calls_to_action: [1, 7]
actions: ["1.1", "1.9"]
members:
  - role: Cabinet Member for Safety
    organisation: council
    position: co-chair
    elected_member: true
  - role: Borough Commander
    organisation: police
    position: co-chair
  - role: Chief Executive
    organisation: nhs-trust
    person: person-0002
vacancies:
  - {role: Fire lead, organisation: fier, since: 2024-05-01}
"""


def test_each_unknown_reference_of_a_board_is_found_where_it_is(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "boards" / "safety.yaml").write_text(BOARD)
    result = validate(root, dt.date.fromisoformat(AS_OF))
    found = [
        (f.file, f.line, f.message.split(",")[0]) for f in result.findings if f.rule == "unknown-reference"
    ]
    safety = "data/boards/safety.yaml"
    assert found == [
        (safety, 4, "reports_to names 'exce'"),
        (safety, 11, "organisation names 'polise'"),
        (safety, 12, "person names 'persn-0001'"),
        (safety, 13, "calls_to_action names '7'"),
        (safety, 14, "actions names '1.9'"),
        (safety, 25, "person names 'person-0002'"),
        (safety, 27, "organisation names 'fier'"),
    ]
