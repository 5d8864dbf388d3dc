"""Parsing a large folder on several cores gives exactly what parsing it file by file gives."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from thp_cli.validate import validate
from thp_cli.yamlio import parallel

from ..conftest import BASE, build_case, copies_of_health, some_wrong


def test_parallel_and_serial_loading_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_case(BASE, tmp_path / "p")
    copies_of_health(root, 300, some_wrong)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert parallel.available(300)
    on = dt.date(2024, 9, 1)
    together = validate(root, on)
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    one_by_one = validate(root, on)
    assert together.findings == one_by_one.findings
    # 6 bad kinds and 4 syntax errors, two in the same files (which then cannot be read further)
    assert together.errors == 8 and together.files_checked == one_by_one.files_checked


def _shared_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str], dt.date, Any]:
    """A partnership of many boards (their paths), its day, and its result loaded one by one;
    from here on, its files are shared with a worker."""
    root = build_case(BASE, tmp_path / "p")
    paths = copies_of_health(root, 300, some_wrong)
    on = dt.date(2024, 9, 1)
    monkeypatch.setattr(parallel, "MIN_FILES", 10**9)
    one_by_one = validate(root, on)
    monkeypatch.setattr(parallel, "MIN_FILES", 256)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    return root, paths, on, one_by_one


def _in_workers(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, act: Callable[..., Any]) -> int:
    """``owner.name``, called in a forked worker, calls ``act(real, *args)`` instead (forked
    workers inherit the patch; this process calls the real one); this process's id."""
    parent = os.getpid()
    real = getattr(owner, name)

    def replaced(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            return act(real, *args, **kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, replaced)
    return parent


def _watch_answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Each file of a shared folder as this process took it: a worker's answer, or None (this
    process loaded it), by the file's path."""
    answers: dict[str, Any] = {}
    real_loads = parallel.Shared.loads

    def watched(shared: Any) -> Any:
        for path, answer in real_loads(shared):
            assert path not in answers  # every file once
            answers[path] = answer
            yield path, answer

    monkeypatch.setattr(parallel.Shared, "loads", watched)
    return answers


def test_a_worker_that_dies_falls_back_to_loading_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.yamlio import load as loader

    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)

    died = tmp_path / "died"

    def crash(real: Any, *args: Any, **kwargs: Any) -> Any:
        died.write_text(str(os.getpid()))
        os._exit(1)  # as a crash in native code would: no exception, the process is gone

    parent = _in_workers(monkeypatch, loader, "load_entry", crash)  # what the worker calls
    answers = _watch_answers(monkeypatch)
    together = validate(root, on)
    assert died.exists() and int(died.read_text()) != parent, "a worker process really died"
    # the boards' one worker answered for none of them (recommendations: too few to share)
    assert len(answers) == 306 and all(a is None for a in answers.values())
    assert together.findings == one_by_one.findings and together.errors == 8
    assert together.files_checked == one_by_one.files_checked == 310


def test_what_a_worker_sent_before_it_died_is_used_and_the_rest_loaded_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thp_cli.yamlio import load as loader

    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)
    parsed = [0]

    def crash_late(real: Any, *args: Any, **kwargs: Any) -> Any:
        parsed[0] += 1  # counted in the worker's own copy
        if parsed[0] > 2 * parallel.CHUNK + 3:  # in its third chunk, after sending two
            os._exit(1)
        return real(*args, **kwargs)

    _in_workers(monkeypatch, loader, "load_entry", crash_late)
    answers = _watch_answers(monkeypatch)
    together = validate(root, on)
    sent = [a for a in answers.values() if a is not None]
    assert len(sent) == 2 * parallel.CHUNK and len(answers) == 306
    assert together.findings == one_by_one.findings and together.errors == 8
    assert together.files_checked == one_by_one.files_checked == 310


