"""Issue #14, an indicator's chart and table as pure functions of its figures: the SVG
parses as XML, is named and described with every figure in words, escapes a hostile
title, never divides by nothing, and gives the same bytes in every process."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from thp_cli.dates import Month
from thp_cli.report.charts import Figures, Point, indicator_chart, indicator_table

SVG = "{http://www.w3.org/2000/svg}"


def figures(
    values: Sequence[tuple[dt.date, float]] = ((Month(2024, 3), 15.9),),
    *,
    title: str = "Households living in overcrowded conditions",
    unit: str = "percent",
    direction: str = "down",
    baseline: tuple[dt.date, float] = (Month(2021, 3), 16.4),
    target: tuple[dt.date, float] = (Month(2028, 3), 12.0),
    milestones: Sequence[tuple[dt.date, float]] = (),
    rating: str = "behind",
) -> Figures:
    return Figures(
        title=title,
        unit=unit,
        direction=direction,
        values=[Point(d, v) for d, v in values],
        baseline=Point(*baseline),
        target=Point(*target),
        milestones=[Point(d, v) for d, v in milestones],
        rating=rating,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def desc(svg: str) -> str:
    found = parse(svg).find(f"{SVG}desc")
    assert found is not None and found.text
    return found.text


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parse(svg).iter(f"{SVG}text")]


def points(svg: str, colour: str) -> list[tuple[float, float]]:
    root = parse(svg)
    return [
        (float(c.get("cx", "")), float(c.get("cy", "")))
        for c in root.findall(f"{SVG}circle")
        if c.get("fill") == colour
    ]


def test_the_chart_is_an_image_named_and_described_with_its_figures_in_words() -> None:
    svg = indicator_chart(figures(milestones=[(Month(2025, 3), 14.5)]), "overcrowded-households")
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Households living in overcrowded conditions"
    assert root.get("aria-labelledby") == title.get("id") == "chart-overcrowded-households-title"
    assert root.get("aria-describedby") == "chart-overcrowded-households-desc"
    assert desc(svg) == (
        "Baseline 16.4% in March 2021; latest 15.9% in March 2024; target 12.0% by March 2028; "
        "rated behind. Milestone: 14.5% by March 2025. Lower is better."
    )
    # the rating and which way is better are words in the picture, not only a colour
    assert "Rated: behind" in texts(svg)
    assert "Percent, lower is better" in texts(svg)
    assert {"Recorded values", "Trajectory to target", "Milestone", "Target"} <= set(texts(svg))


def test_it_scales_to_its_column_and_holds_nothing_that_runs_or_fetches() -> None:
    svg = indicator_chart(figures(), "a")
    root = parse(svg)
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 440 [0-9.]+", root.get("viewBox", ""))
    assert "max-width" in root.get("style", "")
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in ("script", "a", "image", "use", "foreignObject", "style")
        assert not any(name.startswith("on") or "href" in name for name in element.attrib)
    assert "url(" not in svg


def test_a_hostile_title_and_id_stay_text() -> None:
    hostile = 'Bad</title><script>alert(1)</script><a href="javascript:x">&amp; "q"\x07'
    svg = indicator_chart(figures(title=hostile, rating="<b>behind</b>"), 'x" onload="alert(1)')
    root = parse(svg)  # still well-formed XML
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}a"))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == hostile.replace("\x07", "\ufffd")
    assert "onload" not in root.attrib
    assert root.get("aria-labelledby", "").count(" ") == 0  # one id, whatever the data's id held
    assert "Rated: <b>behind</b>" in texts(svg)


def test_the_line_runs_through_the_values_oldest_first_and_higher_values_higher() -> None:
    values = [(Month(2022, 3), 10.0), (Month(2023, 3), 20.0), (Month(2024, 3), 30.0)]
    svg = indicator_chart(figures(values, direction="up", baseline=(Month(2021, 3), 5.0),
                                  target=(Month(2026, 3), 40.0)), "up")  # fmt: skip
    dots = points(svg, "#1d70b8")
    assert [x for x, _ in dots] == sorted(x for x, _ in dots)
    assert dots[0][1] > dots[1][1] > dots[2][1]  # SVG's y grows downwards
    assert desc(svg).endswith("3 values recorded, from March 2022. Higher is better.")
    assert "Percent, higher is better" in texts(svg)
    polylines = parse(svg).findall(f"{SVG}polyline")
    assert [p.get("stroke-dasharray") for p in polylines] == ["8 5", None]  # trajectory, then values


def test_no_values_draws_baseline_and_target_and_says_so() -> None:
    svg = indicator_chart(figures([], rating="no recent data"), "none")
    assert points(svg, "#1d70b8") == []
    assert "No value recorded yet" in texts(svg)
    assert "Recorded values" not in texts(svg)
    assert desc(svg).startswith("Baseline 16.4% in March 2021; no value recorded yet; target 12.0%")
    assert [row[0] for row in indicator_table(figures([])).rows] == ["Baseline", "Target"]


def test_one_value_is_one_point_and_no_line() -> None:
    svg = indicator_chart(figures(), "one")
    assert len(points(svg, "#1d70b8")) == 1
    assert len(parse(svg).findall(f"{SVG}polyline")) == 1  # the trajectory only


def test_values_past_the_target_date_are_drawn_right_of_the_target() -> None:
    values = [(Month(2027, 3), 13.0), (Month(2029, 3), 11.5)]
    svg = indicator_chart(figures(values, rating="target met"), "late")
    target = next(c for c in parse(svg).findall(f"{SVG}circle") if c.get("r") == "8")
    last = points(svg, "#1d70b8")[-1]
    assert last[0] > float(target.get("cx", ""))
    assert "latest 11.5% in March 2029; target 12.0% by March 2028; rated target met" in desc(svg)


@pytest.mark.parametrize("value", [0.0, 7.0, -3.5])
def test_the_same_value_everywhere_is_drawn_without_dividing_by_nothing(value: float) -> None:
    same = (Month(2021, 3), value)
    svg = indicator_chart(
        figures([same], unit="score", baseline=same, target=(Month(2025, 3), value)), "flat"
    )
    coordinates = re.findall(r' (?:x|y|cx|cy|x1|y1|x2|y2)="([^"]+)"', svg)
    assert coordinates and all(re.fullmatch(r"-?[0-9]+(\.[0-9])?", c) for c in coordinates), coordinates
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    grid = [float(g.get("y1", "")) for g in parse(svg).findall(f"{SVG}line") if g.get("stroke") == "#b1b4b6"]
    (_, y), *_ = points(svg, "#1d70b8")
    assert min(grid) <= y <= max(grid)  # drawn inside the plot (0 on the axis when nothing is negative)


def test_negative_and_zero_values_and_their_units() -> None:
    values = [(Month(2023, 3), -2.5), (Month(2024, 3), 0)]
    svg = indicator_chart(figures(values, unit="gbp", direction="up", baseline=(Month(2022, 3), -10),
                                  target=(Month(2026, 3), 5)), "money")  # fmt: skip
    assert desc(svg).startswith("Baseline -£10.0 in March 2022; latest £0.0 in March 2024; target £5.0")
    labels = texts(svg)
    assert "-£10" in labels and "£0" in labels  # the value axis runs below zero
    dots = points(svg, "#1d70b8")
    assert dots[0][1] > dots[1][1]


def test_units_are_written_as_people_write_them() -> None:
    def latest(unit: str, value: float) -> str:
        return indicator_table(figures([(Month(2024, 3), value)], unit=unit)).rows[1][2]

    assert latest("rate-per-1000", 4.25) == "4.25 per 1,000"
    assert latest("count", 12345) == "12,345.0"  # as precise as the baseline's 16.4
    assert latest("days", 1) == "1.0 days"
    assert indicator_table(figures([(Month(2024, 3), 1)], unit="days", baseline=(Month(2021, 3), 3),
                                   target=(Month(2028, 3), 1))).rows[1][2] == "1 day"  # fmt: skip


def test_dates_as_days_are_written_as_days_and_the_axis_fits_a_short_span() -> None:
    values = [(dt.date(2024, 2, 10), 40.0), (dt.date(2024, 5, 20), 35.0)]
    svg = indicator_chart(figures(values, baseline=(dt.date(2024, 1, 5), 45.0),
                                  target=(dt.date(2024, 9, 30), 30.0)), "days")  # fmt: skip
    assert desc(svg).startswith("Baseline 45% on 5 January 2024; latest 35% on 20 May 2024")
    assert {"Mar 2024", "May 2024"} <= set(texts(svg))  # months marked, not years


def test_the_table_holds_the_same_figures_in_date_order_with_notes() -> None:
    data = Figures(
        title="Households living in overcrowded conditions",
        unit="percent",
        direction="down",
        values=[Point(Month(2024, 3), 15.9, "Census-based estimate")],
        baseline=Point(Month(2021, 3), 16.4),
        target=Point(Month(2028, 3), 12),
        milestones=[Point(Month(2025, 3), 14.5)],
        rating="behind",
    )
    table = indicator_table(data)
    assert table.caption == "Households living in overcrowded conditions: figures (rated behind)"
    assert table.head == ("Figure", "Date", "Value", "Note")
    assert table.rows == (
        ("Baseline", "March 2021", "16.4%", ""),
        ("Recorded", "March 2024", "15.9%", "Census-based estimate"),
        ("Milestone", "March 2025", "14.5%", ""),
        ("Target", "March 2028", "12.0%", ""),
    )


def test_a_figure_that_is_not_a_finite_number_is_refused() -> None:
    with pytest.raises(ValueError, match="finite number"):
        indicator_chart(figures([(Month(2024, 3), float("nan"))]), "x")


DRIVER = """
import datetime as dt, sys
from thp_cli.dates import Month
from thp_cli.report.charts import Figures, Point, indicator_chart, indicator_table
f = Figures("T", "rate-per-1000", "up", [Point(Month(2022, 1), 0.1), Point(dt.date(2023, 7, 9), 0.3)],
            Point(Month(2021, 3), 1 / 3), Point(Month(2030, 3), 2.675), "on track",
            [Point(Month(2025, 3), 1.005)])
