"""Whether a folder may be in a git repository, known without starting git (nor importing
what starts it: :func:`thp_cli.validate.on_disk` asks it of every run on a past day)."""

from __future__ import annotations

import os
from pathlib import Path


def may_be_in_git(root: Path | str) -> bool:
    """Whether git could find a repository from ``root``: a ``.git`` in its real path or above
    it, or ``GIT_DIR``/``GIT_WORK_TREE`` set (git looks for nothing else)."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    folder = os.path.realpath(root)
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent
