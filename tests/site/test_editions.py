"""What the site may say: no contact detail in a public build (downloads included), the
internal edition's banner, the same bytes in any process, hostile values inert, data with
errors built from what could be read, and membership changes read from git."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import BASE, build_case, new_repo
from ..report.test_annual import HOSTILE, hostile_partnership
from ..test_determinism import many_boards
from .helpers import build, files, page, text_of

SECRETS = ("a.person@example.org", "secret.person@example.org", "020 7946 0999")


def _named(root: Path) -> Path:
    """The base case with a person named on a seat, whose contact details are private."""
    board = root / "data" / "boards" / "safety.yaml"
    board.write_text(
        board.read_text().replace(
            "    elected_member: true\n", "    elected_member: true\n    person: person-0001\n", 1
        )
    )
    return root


def test_a_public_site_holds_no_contact_detail_anywhere(tmp_path: Path) -> None:
    root = _named(build_case(BASE, tmp_path / "p"))
    build(root)
    site = root / "site"
    assert "A. Person" in text_of(page(site, "boards/safety.html"))  # named: the data names them
    for path, data in files(site).items():
        for secret in SECRETS:
            assert secret.encode() not in data, (path, secret)
        assert b"INTERNAL" not in data, path


def test_an_internal_site_has_the_contacts_and_says_so_on_every_page(tmp_path: Path) -> None:
    root = _named(build_case(BASE, tmp_path / "p"))
    build(root, internal=True)
    site = root / "site"
    assert "a.person@example.org" in page(site, "boards/safety.html")
    assert "a.person@example.org" in page(site, "organisations/council.html")
    for path in site.rglob("*.html"):
        assert "INTERNAL: this site contains personal contact details" in path.read_text(), path


@pytest.mark.parametrize("case", ["base", "many"])
def test_the_same_data_gives_the_same_bytes_in_two_processes(tmp_path: Path, case: str) -> None:
    """The base case, and many boards of five names sharing seats and people of one name."""
    root = _named(build_case(BASE, tmp_path / "p")) if case == "base" else many_boards(tmp_path / "p", 120)
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        code = (
            "import datetime as dt; from thp_cli.site.build import build_site; "
            f"build_site({str(root)!r}, {str(out)!r}, as_of=dt.date(2024, 9, 1))"
        )
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        outs.append(files(out))
    assert outs[0] == outs[1]
    assert len(outs[0]) > 10


def test_hostile_values_are_shown_as_text(tmp_path: Path) -> None:
    root = hostile_partnership(tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    board.write_text(
        board.read_text()
        .replace("name: Health Board", 'name: "Health \\u202eBoard"')
        .replace("    status: held\n", "    status: held\n    minutes: 'javascript:alert(2)'\n", 1)
        + "purpose:\n  - '<img src=x onerror=alert(1)>'\n"
    )
    orgs = root / "data" / "organisations.yaml"
    hostile = "name: '<iframe src=x>Council'"
    orgs.write_text(orgs.read_text().replace("name: Example Borough Council", hostile))
    build(root)
    site = root / "site"
    for path, data in files(site).items():
        if not path.endswith((".html", ".xml")):
            continue  # a calendar, JSON and CSV are text for programs: no markup is read from them
        text = data.decode("utf-8", "replace")
        assert "<script" not in text and "<img" not in text, path
        assert "\u202e" not in text, path  # a bidi override is shown, not obeyed
        assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', text)), path
        for href in re.findall(r'href="([^"]*)"', text):
            assert href.startswith(("https:", "mailto:", "#")) or not re.match(r"[a-z]+:", href), (path, href)
    assert "&lt;script&gt;" in page(site, "boards/safety.html")
    assert "\\u202e" in page(site, "boards/health.html")
    assert "&lt;iframe src=x&gt;Council" in page(site, "organisations/council.html")
    pages = [data.decode() for path, data in files(site).items() if path.endswith((".html", ".xml"))]
    assert not [text for text in pages if "<iframe" in text]
    assert HOSTILE.split(" |")[0].replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in page(
        site, "index.html"
    )


def test_data_with_errors_builds_what_can_be_read_and_says_so(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "boards" / "health.yaml").write_text("id: health\nname: [unclosed\n")
    made = build(root)
    assert made.errors > 0
    site = root / "site"
    index = text_of(page(site, "index.html"))
    assert "Some records are left out of this site" in index
    assert not (site / "boards" / "health.html").exists()
    assert (site / "boards" / "safety.html").is_file()
    review = page(site, "boards/housing-review.html")  # it reports to safety and health
    assert "Safety Partnership</a>; another of its reporting lines could not be read." in review
    for path, data in files(site).items():
        assert b"health.yaml" not in data and b"data/boards" not in data, path


@pytest.mark.usefixtures("quiet_git")
def test_a_board_page_lists_its_membership_changes_of_the_last_year(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2023-01-10")
    repo.edit(
        "data/boards/health.yaml", "  - role: Chief Executive\n", "  - role: Director of Public Health\n"
    )
    repo.commit("a new co-chair", "2024-03-05")
    repo.edit("data/boards/safety.yaml", "  - role: Borough Commander", "  - role: Area Commander")
    repo.commit("an old change", "2023-05-05")
    build_site_on = build(repo.root, tmp_path / "site")
    assert build_site_on.errors == 0
    health = text_of(page(tmp_path / "site", "boards/health.html"))
    assert "Director of Public Health" in health and "5 March 2024" in health
    safety = page(tmp_path / "site", "boards/safety.html")
    recent = text_of(safety[safety.index('id="changes"') : safety.index('id="sources"')])
    assert "Area Commander" not in recent  # changed in May 2023: more than twelve months before
    changes = text_of(page(tmp_path / "site", "changes.html"))
    assert "2024" in changes and "5 March 2024" in changes
    assert "not kept in git" not in changes


def test_a_board_part_of_whose_record_has_errors_says_what_could_not_be_read(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    safety = root / "data" / "boards" / "safety.yaml"
    safety.write_text(safety.read_text().replace("    status: held\n", "    status: maybe\n", 1))
    made = build(root)
    assert made.errors
    words = text_of(page(root / "site", "boards/safety.html"))
    assert "This board's meetings could not be read from the partnership's data." in words
    assert "No meetings are recorded." not in words
    assert "Safety Partnership: its meetings could not be read" in text_of(page(root / "site", "index.html"))


@pytest.mark.usefixtures("quiet_git")
def test_a_history_that_begins_inside_the_year_says_so(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit("the partnership", "2024-03-01")
    build(repo.root, tmp_path / "site")
    words = text_of(page(tmp_path / "site", "boards/safety.html"))
    assert (
        "No change to this board or its seats is recorded in the twelve months to 1 September 2024" in words
    )
    assert "The data's history begins on 1 March 2024, so changes before then are not known." in words
    changes = text_of(page(tmp_path / "site", "changes.html"))
    assert "Already recorded when the history begins (1 March 2024)" in changes
