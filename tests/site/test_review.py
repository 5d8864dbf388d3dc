"""What a hostile reviewer of ``thp site build`` found (issue #15), each on the base
partnership: the exit code on data with errors, the help's --as-of, the home page's banner
saying one true thing, links that are not usable said so on every page that shows them,
and no email address from a link field on the public site."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.dataset.load import load_dataset
from thp_cli.report.left_out import left_out

from ..conftest import BASE, build_case
from .helpers import build, files, page, text_of

ENV = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "COLUMNS": "100"}


def _run(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env=ENV)


def _edit(root: Path, board: str, old: str, new: str) -> None:
    path = root / "data" / "boards" / f"{board}.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _banner(root: Path) -> str:
    index = page(root / "site", "index.html")
    start = index.index('<div class="notice"')
    return text_of(index[start : index.index("</div>", start)])


def test_site_build_exits_1_on_data_with_errors_and_still_builds_the_site(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    clean = _run("site", "build", "--root", str(root), "--as-of", "2024-09-01")
    assert clean.exit_code == 0, clean.output  # type: ignore[attr-defined]
    (root / "data" / "boards" / "health.yaml").write_text("id: health\nname: [unclosed\n")
    done = _run("site", "build", "--root", str(root), "--as-of", "2024-09-01")
    assert done.exit_code == 1, done.output  # type: ignore[attr-defined]
    assert "the data has 1 error" in done.output  # type: ignore[attr-defined]
    assert (root / "site" / "boards" / "safety.html").is_file()
    assert not (root / "site" / "boards" / "health.html").exists()  # the old page went with its board


def test_help_shows_the_form_of_as_of() -> None:
    done = _run("site", "build", "--help")
    assert done.exit_code == 0
    shown = " ".join(done.output.split())  # type: ignore[attr-defined]
    assert "--as-of YYYY-MM-DD" in shown and "<str>" not in shown


def test_without_base_url_there_is_no_sitemap_and_the_command_says_so(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    done = _run("site", "build", "--root", str(root), "--as-of", "2024-09-01")
    assert "no sitemap.xml" in done.output and "--base-url" in done.output  # type: ignore[attr-defined]
    assert not (root / "site" / "sitemap.xml").exists()
    again = _run("site", "build", "--root", str(root), "--base-url", "https://example.org/p")
    assert "no sitemap.xml" not in again.output  # type: ignore[attr-defined]
    assert "<loc>https://example.org/p/index.html</loc>" in page(root / "site", "sitemap.xml")


def test_a_board_whose_file_is_misnamed_is_published_and_not_said_to_be_left_out(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    boards = root / "data" / "boards"
    (boards / "housing-review.yaml").rename(boards / "hr.yaml")  # its id is still housing-review
    made = build(root)
    assert made.errors == 1
    assert (root / "site" / "boards" / "housing-review.html").is_file()
    banner = _banner(root)
    assert "hr" not in banner.split() and "Housing Review" not in banner
    assert "left out" not in banner
    assert banner.startswith("Every record is shown, but the partnership's data had 1 error")
    assert not any("hr" in words.split() for words in left_out(load_dataset(root)))  # the report's too


def test_the_banner_names_a_board_left_out_and_says_no_more(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "boards" / "health.yaml").write_text("id: health\nname: [unclosed\n")
    build(root)
    banner = _banner(root)
    assert banner.startswith("Some records are left out of this site")
    assert "the board health" in banner
    assert "Every record is shown" not in banner


def test_the_banner_says_a_record_shown_in_part_is_shown_in_part(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    _edit(root, "safety", "    status: held\n", "    status: maybe\n")
    build(root)
    banner = _banner(root)
    assert banner.startswith("Every record is shown, but some are shown in part")
    assert "Safety Partnership: its meetings could not be read" in banner
    assert "left out" not in banner


def test_a_link_that_is_not_usable_is_said_so_on_the_board_and_publication_pages(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    _edit(root, "safety", "    status: held\n", "    status: held\n    agenda: javascript:alert(1)\n")
    wp = "  published: 2024-06-28\n"
    _edit(root, "safety", wp, wp + "  url: javascript:alert(2)\n")
    build(root)
    board = text_of(page(root / "site", "boards/safety.html"))
    assert "Agenda, 1 May 2024 (link not usable)" in board
    assert "The work programme (link not usable)" in board
    publication = page(root / "site", "publication.html")
    row = text_of(publication[publication.index("Safety Partnership") :].split("</tr>")[0])
    assert "0 of 1 (1 agenda link not usable)" in row
    assert "javascript" not in page(root / "site", "boards/safety.html")


def test_a_work_programme_without_a_link_says_no_link_is_recorded(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")  # safety's work programme has a day, no address
    build(root)
    board = text_of(page(root / "site", "boards/safety.html"))
    assert "Work programme: Published on time, 28 June 2024" in board
    assert "No link recorded." in board.split("Terms of reference:")[0]


def test_the_public_site_never_publishes_an_email_address_from_a_link(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    path = root / "data" / "boards" / "safety.yaml"
    source = "sources:\n  - title: A tip-off line\n    url: mailto:leak@example.com\n"
    path.write_text(path.read_text() + source)
    build(root)
    site = root / "site"
    for name, data in files(site).items():
        assert b"leak@example.com" not in data, name
    words = text_of(page(site, "boards/safety.html"))
    assert "A tip-off line (an email address, not published on the public site)" in words
    build(root, root / "internal", internal=True)
    internal = page(root / "internal", "boards/safety.html")
    assert '<a href="mailto:leak@example.com">A tip-off line</a>' in internal


def test_the_accessibility_statement_says_what_the_regulations_ask(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    build(root)
    words = text_of(page(root / "site", "accessibility.html"))
    assert "This website is partially compliant with the Web Content Accessibility Guidelines" in words
    assert "This statement was prepared on 1 September 2024" in words  # the build's --as-of day
    assert "By automated checks, not by a manual audit" in words and "axe-core" in words
    assert "Equality and Human Rights Commission (EHRC)" in words
    assert "Equality Commission for Northern Ireland (ECNI)" in words
    assert "Equality Advisory and Support Service (EASS)" in words
    assert "The partnership's data gives no contact for reporting a problem with this site" in words
    partnership = root / "data" / "partnership.yaml"
    contact = "https://example.org/contact-us"
    partnership.write_text(partnership.read_text() + f"website:\n  accessibility_contact: {contact}\n")
    assert build(root).errors == 0
    html = page(root / "site", "accessibility.html")
    assert f'<a href="{contact}">Contact Example Borough Partnership about accessibility</a>' in html
    assert "gives no contact" not in text_of(html)


def test_an_email_address_as_the_accessibility_contact_is_an_error_with_its_place(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    partnership = root / "data" / "partnership.yaml"
    lines = len(partnership.read_text().splitlines())
    partnership.write_text(
        partnership.read_text() + "website:\n  accessibility_contact: mailto:a@example.org\n"
    )
    done = _run("validate", "--root", str(root), "--as-of", "2024-09-01")
    assert done.exit_code == 1
    shown = " ".join(done.output.split())  # type: ignore[attr-defined]
    assert f"{lines + 2}:" in shown and "is an email address" in shown and "contact page" in shown
    build(root)
    assert "a@example.org" not in page(root / "site", "accessibility.html")  # public: never published
