"""A made-up partnership, Riverside, whose to-dos on 1 May 2025 were worked out by hand.

With ``--as-of 2025-05-01`` and the default window of 60 days (to 30 June 2025),
``EXPECTED`` lists what it owes, overdue first then by date: each as
(kind, board ids, day, days from the as-of day, the start of its settling command).
"""

from __future__ import annotations

from pathlib import Path

AS_OF = "2025-05-01"
CONTACT = "sam.lee@example.org"

PARTNERSHIP = """\
name: Riverside Partnership
terms_of_reference:
  title: Riverside terms of reference
  applies_from: 2024-01
work_programme_due: "06-30"
annual_update_to: exec
agenda_days_before: 3
minutes_days_after: 14
"""

ORGANISATIONS = """\
organisations:
  - {id: council, name: Riverside Council, sector: council}
  - {id: police, name: Riverside Police, sector: police}
  - {id: nhs, name: Riverside NHS Trust, sector: health}
"""

PEOPLE = f"""\
people:
  - id: person-0001
    name: Sam Lee
    contact: {{email: {CONTACT}, phone: "020 7946 0001"}}
"""

CALLS = """\
calls_to_action:
  - number: 1
    title: A safer river
    actions:
      - {number: "1.1", title: Safer streets}
"""

BOARDS = {
    "top": """\
id: top
name: Riverside Partnership Board
kind: partnership-board
members:
  - {role: Leader of the Council, organisation: council, position: chair, elected_member: true}
""",
    # work programme stale for 30 June 2025 (edge of the window); agendas owed 16 May and
    # 30 June (edge), not 1 July; one seat ends on the as-of day, one on the window's last
    # day, one the day after it and one the day before the as-of day
    "exec": """\
id: exec
name: Executive Group
kind: executive
reports_to: [top]
meetings:
  - {date: 2025-05-20, status: planned}
  - {date: 2025-06-01, status: planned, agenda: "https://example.org/exec/agenda"}
  - {date: 2025-07-04, status: planned}
  - {date: 2025-07-05, status: planned}
work_programme: {published: 2024-06-10, url: "https://example.org/exec/wp"}
members:
  - {role: Leader of the Council, organisation: council, position: co-chair, elected_member: true}
  - {role: Chief Executive, organisation: nhs, position: co-chair, person: person-0001, until: 2025-05-01}
  - {role: Borough Commander, organisation: police, until: 2025-06-30}
  - {role: Deputy Commander, organisation: police, until: 2025-07-01}
  - {role: Inspector, organisation: police, until: 2025-04-30}
""",
    # no work programme (owed since 30 June 2024); last update for 2023 (owed by the end of
    # 2024); minutes owed 24 March and 9 May; a meeting still planned though past
    "safety": """\
id: safety
name: Safety Partnership
kind: thematic-board
reports_to: [exec]
established: 2020-01-01
calls_to_action: [1]
meetings:
  - {date: 2025-02-01, status: held, minutes: "https://example.org/safety/minutes"}
  - {date: 2025-03-10, status: held}
  - {date: 2025-04-20, status: planned}
  - {date: 2025-04-25, status: held}
  - {date: 2025-04-28, status: cancelled}
updates:
  - {year: 2023, summary: A year of safer streets.}
""",
    # published late in 2024, which counts for 2025; updated for 2024: owes nothing yet
    "health": """\
id: health
name: Health Board
kind: thematic-board
reports_to: [exec]
calls_to_action: [1]
work_programme: {published: 2024-07-15}
updates:
  - {year: 2024}
""",
    # closed: owes nothing, whatever it lacks
    "old": """\
id: old
name: Old Forum
kind: forum
status: closed
reports_to: [exec]
meetings:
  - {date: 2025-04-10, status: held}
""",
    "review": """\
id: review
name: Review Group
kind: task-and-finish
reports_to: [exec]
ends: 2025-03
""",
    "review-two": """\
id: review-two
name: Second Review Group
kind: task-and-finish
reports_to: [exec]
ends: 2025-12
""",
}

RECOMMENDATION = """\
id: r1
number: 1
title: Work together
owner: exec
actions:
  - {number: i, title: Map the groups, due: 2025-03}
  - {number: ii, title: Review the groups, due: 2025-06, owners: [safety], status: in-progress}
  - {number: iii, title: Merge the groups, due: 2025-07}
  - {number: iv, title: Agree the principles, due: 2024-12, status: done}
  - {number: v, title: Keep improving, ongoing: true}
  - number: vi
    title: Share data
    due: 2024-12
    updates:
      - {date: 2025-01-10, status: in-progress, note: Started late.}
  - {number: vii, title: Build a website, due: 2025-02, status: dropped}
"""

EXPECTED = [
    ("work-programme", ["safety"], "2024-06-30", -305, "thp work-programme set safety --published"),
    ("update", ["safety"], "2024-12-31", -121, "thp update add safety --year 2024 --summary"),
    ("action", ["exec"], "2024-12-31", -121, "thp action status r1 vi "),
    ("minutes", ["safety"], "2025-03-24", -38, "thp meeting set safety --date 2025-03-10 --minutes"),
    ("action", ["exec"], "2025-03-31", -31, "thp action status r1 i "),
    ("task-and-finish", ["review"], "2025-03-31", -31, "edit data/boards/review.yaml"),
    ("meeting", ["safety"], "2025-04-20", -11, "thp meeting set safety --date 2025-04-20 --status held"),
    ("seat", ["exec"], "2025-05-01", 0, "thp member set exec --person person-0001 --until"),
    ("minutes", ["safety"], "2025-05-09", 8, "thp meeting set safety --date 2025-04-25 --minutes"),
    ("agenda", ["exec"], "2025-05-16", 15, "thp meeting set exec --date 2025-05-20 --agenda"),
    ("work-programme", ["exec"], "2025-06-30", 60, "thp work-programme set exec --published"),
    ("action", ["safety"], "2025-06-30", 60, "thp action status r1 ii "),
    ("agenda", ["exec"], "2025-06-30", 60, "thp meeting set exec --date 2025-07-04 --agenda"),
    ("seat", ["exec"], "2025-06-30", 60, "thp member set exec --role 'Borough Commander' --organisation"),
]


def write_riverside(root: Path, partnership: str = PARTNERSHIP) -> Path:
    """Riverside's files under ``root``/data."""
    data = root / "data"
    (data / "boards").mkdir(parents=True)
    (data / "recommendations").mkdir()
    (data / "partnership.yaml").write_text(partnership, encoding="utf-8")
    (data / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    (data / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (data / "calls_to_action.yaml").write_text(CALLS, encoding="utf-8")
    for board_id, text in BOARDS.items():
        (data / "boards" / f"{board_id}.yaml").write_text(text, encoding="utf-8")
    (data / "recommendations" / "r1.yaml").write_text(RECOMMENDATION, encoding="utf-8")
    return root
