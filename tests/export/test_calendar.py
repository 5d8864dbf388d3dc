"""thp export ics: a meeting with a time is a timed event in Europe/London at its venue; one
without stays all day. Read back with icalendar."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()


def timed(root: Path) -> None:
    """Give exec's planned meeting (2024-11-10, GMT) a time and a venue, and health's held
    meeting (2024-06-01, BST) a time."""
    path = root / "data" / "boards" / "exec.yaml"
    path.write_text(
        path.read_text().replace(
            "  - date: 2024-11-10\n    status: planned\n",
            '  - date: 2024-11-10\n    status: planned\n    time: "18:30"\n    venue: Civic Centre, Room 2\n',
        )
    )
    path = root / "data" / "boards" / "health.yaml"
    path.write_text(
        path.read_text().replace(
            "  - date: 2024-06-01\n    status: held\n",
            '  - date: 2024-06-01\n    status: held\n    time: "09:30"\n',
        )
    )


def feed(root: Path) -> str:
    result = runner.invoke(app, ["export", "ics", "--root", str(root)], env={"THP_ROOT": ""})
    assert result.exit_code == 0, result.output
    return result.stdout


def events(text: str) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(text).walk("VEVENT")}


def test_a_meeting_with_a_time_is_a_timed_event_in_uk_local_time(partnership: Path) -> None:
    timed(partnership)
    text = feed(partnership)
    found = events(text)
    winter = found["exec-20241110@example-borough-partnership"]
    start = winter["dtstart"].dt  # type: ignore[index]
    assert start.replace(tzinfo=None) == dt.datetime(2024, 11, 10, 18, 30)
    assert start.utcoffset() == dt.timedelta(0)  # GMT in November
    assert str(winter["location"]) == "Civic Centre, Room 2"  # type: ignore[index]
    assert "dtend" not in winter  # type: ignore[operator]
    summer = found["health-20240601@example-borough-partnership"]["dtstart"].dt  # type: ignore[index]
    assert summer.utcoffset() == dt.timedelta(hours=1)  # BST in June
    assert summer.astimezone(dt.timezone.utc).hour == 8
    assert "DTSTART;TZID=Europe/London:20241110T183000" in text
    zones = Calendar.from_ical(text).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]
    assert {str(part["tzname"]) for part in zones[0].subcomponents} == {"BST", "GMT"}


def test_a_meeting_without_a_time_stays_all_day(partnership: Path) -> None:
    timed(partnership)
    found = events(feed(partnership))
    day = found["exec-20240710@example-borough-partnership"]
    assert day["dtstart"].dt == dt.date(2024, 7, 10)  # type: ignore[index]
    assert day["dtend"].dt == dt.date(2024, 7, 11)  # type: ignore[index]
    assert str(day["transp"]) == "TRANSPARENT"  # type: ignore[index]
    assert "location" not in day  # type: ignore[operator]


def test_no_time_zone_is_claimed_when_no_meeting_has_a_time(partnership: Path) -> None:
    text = feed(partnership)
    assert "VTIMEZONE" not in text
    assert "TZID" not in text


def test_timed_feed_is_the_same_bytes_in_other_processes(partnership: Path) -> None:
    timed(partnership)
    outs = []
    for seed in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "THP_ROOT": "",
            "TZ": "America/New_York" if seed == "2" else "UTC",
        }
        command = [
            sys.executable,
            "-m",
            "thp_cli",
            "export",
            "ics",
            "--root",
            str(partnership),
            "--as-of",
            "2024-09-01",
        ]
        outs.append(subprocess.run(command, check=True, env=env, capture_output=True).stdout)
    assert outs[0] == outs[1]
    assert b"TZID=Europe/London" in outs[0]
