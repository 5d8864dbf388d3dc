"""Whitespace the YAML parser would take wrongly: tabs in indentation and stray line separators.

Both are found in the text before it is parsed, each at its line and column,
because the parser's own complaint about them names the wrong place or none.
"""

from __future__ import annotations

import re

from ..findings import Finding, Severity

LINE_BREAK = re.compile(r"\r\n?|\n")  # YAML 1.2's line breaks, and only those


def tab_findings(file: str, text: str) -> list[Finding]:
    """One finding per line indented with a tab (YAML allows only spaces there)."""
    found: list[Finding] = []
    if "\t" not in text:
        return found
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
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


# Characters YAML 1.1 (and the ruamel C parser) take for line breaks, but YAML
# 1.2 reads as ordinary characters: https://yaml.org/spec/1.2.2/#54-line-break-characters
OTHER_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BREAK_NAMES = {
    "\u0085": "a 'next line' character (U+0085)",
    "\u2028": "a Unicode line separator (U+2028)",
    "\u2029": "a Unicode paragraph separator (U+2029)",
}
MAX_BREAK_FINDINGS = 20  # then one finding counts the rest


def other_break_findings(file: str, text: str) -> list[Finding]:
    """One finding per U+0085, U+2028 or U+2029, at its line and column.

    YAML 1.2 does not break lines there, but the C parser (and many editors)
    do, so ``# reviewed<U+2028>status: closed`` would read as a comment to
    one tool and as ``status: closed`` to another. Such a file means two
    things; it is reported rather than guessed at.
    """
    found: list[Finding] = []
    line, line_start, scanned = 1, 0, 0
    matches = list(OTHER_BREAKS.finditer(text))
    for number, match in enumerate(matches):
        at = match.start()
        for line_break in LINE_BREAK.finditer(text, scanned, at):
            line += 1
            line_start = line_break.end()
        scanned = at
        if number == MAX_BREAK_FINDINGS:
            message = (
                f"{len(matches) - number} more line or paragraph separators follow from here; "
                "replace each with a real line break or a space"
            )
        else:
            message = (
                f"{_BREAK_NAMES[match.group()]} is here; YAML 1.2 does not start a new line at it, "
                "but some tools do, so the file could be read two ways: "
                "replace it with a real line break or a space"
            )
        found.append(Finding(file, line, at - line_start + 1, "line-separator", Severity.ERROR, message))
        if number == MAX_BREAK_FINDINGS:
            break
    return found
