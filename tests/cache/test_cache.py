"""The cache never serves a stale or damaged answer, and never changes what a command prints."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli import cache
from thp_cli.cli.app import app
from thp_cli.dataset import load as loader
from thp_cli.dataset import trace as trace_module
from thp_cli.dataset.filecache import FileCache
from thp_cli.validate import validate

from ..conftest import AS_OF, BASE, build_case, parses

ON = dt.date.fromisoformat(AS_OF)
runner = CliRunner()


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn the cache on (the tests' default is off)."""
    monkeypatch.delenv(cache.ENV, raising=False)


def thp(*args: str, env: dict[str, str] | None = None) -> Any:
    base = {"GITHUB_ACTIONS": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "THP_ROOT": ""}
    return runner.invoke(app, list(args), env={**base, **(env or {})})


def fresh(root: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What validating ``root`` gives without the cache."""
    with monkeypatch.context() as m:
        m.setenv(cache.ENV, "1")
        return validate(root, ON)


def entries(root: Path, namespace: str = "*") -> list[Path]:
    """The cache's entries (not its tag or .gitignore), or those of one ``namespace``."""
    return sorted((root / cache.FOLDER).glob(f"{namespace}/*.pickle"))


def kept(root: Path) -> dict[Path, object]:
    """What each of the cache's entries keeps: its bytes, or for a run's answer what it holds but
    the moment its load began (a run's answer kept again is kept as it was but for that)."""
    found: dict[Path, object] = {}
    for entry in entries(root):
        value = cache.open_cache(root, entry.parent.name).get(entry.stem)  # type: ignore[union-attr]
        if entry.parent.name == "runs":
            what, day, trace, answer, memo = value
            found[entry] = (what, day, dataclasses.replace(trace, since=0), answer, memo)
        else:
            found[entry] = entry.read_bytes()
    return found


def test_a_warm_run_parses_nothing_and_one_changed_file_parses_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    first = validate(root, ON)
    seen = parses(monkeypatch)
    assert validate(root, ON) == first and seen == []
    board = root / "data" / "boards" / "health.yaml"
    board.write_text(board.read_text().replace("kind: thematic-board", "kind: thematic"))
    changed = validate(root, ON)
    assert seen == ["data/boards/health.yaml"]
    assert changed == fresh(root, monkeypatch) and changed != first
    assert any(f.file == "data/boards/health.yaml" and f.rule == "invalid-value" for f in changed.findings)


def test_a_file_edited_in_the_same_second_to_the_same_size_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    before = os.stat(board)
    first = validate(root, ON)
    text = board.read_text()
    assert "kind: thematic-board" in text
    board.write_text(text.replace("kind: thematic-board", "kind: thematic-boarx"))  # same size
    os.utime(board, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    after = os.stat(board)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = validate(root, ON)
    assert again != first and again == fresh(root, monkeypatch)
    assert any("thematic-boarx" in f.message for f in again.findings)


def test_files_untouched_since_long_before_the_run_are_not_read_and_any_write_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    # the run begins ten seconds on, by this machine's clock and the disk's: every file then
    # dates from long before it, as most do
    with later(monkeypatch, host=10, disk=10):
        first = validate(root, ON)
    read: list[str] = []
    real_read = trace_module._read_file
    monkeypatch.setattr(trace_module, "_read_file", lambda full, *a: read.append(full) or real_read(full, *a))
    assert validate(root, ON) == first and read == []  # warm: no file's bytes read
    before = os.stat(board)
    text = board.read_text()
    while os.stat(board).st_ctime_ns == before.st_ctime_ns:  # a write the disk's clock can tell
        time.sleep(0.01)
        board.write_text(text.replace("kind: thematic-board", "kind: thematic-boarx"))  # same size
    os.utime(board, ns=(before.st_atime_ns, before.st_mtime_ns))  # and its time set back
    assert os.stat(board).st_mtime_ns == before.st_mtime_ns
    again = validate(root, ON)
    assert read == [str(board)]  # only the file whose status changed is read
    assert again != first and again == fresh(root, monkeypatch)
    assert any("thematic-boarx" in f.message for f in again.findings)


@contextlib.contextmanager
def later(monkeypatch: pytest.MonkeyPatch, host: int, disk: int) -> Iterator[None]:
    """This machine's clock ``host`` seconds on, and the disk's (as the cache reads it) ``disk``."""
    real_time, real_clock = time.time_ns, cache.Cache.clock

    def clock(self: cache.Cache) -> tuple[int, int] | None:
        found = real_clock(self)
        return None if found is None else (found[0] + disk * 10**9, found[1])

    with monkeypatch.context() as m:
        m.setattr(trace_module.time, "time_ns", lambda: real_time() + host * 10**9)
        m.setattr(cache.Cache, "clock", clock)
        yield


@pytest.mark.parametrize("ahead", [0, 10], ids=["clocks agree", "this machine's clock ahead"])
def test_on_a_disk_whose_clock_ticks_by_the_second_a_file_written_twice_in_one_tick_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None, ahead: int
) -> None:
    real_status = trace_module._status

    def by_the_second(info: os.stat_result) -> tuple[int, ...]:
        size, mtime, ctime, inode, device = real_status(info)
        return size, mtime // 10**9 * 10**9, ctime // 10**9 * 10**9, inode, device

    monkeypatch.setattr(trace_module, "_status", by_the_second)
    time.sleep(1.01 - time.time() % 1)  # just after a second begins: the run and the edit within it
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    before = os.stat(board)
    with later(monkeypatch, host=ahead, disk=0):  # a network disk whose clock runs behind
        first = validate(root, ON)
    text = board.read_text()
    board.write_text(text.replace("kind: thematic-board", "kind: thematic-boarx"))  # same size
    os.utime(board, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert by_the_second(os.stat(board)) == by_the_second(before)  # its status as the run saw it
    again = validate(root, ON)
    assert again != first and again == fresh(root, monkeypatch)


def test_where_a_change_time_is_when_the_file_was_made_no_status_is_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    real_status = trace_module._status

    def as_on_windows(info: os.stat_result) -> tuple[int, ...]:
        size, mtime, _, inode, device = real_status(info)
        return size, mtime, mtime, inode, device  # its change time: when it was made, long ago

    monkeypatch.setattr(trace_module, "_status", as_on_windows)
    monkeypatch.setattr(cache, "CHANGE_TIMES", False)
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    before = os.stat(board)
    with later(monkeypatch, host=10, disk=10):
        first = validate(root, ON)
    board.write_text(board.read_text().replace("kind: thematic-board", "kind: thematic-boarx"))  # same size
    os.utime(board, ns=(before.st_atime_ns, before.st_mtime_ns))  # and its time set back
    assert as_on_windows(os.stat(board)) == as_on_windows(before)
    again = validate(root, ON)
    assert again != first and again == fresh(root, monkeypatch)


def test_an_answer_from_another_thp_version_is_never_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    from thp_cli.findings import Finding, Severity

    root = build_case(BASE, tmp_path / "p")
    right = fresh(root, monkeypatch)
    with monkeypatch.context() as m:  # an older thp, whose checks found something this one does not
        m.setattr(cache, "__version__", "0.0.1")
        import thp_cli.validate as v

        real = v.run_checks
        odd = Finding("data/partnership.yaml", 1, 1, "old-rule", Severity.ERROR, "an old finding")
        m.setattr(v, "run_checks", lambda ds, on, **kw: [*real(ds, on, **kw), odd])
        old = validate(root, ON)
        assert odd in old.findings and entries(root)
    # a foreign entry at the very names this version looks up is ignored too
    files = FileCache(root, loader.DEFAULT_LIMITS).slots
    run = cache.digest("run", "validate", str(root), repr(loader.DEFAULT_LIMITS))
    slots = {"files": files, "runs": [run], "checks": [cache.digest("checks", str(root))]}
    assert {entry.parent.name for entry in entries(root)} == set(slots)
    for entry in entries(root):
        for key in slots[entry.parent.name]:
            shutil.copyfile(entry, entry.parent / f"{key}.pickle")
    seen = parses(monkeypatch)
    now = validate(root, ON)
    assert odd not in now.findings and now == right
    assert len(seen) == right.files_checked  # every file parsed again: nothing old was used


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "foreign header"])
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None, damage: str
) -> None:
    root = build_case(BASE, tmp_path / "p")
    (root / "data" / "boards" / "health.yaml").write_text("id: health\nkind: [\n")  # a finding
    first = validate(root, ON)
    assert first.errors and len(entries(root, "runs")) == 1 and entries(root, "files")
    whole = kept(root)
    for entry in entries(root):
        data = entry.read_bytes()
        if damage == "truncated":
            entry.write_bytes(data[: len(data) - 7])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(len(data)))
        elif damage == "empty":
            entry.write_bytes(b"")
        else:
            entry.write_bytes(data.replace(b"thp-cache\n", b"xyz-cache\n", 1))
    right = fresh(root, monkeypatch)
    seen = parses(monkeypatch)
    assert validate(root, ON) == first == right
    assert len(seen) == first.files_checked  # nothing damaged was used
    assert kept(root) == whole  # rebuilt whole
    seen.clear()
    assert validate(root, ON) == first and seen == []


