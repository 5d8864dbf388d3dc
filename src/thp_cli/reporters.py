"""One place for output: a reporter per ``--format``, all fed the same Result."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from .findings import Finding, Result, Severity

GITHUB_ANNOTATIONS_PER_SEVERITY = 10  # GitHub shows at most 10 of each per step
SUMMARY_LIMIT = 1024 * 1024  # GitHub's cap on a step summary


def _counts(result: Result) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')} "
        f"in {plural(result.files_checked, 'file')}"
    )


def text(result: Result, out: TextIO, strict: bool = False) -> None:
    """Findings grouped by file, for a person at a terminal (colour when it is one)."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    for file, group in groupby(result.findings, key=lambda f: f.file):
        console.print(f"[bold]{escape(file)}[/bold]")
        for f in group:
            colour = "red" if f.severity is Severity.ERROR else "yellow"
            console.print(
                f"  {f.line}:{f.column}  [{colour}]{f.severity.value}[/{colour}]  "
                f"{escape(f.message)}  [dim]{f.rule}[/dim]"
            )
        console.print()
    if result.ok(strict):
        mark = "[green]✓[/green]" if not result.findings else "[yellow]✓[/yellow]"
        console.print(f"{mark} valid: {_counts(result)}")
    else:
        console.print(f"[red]✗[/red] not valid: {_counts(result)}")


def json_(result: Result, out: TextIO, strict: bool = False) -> None:
    """The JSON of data-format.md: ``{ok, errors, warnings, findings}``."""
    data = result.as_dict()
    data["ok"] = result.ok(strict)
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    """A GitHub Actions workflow command for one finding."""
    level = "error" if f.severity is Severity.ERROR else "warning"
    props = ",".join(
        f"{k}={_escape_property(str(v))}"
        for k, v in (("file", f.file), ("line", f.line), ("col", f.column), ("title", f.rule))
    )
    return f"::{level} {props}::{_escape_data(f.message)}"


def _log_line(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.severity.value} [{f.rule}] {f.message}"


def github(result: Result, out: TextIO, strict: bool = False) -> None:
    """Annotations GitHub shows on the pull request, every finding in the log,
    and a Markdown job summary when $GITHUB_STEP_SUMMARY is set.
    """
    shown = {Severity.ERROR: 0, Severity.WARNING: 0}
    hidden = 0
    for f in result.findings:
        if shown[f.severity] < GITHUB_ANNOTATIONS_PER_SEVERITY:
            shown[f.severity] += 1
            out.write(annotation(f) + "\n")
        else:
            hidden += 1
    for f in result.findings:
        out.write(_log_line(f) + "\n")
    if hidden:
        out.write(
            f"{hidden} finding(s) are not annotated: GitHub shows at most "
            f"{GITHUB_ANNOTATIONS_PER_SEVERITY} errors and {GITHUB_ANNOTATIONS_PER_SEVERITY} "
            "warnings per step. All are listed above.\n"
        )
    verdict = "valid" if result.ok(strict) else "not valid"
    out.write(f"thp validate: {verdict}: {_counts(result)}\n")
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(step_summary(result, strict))


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def step_summary(result: Result, strict: bool = False) -> str:
    """GitHub-flavoured Markdown for the job summary, kept under GitHub's 1 MiB."""
    icon = "✅" if result.ok(strict) else "❌"
    head = f"## {icon} thp validate\n\n{_counts(result)}.\n\n"
    if not result.findings:
        return head
    lines = [head, "| File | Line | Severity | Rule | Message |\n", "|---|---|---|---|---|\n"]
    size = sum(len(x.encode()) for x in lines)
    for i, f in enumerate(result.findings):
        row = (
            f"| `{_cell(f.file)}` | {f.line}:{f.column} | {f.severity.value} | "
            f"`{f.rule}` | {_cell(f.message)} |\n"
        )
        if size + len(row.encode()) > SUMMARY_LIMIT - 200:
            lines.append(f"\n{len(result.findings) - i} more findings are in the log.\n")
            break
        lines.append(row)
        size += len(row.encode())
    lines.append("\n")
    return "".join(lines)


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.OFF: "none"}


def sarif_log(result: Result) -> dict[str, object]:
    """The findings as a SARIF 2.1.0 log, the format GitHub code scanning uploads.

    Every rule of the catalogue is listed under ``tool.driver.rules`` (with its
    default level; a partnership's own setting shows in each result's level),
    and each result points at its file (a URI relative to the root), line and column.
    """
    from urllib.parse import quote

    from . import __version__
    from .rules import catalogue

    rules = catalogue()
    index = {r.id: i for i, r in enumerate(rules)}
    results: list[dict[str, object]] = []
    for f in result.findings:
        entry: dict[str, object] = {"ruleId": f.rule}
        if f.rule in index:
            entry["ruleIndex"] = index[f.rule]
        entry["level"] = _SARIF_LEVEL[f.severity]
        entry["message"] = {"text": f.message}
        entry["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(f.file, safe="/"), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                }
            }
        ]
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
                "help": {"text": f"{r.explanation}\n\nSource: {r.source}."},
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                "properties": {"source": r.source, "configurable": r.configurable},
            }
            for r in rules
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


def sarif(result: Result, out: TextIO, strict: bool = False) -> None:
    """SARIF 2.1.0 for GitHub code scanning (upload it with github/codeql-action/upload-sarif)."""
    out.write(json.dumps(sarif_log(result), indent=2) + "\n")


REPORTERS: dict[str, Callable[[Result, TextIO, bool], None]] = {
    "text": text,
    "json": json_,
    "github": github,
    "sarif": sarif,
}
FORMATS = ("auto", *REPORTERS)


def resolve_format(name: str) -> str:
    """``auto`` is ``github`` under GitHub Actions, otherwise ``text``."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name


def report(result: Result, fmt: str = "auto", out: TextIO | None = None, strict: bool = False) -> None:
    REPORTERS[resolve_format(fmt)](result, out or sys.stdout, strict)
