"""The safe loader: positions, YAML 1.2 typing, and hostile input far past every bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from thp_cli.yamlio.bounds import Limits
from thp_cli.yamlio.load import load_file, load_text

from ..conftest import REPO


def rules_of(loaded: object) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in loaded.findings]  # type: ignore[attr-defined]


def test_positions_of_keys_and_values_are_one_based() -> None:
    loaded = load_text("f.yaml", "id: csp\nreports_to:\n  - peg\n  - hwb\n")
    assert loaded.source.at(("id",)) == (1, 5)
    assert loaded.source.at(("reports_to",), key=True) == (2, 1)
    assert loaded.source.at(("reports_to", 1)) == (4, 5)
    # a path that is not in the file falls back to its nearest ancestor
    assert loaded.source.at(("reports_to", 1, "x")) == (4, 5)


def test_yaml_12_core_schema_and_no_implicit_dates() -> None:
    loaded = load_text(
        "f.yaml",
        "a: 3.10\nb: '3.10'\nc: 2024-02-30\nd: yes\ne: ~\nf: 0o17\ng: true\nh: 012\n",
    )
    assert loaded.data == {
        "a": 3.1, "b": "3.10", "c": "2024-02-30", "d": "yes",
        "e": None, "f": 15, "g": True, "h": 12,
    }  # fmt: skip
    assert loaded.source.raw_text(("a",)) == "3.10"


def test_bom_and_crlf_are_fine() -> None:
    loaded = load_text("f.yaml", "\ufeffa: 1\r\nb: x\r\n")
    assert loaded.data == {"a": 1, "b": "x"}
    assert loaded.findings == []
    assert loaded.source.at(("b",)) == (2, 4)


def test_huge_integer_stays_text_instead_of_raising() -> None:
    loaded = load_text("f.yaml", "a: " + "9" * 100_000 + "\n")
    assert loaded.findings == []
    assert isinstance(loaded.data["a"], str)


@pytest.mark.parametrize("depth", [64, 10_000, 1_000_000])
def test_deep_flow_nesting_is_refused_at_the_bound(depth: int) -> None:
    loaded = load_text("f.yaml", "a: " + "[" * depth + "]" * depth)
    assert loaded.data is None
    assert rules_of(loaded) == [("nesting-too-deep", 1, 4 + 63)]  # the 65th level


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    loaded = load_text("f.yaml", text)
    assert [r for r, _, _ in rules_of(loaded)] == ["nesting-too-deep"]


def test_nesting_at_the_bound_is_fine() -> None:
    depth = 63  # the top mapping is the 64th level
    loaded = load_text("f.yaml", "a: " + "[" * depth + "]" * depth)
    assert loaded.findings == []


def test_billion_laughs_is_refused() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    loaded = load_text("f.yaml", "\n".join(lines) + "\n")
    assert loaded.data is None
    assert [r for r, _, _ in rules_of(loaded)] == ["yaml-alias-limit"]


def test_many_cheap_aliases_are_refused_past_the_count() -> None:
    text = "a: &x 1\nb: [" + ",".join(["*x"] * 100_000) + "]\n"
    loaded = load_text("f.yaml", text)
    assert [r for r, _, _ in rules_of(loaded)] == ["yaml-alias-limit"]


def test_limits_can_be_tightened() -> None:
    loaded = load_text("f.yaml", "a: &x 1\nb: *x\nc: *x\n", Limits(max_aliases=1))
    assert rules_of(loaded) == [("yaml-alias-limit", 3, 4)]


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system", "!!python/name:os.system", "!include", "!!binary", "!<tag:x>"],
)
def test_tags_are_reported_and_never_acted_on(tag: str) -> None:
    loaded = load_text("f.yaml", f"a: {tag} x\n")
    assert rules_of(loaded) == [("yaml-tag", 1, 4)]
    assert loaded.data == {"a": "x"}


def test_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: [" + b"1," * (3 * 1024 * 1024) + b"1]\n")
    loaded = load_file(path, "big.yaml")
    assert rules_of(loaded) == [("file-too-large", 1, 1)]
    assert "6.0 MiB" in loaded.findings[0].message


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes("a: ok\nb: café \xff\n".encode("utf-8", "surrogateescape"))
    path.write_bytes(b"a: ok\nb: caf\xc3\xa9 \xff\n")
    loaded = load_file(path, "bad.yaml")
    assert rules_of(loaded) == [("invalid-encoding", 2, 9)]


def test_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    loaded = load_file(tmp_path, "folder.yaml")  # a folder cannot be read as a file
    assert [r for r, _, _ in rules_of(loaded)] == ["unreadable-file"]


def test_nul_and_control_characters_are_syntax_findings() -> None:
    loaded = load_text("f.yaml", "a: b\x00c\n")
    assert [r for r, _, _ in rules_of(loaded)] == ["yaml-syntax"]


def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n")
    link = tmp_path / "board.yaml"
    link.symlink_to(secret)
    loaded = load_file(link, "board.yaml")
    assert loaded.data is None
    assert [r for r, _, _ in rules_of(loaded)] == ["unreadable-file"]
    assert "hunter2" not in loaded.findings[0].message


def test_lean_and_full_paths_read_the_same_values() -> None:
    from thp_cli.yamlio.load import _full, _lean, load_text

    text = (REPO / "data" / "boards" / "peg.yaml").read_text(encoding="utf-8")
    lean = _lean(text, Limits())
    assert lean is not None and lean == _full("peg.yaml", text, Limits()).data
    loaded = load_text("peg.yaml", text)
    assert loaded.source.at(("members", 2, "role")) == _full("peg.yaml", text, Limits()).source.at(
        ("members", 2, "role")
    )


@pytest.mark.parametrize(
    "text",
    ["a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "1: a\n", "- a\n", "a: 1\n---\nb: 2\n", ""],
)
def test_the_lean_path_leaves_anything_unusual_to_the_full_path(text: str) -> None:
    from thp_cli.yamlio.load import _lean

    assert _lean(text, Limits()) is None
