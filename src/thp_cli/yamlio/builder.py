"""Plain Python values built from the YAML parser's events, with positions and bounds.

The parser turns the text into a flat stream of events; :class:`Builder` builds
the values from them with an explicit stack, so nesting depth never becomes
recursion and is refused past a bound as soon as it is reached. On the way it
records the line and column of every key and value, never acts on a tag,
counts aliases and what they expand to, and reports duplicate and non-text
keys. Nothing under a ``contact:`` key is ever quoted in a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, Severity
from .bounds import Limits
from .keypath import PRIVATE, KeyPath, SourceMap
from .scalars import describe, resolve_plain


class StopLoading(Exception):  # noqa: N818 - control flow, not an error
    """Loading of this file stops here; the finding is already recorded."""


@dataclass
class _Frame:
    """One mapping or list being built: its value so far, its path, the key awaiting a value."""

    value: dict[Any, Any] | list[Any]
    path: KeyPath
    weight: int = 1
    anchor: str | None = None
    key: Any = None
    key_pending: bool = False
    key_skip: bool = False  # the pending key was refused: drop its value
    key_pos: tuple[int, int] = (1, 1)
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)
    skip: bool = False  # this whole collection is being dropped


class Builder:
    """Builds Python values from parser events, with positions and bounds."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.source = SourceMap()
        self.findings: list[Finding] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        # anchors on values under contact: an alias may repeat them only under contact too
        self.private_anchors: set[str] = set()
        self.aliases = 0
        self.nodes = 0
        self.root: Any = None
        self.have_root = False
        self.documents = 0
        # anchors on single values that no alias has used yet: &Partners Ltd reads as "Ltd"
        self.unused: dict[str, tuple[int, int, bool]] = {}

    def report(self, line: int, column: int, rule: str, message: str) -> None:
        """Record an error finding in this file at ``line``, ``column``."""
        self.findings.append(Finding(self.file, line, column, rule, Severity.ERROR, message))

    @staticmethod
    def pos(event: Any) -> tuple[int, int]:
        """The 1-based line and column where ``event`` starts."""
        mark = event.start_mark
        return mark.line + 1, mark.column + 1

    # -- paths ------------------------------------------------------------
    def child_path(self) -> KeyPath | None:
        """The path of the value about to be added, or None if it is a key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.key_pending:
            return (*top.path, top.key)
        return None

    def private(self) -> bool:
        """Whether the node being read is under a ``contact:`` key: its text is never quoted."""
        path = self.child_path()
        if path is None:  # a key: private if its mapping is
            path = self.stack[-1].path
        return PRIVATE in path

    def dropping(self) -> bool:
        """Whether the node being read is dropped (its collection or its key was refused)."""
        if not self.stack:
            return False
        top = self.stack[-1]
        return top.skip or (isinstance(top.value, dict) and top.key_pending and top.key_skip)

    # -- adding values ----------------------------------------------------
    def count(self, weight: int, where: tuple[int, int]) -> None:
        """Count ``weight`` more values built; past the bound, report it and stop loading."""
        self.nodes += weight
        if self.nodes > self.limits.max_nodes:
            self.report(
                *where,
                "yaml-alias-limit",
                f"this file would expand to more than {self.limits.max_nodes:,} values "
                "(aliases repeating aliases); write the values out instead of using * aliases",
            )
            raise StopLoading

    def add(self, value: Any, weight: int, where: tuple[int, int], anchor: str | None) -> None:
        """Put a finished value where it belongs: the root, a list item, a key or a key's value."""
        if anchor is not None:
            self.anchors[anchor] = (value, weight)
        if not self.stack:
            self.root, self.have_root = value, True
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            if not top.skip:
                top.value.append(value)
                top.weight += weight
            return
        if not top.key_pending:
            self.take_key(top, value, where)
            return
        if not (top.skip or top.key_skip):
            top.value[top.key] = value
            top.weight += weight
        top.key_pending = False
        top.key_skip = False

    def take_key(self, top: _Frame, key: Any, where: tuple[int, int]) -> None:
        """Take ``key`` as the next key of mapping ``top``, refusing one that is not text or repeats."""
        top.key_pending, top.key_skip, top.key_pos = True, False, where
        if top.skip:
            return
        private = PRIVATE in top.path
        if not isinstance(key, str):
            raw_path = (*top.path, "\0key")
            shown = self.source.raw.pop(raw_path, None) or describe(key)
            if private:  # the key may be a phone number: never quoted
                message = "a key under contact is not a name; keys are field names such as 'email' or 'phone'"
            else:
                message = f"the key {shown} is not a name; keys are field names such as 'id' or 'name'" + (
                    f'; if you meant the text, quote it: "{shown}"'
                    if isinstance(key, (int, float, bool)) or key is None
                    else ""
                )
            self.report(*where, "non-string-key", message)
            top.key_skip = True
            return
        if key in top.seen:
            first = top.seen[key]
            named = "a key" if private else f"'{key}'"
            self.report(
                *where,
                "duplicate-key",
                f"{named} appears twice in the same mapping "
                f"(first on line {first[0]}); "
                "the second would silently replace the first: keep one",
            )
            top.key_skip = True
            return
        top.seen[key] = where
        top.key = key
        key_path = (*top.path, key)
        self.source.keys[key_path] = where

    def scalar(self, event: Any) -> None:
        """A scalar event: typed by the core schema if plain, its position and anchor remembered."""
        where = self.pos(event)
        self.check_tag(event, where)
        self.count(1, where)
        text = event.value
        if not event.style and "# " in text:
            self.hash_in_value(event, text)
        value = resolve_plain(text) if not event.style else text
        if event.anchor is not None:
            self.anchored(event.anchor, self.private())
            if not event.style:
                self.unused[event.anchor] = (*where, self.private())
        path = self.child_path()
        if path is not None:
            self.source.values[path] = where
            if not isinstance(value, str):
                self.source.raw[path] = text
        elif not isinstance(value, str) and self.stack:
            # remember how a non-string key was written, for the message
            key_path = (*self.stack[-1].path, "\0key")
            self.source.raw[key_path] = text
        self.add(value, 1, where, event.anchor)

    def start(self, event: Any, container: dict[Any, Any] | list[Any]) -> None:
        """The start of a mapping or list (``container``), refused past the nesting bound."""
        where = self.pos(event)
        self.check_tag(event, where)
        self.count(1, where)
        if len(self.stack) >= self.limits.max_depth:
            self.report(
                *where,
                "nesting-too-deep",
                f"the data nests more than {self.limits.max_depth} levels deep here; "
                "no partnership file needs that: check the brackets and indentation",
            )
            raise StopLoading
        path = self.child_path()
        skip = self.dropping()
        if path is None:  # a list or mapping used as a key
            self.report(
                *where,
                "non-string-key",
                "a list or mapping is used as a key; keys are field names such as 'id' or 'name'",
            )
            path, skip = (*self.stack[-1].path, "\0complex"), True
        else:
            self.source.values[path] = where
        if event.anchor is not None:
            self.anchored(event.anchor, PRIVATE in path)
        self.stack.append(_Frame(container, path, anchor=event.anchor, skip=skip))

    def anchored(self, anchor: str, private: bool) -> None:
        """Remember whether ``anchor`` names a value under ``contact:`` (a later anchor of the
        same name replaces it, as YAML says)."""
        if private:
            self.private_anchors.add(anchor)
        else:
            self.private_anchors.discard(anchor)

    def end(self, event: Any) -> None:
        """The end of a mapping or list: added to its parent, or dropped if it was used as a key."""
        frame = self.stack.pop()
        was_key = self.stack and isinstance(self.stack[-1].value, dict) and not self.stack[-1].key_pending
        if was_key:
            top = self.stack[-1]
            top.key_pending, top.key_skip = True, True
            return
        self.add(frame.value, frame.weight, self.pos(event), frame.anchor)

    def alias(self, event: Any) -> None:
        """An alias: the anchored value again, counted, refused if it leaks contact details."""
        where = self.pos(event)
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            self.report(
                *where,
                "yaml-alias-limit",
                f"more than {self.limits.max_aliases} aliases (*name) in one file; "
                "write the values out instead",
            )
            raise StopLoading
        if event.anchor not in self.anchors:
            self.report(
                *where,
                "yaml-syntax",
                ("this alias refers to no anchor defined before it")
                if self.private()  # the name may be a phone number: never quoted
                else (f"the alias *{event.anchor} refers to no anchor &{event.anchor} defined before it")
                + "; a value that starts with '*' is read as an alias: if the '*' is part of the text, "
                'put the whole value in quotes, like "*..."',
            )
            raise StopLoading
        if event.anchor in self.private_anchors and not self.private():
            self.report(
                *where,
                "private-alias",
                "this alias repeats a value from contact details, which are private, in a place that "
                "is not: contact details are never shown, so write this value out instead of using an alias",
            )
            raise StopLoading
        self.unused.pop(event.anchor, None)
        value, weight = self.anchors[event.anchor]
        self.count(weight, where)
        path = self.child_path()
        if path is not None:
            self.source.values[path] = where
        self.add(value, weight, where, None)

    def report_unused(self) -> None:
        """An anchor on a single value that nothing uses: the officer meant '&' as text."""
        for anchor, (line, column, private) in sorted(self.unused.items(), key=lambda item: item[1]):
            shown = "the '&' here" if private else f"&{anchor} here"
            self.report(
                line,
                column,
                "yaml-syntax",
                f"{shown} is read as an anchor (a name for the value that follows it), not as text, "
                "and nothing refers to it: if the '&' is part of the text, put the whole value in quotes, "
                'like "&..."',
            )

    def hash_in_value(self, event: Any, text: str) -> None:
        """``status: open# until March``: the officer meant a comment, YAML reads it as text."""
        start, end = event.start_mark, event.end_mark
        line, column = self.pos(event)
        if start.line == end.line:
            column += text.index("# ")
        self.report(
            line,
            column,
            "yaml-syntax",
            "this '#' has no space before it, so it does not start a comment: what follows it is part "
            "of the value; put a space before the '#' if a comment starts there, or put the whole value "
            "in quotes if the '#' is part of the text",
        )

    def check_tag(self, event: Any, where: tuple[int, int]) -> None:
        """Report a tag on ``event``: thp never acts on one (a quoted scalar's ``!`` is no tag)."""
        tag = getattr(event, "tag", None)
        if tag is None:
            return
        tag = str(getattr(tag, "value", tag))
        if tag == "!":  # the non-specific tag of a quoted scalar
            return
        shown = "this tag" if self.private() else "the tag " + tag.replace("tag:yaml.org,2002:", "!!")
        self.report(
            *where,
            "yaml-tag",
            f"{shown} is not allowed: thp never acts on tags; remove it and write the value as plain data "
            "(if the '!' is part of the text, put the whole value in quotes, like \"!...\")",
        )
