"""The messages of the file, reference and structure rules are neutral to the partnership.

Nothing in them names another partnership's bodies or papers (PEG, R3.i,
"annex 1", a 30 June deadline, Tower Hamlets) unless the partnership's own
data does. Checked on a partnership that is not Tower Hamlets, with a slip
for every rule of these modules, and in the explanations `thp rules` prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from thp_cli.rules.base import REGISTRY
from thp_cli.rules.catalogue import catalogue
from thp_cli.validate import validate

from ..dataset.test_suggestions import board, riverside

FOREIGN = ("PEG", "R3", "annex", "Annex", "Tower Hamlets", "30 June", "Partnership Executive Group", "review")
OWN_RULES = {
    "reports-to-self",
    "reporting-cycle",
    "top-board",
    "statutory-basis",
    "task-and-finish-end",
    "date-order",
    "duplicate-seat",
    "closed-board-seats",
    "link-scheme",
    "unknown-reference",
    "unknown-rule",
}


def test_messages_name_nothing_the_data_does_not(tmp_path: Path) -> None:
    root = riverside(
        tmp_path / "p",
        {
            "partnership.yaml": "name: Riverside Together\nrules:\n  no-such-rule: warning\n",
            "boards/self.yaml": board("self", "[self]"),
            "boards/a.yaml": board("a", "[b]"),
            "boards/b.yaml": board("b", "[a]"),
            "boards/loose.yaml": board("loose", "[]"),
            "boards/law.yaml": board("law", "[exec]", "statutory: true\n"),
            "boards/tf.yaml": board("tf", "[exec]").replace("thematic-board", "task-and-finish"),
            "boards/dates.yaml": board(
                "dates",
                "[exec]",
                "established: 2024-05-01\nends: 2024-01\n"
                "terms_of_reference:\n  url: clerk@riverside.example\n"
                "members:\n  - role: Lead\n    organisation: rbc\n"
                "  - role: Lead\n    organisation: rbc\n"
                "  - role: Vice\n    organisation: rbc\n    since: 2024-05-01\n    until: 2024-01-01\n",
            ),
            "boards/closed.yaml": board(
                "closed", "[exec]", "status: closed\nmembers:\n  - role: Lead\n    organisation: rbc\n"
            ),
            "boards/gone.yaml": board("gone", "[nowhere]"),
        },
    )
    findings = validate(root, dt.date(2025, 3, 1)).findings
    seen = {f.rule for f in findings}
    assert seen >= OWN_RULES, OWN_RULES - seen
    ours = OWN_RULES | {r for r, v in REGISTRY.items() if not v.configurable}
    for finding in (f for f in findings if f.rule in ours):  # papers.py's rules are checked elsewhere
        assert not any(word in finding.message for word in FOREIGN), finding
    (mail,) = [f.message for f in findings if f.rule == "link-scheme"]
    assert mail.endswith("write mailto:clerk@riverside.example")


def test_explanations_of_these_rules_are_neutral() -> None:
    catalogue()
    for rule_id in OWN_RULES | {r for r, v in REGISTRY.items() if not v.configurable}:
        rule = REGISTRY[rule_id]
        assert not any(word in rule.explanation for word in FOREIGN), (rule_id, rule.explanation)
