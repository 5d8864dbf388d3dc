"""Issue #11, conventions: what a pipe or a file gets is what a terminal gets.

Run on a partnership made up here (not the shipped data), with its own git history.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO, Repo, new_repo, write_partnership

PYTHON = [sys.executable, "-m", "thp_cli"]


@pytest.fixture
def changed(tmp_path: Path) -> tuple[Repo, str, str]:
    """Example Borough's data, then a change: a seat leaves the safety board."""
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("Start", "2024-01-10")
    board = repo.root / "data" / "boards" / "safety.yaml"
    text = board.read_text()
    cut = text.index("  - role:", text.index("members:"))
    end = text.find("  - role:", cut + 1)
    board.write_text(text[:cut] + (text[end:] if end != -1 else ""))
    head = repo.commit("A seat leaves the safety board", "2024-02-01")
    return repo, base, head


def _env(repo: Repo) -> dict[str, str]:
    env = {k: v for k, v in repo.env.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    return {**env, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def _piped(repo: Repo, *args: str) -> str:
    done = subprocess.run(
        [*PYTHON, *args], cwd=repo.root, env=_env(repo), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _at_terminal(repo: Repo, *args: str) -> str:
    """What the command prints when its stdout is a terminal (a pseudo-terminal)."""
    main, child = pty.openpty()
    try:
        done = subprocess.run(
            [*PYTHON, *args], cwd=repo.root, env=_env(repo), stdout=child, stderr=subprocess.PIPE,
            check=False, timeout=120,
        )  # fmt: skip
        os.close(child)
        child = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        if child != -1:
            os.close(child)
    assert done.returncode == 0, done.stderr
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(
    "command",
    [
        ("diff", "{base}", "{head}"),
        ("history", "safety"),
        ("overlap", "--as-of", "2024-09-01"),
    ],
)
def test_a_pipe_and_a_file_get_the_text_a_terminal_gets(
    changed: tuple[Repo, str, str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    repo, base, head = changed
    args = tuple(a.format(base=base, head=head) for a in command)
    terminal = _at_terminal(repo, *args)
    piped = _piped(repo, *args)
    assert piped == terminal
    assert not piped.lstrip().startswith(("{", "[")), piped[:200]
    out = tmp_path / "change.txt"
    assert _piped(repo, *args, "--out", str(out)) == ""
    assert out.read_text(encoding="utf-8") == terminal


def test_diff_into_a_file_is_plain_english_and_json_only_when_asked(changed: tuple[Repo, str, str]) -> None:
    repo, base, head = changed
    text = _piped(repo, "diff", base, head)
    assert text.startswith("Changes to the partnership from ")
    assert "removed" in text
    data = json.loads(_piped(repo, "diff", base, head, "--format", "json"))
    assert data["changes"]
    assert json.loads(_piped(repo, "overlap", "--format", "json", "--as-of", "2024-09-01"))
    assert json.loads(_piped(repo, "history", "--format", "json"))


# -- an iCalendar feed with no meetings ------------------------------------------------------
def _strictly_valid_calendar(text: str) -> list[str]:
    """The component names of ``text``, after the checks a strict RFC 5545 validator makes
    of a calendar: CRLF lines of at most 75 octets, VERSION and PRODID once, and at least
    one component (icalbody = calprops component), each with the properties it requires."""
    from icalendar import Calendar

    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    feed = Calendar.from_ical(text)
    assert feed.name == "VCALENDAR"
    assert text.count("\r\nVERSION:") == 1 and text.count("\r\nPRODID:") == 1
    assert feed["VERSION"] == "2.0"
    assert feed.subcomponents, "RFC 5545: a VCALENDAR holds at least one component"
    names = []
    for component in feed.subcomponents:
        names.append(component.name)
        if component.name == "VEVENT":
            assert {"UID", "DTSTAMP", "DTSTART"} <= set(component)
        elif component.name == "VTIMEZONE":
            assert "TZID" in component and component.subcomponents
            for part in component.subcomponents:
                assert part.name in ("STANDARD", "DAYLIGHT")
                assert {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"} <= set(part)
        else:
            raise AssertionError(f"unexpected component {component.name}")
    return names


def test_a_calendar_with_no_meetings_is_still_a_valid_calendar(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    root = write_partnership(
        tmp_path / "p", {"top": {"kind": "partnership-board", "seats": ["a/Chair"]}, "care": {}}
    )
    runner = CliRunner()
    out = tmp_path / "meetings.ics"

    def feed(*extra: str) -> str:
        args = ["export", "ics", "--root", str(root), "--as-of", "2025-03-01", "--out", str(out)]
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 0, result.output
        return out.read_bytes().decode("utf-8")

    for extra in ((), ("--board", "care")):
        text = feed(*extra)
        assert _strictly_valid_calendar(text) == ["VTIMEZONE"]
        assert "BEGIN:VEVENT" not in text  # no meeting is made up
        assert "X-WR-CALDESC:The data lists no meetings" in text
    # with meetings, the events are the components and no time zone is added
    board = root / "data" / "boards" / "care.yaml"
    record = json.loads(board.read_text())
    record["meetings"] = [{"date": "2025-02-03", "status": "held"}]
    board.write_text(json.dumps(record))
    text = feed()
    assert _strictly_valid_calendar(text) == ["VEVENT"]
    assert "CALDESC" not in text


# -- the CI workflow and its job summary -----------------------------------------------------
WORKFLOW = REPO / ".github" / "workflows" / "thp.yml"


def _workflow() -> dict[str, Any]:
    from thp_cli.yamlio.load import load_text

    loaded = load_text("thp.yml", WORKFLOW.read_text(encoding="utf-8"))
    assert loaded.findings == []
    data: dict[str, Any] = loaded.data
    return data


def _run_step(script: str, repo: Repo, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One workflow step's ``run:``, as the runner runs it (bash -e), with thp on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo.top, env={**repo.env, **env, "PATH": path}, capture_output=True, text=True,
        check=False, timeout=300,
    )  # fmt: skip


def test_the_workflow_validates_pushes_and_reports_only_after_validation_passes() -> None:
    flow = _workflow()
    assert flow["on"]["push"]["branches"] == ["main", "master"]
    assert "pull_request" in flow["on"]
    check, report = flow["jobs"]["check"], flow["jobs"]["report"]
    # every push to the default branch is validated, not only pull requests
    assert check["if"] == "github.event_name == 'pull_request' || github.event_name == 'push'"
    assert report["needs"] == "check"
    assert "github.event.repository.default_branch" in report["if"]


def test_the_pull_request_summary_lists_errors_first_and_marks_what_the_change_introduced(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.edit("data/boards/safety.yaml", "organisation: police", "organisation: polise")
    base = repo.commit("An old mistake", "2024-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.edit("data/boards/health.yaml", "organisation: council", "organisation: councill")
    repo.commit("A new mistake", "2024-02-01")
    runner = tmp_path / "runner"
    runner.mkdir()
    summary, github_env = runner / "summary.md", runner / "env"
    env = {"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(runner), "GITHUB_ENV": str(github_env)}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "BASE_SHA": base}
    steps = _workflow()["jobs"]["check"]["steps"]
    (at_base,) = [s["run"] for s in steps if s.get("name") == "thp validate at the merge base"]
    (check,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("thp validate")]
    done = _run_step(at_base, repo, env)
    assert done.returncode == 0, done.stderr
    for line in github_env.read_text().splitlines():
        name, _, value = line.partition("=")
        env[name] = value
    done = _run_step(check, repo, env)
    assert done.returncode == 1, done.stderr  # the change has errors: the step fails
    text = summary.read_text(encoding="utf-8")
    assert "1 of them new in this change" in text
    rows = [line for line in text.splitlines() if line.startswith("| data/")]
    assert rows, text
    severities = [row.split(" | ")[2] for row in rows]
    assert severities == sorted(severities, key=lambda s: s != "error")  # errors first
    (new,) = [row for row in rows if "**new**" in row]
    assert "health.yaml" in new and "councill" in new and new.split(" | ")[2] == "error"
    (old,) = [row for row in rows if "polise" in row]
    assert "**new**" not in old
    assert "(new in this change)" in done.stdout


def test_with_no_baseline_the_workflow_still_validates_and_marks_nothing_new(tmp_path: Path) -> None:
    """A first pull request, whose base has no data/ yet, and a push (no base at all)."""
    repo = new_repo(tmp_path / "repo")
    shutil.move(repo.root / "data", tmp_path / "data")
    (repo.root / "README.md").write_text("A partnership\n")
    base = repo.commit("Start", "2024-01-10")
    shutil.move(tmp_path / "data", repo.root / "data")
    repo.commit("The data", "2024-02-01")
    runner = tmp_path / "runner"
    runner.mkdir()
    summary, github_env = runner / "summary.md", runner / "env"
    env = {"GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(runner), "GITHUB_ENV": str(github_env)}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "BASE_SHA": base}
    steps = _workflow()["jobs"]["check"]["steps"]
    (at_base,) = [s["run"] for s in steps if s.get("name") == "thp validate at the merge base"]
    (check,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("thp validate")]
    done = _run_step(at_base, repo, env)
    assert done.returncode == 0, done.stderr
    assert "no finding is marked new" in done.stdout
    assert "THP_BASELINE" not in (github_env.read_text() if github_env.exists() else "")
    done = _run_step(check, repo, env)
    assert done.returncode in (0, 1), done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ") and "thp validate" in text
    assert "new in this change" not in text and "**new**" not in text


def test_the_job_summary_lists_errors_before_warnings() -> None:
    from thp_cli.findings import Finding, Result, Severity
    from thp_cli.reporters import step_summary

    result = Result.of(
        [
            Finding("data/a.yaml", 3, 1, "co-chairing", Severity.WARNING, "a warning"),
            Finding("data/b.yaml", 2, 1, "unknown-reference", Severity.ERROR, "an error"),
        ],
        2,
    )
    text = step_summary(result)
    assert text.index("an error") < text.index("a warning")


def test_a_baseline_that_is_not_thp_json_is_refused_in_plain_words(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    root = write_partnership(tmp_path / "p", {"top": {"kind": "partnership-board"}})
    bad = tmp_path / "base.json"
    for content, reason in (("not json", "it is not JSON"), ('{"findings": [1]}', "finding 1 lacks")):
        bad.write_text(content)
        result = CliRunner().invoke(app, ["validate", "--root", str(root), "--baseline", str(bad)])
        assert result.exit_code == 2
        assert "is not the JSON output of thp validate" in result.stderr
        assert reason in result.stderr and "Traceback" not in result.output


def test_a_finding_moved_by_an_edit_above_it_is_not_new_but_a_second_copy_is(tmp_path: Path) -> None:
    from thp_cli.findings import Finding, Result, Severity
    from thp_cli.reporters import new_in_change, read_baseline

    file, rule, error = "data/boards/care.yaml", "duplicate-seat", Severity.ERROR
    earlier = Result.of([Finding(file, 12, 5, rule, error, "listed twice (line 9)")])
    baseline = tmp_path / "base.json"
    baseline.write_text(json.dumps(earlier.as_dict()))
    now = Result.of(
        [
            Finding(file, 14, 5, rule, error, "listed twice (line 11)"),
            Finding(file, 20, 5, rule, error, "listed twice (line 11)"),
        ]
    )
    assert new_in_change(now, read_baseline(baseline)) == [False, True]
