"""Issue #10: folders, links and odd names where record files belong are each told what they are,
and every name thp suggests is one that would load."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.dataset.names import is_slug

from ..conftest import AS_OF, BASE, build_case

runner = CliRunner()
SECRET = "Do not print me"


def thp(*args: str) -> tuple[int, str]:
    env = {"THP_ROOT": "", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": ""}
    done = runner.invoke(app, ["validate", "--as-of", AS_OF, *args], env=env)
    return done.exit_code, done.output


def findings(root: Path) -> list[dict[str, object]]:
    code, out = thp("--root", str(root), "--format", "json")
    assert code == 1, out
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


# -- a folder where a record's file belongs ---------------------------------------------------
@pytest.mark.parametrize(
    ("folder", "name", "noun"),
    [
        ("boards", "sub.yml", "board"),
        ("boards", "sub.yaml", "board"),
        ("recommendations", "old.YAML", "recommendation"),
    ],
)
def test_a_folder_named_like_a_record_file_is_told_it_is_a_folder(
    tmp_path: Path, folder: str, name: str, noun: str
) -> None:
    root = build_case(BASE, tmp_path / "p")
    inside = root / "data" / folder / name
    inside.mkdir()
    (inside / "x.yaml").write_text("id: x\nname: X\nkind: forum\n")
    found = findings(root)
    assert [(f["file"], f["rule"]) for f in found] == [(f"data/{folder}/{name}", "unreadable-file")]
    message = str(found[0]["message"])
    assert f"folder where a {noun} file was expected" in message
    assert f"ends in {Path(name).suffix}" in message  # its own ending, not always ".yaml"
    assert "move the" in message and "remove the folder" in message
    assert "rename it to" not in message


def test_a_folder_at_the_top_of_data_names_its_own_ending(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "extra.yml").mkdir()
    found = findings(root)
    assert [(f["file"], f["rule"]) for f in found] == [("data/extra.yml", "unreadable-file")]
    assert "ends in .yml" in str(found[0]["message"])


# -- links to folders outside the repository --------------------------------------------------
@pytest.mark.parametrize(
    "link",
    ["data/boards/ext", "data/extra", "data/recommendations/ext", "data/extra.yaml", "data/boards/ext.yaml"],
)
def test_a_link_to_a_folder_outside_is_reported_and_not_read(tmp_path: Path, link: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"id: secret\nname: {SECRET}\nkind: forum\nreports_to: [nope]\n")
    root = build_case(BASE, tmp_path / "p")
    (root / link).symlink_to(outside)
    found = findings(root)
    assert [(f["file"], f["rule"]) for f in found] == [(link, "unreadable-file")]
    assert "symbolic link to a folder outside the repository" in str(found[0]["message"])
    code, text = thp("--root", str(root), "--format", "text")
    assert code == 1 and link in text
    assert SECRET not in text and "secret" not in text


def test_a_plain_file_beside_the_records_is_still_passed_over(tmp_path: Path) -> None:
    """Only links that lead to folders are reported: a README beside the boards is not."""
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "boards" / "README.md").write_text("notes\n")
    (root / "data" / "boards" / "notes").mkdir()
    code, out = thp("--root", str(root), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


# -- every name suggested is a valid id --------------------------------------------------------
HOSTILE = [b"::error::x", b"<img src=x>", b"\xff\xfe"]
SUGGESTED = [
    re.compile(r"rename (?:the file|it) to (.*?)\.yaml"),
    re.compile(r"set id: (\S+)"),
    re.compile(r"for example '([^']*)'"),
]


def suggestions(message: str) -> list[str]:
    return [m.group(1) for pattern in SUGGESTED for m in pattern.finditer(message)]


@pytest.mark.parametrize("stem", HOSTILE, ids=["workflow-command", "html", "not-utf8"])
@pytest.mark.parametrize("suffix", [b".yaml", b".yml"])
@pytest.mark.parametrize(
    "id_line", ["id: other", 'id: "Not An Id"', 'id: "\\u00ff\\u00fe"', 'id: "::error::x"', ""]
)
def test_a_hostile_file_name_is_never_told_to_take_an_invalid_name(
    tmp_path: Path, stem: bytes, suffix: bytes, id_line: str
) -> None:
    root = build_case(BASE, tmp_path / "p")
    boards = os.fsencode(root / "data" / "boards")
    with open(boards + b"/" + stem + suffix, "w", encoding="utf-8") as f:
        f.write(f"{id_line}\nname: Odd Group\nkind: forum\nreports_to: [exec]\n")
    found = findings(root)
    mine = [
        f for f in found if str(f["file"]).startswith("data/boards/") and f["file"] != "data/boards/exec.yaml"
    ]
    assert mine, found
    offered = [s for f in mine for s in suggestions(str(f["message"]))]
    assert all(is_slug(s) for s in offered), [f["message"] for f in mine]
    if id_line == "id: other":  # a valid id: the rename to it is offered, in text as in json
        assert "other" in offered
    code, text = thp("--root", str(root), "--format", "text")
    assert code == 1
    offered_text = [s for line in text.splitlines() for s in suggestions(line)]
    assert all(is_slug(s) for s in offered_text), text
    assert sorted(offered_text) == sorted(offered)