def _touching(touched: Path) -> bytes:
    """A pickle that, if ever unpickled, creates the file ``touched``."""

    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (touched,))

    return pickle.dumps(Evil())


def test_a_file_whose_header_does_not_match_is_never_unpickled(tmp_path: Path, cached: None) -> None:
    touched = tmp_path / "touched"

    store = cache.open_cache(tmp_path, "files")
    assert store is not None
    key = cache.digest("anything")
    payload = _touching(touched)
    assert store.put(key, "a value") and store.get(key) == "a value"
    good = store.path(key).read_bytes()
    header = good[: len(good) - len(pickle.dumps("a value", protocol=pickle.HIGHEST_PROTOCOL))]
    for forged in (
        payload,  # no header at all
        header + payload,  # thp's header, another payload: the length and hash do not match
        header.replace(cache.stamp(), cache.stamp().replace(b"thp ", b"thp 9")) + payload,
    ):
        store.path(key).write_bytes(forged)
        assert store.get(key) is None
    assert not touched.exists()
    # a folder thp did not make (no tag) is not read from, whatever it holds
    other = tmp_path / "other"
    (other / cache.FOLDER / "files").mkdir(parents=True)
    (other / cache.FOLDER / "files" / f"{key}.pickle").write_bytes(good)
    assert cache.location(other) != other / cache.FOLDER
    assert not touched.exists()


