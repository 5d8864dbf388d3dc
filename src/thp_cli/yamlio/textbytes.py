"""What is wrong with a file's bytes as UTF-8 text, in plain words: the one sniffer.

Every file thp reads as text (data files, templates, stylesheets, CSV sheets,
ModernGov XML) is checked by :func:`sniff`, so a file saved in the wrong
encoding is told the same way wherever it turns up: UTF-16 or UTF-32 (with
or without a byte order mark), a zero byte (NUL, which text never holds:
valid UTF-8, but the sign of a binary file or a UTF-16 one), or a byte that
is not UTF-8 at its line and column. Each caller puts the words into its own
sentence with the file's name and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

UTF8_BOM = b"\xef\xbb\xbf"
_BOMS = (  # UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's
    (b"\xff\xfe\x00\x00", "UTF-32", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "UTF-32", "utf-32-be"),
    (b"\xff\xfe", "UTF-16", "utf-16-le"),
    (b"\xfe\xff", "UTF-16", "utf-16-be"),
)
_SAMPLE = 4096  # bytes looked at to tell UTF-16 or UTF-32 from the zero bytes in them


@dataclass(frozen=True)
class Trouble:
    """Why some bytes are not UTF-8 text, and where (line and column from 1).

    ``whole`` is true when the whole file is in another encoding (the place is
    then line 1, column 1); ``encoding`` is that encoding's Python name where
    it can be told (``utf-16-le``), for a reader such as XML's that can read it.
    """

    line: int
    column: int
    what: str
    whole: bool = False
    encoding: str | None = None

    @property
    def here(self) -> str:
        """The trouble in words, for a message whose line and column are given apart."""
        return self.what if self.whole else f"here it has {self.what}"

    @property
    def said(self) -> str:
        """The trouble in words, its line and column in them."""
        return self.what if self.whole else f"line {self.line} column {self.column} has {self.what}"


def sniff(raw: bytes, *, zeros: bool = True) -> Trouble | None:
    """None if ``raw`` is UTF-8 text (a UTF-8 byte order mark is fine), else what is wrong.

    UTF-16 and UTF-32 are told by their byte order mark, or, without one, by
    the zero bytes text in them has beside each letter of a Latin script.
    With ``zeros`` false, a zero byte in UTF-8 is left to the caller, which can
    say more of where it is (a CSV sheet's row).
    """
    for bom, name, codec in _BOMS:
        if raw.startswith(bom):
            return Trouble(1, 1, f"it is {name}: it starts with {name}'s byte order mark", True, codec)
    if b"\x00" in raw:
        trouble = _zeros(raw)
        if zeros or trouble.whole:
            return trouble
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = position(raw, error.start)
        return Trouble(line, column, _bad_byte(raw[error.start]))
    return None


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1, in characters) of byte ``offset`` of UTF-8 ``raw``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    head = raw[start:offset]
    if line == 1 and head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    return line, len(head.decode("utf-8", "replace")) + 1


def _zeros(raw: bytes) -> Trouble:
    """UTF-32 or UTF-16 without a byte order mark, told from where the zero bytes fall; else
    the first zero byte, at its place."""
    head = raw[:_SAMPLE]

    def zero(start: int, step: int, share: float) -> bool:  # this share of these bytes is zero
        picked = head[start::step]
        return bool(picked) and picked.count(0) >= len(picked) * share

    def text(start: int, step: int) -> bool:  # and four in five of the others are not
        picked = head[start::step]
        return bool(picked) and picked.count(0) * 5 <= len(picked)

    if len(head) >= 8:
        for codec, blanks, letters in (("utf-32-le", (2, 3), 0), ("utf-32-be", (0, 1), 3)):
            if all(zero(k, 4, 0.8) for k in blanks) and text(letters, 4):
                return Trouble(
                    1, 1, "it looks like UTF-32 without a byte order mark: there are three zero "
                    "bytes beside every letter", True, codec,
                )  # fmt: skip
    if len(head) >= 4:
        for codec, blank, letter in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
            if zero(blank, 2, 0.5) and text(letter, 2):  # half: other scripts have no zero
                return Trouble(
                    1, 1, "it looks like UTF-16 without a byte order mark: there is a zero byte "
                    "beside every letter", True, codec,
                )  # fmt: skip
    line, column = position(raw, raw.index(b"\x00"))
    return Trouble(line, column, "a zero byte (NUL), which text never holds")


def _bad_byte(byte: int) -> str:
    """The byte that is not UTF-8, and the letter it may be in Windows' older encoding."""
    said = f"the byte 0x{byte:02X}"
    try:
        letter = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return said
    if byte >= 0x80 and letter.isprintable() and not letter.isspace():
        return f"{said}, perhaps {letter} saved in an older Windows encoding"
    return said