sys.stdout.write(indicator_chart(f, "t") + repr(indicator_table(f)))
"""


def test_same_figures_same_bytes_in_every_process() -> None:
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", DRIVER], env=env, capture_output=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert b"0.333 per 1,000" in outputs[0] and b"2.675 per 1,000" in outputs[0]


def test_a_value_that_rounds_to_zero_has_no_minus_sign() -> None:
    table = indicator_table(
        figures([(Month(2024, 3), -0.0004)], unit="score", baseline=(Month(2021, 3), 1.5))
    )
    assert table.rows[1][2] == "0.000"  # three decimals at most


def test_the_time_axis_marks_years_months_or_the_two_ends_as_the_span_needs() -> None:
    from thp_cli.report.charts import x_ticks

    decades = [label for _, label in x_ticks(dt.date(1990, 6, 1), dt.date(2030, 6, 1), 380)]
    assert decades == ["2000", "2010", "2020", "2030"]  # 1 January 1990 is before the start
    assert [label for _, label in x_ticks(dt.date(2024, 3, 2), dt.date(2024, 3, 20), 380)] == [
        "2 Mar 2024",
        "20 Mar 2024",
    ]
    svg = indicator_chart(figures([(dt.date(2024, 3, 9), 15.0)], baseline=(dt.date(2024, 3, 2), 16.0),
                                  target=(dt.date(2024, 3, 20), 14.0)), "short")  # fmt: skip
    assert {"2 Mar 2024", "20 Mar 2024"} <= set(texts(svg))


def test_months_are_in_and_days_are_on_in_the_description() -> None:
    svg = indicator_chart(figures([(dt.date(2024, 1, 15), 15.0)], baseline=(Month(2021, 3), 16.4)), "mixed")
    assert desc(svg).startswith("Baseline 16.4% in March 2021; latest 15.0% on 15 January 2024;")


@pytest.mark.parametrize(
    ("low", "high"), [(-1e308, 1.7e308), (0.0, sys.float_info.max), (-sys.float_info.max, -1e300)]
)
def test_figures_as_far_apart_as_floats_go_are_drawn_without_overflow(low: float, high: float) -> None:
    shown = figures([(Month(2024, 3), 0.0)], unit="gbp", direction="up", baseline=(Month(2021, 3), low),
                    target=(Month(2028, 3), high))  # fmt: skip
    svg = indicator_chart(shown, "huge")
    ys = [y for _, y in points(svg, "#1d70b8")]
    assert ys and all(0 <= y <= 400 for y in ys)  # the value is drawn inside the picture
    assert "inf" not in svg and "nan" not in svg
    assert indicator_table(shown).rows[0][2].startswith("£" if low >= 0 else "-£")
