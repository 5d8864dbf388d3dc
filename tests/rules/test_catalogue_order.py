"""The catalogue lists the rules in one order, whichever rule module a program imported first:
``thp rules``, the README's table and the partnership schema's list of rules never change with
how thp was started."""

from __future__ import annotations

import subprocess
import sys

FIRST = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from thp_cli.rules.catalogue import catalogue
print(json.dumps([r.id for r in catalogue()]))
"""


def _order(*first: str) -> str:
    done = subprocess.run([sys.executable, "-c", FIRST, *first], capture_output=True, text=True, check=True)
    return done.stdout


def test_the_catalogues_order_does_not_follow_the_order_modules_were_imported_in() -> None:
    usual = _order()
    assert '"attendance-not-held"' in usual and '"yaml-syntax"' in usual
    for first in (["thp_cli.rules.attendance"], ["thp_cli.rules.structure", "thp_cli.rules.papers"]):
        assert _order(*first) == usual
