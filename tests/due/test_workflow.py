"""The workflow's monthly job: one issue, "Governance to-dos", kept up to date with ``thp due``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import REPO
from .riverside import write_riverside

WORKFLOW = REPO / ".github" / "workflows" / "thp.yml"
TITLE = "Governance to-dos"
# a stand-in for GitHub's gh: it notes each call, one argument a line, and answers
# `gh issue list` with the number in $FAKE_ISSUE (what gh's --jq filter would print)
FAKE_GH = """#!/bin/sh
{ echo "gh"; for a in "$@"; do echo "$a"; done; } >> "$GH_LOG"
if [ "$1 $2" = "issue list" ] && [ -n "$FAKE_ISSUE" ]; then echo "$FAKE_ISSUE"; fi
"""


def _flow() -> dict[str, Any]:
    from thp_cli.yamlio.load import load_text

    loaded = load_text("thp.yml", WORKFLOW.read_text(encoding="utf-8"))
    assert loaded.findings == []
    data: dict[str, Any] = loaded.data
    return data


def test_a_monthly_job_alone_may_write_issues_and_validation_does_not_run_on_the_schedule() -> None:
    flow = _flow()
    (schedule,) = flow["on"]["schedule"]
    assert schedule["cron"].split()[2:] == ["1", "*", "*"]  # once a month, on its first day
    assert "workflow_dispatch" in flow["on"]  # and by hand
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    todos = jobs["todos"]
    assert todos["permissions"] == {"contents": "read", "issues": "write"}
    assert todos["if"] == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    for name, job in jobs.items():
        if name != "todos":
            # pages may deploy to GitHub Pages (tests/test_pages_workflow.py), never write issues
            assert "issues" not in job.get("permissions", {}), name
            assert name == "pages" or "permissions" not in job, name
            assert "schedule" not in job["if"] and "workflow_dispatch" not in job["if"], name
    assert "github.event_name == 'push'" in jobs["report"]["if"]


def _todo_step() -> dict[str, Any]:
    (step,) = [s for s in _flow()["jobs"]["todos"]["steps"] if "thp due" in str(s.get("run", ""))]
    return step


def _run(script: str, root: Path, tmp: Path, env: dict[str, str]) -> list[list[str]]:
    """Run the step's script as the runner does (bash -e), with the fake gh first on PATH;
    return each gh call's arguments."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    log = tmp / "gh.log"
    path = f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    full = {**os.environ, **env, "PATH": path, "GH_LOG": str(log), "RUNNER_TEMP": str(tmp), "THP_ROOT": ""}
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=root, env=full, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    calls = log.read_text().split("gh\n")[1:]
    return [c.splitlines() for c in calls]


@pytest.mark.parametrize("existing", ["7", ""])
def test_the_issue_is_edited_when_open_and_created_when_not(tmp_path: Path, existing: str) -> None:
    root = write_riverside(tmp_path / "riverside")
    step = _todo_step()
    assert step["env"]["TITLE"] == TITLE and step["env"]["GH_TOKEN"] == "${{ github.token }}"
    calls = _run(step["run"], root, tmp_path, {"TITLE": TITLE, "FAKE_ISSUE": existing})
    listing, change = calls
    assert listing[:4] == ["issue", "list", "--state", "open"]
    assert listing[listing.index("--jq") + 1] == f'[.[] | select(.title == "{TITLE}")][0].number // empty'
    body = tmp_path / "due.md"
    if existing:
        assert change == ["issue", "edit", "7", "--body-file", str(body)]
    else:
        assert change == ["issue", "create", "--title", TITLE, "--body-file", str(body)]
    text = body.read_text(encoding="utf-8")
    assert text.startswith("What Riverside Partnership owes as at ")
    assert "- [ ] " in text  # a checklist
