"""benchmarks/run.py runs end to end (``--quick`` on tiny sizes), so the suite cannot
rot, and the README's Performance section is what the last full run measured. No
test here asserts a time: only that every target is measured and reported."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from ..conftest import REPO

RUN = REPO / "benchmarks" / "run.py"
BEFORE = "# A README\n\nText before.\n\n<!-- benchmarks:performance -->\nold figures\n"
AFTER = "<!-- /benchmarks:performance -->\n\nText after, kept.\n"


def run_module() -> ModuleType:
    sys.path.insert(0, str(RUN.parent))
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_measures_every_target_and_writes_only_where_told(tmp_path: Path) -> None:
    shipped = (REPO / "README.md").read_bytes()
    out = tmp_path / "results"
    argv = [sys.executable, str(RUN), "--quick", "--boards", "8", "--commits", "4", "--baselines-up-to", "0"]
    argv += ["--out", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (REPO / "README.md").read_bytes() == shipped  # --quick rewrites no README unless told
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]
    results = json.loads((out / "results.json").read_text())
    targets = {t["what"]: t for t in results["targets"]}
    assert set(targets) >= {
        "thp --help vs import typer",
        "validate cold vs C-parse floor",
        "validate warm vs C-parse floor",
        "validate one file changed (its prose) vs C-parse floor",
        "validate one file changed (a seat's role) vs C-parse floor",
        "validate one file changed (its reporting line) vs C-parse floor",
        "overlap cold vs analyst pipeline",
        "overlap warm vs analyst pipeline",
        "report annual cold",
        "report annual warm",
        "site build cold",
        "site build warm",
        "peak memory, every thp command",
        "history BOARD cold",
        "history BOARD warm",
        "report annual (membership section) cold",
        "report annual (membership section) warm",
    }
    # thp overlap and the analyst's networkx pipeline agree on the generated data
    assert "same pairs and coefficients" in targets["overlap cold vs analyst pipeline"]["detail"]
    # ratios are judged at every size; times and memory only at --judge-at boards
    assert isinstance(targets["validate cold vs C-parse floor"]["met"], bool)
    assert targets["report annual cold"]["met"] is None
    assert isinstance(targets["history BOARD cold"]["met"], bool)
    table = (out / "results.md").read_text()
    assert table.count("\n| ") == len(results["targets"]) + 1  # the header and one row each
    assert table in done.stdout

    readme = tmp_path / "README.md"
    readme.write_text(BEFORE + AFTER, encoding="utf-8")
    run_module().write_readme(readme, table)
    text = readme.read_text(encoding="utf-8")
    assert text == BEFORE.replace("old figures\n", "") + table + AFTER


def test_the_readme_shows_the_last_full_run() -> None:
    """The README's Performance section is the table of benchmarks/results/results.json."""
    run = run_module()
    results = json.loads((REPO / "benchmarks" / "results" / "results.json").read_text())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme.split("<!-- benchmarks:performance -->\n", 1)[1]
    block = after.split("<!-- /benchmarks:performance -->")[0]
    assert block == run.markdown(results)
    assert block == (REPO / "benchmarks" / "results" / "results.md").read_text()
