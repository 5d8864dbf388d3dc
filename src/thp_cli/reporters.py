"""One place for output: a reporter per ``--format``, all fed the same Result.

:data:`REPORTERS` is the dict of format -> reporter; the command line's
``--format`` choices are its keys (and ``auto``, which it resolves).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path
from typing import TextIO

from . import jsontext
from .errors import Flag, ThpError, warn
from .findings import Finding, Result, Severity
from .inert import for_file, lead, lines, one_line
from .text import clean, plural

GITHUB_ANNOTATIONS_PER_SEVERITY = 10  # GitHub shows at most 10 of each per step
SUMMARY_LIMIT = 1024 * 1024  # GitHub's cap on a step summary
_RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


Key = tuple[str, str, str]
"""What says two runs found the same problem: its file, rule and message (lines move)."""
_LINE_REFERENCE = re.compile(r"\bline [0-9]+")


def _key(file: str, rule: str, message: str) -> Key:
    """A finding's :data:`Key`: a line a message names ("first on line 12") is left out,
    since an edit above it moves it."""
    return (file, rule, _LINE_REFERENCE.sub("line", message))


BASELINE_LIMIT = 256 * 1024 * 1024
"""The largest baseline file thp reads, in bytes."""
BASELINE = Flag("baseline")
"""The option that names the baseline file, in messages."""


def read_baseline(path: Path) -> Counter[Key]:
    """The findings of an earlier ``thp validate --format json``, counted by :data:`Key`.

    ThpError, in plain words, when the file cannot be read or is not that JSON.
    """
    from .yamlio.bounds import read_regular

    shown = one_line(str(path))
    try:
        raw = read_regular(path, BASELINE_LIMIT + 1)
    except OSError as error:
        raise ThpError(BASELINE, f" {shown} cannot be read: {error.strerror or error}") from None
    what = "is not the JSON output of thp validate"
    if len(raw) > BASELINE_LIMIT:
        raise ThpError(BASELINE, f" {shown} is over {BASELINE_LIMIT // (1024 * 1024)} MiB; it {what}")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ThpError(BASELINE, f" {shown} {what} (it is not JSON)") from None
    except RecursionError:  # JSON nested deeper than Python's stack: never thp's output
        raise ThpError(BASELINE, f" {shown} {what} (it is nested too deeply)") from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise ThpError(BASELINE, f" {shown} {what} (it has no list of findings)")
    counted: Counter[Key] = Counter()
    for number, item in enumerate(findings, 1):
        key = tuple(item.get(k) for k in ("file", "rule", "message")) if isinstance(item, dict) else ()
        if len(key) != 3 or not all(isinstance(k, str) for k in key):
            raise ThpError(BASELINE, f" {shown} {what} (finding {number} lacks its file, rule or message)")
        counted[_key(str(key[0]), str(key[1]), str(key[2]))] += 1
    return counted


def new_in_change(result: Result, baseline: Counter[Key]) -> list[bool]:
    """For each finding of ``result``, whether it is new: not among the ``baseline``'s.

    A finding matches one of the baseline's with the same file, rule and message (not
    line, nor a line the message names: an edit above it moves it); each of the
    baseline's matches once, so a second copy of an old problem is new.
    """
    left = Counter(baseline)
    marks = []
    for f in result.findings:
        key = _key(f.file, f.rule, f.message)
        marks.append(left[key] <= 0)
        left[key] -= 1
    return marks


def _counts(result: Result) -> str:
    return (
        f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')} "
        f"in {plural(result.files_checked, 'file')}"
    )


Piece = tuple[str, str]
"""A piece of a line of text output: its words and their style (rich's, "" for none)."""


def text_lines(result: Result, strict: bool = False, new: Sequence[bool] | None = None) -> list[list[Piece]]:
    """The text output's lines, each a list of styled pieces: findings grouped by file, then the verdict."""
    marks = list(new) if new is not None else [False] * len(result.findings)
    rows: list[list[Piece]] = []
    for file, group in groupby(zip(result.findings, marks, strict=True), key=lambda pair: pair[0].file):
        rows.append([(lead(file), "bold")])
        for f, is_new in group:
            colour = "red" if f.severity is Severity.ERROR else "yellow"
            rows.append(
                [
                    (f"  {f.line}:{f.column}  ", ""),
                    (f.severity.value, colour),
                    ("  new", "bold") if is_new else ("", ""),
                    (f"  {lead(f.message)}  ", ""),
                    (lead(f.rule), "dim"),
                ]
            )
        rows.append([])
    if result.ok(strict):
        mark = ("✓", "green" if not result.findings else "yellow")
        rows.append([mark, (f" valid: {_counts(result)}{_new_count(new)}", "")])
    else:
        rows.append([("✗", "red"), (f" not valid: {_counts(result)}{_new_count(new)}", "")])
    return rows


def text(result: Result, out: TextIO, strict: bool = False, new: Sequence[bool] | None = None) -> None:
    """Findings grouped by file, for a person at a terminal (colour when it is one).

    Values are given to rich as :class:`rich.text.Text`, never as markup, so
    ``[bold]`` or ``:smile:`` in the data is shown as written; control characters are
    shown escaped, and no line starts with a workflow command (see :mod:`inert`).
    Where no colour would be shown (not a terminal, nothing forcing colour), the same
    lines are written as they are, without importing rich.
    """
    rows = text_lines(result, strict, new)
    if not _colour_possible(out):
        out.write("".join("".join(words for words, _ in row) + "\n" for row in rows))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True, emoji=False)
    for row in rows[:-1]:
        if len(row) == 1:  # a file's name
            console.print(Text(row[0][0], style=row[0][1]))
        elif row:
            console.print(Text.assemble(*(piece if piece[1] else piece[0] for piece in row)))
        else:
            console.print()
    (mark, colour), (verdict, _) = rows[-1]  # thp's own words, as markup
    console.print(f"[{colour}]{mark}[/{colour}]{verdict}")