def test_a_read_only_cache_folder_is_read_and_never_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    first = validate(root, ON)
    (root / "data" / "boards" / "health.yaml").write_text("id: health\nkind: [\n")
    folder = root / cache.FOLDER
    for path in [folder, *folder.iterdir()]:
        path.chmod(0o555)
    try:

        def refused(
            path: Path, data: bytes
        ) -> None:  # root writes to read-only folders: refuse as the OS would
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(cache, "_write", refused)
        before = {entry: entry.read_bytes() for entry in entries(root)}
        result = thp("validate", "--root", str(root), "--as-of", AS_OF, "--format", "json")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert validate(root, ON) == fresh(root, monkeypatch) != first
        assert {entry: entry.read_bytes() for entry in entries(root)} == before
        seen = parses(monkeypatch)
        validate(root, ON)
        # the unchanged files' loads still read from it (the changed file is parsed by the
        # attempt to amend the last answer, and again by the run that follows, the cache being
        # read-only)
        assert set(seen) == {"data/boards/health.yaml"}
    finally:
        for path in [folder, *folder.iterdir()]:
            path.chmod(0o755)


def test_no_cache_and_thp_no_cache_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    for args, env in ((["--no-cache"], {}), ([], {cache.ENV: "1"})):
        for command in (["validate"], ["overlap"]):
            result = thp(*args, *command, "--root", str(root), "--as-of", AS_OF, env=env)
            assert result.exit_code in (0, 1) and "Traceback" not in result.output
            assert not (root / cache.FOLDER).exists()
        monkeypatch.setattr(cache, "_disabled", False)
    result = thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert (root / cache.FOLDER / cache.TAG_NAME).is_file() and entries(root)


def test_outputs_are_the_same_bytes_with_and_without_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    boards = root / "data" / "boards"
    (boards / "safety.yaml").write_text(
        (boards / "safety.yaml").read_text().replace("reports_to: [exec]", "reports_to: [exce]")
    )
    commands = [
        ["validate", "--format", "text"],
        ["validate", "--format", "json"],
        ["validate", "--format", "sarif"],
        ["overlap", "--format", "json", "--threshold", "0"],
        ["overlap"],
    ]
    for command in commands:
        args = [*command, "--root", str(root), "--as-of", AS_OF]
        without = thp(*args, env={cache.ENV: "1"})
        cold = thp(*args)
        warm = thp(*args)
        assert "exce" in thp("validate", *args[len(command) :]).output
        assert without.output == cold.output == warm.output, command
        assert without.exit_code == cold.exit_code == warm.exit_code
    assert len(entries(root)) > 2


def test_two_runs_at_once_while_a_file_changes_never_corrupt_the_cache(tmp_path: Path, cached: None) -> None:
    root = build_case(BASE, tmp_path / "p")
    board = root / "data" / "boards" / "health.yaml"
    sound = board.read_text()
    broken = sound.replace("kind: thematic-board", "kind: thematic")
    env = {k: v for k, v in os.environ.items() if k != cache.ENV}
    argv = [
        sys.executable,
        "-m",
        "thp_cli",
        "validate",
        "--root",
        str(root),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]

    def outputs(text: str) -> bytes:
        board.write_text(text)
        off = {**env, cache.ENV: "1"}
        return subprocess.run(argv, capture_output=True, env=off, check=False).stdout

    expected = {outputs(broken), outputs(sound)}
    assert len(expected) == 2
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    got: list[bytes] = []
    for i in range(12):
        board.write_text(broken if i % 2 else sound)
        for n, run in enumerate(runs):
            if run.poll() is not None:
                out, err = run.communicate()
                assert b"Traceback" not in err
                got.append(out)
                runs[n] = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    for run in runs:
        out, err = run.communicate()
        assert b"Traceback" not in err
        got.append(out)
    assert got and set(got) <= expected  # each run gave one state's whole answer
    for text in (sound, broken, sound):
        board.write_text(text)
        assert outputs(text) == subprocess.run(argv, capture_output=True, env=env, check=False).stdout


