"""Moved; kept importable until the merge. SHIM (#12): now :mod:`thp_cli.yamlio.parallel`.

Every name is looked up in the new module when it is asked for, not copied at
import, so ``from .parallel import load_all`` inside a function still finds a
test's stand-in put into :mod:`thp_cli.yamlio.parallel` by monkeypatch.
"""

from typing import Any

from .yamlio import parallel as _moved


def __getattr__(name: str) -> Any:
    """``parallel.x`` is :mod:`thp_cli.yamlio.parallel`'s ``x`` as it is now."""
    return getattr(_moved, name)
