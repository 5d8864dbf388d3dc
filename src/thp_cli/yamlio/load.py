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
What a file may be is :mod:`.bounds`; the values are built by :mod:`.builder`;
syntax errors are put in plain words by :mod:`.syntax`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity
from .bounds import (
    DEFAULT_LIMITS,
    FileKind,
    Limits,
    NotRegularFileError,
    disk_kind,
    kind_refusal,
    not_regular_message,
    read_regular,
    too_large_message,
)
from .builder import Builder, StopLoading
from .keypath import KeyPath, SourceMap
from .positions import Reader
from .scalars import MAY_BE_TYPED, describe, resolve_plain
from .syntax import explain_syntax, not_a_mapping_hint
from .whitespace import OTHER_BREAKS, other_break_findings, tab_findings


@dataclass
class Loaded:
    """What loading one file gave: its data (``None`` if unusable), positions, findings."""

    file: str
    data: Any
    source: SourceMap
    findings: list[Finding]
    ascii: bool = False
    """True when every text in ``data`` is known to be ASCII: read from ASCII text with no escapes."""

    @property
    def ok(self) -> bool:
        """Whether the file's data can be used."""
        return self.data is not None


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
    if OTHER_BREAKS.search(text):
        # The file's data is not used: it could be read two ways. Its other
        # problems are still found, reading each separator as a space (which
        # keeps every line and column where YAML 1.2 puts it).
        breaks = other_break_findings(file, text)
        rest = _full(file, OTHER_BREAKS.sub(" ", text), limits)
        return Loaded(file, None, rest.source, breaks + rest.findings)
    if "\t" not in text:
        data = _lean(text, limits)
        if data is not None:
            plain = text.isascii() and "\\" not in text  # no escape can make a character past ASCII
            return Loaded(file, data, _LazySourceMap(file, text, limits), [], plain)
    return _full(file, text, limits)


