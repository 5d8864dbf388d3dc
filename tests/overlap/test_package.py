"""The overlap package: its renderers name the output formats, and importing it is light
(the command line builds its ``--format`` choices from the renderers at start-up)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from thp_cli.overlap.analysis import overlap
from thp_cli.overlap.render import RENDERERS, TABLE_ROWS, render_table

from ..conftest import write_partnership

ON = dt.date(2025, 1, 1)

HEAVY = ("networkx", "pydantic", "ruamel.yaml", "jinja2", "rich", "openpyxl")


def test_renderers_name_every_format() -> None:
    assert list(RENDERERS) == ["table", "json", "csv", "graphml", "dot", "mermaid"]


def test_importing_overlap_loads_nothing_heavy() -> None:
    code = (
        "import sys, thp_cli.overlap, thp_cli.overlap.render\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_table_renderer_knows_when_top_was_given(tmp_path: Path) -> None:
    """``RENDERERS["table"]`` lists every pair when the result was cut to ``--top`` N,
    as ``render_table(result, True)`` does, and the first few otherwise."""
    boards = {f"b{i:02}": {"seats": ["org/Chair", f"org/Role {i}"]} for i in range(8)}
    root = write_partnership(tmp_path, boards)  # 8 boards sharing one seat: 28 pairs
    every, top = overlap(root, ON, threshold=0.0), overlap(root, ON, threshold=0.0, top=25)
    assert len(every.pairs) > TABLE_ROWS and len(top.pairs) == 25
    assert RENDERERS["table"](every) == render_table(every, False)
    assert "more pairs of boards" in RENDERERS["table"](every)
    assert RENDERERS["table"](top) == render_table(top, True)
    assert "more pairs of boards" not in RENDERERS["table"](top)
