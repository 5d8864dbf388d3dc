"""Safe YAML loading that keeps the line and column of every key and value.

Officers edit these files by hand, and a pull request may carry any bytes at
all, so nothing here trusts its input:

* the file's size is checked before a byte is parsed;
* bytes must be UTF-8 (a byte-order mark and CRLF line ends are fine);
* the C parser of ruamel.yaml (ruamel.yaml.clib) turns the text into a flat
  stream of events, and this module builds plain Python values from those
  events with an explicit stack, so nesting depth never becomes recursion and
  is refused past a bound as soon as it is reached;
* tags (``!!python/object``, ``!include``, ...) are never acted on: the tag is
  reported and the value is read as plain data;
* aliases are counted, and so is the size they would expand to, so an
  "alias bomb" is refused in microseconds instead of eating memory;
* scalars are typed by the YAML 1.2 core schema only (null, bool, int,
  float); everything else, dates included, stays text, so the data model can
  say exactly what is wrong with ``2024-02-30`` or an unquoted ``3.10``.

Every problem becomes a :class:`~thp_cli.findings.Finding`; nothing raises.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

from .findings import Finding, Severity

Path = tuple[Hashable, ...]

PRIVATE = "contact"
"""The key under which everything is personal data: no finding ever quotes what is under it."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 100
    max_nodes: int = 250_000  # values built, counting each alias as what it expands to


DEFAULT_LIMITS = Limits()


@dataclass
class SourceMap:
    """1-based positions of the keys and values of one file, by path.

    A path is the tuple of mapping keys and sequence indexes from the top of
    the document, the same tuple pydantic reports in an error's ``loc``.
    """

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)  # text of plain non-string scalars

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at ``path``, else of its nearest ancestor."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def raw_text(self, path: Path) -> str | None:
        return self.raw.get(tuple(path))


@dataclass
class Loaded:
    """What loading one file gave: its data (``None`` if unusable), positions, findings."""

    file: str
    data: Any
    source: SourceMap
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.data is not None


# YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#1032-tag-resolution
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_MAY_BE_TYPED = frozenset("~nNtTfF0123456789+-.")  # first characters of null, bool and numbers
_MAX_DIGITS = 40  # longer "numbers" stay text: nothing in the contract is that big