class _LazySourceMap(SourceMap):
    """Positions found when asked for (see :mod:`.positions`), for a file the lean path read
    (from its text, or from its bytes: UTF-8, which the lean path has read).

    The first look-up reads the file only as far as the position asked for, and lets the
    parser go (kept, it would hold some 20 kB a file with findings); a later look-up of
    something not read yet reads the whole file. So a file costs at most two readings, and
    what it keeps is what was read."""

    def __init__(self, file: str, text: str | bytes, limits: Limits) -> None:
        super().__init__()
        self._pending: tuple[str, str | bytes, Limits] | None = (file, text, limits)
        self._partly = False  # read up to some position, not to the end

    def _read(self, path: KeyPath, *, key: bool = False) -> None:
        """Read the file until what a look-up of ``path`` consults is known. A value read is
        read right, and its key (if any) before it: found, they are the answer."""
        if self._pending is None or path in self.values or (key and path in self.keys):
            return
        file, text, limits = self._pending
        if isinstance(text, bytes):
            text = text.decode("utf-8").removeprefix("\ufeff")
            self._pending = (file, text, limits)
        try:
            reader = Reader(_parser(text), self)
            reader.read(None if self._partly else path, key=key)
        except Exception:  # noqa: BLE001 - the lean path read it, so never; if so, the full path says why
            full = _full(file, text, limits).source
            self.values, self.keys, self.raw = full.values, full.keys, full.raw
            self._pending = None
            return
        self._partly = True
        if reader.done:
            self._pending = None

    def at(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        path = tuple(path)
        self._read(path, key=key)
        return super().at(path, key=key)

    def raw_text(self, path: KeyPath) -> str | None:
        path = tuple(path)
        self._read(path)
        return super().raw_text(path)


Lean = tuple[dict[str, Any], bool]
"""What the lean path read from a file, as sent between processes: its data, and whether
all its text is ASCII (see :attr:`Loaded.ascii`). Positions are not sent: the bytes give them."""


def lean_part(loaded: Loaded) -> Loaded | Lean:
    """``loaded`` as cheaply sent to another process that has the file's bytes: a file the
    lean path read without its text, any other whole (see :func:`from_lean`)."""
    source = loaded.source
    if isinstance(source, _LazySourceMap) and not loaded.findings:  # the bytes give its positions
        return loaded.data, loaded.ascii
    return loaded


def is_lean_part(value: object) -> bool:
    """Whether ``value`` is something :func:`lean_part` makes (read back from elsewhere)."""
    if isinstance(value, Loaded):
        return True
    return type(value) is tuple and len(value) == 2 and type(value[0]) is dict and type(value[1]) is bool


def from_lean(file: str, raw: bytes, sent: Loaded | Lean, limits: Limits) -> Loaded:
    """The :class:`Loaded` that :func:`lean_part` sent, for ``file`` and its bytes ``raw``."""
    if isinstance(sent, Loaded):
        return sent
    data, ascii_only = sent
    return Loaded(file, data, _LazySourceMap(file, raw, limits), [], ascii_only)


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
            if kind is ScalarEvent:  # ctag: the tag as given, without the tag property's call
                if event.anchor is not None or (event.ctag is not None and str(event.ctag) != "!"):
                    return None
                value: Any = event.value
                if event.style:
                    pass
                elif "# " in value:
                    return None
                elif not value or value[0] in MAY_BE_TYPED:  # most plain scalars (keys, ids) are text
                    value = resolve_plain(value)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.ctag is not None or len(stack) >= limits.max_depth:
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

    tabs = tab_findings(file, text)
    builder = Builder(file, limits)
    try:
        _build(builder, _parser(text))
        builder.report_unused()
    except StopLoading:
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
    return _whole(file, builder, tabs + builder.findings)


def _build(builder: Builder, parser: Any) -> None:
    """Feed every event of ``parser`` to ``builder``; a second document stops loading."""
    from ruamel.yaml import events

    while parser.check_event():
        event = parser.get_event()
        if isinstance(event, events.ScalarEvent):
            builder.scalar(event)
        elif isinstance(event, events.MappingStartEvent):
            builder.start(event, {})
        elif isinstance(event, events.SequenceStartEvent):
            builder.start(event, [])
        elif isinstance(event, (events.MappingEndEvent, events.SequenceEndEvent)):
            builder.end(event)
        elif isinstance(event, events.AliasEvent):
            builder.alias(event)
        elif isinstance(event, events.DocumentStartEvent):
            builder.documents += 1
            if builder.documents > 1:
                builder.report(
                    *builder.pos(event),
                    "multiple-documents",
                    "a second YAML document starts here (after ---); "
                    "each file holds one document: move it to a file of its own",
                )
                raise StopLoading


def _whole(file: str, builder: Builder, findings: list[Finding]) -> Loaded:
    """What the builder made of the file, refused if empty or not a mapping at the top."""
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
        findings.append(
            Finding(
                file,
                *builder.source.at(()),
                "not-a-mapping",
                Severity.ERROR,
                f"the file holds {describe(data)}; it should hold a mapping of keys and values "
                f"(key: value){not_a_mapping_hint(data)}",
            )
        )
        data = None
    return Loaded(file, data, builder.source, findings)


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
    refusal = kind_refusal(file, kind)
    if refusal is not None:
        return refused(file, "unreadable-file", refusal)
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
    return refused(file, "file-too-large", too_large_message(size, limits))


def load_bytes(file: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one file's bytes: the size cap, then UTF-8 (:func:`thp_cli.yamlio.textbytes.sniff`
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


def load_file(path: str | os.PathLike[str], file: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one YAML file from disk, refusing it before parsing if too large."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return refused(file, "unreadable-file", f"the file cannot be read: {error.strerror or error}")
    return load_entry(file, disk_kind(info), info.st_size, lambda n: read_regular(path, n), limits)