_COLOUR_SETTINGS = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")
"""Settings under which rich may colour output that does not go to a terminal."""


def _colour_possible(out: TextIO) -> bool:
    """Whether rich might colour ``out``: it is a terminal, or a setting may force colour."""
    if any(os.environ.get(name) for name in _COLOUR_SETTINGS) or sys.platform.startswith("win"):
        return True
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError, OSError):
        return True


def _new_count(new: Sequence[bool] | None) -> str:
    """``; 2 new in this change`` when a baseline was given, else nothing."""
    if new is None or not new:
        return ""
    return f"; {sum(new) or 'none'} of them new in this change"


def json_(result: Result, out: TextIO, strict: bool = False, new: Sequence[bool] | None = None) -> None:
    """The JSON of data-format.md: ``{ok, errors, warnings, findings}``; with a baseline,
    each finding has ``new`` (true when the change introduced it) and the whole ``new`` count."""
    data = result.as_dict()
    data["ok"] = result.ok(strict)
    if new is not None:
        data["new"] = sum(new)
        for item, mark in zip(data["findings"], new, strict=True):  # type: ignore[call-overload]
            item["new"] = mark
    out.write(lines(jsontext.dumps(data)) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    """A GitHub Actions workflow command for one finding: one line, whatever the finding holds."""
    level = "error" if f.severity is Severity.ERROR else "warning"
    props = ",".join(
        f"{k}={_escape_property(one_line(str(v)))}"
        for k, v in (("file", f.file), ("line", f.line), ("col", f.column), ("title", f.rule))
    )
    return f"::{level} {props}::{_escape_data(one_line(f.message))}".replace("##[", "#\\u0023[")


def _log_line(f: Finding, is_new: bool = False) -> str:
    """A finding in the log, as data: it never starts with ``::`` (see :func:`inert.lead`)."""
    mark = " (new in this change)" if is_new else ""
    return lead(f"{f.file}:{f.line}:{f.column}: {f.severity.value}{mark} [{f.rule}] {f.message}")


def _errors_first(result: Result, new: Sequence[bool] | None) -> list[tuple[Finding, bool]]:
    """The findings with their marks: errors before warnings, and (with a baseline) the
    change's own before those it found already there; otherwise in their usual order."""
    marks = list(new) if new is not None else [False] * len(result.findings)
    pairs = list(zip(result.findings, marks, strict=True))
    return sorted(pairs, key=lambda pair: (pair[0].severity is not Severity.ERROR, not pair[1]))


def github(result: Result, out: TextIO, strict: bool = False, new: Sequence[bool] | None = None) -> None:
    """Annotations GitHub shows on the pull request, every finding in the log,
    and a Markdown job summary when $GITHUB_STEP_SUMMARY is set. Errors come first;
    with a baseline, the findings the change introduced are marked and annotated first.
    """
    shown = {Severity.ERROR: 0, Severity.WARNING: 0}
    hidden = 0
    ordered = _errors_first(result, new)
    for f, _ in ordered:
        if shown[f.severity] < GITHUB_ANNOTATIONS_PER_SEVERITY:
            shown[f.severity] += 1
            out.write(annotation(f) + "\n")
        else:
            hidden += 1
    for f, is_new in ordered:
        out.write(_log_line(f, is_new) + "\n")
    if hidden:
        out.write(
            f"{hidden} finding(s) are not annotated: GitHub shows at most "
            f"{GITHUB_ANNOTATIONS_PER_SEVERITY} errors and {GITHUB_ANNOTATIONS_PER_SEVERITY} "
            "warnings per step. All are listed above.\n"
        )
    verdict = "valid" if result.ok(strict) else "not valid"
    out.write(f"thp validate: {verdict}: {_counts(result)}{_new_count(new)}\n")
    out.flush()
    append_step_summary(step_summary(result, strict, new))


def append_step_summary(markdown: str, rest: str = "the log") -> bool:
    """Append ``markdown`` to the file ``$GITHUB_STEP_SUMMARY`` names; False if it is unset.

    What is appended stays within GitHub's 1 MiB (the cut says the rest is in
    ``rest``). A path thp cannot append to (a folder, a folder that does not exist,
    a FIFO or device, no permission, a full disk) is a warning on stderr and the
    summary is left out: the command's own result and exit code stand.
    """
    import stat

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    data = for_file(markdown).encode("utf-8")
    if len(data) > SUMMARY_LIMIT - 200:
        cut = data[: SUMMARY_LIMIT - 200].decode("utf-8", "ignore").rsplit("\n", 1)[0]
        data = f"{cut}\n\n_The rest is too long for a job summary: see {rest}._\n".encode()
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags, 0o644)
        with open(fd, "ab") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                warn(f"GITHUB_STEP_SUMMARY ({path}) is not a regular file, so no job summary was written")
                return True
            handle.write(data)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        warn(f"cannot write the job summary to GITHUB_STEP_SUMMARY ({path}): {reason}; it is left out")
    return True


