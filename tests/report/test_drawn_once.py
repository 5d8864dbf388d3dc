"""The structure's pictures are drawn only for the report that shows them (#17): laying
out the SVG of 20,000 boards takes seconds, and the Markdown report shows the Mermaid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli.report import diagram
from thp_cli.report.annual import annual

from ..conftest import BASE, build_case

ON = dt.date(2024, 9, 1)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times each picture was drawn."""
    counts = {"svg": 0, "mermaid": 0}
    svg, mermaid = diagram.svg, diagram.mermaid

    def counted_svg(*args: object) -> str:
        counts["svg"] += 1
        return svg(*args)  # type: ignore[arg-type]

    def counted_mermaid(*args: object) -> str:
        counts["mermaid"] += 1
        return mermaid(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(diagram, "svg", counted_svg)
    monkeypatch.setattr(diagram, "mermaid", counted_mermaid)
    return counts


def test_each_format_draws_only_its_own_picture(tmp_path: Path, drawn: dict[str, int]) -> None:
    root = build_case(BASE, tmp_path / "p")
    md = annual(root, year=2024, as_of=ON, fmt="md")
    assert "flowchart TB" in md and "<svg" not in md
    assert drawn == {"svg": 0, "mermaid": 1}
    html = annual(root, year=2024, as_of=ON, fmt="html")
    assert "<svg" in html and "flowchart TB" not in html
    assert drawn == {"svg": 1, "mermaid": 1}


def test_a_council_template_that_shows_both_pictures_gets_both(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.md.j2").write_text(
        "{{ r.structure_svg|raw }}\n---\n{{ r.structure_mermaid|raw }}\n---\n{{ r.structure_svg|raw }}\n",
        encoding="utf-8",
    )
    svg, mermaid, again = annual(root, year=2024, as_of=ON, fmt="md", templates=own).split("\n---\n")
    html = annual(root, year=2024, as_of=ON, fmt="html")
    md = annual(root, year=2024, as_of=ON, fmt="md")
    assert svg.startswith("<svg") and svg in html
    assert again.strip() == svg
    assert mermaid.startswith("flowchart TB") and mermaid in md
