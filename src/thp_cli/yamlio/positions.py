"""Where the keys and values of a file the lean path read were written, found only when asked.

The lean path (:func:`thp_cli.yamlio.load.load_text`) builds a file's values
without recording where anything is: most files never need a position, and
keeping one for every key and value of every file would cost time and memory
in every run (measured at 2,000 boards: recording them as the lean path goes
and keeping each file's data to match them against cost 5 to 8% more
processor time and 35 MB more memory when nothing needed one).

When a finding asks for a position in such a file, a :class:`Reader` reads
the file's events again, building no values, and records only where each key
and value starts and how each plain scalar that is not a string was written
(``3.10`` for the number 3.1), and only as far into the file as the position
asked for: a finding near the top of a file costs a fraction of reading it.
What it records is exactly what the full path (:class:`~.builder.Builder`)
records for the same file. A file the lean path read has no anchors,
aliases, tags, duplicate or non-text keys and one document, which is what
makes events enough.
"""

from __future__ import annotations

from typing import Any

from .keypath import KeyPath, SourceMap
from .scalars import MAY_BE_TYPED, resolve_plain


class Reader:
    """Reads the events of ``parser`` (a file the lean path read) into ``source``, on demand."""

    def __init__(self, parser: Any, source: SourceMap) -> None:
        self.parser: Any = parser
        self.source = source
        # per open mapping or list: its path, whether a mapping, and the path of its value next
        # (a mapping's: () while its next key is awaited) or the index of its next item
        self.frames: list[list[Any]] = []

    @property
    def done(self) -> bool:
        """Whether the whole file has been read."""
        return self.parser is None

    def read(self, path: KeyPath | None = None, *, key: bool = False) -> None:
        """Read on until the value at ``path`` (its key, if ``key``) is recorded, or to the end
        (``path`` None: the whole file). A key comes before its value, and a value before
        anything inside it, so whatever a look-up of ``path`` would consult is then known."""
        from ruamel.yaml.events import (
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        if self.parser is None:
            return
        values, keys, raw, frames = self.source.values, self.source.keys, self.source.raw, self.frames
        check, get = self.parser.check_event, self.parser.get_event
        while check():
            event = get()
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                start = event.start_mark
                where = (start.line + 1, start.column + 1)
                here: KeyPath = ()
                if frames:
                    top = frames[-1]
                    if not top[1]:
                        here = (*top[0], top[2])
                        top[2] += 1
                    elif not top[2]:  # a key: always text in a file the lean path read
                        here = top[2] = (*top[0], event.value)
                        keys[here] = where
                        if key and here == path:
                            return
                        continue
                    else:
                        here, top[2] = top[2], ()
                values[here] = where
                if kind is ScalarEvent:
                    text = event.value
                    typed = not event.style and (not text or text[0] in MAY_BE_TYPED)
                    if typed and type(resolve_plain(text)) is not str:
                        raw[here] = text
                else:
                    frames.append([here, kind is MappingStartEvent, () if kind is MappingStartEvent else 0])
                if here == path:
                    return
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frames.pop()
        self.parser = None
        self.frames = []


def source_map(parser: Any) -> SourceMap:
    """Every position in the file ``parser`` reads (a file the lean path read)."""
    source = SourceMap()
    Reader(parser, source).read()
    return source