def step_summary(result: Result, strict: bool = False, new: Sequence[bool] | None = None) -> str:
    """GitHub-flavoured Markdown for the job summary, kept under GitHub's 1 MiB.

    Errors are listed before warnings. With ``new`` (from a baseline: the findings at
    the base of a pull request), a column says which findings this change introduced,
    and those come first within each severity.
    """
    from .templating import md_escape  # here: the other formats do without its patterns

    icon = "✅" if result.ok(strict) else "❌"
    counts = _counts(result)
    if new is not None and result.findings:
        counts += f"; {sum(new) or 'none'} of them new in this change"
    head = f"## {icon} thp validate\n\n{counts}.\n\n"
    if not result.findings:
        return head
    marked = new is not None
    columns = "| File | Line | Severity | " + ("New | " if marked else "") + "Rule | Message |\n"
    rule_line = "|---|---|---|" + ("---|" if marked else "") + "---|---|\n"
    rows = [head, columns, rule_line]
    size = sum(len(x.encode()) for x in rows)
    ordered = _errors_first(result, new)
    for i, (f, is_new) in enumerate(ordered):
        rule = f"`{f.rule}`" if _RULE_ID.fullmatch(f.rule) else md_escape(f.rule)
        flag = ("**new** | " if is_new else "no | ") if marked else ""
        row = (
            f"| {md_escape(f.file)} | {f.line}:{f.column} | {f.severity.value} | {flag}"
            f"{rule} | {md_escape(f.message)} |\n"
        )
        if size + len(row.encode()) > SUMMARY_LIMIT - 200:
            rows.append(f"\n{len(result.findings) - i} more findings are in the log.\n")
            break
        rows.append(row)
        size += len(row.encode())
    rows.append("\n")
    return "".join(rows)


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.OFF: "none"}


