"""Findings are values: what a check found, where, and how serious it is."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from .text import clean


class Severity(str, enum.Enum):
    """How serious a finding is: an error fails the run, a warning only a strict one; off is not reported."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the data, at a 1-based line and column of a file.

    ``file`` is relative to the root and uses forward slashes.
    """

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", clean(self.message))
        object.__setattr__(self, "file", clean(self.file, 500, keep_bytes=True))

    def as_dict(self) -> dict[str, object]:
        """The finding as JSON: its fields, the severity as its word."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


@dataclass
class Result:
    """Every finding of one run, in a stable order."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # rule id -> the source partnership.yaml records

    @classmethod
    def of(cls, findings: Iterable[Finding], files_checked: int = 0) -> Result:
        """The result of ``findings``: each once, sorted, those whose rule is off left out."""
        # by their fields, in their order (as findings compare), told apart and sorted as tuples:
        # a tuple's hash and order are worked out in C, a finding's in Python
        keyed = {
            (f.file, f.line, f.column, f.rule, f.severity, f.message): f
            for f in findings
            if f.severity is not Severity.OFF
        }
        return cls([keyed[k] for k in sorted(keyed)], files_checked)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def ok(self, strict: bool = False) -> bool:
        """Whether the run passed: no error (and, ``strict``, no warning either)."""
        return self.errors == 0 and (not strict or self.warnings == 0)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of data-format.md, "What validation reports"."""
        return {
            "ok": self.ok(),
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.as_dict() for f in self.findings],
        }