def test_git_and_thp_init_ignore_the_cache(tmp_path: Path) -> None:
    from ..conftest import REPO

    assert ".thp-cache/" in (REPO / ".gitignore").read_text().splitlines()
    result = thp("init", str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    assert ".thp-cache/" in (tmp_path / "new" / ".gitignore").read_text().splitlines()


def test_another_day_is_worked_out_again_and_keeps_one_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    later = dt.date(2031, 1, 1)  # the seats' terms and the meetings judged ten years on
    on_time, late = validate(root, ON), validate(root, later)
    assert late != on_time
    with monkeypatch.context() as m:
        m.setenv(cache.ENV, "1")
        assert late == validate(root, later)
    assert validate(root, ON) == on_time and len(entries(root, "runs")) == 1  # one run


def test_a_root_that_cannot_be_written_keeps_its_cache_in_the_users_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    root = build_case(BASE, tmp_path / "p")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    real = cache._writable
    monkeypatch.setattr(cache, "_writable", lambda folder: folder != root and real(folder))
    monkeypatch.setattr(cache, "_secret", None)
    cache.secret()  # the user's secret is made first, in the folder the cache then shares
    first = validate(root, ON)
    assert not (root / cache.FOLDER).exists()
    kept = sorted((tmp_path / "home-cache" / "thp").glob("runs/*.pickle"))
    assert len(kept) == 1 and (tmp_path / "home-cache" / "thp" / cache.TAG_NAME).is_file()
    assert sorted((tmp_path / "home-cache" / "thp").glob("files/*.pickle"))  # and the files' loads
    seen = parses(monkeypatch)
    assert validate(root, ON) == first and seen == []


def test_overlap_by_attendance_is_never_served_the_answer_by_seats(tmp_path: Path, cached: None) -> None:
    """The basis is part of what a kept overlap answer is for: by seats, then by attendance,
    gives what each gives without the cache, and the two differ."""
    root = build_case(BASE, tmp_path / "p")
    common = ["--root", str(root), "--as-of", AS_OF, "--format", "json", "--threshold", "0"]
    by_seats = thp("overlap", *common, "--by", "seats")
    again = thp("overlap", *common, "--by", "seats")
    by_attendance = thp("overlap", *common, "--by", "attendance")
    without = thp("overlap", *common, "--by", "attendance", env={cache.ENV: "1"})
    assert by_seats.output == again.output
    assert by_attendance.output == without.output
    assert by_attendance.output != by_seats.output


def test_an_entry_someone_else_wrote_is_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    """An entry with thp's header, the right length and a hash of its payload, but not signed
    with this user's secret (say, one committed to the repository in a pull request for CI to
    run), is never unpickled: only what this user's thp wrote is."""
    touched = tmp_path / "touched"

    store = cache.open_cache(tmp_path, "files")
    assert store is not None
    key = cache.digest("anything")
    assert store.put(key, "a value") and store.get(key) == "a value"
    payload = _touching(touched)
    monkeypatch.setattr(cache, "_secret", b"k" * cache.SECRET_SIZE)  # another user's, or a guess
    forged = cache._header(key, payload) + payload
    monkeypatch.setattr(cache, "_secret", None)  # this user's own secret again
    store.path(key).write_bytes(forged)
    assert store.get(key) is None
    assert not touched.exists()
    secret = cache._user_folder() / cache.SECRET_NAME
    assert secret.is_file() and cache.FOLDER not in str(secret)


def test_the_secret_is_made_once_and_kept_out_of_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: None
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setattr(cache, "_secret", None)
    first = cache.secret()
    monkeypatch.setattr(cache, "_secret", None)
    assert cache.secret() == first  # read back, not made again
    assert (tmp_path / "home-cache" / "thp" / cache.SECRET_NAME).read_bytes() == first
    root = build_case(BASE, tmp_path / "p")
    thp("validate", "--root", str(root), "--as-of", AS_OF)
    assert not any(p.name == cache.SECRET_NAME for p in (root / cache.FOLDER).rglob("*"))