def resolve_plain(text: str) -> Any:
    """Type a plain (unquoted) scalar the way YAML 1.2's core schema does."""
    if text and text[0] not in _MAY_BE_TYPED:
        return text  # most scalars: names, roles, ids
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if len(text) <= _MAX_DIGITS:
        if _INT.match(text):
            return int(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
        if _FLOAT.match(text):
            return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def describe(value: Any) -> str:
    """How a value reads to an officer: 'the number 3.1', 'the text "yes"'."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the value {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


class _StopLoading(Exception):  # noqa: N818 - control flow, not an error
    """Loading of this file stops here; the finding is already recorded."""


@dataclass
class _Frame:
    value: dict[Any, Any] | list[Any]
    path: Path
    weight: int = 1
    anchor: str | None = None
    key: Any = None
    key_pending: bool = False
    key_skip: bool = False  # the pending key was refused: drop its value
    key_pos: tuple[int, int] = (1, 1)
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)
    skip: bool = False  # this whole collection is being dropped


class _Builder:
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
        self.findings.append(Finding(self.file, line, column, rule, Severity.ERROR, message))

    @staticmethod
    def pos(event: Any) -> tuple[int, int]:
        mark = event.start_mark
        return mark.line + 1, mark.column + 1

    # -- paths ------------------------------------------------------------
    def child_path(self) -> Path | None:
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
        if not self.stack:
            return False
        top = self.stack[-1]
        return top.skip or (isinstance(top.value, dict) and top.key_pending and top.key_skip)

    # -- adding values ----------------------------------------------------
    def count(self, weight: int, where: tuple[int, int]) -> None:
        self.nodes += weight
        if self.nodes > self.limits.max_nodes:
            self.report(
                *where,
                "yaml-alias-limit",
                f"this file would expand to more than {self.limits.max_nodes:,} values "
                "(aliases repeating aliases); write the values out instead of using * aliases",
            )
            raise _StopLoading

    def add(self, value: Any, weight: int, where: tuple[int, int], anchor: str | None) -> None:
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
            raise _StopLoading
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
        frame = self.stack.pop()
        was_key = self.stack and isinstance(self.stack[-1].value, dict) and not self.stack[-1].key_pending
        if was_key:
            top = self.stack[-1]
            top.key_pending, top.key_skip = True, True
            return
        self.add(frame.value, frame.weight, self.pos(event), frame.anchor)

    def alias(self, event: Any) -> None:
        where = self.pos(event)
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            self.report(
                *where,
                "yaml-alias-limit",
                f"more than {self.limits.max_aliases} aliases (*name) in one file; "
                "write the values out instead",
            )
            raise _StopLoading
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
            raise _StopLoading
        if event.anchor in self.private_anchors and not self.private():
            self.report(
                *where,
                "private-alias",
                "this alias repeats a value from contact details, which are private, in a place that "
                "is not: contact details are never shown, so write this value out instead of using an alias",
            )
            raise _StopLoading
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


_LINE_BREAK = re.compile(r"\r\n?|\n")  # YAML 1.2's line breaks, and only those


def _tab_findings(file: str, text: str) -> list[Finding]:
    found: list[Finding] = []
    if "\t" not in text:
        return found
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] and line.strip() and not line.lstrip().startswith("#"):
            found.append(
                Finding(
                    file,
                    number,
                    line.index("\t") + 1,
                    "tab-indentation",
                    Severity.ERROR,
                    "a tab is used for indentation; YAML allows only spaces: replace the tab with spaces",
                )
            )
    return found


def _parser(text: str) -> Any:
    try:
        from ruamel.yaml.clib._ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - the clib wheel is a declared dependency
        try:
            from _ruamel_yaml import CParser  # type: ignore[import-not-found]
        except ImportError:
            CParser = None  # noqa: N806
    if CParser is not None:
        return CParser(text)
    from ruamel.yaml import YAML

    _, parser = YAML(typ="safe", pure=True).get_constructor_parser(text)
    return parser


# Characters YAML 1.1 (and the ruamel C parser) take for line breaks, but YAML
# 1.2 reads as ordinary characters: https://yaml.org/spec/1.2.2/#54-line-break-characters
_OTHER_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BREAK_NAMES = {
    "\u0085": "a 'next line' character (U+0085)",
    "\u2028": "a Unicode line separator (U+2028)",
    "\u2029": "a Unicode paragraph separator (U+2029)",
}
MAX_BREAK_FINDINGS = 20  # then one finding counts the rest


def _other_break_findings(file: str, text: str) -> list[Finding]:
    """One finding per U+0085, U+2028 or U+2029, at its line and column.

    YAML 1.2 does not break lines there, but the C parser (and many editors)
    do, so ``# reviewed<U+2028>status: closed`` would read as a comment to
    one tool and as ``status: closed`` to another. Such a file means two
    things; it is reported rather than guessed at.
    """
    found: list[Finding] = []
    line, line_start, scanned = 1, 0, 0
    matches = list(_OTHER_BREAKS.finditer(text))
    for number, match in enumerate(matches):
        at = match.start()
        for line_break in _LINE_BREAK.finditer(text, scanned, at):
            line += 1
            line_start = line_break.end()
        scanned = at
        if number == MAX_BREAK_FINDINGS:
            found.append(
                Finding(
                    file,
                    line,
                    at - line_start + 1,
                    "line-separator",
                    Severity.ERROR,
                    f"{len(matches) - number} more line or paragraph separators follow from here; "
                    "replace each with a real line break or a space",
                )
            )
            break
        found.append(
            Finding(
                file,
                line,
                at - line_start + 1,
                "line-separator",
                Severity.ERROR,
                f"{_BREAK_NAMES[match.group()]} is here; YAML 1.2 does not start a new line at it, "
                "but some tools do, so the file could be read two ways: "
                "replace it with a real line break or a space",
            )
        )
    return found


def load_text(file: str, text: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one YAML document from text; ``file`` names it in findings.

    Most files are plain, valid data: they take the lean path, which builds
    the values from the parser's events without recording positions, and
    positions are found only if something asks for one (a finding in the
    file). Anything out of the ordinary (a tab, a tag, an anchor or alias,
    a duplicate or non-text key, deep nesting, a second document, a syntax
    error, a top that is not a mapping) takes the full path, which reports it.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if _OTHER_BREAKS.search(text):
        # The file's data is not used: it could be read two ways. Its other
        # problems are still found, reading each separator as a space (which
        # keeps every line and column where YAML 1.2 puts it).
        breaks = _other_break_findings(file, text)
        rest = _full(file, _OTHER_BREAKS.sub(" ", text), limits)
        return Loaded(file, None, rest.source, breaks + rest.findings)
    if "\t" not in text:
        data = _lean(text, limits)
        if data is not None:
            return Loaded(file, data, _LazySourceMap(file, text, limits), [])
    return _full(file, text, limits)


class _LazySourceMap(SourceMap):
    """Positions found on first use, by the full path, for a file the lean path read."""

    def __init__(self, file: str, text: str, limits: Limits) -> None:
        super().__init__()
        self._pending: tuple[str, str, Limits] | None = (file, text, limits)

    def _ensure(self) -> None:
        if self._pending is not None:
            file, text, limits = self._pending
            self._pending = None
            full = _full(file, text, limits).source
            self.values, self.keys, self.raw = full.values, full.keys, full.raw

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        self._ensure()
        return super().at(path, key=key)

    def raw_text(self, path: Path) -> str | None:
        self._ensure()
        return super().raw_text(path)


class _NoKey:
    pass


_NO_KEY = _NoKey()


def _lean(text: str, limits: Limits) -> dict[str, Any] | None:
    """The file's values, or None if it needs the full path (see load_text)."""
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    stack: list[Any] = []
    pending: list[Any] = []  # per open mapping: the key waiting for its value
    root: Any = _NO_KEY
    documents = 0
    try:
        parser = _parser(text)
        check, get = parser.check_event, parser.get_event
        while check():
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    return None
                if not event.style and "# " in event.value:
                    return None
                value: Any = event.value if event.style else resolve_plain(event.value)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= limits.max_depth:
                    return None
                stack.append({} if kind is MappingStartEvent else [])
                pending.append(_NO_KEY)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = stack.pop()
                pending.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
                continue
            elif kind is AliasEvent:
                return None
            else:
                continue
            if not stack:
                root = value
                continue
            top = stack[-1]
            if type(top) is list:
                top.append(value)
            elif pending[-1] is _NO_KEY:
                if type(value) is not str or value in top:
                    return None
                pending[-1] = value
            else:
                top[pending[-1]] = value
                pending[-1] = _NO_KEY
    except Exception:  # noqa: BLE001 - any trouble: the full path reports it properly
        return None
    return root if type(root) is dict else None


def _full(file: str, text: str, limits: Limits) -> Loaded:
    """Load with positions and every check; problems become findings."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    tabs = _tab_findings(file, text)
    builder = _Builder(file, limits)
    try:
        parser = _parser(text)
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, ScalarEvent):
                builder.scalar(event)
            elif isinstance(event, MappingStartEvent):
                builder.start(event, {})
            elif isinstance(event, SequenceStartEvent):
                builder.start(event, [])
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                builder.end(event)
            elif isinstance(event, AliasEvent):
                builder.alias(event)
            elif isinstance(event, DocumentStartEvent):
                builder.documents += 1
                if builder.documents > 1:
                    builder.report(
                        *builder.pos(event),
                        "multiple-documents",
                        "a second YAML document starts here (after ---); "
                        "each file holds one document: move it to a file of its own",
                    )
                    raise _StopLoading
        builder.report_unused()
    except _StopLoading:
        pass
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if mark is None or not any(t.line == mark.line + 1 for t in tabs):
            try:
                line, column, message = explain_syntax(text, error)
            except Exception:  # noqa: BLE001 - the plain words are a help; the finding must stand
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                message = "this is not valid YAML: check the indentation, the colons and the quotes here"
            builder.report(line, column, "yaml-syntax", message)
        builder.have_root = False
    except (YAMLError, ValueError, MemoryError, RecursionError) as error:
        builder.report(1, 1, "yaml-syntax", f"this is not valid YAML: {error}")
        builder.have_root = False

    findings = tabs + builder.findings
    data: Any = builder.root if builder.have_root else None
    if not findings and not builder.have_root and builder.documents == 0:
        findings.append(
            Finding(
                file,
                1,
                1,
                "empty-file",
                Severity.ERROR,
                "the file is empty; it should hold a mapping of keys and values, or be deleted",
            )
        )
    elif builder.have_root and not isinstance(data, dict):
        hint = ""
        if isinstance(data, str) and _MISSING_SPACE.search(data):
            hint = "; put a space after each ':' that ends a key, like name: value"
        findings.append(
            Finding(
                file,
                *builder.source.at(()),
                "not-a-mapping",
                Severity.ERROR,
                f"the file holds {describe(data)}; it should hold a mapping of keys and values "
                f"(key: value){hint}",
            )
        )
        data = None
    return Loaded(file, data, builder.source, findings)


FileKind = Literal["file", "folder", "link", "other"]

LINK_MESSAGE = (
    "this is a symbolic link; thp reads only regular files inside data/, "
    "so a link cannot pull in a file from elsewhere: replace it with the file"
)


def refused(file: str, rule: str, message: str, line: int = 1, column: int = 1) -> Loaded:
    """A file that could not be loaded at all, with the one finding that says why."""
    return Loaded(file, None, SourceMap(), [Finding(file, line, column, rule, Severity.ERROR, message)])


def load_entry(
    file: str, kind: FileKind, size: int, read: Callable[[int], bytes], limits: Limits = DEFAULT_LIMITS
) -> Loaded:
    """Load one file from wherever it is stored (disk, a git tree).

    ``kind`` and ``size`` are known before a byte is read, so a symbolic link
    (on disk or git's mode 120000) is refused without following it, and a file
    past the size cap without reading it. ``read(n)`` returns at most ``n``
    bytes of the file; an ``OSError`` from it is a finding.
    """
    if kind == "link":
        return refused(file, "unreadable-file", LINK_MESSAGE)
    if kind == "folder":
        suffix = os.path.splitext(file)[1] or ".yaml"
        return refused(
            file,
            "unreadable-file",
            f"this is a folder, but its name ends in {suffix} like a data file; thp reads only files "
            "here: move the folder out of data/ or rename it",
        )
    if kind != "file":
        return refused(file, "unreadable-file", not_regular_message("a named pipe, socket or device"))
    if size > limits.max_bytes:
        return _too_large(file, size, limits)
    try:
        raw = read(limits.max_bytes + 1)
    except NotRegularFileError as error:
        message = error.strerror or not_regular_message("something other than a file")
        return refused(file, "unreadable-file", message)
    except OSError as error:
        return refused(file, "unreadable-file", f"the file cannot be read: {error.strerror or error}")
    if len(raw) > limits.max_bytes:
        return refused(file, "file-too-large", "the file grew past the size limit while being read")
    return load_bytes(file, raw, limits)


def _too_large(file: str, size: int, limits: Limits) -> Loaded:
    return refused(
        file,
        "file-too-large",
        f"the file is {size / 1048576:.1f} MiB; thp reads files up to "
        f"{limits.max_bytes / 1048576:.0f} MiB: split it or remove what does not belong",
    )


def load_bytes(file: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one file's bytes: the size cap, then UTF-8 (:func:`thp_cli.textbytes.sniff`
    says what else it is, and where), then :func:`load_text`."""
    from .textbytes import sniff

    if len(raw) > limits.max_bytes:
        return _too_large(file, len(raw), limits)
    trouble = sniff(raw)
    if trouble is not None:
        return refused(
            file,
            "invalid-encoding",
            f"the file is not UTF-8 text: {trouble.here}; save it as UTF-8 in your editor",
            trouble.line,
            trouble.column,
        )
    return load_text(file, raw.decode("utf-8"), limits)


class NotRegularFileError(OSError):
    """What was opened is not a regular file: a FIFO, a socket, a device, a folder, a link.

    ``mode`` is the ``st_mode`` of what was opened, where it was opened at all.
    """

    mode: int | None = None


def what_it_is(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words, for a refusal."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "something other than a file"


def not_regular_message(what: str) -> str:
    return (
        f"this is {what}, not a regular file; thp reads only regular files inside data/: "
        "replace it with the file or remove it"
    )


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` bytes of a file, never through a symbolic link, never blocking.

    What is opened is checked, not just what the path named a moment before:
    the file is opened without following a link and without waiting (so a
    named pipe or a device swapped in opens at once instead of hanging), and
    the open descriptor must be a regular file, else :class:`NotRegularFileError`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFileError(error.errno, not_regular_message("a socket or a device")) from None
        if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise NotRegularFileError(error.errno, LINK_MESSAGE) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            refusal = NotRegularFileError(errno.EINVAL, not_regular_message(what_it_is(mode)))
            refusal.mode = mode
            raise refusal
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        return handle.read(limit)


def disk_kind(info: os.stat_result) -> FileKind:
    if stat.S_ISLNK(info.st_mode):
        return "link"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def load_file(path: str | os.PathLike[str], file: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one YAML file from disk, refusing it before parsing if too large."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return refused(file, "unreadable-file", f"the file cannot be read: {error.strerror or error}")
    return load_entry(file, disk_kind(info), info.st_size, lambda n: read_regular(path, n), limits)


# -- syntax errors in plain words ---------------------------------------------
# The parser says what it expected ("did not find expected key"); an officer
# needs to know what to change. Each common slip made by hand is recognised
# from the parser's complaint and the lines around it, and said in plain words
# at the place the fix goes. Values under contact: are never quoted.

_LEAD = re.compile(r"[ ]*(?:-[ ]+)*")  # indentation and list dashes before a line's key or value
_MISSING_SPACE = re.compile(r"(?<![\s:])(:)(?=[^\s/:\\])")  # key:value, but not https:// or 10:30
_DASH_NO_SPACE = re.compile(r"[ ]*-(?=[^\s\-0-9.])")  # -role: Chair, not --- or -1


def _parts(line: str) -> tuple[str | None, int]:
    """A line's key (None if it has none) and the 0-based column its value starts at."""
    start = _LEAD.match(line).end()  # type: ignore[union-attr]
    rest = line[start:]
    if rest[:1] in ("'", '"', "[", "{"):
        return None, start
    colon = rest.find(": ")
    if colon < 0 and rest.rstrip().endswith(":"):
        colon = len(rest.rstrip()) - 1
    if colon <= 0 or "#" in rest[:colon]:
        return None, start
    value = start + colon + 1
    while value < len(line) and line[value] == " ":
        value += 1
    return rest[:colon].strip(), value


def _depth(line: str) -> int:
    return _LEAD.match(line).end()  # type: ignore[union-attr]


def _meaningful(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _under_contact(lines: list[str], index: int) -> bool:
    """Whether line ``index`` (0-based) is inside a ``contact:`` mapping: its values are private."""
    key, _ = _parts(lines[index])
    if key == PRIVATE or f"{PRIVATE}:" in lines[index]:
        return True
    depth = _depth(lines[index])
    for previous in reversed(lines[:index]):
        if not _meaningful(previous) or _depth(previous) >= depth:
            continue
        depth = _depth(previous)
        if _parts(previous)[0] == PRIVATE:
            return True
        if depth == 0:
            break
    return False


def _closing(line: str, start: int) -> int:
    """Index of the quote closing the one at ``start`` on this line, or -1."""
    quote, at = line[start], start + 1
    while at < len(line):
        char = line[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and line[at + 1 : at + 2] == "'":
                at += 2
                continue
            return at
        at += 1
    return -1


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """The first quote opening a value on lines 1..``upto`` that is never properly closed.

    A quoted value may run over several lines; it is "never closed" when no
    later line ends it, or when what ends it is really the opening quote of
    another value (text follows it on that line).
    """
    number = 0
    while number < min(upto, len(lines)):
        line = lines[number]
        _, start = _parts(line)
        if start >= len(line) or line[start] not in "'\"" or _closing(line, start) >= 0:
            number += 1
            continue
        quote = line[start]
        for later in range(number + 1, len(lines)):
            at = _closing(quote + lines[later], 0) - 1  # as if the value went on from here
            if at >= 0:
                after = lines[later][at + 1 :].strip()
                if after and not after.startswith(("#", ",", "]", "}")):
                    return number + 1, start + 1, quote
                number = later + 1
                break
        else:
            return number + 1, start + 1, quote
    return None


def _quoted(value: str) -> str:
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


_NEEDS_QUOTES = re.compile(r"""\A[-?:,\[\]{}#&*!|>'"%@`]|: |\s#|:\Z""")


def _write(lines: list[str], index: int, key: str | None, value: str, *, quote: bool = True) -> str:
    """``key: "value"`` as the fix to write, without the value if it is private.

    With ``quote=False`` the value is quoted only if YAML needs it, so that a
    number stays a number.
    """
    if _under_contact(lines, index):
        shown = '"..."'
    else:
        shown = _quoted(value) if quote or _NEEDS_QUOTES.search(value) else value
    return f"{key}: {shown}" if key else shown


def _value_text(line: str, start: int) -> str:
    value = line[start:]
    comment = re.search(r"\s#", value)
    return (value[: comment.start()] if comment else value).strip()


def explain_syntax(text: str, error: Any) -> tuple[int, int, str]:
    """Line, column and plain words for a YAML syntax error: what is wrong and what to do."""
    lines = _LINE_BREAK.split(text)
    problem = (getattr(error, "problem", None) or "").strip()
    context = (getattr(error, "context", None) or "").strip()
    mark = error.problem_mark or error.context_mark
    opened = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    index = min(line, len(lines)) - 1
    here = lines[index] if lines else ""
    char = here[column - 1 : column]

    def quote_message(at: tuple[int, int, str]) -> tuple[int, int, str]:
        number, col, quote = at
        name = 'double quote (")' if quote == '"' else "single quote (')"
        return (
            number,
            col,
            f"this {name} opens a value but nothing closes it: add the closing {quote} at the end of "
            f"the value, on this line",
        )

    # an unclosed quote is the cause of whatever the parser met after it
    if "quoted scalar" in context and opened is not None:
        start_line = lines[opened.line] if opened.line < len(lines) else ""
        quote = start_line[opened.column : opened.column + 1] or '"'
        return quote_message((opened.line + 1, opened.column + 1, quote))
    unclosed = _unclosed_quote(lines, line)
    if unclosed is not None:
        return quote_message(unclosed)

    key, start = _parts(here)
    # "Health" board, 'Children's board': text after the closing quote
    if start < len(here) and here[start] in "'\"" and column - 1 > _closing(here, start) >= 0:
        apostrophe = " (inside single quotes, write an apostrophe as two: '')" if here[start] == "'" else ""
        return (
            line,
            start + 1,
            "the quotes here end before the value does, so the rest of the line makes no sense to YAML: "
            f"put the whole value in one pair of quotes{apostrophe}",
        )

    if "could not find expected ':'" in problem and opened is not None:
        index = opened.line
        here = lines[index] if index < len(lines) else ""
        colon = _MISSING_SPACE.search(here)
        if colon is not None:
            key = here[_depth(here) : colon.start()].strip()
            return (
                index + 1,
                colon.start() + 2,
                f"put a space after the ':' here: YAML reads '{key}:' as a key only when a space follows, "
                f"like {_write(lines, index, key, _value_text(here, colon.end()), quote=False)}",
            )
        return (
            index + 1,
            _depth(here) + 1,
            "this line has no 'key: value' and is not a list item ('- ...'): add the key and ': ' before "
            "the value, or, if it goes on from the line above, indent it further than that line's key",
        )

    if problem.startswith("mapping values are not allowed"):
        if key is not None and column - 1 >= start:  # a second ': ' inside the value
            value = _value_text(here, start)
            noun = f"a {key}" if key.isalpha() and key.islower() else f"the value of {key}"
            how = "contains ': '" if ": " in value else "ends with ':'"
            return (
                line,
                start + 1,
                f"{noun} that {how} must be in quotes, or YAML reads the ':' as the start of "
                f"another key: write {_write(lines, index, key, value)}",
            )
        if key is None and column - 1 > start:  # a list item with ': ' in it, after a key-like start
            return (
                line,
                start + 1,
                "a value that contains ': ' must be in quotes: put the whole value in quotes",
            )
        above = next((n for n in range(index - 1, -1, -1) if _meaningful(lines[n])), None)
        if above is not None:
            colon = _MISSING_SPACE.search(lines[above])
            if colon is not None and _parts(lines[above])[0] is None:
                key = lines[above][_depth(lines[above]) : colon.start()].strip()
                value = _value_text(lines[above], colon.end())
                return (
                    above + 1,
                    colon.start() + 2,
                    f"put a space after the ':' here: YAML reads '{key}:' as a key only when a space "
                    f"follows, like {_write(lines, above, key, value, quote=False)}",
                )
        return (
            line,
            _depth(here) + 1,
            "this line is indented further than the line above it, so YAML cannot tell what it belongs to: "
            "line its key up with the other keys of the same record",
        )

    if context.startswith("while scanning an anchor") or context.startswith("while scanning an alias"):
        at = opened if opened is not None else mark
        sign = "&" if "anchor" in context else "*"
        return (
            at.line + 1,
            at.column + 1,
            f"a value that starts with '{sign}' must be in quotes: YAML reads {sign} at the start of a "
            f"value as an {'anchor' if sign == '&' else 'alias'}; "
            f'put the whole value in quotes, like "{sign}..."',
        )
    if context.startswith("while scanning a directive"):
        return (
            opened.line + 1 if opened else line,
            1,
            "a line that starts with '%' must be in quotes: YAML reads % at the start of a line as a "
            'directive; put the whole value in quotes, like "%..."',
        )
    if "cannot start any token" in problem and char:
        shown = "a tab" if char == "\t" else f"'{char}'"
        return (
            line,
            column,
            f"a value that starts with {shown} must be in quotes: YAML keeps {shown} for itself; "
            f'put the whole value in quotes, like "{char.strip()}..."',
        )
    if "block scalar" in context and opened is not None:
        sign = lines[opened.line][opened.column : opened.column + 1] if opened.line < len(lines) else "|"
        return (
            opened.line + 1,
            opened.column + 1,
            f"a value that starts with '{sign}' must be in quotes: YAML reads {sign} as the start of a "
            f'block of text on the lines below; put the whole value in quotes, like "{sign}..."',
        )
    if problem.startswith("found unexpected ':'") and "plain scalar" in context:
        stop = column - 1  # the value starts after the last '[', '{', ',' or ': ' before the colon
        start = max(*(here.rfind(sign, 0, stop) for sign in "[{,"), here.rfind(": ", 0, stop) + 1)
        while 0 <= start + 1 < stop and here[start + 1] == " ":
            start += 1
        at = start + 2 if start >= 0 else column
        return (
            line,
            at,
            "a value inside [ ] or { } that contains ':' must be in quotes (a link too): "
            "put the whole value in quotes, like 'https://...'",
        )
    for flow, (left, right, noun) in {
        "flow sequence": ("[", "]", "list"),
        "flow mapping": ("{", "}", "mapping"),
    }.items():
        if flow in context and opened is not None:
            example = "{key: value, key: value}" if left == "{" else "[first, second]"
            return (
                opened.line + 1,
                opened.column + 1,
                f"this '{left}' starts a {noun} that is not closed where it should be: end it with "
                f"'{right}' and separate its entries with ', ', like {example}",
            )

    # an item whose '-' has no space after it reads as a key, and the list breaks
    for number in range(index, -1, -1):
        candidate = lines[number]
        if _DASH_NO_SPACE.match(candidate) and not candidate.lstrip().startswith("---"):
            dash = candidate.index("-")
            return (
                number + 1,
                dash + 1,
                "put a space after the '-' here: a list item is '- ' then the value, like "
                f"- {candidate[dash + 1 :].strip() if not _under_contact(lines, number) else '...'}",
            )
        if _meaningful(candidate) and _depth(candidate) == 0 and number < index:
            break

    if "expected '-' indicator" in problem and opened is not None:
        return (
            line,
            here.index("-") + 1 if "-" in here[: _depth(here)] else column,
            f"this line is indented differently from the list items above it, whose '-' is in column "
            f"{opened.column + 1}: line its '-' up with theirs",
        )
    if "expected <document start>" in problem:
        first = next((n for n, text in enumerate(lines) if _meaningful(text)), 0)
        if _depth(lines[first]) > 0 and not lines[first].lstrip().startswith("-"):
            return (
                first + 1,
                1,
                f"the first key is indented by {_depth(lines[first])} spaces: the keys at the top of a file "
                "start at the beginning of the line, with no spaces before them",
            )
    if "expected key" in problem or "expected <block end>" in problem or "document start" in problem:
        return (
            line,
            column,
            "this line is indented differently from the lines above it, so YAML cannot tell what it "
            "belongs to: line it up with the other keys (or the '-' of the other list items) of the same "
            "record",
        )
    said = f"{problem} ({context})" if context else problem or str(error)
    return (
        line,
        column,
        f"this is not valid YAML ({said}): check the indentation, the colons and the quotes on this line "
        "and the line above",
    )
