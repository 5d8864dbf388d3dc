"""YAML syntax errors said in plain words, at the place the fix goes.

The parser says what it expected ("did not find expected key"); an officer
needs to know what to change. Each common slip made by hand is recognised
from the parser's complaint and the lines around it, and said in plain words
at the place the fix goes. Values under contact: are never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .keypath import PRIVATE
from .whitespace import LINE_BREAK

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
    """The column (0-based) where a line's key or value starts, after indentation and dashes."""
    return _LEAD.match(line).end()  # type: ignore[union-attr]


def _meaningful(line: str) -> bool:
    """Whether a line holds data: not blank, not a comment."""
    return bool(line.strip()) and not line.lstrip().startswith("#")


# what reads as someone's email address or telephone number, wherever a slip has put it
_PERSONAL = re.compile(r"[^\s@'\"]+@[^\s@'\"]+\.[^\s@'\"]+|\+?[0-9][0-9 ()]{8,}[0-9]")


def _under_contact(lines: list[str], index: int) -> bool:
    """Whether line ``index`` (0-based) is inside a ``contact:`` mapping, or holds what reads
    as an email address or a telephone number (a slip may have broken the ``contact:`` key
    itself): its values are private, and a message never quotes them."""
    key, _ = _parts(lines[index])
    if key == PRIVATE or f"{PRIVATE}:" in lines[index] or _PERSONAL.search(lines[index]):
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
    """``value`` in the quotes that need no escaping inside them."""
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
    """The value that starts at ``start`` on this line, without a comment after it."""
    value = line[start:]
    comment = re.search(r"\s#", value)
    return (value[: comment.start()] if comment else value).strip()


def not_a_mapping_hint(value: Any) -> str:
    """For a file that is one piece of text, not key: value pairs: the fix if a colon lacks its space.

    ``name:Health board`` on its own reads as the text "name:Health board".
    """
    if isinstance(value, str) and _MISSING_SPACE.search(value):
        return "; put a space after each ':' that ends a key, like name: value"
    return ""


Explained = tuple[int, int, str]
"""Where a syntax error's fix goes (line and column from 1), and the plain words."""


@dataclass(frozen=True)
class _Complaint:
    """The parser's complaint and the lines of the file it is about."""

    lines: list[str]
    problem: str  # what the parser met: "mapping values are not allowed here"
    context: str  # what it was reading then: "while scanning a quoted scalar"
    mark: Any  # where it met the problem
    opened: Any  # where what it was reading began
    line: int
    column: int

    @classmethod
    def of(cls, text: str, error: Any) -> _Complaint:
        """The complaint ``error`` makes about ``text``."""
        lines = LINE_BREAK.split(text)
        problem = (getattr(error, "problem", None) or "").strip()
        context = (getattr(error, "context", None) or "").strip()
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return cls(lines, problem, context, mark, error.context_mark, line, column)

    @property
    def index(self) -> int:
        """The 0-based index of the line the parser stopped on."""
        return min(self.line, len(self.lines)) - 1

    @property
    def here(self) -> str:
        """The line the parser stopped on."""
        return self.lines[self.index] if self.lines else ""


def _at(mark: Any, message: str) -> Explained:
    """``message`` placed at a parser mark (0-based line and column)."""
    return mark.line + 1, mark.column + 1, message


def _quote_message(at: tuple[int, int, str]) -> Explained:
    number, col, quote = at
    name = 'double quote (")' if quote == '"' else "single quote (')"
    return (
        number,
        col,
        f"this {name} opens a value but nothing closes it: add the closing {quote} at the end of "
        f"the value, on this line",
    )


def _quote_left_open(c: _Complaint) -> Explained | None:
    """An unclosed quote is the cause of whatever the parser met after it."""
    opened = c.opened
    if "quoted scalar" in c.context and opened is not None:
        start_line = c.lines[opened.line] if opened.line < len(c.lines) else ""
        quote = start_line[opened.column : opened.column + 1] or '"'
        return _quote_message((opened.line + 1, opened.column + 1, quote))
    unclosed = _unclosed_quote(c.lines, c.line)
    if unclosed is not None:
        return _quote_message(unclosed)
    return None


def _text_after_quotes(c: _Complaint) -> Explained | None:
    """``"Health" board``, ``'Children's board'``: text after the closing quote."""
    here = c.here
    _, start = _parts(here)
    if start < len(here) and here[start] in "'\"" and c.column - 1 > _closing(here, start) >= 0:
        apostrophe = " (inside single quotes, write an apostrophe as two: '')" if here[start] == "'" else ""
        return (
            c.line,
            start + 1,
            "the quotes here end before the value does, so the rest of the line makes no sense to YAML: "
            f"put the whole value in one pair of quotes{apostrophe}",
        )
    return None