def test_a_worker_cut_short_mid_answer_falls_back_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)

    def half_then_die(real: Any, fd: int, data: Any) -> int:
        real(fd, bytes(data[: len(data) // 2]))
        os._exit(0)  # the pipe closes with half an answer in it

    _in_workers(monkeypatch, os, "write", half_then_die)
    answers = _watch_answers(monkeypatch)
    together = validate(root, on)
    assert len(answers) == 306 and all(a is None for a in answers.values())  # not one chunk came whole
    assert together.findings == one_by_one.findings and together.errors == 8
    assert together.files_checked == one_by_one.files_checked == 310


@pytest.mark.parametrize("count", [256, 257, 2000, 16_384, 20_001, 100_000])
def test_every_file_is_in_exactly_one_chunk_and_every_chunk_number_fits_the_pipe(count: int) -> None:
    bounds = parallel.chunks(count)
    assert bounds[0][0] == 0 and bounds[-1][1] == count
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert len(bounds) <= parallel.MAX_TASKS and 4 * len(bounds) <= 4096
    assert all(end - start >= 1 for start, end in bounds)
    assert bounds[0][1] - bounds[0][0] == max(parallel.CHUNK, -(-count // parallel.MAX_TASKS))


def test_the_cores_share_the_files_whatever_each_one_costs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files a worker finds slow to parse are not left to it alone: this process takes chunks
    too, and when the worker is slow, it takes more of them."""
    from thp_cli.yamlio import load as loader

    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)

    def slow(real: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.01)
        return real(*args, **kwargs)

    _in_workers(monkeypatch, loader, "load_entry", slow)
    answers = _watch_answers(monkeypatch)
    together = validate(root, on)
    by_worker = sum(a is not None for a in answers.values())
    assert 0 < by_worker < len(answers) // 2  # the slow worker did some, this process the most
    assert together.findings == one_by_one.findings and together.files_checked == 310


def test_a_fifo_swapped_in_under_a_worker_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_case(BASE, tmp_path / "p")
    paths = copies_of_health(root, 300, some_wrong)
    target = str(root / paths[123])
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    real_open = os.open

    def swap_then_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == target and not os.path.exists(target + ".swapped"):
            open(target + ".swapped", "w").close()  # once, whichever process gets there
            os.unlink(target)  # between the worker's look at the file and its open
            os.mkfifo(target)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)  # forked workers inherit it
    result: list[Any] = []
    runner = threading.Thread(target=lambda: result.append(validate(root, dt.date(2024, 9, 1))), daemon=True)
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), "a worker hung on a named pipe"
    refused = [f for f in result[0].findings if f.file == paths[123]]
    assert [f.rule for f in refused] == ["unreadable-file"] and "named pipe" in refused[0].message


def test_a_cold_run_whose_workers_read_their_own_files_is_remembered_by_every_files_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing in the cache, each process reads its own share of the files; what a worker
    read still counts as read: the run's answer is given again only while every file, the
    worker's included, holds the same bytes, and a file the worker read keeps its load in the
    file cache for the next run."""
    from thp_cli import cache
    from thp_cli.dataset.filecache import FileCache
    from thp_cli.yamlio.bounds import DEFAULT_LIMITS

    root, paths, on, one_by_one = _shared_case(tmp_path, monkeypatch)
    monkeypatch.delenv(cache.ENV, raising=False)
    answers = _watch_answers(monkeypatch)
    first = validate(root, on)
    assert first.findings == one_by_one.findings
    assert sum(a is not None and a.read_there for a in answers.values()) > 50  # a worker read them
    last = root / paths[-1]  # in the worker's share
    kept = FileCache(root, DEFAULT_LIMITS)
    assert kept.kept(kept.key(paths[-1], last.read_bytes()))
    answers.clear()
    assert validate(root, on) == first  # nothing changed: the answer kept is given again
    assert not answers  # nothing was parsed
    # the same size: only the bytes tell
    last.write_text(last.read_text().replace("kind: thematic-board", "kind: thematic-bored"))
    answers.clear()
    again = validate(root, on)
    assert [f.rule for f in again.findings if f.file == paths[-1]] == ["invalid-value"]
    assert again.errors == first.errors + 1


def test_a_file_a_worker_cannot_read_is_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thp_cli.dataset.source import DiskSource

    root, paths, on, one_by_one = _shared_case(tmp_path, monkeypatch)

    def fails(real: Any, source: DiskSource, path: str, limit: int) -> bytes:
        if path == paths[200]:
            raise OSError(5, "Input/output error")
        return real(source, path, limit)

    _in_workers(monkeypatch, DiskSource, "read", fails)
    answers = _watch_answers(monkeypatch)
    together = validate(root, on)
    assert answers[paths[200]] is None and len(answers) == 306
    assert together.findings == one_by_one.findings and together.files_checked == 310


def test_a_worker_that_stops_answering_is_ended_and_its_files_loaded_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)

    def stop(real: Any, *args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGSTOP)  # as a debugger or a job control would
        return real(*args)

    _in_workers(monkeypatch, parallel, "_one", stop)
    answers = _watch_answers(monkeypatch)
    started = time.perf_counter()
    together = validate(root, on)
    assert time.perf_counter() - started < 20
    assert len(answers) == 306 and all(a is None for a in answers.values())
    assert together.findings == one_by_one.findings and together.files_checked == 310


def test_a_worker_that_answers_a_chunk_it_never_took_does_not_make_a_file_load_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)
    last = len(parallel.chunks(306)) - 1  # still in the tasks pipe when the worker sends its first

    def wrong_chunk(real: Any, fd: int, data: bytes) -> None:
        task, sent = pickle.loads(data[8:])
        if task != last:
            payload = pickle.dumps((last, [None] * len(sent)))
            data = len(payload).to_bytes(8, "little") + payload
        real(fd, data)

    _in_workers(monkeypatch, parallel, "_write", wrong_chunk)
    answers = _watch_answers(monkeypatch)  # it fails if a file comes twice
    together = validate(root, on)
    assert len(answers) == 306
    assert together.findings == one_by_one.findings and together.files_checked == 310


def test_once_every_chunk_is_answered_a_worker_slow_to_end_is_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _, on, one_by_one = _shared_case(tmp_path, monkeypatch)

    def linger(real: Any, code: int) -> None:
        time.sleep(600)  # every answer sent; the process is slow to end
        real(code)

    _in_workers(monkeypatch, os, "_exit", linger)
    started = time.perf_counter()
    together = validate(root, on)
    assert time.perf_counter() - started < 20
    assert together.findings == one_by_one.findings and together.files_checked == 310
