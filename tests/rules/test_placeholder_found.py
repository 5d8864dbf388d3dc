"""A placeholder thp init wrote is found wherever it is, however the text around it is
written: the check passes over a record only when no string of it can hold one."""

from __future__ import annotations

import json
from pathlib import Path

from thp_cli.text import PLACEHOLDER

from .millbrook import found, write


def test_the_placeholder_passes_json_unchanged() -> None:
    # the check looks for it in each record's JSON: none of its characters may be escaped there
    assert json.dumps(PLACEHOLDER, ensure_ascii=False)[1:-1] == PLACEHOLDER


def test_a_placeholder_beside_text_json_escapes_is_still_found(tmp_path: Path) -> None:
    role = f'"{PLACEHOLDER} the \\"chair\\"\\u2019s role \\\\ or the vice-chair\\u2019s"'
    root = write(tmp_path, f"members:\n  - {{role: Chair, organisation: police}}\n  - role: {role}\n")
    warnings = found(root, "2024-09-01", "placeholder")
    assert [(f["file"], f["line"]) for f in warnings] == [("data/boards/safety.yaml", 7)]
    said = f'the role is still the placeholder thp init wrote, "{PLACEHOLDER}'
    assert warnings[0]["message"].startswith(said)


def test_a_record_without_a_placeholder_has_no_finding(tmp_path: Path) -> None:
    root = write(tmp_path, 'members:\n  - {role: "Replace this, with care", organisation: police}\n')
    assert found(root, "2024-09-01", "placeholder") == []
