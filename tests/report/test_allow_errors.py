"""Issue #10: ``thp report annual`` on data with errors.

Without ``--allow-errors`` it exits 1 and writes nothing: a report that
quietly leaves out a board must not be published. With it, the report is
written, a warning goes to stderr, and a banner at the top of the report
names, in words meant for its readers, the records the errors keep out: no
file paths, no rule ids, no people's names.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import BASE, build_case

runner = CliRunner()


def report(root: Path, *args: str) -> tuple[int, str, str]:
    done = runner.invoke(
        app,
        ["report", "annual", "--root", str(root), "--as-of", "2024-09-01", *args],
        env={"THP_ROOT": "", "NO_COLOR": "1"},
    )
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The base case with: a board file that is not YAML, a board with a bad optional
    field, an organisation and two people that fail validation."""
    root = build_case(BASE, tmp_path / "p")
    data = root / "data"
    (data / "boards" / "safety.yaml").write_text("id: safety\nname: [unclosed\n")
    health = data / "boards" / "health.yaml"
    health.write_text(
        health.read_text().replace("kind: thematic-board\n", "kind: thematic-board\nmeets: often\n")
    )
    with (data / "organisations.yaml").open("a") as f:
        f.write("  - id: bad-org\n    name: Bad Org\n    sector: nowhere\n")
    with (data / "people.yaml").open("a") as f:
        f.write("  - id: person-0002\n    name: Secret Name\n    contact: 5\n  - id: person-0003\n")
    return root


BANNER = [
    "the board safety",
    "Health Board: how often it meets could not be read",
    "Housing Review Group: who it reports to could not be read",  # the board it reports to is left out
    "the organisation bad-org",
    "one person's record",
    "part of one person's record",
]
NOT_FOR_READERS = [
    "data/",
    ".yaml",
    "yaml-syntax",
    "invalid-value",
    "wrong-type",
    "missing-key",
    "person-000",
    "Secret",
]


def test_data_with_errors_exits_1_and_writes_nothing(broken: Path, tmp_path: Path) -> None:
    code, stdout, stderr = report(broken)
    assert (code, stdout) == (1, "")
    assert "no report was written" in stderr and "--allow-errors" in stderr and "thp validate" in stderr
    out = tmp_path / "annual.html"
    out.write_bytes(b"last year's report\n")
    code, stdout, stderr = report(broken, "--format", "html", "--out", str(out))
    assert (code, stdout) == (1, "")
    assert out.read_bytes() == b"last year's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annual.html", "p"]  # no temporary file left


def test_allow_errors_puts_a_banner_at_the_top_of_the_markdown(broken: Path) -> None:
    code, md, stderr = report(broken, "--allow-errors")
    assert code == 0, stderr
    top, _, rest = md.partition("\n# ")
    assert top.startswith("**INCOMPLETE: the partnership's data had 5 errors when this report was made")
    assert [line[2:] for line in top.splitlines() if line.startswith("- ")] == BANNER
    assert not [word for word in NOT_FOR_READERS if word in top]
    assert rest.startswith("Example Borough Partnership: annual report 2024\n")
    assert "Safety Partnership" not in md  # the board that could not be read is not in it
    assert stderr.startswith("thp: warning: the data has 5 errors")
    assert "the board safety" in stderr and "Secret" not in stderr


class Banner(HTMLParser):
    """The text of the first role=note element with a list, and the items of that list."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.items: list[str] = []
        self.text = ""
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if self.depth or (tag == "div" and ("role", "note") in attrs):
            self.depth += 1
        if self.depth and tag == "li":
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and not self.done:
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.text += data
            if self.items:
                self.items[-1] += data


def test_allow_errors_puts_a_banner_at_the_top_of_the_html(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, stderr = report(broken, "--allow-errors", "--format", "html", "--out", str(out))
    assert code == 0, stderr
    page = out.read_text(encoding="utf-8")
    banner = Banner()
    banner.feed(page)
    assert [item.strip() for item in banner.items] == BANNER
    assert "INCOMPLETE: the partnership's data had 5 errors" in banner.text
    assert not [word for word in NOT_FOR_READERS if word in banner.text]
    assert page.index('role="note"') < page.index("<h1>")


def test_the_internal_edition_says_internal_first_then_incomplete(broken: Path) -> None:
    code, md, _ = report(broken, "--allow-errors", "--internal")
    assert code == 0
    lines = md.splitlines()
    assert lines[0].startswith("**INTERNAL:") and lines[2].startswith("**INCOMPLETE:")


def test_errors_that_leave_nothing_out_say_so(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    health = root / "data" / "boards" / "health.yaml"
    # a board that reports to itself: an error, yet every record and field is read
    health.write_text(health.read_text().replace("reports_to: [exec]", "reports_to: [health]"))
    assert report(root)[0] == 1
    code, md, stderr = report(root, "--allow-errors")
    assert code == 0
    assert md.startswith(
        "**INCOMPLETE: the partnership's data had 1 error when this report was made: every record is in "
        "this report, but some details in it may be wrong.**\n\n"
    )
    assert "INCOMPLETE" not in md.partition("\n# ")[2]
    assert "Health Board" in md
    assert "thp: warning: the data has 1 error;" in stderr


def test_a_list_that_cannot_be_read_is_named_as_a_whole(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "organisations.yaml").write_text("organisations: [\n")
    code, md, _ = report(root, "--allow-errors")
    assert code == 0
    assert "- every organisation (the list of organisations could not be read)\n" in md.partition("\n# ")[0]


def test_a_hostile_id_in_the_banner_stays_inert(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    with (root / "data" / "organisations.yaml").open("a") as f:
        f.write(
            "  - id: '<script>alert(1)</script> [x](https://evil.example) " + "y" * 200 + "'\n    name: X\n"
        )
    code, md, _ = report(root, "--allow-errors")
    assert code == 0
    top = md.partition("\n# ")[0]
    assert "<script" not in top and "&lt;script&gt;" in top
    assert re.search(r"(?<!\\)\]\(", top) is None  # no link: the brackets are escaped
    assert "y" * 30 not in top and "yyy…" in top  # a long id is cut short
    out = tmp_path / "r.html"
    assert report(root, "--allow-errors", "-f", "html", "--out", str(out))[0] == 0
    assert "<script" not in out.read_text(encoding="utf-8")


def test_valid_data_has_no_banner_and_no_warning(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    for args in ((), ("--allow-errors",)):
        code, md, stderr = report(root, *args)
        # a past --as-of outside git: the one warning says the data is not that day's
        assert code == 0 and "error" not in stderr and stderr.count("thp: warning:") == 1
        assert "# Example Borough Partnership" in md and "INCOMPLETE" not in md


def test_control_characters_in_an_id_are_written_out(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    with (root / "data" / "organisations.yaml").open("a") as f:
        f.write('  - id: "evil\\e[2J\\u202eorg"\n    name: X\n')
    code, md, stderr = report(root, "--allow-errors")
    assert code == 0
    assert "\x1b" not in md and "\u202e" not in md and "\x1b" not in stderr
    assert "evil\\\\x1b\\[2J\\\\u202eorg" in md.partition("\n# ")[0]
