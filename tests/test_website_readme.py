"""The README's "The website": its command builds the site from the data of the README's first
command (the shipped partnership), and the pages it lists are the pages the site has."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

README = REPO / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("### The website\n", 1)[1].split("\n### ", 1)[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's first command checks data/ in the repository; the website is one command more,
    run as the README writes it, in a copy of that repository's data."""
    (block,) = re.findall(r"```sh\n(.*?)```", _section(), re.S)
    (line,) = block.strip().splitlines()
    argv = shlex.split(line)
    assert argv[:3] == ["thp", "site", "build"]
    top = tmp_path_factory.mktemp("readme") / "partnership"
    top.mkdir()
    shutil.copytree(REPO / "data", top / "data")
    done = subprocess.run(
        [sys.executable, "-m", "thp_cli", *argv[1:]],
        cwd=top, capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return top / argv[argv.index("--out") + 1]


def test_the_readme_command_builds_a_page_for_every_board_and_organisation(built: Path) -> None:
    from thp_cli.dataset.load import load_dataset

    ds = load_dataset(REPO)
    assert sorted(p.stem for p in (built / "boards").glob("*.html")) == sorted(ds.boards)
    assert sorted(p.stem for p in (built / "organisations").glob("*.html")) == sorted(ds.organisations)
    assert "Partnership Executive Group" in (built / "boards" / "peg.html").read_text(encoding="utf-8")


def test_the_readme_names_every_file_the_site_has_and_no_other(built: Path) -> None:
    named = set(re.findall(r"`([a-z0-9<>-]+(?:/[a-z0-9<>-]+)?\.(?:html|xml|ics|json|csv))`", _section()))
    per_record = {"boards": "boards/<board-id>.html", "organisations": "organisations/<organisation-id>.html"}
    made = set()
    for path in built.rglob("*"):
        if path.is_file() and not path.name.startswith("."):  # the hidden manifest is never published
            relative = path.relative_to(built).as_posix()
            made.add(per_record.get(relative.rpartition("/")[0], relative))
    stylesheets = {m for m in made if m.endswith(".css")}
    assert len(stylesheets) == 1  # "one stylesheet"
    assert named == made - stylesheets
