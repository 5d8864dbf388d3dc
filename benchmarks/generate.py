"""Write a synthetic partnership in data format v1: N boards with K seats each.

    python benchmarks/generate.py OUT_DIR --boards 2000 --seats 15 [--seed 1]

The shape follows a real partnership: one partnership board, an executive
group under it, thematic boards (one in twenty) under the executive, and
subgroups and task-and-finish groups under the thematic boards, two levels
deep. Seats are drawn from a pool shared across boards (a seat sits on about
three boards on average), as are organisations (one for every five boards)
and named people (one seat in ten). Boards carry calls to action, actions,
topics, meetings and sources, so every rule has something to check. The
data is valid: `thp validate` finds no errors in it.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SECTORS = ["council", "health", "police", "fire", "probation", "education", "business", "vcs",
           "faith", "housing", "government", "community"]  # fmt: skip
TOPICS = ["domestic-abuse", "housing", "substance-misuse", "employment", "skills", "air-quality",
          "mental-health", "youth", "safeguarding", "cost-of-living", "cohesion", "digital"]  # fmt: skip
ROLES = ["Chief Executive", "Director", "Head of Service", "Senior representative", "Chair",
         "Cabinet Member", "Manager", "Lead Officer", "Commissioner", "Coordinator"]  # fmt: skip


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def generate(out: Path, boards: int, seats: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    data = out / "data"
    (data / "boards").mkdir(parents=True, exist_ok=True)
    (data / "recommendations").mkdir(exist_ok=True)
    n_orgs = max(5, boards // 5)
    orgs = [f"org-{i:05d}" for i in range(n_orgs)]
    people = [f"person-{i:05d}" for i in range(max(1, boards * seats // 30))]
    pool = [(rng.choice(orgs), f"{rng.choice(ROLES)} {i}") for i in range(max(seats, boards * seats // 3))]

    (data / "partnership.yaml").write_text(
        "name: Synthetic Partnership\nvision: A benchmark\nplan:\n  title: Plan\n  start: 2023-11\n"
        '  end: 2028-11\nwork_programme_due: "06-30"\nannual_update_to: board-00001\n'
        "sources:\n  - title: Generated\n"
    )
    calls = ["calls_to_action:"]
    for c in range(1, 6):
        calls += [f"  - number: {c}", f"    title: Call {c}", "    actions:"]
        calls += [f'      - number: "{c}.{a}"\n        title: Action {c}.{a}' for a in range(1, 4)]
    (data / "calls_to_action.yaml").write_text("\n".join(calls) + "\n")
    lines = ["organisations:"]
    for i, org in enumerate(orgs):
        lines += [f"  - id: {org}", f"    name: Organisation {i}", f"    sector: {SECTORS[i % len(SECTORS)]}"]
    (data / "organisations.yaml").write_text("\n".join(lines) + "\n")
    lines = ["people:"]
    for i, person in enumerate(people):
        lines += [f"  - id: {person}", f"    name: Person {i}",
                  "    contact:", f"      email: person{i}@example.org"]  # fmt: skip
    (data / "people.yaml").write_text("\n".join(lines) + "\n")

    thematic = max(1, boards // 20)
    for i in range(boards):
        board_id = f"board-{i:05d}"
        if i == 0:
            kind, parent = "partnership-board", None
        elif i == 1:
            kind, parent = "executive", "board-00000"
        elif i < 2 + thematic:
            kind, parent = "thematic-board", "board-00001"
        else:
            kind = "task-and-finish" if rng.random() < 0.2 else "subgroup"
            parent = f"board-{rng.randrange(2, min(i, 2 + thematic * 5)):05d}"
        out_lines = [
            f"# Board {i}: generated for the benchmark",
            f"id: {board_id}",
            f"name: {_q(f'Board {i}')}",
            f"kind: {kind}",
        ]
        if kind == "thematic-board" and rng.random() < 0.3:
            out_lines += ["statutory: true", "statutory_basis: A Statute Act 2000"]
        if parent:
            out_lines.append(f"reports_to: [{parent}]")
        out_lines += ["status: active", "established: 2020-04-01"]
        if kind == "task-and-finish":
            out_lines.append("ends: 2027-03")
        out_lines += ["meets: quarterly", "meetings:"]
        for m in range(3):
            out_lines += [f"  - date: 2025-{3 * m + 2:02d}-15", "    status: held"]
        out_lines += [
            "work_programme:",
            "  published: 2025-06-20",
            f"  url: https://example.org/{board_id}/wp",
        ]
        call = rng.randrange(1, 6)
        out_lines += [f"calls_to_action: [{call}]", f'actions: ["{call}.{rng.randrange(1, 4)}"]',
                      f"topics: [{', '.join(rng.sample(TOPICS, 2))}]", "members:"]  # fmt: skip
        chosen = rng.sample(pool, seats)
        for j, (org, role) in enumerate(chosen):
            position = "co-chair" if j < 2 else "member"
            out_lines += [f"  - role: {_q(role)}", f"    organisation: {org}", f"    position: {position}"]
            if j == 0:
                out_lines.append("    elected_member: true")
            if rng.random() < 0.1:
                out_lines.append(f"    person: {rng.choice(people)}")
            out_lines.append("    since: 2023-05-01")
        out_lines += ["updates:", "  - year: 2025", "    summary: A year of work", "sources:",
                      "  - title: Generated terms of reference"]  # fmt: skip
        (data / "boards" / f"{board_id}.yaml").write_text("\n".join(out_lines) + "\n")

    for r in range(1, 6):
        (data / "recommendations" / f"r{r}.yaml").write_text(
            f"id: r{r}\nnumber: {r}\ntitle: Recommendation {r}\nactions:\n"
            "  - number: i\n    title: Do it\n    due: 2025-03\n  - number: ii\n    title: Keep at it\n"
            "    ongoing: true\n"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--boards", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.boards, args.seats, args.seed)


if __name__ == "__main__":
    main()
