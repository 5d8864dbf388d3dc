"""Issue #10, loading: hostile bytes and files under data/ are reported, never obeyed, never hung on."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from pathlib import Path

import pytest

from thp_cli.findings import Finding, Severity
from thp_cli.text import clean
from thp_cli.validate import validate
from thp_cli.yamlio import bounds, whitespace
from thp_cli.yamlio.bounds import read_regular
from thp_cli.yamlio.load import load_bytes, load_file, load_text

from ..conftest import write_partnership

ON = dt.date(2024, 9, 1)


def partnership(root: Path) -> Path:
    """Two boards of any partnership: a top board and one reporting to it."""
    return write_partnership(
        root,
        {
            "top": {"kind": "partnership-board", "calls_to_action": [1, 2]},
            "health": {"reports_to": ["top"], "calls_to_action": [1]},
        },
    )


def rules(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings]


# -- U+2028, U+2029, U+0085: YAML 1.2 does not break lines there ---------------------
@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_a_unicode_line_separator_in_a_comment_is_reported_and_changes_nothing(char: str) -> None:
    text = "id: health\nname: Health\n# reviewed" + char + "status: closed\nstatus: active\n"
    loaded = load_text("data/boards/health.yaml", text)
    assert rules(loaded.findings) == [("line-separator", 3, 11)]
    assert f"U+{ord(char):04X}" in loaded.findings[0].message
    assert loaded.data is None  # the board is not silently closed, nor silently kept open


def test_line_separators_are_reported_each_at_its_place_in_values_too() -> None:
    text = "id: x\nname: 'A\u2028B'\nkind: forum\nstrategy: one\u2029two\u2029three\n"
    loaded = load_text("f.yaml", text)
    assert rules(loaded.findings) == [
        ("line-separator", 2, 9),
        ("line-separator", 4, 14),
        ("line-separator", 4, 18),
    ]


def test_other_problems_of_a_file_with_a_separator_keep_their_true_line() -> None:
    text = "id: x\u2028\nname: A\nname: B\n"
    loaded = load_text("f.yaml", text)
    assert rules(loaded.findings) == [("line-separator", 1, 6), ("duplicate-key", 3, 1)]


def test_a_file_full_of_separators_gives_a_bounded_number_of_findings() -> None:
    loaded = load_text("f.yaml", "id: x\nnote: " + "\u2028" * 10_000 + "\n")
    assert len(loaded.findings) == whitespace.MAX_BREAK_FINDINGS + 1
    assert "9980 more" in loaded.findings[-1].message


def test_a_separator_in_a_board_file_is_an_error_of_validate(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    board.write_text(
        "id: health\nname: Health\nkind: thematic-board\nreports_to: [top]\n"
        "calls_to_action: [1]\n# reviewed\u2028status: closed\n",
        encoding="utf-8",
    )
    result = validate(root, ON)
    assert [(f.file, f.line, f.rule) for f in result.findings if f.severity.value == "error"] == [
        ("data/boards/health.yaml", 6, "line-separator")
    ]


# -- messages are one line, whatever the data holds -----------------------------------
@pytest.mark.parametrize("char", ["\n", "\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c"])
def test_a_message_never_holds_a_raw_line_break(char: str) -> None:
    finding = Finding("f" + char + ".yaml", 1, 1, "x", Severity.ERROR, "value a" + char + "b")
    assert len(finding.message.splitlines()) == 1 and len(finding.file.splitlines()) == 1
    assert len(clean("a" + char + "b").splitlines()) == 1


def test_a_value_with_a_line_break_gives_one_line_findings(tmp_path: Path) -> None:
    root = partnership(tmp_path / "p")
    (root / "data" / "boards" / "health.yaml").write_text(
        'id: health\nname: Health\nkind: "thematic\\u2028board\\nx\\x85y"\nreports_to: [top]\n',
        encoding="utf-8",
    )
    result = validate(root, ON)
    assert any(f.rule == "invalid-value" for f in result.findings)
    for finding in result.findings:
        assert len(finding.message.splitlines()) == 1, finding


# -- not UTF-8 ------------------------------------------------------------------------------
def test_utf16_without_a_byte_order_mark_is_not_utf8_in_plain_words() -> None:
    loaded = load_bytes("data/people.yaml", "people:\n  - id: a\n    name: A\n".encode("utf-16-le"))
    assert [f.rule for f in loaded.findings] == ["invalid-encoding"]
    assert "not UTF-8" in loaded.findings[0].message and "UTF-16" in loaded.findings[0].message
    big_endian = load_bytes("f.yaml", "name: x\n".encode("utf-16-be"))
    assert "UTF-16" in big_endian.findings[0].message


def test_utf16_with_a_byte_order_mark_is_named_too() -> None:
    loaded = load_bytes("f.yaml", "name: x\n".encode("utf-16"))
    assert [f.rule for f in loaded.findings] == ["invalid-encoding"]
    assert "UTF-16" in loaded.findings[0].message


def test_a_zero_byte_is_not_text_at_its_place() -> None:
    loaded = load_bytes("f.yaml", b"id: x\nname: a\x00b\n")
    assert rules(loaded.findings) == [("invalid-encoding", 2, 8)]
    assert "not UTF-8" in loaded.findings[0].message


# -- what is read is a regular file, checked on the open descriptor --------------------------
def test_read_regular_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(bounds.NotRegularFileError) as raised:
        read_regular(fifo, 100)  # would block for ever without O_NONBLOCK
    assert "named pipe" in str(raised.value.strerror)


def test_read_regular_refuses_a_socket_and_a_device(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(bounds.NotRegularFileError):
            read_regular(path, 100)
    finally:
        server.close()
    with pytest.raises(bounds.NotRegularFileError) as raised:
        read_regular("/dev/null", 100)
    assert "device" in str(raised.value.strerror)


def test_a_fifo_swapped_in_after_the_check_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = partnership(tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    real_open = os.open

    def swap_then_open(path: object, *args: object, **kwargs: object) -> int:
        if str(path) == str(board) and not board.is_fifo():
            board.unlink()  # as another process might, between thp's look and its open
            os.mkfifo(board)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", swap_then_open)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(validate(root, ON)), daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "validate hung on a named pipe"
    findings = result[0].findings  # type: ignore[attr-defined]
    assert [(f.file, f.rule) for f in findings if f.file.endswith("health.yaml")] == [
        ("data/boards/health.yaml", "unreadable-file")
    ]
    assert "named pipe" in findings[0].message


def test_load_file_refuses_a_symbolic_link_swapped_in(tmp_path: Path) -> None:
    target = tmp_path / "t.yaml"
    target.write_text("id: x\n")
    link = tmp_path / "l.yaml"
    link.symlink_to(target)
    with pytest.raises(bounds.NotRegularFileError):
        read_regular(link, 100)
    assert [f.rule for f in load_file(link, "l.yaml").findings] == ["unreadable-file"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_separator_positions_count_every_yaml_line_break(newline: str) -> None:
    text = newline.join(["id: x", "name: A", "# a\u2028b", ""])
    assert rules(load_text("f.yaml", text).findings) == [("line-separator", 3, 4)]


def test_tab_findings_count_only_yaml_line_breaks() -> None:
    # a form feed or a vertical tab is not a line break in YAML: the tab is on line 3
    loaded = load_text("f.yaml", "id: x\nname: 'a\x0cb\x0bc'\n\tkind: forum\n")
    assert ("tab-indentation", 3, 1) in rules(loaded.findings)
