"""The overlap package: its renderers name the output formats, and importing it is light
(the command line builds its ``--format`` choices from the renderers at start-up)."""

from __future__ import annotations

import subprocess
import sys

from thp_cli.overlap.render import RENDERERS

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
