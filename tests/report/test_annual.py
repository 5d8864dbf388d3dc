"""``thp report annual``: golden output, determinism, privacy and inert hostile values."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.report.annual import annual
from thp_cli.templating import md_escape

from ..conftest import BASE, REPO, build_case, new_repo

ON = dt.date(2024, 9, 1)
runner = CliRunner()


def golden():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import golden as module  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "tools"))
    return module


@pytest.mark.parametrize("name", ["annual.md", "annual.html"])
def test_golden_reports_are_current(name: str) -> None:
    fresh = golden().render_all()[name]
    expected = (REPO / "tests" / "golden" / name).read_text(encoding="utf-8")
    assert fresh == expected, "report output changed: review it, then run python tools/golden.py"


def test_same_input_gives_the_same_bytes(partnership: Path) -> None:
    first = annual(partnership, year=2024, as_of=ON, fmt="html")
    second = annual(partnership, year=2024, as_of=ON, fmt="html")
    assert first == second
    assert "2024-09-01" not in first or "1 September 2024" in first


def test_report_says_what_matters(partnership: Path) -> None:
    md = annual(partnership, year=2024, as_of=ON, fmt="md")
    top, _, rest = md.partition("\n# ")
    assert top.startswith("**NOT THAT DAY'S DATA:")  # a past day, outside git
    assert rest.startswith("Example Borough Partnership: annual report 2024\n")
    assert "Figures as at 1 September 2024." in md
    # the tracker: R1.i was due by July 2024 and is not done: overdue, and listed first
    assert "### Recommendation 1: Tackle duplication" in md
    assert "Owner: Executive Group. Senior responsible officer: Director of Strategy." in md
    rows = [line for line in md.splitlines() if line.startswith(("| i |", "| ii |"))]
    assert rows[0].startswith(
        "| i | Review the groups | May – July 2024 | Executive Group | In progress | Overdue |"
    )
    # R1.ii reports no status: no rating beyond that
    assert rows[1].startswith(
        "| ii | Keep improving | Ongoing | Executive Group | No status reported "
        "| No update recorded (ongoing) |"
    )
    # coverage and the thematic boards' year
    assert "| Safety Partnership | Yes: 1.1, 1.10 | No |" in md
    assert "A year of safer streets." in md and "- Fewer burglaries" in md
    assert "Work programme: Published on time, 28 June 2024 (due by 30 June 2024)" in md
    assert "No update for 2024 is recorded." in md  # the health board's last update is 2023
    assert "The data is not in a git repository" in md


def test_rag_ratings(tmp_path: Path) -> None:
    from thp_cli.model import RecommendationAction
    from thp_cli.report.tracker import rag, timescale

    def action(**fields: object) -> RecommendationAction:
        return RecommendationAction.model_validate({"number": "i", "title": "t", **fields})

    assert rag(action(due="2024-08", status="in-progress"), ON) == "overdue"
    assert rag(action(due="2024-10", status="not-started"), ON) == "due-soon"
    assert rag(action(due="2025-06", status="in-progress"), ON) == "on-track"
    assert rag(action(due="2024-08", status="done"), ON) == "done"
    assert rag(action(ongoing=True, status="in-progress"), ON) == "ongoing"
    # no status reported: a rating of how work goes would say what nobody reported
    assert rag(action(due="2024-08"), ON) == "no-update"
    assert rag(action(due="2025-06"), ON) == "no-update"
    assert rag(action(ongoing=True), ON) == "no-update"
    assert timescale(action(start="2024-05", due="2024-07")) == "May – July 2024"
    assert timescale(action(start="2024-11", due="2025-02")) == "November 2024 – February 2025"
    assert timescale(action(due="2024-06-30")) == "30 June 2024"


HOSTILE = '<script>alert("x")</script> | [click](javascript:alert(1)) # not a heading https://evil.example'


def hostile_partnership(root: Path) -> Path:
    """The base case with hostile values; its javascript: link is an error, so the
    tests that use it pass allow_errors=True."""
    build_case(BASE, root)
    board = root / "data" / "boards" / "safety.yaml"
    text = board.read_text()
    text = text.replace("name: Safety Partnership", f"name: '{HOSTILE}'")
    text = text.replace("summary: A year of safer streets.", 'summary: "line one\\n# injected\\n| a | b |"')
    text = text.replace("  published: 2024-06-28", "  published: 2024-06-28\n  url: javascript:alert(1)")
    board.write_text(text)
    (root / "data" / "people.yaml").write_text(
        "people:\n  - id: person-0001\n    name: A. Person\n    contact:\n"
        "      email: secret.person@example.org\n      phone: 020 7946 0999\n"
    )
    return root


def test_hostile_values_stay_inert_in_html(tmp_path: Path) -> None:
    html = annual(hostile_partnership(tmp_path / "p"), year=2024, as_of=ON, fmt="html", allow_errors=True)
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert all(h.startswith(("#", "https:", "mailto:")) for h in re.findall(r'href="([^"]*)"', html))


def test_hostile_values_stay_inert_in_markdown(tmp_path: Path) -> None:
    md = annual(hostile_partnership(tmp_path / "p"), year=2024, as_of=ON, fmt="md", allow_errors=True)
    assert "<script" not in md
    assert re.search(r"(?<!\\)\]\((?!<https:|<mailto:)", md) is None  # no link but thp's own safe ones
    assert "\n# injected" not in md and "\n| a | b |" not in md
    assert "https://evil" not in md  # no bare address for GitHub to turn into a link
    row = next(line for line in md.splitlines() if line.startswith("| &lt;script"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # board and two calls: the name's | adds no column


def test_markdown_escape() -> None:
    assert md_escape("# a") == "\\# a"
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("x\ny") == "x y"
    assert md_escape("[t](u)") == "\\[t\\](u)"
    assert md_escape("<b>") == "&lt;b&gt;"


def test_public_report_has_no_contact_details(tmp_path: Path) -> None:
    root = hostile_partnership(tmp_path / "p")
    for fmt in ("md", "html"):
        public = annual(root, year=2024, as_of=ON, fmt=fmt, allow_errors=True)
        assert "secret.person" not in public and "7946" not in public
        assert "INTERNAL" not in public


def test_internal_report_says_so_first(tmp_path: Path) -> None:
    root = hostile_partnership(tmp_path / "p")
    md = annual(root, year=2024, as_of=ON, fmt="md", internal=True, allow_errors=True)
    assert md.splitlines()[0].startswith("**INTERNAL: this report contains personal contact details")
    assert "secret.person@example.org" in md
    html = annual(root, year=2024, as_of=ON, fmt="html", internal=True, allow_errors=True)
    assert 'href="mailto:secret.person@example.org"' in html
    assert html.index("INTERNAL") < html.index("<h1>")


def test_a_council_can_use_its_own_templates(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_text("body { color: #111111; }\n")
    html = annual(partnership, year=2024, as_of=ON, fmt="html", templates=own)
    assert "body { color: #111111; }" in html
    assert "<h1>Example Borough Partnership: annual report 2024</h1>" in html  # the rest is thp's


def invoke(*args: str) -> object:
    return runner.invoke(app, ["report", "annual", *args], env={"THP_ROOT": "", "NO_COLOR": "1"})


def test_cli_prints_markdown_and_writes_html(partnership: Path, tmp_path: Path) -> None:
    md = invoke("--root", str(partnership), "--year", "2024", "--as-of", "2024-09-01")
    assert md.exit_code == 0, md.output
    assert md.stdout == annual(partnership, year=2024, as_of=ON, fmt="md")
    out = tmp_path / "report.html"
    html = invoke("--root", str(partnership), "--as-of", "2024-09-01", "-f", "html", "--out", str(out))
    assert html.exit_code == 0 and html.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_refusals_exit_2(partnership: Path, tmp_path: Path) -> None:
    no_out = invoke("--root", str(partnership), "-f", "html")
    assert no_out.exit_code == 2 and "needs --out" in no_out.output
    future = invoke("--root", str(partnership), "--as-of", "2024-09-01", "--year", "2030")
    assert future.exit_code == 2
    missing = invoke("--root", str(partnership), "--templates", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2


def test_shipped_report_reads_like_the_partnership() -> None:
    md = annual(REPO, year=2026, as_of=dt.date(2026, 11, 23), fmt="md")
    assert "# Tower Hamlets Partnership: annual report 2026" in md
    assert "Plan: A Tower Hamlets for All, November 2023 to November 2028" in md
    assert md.count("### Recommendation ") == 5  # R1-R5
    assert len(re.findall(r"^\| [ivx]+ \|", md, re.M)) >= 19  # every action of R1-R5
    assert "Partnership Board and Partnership Executive Group share 21 seats" in md


@pytest.mark.usefixtures("quiet_git")
def test_membership_changes_come_from_git(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership as it was", "2023-12-01")
    repo.edit(
        "data/boards/health.yaml",
        "  - role: Chief Executive\n",
        "  - role: Director of Public Health\n    organisation: council\n  - role: Chief Executive\n",
    )
    repo.commit("a new seat on the health board", "2024-03-05")
    repo.edit(
        "data/boards/safety.yaml",
        "    position: co-chair\nupdates:",
        "    position: co-chair\n    until: 2024-06-30\nupdates:",
    )
    repo.commit("the borough commander's seat ends", "2024-07-02")
    section = annual(repo.root, year=2024, as_of=ON, fmt="md").split("## 7.")[1].split("## 8.")[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Director of Public Health (Example Borough Council) joined Health Board as a member "
        "(5 March 2024)",
        "- Borough Commander (Example Police) left Safety Partnership, the last day of the seat "
        "(30 June 2024, from the seat's dates)",
    ]
    before = annual(repo.root, year=2023, as_of=ON, fmt="md").split("## 7.")[1].split("## 8.")[0]
    assert "Safety Partnership was set up" not in before  # it was there when the history began
    assert "Already recorded when the history begins (1 December 2023): " in before
