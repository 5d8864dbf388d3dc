"""``thp diff``: the partnership at two revisions side by side.

:func:`diff` compares ``data/`` at a base revision with a head revision or the
working tree; with no base named, :func:`default_base` chooses one the way a
pull request would be read: from where the branch left the default branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dataset.load import Memo, load_dataset, load_source
from ..dataset.records import Dataset
from ..errors import ThpError
from ..findings import Finding, Severity
from ..yamlio.bounds import DEFAULT_LIMITS, Limits
from .changes import Change, compare
from .git import SHALLOW_FIX, Commit, Git
from .sources import GitSource, no_data

DEFAULT_BRANCHES = ("main", "master")
"""Tried, in this order, after the target of ``origin/HEAD``, as the branch a change is compared with."""


def default_branch(git: Git) -> str | None:
    """The branch a change is compared with: the target of ``origin/HEAD`` (such as
    ``origin/main``), else ``main``, else ``master``; None if there is none of them."""
    remote = git.output("symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD")
    if remote and git.output("rev-parse", "--verify", "-q", f"refs/remotes/{remote}^{{commit}}"):
        return remote
    for name in DEFAULT_BRANCHES:
        if git.output("rev-parse", "--verify", "-q", f"refs/heads/{name}^{{commit}}"):
            return name
    return None


def default_base(git: Git) -> tuple[str, str]:
    """The commit the working tree is compared with when no BASE is named, and how it was chosen.

    * On a branch of its own, HEAD is compared from where it left the default
      branch (:func:`default_branch`): their merge base. Commits made on the
      default branch since then are not counted as the branch's changes.
    * On the default branch itself (or a detached HEAD that is on it), with no
      default branch, or with no history in common with it, the base is HEAD~1:
      the diff shows what the last commit, and anything not yet committed, changed.

    ThpError when there is nothing to compare with (no commits, or only one).
    """
    head = git.output("rev-parse", "--verify", "-q", "HEAD^{commit}")
    if head is None:
        raise ThpError("this repository has no commits yet, so there is nothing to compare the data with")
    branch = default_branch(git)
    why = "there is no origin/HEAD, main or master branch to compare with"
    if branch is not None:
        base = git.output("merge-base", head, branch)
        current = git.output("symbolic-ref", "-q", "--short", "HEAD")
        if base is None and git.shallow():
            raise ThpError(
                f"HEAD and {branch} have no commit in common in this clone, which is shallow (it has "
                f"only the latest commits): {SHALLOW_FIX}, or name the revision to compare with"
            )
        if base is None:
            why = f"HEAD has no history in common with {branch}"
        elif base != head or (current is not None and current != branch.removeprefix("origin/")):
            return base, f"the merge base of HEAD and {branch}"
        else:
            why = f"HEAD is on {branch} itself"
    parent = git.output("rev-parse", "--verify", "-q", "HEAD~1^{commit}")
    if parent is None and head in git.shallow():
        raise ThpError(
            "nothing to compare with: this clone is shallow and has HEAD's commit without the one "
            f"before it: {SHALLOW_FIX}, or name the revision to compare with"
        )
    if parent is None:
        raise ThpError(
            f"nothing to compare with: {why}, and HEAD is the first commit. "
            "Name the revision to compare with, for example: thp diff HEAD"
        )
    return parent, f"HEAD~1, the commit before HEAD: {why}"


@dataclass(frozen=True)
class Side:
    """One side of a :class:`Diff`: a commit, or the working tree (``commit`` None)."""

    rev: str | None  # the revision as it was named; None when chosen by default, or the working tree
    commit: Commit | None
    how: str = ""  # how a revision not named was chosen
    findings: tuple[Finding, ...] = ()  # what did not load, with file, line and column
    has_data: bool = True  # False: there was no data/ folder at this revision

    @property
    def errors(self) -> int:
        """How many of the side's findings are errors."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as ``--format json`` writes it."""
        return {
            "rev": self.rev,
            "how": self.how or None,
            "working_tree": self.commit is None,
            "commit": self.commit.as_dict() if self.commit else None,
            "has_data": self.has_data,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class Diff:
    """What changed from ``base`` to ``head``, with the names a reader needs for headings."""

    base: Side
    head: Side
    changes: list[Change]
    boards: dict[str, str] = field(default_factory=dict)  # board id -> name (head's, else base's)
    recommendations: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (number, title)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, as ``--format json`` writes it."""
        return {
            "base": self.base.as_dict(),
            "head": self.head.as_dict(),
            "changes": [c.as_dict() for c in self.changes],
        }


def diff(
    root: Path | str, base: str | None = None, head: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Diff:
    """The partnership at ``base`` compared with ``head`` (None: the working tree).

    With no ``base``, :func:`default_base` chooses it. A revision whose files
    have errors is compared on what loaded; its findings travel on its
    :class:`Side`. A revision with no ``data/`` folder is an empty partnership.
    ThpError if ``root`` is not in a repository or a revision names no commit.
    """
    if base is None and head is not None:
        raise ValueError("a head revision needs a base revision")
    with Git(root) as git:
        if base is None:
            base_sha, how = default_base(git)
        else:
            base_sha, how = git.commit(base), ""
        head_sha = None if head is None else git.commit(head)
        memo: Memo = {}
        old, old_side = _load_side(git, base, base_sha, how, memo, limits)
        if head_sha is None:
            new = load_dataset(root, limits)
            new_side = Side(None, None, findings=tuple(new.findings))
        else:
            new, new_side = _load_side(git, head, head_sha, "", memo, limits)
    boards = {i: b.record.name for ds in (old, new) for i, b in ds.boards.items()}
    recs = {i: (r.record.number, r.record.title) for ds in (old, new) for i, r in ds.recommendations.items()}
    return Diff(old_side, new_side, compare(old, new), boards, recs)


def _load_side(
    git: Git, rev: str | None, sha: str, how: str, memo: Memo, limits: Limits
) -> tuple[Dataset, Side]:
    commit = git.describe(sha)
    with GitSource(git.root, sha, git=git) as source:
        if no_data(source, sha) is not None:
            return Dataset(git.root), Side(rev, commit, how, has_data=False)
        ds = load_source(git.root, source, limits, memo)
    return ds, Side(rev, commit, how, tuple(ds.findings))
