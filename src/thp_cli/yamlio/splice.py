"""Text edits that keep every other byte: a file's text, splices of it, whole lines in and out.

A file is decoded once (:class:`Document`: its byte-order mark and line ending
noted) and changed by :class:`Splice` values applied in one pass; inserting and
deleting whole lines are each other's inverse, end of file without a line ending
included. :class:`Unusual` is how any step says the text is laid out in a way
thp does not edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ThpError

_BOM = b"\xef\xbb\xbf"


# -- the file as text -------------------------------------------------------------------
@dataclass(frozen=True)
class Document:
    """A file's text: its body (without a byte-order mark), whether it had one, its line ending."""

    body: str
    bom: bool = False
    eol: str = "\n"

    @classmethod
    def decode(cls, raw: bytes, file: str) -> Document:
        """The file's bytes as text; ThpError if they are not UTF-8 or have a lone carriage return."""
        bom = raw.startswith(_BOM)
        try:
            body = raw[len(_BOM) if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            raise ThpError(f"{file} is not UTF-8; save it as UTF-8 and try again") from None
        if re.search("\r(?!\n)", body):
            raise ThpError(
                f"{file} has line endings thp does not edit (a carriage return on its own); "
                "save it with LF or CRLF line endings"
            )
        first = body.find("\n")
        return cls(body, bom, "\r\n" if first > 0 and body[first - 1] == "\r" else "\n")

    def encode(self, body: str) -> bytes:
        """``body`` as the file's bytes, with its byte-order mark if it had one."""
        return (_BOM if self.bom else b"") + body.encode("utf-8")


def line_start(text: str, index: int) -> int:
    """The index of the start of the line holding ``index``."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The index just after the line ending of the line holding ``index`` (or the end of the text)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``new``; inserts at one place keep the order they were made in."""

    start: int
    end: int
    new: str


def apply(text: str, splices: Iterable[Splice]) -> str:
    """``text`` with every splice made at once; :class:`Unusual` if two of them overlap."""
    ordered = sorted(splices, key=lambda s: (s.start, s.end))
    out: list[str] = []
    at = 0
    for splice in ordered:
        if splice.start < at:
            raise Unusual("two changes overlap")
        out += [text[at : splice.start], splice.new]
        at = splice.end
    out.append(text[at:])
    return "".join(out)


def insert_lines(text: str, at: int, lines: list[str], eol: str) -> Splice:
    """Insert whole lines at ``at``, a line start or the end of the text.

    At the end of a text whose last line has no line ending, the new lines
    go after a new line ending and the last of them gets none, so the file
    keeps ending the way it did.
    """
    if at == len(text) and text and not text.endswith("\n"):
        return Splice(at, at, eol + eol.join(lines))
    return Splice(at, at, "".join(line + eol for line in lines))


def document_end(text: str) -> int:
    """Where a new top-level key goes: the end of the text, or, in a document closed by an end
    marker (``...``), the start of the marker's line, so that the key stays inside the document."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import DocumentEndToken

    try:
        for token in YAML(typ="rt", pure=True).scan(text):
            if isinstance(token, DocumentEndToken):
                return line_start(text, token.start_mark.index)
    except YAMLError as error:
        raise Unusual(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    return len(text)


def delete_lines(text: str, start: int, end: int) -> Splice:
    """Delete the lines from ``start`` (a line start) to ``end`` (a line end), the inverse of
    :func:`insert_lines`: at the end of a text without a final line ending, the line ending
    before ``start`` goes too."""
    if end == len(text) and not text.endswith("\n") and start > 0:
        start -= 2 if text[start - 2 : start] == "\r\n" else 1
    return Splice(start, end, "")


class Unusual(Exception):  # noqa: N818 - a reason to refuse, caught where the edit is made
    """The file is laid out in a way this module does not edit; the message says how."""
