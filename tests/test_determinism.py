"""Issue #10: the same data gives the same bytes in every process, whatever the hash seed.

Python salts the hash of every string afresh in each process, so anything
that walks a set (or a dict built from one) in its own order can change from
run to run. These tests run thp's commands in two processes with different
``PYTHONHASHSEED`` values, on a partnership big enough (a few hundred boards,
shared seats, seats that are the only link between boards, boards with the
same name) for such an order to show, and compare the bytes.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, write_partnership

AS_OF = "2024-09-01"

# each command's arguments; OUT is replaced by a file to write to
COMMANDS = {
    "report-md": ["report", "annual", "--as-of", AS_OF, "--format", "md"],
    "report-html": ["report", "annual", "--as-of", AS_OF, "--format", "html", "--out", "OUT"],
    **{
        f"overlap-{fmt}": ["overlap", "--as-of", AS_OF, "--threshold", "0", "--format", fmt]
        for fmt in ("table", "json", "csv", "graphml", "dot", "mermaid")
    },
    **{
        f"validate-{fmt}": ["validate", "--as-of", AS_OF, "--format", fmt]
        for fmt in ("text", "json", "github", "sarif")
    },
    "export-csv": ["export", "csv"],
    "export-xlsx": ["export", "xlsx", "--out", "OUT"],
    "export-popolo": ["export", "popolo"],
    "export-ics": ["export", "ics"],
}

# Runs every command in this one process (so under one hash seed) and writes what each
# printed and wrote, as hex, to a JSON file.
DRIVER = """
import json, sys
from pathlib import Path
from typer.testing import CliRunner
from thp_cli.cli.app import app

root, commands, out = Path(sys.argv[1]), json.loads(sys.argv[2]), Path(sys.argv[3])
results = {}
for name, args in commands.items():
    target = out.parent / (out.stem + "-" + name)
    args = [str(target) if a == "OUT" else a for a in args]
    env = {"GITHUB_ACTIONS": None, "COLUMNS": "200"}
    done = CliRunner().invoke(app, ["--debug", *args, "--root", str(root)], env=env)
    results[name] = {
        "exit": done.exit_code,
        "stdout": done.stdout_bytes.hex(),
        "file": target.read_bytes().hex() if target.exists() else None,
        "error": None if isinstance(done.exception, (SystemExit, type(None))) else repr(done.exception),
    }
out.write_text(json.dumps(results))
"""


def many_boards(root: Path, n: int = 300) -> Path:
    """``n`` boards: a few seats each from a small pool (so many boards share seats),
    one seat of its own, a seat on every seventh board; five board names for all
    of them, and twenty people of one name on three boards each."""
    rnd = random.Random(7)
    ids = [f"b{i:03d}" for i in range(n)]
    boards: dict[str, dict[str, object]] = {}
    for i, board in enumerate(ids):
        seats = [f"org{rnd.randrange(40)}/Role {rnd.randrange(6)}" for _ in range(rnd.randrange(1, 6))]
        seats.append(f"own{i}/Lead")
        if i % 7 == 0:
            seats.append("hub/Chief Executive")
        kind = rnd.choice(["thematic-board", "subgroup", "task-and-finish"])
        fields: dict[str, object] = {
            "seats": list(dict.fromkeys(seats)),
            "name": f"Board {'ABCDE'[i % 5]}",
            "kind": kind,
            "topics": sorted({f"topic-{rnd.randrange(30)}" for _ in range(rnd.randrange(0, 3))}),
            "actions": sorted(
                {f"{rnd.randrange(1, 3)}.{rnd.randrange(1, 3)}" for _ in range(rnd.randrange(0, 2))}
            ),
            "meetings": [{"date": f"2024-0{rnd.randrange(1, 9)}-1{rnd.randrange(0, 9)}", "status": "held"}],
        }
        if kind == "task-and-finish":
            fields["ends"] = "2027-03"
        if i:
            fields["reports_to"] = [ids[rnd.randrange(max(0, i - 20), i)]]
        boards[board] = fields
    write_partnership(root, boards)
    # twenty people with one name, each on three boards: seats that read the same
    people = ["people:"]
    for k in range(20):
        people += [f"  - id: person-{k:04d}", "    name: Sam Jones"]
        for board in ids[k * 3 : k * 3 + 3]:
            path = root / "data" / "boards" / f"{board}.yaml"
            record = json.loads(path.read_text())
            record["members"].append({"role": "Adviser", "organisation": "hub", "person": f"person-{k:04d}"})
            path.write_text(json.dumps(record, indent=1) + "\n")
    (root / "data" / "people.yaml").write_text("\n".join(people) + "\n")
    return root


def run_all(root: Path, seed: str, out: Path) -> dict[str, dict[str, object]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("GITHUB_STEP_SUMMARY", None)
    subprocess.run(
        [sys.executable, "-c", DRIVER, str(root), json.dumps(COMMANDS), str(out)],
        env=env,
        cwd=REPO,
        check=True,
        timeout=600,
    )
    results: dict[str, dict[str, object]] = json.loads(out.read_text())
    return results


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, object]], ...]:
    tmp = tmp_path_factory.mktemp("seeds")
    root = many_boards(tmp / "p")
    return run_all(root, "1", tmp / "one.json"), run_all(root, "2", tmp / "two.json")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_same_bytes_under_another_hash_seed(
    two_runs: tuple[dict[str, dict[str, object]], ...], name: str
) -> None:
    first, second = (run[name] for run in two_runs)
    assert first["error"] is None, first["error"]
    assert first["exit"] in (0, 1)
    assert first["stdout"] or first["file"], f"{name} gave no output"
    assert first == second, f"thp {' '.join(COMMANDS[name])} gave other bytes under another hash seed"


def test_the_partnership_has_what_makes_order_show(
    two_runs: tuple[dict[str, dict[str, object]], ...],
) -> None:
    """The comparison above means something: the report names seats that are the only
    link between boards, with 'and N more' for a side too big to list."""
    report = bytes.fromhex(str(two_runs[0]["report-md"]["stdout"])).decode()
    assert "is the only seat linking" in report
    assert " more boards" in report
    overlap = json.loads(bytes.fromhex(str(two_runs[0]["overlap-json"]["stdout"])))
    same_name = [s["seat"] for s in overlap["busy_seats"] if s["label"] == "Sam Jones (Adviser)"]
    assert same_name == sorted(same_name) and len(same_name) == 20


def test_thp_report_annual_itself_under_two_hash_seeds(tmp_path: Path) -> None:
    """The command as a user runs it (python -m thp_cli), not through the test runner."""
    root = many_boards(tmp_path / "p")
    outputs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "thp_cli", "report", "annual", "--root", str(root), "--as-of", AS_OF],
            env=env,
            capture_output=True,
            check=True,
            timeout=600,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert b"is the only seat linking" in outputs[0]
