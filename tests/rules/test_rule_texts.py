"""Rule texts and suggestions are true for any partnership (#11).

Checked on "Eastbrook Partnership", which has two calls to action and no
papers at all: the rule catalogue (``thp rules`` in every format, the SARIF
rule help, the README's generated table) cites no other partnership's papers,
and a seat-spelling suggestion never leads, applied, to a duplicate seat.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.validate import validate

from ..conftest import REPO, write_partnership

AS_OF = dt.date(2025, 3, 1)
# what one partnership's papers define, and must not appear unless the data says it
FOREIGN = (
    "Tower Hamlets",
    "Partnership Review",
    "Cabinet report",
    "(Cabinet",
    "annex",
    "Annex",
    "the review",
    "ALL the Partnerships",
    "five cross-cutting",
    "2023-2028",
    "R3",
    "PEG",
    "30 June",
)
PAPERS_RULES = ("co-chairing", "work-programme", "annual-update")
OWN = "the partnership's own papers, as recorded in partnership.yaml"


def eastbrook(root: Path, seats: list[str] | None = None, youth: list[str] | None = None) -> Path:
    return write_partnership(
        root,
        {
            "board": {
                "name": "Eastbrook Board",
                "kind": "partnership-board",
                "seats": seats or ["nhs/Chief"],
            },
            "youth": {
                "name": "Youth Forum",
                "reports_to": ["board"],
                "calls_to_action": [1, 2],
                "seats": youth or [],
            },
        },
    )


def _foreign(text: str) -> list[str]:
    return [word for word in FOREIGN if word in text]


def test_rule_catalogue_cites_no_other_partnerships_papers(tmp_path: Path) -> None:
    root = eastbrook(tmp_path / "p")
    runner = CliRunner()
    for fmt in ("text", "json", "markdown"):
        done = runner.invoke(app, ["rules", "--format", fmt])
        assert done.exit_code == 0, done.output
        assert _foreign(done.output) == [], (fmt, _foreign(done.output))
    done = runner.invoke(app, ["validate", "--root", str(root), "--format", "sarif"])
    assert done.output.lstrip().startswith("{"), done.output
    log = json.loads(done.output)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules
    for r in rules:
        text = json.dumps(r, ensure_ascii=False)
        assert _foreign(text) == [], (r["id"], _foreign(text))


def test_rules_from_the_partnerships_papers_say_so() -> None:
    done = CliRunner().invoke(app, ["rules", "--format", "json"])
    by_id = {r["id"]: r for r in json.loads(done.output)}
    for rule_id in PAPERS_RULES:
        assert by_id[rule_id]["source"].startswith(OWN)
    table = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in table.splitlines() if line.startswith("| `co-chairing` |"))
    assert OWN in row
    for line in table.splitlines():
        if line.startswith("| `") and "| warning |" in line:
            assert _foreign(line) == [], line


def test_shipped_data_cites_its_own_papers_for_the_general_checks() -> None:
    """What the catalogue no longer says about Tower Hamlets, its own data does."""
    text = (REPO / "data" / "partnership.yaml").read_text(encoding="utf-8")
    assert "annex 1, principle 1" in text
    assert '"ALL the Partnerships must contribute to all five cross-cutting calls to action"' in text
    source = (REPO.parent.parent / "shared" / "sources").glob("partnership-review-*.txt")
    for paper in source:
        body = paper.read_text(encoding="utf-8")
        assert "ALL the Partnerships must contribute to all five cross-cutting calls to action" in body
        assert "active and meeting regularly" in body


def _spelling(root: Path) -> list[str]:
    return [f.message for f in validate(root, AS_OF).findings if f.rule == "seat-spelling"]


def _errors(root: Path) -> list[str]:
    return [f.message for f in validate(root, AS_OF).findings if f.severity.value == "error"]


def test_seat_spelling_on_the_same_board_says_it_is_the_same_seat(tmp_path: Path) -> None:
    root = eastbrook(tmp_path / "p", ["nhs/Chief", "council/Leader", "nhs/chief"], youth=["nhs/Chief"])
    assert _errors(root) == []
    (message,) = _spelling(root)
    assert "spell it one way" not in message, "respelt as told, it would be a duplicate seat"
    assert "looks like the same seat as line" in message
    assert "(Chief, Nhs)" in message and "Eastbrook Board" in message
    line = int(message.split("as line ", 1)[1].split(" ", 1)[0])
    board = root / "data" / "boards" / "board.yaml"
    assert '"Chief"' in "".join(board.read_text().splitlines()[line - 1 : line + 2])  # that seat's lines
    # the advice, followed: remove one; no error, no warning of this kind
    record = json.loads(board.read_text())
    record["members"] = record["members"][:2]
    board.write_text(json.dumps(record, indent=1) + "\n")
    assert _spelling(root) == [] and _errors(root) == []


def test_seat_spelling_across_boards_applied_as_written_gives_no_error(tmp_path: Path) -> None:
    root = eastbrook(tmp_path / "p", ["nhs/Chief", "council/Leader"], youth=["nhs/Chief"])
    adults = root / "data" / "boards" / "adults.yaml"
    record = {"id": "adults", "name": "Adults Board", "kind": "thematic-board", "reports_to": ["board"]}
    record |= {"calls_to_action": [1], "members": [{"role": "chief", "organisation": "nhs"}]}
    adults.write_text(json.dumps(record, indent=1) + "\n")
    (message,) = _spelling(root)
    assert message == "the seat 'chief' is spelt 'Chief' elsewhere; spell it one way on every board"
    adults.write_text(adults.read_text().replace('"chief"', '"Chief"'))
    assert _spelling(root) == [] and _errors(root) == []


def test_seat_spelling_of_a_seat_held_at_another_time_is_not_a_duplicate(tmp_path: Path) -> None:
    root = eastbrook(tmp_path / "p", ["nhs/Chief", "nhs/chief"], youth=["nhs/Chief"])
    board = root / "data" / "boards" / "board.yaml"
    record = json.loads(board.read_text())
    record["members"][0]["until"] = "2023-12-31"
    record["members"][1]["since"] = "2024-01-01"
    board.write_text(json.dumps(record, indent=1) + "\n")
    (message,) = _spelling(root)
    assert "spell it one way" in message
    board.write_text(board.read_text().replace('"chief"', '"Chief"'))
    assert _spelling(root) == [] and _errors(root) == []


# -- boards by their names, in sentences meant for people ------------------------------
def castleford(root: Path) -> Path:
    write_partnership(
        root,
        {
            "rexec": {"name": "Castleford Executive", "kind": "partnership-board", "seats": ["cbc/Leader"]},
            "csp": {
                "name": "Community Safety Partnership",
                "reports_to": ["rexec"],
                "seats": ["police/Borough Commander"],
                "meetings": [{"date": "2023-01-10", "status": "held"}],
            },
            "youth": {
                "name": "Youth Board",
                "reports_to": ["rexec"],
                "calls_to_action": [1, 2],
                "seats": ["cbc/Head of Youth Services"],
                "members": [],
            },
        },
    )
    (root / "data" / "partnership.yaml").write_text(
        "name: Castleford Partnership\nannual_update_to: rexec\n"
        "co_chairing:\n  kinds: [thematic-board]\n  source: the Castleford compact\n"
    )
    youth = root / "data" / "boards" / "youth.yaml"
    record = json.loads(youth.read_text())
    record["members"] = [{"role": "Head of Youth Services", "organisation": "cbc", "position": "chair"}]
    youth.write_text(json.dumps(record, indent=1) + "\n")
    (root / "data" / "boards" / "csp.yaml").write_text(  # block YAML, as thp member edits it
        "id: csp\nname: Community Safety Partnership\nkind: thematic-board\nreports_to: [rexec]\n"
        "meetings:\n  - date: 2023-01-10\n    status: held\n"
        "members:\n  - role: Borough Commander\n    organisation: police\n"
    )
    return root


def test_findings_name_boards_by_their_names(tmp_path: Path) -> None:
    root = castleford(tmp_path / "p")
    messages = [f.message for f in validate(root, AS_OF).findings]
    said = "\n".join(messages)
    assert "Community Safety Partnership has no update to Castleford Executive for 2024 or 2025" in said
    assert "Youth Board is chaired by Head of Youth Services with no elected member co-chair" in said
    assert "Community Safety Partnership names no call to action it delivers" in said
    assert "Community Safety Partnership is active but held no meeting" in said
    for word in ("csp ", "csp'", "rexec", "youth is", "youth has"):
        assert word not in said, word
    from thp_cli.report.annual import annual

    internal = annual(root, year=2024, as_of=AS_OF, fmt="md", internal=True)
    assert "Community Safety Partnership has no update to Castleford Executive" in internal
    assert "csp has" not in internal and "youth is chaired" not in internal


def test_thp_member_names_the_board(tmp_path: Path) -> None:
    root = castleford(tmp_path / "p")
    runner = CliRunner()
    args = ["--role", "Chief Inspector", "--organisation", "police", "--root", str(root)]
    done = runner.invoke(app, ["member", "add", "csp", *args])
    assert done.exit_code == 0, done.output
    assert done.output == (
        "added the seat Chief Inspector (police) to Community Safety Partnership (csp) as member\n"
    )
    done = runner.invoke(app, ["member", "remove", "csp", *args])
    removed = "removed the seat Chief Inspector (police) from Community Safety Partnership (csp)\n"
    assert done.output == removed


# -- thp diff: recommendations as the data numbers them, and their owners -----------------
REC = """id: joined-up
number: 7
title: Join up the youth offer
owner: youth
sro: Director of Children's Services
actions:
  - number: i
    title: Map the youth groups
    due: 2025-06
    owners: [youth]
