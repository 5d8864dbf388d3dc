"""judge.rate_indicator: an indicator's one-word rating from its latest value against the plan's
straight line to its next milestone or target, worked out by hand on made-up figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from thp_cli import indicator_rating as judge
from thp_cli.indicator import Indicator

ON = dt.date(2025, 6, 1)


def indicator(direction: str = "up", values: list[tuple[str, float]] = (), **extra: Any) -> Indicator:
    """Up: from 40 (March 2020) to 80 (March 2030), 4 a year; down: from 80 to 40."""
    low, high = (40, 80) if direction == "up" else (80, 40)
    return Indicator.model_validate(
        {
            "id": "made-up",
            "title": "A made-up measure",
            "calls_to_action": [1],
            "owner": "some-board",
            "unit": "score",
            "direction": direction,
            "baseline": {"date": "2020-03", "value": low},
            "target": {"date": "2030-03", "value": high},
            "values": [{"date": d, "value": v} for d, v in values],
            **extra,
        }
    )


def test_no_values_is_no_recent_data() -> None:
    assert judge.rate_indicator(indicator(), ON) == "no recent data"


def test_values_only_after_the_day_judged_are_not_read() -> None:
    assert judge.rate_indicator(indicator(values=[("2026-03", 99)]), ON) == "no recent data"


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        (60, "on track"),  # on the line: 40 + 4 a year for 5 years
        (62, "on track"),  # better than the line
        (56.5, "behind"),  # 3.5 short; the tolerance is 10% of the 40-point gap: 4
        (56, "off track"),  # 4 short: not less than the tolerance
        (30, "off track"),  # worse than the baseline
    ],
)
def test_one_value_is_read_against_the_line_at_its_date(value: float, rating: str) -> None:
    assert judge.rate_indicator(indicator(values=[("2025-03", value)]), ON) == rating


def test_the_latest_value_counts_not_the_earlier_ones() -> None:
    # 2023-03 on the line (52); 2025-03 well below it (60 expected)
    assert judge.rate_indicator(indicator(values=[("2023-03", 52), ("2025-03", 50)]), ON) == "off track"
    assert judge.rate_indicator(indicator(values=[("2023-03", 20), ("2025-03", 61)]), ON) == "on track"


@pytest.mark.parametrize(
    ("value", "rating"),
    [(60, "on track"), (58, "on track"), (63.5, "behind"), (64, "off track"), (40, "target met")],
)
def test_direction_down_lower_is_better(value: float, rating: str) -> None:
    assert judge.rate_indicator(indicator("down", [("2025-03", value)]), ON) == rating


def test_a_target_met_early_is_target_met_either_way() -> None:
    assert judge.rate_indicator(indicator(values=[("2022-03", 85)]), dt.date(2022, 6, 1)) == "target met"
    assert judge.rate_indicator(indicator(values=[("2022-03", 80)]), dt.date(2022, 6, 1)) == "target met"
    assert judge.rate_indicator(indicator("down", [("2022-03", 39)]), dt.date(2022, 6, 1)) == "target met"


def test_a_milestone_bends_the_line() -> None:
    # the milestone asks for 70 by March 2024: the line runs 40 -> 70 in 4 years, then 70 -> 80 in 6;
    # in March 2022 it reads 55 (without the milestone, 48: 52 would be on track)
    bent = {"milestones": [{"date": "2024-03", "value": 70}]}
    assert (
        judge.rate_indicator(indicator(values=[("2022-03", 55)], **bent), dt.date(2022, 6, 1)) == "on track"
    )
    assert judge.rate_indicator(indicator(values=[("2022-03", 52)]), dt.date(2022, 6, 1)) == "on track"
    assert judge.rate_indicator(indicator(values=[("2022-03", 52)], **bent), dt.date(2022, 6, 1)) == "behind"
    assert (
        judge.rate_indicator(indicator(values=[("2022-03", 50)], **bent), dt.date(2022, 6, 1)) == "off track"
    )
    # past the milestone, the line runs from it: 70 in March 2024 to 80 in March 2030
    assert (
        judge.rate_indicator(indicator(values=[("2027-03", 75)], **bent), dt.date(2027, 6, 1)) == "on track"
    )
    assert judge.trajectory(indicator(**bent), dt.date(2024, 3, 31)) == 70


def test_past_the_target_date_it_is_judged_against_the_target() -> None:
    # 78 in 2031: the line has ended at the target, 80, so 2 short (under the tolerance of 4)
    assert judge.rate_indicator(indicator(values=[("2031-03", 78)]), dt.date(2031, 6, 1)) == "behind"
    assert judge.rate_indicator(indicator(values=[("2031-03", 70)]), dt.date(2031, 6, 1)) == "off track"
    assert judge.rate_indicator(indicator(values=[("2031-03", 80)]), dt.date(2031, 6, 1)) == "target met"


def test_a_value_more_than_15_months_old_is_no_recent_data() -> None:
    ind = indicator(values=[("2024-03", 56)])  # on the line; March 2024 ends on the 31st
    assert judge.rate_indicator(ind, dt.date(2025, 6, 30)) == "on track"
    assert judge.rate_indicator(ind, dt.date(2025, 7, 1)) == "no recent data"


def test_the_tolerance_is_the_partnerships_to_set() -> None:
    ind = indicator(values=[("2025-03", 57)])  # 3 short of 60
    assert judge.rate_indicator(ind, ON, tolerance=0.1) == "behind"
    assert judge.rate_indicator(ind, ON, tolerance=0.05) == "off track"
    assert judge.rate_indicator(ind, ON, tolerance=0) == "off track"


def test_partnership_yaml_sets_the_tolerance_and_a_bad_one_is_placed(partnership: Path) -> None:
    from thp_cli.dataset.load import load_dataset

    def tolerance() -> float:
        ds = load_dataset(partnership)
        assert ds.findings == [] and ds.partnership is not None
        return judge.indicator_tolerance(ds.partnership.record)

    assert tolerance() == 0.1
    path = partnership / "data" / "partnership.yaml"
    path.write_text(path.read_text() + "indicator_tolerance: 0.25\n")
    assert tolerance() == 0.25
    line = len(path.read_text().splitlines())
    path.write_text(path.read_text().replace("indicator_tolerance: 0.25", "indicator_tolerance: 10"))
    [finding] = load_dataset(partnership).findings
    assert (finding.file, finding.line, finding.column) == ("data/partnership.yaml", line, 22)
    assert finding.message == "'indicator_tolerance': input should be less than or equal to 1"


def _counted(direction: str, baseline: float, target: float, values: list[tuple[str, float]]) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "made-up",
            "title": "A made-up count",
            "calls_to_action": [1],
            "owner": "some-board",
            "unit": "count",
            "direction": direction,
            "baseline": {"date": "2023-03", "value": baseline},
            "target": {"date": "2025-03", "value": target},
            "values": [{"date": d, "value": v} for d, v in values],
        }
    )


def test_once_the_target_date_has_passed_an_older_value_is_judged_against_the_target() -> None:
    # 0 to 24 over two years: 15 in June 2024 is on the line then (24 * 15/24), so on track
    # until the target's date; after it, 15 is 9 short of 24 (the tolerance is 2.4): off track
    ind = _counted("up", 0, 24, [("2024-06", 15)])
    assert judge.rate_indicator(ind, dt.date(2025, 3, 31)) == "on track"
    assert judge.rate_indicator(ind, dt.date(2025, 6, 30)) == "off track"
    after = dt.date(2025, 6, 30)
    assert judge.rate_indicator(_counted("up", 0, 24, [("2024-06", 22)]), after) == "behind"
    assert judge.rate_indicator(_counted("up", 0, 24, [("2024-06", 24)]), after) == "target met"
    # past the target, even a value better than the line once was is never "on track"
    ahead = _counted("down", 24, 0, [("2024-06", 8)])
    assert judge.rate_indicator(ahead, dt.date(2025, 3, 1)) == "on track"
    assert judge.rate_indicator(ahead, dt.date(2025, 4, 1)) == "off track"


def test_a_target_on_the_worse_side_never_makes_a_worsening_value_target_met() -> None:
    # lower is better, yet the target (20) is above the baseline (10): 19 is worse than the
    # baseline, not the target met; 9 is better than both
    assert judge.target_the_wrong_way(_counted("down", 10, 20, []))
    assert not judge.target_the_wrong_way(_counted("down", 20, 10, []))
    assert not judge.target_the_wrong_way(_counted("up", 10, 10, []))  # holding a level
    on = dt.date(2024, 9, 1)
    assert judge.rate_indicator(_counted("down", 10, 20, [("2024-06", 19)]), on) == "off track"
    assert judge.rate_indicator(_counted("down", 10, 20, [("2024-06", 9)]), on) == "target met"
    assert judge.rate_indicator(_counted("up", 10, 5, [("2024-06", 7)]), on) == "off track"
