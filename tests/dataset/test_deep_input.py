"""Crashes on hostile data (issue #10, "Crashes and hangs"): inputs nested deeper than
Python's stack must give a plain sentence or a working report, never "unexpected error"."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import AS_OF, BASE, build_case, write_partnership

runner = CliRunner()
ENV = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}


def thp(*args: str) -> object:
    return runner.invoke(app, list(args), env=ENV)


def _no_crash(result: object) -> str:
    out = result.output + (result.stderr or "")  # type: ignore[attr-defined]
    assert "unexpected error" not in out and "Traceback" not in out, out[-800:]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    return out


def test_baseline_nested_deeper_than_the_stack_is_refused_in_a_sentence(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    for name, text in {
        "list.json": "[" * 100_000 + "]" * 100_000,
        "findings.json": '{"findings": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "object.json": '{"a": ' * 100_000 + "1" + "}" * 100_000,
    }.items():
        baseline = tmp_path / name
        baseline.write_text(text)
        result = thp("validate", "--root", str(root), "--as-of", AS_OF, "--baseline", str(baseline))
        out = _no_crash(result)
        assert result.exit_code == 2, out  # type: ignore[attr-defined]
        assert "is not the JSON output of thp validate" in out
        assert "nested too deeply" in out


def _chain(root: Path, n: int, cycle: bool = False) -> Path:
    """``n`` boards, each reporting to the one before (and the first to the last, for a cycle)."""
    boards: dict[str, dict[str, object]] = {}
    for i in range(n):
        board: dict[str, object] = {"name": f"Group {i}", "seats": [f"org{i % 5}/Role {i}"]}
        if i or cycle:
            board["reports_to"] = [f"g{(i - 1) % n}"]
        boards[f"g{i}"] = board
    return write_partnership(root, boards)


def test_report_on_a_very_long_chain_of_reporting_lines_is_written(tmp_path: Path) -> None:
    root = _chain(tmp_path / "p", 700)
    html = tmp_path / "r.html"
    result = thp(
        "report",
        "annual",
        "--root",
        str(root),
        "--year",
        "2024",
        "--as-of",
        AS_OF,
        "--allow-errors",
        "--format",
        "html",
        "--out",
        str(html),
    )
    _no_crash(result)
    assert result.exit_code == 0  # type: ignore[attr-defined]
    page = html.read_text()
    tree = page[page.index('class="tree"') :]
    tree = tree[: tree.index("</section>")]
    assert tree.count("<ul>") <= 20  # not 700 levels deep
    for i in range(700):  # every board is still in the list, once
        assert tree.count(f"<li>Group {i}<") + tree.count(f"<li>Group {i} (") == 1, i
    assert "<li>Group 400 (reports to Group 399)</li>" in tree

    result = thp(
        "report", "annual", "--root", str(root), "--year", "2024", "--as-of", AS_OF, "--allow-errors"
    )
    out = _no_crash(result)
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "- Group 699 (reports to Group 698)" in out


def test_report_on_a_long_cycle_of_reporting_lines_is_written(tmp_path: Path) -> None:
    root = _chain(tmp_path / "p", 700, cycle=True)
    assert thp("validate", "--root", str(root), "--as-of", AS_OF).exit_code == 1  # type: ignore[attr-defined]
    result = thp(
        "report", "annual", "--root", str(root), "--year", "2024", "--as-of", AS_OF, "--allow-errors"
    )
    out = _no_crash(result)
    assert result.exit_code == 0, out  # type: ignore[attr-defined]
    assert "Group 350" in out


def test_did_you_mean_costs_the_same_however_many_ids_there_are(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of ids and hundreds of misspellings: each hint measures a bounded shortlist,
    not every id (the old search measured every misspelling against every id, growing with
    the square). Work is counted, not timed: the candidates difflib is given per hint."""
    import difflib

    from thp_cli import text
    from thp_cli.text import closest

    measured: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], *args: object, **kwargs: object) -> list[str]:
        possibilities = list(possibilities)
        measured.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text.difflib, "get_close_matches", counting)
    for size in (400, 4000):
        ids = [f"board-number-{i}" for i in range(size)]
        measured.clear()
        hints = [closest(f"board-number-{i}x", ids) for i in range(0, size, 10)]
        exact = sum(hint == f"board-number-{i}" for hint, i in zip(hints, range(0, size, 10), strict=True))
        assert exact >= 0.9 * len(hints)  # the others are near misses too (board-number-120 for ...-10x)
        assert all(hint is not None and hint.startswith("board-number-") for hint in hints)
        assert max(measured) <= text.CLOSEST_LIMIT  # bounded however many ids there are


def test_did_you_mean_among_many_ids_still_finds_the_near_miss(tmp_path: Path) -> None:
    boards: dict[str, dict[str, object]] = {
        f"group-{i}": {"name": f"Group {i}", "seats": [f"org{i % 5}/Role {i}"]} for i in range(400)
    }
    boards["group-7"]["reports_to"] = ["gruop-399"]
    boards["group-8"]["reports_to"] = ["group_12"]
    root = write_partnership(tmp_path / "p", boards)
    out = _no_crash(thp("validate", "--root", str(root), "--as-of", AS_OF))
    assert "reports_to names 'gruop-399', which is no board; did you mean 'group-399'?" in out
    assert "did you mean 'group-12'" in out
