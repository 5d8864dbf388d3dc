"""``thp overlap``: duplicates come out on top, and every output format is well formed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.dataset.load import load_dataset
from thp_cli.overlap.analysis import overlap
from thp_cli.overlap.graph import build_seating

from ..conftest import REPO, write_partnership

ON = dt.date(2024, 9, 1)
runner = CliRunner()

SEATS = [f"org{i}/Role {j}" for i in range(6) for j in range(3)]  # 18 seats


def seats(*indexes: int) -> list[str]:
    return [SEATS[i] for i in indexes]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write_partnership(
        tmp_path,
        {
            "top": {"kind": "partnership-board", "seats": seats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)},
            "exec": {"kind": "executive", "reports_to": ["top"], "seats": seats(0, 1, 2, 3, 4, 5, 6, 7, 8)},
            "safety": {"reports_to": ["exec"], "seats": seats(10, 11, 12, 13), "topics": ["domestic-abuse"],
                       "actions": ["1.1"]},
            "violence": {"reports_to": ["exec"], "seats": seats(10, 11, 12, 14), "topics": ["domestic-abuse"],
                         "actions": ["1.1"]},
            "health": {"reports_to": ["exec"], "seats": seats(15, 16, 0), "actions": ["2.1"]},
            "lonely": {"reports_to": ["exec"], "seats": seats(17)},
            "old-group": {"kind": "task-and-finish", "reports_to": ["safety"], "ends": "2024-03",
                          "topics": ["domestic-abuse"],
                          "meetings": [{"date": "2023-01-05", "status": "held"}]},
        },
    )  # fmt: skip


def test_true_duplicates_come_out_on_top(sample: Path) -> None:
    result = overlap(sample, ON, threshold=0.0)
    first = result.pairs[0]
    # two sibling boards doing the same work with mostly the same people
    assert (first.a, first.b, first.related) == ("safety", "violence", None)
    assert first.shared_topics == ["domestic-abuse"] and first.shared_actions == ["1.1"]
    assert first.shared_calls == [1]
    assert first.jaccard == pytest.approx(3 / 5) and first.overlap == pytest.approx(3 / 4)
    assert first.reason == (
        "Safety and Violence share 3 of their 4 seats and both work on domestic abuse and action 1.1; "
        "both report to Exec"
    )
    # exec's seats sit wholly inside top's: expected, as exec reports to top, so listed last
    expected = [p for p in result.pairs if p.related]
    assert result.pairs[-len(expected) :] == expected
    exec_top = next(p for p in expected if (p.a, p.b) == ("exec", "top"))
    assert exec_top.related == "parent-child"
    assert exec_top.overlap == 1.0 and exec_top.jaccard == pytest.approx(0.9)
    assert exec_top.reason == "Exec and Top share 9 seats (Exec has 9, Top has 10); Exec reports to Top"
    for group in (result.duplicates, result.expected):
        scores = [p.score for p in group]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)
    assert {(p.a, p.b) for p in result.pairs[1:]} >= {("exec", "health"), ("health", "top")}


def test_score_formula(sample: Path) -> None:
    pair = next(p for p in overlap(sample, ON, threshold=0.0).pairs if {p.a, p.b} == {"safety", "violence"})
    seats_part = (3 / 5 + 3 / 4) / 2
    expected = (0.6 * seats_part + 0.15 * 1.0 + 0.15 * 1.0 + 0.1 * 1.0) / 1.0
    assert pair.score == pytest.approx(expected)
    exec_top = next(p for p in overlap(sample, ON, threshold=0.0).pairs if {p.a, p.b} == {"exec", "top"})
    assert exec_top.score == pytest.approx((0.9 + 1.0) / 2)  # only seats recorded: only seats count


def test_sharing_only_a_call_is_not_a_pair(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path, {"a": {"kind": "partnership-board", "calls_to_action": [1]}, "b": {"calls_to_action": [1]}}
    )
    assert overlap(root, ON, threshold=0.0).pairs == []


def test_threshold_top_and_board_filters(sample: Path) -> None:
    everything = overlap(sample, ON, threshold=0.0)
    assert len(overlap(sample, ON, threshold=0.0, top=2).pairs) == 2
    strong = overlap(sample, ON, threshold=0.5).pairs
    assert strong == [p for p in everything.pairs if p.score >= 0.5]
    only = overlap(sample, ON, threshold=0.0, board="health").pairs
    assert only and all("health" in (p.a, p.b) for p in only)


def test_clusters_busy_seats_bridges_and_candidates(sample: Path) -> None:
    result = overlap(sample, ON, threshold=0.5)
    # exec reports to top: expected overlap, never a cluster to merge
    assert [c.boards for c in result.clusters] == [["safety", "violence"]]
    busy = {b.id: b.boards for b in result.busy_seats}
    assert busy["seat:org0|Role 0"] == ["exec", "health", "top"]
    assert result.busy_organisations[0].id == "org0"
    bridges = {b.seat: b.cut_off for b in result.bridges}
    assert bridges["seat:org0|Role 0"] == ["health"]  # health's only tie to the others
    kinds = {(c.board, c.kind, c.other) for c in result.candidates}
    assert kinds == {
        ("old-group", "no-recent-meeting", None),
        ("old-group", "ended", None),
        ("old-group", "remit-inside", "violence"),
    }


def test_as_of_decides_which_seats_count(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path,
        {
            "a": {"kind": "partnership-board", "seats": seats(0, 1)},
            "b": {"reports_to": ["a"], "seats": seats(0, 1)},
        },
    )
    board = root / "data" / "boards" / "b.yaml"
    record = json.loads(board.read_text())
    record["members"][0]["until"] = "2024-01-01"
    record["members"][1]["until"] = "2024-01-01"
    board.write_text(json.dumps(record))
    assert overlap(root, dt.date(2023, 6, 1)).pairs
    assert overlap(root, dt.date(2024, 6, 1)).pairs == []


def test_shipped_data_shows_what_the_review_saw() -> None:
    result = overlap(REPO, dt.date(2026, 11, 23))
    top = result.pairs[0]
    assert {top.a, top.b} == {"partnership-board", "peg"}
    assert top.related == "parent-child"
    assert top.overlap > 0.9  # PEG's seats sit almost wholly inside the Board's
    assert result.busy_organisations[0].id == "lbth"


def test_graph_keeps_private_data_out(tmp_path: Path) -> None:
    root = write_partnership(tmp_path, {"a": {"kind": "partnership-board"}})
    (root / "data" / "people.yaml").write_text(
        "people:\n  - id: p1\n    name: A. Person\n    contact:\n      email: a@example.org\n"
    )
    board = root / "data" / "boards" / "a.yaml"
    record = json.loads(board.read_text())
    record["members"] = [{"role": "Chair", "person": "p1", "position": "chair"}]
    board.write_text(json.dumps(record))
    seating = build_seating(load_dataset(root), ON)
    assert "a@example.org" not in repr(seating)
    assert seating.label("person:p1") == "A. Person (Chair)"
    assert seating.chairs_of("a") == {"person:p1"}


def invoke(*args: str) -> object:
    return runner.invoke(app, ["overlap", *args], env={"NO_COLOR": "1", "THP_ROOT": ""})


def test_json_output_shape(sample: Path) -> None:
    result = invoke("--root", str(sample), "--as-of", "2024-09-01", "--threshold", "0", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"pairs", "clusters", "busy_seats", "busy_organisations", "bridges", "candidates"}
    assert set(data["pairs"][0]) >= {
        "a", "b", "score", "jaccard", "overlap", "shared_seats", "shared_calls",
        "shared_actions", "shared_topics", "related", "reason",
    }  # fmt: skip
    assert data == overlap(sample, ON, threshold=0.0).as_dict()


def test_csv_opens_as_a_spreadsheet(sample: Path) -> None:
    result = invoke("--root", str(sample), "--as-of", "2024-09-01", "-f", "csv")
    assert result.output.startswith("\ufeffa,b,score")
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert [(r["a"], r["b"]) for r in rows[:1]] == [("safety", "violence")]
    exec_top = next(r for r in rows if (r["a"], r["b"]) == ("exec", "top"))
    assert exec_top["related"] == "parent-child" and float(exec_top["overlap"]) == 1.0
    assert rows.index(exec_top) > max(i for i, r in enumerate(rows) if not r["related"])


def test_graphml_reads_back(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "overlap.graphml"
    result = invoke("--root", str(sample), "--as-of", "2024-09-01", "-f", "graphml", "--out", str(out))
    assert result.exit_code == 0 and result.output == ""
    g = nx.read_graphml(out)
    assert g.nodes["safety"]["label"] == "Safety"
    assert g.edges["safety", "violence"]["score"] > 0.8


def test_dot_and_mermaid(sample: Path) -> None:
    dot = invoke("--root", str(sample), "--as-of", "2024-09-01", "-f", "dot").output
    assert dot.startswith("graph overlap {") and '"safety" -- "violence"' in dot
    mermaid = invoke("--root", str(sample), "--as-of", "2024-09-01", "-f", "mermaid").output
    lines = mermaid.splitlines()
    assert lines[0] == "flowchart LR" and "```" not in mermaid  # a document, for .mmd files
    assert "  b_safety ---|" in mermaid and "b_exec -.-|1.00| b_top" not in mermaid


def test_table_for_people(sample: Path) -> None:
    result = invoke("--root", str(sample), "--as-of", "2024-09-01", "-f", "table")
    assert result.exit_code == 0
    assert "Safety and Violence share 3 of their 4 seats" in result.output
    assert "Groups that may no longer be needed" in result.output
    assert "annex" not in result.output and "(J " not in result.output


def test_bad_options_exit_2(sample: Path) -> None:
    unknown = invoke("--root", str(sample), "--board", "safty")
    assert unknown.exit_code == 2
    assert "--board 'safty' is no board; did you mean 'safety'?" in unknown.output
    assert invoke("--root", str(sample), "--threshold", "1.5").exit_code == 2
    assert invoke("--root", str(sample), "--top", "0").exit_code == 2


def test_hostile_names_stay_inert_in_mermaid_and_dot(tmp_path: Path) -> None:
    name = 'Evil"] --> X[<a href=javascript:alert(1)>🔥</a>'
    root = write_partnership(
        tmp_path,
        {"a": {"kind": "partnership-board", "name": name, "seats": seats(0, 1)},
         "b": {"reports_to": ["a"], "seats": seats(0, 1)}},
    )  # fmt: skip
    mermaid = invoke("--root", str(root), "-f", "mermaid").output
    node = next(line for line in mermaid.splitlines() if line.startswith("  b_a["))
    assert node.count('"') == 2 and "<" not in node and "🔥" not in node and "]" not in node[:-2]
    dot = invoke("--root", str(root), "-f", "dot").output
    assert '\\"' in dot


def test_matches_networkx_on_a_random_partnership(tmp_path: Path) -> None:
    rng = random.Random(7)
    pool = [f"org{i}/Role" for i in range(60)]
    boards = {"b0": {"kind": "partnership-board", "seats": rng.sample(pool, 8)}}
    for i in range(1, 80):
        boards[f"b{i}"] = {"reports_to": ["b0"], "seats": rng.sample(pool, rng.randint(1, 8))}
    root = write_partnership(tmp_path, boards)
    ours = {(p.a, p.b): p.overlap for p in overlap(root, ON, threshold=0.0).pairs}
    adjacency = build_seating(load_dataset(root), ON).adjacency()
    bipartite = nx.Graph([(u, v) for u, vs in adjacency.items() for v in vs])
    projected = nx.bipartite.overlap_weighted_projected_graph(
        bipartite, [n for n in bipartite if n.startswith("board:")], jaccard=False
    )
    theirs = {
        tuple(sorted((u.removeprefix("board:"), v.removeprefix("board:")))): w
        for u, v, w in projected.edges(data="weight")
    }
    assert set(ours) == set(theirs)
    assert all(ours[k] == pytest.approx(theirs[k]) for k in ours)


def test_bridges_on_a_long_chain_are_exact_and_need_no_recursion() -> None:
    from thp_cli.overlap.bridges import cuts

    n = 5000  # boards b0 - s0 - b1 - s1 - ... - b4999, far past Python's recursion limit
    g: nx.Graph[str] = nx.path_graph([f"{'b' if i % 2 == 0 else 's'}{i // 2}" for i in range(2 * n - 1)])
    adjacency = {v: list(g[v]) for v in g}
    found = {c.point: c for c in cuts(adjacency, lambda v: v.startswith("b"), lambda v: v.startswith("s"))}
    assert len(found) == n - 1
    middle = found["s10"]  # 11 boards on one side, 4989 on the other
    assert middle.groups == [n - 11, 11]
    assert middle.cut_off_count == 11
    assert middle.cut_off == sorted(f"b{i}" for i in range(11))
