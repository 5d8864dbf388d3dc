"""What changed, from git: the partnership at past revisions and the changes between them.

The package, from the bottom up (each module imports only those above it):

* :mod:`.git`: running git, :class:`Commit`, and :func:`data_commits`, the one
  walk of the commits that changed ``data/``.
* :mod:`.sources`: ``data/`` at a revision (:class:`GitSource`,
  :func:`dataset_at`) or as it stood on a day (:func:`dataset_on`).
* :mod:`.state` and :mod:`.changes`: what two states are compared on, and
  :func:`compare`, which says what changed in sentences (:class:`Change`).
* :mod:`.replay`: the states along the history, each file read once.
* :mod:`.period` (the annual report's changes during a year), :mod:`.diffs`
  (``thp diff``) and :mod:`.timelines` (``thp history``).
* :mod:`.render`: the text, Markdown and JSON output of ``thp diff`` and ``thp history``.

The names below are re-exported so that ``from thp_cli.history import ...`` keeps
working while the modules that use them are moved (until the merge of issue #12).
"""

from .changes import Change, ChangeKind, ChangeType, compare
from .diffs import DEFAULT_BRANCHES, Diff, Side, default_base, default_branch, diff
from .git import SHALLOW_FIX, Commit, DataCommits, Git, commit_day, data_commits, in_git
from .period import Period, changes_during
from .sources import AsOf, GitSource, as_of_note, dataset_at, dataset_on, revision_on
from .timelines import Event, Subject, Timeline, timeline

__all__ = [
    "DEFAULT_BRANCHES",
    "SHALLOW_FIX",
    "AsOf",
    "Change",
    "ChangeKind",
    "ChangeType",
    "Commit",
    "DataCommits",
    "Diff",
    "Event",
    "Git",
    "GitSource",
    "Period",
    "Side",
    "Subject",
    "Timeline",
    "as_of_note",
    "changes_during",
    "commit_day",
    "compare",
    "data_commits",
    "dataset_at",
    "dataset_on",
    "default_base",
    "default_branch",
    "diff",
    "in_git",
    "revision_on",
    "timeline",
]
