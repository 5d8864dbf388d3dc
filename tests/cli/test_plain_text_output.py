"""``thp validate``'s text output, written without rich where no colour would be shown, is
byte for byte what rich writes there; at a terminal, or with colour forced, rich writes it."""

from __future__ import annotations

import io
import sys

import pytest

from thp_cli import reporters
from thp_cli.findings import Finding, Result, Severity

AWKWARD = [
    "[bold]not markup[/bold] and :smile: and [red]",
    "a tab\there, a line\nbreak and a bell \a",
    "wide 漢字 and combining é and an emoji 🎉 " + "long " * 40,
    "::error::not a workflow command",
    "  leading spaces  ",
    "",
]


def result() -> Result:
    findings = [
        Finding(f"data/boards/b{n % 3}.yaml", n + 1, 2, f"rule-{n}", sev, message)
        for n, message in enumerate(AWKWARD)
        for sev in (Severity.ERROR, Severity.WARNING)
    ]
    findings.append(Finding("data/odd [name]\t.yaml", 1, 1, "x", Severity.WARNING, "[link](x)"))
    return Result.of(findings, 12)


def by_rich(res: Result, strict: bool, new: list[bool] | None, monkeypatch: pytest.MonkeyPatch) -> str:
    out = io.StringIO()  # not a terminal: rich writes no colour
    with monkeypatch.context() as m:
        m.setattr(reporters, "_colour_possible", lambda out: True)
        reporters.text(res, out, strict, new)
    return out.getvalue()


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("marked", [False, True])
def test_plain_text_is_what_rich_writes(monkeypatch: pytest.MonkeyPatch, strict: bool, marked: bool) -> None:
    for name in reporters._COLOUR_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for res in (result(), Result.of([], 3), Result.of(result().findings[1:2], 1)):
        new = [n % 2 == 0 for n in range(len(res.findings))] if marked else None
        plain = io.StringIO()
        reporters.text(res, plain, strict, new)
        assert plain.getvalue() == by_rich(res, strict, new, monkeypatch)
        assert ("not valid" in plain.getvalue()) == (not res.ok(strict))


def test_plain_text_needs_no_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in reporters._COLOUR_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setitem(sys.modules, "rich", None)  # importing rich now fails
    monkeypatch.setitem(sys.modules, "rich.console", None)
    out = io.StringIO()
    reporters.text(result(), out)
    assert out.getvalue().endswith("✗ not valid: 6 errors, 7 warnings in 12 files\n")
    assert "\\u0009" in out.getvalue() and "[bold]not markup[/bold]" in out.getvalue()


def test_colour_forced_or_a_terminal_goes_through_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    reporters.text(result(), out)
    assert "\x1b[" in out.getvalue()  # colour, as rich writes it when forced

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("FORCE_COLOR")
    assert reporters._colour_possible(Terminal()) and not reporters._colour_possible(io.StringIO())
