"""The annual report runs with Python's cycle collector paused (#17), and leaves it as it was."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Any

import pytest

from thp_cli.collector import paused
from thp_cli.errors import ThpError
from thp_cli.report.annual import annual, annual_report

from ..conftest import BASE, build_case

ON = dt.date(2025, 6, 30)


def test_the_collector_is_off_from_loading_to_rendering_and_back_on_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import thp_cli.history.sources
    import thp_cli.templating

    root = build_case(BASE, tmp_path / "p")
    running: dict[str, bool] = {}

    def noted(name: str, work: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            running[name] = gc.isenabled()
            return work(*args, **kwargs)

        return run

    sources = thp_cli.history.sources
    monkeypatch.setattr(sources, "dataset_on", noted("load", sources.dataset_on))
    monkeypatch.setattr(thp_cli.templating, "render", noted("render", thp_cli.templating.render))
    assert gc.isenabled()
    text = annual(root, year=2025, as_of=ON)
    assert "annual report 2025" in text
    assert running == {"load": False, "render": False}
    assert gc.isenabled()


def test_a_refused_report_leaves_the_collector_running(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    assert gc.isenabled()
    with pytest.raises(ThpError):
        annual_report(root, year=2025, as_of=ON, fmt="pdf")
    assert gc.isenabled()


def test_a_report_made_while_paused_leaves_the_collector_paused(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    with paused():
        made = annual_report(root, year=2025, as_of=ON)
        assert made.text is not None
        assert not gc.isenabled()  # the inner pause did not end the outer one
    assert gc.isenabled()
