"""Reporting lines: which boards report to which, directly or through other boards.

A board and one it reports to are expected to share seats, so overlap lists
such pairs apart and never advises merging them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from itertools import pairwise

from .profiles import Profile


def _line(low: str, high: str, profiles: dict[str, Profile]) -> list[str] | None:
    """The boards from ``low`` up to ``high`` if ``low`` reports to ``high``, directly or
    through other boards (the shortest such line, the same in every run); else None."""
    back: dict[str, str | None] = {low: None}
    queue = deque([low])
    while queue:
        board = queue.popleft()
        for up in sorted(profiles[board].parents):
            if up in back or up not in profiles:
                continue
            back[up] = board
            if up == high:
                path = [up]
                while (below := back[path[-1]]) is not None:
                    path.append(below)
                return path[::-1]
            queue.append(up)
    return None


def _above(board: str, profiles: dict[str, Profile]) -> set[str]:
    """Every board ``board`` reports to, directly or through others."""
    seen: set[str] = set()
    todo = list(profiles[board].parents)
    while todo:
        up = todo.pop()
        if up in seen or up not in profiles:
            continue
        seen.add(up)
        todo.extend(profiles[up].parents)
    return seen


class ReportingLines:
    """Which boards report to which, directly or through other boards.

    Where every board reports to at most one other (a tree, as most
    partnerships are), each board gets the span of a depth-first walk down the
    tree, and one board reports to another exactly when its span lies inside
    the other's: one comparison per pair, whatever the depth. Otherwise (a
    board reporting to several, or a loop in the data) the lines are walked.
    """

    def __init__(self, profiles: dict[str, Profile]) -> None:
        self.profiles = profiles
        self.span = self._spans()

    def _spans(self) -> dict[str, tuple[int, int]] | None:
        children: dict[str, list[str]] = defaultdict(list)
        roots = []
        for board, p in sorted(self.profiles.items()):
            ups = [u for u in p.parents if u in self.profiles]
            if len(ups) > 1:
                return None
            if ups:
                children[ups[0]].append(board)
            else:
                roots.append(board)
        start: dict[str, int] = {}
        span: dict[str, tuple[int, int]] = {}
        clock = 0
        for root in roots:
            stack = [(root, False)]
            while stack:  # iterative: a long line of boards must not exhaust the stack
                board, leaving = stack.pop()
                clock += 1
                if leaving:
                    span[board] = (start[board], clock)
                    continue
                start[board] = clock
                stack.append((board, True))
                stack.extend((child, False) for child in reversed(children[board]))
        return span if len(span) == len(self.profiles) else None  # else a loop: walk instead

    def above(self, low: str, high: str) -> bool:
        """Does ``low`` report to ``high``, directly or through others?"""
        if self.span is None:
            return _line(low, high, self.profiles) is not None
        (a, b), (c, d) = self.span[low], self.span[high]
        return c < a and b < d

    def line(self, a: str, b: str) -> list[str] | None:
        """The line from one board of the pair up to the other, if one reports to the other."""
        if self.above(a, b):
            return _line(a, b, self.profiles)
        if self.above(b, a):
            return _line(b, a, self.profiles)
        return None

    def any_inside(self, boards: list[str]) -> bool:
        """Does any of ``boards`` report to another of them?"""
        if self.span is None:
            group = set(boards)
            return any(_above(x, self.profiles) & group for x in boards)
        ordered = sorted(boards, key=lambda x: self.span[x] if self.span else (0, 0))
        # a board's descendants follow it in the walk: the next board is one, if any is
        return any(self.above(low, high) for high, low in pairwise(ordered))