def _no_colon(c: _Complaint) -> Explained | None:
    """``name:Health board`` (no space after the colon), or a line with no key at all."""
    if "could not find expected ':'" not in c.problem or c.opened is None:
        return None
    lines = c.lines
    index = c.opened.line
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


def _colon_in_value(c: _Complaint) -> Explained | None:
    """A ':' where no key can start: inside a value, missing its space, or on a line indented too far."""
    if not c.problem.startswith("mapping values are not allowed"):
        return None
    lines, index, line, column, here = c.lines, c.index, c.line, c.column, c.here
    key, start = _parts(here)
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


def _reserved_start(c: _Complaint) -> Explained | None:
    """A value that starts with a character YAML keeps for itself: & * % @ ` | > and the like."""
    context, opened, mark, line, column = c.context, c.opened, c.mark, c.line, c.column
    if context.startswith("while scanning an anchor") or context.startswith("while scanning an alias"):
        sign = "&" if "anchor" in context else "*"
        return _at(
            opened if opened is not None else mark,
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
    char = c.here[column - 1 : column]
    if "cannot start any token" in c.problem and char:
        shown = "a tab" if char == "\t" else f"'{char}'"
        return (
            line,
            column,
            f"a value that starts with {shown} must be in quotes: YAML keeps {shown} for itself; "
            f'put the whole value in quotes, like "{char.strip()}..."',
        )
    if "block scalar" in context and opened is not None:
        lines = c.lines
        sign = lines[opened.line][opened.column : opened.column + 1] if opened.line < len(lines) else "|"
        return _at(
            opened,
            f"a value that starts with '{sign}' must be in quotes: YAML reads {sign} as the start of a "
            f'block of text on the lines below; put the whole value in quotes, like "{sign}..."',
        )
    return None


def _inside_brackets(c: _Complaint) -> Explained | None:
    """A ':' in a value inside ``[ ]`` or ``{ }``, or a bracket never closed."""
    if c.problem.startswith("found unexpected ':'") and "plain scalar" in c.context:
        here, column = c.here, c.column
        stop = column - 1  # the value starts after the last '[', '{', ',' or ': ' before the colon
        start = max(*(here.rfind(sign, 0, stop) for sign in "[{,"), here.rfind(": ", 0, stop) + 1)
        while 0 <= start + 1 < stop and here[start + 1] == " ":
            start += 1
        at = start + 2 if start >= 0 else column
        return (
            c.line,
            at,
            "a value inside [ ] or { } that contains ':' must be in quotes (a link too): "
            "put the whole value in quotes, like 'https://...'",
        )
    opened = c.opened
    for flow, (left, right, noun) in {
        "flow sequence": ("[", "]", "list"),
        "flow mapping": ("{", "}", "mapping"),
    }.items():
        if flow in c.context and opened is not None:
            example = "{key: value, key: value}" if left == "{" else "[first, second]"
            return _at(
                opened,
                f"this '{left}' starts a {noun} that is not closed where it should be: end it with "
                f"'{right}' and separate its entries with ', ', like {example}",
            )
    return None


def _dash_without_space(c: _Complaint) -> Explained | None:
    """An item whose '-' has no space after it reads as a key, and the list breaks."""
    lines, index = c.lines, c.index
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
    return None


def _indentation(c: _Complaint) -> Explained | None:
    """A line indented differently from its neighbours, or a first key indented at all."""
    problem, here, line, column, lines = c.problem, c.here, c.line, c.column, c.lines
    if "expected '-' indicator" in problem and c.opened is not None:
        return (
            line,
            here.index("-") + 1 if "-" in here[: _depth(here)] else column,
            f"this line is indented differently from the list items above it, whose '-' is in column "
            f"{c.opened.column + 1}: line its '-' up with theirs",
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
    return None


_EXPLAINERS: tuple[Callable[[_Complaint], Explained | None], ...] = (
    _quote_left_open,  # first: an unclosed quote causes whatever the parser met after it
    _text_after_quotes,
    _no_colon,
    _colon_in_value,
    _reserved_start,
    _inside_brackets,
    _dash_without_space,
    _indentation,
)
"""Each common slip, in the order they are tried: the first that recognises the complaint says it."""


def explain_syntax(text: str, error: Any) -> Explained:
    """Line, column and plain words for a YAML syntax error: what is wrong and what to do."""
    complaint = _Complaint.of(text, error)
    for explain in _EXPLAINERS:
        explained = explain(complaint)
        if explained is not None:
            return explained
    problem, context = complaint.problem, complaint.context
    said = f"{problem} ({context})" if context else problem or str(error)
    return (
        complaint.line,
        complaint.column,
        f"this is not valid YAML ({said}): check the indentation, the colons and the quotes on this line "
        "and the line above",
    )
