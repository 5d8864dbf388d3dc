"""A finding's position in a file the lean path read is found without building its values
again, and is exactly the one the full path gives, whatever the file and whatever is asked
first: shipped data, every test case, generated boards and thousands of odd documents."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from thp_cli.yamlio import load as yl
from thp_cli.yamlio.bounds import Limits
from thp_cli.yamlio.keypath import KeyPath, SourceMap
from thp_cli.yamlio.load import from_lean, lean_part, load_bytes, load_text
from thp_cli.yamlio.positions import source_map

from ..conftest import CASES, REPO

LIMITS = Limits()


def full_source(name: str, text: str) -> SourceMap:
    full = yl._full(name, text.removeprefix("\ufeff"), LIMITS)
    assert not full.findings
    return full.source


def lean(text: str) -> bool:
    return "\t" not in text and yl._lean(text.removeprefix("\ufeff"), LIMITS) is not None


def asked(full: SourceMap, rng: random.Random) -> list[KeyPath]:
    """Paths a finding might ask for, in any order: some in the file, some not."""
    present = sorted(set(full.values) | set(full.keys), key=repr)
    paths = rng.sample(present, min(len(present), 8))
    paths += [(*path, "not-there") for path in rng.sample(present, min(len(present), 2))]
    paths += [("not-there",), ("not-there", 0, "x")]
    rng.shuffle(paths)
    return paths


def check_file(name: str, raw: bytes, rng: random.Random) -> None:
    """Everything about where things are in ``raw`` is what the full path says."""
    text = raw.decode("utf-8")
    full = full_source(name, text)
    whole = source_map(yl._parser(text.removeprefix("\ufeff")))
    assert (whole.values, whole.keys, whole.raw) == (full.values, full.keys, full.raw), name
    # as findings ask: one path at a time, on one map read only as far as needed, from the text
    # this process read, or from the bytes when a worker or the cache sent the data
    loaded = load_bytes(name, raw)
    assert loaded.data is not None and not loaded.findings
    maps = [loaded.source, from_lean(name, raw, lean_part(loaded), LIMITS).source]
    for path in asked(full, rng):
        for lazy in maps:  # the key's position, the value's or how it was written, in any order
            for question in rng.sample(range(3), rng.randint(1, 3)):
                if question == 0:
                    assert lazy.at(path, key=True) == full.at(path, key=True), (name, path)
                elif question == 1:
                    assert lazy.at(path) == full.at(path), (name, path)
                else:
                    assert lazy.raw_text(path) == full.raw_text(path), (name, path)
    for lazy in maps:  # and once everything has been asked, the whole map
        lazy.at(("not-there",))
        assert (lazy.values, lazy.keys, lazy.raw) == (full.values, full.keys, full.raw), name


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


def generated_boards(into: Path) -> list[Path]:
    script = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(into, 40, 15, seed=7)
    return yaml_files(into)


def test_positions_are_the_full_paths_on_shipped_cases_and_generated_files(tmp_path: Path) -> None:
    files = yaml_files(REPO / "data") + yaml_files(CASES) + generated_boards(tmp_path / "gen")
    rng = random.Random(17)
    read = 0
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # a case of bytes that are not UTF-8: no positions to find
        if lean(text) and not yl.OTHER_BREAKS.search(text):
            check_file(str(path), raw, rng)
            read += 1
    assert read > 100  # the shipped data, most cases and every generated file were compared


# -- odd documents ------------------------------------------------------------------------
KEYS = ["id", "name", "role", "since", "café", "ünïcode", "long key", "a-b", "k_1", "日本", "yes", "no"]
PLAIN = ["text", "two words", "3.10", "0o17", "0x1F", ".inf", "-.INF", ".NaN", "~", "null", "NULL", "true"]
PLAIN += ["False", "yes", "12", "-7", "+3", "1_000", "1e3", "6.02e+23", "2024-02-30", "café ✓", "a#b", "0"]
PLAIN += ["00", "-0.0", ".5", "5.", "0o8", "1.2.3", "Ñandú", "a 'b' c", 'say "hi"', "x:y", "100%"]
DOUBLE = ['"caf\\u00e9\\n\\"q\\" ✓"', '"line\\tend"', '"3.10"', '""', '"\\x41\\\\"', '"multi\n  line"']
SINGLE = ["'it''s'", "'0o17'", "''", "'a: b'", "'# not a comment'", "'two\n\n  lines'"]
BLOCK = ["|", "|-", "|+", ">", ">-", ">+", "|2", "> # folded"]


def key(rng: random.Random, word: str) -> str:
    style = rng.random()
    if style < 0.15:
        return "'" + word + "'"
    if style < 0.3:
        return '"' + word + '"'
    return word


def scalar(rng: random.Random, *, flow: bool) -> str:
    pick = rng.random()
    if pick < 0.55:
        text = rng.choice(PLAIN)
        return text if not flow or ":" not in text else "'" + text + "'"
    if pick < 0.8:
        return rng.choice(DOUBLE).replace("\n  ", " ") if flow else rng.choice(DOUBLE)
    return rng.choice(SINGLE).replace("\n", " ") if flow else rng.choice(SINGLE)


def flow_node(rng: random.Random, depth: int, pad: str) -> str:
    gap = rng.choice([", ", ",", ",\n" + pad + "  ", " , "])
    pick = rng.random()
    if depth > 0 and pick < 0.3:
        words = rng.sample(KEYS, rng.randint(0, 3))
        return "{" + gap.join(f"{key(rng, w)}: {flow_node(rng, depth - 1, pad)}" for w in words) + "}"
    if depth > 0 and pick < 0.6:
        return "[" + gap.join(flow_node(rng, depth - 1, pad) for _ in range(rng.randint(0, 3))) + "]"
    return scalar(rng, flow=True)


def block_mapping(rng: random.Random, depth: int, indent: int) -> list[str]:
    lines: list[str] = []
    for word in rng.sample(KEYS, rng.randint(1, 4)):
        if rng.random() < 0.1:
            lines.append(" " * indent + "# a comment")
        if rng.random() < 0.05:
            lines.append("")
        lines += block_entry(rng, depth, indent, key(rng, word) + ":")
    return lines


def block_sequence(rng: random.Random, depth: int, indent: int) -> list[str]:
    lines: list[str] = []
    for _ in range(rng.randint(1, 3)):
        lines += block_entry(rng, depth, indent, "-")
    return lines


def block_entry(rng: random.Random, depth: int, indent: int, head: str) -> list[str]:
    pad = " " * indent
    pick = rng.random()
    if depth > 0 and pick < 0.25:
        if head == "-" and rng.random() < 0.5:  # - key: value, the mapping begun on the dash's line
            inner = block_mapping(rng, depth - 1, indent + 2)
            inner = [line for line in inner if line.strip()]  # "- " then a blank line would be null
            return [pad + "- " + inner[0].lstrip(), *inner[1:]]
        return [pad + head, *block_mapping(rng, depth - 1, indent + rng.choice((2, 4)))]
    if depth > 0 and pick < 0.45:
        step = 2 if head == "-" else rng.choice((0, 2))
        return [pad + head, *block_sequence(rng, depth - 1, indent + step)]
    if pick < 0.55:
        return [pad + head + " " + flow_node(rng, depth, pad)]
    if pick < 0.62:
        body = [pad + "  first line", pad + "   more", "", pad + "  last"]
        return [pad + head + " " + rng.choice(BLOCK), *body]
    if pick < 0.68:
        return [pad + head + " first part", pad + "  second part"]
    if pick < 0.74:
        return [pad + head]
    value = scalar(rng, flow=False).replace("\n", "\n" + pad)
    comment = " # note" if rng.random() < 0.2 else ""
    return [pad + head + " " + value + comment]


def document(rng: random.Random) -> str:
    if rng.random() < 0.1:
        pairs = ", ".join(f"{key(rng, w)}: {flow_node(rng, 2, '')}" for w in rng.sample(KEYS, 3))
        lines = ["{" + pairs + "}"]
    else:
        lines = block_mapping(rng, 3, 0)
    if rng.random() < 0.2:
        lines.insert(0, rng.choice(["---", "# header", "%YAML 1.2\n---", "--- # start"]))
    if rng.random() < 0.1:
        lines.append("...")
    ending = "\r\n" if rng.random() < 0.1 else "\n"
    text = ending.join(lines) + (ending if rng.random() < 0.9 else "")
    return ("\ufeff" if rng.random() < 0.05 else "") + text


def test_positions_are_the_full_paths_on_odd_documents() -> None:
    rng = random.Random(1217)
    read = 0
    for number in range(1500):
        text = document(rng)
        if lean(text):
            check_file(f"odd-{number}.yaml", text.encode("utf-8"), rng)
            read += 1
    assert read > 1000  # the generator writes valid YAML: most documents were compared


@pytest.mark.parametrize("near", [("members", 0, "role"), ("meetings",), ("zzz",)])
def test_a_position_asked_for_is_right_whatever_was_asked_before(near: KeyPath) -> None:
    text = "id: b\nmeetings:\n  - date: 2024-01-01\nmembers:\n  - role: Chair\n    since: 3.10\nname: B\n"
    full = full_source("b.yaml", text)
    lazy = load_text("b.yaml", text).source
    lazy.at(near)
    assert lazy.at(("members", 0, "since")) == full.at(("members", 0, "since")) == (6, 12)
    assert lazy.raw_text(("members", 0, "since")) == "3.10"
    assert lazy.at(("name",), key=True) == (7, 1)
    assert lazy.at(("meetings", 0, "date")) == (3, 11)


def test_a_reading_that_fails_falls_back_to_the_full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "id: b\nmembers:\n  - role: Chair\n    since: 0o17\n"
    lazy = load_text("b.yaml", text).source
    lazy.at(("id",))  # read part of the way

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the parser gave up")

    monkeypatch.setattr(yl.Reader, "read", broken)
    assert lazy.at(("members", 0, "since")) == (4, 12)
    assert lazy.raw_text(("members", 0, "since")) == "0o17"
    assert lazy.at(("members",), key=True) == (2, 1)


def test_a_file_with_many_findings_is_read_at_most_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"k{i}:\n  - role: R{i}\n    since: 2024-01-0{i % 9 + 1}\n" for i in range(30))
    full = full_source("many.yaml", text)
    lazy = load_text("many.yaml", text).source
    parsers: list[object] = []
    real = yl._parser

    def counted(text: str) -> object:
        parsers.append(text)
        return real(text)

    monkeypatch.setattr(yl, "_parser", counted)
    for i in range(30):  # in the order of the file: each one further on than any read before
        path = (f"k{i}", 0, "since")
        assert lazy.at(path) == full.at(path)
        assert lazy.at(path[:1], key=True) == full.at(path[:1], key=True)
    assert len(parsers) <= 2
