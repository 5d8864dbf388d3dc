"""The report's board sections, links, data quality and --allow-errors banner say
what the data says, on a partnership other than Tower Hamlets (#11)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from thp_cli.report.annual import annual, annual_report

ON = dt.date(2025, 9, 1)


def riverside(root: Path, *, extra: dict[str, str] | None = None) -> Path:
    """A made-up partnership, Riverside, with people named on seats and links on its records."""
    data = root / "data"
    (data / "boards").mkdir(parents=True)
    (data / "recommendations").mkdir()
    files = {
        "partnership.yaml": (
            "name: Riverside Together\n"
            "terms_of_reference:\n"
            "  title: Riverside terms\n"
            "  url: https://riverside.example/terms-of-reference\n"
            "sources:\n"
            "  - title: Riverside constitution\n"
            "    url: https://riverside.example/constitution\n"
        ),
        "people.yaml": (
            "people:\n"
            "  - id: pat-lee\n"
            "    name: Pat Lee\n"
            "    contact:\n"
            "      email: pat.lee@secret.example\n"
            "      phone: '0700 900 123'\n"
        ),
        "organisations.yaml": (
            "organisations:\n"
            "  - id: police-org\n"
            "    name: Police Org\n"
            "    sector: police\n"
            "    sources:\n"
            "      - title: Police Org annual plan\n"
            "        url: https://police.example/plan\n"
            "  - id: civic\n"
            "    name: Civic Council\n"
            "    sector: council\n"
        ),
        "calls_to_action.yaml": (
            "calls_to_action:\n"
            "  - number: 1\n"
            "    title: A safer river\n"
            "    sources:\n"
            "      - title: River plan\n"
            "        url: https://riverside.example/river-plan\n"
            "    actions:\n"
            '      - number: "1.1"\n'
            "        title: Lights on the towpath\n"
        ),
        "recommendations/rec-a.yaml": (
            "id: rec-a\nnumber: 1\ntitle: Fewer boards\nowner: top\n"
            "sources:\n"
            "  - title: Riverside governance review\n"
            "    url: https://riverside.example/review\n"
            "actions:\n"
            "  - number: i\n"
            "    title: Count the boards\n"
            "    due: 2025-12\n"
        ),
        "boards/top.yaml": (
            "id: top\nname: Riverside Board\nkind: partnership-board\n"
            "members:\n"
            "  - role: Leader\n    organisation: civic\n    position: chair\n    elected_member: true\n"
        ),
        "boards/b2.yaml": (
            "id: b2\nname: Board 2\nkind: thematic-board\nreports_to: [top]\n"
            "calls_to_action: [1]\n"
            "meetings:\n  - date: 2025-03-01\n    status: held\n"
            "members:\n"
            "  - role: Lead\n    organisation: police-org\n    person: pat-lee\n    position: chair\n"
            "  - role: Officer\n    organisation: civic\n"
        ),
        "boards/b10.yaml": (
            "id: b10\nname: Board 10\nkind: thematic-board\nreports_to: [top]\n"
            "members:\n"
            "  - role: Director\n    organisation: civic\n    position: chair\n"
        ),
    }
    files.update(extra or {})
    for rel, text in files.items():
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text(text)
    return root


def section(text: str, heading: str) -> str:
    """The Markdown section whose heading contains ``heading``."""
    match = re.search(rf"^## \d+\. [^\n]*{heading}[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, heading
    return match.group(1)


# -- defect 4: people are named on the seats and chairs they hold ----------------------
def test_boards_section_names_the_person_and_organisation_of_a_chair(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    for fmt in ("md", "html"):
        text = annual(root, year=2025, as_of=ON, fmt=fmt)
        assert "Pat Lee" in text
        assert "pat.lee@secret" not in text and "0700 900 123" not in text
    boards = section(annual(root, year=2025, as_of=ON), "thematic boards")
    chairing = next(line for line in boards.splitlines() if "Chairing:" in line and "Pat Lee" in line)
    assert "Police Org" in chairing and "Lead" in chairing
    seats = [line.strip() for line in boards.splitlines() if line.strip().startswith("- ")]
    assert any("Pat Lee" in s and "Lead" in s and "Police Org" in s and "(chair)" in s for s in seats)
    # a seat with no person recorded keeps its role and organisation, and names no one
    assert any(s.startswith("- Officer, Civic Council") for s in seats)


def test_a_person_whose_record_is_missing_is_not_named_by_id(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", extra={"people.yaml": "people: []\n"})
    made = annual_report(root, year=2025, as_of=ON, allow_errors=True)
    assert made.text is not None
    assert "pat-lee" not in section(made.text, "thematic boards")


# -- defect 5: every list line of the Markdown report starts on its own line --------------
def markdown_lines_are_sound(text: str) -> None:
    for line in text.splitlines():
        # a list item glued to the end of another line: "recorded- Work programme"
        assert not re.search(r"\S- (Work programme|Seats|Meetings|Chairing|Leads|Statutory)\b", line), line
        assert not re.search(r"(recorded|cancelled|planned|held)- ", line), line
    in_list = False
    for line in text.splitlines():
        item = re.match(r"^( *)- ", line)
        if item:
            assert len(item.group(1)) % 2 == 0, line  # nested by two spaces
            in_list = True
        elif line.strip() == "":
            in_list = False
        else:
            # a line in a list that is no list item would be glued to the item above it
            assert not in_list or line.startswith(" "), f"list item run on: {line!r}"


def test_every_list_line_of_the_markdown_report_starts_on_its_own_line(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    for year, on in ((2025, ON), (2024, dt.date(2024, 12, 31))):
        markdown_lines_are_sound(annual(root, year=year, as_of=on))


def test_the_shipped_report_is_sound_markdown() -> None:
    from ..conftest import REPO

    markdown_lines_are_sound(annual(REPO, year=2025, as_of=dt.date(2025, 11, 1), allow_errors=True))


# -- defect 6: every link the data holds is a link, in md and html ----------------------
LINKS = [
    "https://riverside.example/terms-of-reference",
    "https://riverside.example/constitution",
    "https://riverside.example/review",
    "https://riverside.example/river-plan",
    "https://police.example/plan",
]


def test_every_link_the_data_holds_is_in_the_report(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    md = annual(root, year=2025, as_of=ON)
    html = annual(root, year=2025, as_of=ON, fmt="html")
    for url in LINKS:
        assert f"](<{url}>)" in md or f"]({url})" in md, url
        assert f'href="{url}"' in html, url


def test_a_link_that_is_not_https_is_words_only(tmp_path: Path) -> None:
    extra = {
        "calls_to_action.yaml": (
            "calls_to_action:\n  - number: 1\n    title: A safer river\n    sources:\n"
            "      - title: River plan\n        url: http://riverside.example/river-plan\n"
        )
    }
    root = riverside(tmp_path / "p", extra=extra)
    made = annual_report(root, year=2025, as_of=ON, fmt="html", allow_errors=True)
    assert made.text is not None
    assert 'href="http://riverside' not in made.text


# -- defect 12: a hint is not counted as a failure in the public data quality --------------
def test_public_quality_counts_a_hint_apart_from_a_failure(tmp_path: Path) -> None:
    extra = {
        "partnership.yaml": (
            "name: Riverside Together\n"
            "co_chairing:\n  kinds: [thematic-board]\n"
            "report:\n  sections: [quality, boards]\n"
        ),
        "boards/b2.yaml": (
            "id: b2\nname: Board A\nkind: thematic-board\nreports_to: [top]\n"
            "members:\n  - role: Cabinet Member\n    organisation: civic\n    position: chair\n"
            "    elected_member: true\n"
        ),
        "boards/b10.yaml": (
            "id: b10\nname: Board B\nkind: thematic-board\nreports_to: [top]\n"
            "members:\n  - role: Youth Mayor\n    organisation: civic\n    position: chair\n"
        ),
    }
    root = riverside(tmp_path / "p", extra=extra)
    quality = section(annual(root, year=2025, as_of=ON), "Data quality")
    assert "Not co-chaired by an elected member and a partner: 1 case" in quality
    hint = [line for line in quality.splitlines() if "elected" in line and "1 case" in line]
    assert len(hint) == 2, quality  # the failure, and the hint on its own line
    assert "co_chairing" not in quality and "elected_member" not in quality


# -- defect 13: the --allow-errors banner, in plain words, and the body never says too much --
BAD = "id: bad\nname: Bad Board\nkind: thematic-board\nreports_to: [nope]\nmeets: weekly\n"


def test_allow_errors_banner_names_the_board_and_says_what_could_not_be_read(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p", extra={"boards/bad.yaml": BAD})
    for fmt in ("md", "html"):
        made = annual_report(root, year=2025, as_of=ON, fmt=fmt, allow_errors=True)
        assert made.text is not None
        banner = made.text.split("Figures as at")[0]
        assert "Bad Board" in banner
        assert "how often it meets" in banner
        assert "who it reports to" in banner
        assert "(meets)" not in banner and "the board bad" not in banner
    text = annual_report(root, year=2025, as_of=ON, allow_errors=True).text or ""
    assert not re.search(r"No reporting line is recorded for:[^\n]*Bad Board", text)
    assert "Bad Board's reporting line could not be read" in text


# -- smaller: boards are listed in natural order ----------------------------------------
def test_boards_are_listed_in_natural_order(tmp_path: Path) -> None:
    root = riverside(tmp_path / "p")
    text = annual(root, year=2025, as_of=ON)
    for heading in ("thematic boards", "organised", "calls to action"):
        part = section(text, heading).split("```")[-1]  # the lists, not the Mermaid source
        assert part.index("Board 2") < part.index("Board 10"), heading


# -- a change of holder, read from git for a past --as-of -----------------------------
def test_a_past_as_of_names_the_holder_of_that_day(tmp_path: Path, quiet_git: None) -> None:
    import shutil

    from ..conftest import new_repo

    repo = new_repo(tmp_path / "repo")
    shutil.rmtree(repo.root / "data")
    riverside(repo.root)
    repo.commit("Riverside's boards", "2025-01-10")
    repo.edit("data/people.yaml", "people:\n", "people:\n  - id: sam-roe\n    name: Sam Roe\n")
    repo.edit("data/boards/b2.yaml", "person: pat-lee", "person: sam-roe")
    repo.commit("Sam Roe chairs Board 2", "2025-06-01")
    before = section(annual(repo.root, year=2025, as_of=dt.date(2025, 3, 1)), "thematic boards")
    after = section(annual(repo.root, year=2025, as_of=ON), "thematic boards")
    assert "Pat Lee, Lead, Police Org (chair)" in before and "Sam Roe" not in before
    assert "Sam Roe, Lead, Police Org (chair)" in after and "Pat Lee" not in after
