"""Issue #10, loading a data folder: a pipe, a folder or a symbolic link where data/ holds
record files is reported as a finding, never obeyed, never hung on."""

from __future__ import annotations

import os
from pathlib import Path

from thp_cli.validate import validate

from ..yamlio.test_hostile_loading import ON, partnership


def test_a_fifo_under_data_is_a_finding(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    os.mkfifo(root / "data" / "boards" / "pipe.yaml")
    os.unlink(root / "data" / "organisations.yaml")
    os.mkfifo(root / "data" / "organisations.yaml")
    result = validate(root, ON)
    refused = [f.file for f in result.findings if f.rule == "unreadable-file"]
    assert refused == ["data/boards/pipe.yaml", "data/organisations.yaml"]


# -- folders and links ------------------------------------------------------------------------
def test_a_folder_named_like_a_board_file_is_a_finding(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    (root / "data" / "boards" / "extra.yaml").mkdir()
    (root / "data" / "boards" / "extra.yaml" / "x.yaml").write_text("id: x\n")
    result = validate(root, ON)
    assert [(f.file, f.rule) for f in result.findings] == [("data/boards/extra.yaml", "unreadable-file")]
    assert "folder" in result.findings[0].message


def test_a_folder_named_like_a_file_at_the_top_of_data_is_a_finding(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    (root / "data" / "indicators.yaml").mkdir()
    (root / "data" / "notes").mkdir()  # a folder not named like a data file: not thp's business
    result = validate(root, ON)
    assert [(f.file, f.rule) for f in result.findings] == [("data/indicators.yaml", "unreadable-file")]


def test_a_folder_in_place_of_a_required_file_is_named_as_a_folder(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    (root / "data" / "partnership.yaml").unlink()
    (root / "data" / "partnership.yaml").mkdir()
    result = validate(root, ON)
    assert [(f.file, f.rule) for f in result.findings] == [("data/partnership.yaml", "unreadable-file")]
    assert "is a folder" in result.findings[0].message


def test_a_folder_link_leading_outside_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: secret\nname: Do not print me\nkind: forum\n")
    root = partnership(tmp_path / "p")
    boards = root / "data" / "boards"
    (boards / "more").symlink_to(outside)
    (boards / "more.yaml").symlink_to(outside)
    result = validate(root, ON)
    assert "Do not print me" not in repr(result.findings)
    assert [(f.file, f.rule) for f in result.findings] == [
        ("data/boards/more", "unreadable-file"),  # a link to a folder is reported whatever its name
        ("data/boards/more.yaml", "unreadable-file"),
    ]
    assert all("symbolic link" in f.message for f in result.findings)


def test_the_boards_folder_as_a_link_outside_is_refused_but_one_inside_is_followed(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    boards = root / "data" / "boards"
    kept = root / "kept-boards"
    boards.rename(kept)
    boards.symlink_to(kept)  # inside the repository: fine
    assert validate(root, ON).findings == []
    outside = tmp_path / "outside"
    kept.rename(outside)
    boards.unlink()
    boards.symlink_to(outside)
    result = validate(root, ON)
    assert ("data/boards", "unreadable-file") in [(f.file, f.rule) for f in result.findings]
    assert "will not follow" in next(f.message for f in result.findings if f.file == "data/boards")
    assert not any(f.rule == "unknown-reference" for f in result.findings)


def test_a_data_folder_leading_outside_the_repository_is_refused(tmp_path: Path) -> None:
    elsewhere = partnership(tmp_path / "elsewhere")
    (elsewhere / "data" / "people.yaml").write_text(
        "people:\n  - id: x\n    name: Do not print me\n    bad: 1\n"
    )
    root = tmp_path / "p"
    root.mkdir()
    (root / "data").symlink_to(elsewhere / "data")
    result = validate(root, ON)
    assert [(f.file, f.rule) for f in result.findings] == [("data", "unreadable-file")]
    assert "symbolic link" in result.findings[0].message
