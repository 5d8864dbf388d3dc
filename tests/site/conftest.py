"""The two sites the site's checks walk: the shipped partnership's, and a hostile one's.

Each is built once for the session, by the command a user runs (``thp site build``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

from ..conftest import BASE, REPO, build_case

HOSTILE_AS_OF = "2024-09-01"  # the base case's day; the shipped data is read as it is now
# HTML, Markdown, a bidi override (U+202E) and its pop (U+202C), an isolate (U+2067)
HOSTILE_NAME = (
    '<script>alert("x")</script> \u202eevil\u202c <b>bold</b> | [click](javascript:alert(1)) \u2067x'
)
LONG_ID = "-".join(["neighbourhood"] * 14)  # 195 characters, one slug
LONG_WORD = "Supercalifragilistic" * 12  # 240 characters without a space to break at
BAD_LINKS = ("javascript:alert(1)", "JavaScript:alert(2)", "data:text/html,<script>alert(3)</script>")


def build_site(root: Path, out: Path, *options: str) -> Path:
    """``thp site build`` as a user runs it; the site's folder."""
    result = CliRunner().invoke(
        app,
        ["site", "build", "--root", str(root), "--out", str(out), *options],
        env={"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": ""},
    )
    assert result.exit_code in (0, 1), result.output
    assert (out / "index.html").is_file(), result.output
    return out


def hostile_partnership(root: Path) -> Path:
    """The base case with names holding HTML and bidi controls, links that are not
    https:, a board with a very long id and an unbreakable name, and a board of
    120 seats from 40 organisations."""
    build_case(BASE, root)
    data = root / "data"
    safety = data / "boards" / "safety.yaml"
    text = safety.read_text()
    text = text.replace("name: Safety Partnership", f"name: {json.dumps(HOSTILE_NAME)}")
    text = text.replace(
        "    status: held\n",
        f"    status: held\n    agenda: {BAD_LINKS[0]}\n    minutes: {json.dumps(BAD_LINKS[2])}\n",
        1,
    )
    text = text.replace("  published: 2024-06-28", f"  published: 2024-06-28\n  url: {BAD_LINKS[1]}")
    text += f"sources:\n  - title: {json.dumps(HOSTILE_NAME)}\n    url: {BAD_LINKS[0]}\n"
    safety.write_text(text)
    organisations = ["organisations:"]
    for line in (BASE / "data" / "organisations.yaml").read_text().splitlines()[1:]:
        organisations.append(line)
    for i in range(40):
        name = f"{HOSTILE_NAME} Organisation {i} of the Borough's Very Long Named Partners {LONG_WORD[:60]}"
        organisations += [f"  - id: org-{i}", f"    name: {json.dumps(name)}", "    sector: vcs"]
    (data / "organisations.yaml").write_text("\n".join(organisations) + "\n")
    members = []
    for i in range(120):
        members += [
            f"  - role: {json.dumps(f'Role {i}: {HOSTILE_NAME} {LONG_WORD[:80]}')}",
            f"    organisation: org-{i % 40}",
            "    position: member",
        ]
        if i == 0:
            members.append("    person: person-0002")
    (data / "boards" / f"{LONG_ID}.yaml").write_text(
        "\n".join(
            [
                f"id: {LONG_ID}",
                f"name: {json.dumps(f'{LONG_WORD} {HOSTILE_NAME}')}",
                "kind: subgroup",
                "reports_to: [safety]",
                "meets: monthly",
                "meetings:",
                "  - date: 2024-04-01",
                "    status: held",
                "    agenda: https://example.org/agenda",
                "calls_to_action: [1]",
                "members:",
                *members,
            ]
        )
        + "\n"
    )
    reversed_name = json.dumps("B. \u202eNosrep " + HOSTILE_NAME)
    (data / "people.yaml").write_text(
        "people:\n  - id: person-0001\n    name: A. Person\n    contact:\n      email: a.person@example.org\n"
        f"  - id: person-0002\n    name: {reversed_name}\n"
        "    contact:\n      email: secret.person@example.org\n      phone: 020 7946 0999\n"
    )
    return root


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("shipped") / "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_partnership(tmp_path_factory.mktemp("hostile") / "p")
    return build_site(root, root.parent / "site", "--as-of", HOSTILE_AS_OF)


@pytest.fixture(scope="session", params=["shipped", "hostile"])
def site(request: pytest.FixtureRequest) -> Path:
    """Each site in turn."""
    return request.getfixturevalue(f"{request.param}_site")  # type: ignore[no-any-return]