"""


def test_diff_numbers_recommendations_as_the_data_does_and_reports_owners(tmp_path: Path) -> None:
    import subprocess

    from ..conftest import git_env

    root = castleford(tmp_path / "p")
    (root / "data" / "recommendations").mkdir()
    rec = root / "data" / "recommendations" / "joined-up.yaml"
    rec.write_text(REC)
    env = git_env(tmp_path)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    rec.write_text(
        REC.replace("owner: youth", "owner: rexec")
        .replace("owners: [youth]", "owners: [youth, csp]")
        .replace("Director of Children's Services", "Head of Early Help")
    )
    done = subprocess.run(
        [sys.executable, "-m", "thp_cli", "diff", "HEAD", "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Recommendation 7: Join up the youth offer" in out
    assert "Recommendation 7: owner Youth Board -> Castleford Executive" in out
    assert (
        "Recommendation 7: senior responsible officer Director of Children's Services -> Head of Early Help"
        in out
    )
    assert (
        "Recommendation 7, action i: owners Youth Board -> Youth Board, Community Safety Partnership" in out
    )
    assert "R7" not in out
    data = json.loads(
        subprocess.run(
            [sys.executable, "-m", "thp_cli", "diff", "HEAD", "--root", str(root), "-f", "json"],
            env=env,
            capture_output=True,
            text=True,
            cwd=root,
            check=True,
        ).stdout
    )
    fields = [c["fields"] for c in data["changes"] if c["recommendation"] == "joined-up"]
    assert {"owner": ["youth", "rexec"]} in fields
    assert {"owners": [["youth"], ["youth", "csp"]]} in fields


def test_sarif_cites_the_source_the_partnership_records(tmp_path: Path) -> None:
    """The catalogue is general; a run on a partnership cites what its partnership.yaml records."""
    root = castleford(tmp_path / "p")
    (root / "data" / "partnership.yaml").write_text(
        "name: Castleford Partnership\nannual_update_to: rexec\nwork_programme_due: '09-15'\n"
        "terms_of_reference:\n  title: Castleford Partnership Charter\n"
        "co_chairing:\n  kinds: [thematic-board]\n  source: the Castleford compact, clause 4\n"
    )
    done = CliRunner().invoke(app, ["validate", "--root", str(root), "--format", "sarif"])
    rules = {r["id"]: r for r in json.loads(done.output)["runs"][0]["tool"]["driver"]["rules"]}
    own = f"{OWN}: "
    assert rules["co-chairing"]["properties"]["source"] == own + "the Castleford compact, clause 4"
    assert rules["co-chairing"]["help"]["text"].endswith(f"Source: {own}the Castleford compact, clause 4.")
    assert rules["work-programme"]["properties"]["source"] == own + "Castleford Partnership Charter"
    assert rules["annual-update"]["properties"]["source"] == own + "Castleford Partnership Charter"
    assert rules["seat-spelling"]["properties"]["source"] == "thp data format v1"
