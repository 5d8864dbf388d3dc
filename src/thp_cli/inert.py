"""Text made inert where it leaves thp.

Values from the data, from options and from git reach a terminal, a CI log,
a spreadsheet or an XML file. Here, once, is what each of those may not be
given raw:

- :func:`escape`: control characters (C0, DEL, C1), bidirectional and
  zero-width controls, line and paragraph separators and lone surrogates (a
  file name that is not UTF-8) are shown as ``\\uXXXX``. A terminal then
  never runs an escape sequence from the data, and any stream can encode the
  text. Inside a JSON string ``\\uXXXX`` is the same character, so JSON keeps
  its meaning.
- :func:`one_line`: a value quoted in a message or hint is one line, whatever it holds.
- :func:`message`: a message keeps only the line breaks thp put in it.
- :func:`lines`: a whole output keeps its layout (new lines, tabs, carriage returns) but
  no line can be read as a GitHub Actions workflow command (``::error ...``
  at the start of a line, ``##[error]`` anywhere).
- :func:`for_file`: text a file can hold as UTF-8 (lone surrogates escaped).
- :func:`xml_text`: text XML 1.0 allows (forbidden characters become U+FFFD).
- :func:`markup_text`: text an HTML page and its inline SVG may hold (XML's forbidden
  characters, DEL, C1 controls and noncharacters become U+FFFD; bidi overrides are
  shown as ``\\uXXXX``).
- :func:`protect_streams`: stdout and stderr never fail on a character their
  encoding lacks (``PYTHONIOENCODING=ascii``): it is written ``\\uXXXX``.
"""

from __future__ import annotations

import contextlib
import re
import sys

# The characters that may steer a terminal, a log viewer or a reader's eye, and lone
# surrogates. Tab (\t), line feed (\n) and carriage return (\r) are dealt with by each function.
_UNSAFE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 and C1 controls, DEL (U+0085 is a line break in YAML 1.1)
    # bidirectional controls and the zero-width space; the zero-width non-joiner and joiner
    # (U+200C, U+200D) are kept: Bengali, Persian and emoji spell words with them
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates: bytes of a file name that is not UTF-8
)
# A value also has no byte-order mark (zero width); a whole output may start with one (CSV for Excel).
_ANY = re.compile(f"[\t\n\r\ufeff{_UNSAFE}]")
_ANY_BUT_BYTES = re.compile(f"[\t\n\r\ufeff{_UNSAFE.replace(chr(0xD800) + '-' + chr(0xDFFF), '')}]")
_LAYOUT = re.compile(f"[{_UNSAFE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A workflow command: "::name ...::" at the start of a line (the runner skips leading
# white space, and ends a line at a carriage return too), or the older "##[name]" anywhere.
_COMMAND_START = re.compile(r"(?:^|(?<=\r))([^\S\r\n]*):", re.MULTILINE)
_OLD_COMMAND = "##["
# XML 1.0 allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and the planes above.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def _code(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape(text: str, *, keep_bytes: bool = False) -> str:
    """``text`` with every control character, bidi control, line separator and lone
    surrogate written as ``\\uXXXX``, tab and line feed included.

    ``keep_bytes`` leaves lone surrogates as they are: a file name that is not
    UTF-8 keeps its bytes, for the outputs that can carry them (SARIF's URIs).
    """
    return (_ANY_BUT_BYTES if keep_bytes else _ANY).sub(_code, text)


def one_line(text: str) -> str:
    """A message or hint as one inert line: nothing in it breaks the line or drives a terminal."""
    return escape(text)


def lines(text: str) -> str:
    """A whole output made inert line by line.

    Line feeds, tabs and carriage returns are kept (a CSV cell may hold them;
    values in text output went through :func:`one_line` first); every other
    control character is escaped. A line that would start with ``::`` (after white
    space; a carriage return starts a line in a CI log) has its first colon
    written ``\\u003a``, and ``##[`` becomes ``#\\u0023[``, so no line is a GitHub
    Actions workflow command. Applying it twice changes nothing more.
    """
    text = _LAYOUT.sub(_code, text)
    if "::" in text:
        text = _COMMAND_START.sub(lambda m: m.group(1) + ("\\u003a" if _colons(m) else ":"), text)
    return text.replace(_OLD_COMMAND, "#\\u0023[")


def _colons(match: re.Match[str]) -> bool:
    """The colon the match ends on is followed by another (a workflow command's ``::``)."""
    string, end = match.string, match.end()
    return end < len(string) and string[end] == ":"


def lead(text: str) -> str:
    """One line of data that may start a line of output: :func:`one_line` and :func:`lines`."""
    return lines(one_line(text))


def message(text: str) -> str:
    """A message for stderr: the line breaks thp put in it are kept (a sentence, then the
    findings it lists), and each line is made inert with :func:`lead`."""
    return "\n".join(map(lead, text.split("\n")))


def for_file(text: str) -> str:
    """``text`` that encodes as UTF-8: lone surrogates (bytes of a file name that is not
    UTF-8) are written ``\\udcXX``; nothing else changes."""
    return _SURROGATE.sub(_code, text)


def xml_text(value: str) -> str:
    """``value`` with the characters XML 1.0 forbids (C0 controls other than tab, line
    feed and carriage return; lone surrogates; U+FFFE, U+FFFF) replaced by U+FFFD."""
    return _XML_ILLEGAL.sub(REPLACEMENT, value)


# HTML forbids what XML forbids, and also DEL, the C1 controls and every noncharacter
# (U+FDD0-U+FDEF and the last two code points of each plane).
_MARKUP_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)


# Bidirectional embeddings, overrides and isolates: legal in HTML, but they reorder what a
# reader sees ("Chair \u202eriahc"), so a page shows them escaped, as every other output does.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def markup_text(value: str) -> str:
    """``value`` with every character an HTML page or the SVG in it may not hold (C0
    controls other than tab, line feed and carriage return; DEL and C1 controls;
    noncharacters; lone surrogates) replaced by U+FFFD, and bidirectional embeddings,
    overrides and isolates shown as ``\\uXXXX`` (as :func:`escape` shows them). Markup
    stays markup: only those characters change."""
    return _BIDI.sub(_code, _MARKUP_ILLEGAL.sub(REPLACEMENT, value))


def protect_streams() -> None:
    """Make stdout and stderr write ``\\uXXXX`` for a character their encoding cannot
    hold, instead of failing (``PYTHONIOENCODING=ascii`` or ``latin-1``, a C locale)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") in ("strict", "surrogateescape"):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors="backslashreplace")


# -- Mermaid: a label and a node id that draw as written, never as syntax --------------
_MERMAID_PLAIN = frozenset(" ,.'-/")


def mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label shows it, character for character.

    Every character Mermaid or HTML could read as syntax (quotes, brackets,
    ``;``, ``#``, ``&``, ``<``, ``:``, backticks, ...) is written as an entity
    code such as ``#34;``, so a board named ``Safety "Board" [x]; end`` is
    drawn with that name, not cut or changed, and no markup, link or icon is
    made from it. Control characters are first shown as ``\\uXXXX``, as
    everywhere else thp writes (:func:`escape`)."""
    shown = escape(" ".join(text.split()) if text.strip() else "?")
    return "".join(c if c.isalnum() or c in _MERMAID_PLAIN else f"#{ord(c)};" for c in shown)


def mermaid_id(board: str) -> str:
    """A board's id as a Mermaid node id: ``b_``, then the id with every character other
    than an ASCII letter or digit written ``_``."""
    return "b_" + re.sub(r"[^0-9A-Za-z]", "_", board)
