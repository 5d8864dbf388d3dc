"""A big site is made in pieces on both cores, its downloads in parts: the files are the
same, byte for byte, as one process making each whole, and a failure anywhere writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from thp_cli.dataset.load import load_dataset
from thp_cli.errors import ThpError
from thp_cli.export.calendar import calendar
from thp_cli.export.popolo import popolo_json
from thp_cli.export.seats import seats, seats_csv
from thp_cli.site import downloads, render
from thp_cli.site.context import Site
from thp_cli.site.history import SiteHistory
from thp_cli.yamlio import parallel

from ..conftest import write_partnership
from .helpers import build, files

ON = dt.date(2024, 9, 1)


def _meetings(n: int, timed: bool) -> list[dict[str, object]]:
    days = ["2024-03-01", "2024-06-01", "2024-06-01", "2024-10-01"][:n]
    return [
        {
            "date": day,
            "status": "held" if day < "2024-09" else "planned",
            **({"time": "18:30"} if timed else {}),
        }
        for day in days
    ]


def _partnership(root: Path, timed: set[int], meetings: bool = True) -> Path:
    """Nine boards: some meet at a time of day (the calendar's time zone), some all day, some
    never; seats from a few organisations."""
    boards: dict[str, dict[str, object]] = {}
    for i in range(9):
        fields: dict[str, object] = {"seats": [f"org-{i % 3}/Chair", f"org-{(i + 1) % 3}/Member {i}"]}
        if meetings and i % 4 != 1:
            fields["meetings"] = _meetings(1 + i % 4, i in timed)
        boards[f"b{i}"] = fields
    return write_partnership(root, boards)


def _site(root: Path) -> Site:
    ds = load_dataset(root)
    return Site(ds, ON, False, SiteHistory(available=False, note="no history"))


def _joined(site: Site) -> tuple[str, str, str]:
    parts = downloads.parts(site.ds)
    cal = "".join(downloads.join_calendar(site, [downloads.calendar_part(site, ids) for ids in parts]))
    csv = "".join(downloads.join_seats([downloads.seats_part(site, ids) for ids in parts]))
    return cal, csv, "".join(downloads.popolo_text(site))


@pytest.mark.parametrize(
    ("timed", "meetings"),
    [({6}, True), ({0, 2, 8}, True), (set(), True), (set(), False)],
    ids=["one part timed, not the first", "several timed", "all day", "no meetings"],
)
def test_downloads_joined_from_parts_are_the_exports_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, timed: set[int], meetings: bool
) -> None:
    site = _site(_partnership(tmp_path / "p", timed, meetings))
    monkeypatch.setattr(downloads, "PART", 2)
    cal, csv, json = _joined(site)
    assert cal == calendar(site.ds, ON)
    assert ("TZID:Europe/London" in cal) == bool(timed)  # the one time zone, only for a timed meeting
    assert ("BEGIN:VEVENT" in cal) == meetings
    assert csv == seats_csv(seats(site.ds))
    assert json == popolo_json(site.ds)


def test_a_site_made_on_both_cores_in_small_pieces_is_the_same_as_one_made_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _partnership(tmp_path / "p", {0, 5})
    whole = build(root, tmp_path / "whole", base_url="https://example.org/p/")
    calls: list[int] = []
    real = render.Files.piece

    def piece(self: render.Files, index: int, stage: object) -> object:
        calls.append(index)
        return real(self, index, stage)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "workers", lambda: 2)  # two cores, as CI has at least
    monkeypatch.setattr(render, "SHARED_FROM", 0)
    monkeypatch.setattr(render, "PIECE", 2)
    monkeypatch.setattr(downloads, "PART", 2)
    monkeypatch.setattr(render.Files, "piece", piece)
    pieces = build(root, tmp_path / "pieces", base_url="https://example.org/p/")
    assert calls == []  # every piece was made in a worker process, none in this one
    assert files(tmp_path / "pieces") == files(tmp_path / "whole")
    assert pieces.written.written == whole.written.written and pieces.pages == whole.pages == 9 + 3 + 7


def test_a_piece_that_fails_in_a_worker_writes_nothing_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _partnership(tmp_path / "p", set())
    build(root)
    before = files(root / "site")
    (root / "data" / "boards" / "b3.yaml").write_text(
        (root / "data" / "boards" / "b3.yaml").read_text().replace('"B3"', '"Board three"')
    )
    real = render.Files.make

    def make(self: render.Files, index: int) -> list[tuple[str, str]]:
        if self.pieces[index][0] == "organisations":
            raise ThpError("site/organisation.html.j2, line 3: a problem in the template")
        return real(self, index)

    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(render, "SHARED_FROM", 0)
    monkeypatch.setattr(render.Files, "make", make)
    with pytest.raises(ThpError, match="line 3: a problem in the template"):
        build(root)
    assert files(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == ["data", "site"]  # no stage left beside it


def test_a_repeat_build_rewrites_nothing_and_the_downloads_keep_their_bytes(tmp_path: Path) -> None:
    root = _partnership(tmp_path / "p", {2})
    build(root)
    calendar_file = root / "site" / "calendar.ics"
    first = calendar_file.stat().st_mtime_ns, calendar_file.read_bytes()
    again = build(root)
    assert again.written.written == [] and again.written.unchanged == len(files(root / "site")) - 1
    assert (calendar_file.stat().st_mtime_ns, calendar_file.read_bytes()) == first
    (root / "data" / "boards" / "b2.yaml").write_text(
        (root / "data" / "boards" / "b2.yaml").read_text().replace("18:30", "19:00")
    )
    changed = build(root)
    assert "calendar.ics" in changed.written.written and "seats.csv" not in changed.written.written
    assert "DTSTART;TZID=Europe/London:20240301T190000" in calendar_file.read_text()