def sarif_log(result: Result, new: Sequence[bool] | None = None) -> dict[str, object]:
    """The findings as a SARIF 2.1.0 log, the format GitHub code scanning uploads.

    Every rule of the catalogue is listed under ``tool.driver.rules`` (with its
    default level; a partnership's own setting shows in each result's level),
    and each result points at its file (a URI relative to the root), line and column.
    With a baseline, each result's ``baselineState`` is ``new`` or ``unchanged``.
    """
    from . import __version__
    from .rules.catalogue import catalogue

    rules = catalogue()
    index = {r.id: i for i, r in enumerate(rules)}
    results: list[dict[str, object]] = []
    for number, f in enumerate(result.findings):
        entry: dict[str, object] = {"ruleId": f.rule}
        if f.rule in index:
            entry["ruleIndex"] = index[f.rule]
        entry["level"] = _SARIF_LEVEL[f.severity]
        entry["message"] = {"text": f.message}
        entry["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.file), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                }
            }
        ]
        if new is not None:
            entry["baselineState"] = "new" if new[number] else "unchanged"
        results.append(entry)
    driver = {
        "name": "thp",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [
            {
                "id": r.id,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.explanation},
                "help": {"text": f"{r.explanation}\n\nSource: {source}."},
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                "properties": {"source": source, "configurable": r.configurable},
            }
            for r in rules
            for source in (clean(result.sources.get(r.id, r.source)),)
        ],
    }
    return {
        "version": "2.1.0",
        "$schema": SARIF_SCHEMA,
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "results": results,
            }
        ],
    }


def _uri(file: str) -> str:
    """A file's relative URI; a name that is not UTF-8 keeps its own bytes (``%FF``)."""
    from urllib.parse import quote

    return quote(file, safe="/", errors="surrogateescape")


def sarif(result: Result, out: TextIO, strict: bool = False, new: Sequence[bool] | None = None) -> None:
    """SARIF 2.1.0 for GitHub code scanning (upload it with github/codeql-action/upload-sarif)."""
    out.write(lines(jsontext.dumps(sarif_log(result, new), ensure_ascii=True)) + "\n")


REPORTERS: dict[str, Callable[[Result, TextIO, bool, Sequence[bool] | None], None]] = {
    "text": text,
    "json": json_,
    "github": github,
    "sarif": sarif,
}
"""The formats of ``thp validate --format``, each a reporter of a Result."""


def report(
    result: Result,
    fmt: str = "text",
    out: TextIO | None = None,
    strict: bool = False,
    baseline: Counter[Key] | None = None,
) -> None:
    """Report ``result`` in ``fmt`` (a key of :data:`REPORTERS`); with a ``baseline`` (see
    :func:`read_baseline`), the findings the change introduced are marked new."""
    new = new_in_change(result, baseline) if baseline is not None else None
    REPORTERS[fmt](result, out or sys.stdout, strict, new)
