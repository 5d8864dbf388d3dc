"""The ``thp`` process ends as soon as its output is written, without freeing the loaded
partnership object by object: with every byte of its output, its exit code and its messages
as before, whichever way the command ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ..conftest import AS_OF, BASE, build_case


def thp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"THP_NO_CACHE": "1", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "thp_cli", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def _with_errors(tmp_path: Path) -> Path:
    """A partnership of 300 boards (enough to be loaded on both cores), every tenth with an error."""
    root = build_case(BASE, tmp_path / "p")
    boards = root / "data" / "boards"
    template = (boards / "health.yaml").read_text()
    for i in range(300):
        text = template.replace("id: health", f"id: extra-{i:03d}")
        if i % 10 == 0:
            text = text.replace("kind: thematic-board", "kind: nonsense")
        (boards / f"extra-{i:03d}.yaml").write_text(text)
    return root


def test_the_whole_output_and_the_exit_code_of_a_run_with_errors(tmp_path: Path) -> None:
    root = _with_errors(tmp_path)
    done = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)  # all of it written: it parses to the end
    assert report["errors"] == 30 == sum(f["rule"] == "invalid-value" for f in report["findings"])
    text = thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert text.returncode == 1 and text.stdout.rstrip().endswith("in 310 files")


def test_a_refusal_and_a_clean_run_end_as_before(tmp_path: Path) -> None:
    missing = thp("validate", "--root", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no 'data' folder" in missing.stderr and missing.stdout == ""
    root = build_case(BASE, tmp_path / "ok")
    clean = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert clean.returncode == 0 and json.loads(clean.stdout)["errors"] == 0
    assert thp("--version").stdout.startswith("thp ")


def test_an_exit_message_is_printed_and_ends_with_one() -> None:
    code = "from thp_cli import collector\nprint('out', end='')\ncollector.end('stopped: a reason')\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (1, "out", "stopped: a reason\n")
