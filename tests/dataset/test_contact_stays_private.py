"""Issue #10: nothing under ``contact:`` ever appears in a finding, in any output format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.validate import validate

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)
SECRETS = ("7700900123", "07700", "jo.bloggs", "example.org", "Flat 9", "Secret Street", "E1 4XY")

# Each entry is one person's contact: a malformed value of every field, and
# every shape of mistake the loader and the model report.
CONTACTS = {
    "phone-number": "contact:\n      phone: 07700900123\n",
    "phone-list": "contact:\n      phone: [07700 900123]\n",
    "phone-mapping": "contact:\n      phone: {mobile: 07700 900123}\n",
    "phone-bool": "contact:\n      phone: true\n",
    "email-number": "contact:\n      email: 7700900123\n",
    "email-list": "contact:\n      email: [jo.bloggs@example.org]\n",
    "email-float": "contact:\n      email: 7700900123.5\n",
    "address-list": "contact:\n      address: [Flat 9, Secret Street, E1 4XY]\n",
    "address-mapping": "contact:\n      address: {line1: Flat 9 Secret Street}\n",
    "contact-text": "contact: jo.bloggs@example.org 07700 900123\n",
    "contact-number": "contact: 07700900123\n",
    "contact-list": "contact: [jo.bloggs@example.org]\n",
    "unknown-key-value": "contact:\n      mobile: 07700 900123\n",
    "key-is-a-number": "contact:\n      07700900123: mobile\n",
    "key-is-text": "contact:\n      jo.bloggs@example.org: email\n",
    "duplicate-key": "contact:\n      Flat 9 Secret Street: a\n      Flat 9 Secret Street: b\n",
    "key-is-a-list": "contact:\n      [07700900123]: mobile\n",
    "tagged": "contact:\n      phone: !!int 07700900123\n",
    "tag-is-the-value": "contact:\n      phone: !07700900123 x\n",
    "alias-is-the-value": "contact:\n      phone: *07700900123\n",
    "tag-on-contact": "contact: !jo.bloggs@example.org\n",
}


def people_with(contact: str) -> str:
    indented = "    " + contact
    return f"people:\n  - id: jo\n    name: Jo\n{indented}  - id: ann\n    name: Ann\n"


def partnership(root: Path, people: str) -> Path:
    write_partnership(root, {"top": {"kind": "partnership-board", "calls_to_action": [1, 2]}})
    (root / "data" / "people.yaml").write_text(people, encoding="utf-8")
    return root


@pytest.mark.parametrize("case", sorted(CONTACTS))
def test_no_finding_quotes_a_contact_value(case: str, tmp_path: Path) -> None:
    root = partnership(tmp_path / "p", people_with(CONTACTS[case]))
    result = validate(root, ON)
    assert result.errors >= 1, case  # every case is a mistake that is reported ...
    for finding in result.findings:  # ... without the value
        for secret in SECRETS:
            assert secret not in finding.message, (case, finding)
        assert finding.file == "data/people.yaml" and finding.line >= 4


def test_a_misspelt_contact_key_still_gets_its_suggestion(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p", people_with("contact:\n      emial: jo.bloggs@example.org\n"))
    (finding,) = validate(root, ON).findings
    assert finding.rule == "unknown-key" and "did you mean 'email'" in finding.message
    assert "jo.bloggs" not in finding.message


def test_a_wrong_type_under_contact_names_the_field_and_the_fix(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p", people_with(CONTACTS["phone-number"]))
    (finding,) = validate(root, ON).findings
    assert (finding.rule, finding.line, finding.column) == ("wrong-type", 5, 14)
    assert "'phone'" in finding.message and "quote" in finding.message


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "auto"])
def test_no_output_format_carries_a_contact_value(fmt: str, tmp_path: Path) -> None:
    people = "people:\n" + "".join(
        f"  - id: p{i}\n    name: P{i}\n    {contact.replace(chr(10) + '      ', chr(10) + '        ')}"
        for i, contact in enumerate(CONTACTS.values())
    )
    root = partnership(tmp_path / "p", people)
    summary = tmp_path / "summary.md"
    env = {
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTIONS": "true" if fmt == "auto" else "",
        "NO_COLOR": "1",
    }
    done = CliRunner().invoke(app, ["validate", "--root", str(root), "--format", fmt], env=env)
    assert done.exit_code == 1, done.output
    shown = done.output + (summary.read_text() if summary.exists() else "")
    assert "people.yaml" in shown
    for secret in SECRETS:
        assert secret not in shown, (fmt, secret)
