"""The dataset package: what it offers, and the advice it gives the first time."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from thp_cli import model as m
from thp_cli.dataset.load import load_dataset
from thp_cli.dataset.source import DataSource, DiskSource, data_dir
from thp_cli.dataset.validation_messages import findings_from
from thp_cli.errors import ThpError, option_name
from thp_cli.yamlio.load import load_text

BOARD = """id: Safety
name: Community Safety Partnership
"""


def _rename_advice(taken: frozenset[str]) -> str:
    loaded = load_text("data/boards/Safety.yaml", BOARD)
    with pytest.raises(ValidationError) as error:
        m.Board.model_validate(loaded.data)
    found = findings_from(
        error.value,
        model=m.Board,
        data=loaded.data,
        file=loaded.file,
        source=loaded.source,
        taken=taken,
    )
    (message,) = [f.message for f in found if "'id' cannot be" in f.message]
    return message


def test_the_id_offered_is_the_slug_when_no_file_has_it() -> None:
    assert _rename_advice(frozenset({"housing.yaml"})).endswith(
        "; for example 'safety' and rename the file to safety.yaml"
    )


def test_the_id_offered_is_never_another_files_name_the_first_time() -> None:
    message = _rename_advice(frozenset({"safety.yaml", "safety-2.yaml"}))
    assert message.endswith(
        "; 'safety' is the id of another file (safety.yaml), so choose an id of its own, "
        "for example 'safety-3', and rename the file to safety-3.yaml"
    )


def test_loading_a_folder_gives_the_advice_once(partnership: Path) -> None:
    boards = partnership / "data" / "boards"
    text = (boards / "safety.yaml").read_text().replace("id: safety", "id: Safety", 1)
    (boards / "Safety.yaml").write_text(text)
    messages = [f.message for f in load_dataset(partnership).findings if f.file.endswith("/Safety.yaml")]
    assert any("for example 'safety-2', and rename the file to safety-2.yaml" in m for m in messages)
    assert not any("rename the file to safety.yaml" in m for m in messages)


def test_the_disk_is_a_data_source(tmp_path: Path) -> None:
    source: DataSource = DiskSource(tmp_path)
    assert source.names(".") == []


def test_a_missing_data_folder_names_the_root_option_as_the_command_line_spells_it(tmp_path: Path) -> None:
    (tmp_path / "partnership.yaml").write_text("name: P\n")
    with pytest.raises(ThpError) as error:
        data_dir(tmp_path)
    said = error.value.render(option_name)
    assert f"point at one with --root DIR (or THP_ROOT); {tmp_path} looks like the data folder" in said
    assert said.endswith(f"use --root {tmp_path.parent}")
    assert "--" not in str(error.value)  # as a library error, the option is named in words
