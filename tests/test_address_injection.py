"""Issue #10, injection: an e-mail address in the data is no live link in any Markdown thp writes.

GitHub turns ``name@domain`` into a ``mailto:`` link in any Markdown it shows (a job
summary, a pull request comment, a report in a repository), so a board's or a role's
name holding an address would put a link of the data's choosing in front of readers.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.report.annual import annual
from thp_cli.templating import md_escape

from .conftest import TESTS, build_case, new_repo, write_partnership

ON = dt.date(2024, 9, 1)
ADDRESS = "help@phish.example"
# GitHub's e-mail autolink: letters, digits and . - _ + before the @, a domain after it.
AUTOLINK = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_md_escape_breaks_an_address_anywhere_in_a_value() -> None:
    for value in (ADDRESS, f"Write to {ADDRESS} now", f"x{ADDRESS}", f"mailto:{ADDRESS}"):
        shown = md_escape(value)
        assert not AUTOLINK.search(shown), shown
        assert shown.replace("\u2060", "") == value  # what a reader sees is unchanged


def test_public_report_makes_no_link_of_an_address_in_a_board_or_role(tmp_path: Path) -> None:
    root = write_partnership(
        tmp_path / "p",
        {
            "exec": {"name": "Exec", "kind": "executive", "seats": ["council/Chair"]},
            "care": {
                "name": f"Care board: write to {ADDRESS}",
                "reports_to": ["exec"],
                "seats": [f"council/Officer (ask {ADDRESS})"],
            },
        },
    )
    md = annual(root, year=2024, as_of=ON, fmt="md", allow_errors=True)
    assert "Care board: write to help@" in md  # the name is shown
    assert not AUTOLINK.search(md), AUTOLINK.findall(md)


def test_diff_md_makes_no_link_of_an_address_in_a_role(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    base = repo.commit("the partnership", "2024-01-10")
    repo.edit(
        "data/boards/health.yaml",
        "  - role: Cabinet Member for Health",
        f"  - role: Adviser ({ADDRESS})\n    organisation: council\n  - role: Cabinet Member for Health",
    )
    result = CliRunner().invoke(app, ["diff", base, "--root", str(repo.root), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "Adviser (help@" in result.stdout
    assert not AUTOLINK.search(result.stdout), result.stdout


def test_job_summary_makes_no_link_of_an_address_in_a_message(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    text = board.read_text()
    assert "    status: held\n" in text
    board.write_text(text.replace("    status: held\n", f"    status: held\n    agenda: {ADDRESS}\n", 1))
    summary = tmp_path / "summary.md"
    result = CliRunner().invoke(
        app,
        ["validate", "--root", str(root), "--as-of", "2024-09-01", "--format", "github"],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1, result.output
    text = summary.read_text()
    assert "link-scheme" in text and "phish" in text  # the value is quoted in the message
    assert not AUTOLINK.search(text), text


def test_internal_report_still_links_a_contact_address(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    md = annual(root, year=2024, as_of=ON, fmt="md", internal=True, allow_errors=True)
    assert "(<mailto:a.person@example.org>)" in md


# -- privacy: an alias cannot carry a contact detail out of contact: --------------------------
SECRET = "secret.line@private.example"


def _people(root: Path, text: str) -> None:
    (root / "data" / "people.yaml").write_text(text)
    board = root / "data" / "boards" / "health.yaml"
    board.write_text(
        board.read_text().replace(
            "  - role: Chief Executive\n    organisation: nhs-trust\n",
            "  - role: Chief Executive\n    organisation: nhs-trust\n    person: person-0002\n",
        )
    )


def test_an_alias_of_a_contact_value_as_a_name_is_refused_and_never_shown(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    _people(
        root,
        "people:\n  - id: person-0001\n    name: A. Person\n    contact:\n"
        f"      email: &mail {SECRET}\n  - id: person-0002\n    name: *mail\n",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["validate", "--root", str(root), "--as-of", "2024-09-01"])
    assert result.exit_code == 1, result.output
    assert "data/people.yaml" in result.output and "7:11" in result.output
    assert "private-alias" in result.output
    assert SECRET not in result.output
    for args in (["export", "popolo"], ["export", "csv"], ["report", "annual", "--allow-errors"]):
        shown = runner.invoke(
            app, [*args, "--root", str(root), *(["--as-of", "2024-09-01"] if "report" in args else [])]
        )
        assert shown.exit_code in (0, 1), shown.output
        assert SECRET not in shown.output, (args, shown.output)
    md = annual(root, year=2024, as_of=ON, fmt="md", allow_errors=True)
    html = annual(root, year=2024, as_of=ON, fmt="html", allow_errors=True)
    assert SECRET not in md and SECRET not in html


def test_an_alias_of_a_whole_contact_mapping_outside_contact_is_refused(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    _people(
        root,
        "people:\n  - id: person-0001\n    name: A. Person\n    contact: &c\n"
        f"      email: {SECRET}\n  - id: person-0002\n    name: B. Person\n    sources: [*c]\n",
    )
    result = CliRunner().invoke(app, ["validate", "--root", str(root), "--as-of", "2024-09-01"])
    assert result.exit_code == 1 and "private-alias" in result.output, result.output
    assert SECRET not in result.output


def test_an_alias_within_contact_details_is_still_allowed(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    _people(
        root,
        "people:\n  - id: person-0001\n    name: &n A. Person\n    contact:\n"
        f"      email: &mail {SECRET}\n  - id: person-0002\n    name: B. Person\n"
        "    contact:\n      email: *mail\n  - id: person-0003\n    name: *n\n",
    )
    result = CliRunner().invoke(app, ["validate", "--root", str(root), "--as-of", "2024-09-01"])
    assert "private-alias" not in result.output, result.output
    assert SECRET not in result.output


# -- thp init: the README's name is Markdown text -------------------------------------------
def test_init_readme_carries_no_markup_from_the_name(tmp_path: Path) -> None:
    name = "Borough <img src=x onerror=alert(1)> [site](https://evil.example) @team *x* ops@phish.example"
    result = CliRunner().invoke(app, ["init", str(tmp_path / "new"), "--name", name])
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "new" / "README.md").read_text()
    head = readme.splitlines()[0]
    assert head.startswith("# Borough &lt;img src=x onerror=alert(1)&gt; \\[site\\]")
    assert "<img" not in readme and "](https://evil" not in readme and "*x*" not in readme
    assert not re.search(r"(?<!\w)@team", readme) and not AUTOLINK.search(readme)
    # the data keeps the name exactly as given
    assert name in (tmp_path / "new" / "data" / "partnership.yaml").read_text()


def test_init_readme_of_a_plain_name_is_unchanged(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "new"), "--name", "Hackney Partnership"])
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "new" / "README.md").read_text()
    assert readme.startswith("# Hackney Partnership: governance as code\n")
    assert "This repository holds the Hackney Partnership's boards" in readme


def test_a_link_in_a_markdown_table_cell_cannot_end_the_cell(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    people = root / "data" / "people.yaml"
    people.write_text(people.read_text().replace("a.person@example.org", "a|**x**|b@example.org"))
    md = annual(root, year=2024, as_of=ON, fmt="md", internal=True, allow_errors=True)
    row = next(line for line in md.splitlines() if line.startswith("| A. Person |"))
    assert row.count("|") - row.count("\\|") == 4, row  # name, email, phone: three cells
    assert "(<mailto:a%7C**x**%7Cb@example.org>)" in row  # the address, whole, inside the link


# -- HTML: a bidi override in the data cannot reorder what the page shows --------------------
def test_html_report_shows_bidi_overrides_escaped_in_text_titles_and_links(tmp_path: Path) -> None:
    root = build_case(TESTS / "cases" / "base", tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    text = board.read_text().replace("name: Health Board", 'name: "Health \\u202eBoard\\u2066"')
    board.write_text(
        text.replace("published: 2024-05-01", "published: 2024-05-01\n  url: https://example.org/wp")
    )
    partnership = root / "data" / "partnership.yaml"
    partnership.write_text(
        partnership.read_text().replace(
            "  - title: Example terms of reference",
            '  - title: "Terms \\u202aof\\u202c reference"\n    url: https://example.org/tor',
        )
    )
    html = annual(root, year=2024, as_of=ON, fmt="html", allow_errors=True)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", html)
    assert "Health \\u202eBoard\\u2066" in html  # shown, as Markdown and the terminal show it
    assert '<a href="https://example.org/tor">Terms \\u202aof\\u202c reference</a>' in html
    assert "<title>Health \\u202eBoard\\u2066</title>" in html  # the diagram's box
