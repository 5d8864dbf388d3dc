"""How ``thp site build`` writes its folder: only what changed, its own files only, all or
none, and never into the data, the repository or a folder of someone else's files."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app
from thp_cli.errors import ThpError

from ..conftest import BASE, build_case
from .helpers import ON, build, files

OLD = 1_000_000_000  # a modification time long ago


def _age(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def test_a_second_build_of_the_same_data_writes_nothing(partnership: Path) -> None:
    build(partnership)
    site = partnership / "site"
    _age(site)
    made = build(partnership)
    assert made.written.written == [] and made.written.unchanged > 0
    assert all(p.stat().st_mtime == OLD for p in site.rglob("*") if p.is_file())


def test_only_the_pages_whose_content_changed_are_rewritten(partnership: Path) -> None:
    build(partnership)
    site = partnership / "site"
    before = files(site)
    _age(site)
    health = partnership / "data" / "boards" / "health.yaml"
    health.write_text(health.read_text().replace("name: Health Board", "name: Health and Wellbeing Board"))
    made = build(partnership)
    after = files(site)
    changed = {p for p in after if after[p] != before.get(p)}
    assert set(made.written.written) == changed - {".thp-site.json"}
    assert "boards/health.html" in changed and "boards/safety.html" not in changed
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file():
            assert (path.stat().st_mtime == OLD) == (rel not in changed), rel


def test_a_page_of_a_board_that_is_gone_is_removed_but_no_other_file(partnership: Path) -> None:
    build(partnership)
    site = partnership / "site"
    (site / "CNAME").write_text("example.org\n")  # the council's own file, beside thp's
    (site / "boards" / "notes.txt").write_text("mine\n")
    (partnership / "data" / "boards" / "housing-review.yaml").unlink()
    made = build(partnership)
    assert made.written.removed == ["boards/housing-review.html"]
    assert not (site / "boards" / "housing-review.html").exists()
    assert (site / "CNAME").read_text() == "example.org\n"
    assert (site / "boards" / "notes.txt").read_text() == "mine\n"


def test_a_gone_page_changed_by_hand_is_kept(partnership: Path) -> None:
    build(partnership)
    site = partnership / "site"
    (site / "boards" / "housing-review.html").write_text("edited by hand\n")
    (partnership / "data" / "boards" / "housing-review.yaml").unlink()
    made = build(partnership)
    assert made.written.kept == ["boards/housing-review.html"]
    assert (site / "boards" / "housing-review.html").read_text() == "edited by hand\n"


@pytest.mark.parametrize("where", ["data", ".", "data/boards"])
def test_the_data_folder_and_the_repository_are_refused(partnership: Path, where: str) -> None:
    before = files(partnership)
    with pytest.raises(ThpError, match=r"data folder|repository itself"):
        build(partnership, partnership / where)
    assert files(partnership) == before


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my own page\n")
    with pytest.raises(ThpError, match="did not write") as refused:
        build(partnership, out)
    assert "empty" in str(refused.value)
    assert files(out) == {"index.html": b"my own page\n"}


def test_a_file_of_someone_else_in_the_way_is_refused(partnership: Path) -> None:
    build(partnership)
    site = partnership / "site"
    manifest = json.loads((site / ".thp-site.json").read_text())
    del manifest["files"]["boards/health.html"]  # as if thp had never written it
    (site / ".thp-site.json").write_text(json.dumps(manifest))
    before = files(site)
    with pytest.raises(ThpError, match="was not written by thp"):
        build(partnership)
    assert files(site) == before


def test_an_unreadable_manifest_is_refused(partnership: Path) -> None:
    build(partnership)
    (partnership / "site" / ".thp-site.json").write_text("{not json")
    with pytest.raises(ThpError, match="cannot be read"):
        build(partnership)


def test_a_failed_write_leaves_the_old_site_as_it_was(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(partnership)
    site = partnership / "site"
    before = files(site)
    for name in ("health", "safety"):
        board = partnership / "data" / "boards" / f"{name}.yaml"
        board.write_text(board.read_text().replace("name: ", "name: New ", 1))
    real = os.replace
    calls = []

    def failing(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(ThpError, match="No space left on device"):
        build(partnership)
    monkeypatch.setattr(os, "replace", real)
    assert files(site) == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.thp-")]  # no leftovers


def test_the_command_reports_what_it_wrote(partnership: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["site", "build", "--root", str(partnership), "--out", str(out), "--as-of", ON.isoformat()]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "files written, 0 unchanged" in first.output
    second = CliRunner().invoke(app, args)
    assert "0 files written" in second.output
    refused = CliRunner().invoke(
        app, [*args[:4], "--out", str(partnership / "data"), "--as-of", ON.isoformat()]
    )
    assert refused.exit_code == 2 and "data folder" in refused.output


def test_the_default_folder_is_site_under_the_root(tmp_path: Path) -> None:
    root = build_case(BASE, tmp_path / "p")
    result = CliRunner().invoke(app, ["site", "build", "--root", str(root), "--as-of", ON.isoformat()])
    assert result.exit_code == 0, result.output
    assert (root / "site" / "index.html").is_file()


def test_a_manifest_naming_a_file_outside_the_site_is_refused(partnership: Path, tmp_path: Path) -> None:
    build(partnership)
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    site = partnership / "site"
    manifest = json.loads((site / ".thp-site.json").read_text())
    manifest["files"]["../../precious.txt"] = hashlib.sha256(b"keep me\n").hexdigest()
    (site / ".thp-site.json").write_text(json.dumps(manifest))
    with pytest.raises(ThpError, match="cannot be read"):
        build(partnership)
    assert outside.read_text() == "keep me\n"


def test_nothing_is_written_or_deleted_through_a_linked_folder(partnership: Path, tmp_path: Path) -> None:
    build(partnership)
    site = partnership / "site"
    elsewhere = tmp_path / "elsewhere"
    (site / "boards").rename(elsewhere)
    (site / "boards").symlink_to(elsewhere)
    before = files(elsewhere)
    with pytest.raises(ThpError, match="link to elsewhere"):
        build(partnership)
    assert files(elsewhere) == before
