"""Regenerate the golden reports under tests/golden/ from the base test partnership.

    python tools/golden.py          # rewrite the golden files
    python tools/golden.py --check  # exit 1 if they differ (the tests do this too)

Review the diff before committing: a golden file is what a council would publish.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "cases" / "base"
GOLDEN = REPO / "tests" / "golden"
AS_OF = dt.date(2024, 9, 1)


def render_all() -> dict[str, str]:
    from thp_cli.report.annual import annual

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "partnership"
        shutil.copytree(BASE / "data", root / "data")
        return {
            "annual.md": annual(root, year=2024, as_of=AS_OF, fmt="md"),
            "annual.html": annual(root, year=2024, as_of=AS_OF, fmt="html"),
        }


def main() -> int:
    fresh = render_all()
    if "--check" in sys.argv[1:]:
        stale = [n for n, text in fresh.items() if (GOLDEN / n).read_text(encoding="utf-8") != text]
        if stale:
            print("stale golden files: " + ", ".join(stale) + "; run python tools/golden.py")
            return 1
        return 0
    GOLDEN.mkdir(exist_ok=True)
    for name, text in fresh.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
